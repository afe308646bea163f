import DirqModel
import DirqSyntax
import DirqEngine

extension Checks {
    /// sync-health: the scheduler is disabled or suspended, the server is in staging mode, the last
    /// successful delta run is more than 3 hours old, or a run stopped at the deletion threshold.
    public static let syncHealth = Check(
        name: "sync-health",
        title: "Sync is stopped, stale or blocked",
        reported: "(portal: last sync more than 3 hours ago; stopped-deletion-threshold-exceeded)",
        severity: .error,
        needs: .engine,
        explanation: """
            Before chasing single objects, check that sync runs at all. Entra Connect runs a delta cycle \
            every 30 minutes; if the last one is more than a few hours old, the scheduler is disabled \
            (SyncCycleEnabled False — often left so after maintenance or a migration), suspended, the \
            server is in staging mode (it imports and synchronizes but never exports), or the ADSync \
            service is stopped. A run that ends with stopped-deletion-threshold-exceeded stops every \
            export until someone reviews the pending deletes.
            """,
        fix: """
            Enable or resume the scheduler and run a delta cycle; for the deletion threshold, review what \
            would be deleted first and only then allow it once.
            """,
        powershell: """
            Get-ADSyncScheduler
            Get-Service ADSync | Select-Object Status
            Set-ADSyncScheduler -SyncCycleEnabled $true
            Start-ADSyncSyncCycle -PolicyType Delta
            """,
        detection: ["health select snapshot, object, attribute, value, detail"],
        lessonQuery: "health select object, attribute, value, detail",
        remedy: { Checks.fixSyncHealth($0, &$1) }
    )

    /// The fix for stopped or stale sync: look at the scheduler and the service, then enable it.
    static func fixSyncHealth(_ f: FixFinding, _ b: inout FixBlock) {
        b.look("Get-ADSyncScheduler")
        b.look("Get-Service ADSync | Select-Object Status")
        b.look("Get-ADSyncRunProfileResult -NumberRequested 10 | Select-Object RunProfileName, Result, StartDate, EndDate")
        let text = (f.attribute + " " + f.value + " " + f.detail).lowercased()
        if text.contains("deletion") {
            b.note("a run stopped at the deletion threshold: review the pending deletes (csexport \"<connector>\" /f:d) before allowing them once with Disable-ADSyncExportDeletionThreshold")
        } else if text.contains("staging") {
            b.note("the server is in staging mode: it never exports; run the Entra Connect wizard (Configure staging mode) on the server that should be active")
        } else {
            b.choice("turn the scheduler on", does: "enables the sync cycle (every 30 minutes)",
                     risk: "if it was disabled for maintenance or a migration, finish that first; Set-ADSyncScheduler may not accept -WhatIf: then review and run it without",
                     commands: ["Set-ADSyncScheduler -SyncCycleEnabled $true"])
        }
    }
}
