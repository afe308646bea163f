import Foundation
import DirqModel
import DirqSyntax
import DirqEngine

/// What `explain "value"` found: the objects a UPN, DN, id, address, sAMAccountName or anchor
/// names, widened to whole identities (an on-prem object brings its twin); how each pairs; every
/// finding that involves them, with the objects they collide with and on which normalised value;
/// and the fix of each check involved. `text` words it as the prompt shows it; `--format json`
/// writes the same fields.
public struct Explanation: Sendable {
    public struct Object: Sendable {
        public var side: Side
        public var snapshot: String
        public var kind: ObjectKind
        public var identity: String
        public var upn: String?
        /// As written in the export.
        public var proxyAddresses: [String]
        /// The anchor as text (on-prem: what the sync engine would send; cloud: the ImmutableId).
        public var anchor: String?
        /// On-prem: which attribute the anchor comes from (`mS-DS-ConsistencyGuid`, `objectGUID`).
        public var anchorSource: String?
        /// How the sync engine pairs it (when both sides are loaded).
        public var syncOutcome: String?
        public var syncDetail: String?
    }

    /// Another object a duplicate finding shares the value with.
    public struct Collision: Sendable {
        public var object: String
        public var snapshot: String
        /// The values as written on the explained objects, and on the other one.
        public var mine: [String]
        public var theirs: [String]
        /// `UPN` or `address`.
        public var what: String
        /// Why they are the same value.
        public var rule: String
    }

    public struct Involvement: Sendable {
        public var finding: Finding
        public var collisions: [Collision]
    }

    public struct Fix: Sendable {
        public var check: String
        public var fix: String
        public var powershell: String
    }

    /// What was asked for.
    public var value: String
    public var objects: [Object]
    public var findings: [Involvement]
    public var fixes: [Fix]

    /// Explains `what` in the context's snapshots; `findings` gives every check's findings (asked
    /// only when an object was found). Fails with `explain.not-found`.
    static func make(_ what: String, _ context: SourceContext, findings: () -> [Finding]) throws(Diagnostic) -> Explanation {
        let snapshots = context.snapshots
        let needle = what.lowercased()
        let needleGUID = GUIDText.bytes(fromGUID: what) ?? Data(base64Encoded: what).map { [UInt8]($0) }
        var hits: [(Snapshot, Int)] = []
        for snap in snapshots {
            for (i, o) in snap.objects.enumerated() {
                let ids = [snap.identity(of: o), snap.upn(of: o), snap.value(of: o, "sam")?.firstElement?.text,
                           snap.value(of: o, "mail")?.firstElement?.text].compactMap { $0?.lowercased() }
                var match = ids.contains(needle) || snap.smtpAddresses(of: o).contains(needle)
                if !match, let g = needleGUID, case .bytes(let b)? = snap.anchor(of: o), b == g { match = true }
                if match { hits.append((snap, i)) }
            }
        }
        guard !hits.isEmpty else {
            throw Diagnostic(.explainNotFound, .error, "no object in \(snapshots.map(\.name).joined(separator: ", ")) has '\(what)' as its UPN, DN, id, sAMAccountName, mail, SMTP address or anchor",
                             range: context.range, sourceName: context.sourceName)
        }
        // Widen to whole identities: an on-prem object brings its twin, a twin its on-prem object.
        var objects: [(Snapshot, Int)] = []
        func add(_ s: Snapshot, _ i: Int) {
            if !objects.contains(where: { $0.0.name == s.name && $0.1 == i }) { objects.append((s, i)) }
        }
        let onPrem = context.latest(.onPrem), cloud = context.latest(.cloud)
        let sm = context.pairMatch
        for (s, i) in hits {
            add(s, i)
            guard let sm, let onPrem, let cloud else { continue }
            if s.name == onPrem.name, let t = sm.onPremResults[i].twin { add(cloud, t) }
            if s.name == cloud.name, let t = sm.cloudResults[i].twin { add(onPrem, t) }
        }
        var out = Explanation(value: what, objects: [], findings: [], fixes: [])
        for (s, i) in objects {
            let o = s.objects[i]
            var x = Object(side: s.side, snapshot: s.name, kind: o.kind, identity: s.identity(of: o), upn: s.upn(of: o),
                           proxyAddresses: s.value(of: o, "proxyAddresses")?.elements.map(\.text) ?? [],
                           anchor: s.anchor(of: o)?.text)
            if x.anchor != nil, s.side != .cloud { x.anchorSource = anchorSource(s, o) }
            if let sm, let onPrem, let cloud {
                if s.name == onPrem.name {
                    (x.syncOutcome, x.syncDetail) = (sm.onPremResults[i].outcome, sm.onPremResults[i].detail)
                } else if s.name == cloud.name {
                    (x.syncOutcome, x.syncDetail) = (sm.cloudResults[i].outcome, sm.cloudResults[i].detail)
                }
            }
            out.objects.append(x)
        }
        // Findings that involve these objects, and who else is in them.
        let identities = Set(out.objects.map(\.identity))
        let all = findings()
        let mine = all.filter { identities.contains($0.object) }
        var explained = Set<String>()
        for f in mine {
            var involvement = Involvement(finding: f, collisions: [])
            let others = all.filter { $0.check == f.check && Compare.equal($0.value, f.value) && !identities.contains($0.object) }
            for other in others where ["duplicate-upn", "duplicate-proxy"].contains(f.check) {
                guard explained.insert(other.object + f.value.text).inserted else { continue }
                let upn = f.check == "duplicate-upn"
                involvement.collisions.append(Collision(
                    object: other.object, snapshot: other.snapshot,
                    mine: rawValues(f.value.text, attribute: f.attribute, in: objects),
                    theirs: rawValues(f.value.text, attribute: f.attribute, objectIdentity: other.object, in: snapshots),
                    what: upn ? "UPN" : "address",
                    rule: upn ? "UPNs compare without regard to case"
                        : "the SMTP:/smtp: prefix only marks the primary address and case is ignored"))
            }
            out.findings.append(involvement)
        }
        let names = Set(mine.map(\.check))
        out.fixes = Checks.all.filter { names.contains($0.name) }.map { Fix(check: $0.name, fix: $0.fix, powershell: $0.powershell) }
        return out
    }

    private static func anchorSource(_ s: Snapshot, _ o: DirObject) -> String {
        if o.kind == .user, let v = s.value(of: o, "mS-DS-ConsistencyGuid"), !v.isEmpty { return "from mS-DS-ConsistencyGuid" }
        return "from objectGUID"
    }

    /// The values as written in the export that normalise to `value` on the given objects.
    private static func rawValues(_ value: String, attribute: String, in objects: [(Snapshot, Int)]) -> [String] {
        var out: [String] = []
        for (s, i) in objects {
            let o = s.objects[i]
            if attribute.caseInsensitiveEquals("userPrincipalName") {
                if let u = s.upn(of: o), u.lowercased() == value, !out.contains(u) { out.append(u) }
            } else {
                for p in s.value(of: o, "proxyAddresses")?.elements ?? [] {
                    if let t = p.stringValue, let pa = ProxyAddress(t), pa.address.lowercased() == value, !out.contains(t) { out.append(t) }
                }
            }
        }
        return out
    }

    private static func rawValues(_ value: String, attribute: String, objectIdentity: String, in snapshots: [Snapshot]) -> [String] {
        var objects: [(Snapshot, Int)] = []
        for s in snapshots {
            if let i = s.objects.firstIndex(where: { s.identity(of: $0) == objectIdentity }) { objects.append((s, i)) }
        }
        return rawValues(value, attribute: attribute, in: objects)
    }
}
