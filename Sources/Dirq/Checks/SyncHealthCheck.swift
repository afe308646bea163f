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
        lessonQuery: "health select object, attribute, value, detail"
    )
}
