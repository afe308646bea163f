import DirqModel
import DirqSyntax
import DirqEngine

extension Checks {
    /// soft-match-takeover: a cloud-only object that an on-prem object will soft-match and take
    /// over on the next sync. Not an error, but everything in the cloud object is overwritten.
    public static let softMatchTakeover = Check(
        name: "soft-match-takeover",
        title: "A cloud-only object will be taken over by soft match",
        reported: "(silent: no error is shown)",
        severity: .warning,
        needs: .both,
        explanation: """
            An on-prem object with no hard match and exactly one cloud-only candidate of the same type \
            (same UPN or primary SMTP address, no ImmutableId) is soft-matched: the sync engine writes its \
            anchor into the cloud object and from then on on-prem is the source of truth. Every synced \
            attribute of the cloud object is overwritten — and with password hash sync, its password. \
            That is often intended (a migration), and sometimes a surprise (a different person with the \
            same address). Entra ID refuses to soft-match cloud users that hold admin roles.
            """,
        fix: """
            Make sure the two really are the same person and the on-prem data is complete before the next \
            sync; if they are not, change the UPN or address on one side first. Tenants can block soft \
            match altogether (BlockSoftMatchEnabled).
            """,
        powershell: """
            # Compare the two objects before the takeover:
            Get-ADUser -Identity '<distinguishedName>' -Properties *
            Get-MgUser -UserId '<cloud id>' -Property displayName,userPrincipalName,proxyAddresses,onPremisesImmutableId
            """,
        detection: [
            """
            match onprem to cloud where outcome = "takeover"
            | select snapshot, object, attribute = if(how = "soft-upn", "userPrincipalName", "proxyAddresses"),
                value = lower(value), detail
            """,
            """
            match cloud to onprem where exists candidate_of
            | join match onprem to cloud as m on object = m.candidates
            | where m.outcome = "takeover"
            | select snapshot, object, attribute = if(m.how = "soft-upn", "userPrincipalName", "proxyAddresses"),
                value = lower(m.value), detail = "cloud-only " + kind + " that the on-prem " + m.kind + " " + m.object + " will take over"
            """,
        ],
        lessonQuery: "match onprem to cloud where outcome = \"takeover\" select object, how, value, candidates",
        remedy: { Checks.fixSoftMatchTakeover($0, &$1) },
        pairsSides: true
    )

    /// The fix for a coming takeover: compare the two; if they are the same person, nothing needs
    /// to change (or hard-match them now); if not, move the value before the next sync.
    static func fixSoftMatchTakeover(_ f: FixFinding, _ b: inout FixBlock) {
        guard let o = f.object else { return }
        let onPrem = o.dn != nil ? o : f.others.first { $0.dn != nil }
        let cloud = o.dn == nil ? o : f.others.first { $0.dn == nil }
        if let onPrem { Remedies.lookUp(onPrem, in: &b, properties: "*") }
        if let cloud { Remedies.lookUp(cloud, in: &b, properties: "") }
        b.choice("the same person, and on-prem data is complete", note: "nothing to run: the next sync takes the cloud object over")
        Remedies.hardMatch(onPrem, cloud, in: &b, label: "the same person: hard-match them now instead of relying on soft match",
                           does: "sets onPremisesImmutableId of \(cloud?.label ?? "") to the on-prem anchor",
                           risk: "the cloud object's synced attributes (and, with password hash sync, its password) are overwritten at the next sync")
        if let onPrem {
            Remedies.giveUp(f, onPrem, in: &b, label: "different people: the on-prem object gives up \(f.value) before the next sync")
        }
    }
}
