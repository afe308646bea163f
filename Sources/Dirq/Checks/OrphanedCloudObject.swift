extension Checks {
    /// orphaned-cloud-object: a cloud object synced from on-prem whose source no on-prem object
    /// is any more (nothing carries its ImmutableId or SID).
    public static let orphanedCloudObject = Check(
        name: "orphaned-cloud-object",
        title: "A synced cloud object has no on-prem source",
        reported: "(Connect Health: orphaned object)",
        severity: .warning,
        needs: .both,
        explanation: """
            The cloud object says it is synced (onPremisesSyncEnabled, an ImmutableId), but no object in \
            the on-prem export carries that anchor (or, for groups, that SID). Either the on-prem object \
            was deleted or moved out of the sync scope and the deletion has not reached the cloud, or it \
            was re-created with a new objectGUID — then it will fail InvalidSoftMatch against this one.
            """,
        fix: """
            If the person still exists on-prem, re-point the cloud object to the new anchor (or restore the \
            old on-prem object); if not, let sync delete it or delete it in the cloud. Check the export \
            was complete (scope, OU filters) before acting.
            """,
        powershell: """
            # What the cloud object expects on-prem:
            Get-MgUser -UserId '<cloud id>' -Property onPremisesImmutableId,onPremisesDistinguishedName
            # The GUID that anchor stands for, to search AD with:
            [guid][Convert]::FromBase64String('<ImmutableId>')
            Get-ADObject -Filter "objectGUID -eq '<guid>'" -IncludeDeletedObjects
            """,
        detection: [
            """
            match cloud to onprem where outcome = "orphaned"
            | select snapshot, object, attribute = if(kind = "group", "onPremisesSecurityIdentifier", "onPremisesImmutableId"),
                value = if(kind = "group", first(onPremisesSecurityIdentifier), immutableid(anchor)), detail
            """,
        ],
        lessonQuery: "match cloud to onprem where outcome = \"orphaned\" select object, kind, anchor, detail",
        pairsSides: true
    )
}
