extension Checks {
    /// invalid-soft-match: soft match finds a cloud object that already belongs to another on-prem
    /// object (it carries a different ImmutableId), or finds several.
    public static let invalidSoftMatch = Check(
        name: "invalid-soft-match",
        title: "Soft match finds a cloud object already synced from another anchor",
        reported: "InvalidSoftMatch",
        severity: .error,
        needs: .both,
        explanation: """
            When no cloud object carries an on-prem object's source anchor, the sync engine looks for one \
            with the same UPN or SMTP address. If the one it finds already has an ImmutableId — it was \
            synced from a different on-prem object — the two cannot be merged and the export fails with \
            InvalidSoftMatch. Typical causes: the on-prem account was deleted and re-created (new \
            objectGUID), the object moved between forests, Entra Connect was reinstalled with another \
            sourceAnchor attribute, or two on-prem objects share the value.
            """,
        fix: """
            If it is the same person, point the cloud object at the new anchor (set its ImmutableId to \
            the on-prem anchor, or clear it so soft match can run); otherwise remove the duplicate value \
            from the wrong object. Then run a delta sync.
            """,
        powershell: """
            # The anchor the cloud object has, and the one on-prem would send:
            Get-MgUser -UserId '<cloud id>' -Property onPremisesImmutableId,userPrincipalName
            [Convert]::ToBase64String(([guid]'<objectGUID>').ToByteArray())
            # If it is the same person, re-point the cloud object (review first!):
            # Update-MgUser -UserId '<cloud id>' -OnPremisesImmutableId '<anchor>'
            Start-ADSyncSyncCycle -PolicyType Delta
            """,
        detection: [
            """
            match onprem to cloud where outcome = "invalid-soft-match"
            | select snapshot, object, attribute = if(how = "soft-upn", "userPrincipalName", "proxyAddresses"),
                value = lower(value), detail
            """,
            """
            match cloud to onprem where exists candidate_of
            | join match onprem to cloud as m on object = m.candidates
            | where m.outcome = "invalid-soft-match"
            | select snapshot, object, attribute = if(m.how = "soft-upn", "userPrincipalName", "proxyAddresses"),
                value = lower(m.value), detail = "cloud " + kind + " that the on-prem " + m.kind + " " + m.object + " soft-matches, but it " + if(exists anchor, "is synced from another anchor (" + immutableid(anchor) + ")", "is one of several candidates")
            """,
        ],
        lessonQuery: "match onprem to cloud where outcome = \"invalid-soft-match\" select object, how, value, candidates"
    )
}
