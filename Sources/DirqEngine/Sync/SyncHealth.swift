import Foundation
import DirqModel
import DirqSyntax

/// The sync engine's health, from `Get-ADSyncScheduler` and `Get-ADSyncRunProfileResult`
/// exports (and a csexport for pending deletes): the troubleshooting guide's first step. What
/// `health` shows (`HealthReport.text` words it; `--format json` writes it as data) and what the
/// `health` source and `check sync-health` read (`problems`).
public struct HealthReport: Sendable {
    /// One thing wrong, as a row of the `health` source.
    public struct Problem: Sendable {
        public var snapshot: String = ""
        public var object: String
        public var attribute: String
        public var value: String
        public var detail: String
        public var severity: Severity
    }

    /// What `Get-ADSyncScheduler` said.
    public struct Scheduler: Sendable {
        public var snapshot: String
        public var syncCycleEnabled: Bool?
        public var suspended: Bool?
        public var stagingMode: Bool?
        /// As PowerShell prints a TimeSpan (`00:30:00`); empty when the export has none.
        public var interval: String
        /// `Delta`, `Initial`, … (empty when not given).
        public var nextCyclePolicy: String
        /// Seconds since 1970, UTC.
        public var nextCycle: Double?
    }

    /// The last successful synchronization of one kind (delta or full) of one connector.
    public struct LastRun: Sendable {
        public var connector: String
        /// `delta` or `full`.
        public var kind: String
        /// Nil: the export holds no successful run of this kind.
        public var profile: String?
        public var number: String?
        /// When it ended (else started), seconds since 1970.
        public var ended: Double?
        /// A delta older than `SyncHealth.staleAfter`.
        public var stale: Bool
    }

    /// A run whose result is not `success`.
    public struct FailedRun: Sendable {
        public var number: String
        public var connector: String
        public var profile: String
        public var result: String
        public var started: Double?
    }

    public struct RunHistory: Sendable {
        public var snapshot: String
        public var runCount: Int
        /// Per connector (sorted), delta then full.
        public var lastRuns: [LastRun]
        /// Newest first.
        public var failed: [FailedRun]
    }

    public struct PendingDeletes: Sendable {
        public var snapshot: String
        public var count: Int
        public var threshold: Int
    }

    /// The time the exports are judged against, seconds since 1970 (`health at "…"`, else now).
    public var asOf: Double
    public var scheduler: Scheduler?
    public var runs: RunHistory?
    public var pendingDeletes: PendingDeletes?
    public var problems: [Problem]
    /// PowerShell to run next, for a person to review (each once, in order).
    public var nextSteps: [String]

    /// The columns of the `health` source.
    public static let problemColumns = ["snapshot", "object", "attribute", "value", "detail", "severity"]

    /// The problems as the `health` source has them (what csv and tsv write for `health`).
    public var problemTable: ResultTable {
        ResultTable(columns: Self.problemColumns,
                    rows: problems.map { p in [.string(p.snapshot), .string(p.object), .string(p.attribute), .string(p.value),
                                               .string(p.detail), .string(p.severity.rawValue)] })
    }
}

/// Judges the engine's exports (see `HealthReport`).
package enum SyncHealth {
    /// How old the last successful cycle may be before it is a warning (the guide's 3 hours).
    package static let staleAfter: Double = 3 * 3600
    package static let deletionThreshold = 500

    package static func assess(scheduler: Snapshot?, runs: Snapshot?, connectorSpace: Snapshot?, now: Double) -> HealthReport {
        typealias Problem = HealthReport.Problem
        var report = HealthReport(asOf: now, problems: [], nextSteps: [])
        var problems: [Problem] = []
        var steps: [String] = []

        if let s = scheduler, let o = s.objects.first {
            func v(_ n: String) -> Value { s.value(of: o, n)?.firstElement ?? .null }
            func flag(_ n: String) -> Bool? {
                switch v(n) {
                case .bool(let b): return b
                case .string(let t): return t.lowercased() == "true" ? true : t.lowercased() == "false" ? false : nil
                default: return nil
                }
            }
            let enabled = flag("SyncCycleEnabled"), suspended = flag("SchedulerSuspended"), staging = flag("StagingModeEnabled")
            // ConvertTo-Json writes the enum as its number (Unspecified 0, Delta 1, Initial 2).
            var policy = v("NextSyncCyclePolicyType").text
            if let n = Int(policy) { policy = ["Unspecified", "Delta", "Initial"].indices.contains(n) ? ["Unspecified", "Delta", "Initial"][n] : policy }
            report.scheduler = HealthReport.Scheduler(
                snapshot: s.name, syncCycleEnabled: enabled, suspended: suspended, stagingMode: staging,
                interval: timeSpanText(v("CurrentlyEffectiveSyncCycleInterval")), nextCyclePolicy: policy,
                nextCycle: timestamp(v("NextSyncCycleStartTimeInUTC")))
            if enabled == false {
                problems.append(Problem(snapshot: s.name, object: "scheduler", attribute: "SyncCycleEnabled", value: "false",
                                        detail: "the scheduler is disabled: no sync cycles run", severity: .error))
                steps.append("Set-ADSyncScheduler -SyncCycleEnabled $true")
            }
            if suspended == true {
                problems.append(Problem(snapshot: s.name, object: "scheduler", attribute: "SchedulerSuspended", value: "true",
                                        detail: "the scheduler is suspended", severity: .error))
                steps.append("Resume-ADSyncScheduler   # or finish the maintenance that suspended it")
            }
            if staging == true {
                problems.append(Problem(snapshot: s.name, object: "scheduler", attribute: "StagingModeEnabled", value: "true",
                                        detail: "staging mode: this server never exports to Entra ID", severity: .warning))
            }
        }

        if let r = runs {
            // Per connector: the last successful delta and full cycle steps.
            struct Run { var number: String; var connector: String; var profile: String; var result: String; var start: Double?; var end: Double? }
            let all: [Run] = r.objects.map { o in
                func t(_ n: String) -> String { r.value(of: o, n)?.firstElement?.text ?? "" }
                return Run(number: t("RunNumber"), connector: t("ConnectorName"), profile: t("RunProfileName"), result: t("Result"),
                           start: timestamp(r.value(of: o, "StartDate") ?? .null), end: timestamp(r.value(of: o, "EndDate") ?? .null))
            }
            var history = HealthReport.RunHistory(snapshot: r.name, runCount: all.count, lastRuns: [], failed: [])
            for c in Array(Set(all.map(\.connector))).sorted() {
                for kind in ["Delta", "Full"] {
                    // A cycle counts when its synchronization step succeeded: an import alone syncs nothing.
                    let ok = all.filter {
                        let p = $0.profile.lowercased()
                        return $0.connector == c && p.contains(kind.lowercased()) && p.contains("sync") && $0.result.lowercased() == "success"
                    }
                    guard let last = ok.max(by: { ($0.end ?? $0.start ?? 0) < ($1.end ?? $1.start ?? 0) }), let when = last.end ?? last.start else {
                        history.lastRuns.append(HealthReport.LastRun(connector: c, kind: kind.lowercased(), stale: false))
                        continue
                    }
                    let age = now - when
                    let stale = kind == "Delta" && age > staleAfter
                    history.lastRuns.append(HealthReport.LastRun(connector: c, kind: kind.lowercased(), profile: last.profile,
                                                                 number: last.number, ended: when, stale: stale))
                    if stale {
                        problems.append(Problem(snapshot: r.name, object: c, attribute: "last successful delta", value: Value.isoString(when),
                                                detail: "the last successful delta run of \(c) ended \(ago(age)) (more than 3 hours)", severity: .warning))
                    }
                }
            }
            let bad = all.filter { !["success", ""].contains($0.result.lowercased()) }
                .sorted { ($0.start ?? 0) > ($1.start ?? 0) }
            history.failed = bad.map { HealthReport.FailedRun(number: $0.number, connector: $0.connector, profile: $0.profile,
                                                               result: $0.result, started: $0.start) }
            for b in bad where b.result.lowercased() == "stopped-deletion-threshold-exceeded" {
                problems.append(Problem(snapshot: r.name, object: b.connector, attribute: "Result", value: b.result,
                                        detail: "run #\(b.number) (\(b.profile)) stopped: more deletes than the deletion threshold", severity: .error))
                steps.append("# Review the pending deletes first (csexport \"\(b.connector)\" deletes.xml /f:x), then, only if they are intended:")
                steps.append("Disable-ADSyncExportDeletionThreshold   # run one export, then Enable-ADSyncExportDeletionThreshold -DeletionThreshold 500")
            }
            for b in bad where b.result.lowercased().contains("error") && b.result.lowercased() != "stopped-deletion-threshold-exceeded" {
                problems.append(Problem(snapshot: r.name, object: b.connector, attribute: "Result", value: b.result,
                                        detail: "run #\(b.number) (\(b.profile)) ended with \(b.result)", severity: .warning))
            }
            report.runs = history
        }

        if let cs = connectorSpace {
            let deletes = cs.objects.filter { (cs.value(of: $0, "pending-export")?.firstElement?.text.lowercased()) == "delete" }.count
            report.pendingDeletes = HealthReport.PendingDeletes(snapshot: cs.name, count: deletes, threshold: deletionThreshold)
            if deletes > deletionThreshold {
                problems.append(Problem(snapshot: cs.name, object: cs.name, attribute: "pending-export", value: "\(deletes) deletes",
                                        detail: "more pending deletes than the threshold of \(deletionThreshold)", severity: .error))
            }
        }

        if !problems.isEmpty || scheduler != nil {
            steps.append("Start-ADSyncSyncCycle -PolicyType Delta")
            steps.append("Get-ADSyncConnectorRunStatus   # watch it run")
        }
        var seen = Set<String>()
        report.problems = problems
        report.nextSteps = steps.filter { seen.insert($0).inserted }
        return report
    }

    /// A TimeSpan as PowerShell prints it (`00:30:00`), from its text or from ConvertTo-Json's
    /// object form (`{Ticks, Days, Hours, …, TotalSeconds}`).
    package static func timeSpanText(_ v: Value) -> String {
        guard case .record(let r) = v else { return v.text }
        var seconds = Compare.number(r["TotalSeconds"] ?? .null)
        if seconds == nil, let ticks = Compare.number(r["Ticks"] ?? .null) { seconds = ticks / 10_000_000 }
        guard let total = seconds.map({ Int($0) }) else { return v.text }
        let d = total / 86400, h = (total % 86400) / 3600, m = (total % 3600) / 60, sec = total % 60
        return (d > 0 ? "\(d)." : "") + String(format: "%02d:%02d:%02d", h, m, sec)
    }

    package static func timestamp(_ v: Value) -> Double? {
        switch v.firstElement ?? .null {
        case .date(let d): return d.seconds
        case .string(let s): return DateParsing.parse(s)?.seconds
        default: return nil
        }
    }

    package static func ago(_ seconds: Double, future: Bool = false) -> String {
        let s = Int(abs(seconds))
        let text: String
        if s < 90 { text = "\(s) s" } else if s < 5400 { text = "\(s / 60) min" } else if s < 172_800 {
            text = "\(s / 3600) h \((s % 3600) / 60) min"
        } else { text = "\(s / 86400) days" }
        return future ? "in \(text)" : "\(text) ago"
    }
}
