import DirqModel
import DirqSyntax
import DirqEngine

/// What a check found: its findings, why it did not run at all, and which kinds it left out because
/// only one side's snapshot holds them.
public struct CheckReport: Sendable {
    public var findings: [Finding] = []
    public var skipped: String?
    /// Which kinds were compared and why the others were not, without the check's name
    /// (`compared users only: onprem holds no groups …`); nil when all were.
    public var comparedKinds: String?
}

/// Runs a check's detection queries against an explicit context — the snapshots and the pair
/// the check compares (`context.scope`), the sync matches — and turns their rows into findings.
/// The queries run through `query` (the session's lenient query runner), so `onprem` and
/// `cloud` in them name the pair.
struct CheckRun {
    var context: SourceContext
    var query: (Query, SourceText) throws(Diagnostic) -> Relation

    func report(_ check: Check) throws -> CheckReport {
        let onPrem = context.latest(.onPrem), cloud = context.latest(.cloud)
        switch check.needs {
        case .onPrem where onPrem == nil:
            return CheckReport(skipped: "\(check.name) needs an on-prem snapshot (LDIF or an AD CSV/JSON export); none is loaded")
        case .both where onPrem == nil || cloud == nil:
            let missing = onPrem == nil ? "an on-prem" : "a cloud"
            return CheckReport(skipped: "\(check.name) compares both sides and needs \(missing) snapshot too; load it with: load \"file\" side \(onPrem == nil ? "onprem" : "cloud")")
        case .either where onPrem == nil && cloud == nil:
            return CheckReport(skipped: "\(check.name) needs a snapshot; none is loaded")
        case .engine where !context.snapshots.contains(where: { $0.side == .engine }):
            return CheckReport(skipped: "\(check.name) needs the sync engine's exports (Get-ADSyncScheduler, Get-ADSyncRunProfileResult, csexport); none is loaded")
        default: break
        }
        var pair: (before: Snapshot, after: Snapshot)?
        if check.needs == .onPremPair {
            guard let p = context.onPremPair else {
                return CheckReport(skipped: "\(check.name) compares two on-prem exports of one forest and needs an older one too; load it with: load \"yesterday.ldif\" as before (then today's)")
            }
            pair = p
        }
        var findings: [Finding] = []
        var seen = Set<[GroupKey]>()
        for source in Self.detectionSources(of: check, pair: pair) {
            let (statements, errors) = Session.parse(source)
            if let e = errors.first { throw e }
            guard case .query(let q)? = statements.first?.kind else { continue }
            let table = Session.materialize(try query(q, source))
            // The detection's columns by name; one it lacks is empty.
            let index = ["snapshot", "object", "attribute", "value", "detail"].map { c in table.columns.firstIndex(of: c) }
            for r in table.rows {
                func column(_ k: Int) -> Value { index[k].map { r[$0] } ?? .null }
                let f = Finding(check: check.name, severity: check.severity, snapshot: column(0).text, object: column(1).text,
                                attribute: column(2).text, value: column(3), detail: column(4).text)
                if seen.insert(f.row.map(GroupKey.init)).inserted { findings.append(f) }
            }
        }
        if check.sortByValue { findings = Finding.sortedByValue(findings) }
        var report = CheckReport(findings: findings)
        if check.needs == .both, let onPrem, let cloud { report.comparedKinds = kindNote(check, onPrem: onPrem, cloud: cloud) }
        return report
    }

    /// Which kinds a check that pairs the sides compares, when the loaded snapshots do not hold
    /// the same kinds: `compared users only: onprem holds no groups or contacts (cloud has 9
    /// groups, 6 contacts)…`. Nil when both hold the same kinds.
    func kindNote(_ check: Check, onPrem: Snapshot, cloud: Snapshot) -> String? {
        guard check.pairsSides else { return nil }
        let m = context.syncMatch(onPrem: onPrem, cloud: cloud)
        let groups = m.unpairableGroups.map { g in
            "\(g.onPrem) on-prem and \(g.cloud) cloud group\(g.cloud == 1 ? "" : "s") not compared: \(g.why)"
        }
        guard !m.uncomparedKinds.isEmpty else { return groups.map { "left " + $0 } }
        let common = ObjectKind.allCases.filter {
            SyncMatch.kinds(of: onPrem).contains($0) && SyncMatch.kinds(of: cloud).contains($0)
        }
        func plural(_ k: ObjectKind) -> String { k.rawValue + "s" }
        func list(_ ks: [ObjectKind]) -> String {
            let words = ks.map(plural)
            return words.count <= 1 ? words.joined() : words.dropLast().joined(separator: ", ") + " or " + words.last!
        }
        var parts: [String] = []
        for side in [Side.onPrem, .cloud] {
            let missing = m.uncomparedKinds.filter { $0.missingIn == side }.map(\.kind)
            guard !missing.isEmpty else { continue }
            let (lacking, other) = side == .onPrem ? (onPrem, cloud) : (cloud, onPrem)
            let counts = other.countsByKind
            let theirs = missing.map { "\(counts[$0] ?? 0) \(plural($0))" }.joined(separator: ", ")
            parts.append("\(lacking.name) holds no \(list(missing)) (\(other.name) has \(theirs))")
        }
        let compared = common.isEmpty ? "no kind (the snapshots share none)" : list(common).replacingOccurrences(of: " or ", with: " and ") + " only"
        return "compared \(compared): " + parts.joined(separator: "; ")
            + "; objects of a kind one export left out are not-compared, not missing (export them to compare)"
            + (groups.map { "; " + $0 } ?? "")
    }

    /// A check's detection queries as they run: `$before`/`$after` (and `…Name`) replaced by the
    /// snapshots of an on-prem pair.
    static func detectionSources(of check: Check, pair: (before: Snapshot, after: Snapshot)?) -> [SourceText] {
        check.detection.enumerated().map { n, detection in
            var text = detection
            if let pair {
                // Names as quoted names and as strings, whatever characters they hold.
                func name(_ s: Snapshot) -> String { "`" + s.name.replacingOccurrences(of: "`", with: "") + "`" }
                func string(_ s: Snapshot) -> String { Printer.print(Expr(.literal(.string(s.name)), 0..<0)) }
                for (k, v) in [("$beforeName", string(pair.before)), ("$afterName", string(pair.after)),
                               ("$before", name(pair.before)), ("$after", name(pair.after))] {
                    text = text.replacingOccurrences(of: k, with: v)
                }
            }
            return SourceText(name: "check \(check.name) #\(n + 1)", text: text)
        }
    }
}

extension SourceContext {
    /// The two on-prem snapshots `anchor-changed` compares: the newest (the current one if it is
    /// on-prem) and, of the others, the one loaded last: load yesterday's export first, then today's.
    var onPremPair: (before: Snapshot, after: Snapshot)? {
        guard let after = latest(.onPrem),
              let before = snapshots.last(where: { $0.side == .onPrem && $0.name != after.name }) else { return nil }
        return (before, after)
    }
}
