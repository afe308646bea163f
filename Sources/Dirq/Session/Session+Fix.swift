import Foundation
import DirqModel
import DirqSyntax
import DirqEngine

extension Session {
    /// Every check's findings, in `check all` order, with the reason a check was skipped.
    func allFindings(_ checks: [Check], range: Range<Int>, source: SourceText) throws(Diagnostic) -> [(check: Check, findings: [Finding], skipped: String?)] {
        var out: [(Check, [Finding], String?)] = []
        for (c, outcome) in zip(checks, reports(of: checks)) {
            do {
                let r = try outcome.get()
                out.append((c, r.findings, r.skipped))
            } catch let d as Diagnostic {
                throw d
            } catch {
                throw Diagnostic(.checkFailed, .error, "\(c.name): \(error)", range: range, sourceName: source.name)
            }
        }
        return out
    }

    /// `fix NAME` / `fix all`: a PowerShell script for the current findings, one commented block
    /// per finding with its objects filled in (see `FixBlock`). Printed for review; never run.
    func fixScript(_ name: String, range: Range<Int>, source: SourceText) throws(Diagnostic) -> String {
        let checks = try checks(named: name, range: range, source: source, unknown: .fixUnknown)
        return Self.renderFixScript(fixFindings(try allFindings(checks, range: range, source: source)), title: "fix \(name)",
                                    snapshots: snapshots.map { "\($0.name) (\($0.side.rawValue))" })
    }

    /// The findings with their objects, twins and other holders resolved.
    func fixFindings(_ results: [(check: Check, findings: [Finding], skipped: String?)]) -> [(check: Check, findings: [FixFinding], skipped: String?)] {
        var resolver = FixResolver(session: self)
        return results.map { r in
            let findings = r.findings.map { resolver.finding($0) }
            // The other holders: objects the same check reports for the same value.
            let withOthers = findings.map { f -> FixFinding in
                var f = f
                f.others = findings.filter { $0.objectName != f.objectName && $0.value.caseInsensitiveEquals(f.value) && !f.value.isEmpty }
                    .compactMap(\.object)
                return f
            }
            return (r.check, withOthers, r.skipped)
        }
    }

    /// The script: a header that says what it is and what it needs, then one block per finding.
    static func renderFixScript(_ results: [(check: Check, findings: [FixFinding], skipped: String?)], title: String,
                                snapshots: [String]) -> String {
        let total = results.reduce(0) { $0 + $1.findings.count }
        var out = [
            "# dirq \(PowerShell.comment(title)): \(total) finding\(total == 1 ? "" : "s") in \(PowerShell.comment(snapshots.joined(separator: ", ")))",
            "# dirq never runs anything. Review each block before running any of it: the lookups come first and",
            "# change nothing; every command that changes a directory ends in -WhatIf (it only says what it would",
            "# do) until you remove that; where a person must decide, the choices are commented out.",
            "# Needs: the ActiveDirectory module (RSAT) for AD; Microsoft.Graph (Connect-MgGraph -Scopes",
            "# User.ReadWrite.All, Group.ReadWrite.All) for Entra ID; ExchangeOnlineManagement for cloud addresses.",
        ]
        var n = 0
        for r in results {
            if let why = r.skipped { out.append("# skipped: " + PowerShell.comment(why)) }
        }
        for r in results {
            for f in r.findings {
                n += 1
                out.append("")
                out.append("# ── \(n)/\(total) \(r.check.name) (\(r.check.severity.rawValue)): \(PowerShell.comment(r.check.reported))")
                out.append("# " + PowerShell.comment("\(f.objectName) (\(f.snapshot)): \(f.attribute) \(f.value)"))
                if !f.detail.isEmpty { out.append("# " + PowerShell.comment(f.detail)) }
                var block = FixBlock()
                r.check.remedy?(f, &block)
                let lines = block.render()
                if lines.isEmpty {
                    out.append("# " + PowerShell.comment(r.check.fix))
                } else {
                    out += lines
                }
            }
        }
        if total > 0 {
            out.append("")
            out.append("# When the changes are made, on the Entra Connect server (changes nothing itself; exports what changed):")
            out.append("# Start-ADSyncSyncCycle -PolicyType Delta")
        }
        return out.joined(separator: "\n") + "\n"
    }
}

/// Finds a finding's objects in the loaded snapshots (by the identity findings name them with)
/// and their twins, once per snapshot.
struct FixResolver {
    let session: Session
    private var index: [String: [String: Int]] = [:]

    init(session: Session) { self.session = session }

    mutating func finding(_ finding: Finding) -> FixFinding {
        var f = FixFinding(finding)
        guard let snap = session.snapshot(named: f.snapshot), let i = lookup(snap, f.objectName) else { return f }
        f.object = Self.object(snap, i)
        // The twin on the other side, when the snapshot is one the sync pairing uses.
        if let p = session.latest(.onPrem), let c = session.latest(.cloud) {
            let sm = session.syncMatch(onPrem: p, cloud: c)
            if snap.name == p.name, let t = sm.onPremResults[i].twin { f.twin = Self.object(c, t) }
            if snap.name == c.name, let t = sm.cloudResults[i].twin { f.twin = Self.object(p, t) }
        }
        return f
    }

    private mutating func lookup(_ snap: Snapshot, _ identity: String) -> Int? {
        if index[snap.name] == nil {
            var m: [String: Int] = [:]
            for (i, o) in snap.objects.enumerated() where m[snap.identity(of: o)] == nil { m[snap.identity(of: o)] = i }
            index[snap.name] = m
        }
        return index[snap.name]?[identity]
    }

    static func object(_ s: Snapshot, _ i: Int) -> FixObject {
        let o = s.objects[i]
        let first: (String) -> String? = { s.value(of: o, $0)?.firstElement.map(\.text).flatMap { $0.isEmpty ? nil : $0 } }
        var f = FixObject(side: s.side, snapshot: s.name, kind: o.kind, identity: s.identity(of: o))
        f.upn = s.upn(of: o)
        f.displayName = first("displayName")
        f.proxyAddresses = s.value(of: o, "proxyAddresses")?.elements.map(\.text) ?? []
        f.sid = s.sid(of: o)
        if case .bytes(let b)? = s.anchor(of: o) { f.anchor = Data(b).base64EncodedString() } else { f.anchor = s.anchor(of: o)?.text }
        switch s.side {
        case .cloud:
            f.cloudId = first("id") ?? first("ObjectId")
            f.synced = s.isSynced(o)
            f.unifiedGroup = o.kind == .group && (s.value(of: o, "groupTypes")?.elements.contains { $0.text.caseInsensitiveEquals("Unified") } ?? false)
        default:
            f.dn = first("distinguishedName") ?? first("dn") ?? (f.identity.contains("=") ? f.identity : nil)
            f.sam = first("sAMAccountName")
            if let v = s.value(of: o, "objectGUID")?.firstElement, let b = GUIDText.bytes(of: v) { f.objectGUID = GUIDText.string(fromBytes: b) }
        }
        return f
    }
}
