import Foundation

/// The sync engine's health, from `Get-ADSyncScheduler` and `Get-ADSyncRunProfileResult`
/// exports (and a csexport for pending deletes): the troubleshooting guide's first step.
struct SyncHealth {
    struct Problem {
        var snapshot: String = ""
        var object: String
        var attribute: String
        var value: String
        var detail: String
        var severity: Check.Severity
    }

    var report: String
    var problems: [Problem]
    /// PowerShell to run next, for a person to review.
    var nextSteps: [String]

    /// How old the last successful cycle may be before it is a warning (the guide's 3 hours).
    static let staleAfter: Double = 3 * 3600
    static let deletionThreshold = 500

    static func assess(scheduler: Snapshot?, runs: Snapshot?, connectorSpace: Snapshot?, now: Double) -> SyncHealth {
        var lines: [String] = []
        var problems: [Problem] = []
        var steps: [String] = []
        lines.append("Sync health as of \(Value.isoString(now)) (UTC)")
        lines.append("")

        let problemsBefore = problems.count
        if let s = scheduler, let o = s.objects.first {
            func v(_ n: String) -> Value { s.value(of: o, n)?.elements.first ?? .null }
            func flag(_ n: String) -> Bool? {
                switch v(n) {
                case .bool(let b): return b
                case .string(let t): return t.lowercased() == "true" ? true : t.lowercased() == "false" ? false : nil
                default: return nil
                }
            }
            let enabled = flag("SyncCycleEnabled"), suspended = flag("SchedulerSuspended"), staging = flag("StagingModeEnabled")
            lines.append("scheduler (\(s.name))")
            lines.append("  sync cycle enabled   \(word(enabled))" + (enabled == false ? "   ✗ no cycle runs until it is enabled" : ""))
            lines.append("  suspended            \(word(suspended))" + (suspended == true ? "   ✗ a maintenance task or upgrade suspended it" : ""))
            lines.append("  staging mode         \(word(staging))" + (staging == true ? "   ✗ this server imports and syncs but never exports" : ""))
            let interval = timeSpanText(v("CurrentlyEffectiveSyncCycleInterval"))
            lines.append("  interval             \(interval.isEmpty ? "?" : interval)")
            // ConvertTo-Json writes the enum as its number (Unspecified 0, Delta 1, Initial 2).
            var policy = v("NextSyncCyclePolicyType").text
            if let n = Int(policy) { policy = ["Unspecified", "Delta", "Initial"].indices.contains(n) ? ["Unspecified", "Delta", "Initial"][n] : policy }
            if let next = timestamp(v("NextSyncCycleStartTimeInUTC")) {
                let overdue = next < now
                lines.append("  next cycle           \(policy.isEmpty ? "" : policy + " ")at \(Value.isoString(next)) (\(ago(now - next, future: !overdue)))"
                             + (overdue ? "   ✗ overdue" : ""))
            }
            if enabled == false {
                problems.append(Problem(object: "scheduler", attribute: "SyncCycleEnabled", value: "false",
                                        detail: "the scheduler is disabled: no sync cycles run", severity: .error))
                steps.append("Set-ADSyncScheduler -SyncCycleEnabled $true")
            }
            if suspended == true {
                problems.append(Problem(object: "scheduler", attribute: "SchedulerSuspended", value: "true",
                                        detail: "the scheduler is suspended", severity: .error))
                steps.append("Resume-ADSyncScheduler   # or finish the maintenance that suspended it")
            }
            if staging == true {
                problems.append(Problem(object: "scheduler", attribute: "StagingModeEnabled", value: "true",
                                        detail: "staging mode: this server never exports to Entra ID", severity: .warning))
            }
        } else {
            lines.append("scheduler: no Get-ADSyncScheduler export loaded (Get-ADSyncScheduler > scheduler.txt)")
        }
        for i in problemsBefore..<problems.count { problems[i].snapshot = scheduler?.name ?? "" }
        let afterScheduler = problems.count
        lines.append("")

        if let r = runs {
            // Per connector: the last successful delta and full cycle steps.
            struct Run { var number: String; var connector: String; var profile: String; var result: String; var start: Double?; var end: Double? }
            let all: [Run] = r.objects.map { o in
                func t(_ n: String) -> String { r.value(of: o, n)?.elements.first?.text ?? "" }
                return Run(number: t("RunNumber"), connector: t("ConnectorName"), profile: t("RunProfileName"), result: t("Result"),
                           start: timestamp(r.value(of: o, "StartDate") ?? .null), end: timestamp(r.value(of: o, "EndDate") ?? .null))
            }
            let connectors = Array(Set(all.map(\.connector))).sorted()
            lines.append("last successful runs (\(r.name), \(all.count) runs)")
            for c in connectors {
                for kind in ["Delta", "Full"] {
                    // A cycle counts when its synchronization step succeeded: an import alone syncs nothing.
                    let ok = all.filter {
                        let p = $0.profile.lowercased()
                        return $0.connector == c && p.contains(kind.lowercased()) && p.contains("sync") && $0.result.lowercased() == "success"
                    }
                    guard let last = ok.max(by: { ($0.end ?? $0.start ?? 0) < ($1.end ?? $1.start ?? 0) }), let when = last.end ?? last.start else {
                        lines.append("  \(TextWidth.pad(c, to: 34)) \(kind.lowercased()): no successful \(kind) Synchronization in the export")
                        continue
                    }
                    let age = now - when
                    let stale = kind == "Delta" && age > staleAfter
                    lines.append("  \(TextWidth.pad(c, to: 34)) \(kind.lowercased()): \(last.profile) #\(last.number) ended \(ago(age))"
                                 + (stale ? "   ✗ more than 3 hours ago" : ""))
                    if stale {
                        problems.append(Problem(object: c, attribute: "last successful delta", value: Value.isoString(when),
                                                detail: "the last successful delta run of \(c) ended \(ago(age)) (more than 3 hours)", severity: .warning))
                    }
                }
            }
            let bad = all.filter { !["success", ""].contains($0.result.lowercased()) }
                .sorted { ($0.start ?? 0) > ($1.start ?? 0) }
            if !bad.isEmpty {
                lines.append("")
                lines.append("runs that did not succeed (newest first)")
                for b in bad.prefix(10) {
                    lines.append("  #\(b.number) \(b.connector) \(b.profile): \(b.result)" + (b.start.map { " at \(Value.isoString($0))" } ?? ""))
                }
                if bad.count > 10 { lines.append("  … and \(bad.count - 10) more") }
            }
            for b in bad where b.result.lowercased() == "stopped-deletion-threshold-exceeded" {
                problems.append(Problem(object: b.connector, attribute: "Result", value: b.result,
                                        detail: "run #\(b.number) (\(b.profile)) stopped: more deletes than the deletion threshold", severity: .error))
                steps.append("# Review the pending deletes first (csexport \"\(b.connector)\" deletes.xml /f:x), then, only if they are intended:")
                steps.append("Disable-ADSyncExportDeletionThreshold   # run one export, then Enable-ADSyncExportDeletionThreshold -DeletionThreshold 500")
            }
            for b in bad where b.result.lowercased().contains("error") && b.result.lowercased() != "stopped-deletion-threshold-exceeded" {
                problems.append(Problem(object: b.connector, attribute: "Result", value: b.result,
                                        detail: "run #\(b.number) (\(b.profile)) ended with \(b.result)", severity: .warning))
            }
        } else {
            lines.append("run history: no Get-ADSyncRunProfileResult export loaded")
        }
        for i in afterScheduler..<problems.count { problems[i].snapshot = runs?.name ?? "" }
        let afterRuns = problems.count

        if let cs = connectorSpace {
            let deletes = cs.objects.filter { (cs.value(of: $0, "pending-export")?.elements.first?.text.lowercased()) == "delete" }.count
            lines.append("")
            lines.append("pending deletes in \(cs.name): \(deletes) (deletion threshold \(deletionThreshold))"
                         + (deletes > deletionThreshold ? "   ✗ the export will stop" : ""))
            if deletes > deletionThreshold {
                problems.append(Problem(object: cs.name, attribute: "pending-export", value: "\(deletes) deletes",
                                        detail: "more pending deletes than the threshold of \(deletionThreshold)", severity: .error))
            }
        }

        for i in afterRuns..<problems.count { problems[i].snapshot = connectorSpace?.name ?? "" }
        if !problems.isEmpty || scheduler != nil {
            steps.append("Start-ADSyncSyncCycle -PolicyType Delta")
            steps.append("Get-ADSyncConnectorRunStatus   # watch it run")
        }
        lines.append("")
        lines.append(problems.isEmpty ? "no problems found in these exports" : "\(problems.count) problem\(problems.count == 1 ? "" : "s") found")
        if !steps.isEmpty {
            lines.append("")
            lines.append("next, on the Entra Connect server (review first; dirq never runs it):")
            var seen = Set<String>()
            for s in steps where seen.insert(s).inserted { lines.append("  " + s) }
        }
        return SyncHealth(report: lines.joined(separator: "\n") + "\n", problems: problems, nextSteps: steps)
    }

    private static func word(_ b: Bool?) -> String { b.map { $0 ? "yes" : "no" } ?? "?" }

    /// A TimeSpan as PowerShell prints it (`00:30:00`), from its text or from ConvertTo-Json's
    /// object form (`{Ticks, Days, Hours, …, TotalSeconds}`).
    static func timeSpanText(_ v: Value) -> String {
        guard case .record(let r) = v else { return v.text }
        var seconds = Compare.number(r["TotalSeconds"] ?? .null)
        if seconds == nil, let ticks = Compare.number(r["Ticks"] ?? .null) { seconds = ticks / 10_000_000 }
        guard let total = seconds.map({ Int($0) }) else { return v.text }
        let d = total / 86400, h = (total % 86400) / 3600, m = (total % 3600) / 60, sec = total % 60
        return (d > 0 ? "\(d)." : "") + String(format: "%02d:%02d:%02d", h, m, sec)
    }

    static func timestamp(_ v: Value) -> Double? {
        switch v.elements.first ?? .null {
        case .date(let d): return d.seconds
        case .string(let s): return DateParsing.parse(s)?.seconds
        default: return nil
        }
    }

    static func ago(_ seconds: Double, future: Bool = false) -> String {
        let s = Int(abs(seconds))
        let text: String
        if s < 90 { text = "\(s) s" } else if s < 5400 { text = "\(s / 60) min" } else if s < 172_800 {
            text = "\(s / 3600) h \((s % 3600) / 60) min"
        } else { text = "\(s / 86400) days" }
        return future ? "in \(text)" : "\(text) ago"
    }
}
