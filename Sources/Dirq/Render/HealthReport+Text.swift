import DirqModel
import DirqSyntax
import DirqEngine

extension HealthReport {
    /// The report as `health` prints it at the prompt: the state read, ✗ beside what is wrong,
    /// the problem count, and the PowerShell to run next.
    public var text: String {
        var lines: [String] = []
        lines.append("Sync health as of \(Value.isoString(asOf)) (UTC)")
        lines.append("")
        func word(_ b: Bool?) -> String { b.map { $0 ? "yes" : "no" } ?? "?" }
        if let s = scheduler {
            lines.append("scheduler (\(s.snapshot))")
            lines.append("  sync cycle enabled   \(word(s.syncCycleEnabled))" + (s.syncCycleEnabled == false ? "   ✗ no cycle runs until it is enabled" : ""))
            lines.append("  suspended            \(word(s.suspended))" + (s.suspended == true ? "   ✗ a maintenance task or upgrade suspended it" : ""))
            lines.append("  staging mode         \(word(s.stagingMode))" + (s.stagingMode == true ? "   ✗ this server imports and syncs but never exports" : ""))
            lines.append("  interval             \(s.interval.isEmpty ? "?" : s.interval)")
            if let next = s.nextCycle {
                let overdue = next < asOf
                lines.append("  next cycle           \(s.nextCyclePolicy.isEmpty ? "" : s.nextCyclePolicy + " ")at \(Value.isoString(next)) (\(SyncHealth.ago(asOf - next, future: !overdue)))"
                             + (overdue ? "   ✗ overdue" : ""))
            }
        } else {
            lines.append("scheduler: no Get-ADSyncScheduler export loaded (Get-ADSyncScheduler > scheduler.txt)")
        }
        lines.append("")
        if let r = runs {
            lines.append("last successful runs (\(r.snapshot), \(r.runCount) runs)")
            for run in r.lastRuns {
                let kind = run.kind == "delta" ? "Delta" : "Full"
                guard let profile = run.profile, let when = run.ended else {
                    lines.append("  \(TextWidth.pad(run.connector, to: 34)) \(run.kind): no successful \(kind) Synchronization in the export")
                    continue
                }
                lines.append("  \(TextWidth.pad(run.connector, to: 34)) \(run.kind): \(profile) #\(run.number ?? "") ended \(SyncHealth.ago(asOf - when))"
                             + (run.stale ? "   ✗ more than 3 hours ago" : ""))
            }
            if !r.failed.isEmpty {
                lines.append("")
                lines.append("runs that did not succeed (newest first)")
                for b in r.failed.prefix(10) {
                    lines.append("  #\(b.number) \(b.connector) \(b.profile): \(b.result)" + (b.started.map { " at \(Value.isoString($0))" } ?? ""))
                }
                if r.failed.count > 10 { lines.append("  … and \(r.failed.count - 10) more") }
            }
        } else {
            lines.append("run history: no Get-ADSyncRunProfileResult export loaded")
        }
        if let d = pendingDeletes {
            lines.append("")
            lines.append("pending deletes in \(d.snapshot): \(d.count) (deletion threshold \(d.threshold))"
                         + (d.count > d.threshold ? "   ✗ the export will stop" : ""))
        }
        lines.append("")
        lines.append(problems.isEmpty ? "no problems found in these exports" : "\(problems.count) problem\(problems.count == 1 ? "" : "s") found")
        if !nextSteps.isEmpty {
            lines.append("")
            lines.append("next, on the Entra Connect server (review first; dirq never runs it):")
            for s in nextSteps { lines.append("  " + s) }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
