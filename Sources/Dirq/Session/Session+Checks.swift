import Foundation
import DirqModel
import DirqSyntax
import DirqEngine

extension Session {
    /// Runs one check's detection queries and returns its findings, or why it cannot run on
    /// what is loaded.
    public func findings(of check: Check) throws -> (findings: [Finding], skipped: String?) {
        let r = try report(of: check)
        return (r.findings, r.skipped)
    }

    /// One rule for which snapshots a check compares: the latest of each side (`latest`: the
    /// current snapshot if it is of that side, else the most recently loaded one), unless
    /// `check … on A, B` chose; inside the check's queries `onprem` and `cloud` name that pair.
    public func report(of check: Check) throws -> CheckReport {
        let scoped = checkScope == nil
        if scoped { checkScope = (latest(.onPrem), latest(.cloud)) }
        defer { if scoped { checkScope = nil } }
        return try CheckRun(context: sourceContext()) { (q, source) throws(Diagnostic) in
            try self.runQuery(q, source: source, lenient: true)
        }.report(check)
    }

    /// Each check's report, in the order given, the checks run on two threads
    /// (`CheckSchedule`). The checks share one scope (the pair `report(of:)` would choose for
    /// each), set before they start: while they run, nothing else in the session changes, so the
    /// threads only read it (its caches lock what they make).
    func reports(of checks: [Check], threads: Int = CheckSchedule.threads) -> [Result<CheckReport, any Error>] {
        let scoped = checkScope == nil
        if scoped { checkScope = (latest(.onPrem), latest(.cloud)) }
        defer { if scoped { checkScope = nil } }
        let session = ReadOnlySession(session: self)
        return CheckSchedule.reports(of: checks, threads: threads) { c in
            try session.session.report(of: c)
        }
    }

    /// The two on-prem snapshots `anchor-changed` compares (see `SourceContext.onPremPair`).
    func onPremPair() -> (before: Snapshot, after: Snapshot)? { sourceContext().onPremPair }

    /// The checks a `check`/`fix` name selects, or the unknown-check diagnostic.
    func checks(named name: String, range: Range<Int>, source: SourceText, unknown: DiagnosticID) throws(Diagnostic) -> [Check] {
        if let selected = Checks.select(name) { return selected }
        var notes: [String] = []
        if let s = suggest(name, among: Checks.all.map(\.name)) { notes.append("did you mean '\(s)'?") }
        notes.append("checks: all, " + Checks.all.map(\.name).joined(separator: ", "))
        throw Diagnostic(unknown, .error, "unknown check '\(name)'", range: range, sourceName: source.name, notes: notes)
    }

    func runChecks(_ name: String, on chosen: [String] = [], range: Range<Int>, source: SourceText,
                   emit: (SessionEvent) -> Void, summary: inout RunSummary) throws(Diagnostic) {
        let checks = try checks(named: name, range: range, source: source, unknown: .checkUnknown)
        var findings: [Finding] = []
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
                    throw Diagnostic(.checkOn, .error, "check … on takes one on-prem and one cloud snapshot; '\(s.name)' is a second \(s.side.rawValue) one or of the sync engine",
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
        for (c, outcome) in zip(checks, reports(of: checks)) {
            let result: CheckReport
            do {
                result = try outcome.get()
            } catch let d as Diagnostic {
                throw d
            } catch {
                throw Diagnostic(.checkFailed, .error, "\(c.name): \(error)", range: range, sourceName: source.name)
            }
            if let why = result.skipped {
                lines.append("skipped: \(why)")
                continue
            }
            findings += result.findings
            if c.severity == .error { summary.errorFindings += result.findings.count }
            if !result.findings.isEmpty {
                lines.append("\(c.name): \(result.findings.count) finding\(result.findings.count == 1 ? "" : "s") (\(c.severity.rawValue)) — \(c.reported); `lesson \(c.name)` explains it")
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
        lastResult = Finding.table(findings)
        emit(.result(lastResult!))
        for l in lines { emit(.info(l)) }
    }
}

/// The session as the threads of `reports(of:)` see it: they call `report(of:)`, which reads the
/// snapshots, tables, scalars and scope and writes nothing but `SourceCaches` and the snapshots'
/// key-column caches, both of which lock. The session is not changed until they are done.
private struct ReadOnlySession: @unchecked Sendable {
    let session: Session
}
