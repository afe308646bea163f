import Foundation

extension Session {
    /// Runs one check's detection queries and returns its finding rows (the `Checks.columns`), or
    /// why it cannot run on what is loaded.
    public func findings(of check: Check) throws -> (rows: [[Value]], skipped: String?) {
        let onPrem = latest(.onPrem), cloud = latest(.cloud)
        switch check.needs {
        case .onPrem where onPrem == nil:
            return ([], "\(check.name) needs an on-prem snapshot (LDIF or an AD CSV/JSON export); none is loaded")
        case .both where onPrem == nil || cloud == nil:
            let missing = onPrem == nil ? "an on-prem" : "a cloud"
            return ([], "\(check.name) compares both sides and needs \(missing) snapshot too; load it with: load \"file\" side \(onPrem == nil ? "onprem" : "cloud")")
        case .either where onPrem == nil && cloud == nil:
            return ([], "\(check.name) needs a snapshot; none is loaded")
        case .engine where !snapshots.contains(where: { $0.side == .engine }):
            return ([], "\(check.name) needs the sync engine's exports (Get-ADSyncScheduler, Get-ADSyncRunProfileResult, csexport); none is loaded")
        default: break
        }
        var rows: [[Value]] = []
        var seen = Set<[GroupKey]>()
        for (n, text) in check.detection.enumerated() {
            let source = SourceText(name: "check \(check.name) #\(n + 1)", text: text)
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
        return (rows, nil)
    }

    func runChecks(_ name: String, range: Range<Int>, source: SourceText, emit: (SessionEvent) -> Void,
                   summary: inout RunSummary) throws(Diagnostic) {
        let checks: [Check]
        if name.lowercased() == "all" {
            checks = Checks.all
        } else if let c = Checks.named(name) {
            checks = [c]
        } else {
            var notes: [String] = []
            if let s = suggest(name, among: Checks.all.map(\.name)) { notes.append("did you mean '\(s)'?") }
            notes.append("checks: all, " + Checks.all.map(\.name).joined(separator: ", "))
            throw Diagnostic("check.unknown", .error, "unknown check '\(name)'", range: range, sourceName: source.name, notes: notes)
        }
        var rows: [[Value]] = []
        var lines: [String] = []
        for c in checks {
            let result: (rows: [[Value]], skipped: String?)
            do {
                result = try findings(of: c)
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
        }
        emit(.result(ResultTable(columns: Checks.columns, rows: rows)))
        for l in lines { emit(.info(l)) }
    }
}
