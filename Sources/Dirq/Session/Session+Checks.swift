import Foundation
import DirqModel
import DirqSyntax

extension Session {
    /// Runs one check's detection queries and returns its finding rows (the `Checks.columns`), or
    /// why it cannot run on what is loaded.
    public func findings(of check: Check) throws -> (rows: [[Value]], skipped: String?) {
        let r = try report(of: check)
        return (r.rows, r.skipped)
    }

    /// What a check found: its rows, why it did not run at all, and which kinds it left out
    /// because only one side's snapshot holds them.
    public struct CheckReport: Sendable {
        public var rows: [[Value]] = []
        public var skipped: String?
        /// Which kinds were compared and why the others were not, without the check's name
        /// (`compared users only: onprem holds no groups …`); nil when all were.
        public var comparedKinds: String?
    }

    /// Which kinds a check that pairs the sides compares, when the loaded snapshots do not hold
    /// the same kinds: `compared users only: onprem holds no groups or contacts (cloud has 9
    /// groups, 6 contacts)…`. Nil when both hold the same kinds.
    func kindNote(_ check: Check, onPrem: Snapshot, cloud: Snapshot) -> String? {
        guard check.pairsSides else { return nil }
        let m = syncMatch(onPrem: onPrem, cloud: cloud)
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

    /// `findings(of:)` with the note on the kinds compared.
    /// One rule for which snapshots a check compares: the latest of each side (`latest`: the
    /// current snapshot if it is of that side, else the most recently loaded one), unless
    /// `check … on A, B` chose; inside the check's queries `onprem` and `cloud` name that pair.
    public func report(of check: Check) throws -> CheckReport {
        let scoped = checkScope == nil
        if scoped { checkScope = (latest(.onPrem), latest(.cloud)) }
        defer { if scoped { checkScope = nil } }
        let onPrem = latest(.onPrem), cloud = latest(.cloud)
        switch check.needs {
        case .onPrem where onPrem == nil:
            return CheckReport(skipped: "\(check.name) needs an on-prem snapshot (LDIF or an AD CSV/JSON export); none is loaded")
        case .both where onPrem == nil || cloud == nil:
            let missing = onPrem == nil ? "an on-prem" : "a cloud"
            return CheckReport(skipped: "\(check.name) compares both sides and needs \(missing) snapshot too; load it with: load \"file\" side \(onPrem == nil ? "onprem" : "cloud")")
        case .either where onPrem == nil && cloud == nil:
            return CheckReport(skipped: "\(check.name) needs a snapshot; none is loaded")
        case .engine where !snapshots.contains(where: { $0.side == .engine }):
            return CheckReport(skipped: "\(check.name) needs the sync engine's exports (Get-ADSyncScheduler, Get-ADSyncRunProfileResult, csexport); none is loaded")
        default: break
        }
        var pair: (before: Snapshot, after: Snapshot)?
        if check.needs == .onPremPair {
            guard let p = onPremPair() else {
                return CheckReport(skipped: "\(check.name) compares two on-prem exports of one forest and needs an older one too; load it with: load \"yesterday.ldif\" as before (then today's)")
            }
            pair = p
        }
        var rows: [[Value]] = []
        var seen = Set<[GroupKey]>()
        for source in Self.detectionSources(of: check, pair: pair) {
            let (statements, errors) = Self.parse(source)
            if let e = errors.first { throw e }
            guard case .query(let q)? = statements.first?.kind else { continue }
            let table = Self.materialize(try runQuery(q, source: source, lenient: true))
            let index = ["snapshot", "object", "attribute", "value", "detail"].map { c in table.columns.firstIndex(of: c) }
            for r in table.rows {
                let row = [.string(check.name), .string(check.severity.rawValue)] + index.map { $0.map { r[$0] } ?? .null }
                if seen.insert(row.map(GroupKey.init)).inserted { rows.append(row) }
            }
        }
        // Colliding objects next to each other: by value, then snapshot and object.
        if check.sortByValue { rows.sort { a, b in
            for k in [5, 2, 3, 4] {
                let o = Compare.sortOrder(a[k], b[k])
                if o != 0 { return o < 0 }
            }
            return false
        } }
        var report = CheckReport(rows: rows)
        if check.needs == .both, let onPrem, let cloud { report.comparedKinds = kindNote(check, onPrem: onPrem, cloud: cloud) }
        return report
    }

    /// The two on-prem snapshots `anchor-changed` compares: the newest (the current one if it is
    /// on-prem) and, of the others, the one loaded last: load yesterday's export first, then today's.
    func onPremPair() -> (before: Snapshot, after: Snapshot)? {
        guard let after = latest(.onPrem),
              let before = snapshots.last(where: { $0.side == .onPrem && $0.name != after.name }) else { return nil }
        return (before, after)
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

    func runChecks(_ name: String, on chosen: [String] = [], range: Range<Int>, source: SourceText,
                   emit: (SessionEvent) -> Void, summary: inout RunSummary) throws(Diagnostic) {
        let checks = try checks(named: name, range: range, source: source, statement: "check")
        var rows: [[Value]] = []
        var lines: [String] = []
        // Which snapshots are compared: chosen with `on`, else the latest of each side. Said in a
        // note whenever another snapshot of a side is loaded, so the choice is never silent.
        var scope = (onPrem: latest(.onPrem), cloud: latest(.cloud))
        if !chosen.isEmpty {
            var picked: (onPrem: Snapshot?, cloud: Snapshot?) = (nil, nil)
            for n in chosen {
                guard let s = snapshots.first(where: { $0.name.caseInsensitiveEquals(n) }) else {
                    throw unknownSnapshot(n, range: range, source: source)
                }
                switch s.side {
                case .cloud where picked.cloud == nil: picked.cloud = s
                case .onPrem where picked.onPrem == nil, .unknown where picked.onPrem == nil: picked.onPrem = s
                default:
                    throw Diagnostic("check.on", .error, "check … on takes one on-prem and one cloud snapshot; '\(s.name)' is a second \(s.side.rawValue) one or of the sync engine",
                                     range: range, sourceName: source.name, notes: ["for example: check all on onprem, cloud2"])
                }
            }
            scope = (picked.onPrem ?? scope.onPrem, picked.cloud ?? scope.cloud)
        }
        checkScope = scope
        defer { checkScope = nil }
        let onPremCount = snapshots.count { $0.side == .onPrem || $0.side == .unknown }
        let cloudCount = snapshots.count { $0.side == .cloud }
        if scope.onPrem != nil, scope.cloud != nil, onPremCount > 1 || cloudCount > 1 || !chosen.isEmpty {
            func label(_ s: Snapshot?) -> String { s.map { "\($0.name) (\(URL(fileURLWithPath: $0.path).lastPathComponent))" } ?? "none" }
            lines.append("compared on-prem \(label(scope.onPrem)) with cloud \(label(scope.cloud))"
                         + (chosen.isEmpty ? "; choose others with: check \(name) on A, B" : ""))
        }
        // Checks that left out the same kinds for the same reason share one note.
        var kindNotes: [(checks: [String], text: String)] = []
        for c in checks {
            let result: CheckReport
            do {
                result = try report(of: c)
            } catch let d as Diagnostic {
                throw d
            } catch {
                throw Diagnostic("check.failed", .error, "\(c.name): \(error)", range: range, sourceName: source.name)
            }
            if let why = result.skipped {
                lines.append("skipped: \(why)")
                continue
            }
            rows += result.rows
            if c.severity == .error { summary.errorFindings += result.rows.count }
            if !result.rows.isEmpty {
                lines.append("\(c.name): \(result.rows.count) finding\(result.rows.count == 1 ? "" : "s") (\(c.severity.rawValue)) — \(c.reported); `lesson \(c.name)` explains it")
            }
            if let text = result.comparedKinds {
                if let i = kindNotes.firstIndex(where: { $0.text == text }) {
                    kindNotes[i].checks.append(c.name)
                } else {
                    kindNotes.append(([c.name], text))
                }
            }
        }
        for n in kindNotes {
            let who = n.checks.count == 1 ? n.checks[0] : n.checks.dropLast().joined(separator: ", ") + " and " + n.checks.last!
            lines.append("\(who) \(n.text)")
        }
        lastResult = ResultTable(columns: Checks.columns, rows: rows)
        emit(.result(lastResult!))
        for l in lines { emit(.info(l)) }
    }
}
