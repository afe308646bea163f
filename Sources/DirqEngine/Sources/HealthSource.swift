import Foundation
import DirqModel
import DirqSyntax

/// `health`: the sync engine's problems as rows (what `check sync-health` reports), judged
/// against the context's "now" (`health at "…"`, else the clock).
package enum HealthSource {
    package static let entry = SourceEntry(
        name: "health", arguments: .none,
        summary: "the sync engine's problems from its scheduler, run-history and csexport exports",
        produce: { (_, context) in relation(context) })

    package static var fields: [String] { HealthReport.problemColumns }

    package static func relation(_ context: SourceContext) -> Relation {
        let e = context.engineSnapshots
        let h = SyncHealth.assess(scheduler: e.scheduler, runs: e.runs, connectorSpace: e.connectorSpace,
                                  now: context.referenceTime ?? Date().timeIntervalSince1970)
        return Relation(fields: fields, rows: h.problemTable.rows)
    }

    /// The `health` statement's assessment: the same judgement as the rows, with the state it
    /// read and the PowerShell to run next. An error when no engine export is loaded.
    package static func assess(_ context: SourceContext) throws(Diagnostic) -> HealthReport {
        let e = context.engineSnapshots
        guard e.scheduler != nil || e.runs != nil || e.connectorSpace != nil else {
            throw Diagnostic(.healthNoExports, .error, "health needs the sync engine's exports; none is loaded",
                             range: context.range, sourceName: context.sourceName,
                             notes: ["on the Entra Connect server: Get-ADSyncScheduler > scheduler.txt; Get-ADSyncRunProfileResult | Export-Csv runs.csv"])
        }
        return SyncHealth.assess(scheduler: e.scheduler, runs: e.runs, connectorSpace: e.connectorSpace,
                                 now: context.referenceTime ?? Date().timeIntervalSince1970)
    }
}
