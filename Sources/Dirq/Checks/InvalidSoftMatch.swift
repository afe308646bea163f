import DirqModel
import DirqSyntax
import DirqEngine

extension Checks {
    /// invalid-soft-match: soft match finds a cloud object that already carries an anchor — the
    /// twin of another on-prem object that still exists, or one whose anchor nothing on-prem has
    /// — or finds several. The on-prem object and the cloud object it finds are one failed soft
    /// match, so the value they share is not also reported as a duplicate (duplicate-upn and
    /// duplicate-proxy still report it when two on-prem objects hold it).
    public static let invalidSoftMatch = Check(
        name: "invalid-soft-match",
        title: "Soft match finds a cloud object already synced from another anchor",
        reported: "InvalidSoftMatch",
        severity: .error,
        needs: .both,
        explanation: """
            When no cloud object carries an on-prem object's source anchor, the sync engine looks for one \
            with the same UPN or primary SMTP address. If the one it finds already has an ImmutableId — \
            it is the synced twin of another on-prem object, or it was synced from an object that is \
            gone — the two cannot be merged and the export fails with InvalidSoftMatch; so it does when \
            it finds several. Typical causes: the on-prem account was deleted and re-created (new \
            objectGUID), the object moved between forests, Entra Connect was reinstalled with another \
            sourceAnchor attribute, a UPN or address was moved on-prem from one object to a new one \
            while the old object's twin still holds it, or two on-prem objects share the value.
            """,
        fix: """
            If it is the same person, point the cloud object at the new anchor (set its ImmutableId to \
            the on-prem anchor, or clear it so soft match can run); otherwise remove the duplicate value \
            from the wrong object — when the cloud object is another on-prem object's twin, from that \
            object in AD, so the next sync takes it off the twin. Then run a delta sync.
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
                value = lower(m.value),
                detail = "cloud " + kind + " that the on-prem " + m.kind + " " + m.object + " soft-matches, but it "
                    + if(m.reason = "ambiguous", "is one of several candidates" + if(exists twin, " and already the twin of " + twin, ""),
                         if(exists twin, "already carries the anchor of " + twin,
                            "is synced from another anchor (" + if(exists anchor, immutableid(anchor), first(onPremisesSecurityIdentifier)) + ")"))
            """,
        ],
        lessonQuery: "match onprem to cloud where outcome = \"invalid-soft-match\" select object, reason, how, value, candidates, anchor_owner",
        remedy: { Checks.fixInvalidSoftMatch($0, &$1) },
        pairsSides: true
    )

    /// The fix for a failed soft match: if the on-prem object and the cloud object are the same
    /// person, point the cloud object at the on-prem anchor; if not, take the value off one of them.
    static func fixInvalidSoftMatch(_ f: FixFinding, _ b: inout FixBlock) {
        guard let o = f.object else { return }
        let onPrem = o.dn != nil ? o : f.others.first { $0.dn != nil }
        let cloud = o.dn == nil ? o : f.others.first { $0.dn == nil }
        if let onPrem { Remedies.lookUp(onPrem, in: &b, properties: "objectGUID, mS-DS-ConsistencyGuid, userPrincipalName, proxyAddresses, whenCreated") }
        if let cloud { Remedies.lookUp(cloud, in: &b, properties: "") }
        if let g = onPrem?.objectGUID {
            let v = b.set("objectGuid", g, "the on-prem objectGUID")
            b.look("[Convert]::ToBase64String(([guid]\(v)).ToByteArray())", "The ImmutableId that objectGUID gives (mS-DS-ConsistencyGuid wins when set):")
        }
        Remedies.hardMatch(onPrem, cloud, in: &b, label: "the same person: point the cloud object at the on-prem anchor",
                           does: "sets onPremisesImmutableId of \(cloud?.label ?? "") to the on-prem anchor, so the next sync hard-matches them",
                           risk: "on-prem values overwrite the cloud object's from then on; if its old source still syncs it, take that out of scope first, or the change is refused")
        if let onPrem { Remedies.giveUp(f, onPrem, in: &b, label: "different people: the on-prem object gives up \(f.value)") }
        if let cloud, let id = cloud.cloudId {
            let v = b.set("cloudId", id, "\(cloud.kind.rawValue) in Entra ID (\(cloud.snapshot))")
            b.choice("the cloud object is a leftover: delete it",
                     does: "deletes \(cloud.label) from Entra ID (restorable for 30 days); the on-prem object then syncs as a new one",
                     risk: "its mailbox, licences, group memberships and OneDrive go with it; a new object starts empty",
                     commands: ["\(PSCode(stringLiteral: Remedies.mgRemove(cloud.kind))) \(v)"])
        }
    }
}
