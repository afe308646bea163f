import DirqModel
import DirqSyntax
import DirqEngine

extension Checks {
    /// object-type-mismatch: an on-prem object without a hard match soft-matches a cloud object of
    /// another type (a user against a mail-enabled group or a contact).
    public static let objectTypeMismatch = Check(
        name: "object-type-mismatch",
        title: "Soft match finds a cloud object of another type",
        reported: "ObjectTypeMismatch",
        severity: .error,
        needs: .both,
        explanation: """
            An on-prem object with no hard match (no cloud object carries its anchor as ImmutableId) is \
            soft-matched by UPN or primary SMTP address. If the cloud object found that way is of another \
            type — typically a cloud-only mail-enabled group or contact holding the address a new on-prem \
            user brings — the sync engine cannot merge them and reports ObjectTypeMismatch. It happens when \
            objects were created in the cloud before directory sync, or an address moved from a group to a \
            person.
            """,
        fix: """
            Remove the address (or UPN) from the object that should not have it, or delete the cloud \
            object if it is obsolete, then run a delta sync.
            """,
        powershell: """
            # The cloud object in the way (Microsoft Graph PowerShell):
            Get-MgGroup -Filter "proxyAddresses/any(p:p eq 'smtp:<address>')"
            # Either remove the address from the on-prem object:
            Set-ADUser -Identity '<distinguishedName>' -Remove @{proxyAddresses='SMTP:<address>'}
            # or, if the cloud group is obsolete, delete it (review first!):
            # Remove-MgGroup -GroupId <cloud id>
            Start-ADSyncSyncCycle -PolicyType Delta
            """,
        detection: [
            """
            match onprem to cloud where outcome = "object-type-mismatch"
            | select snapshot, object, attribute = if(how = "soft-upn", "userPrincipalName", "proxyAddresses"),
                value = lower(value), detail
            """,
            """
            match cloud to onprem where exists candidate_of
            | join match onprem to cloud as m on object = m.candidates
            | where m.outcome = "object-type-mismatch"
            | select snapshot, object, attribute = if(m.how = "soft-upn", "userPrincipalName", "proxyAddresses"),
                value = lower(m.value), detail = "cloud " + kind + " that the on-prem " + m.kind + " " + m.object + " soft-matches"
            """,
        ],
        lessonQuery: "match onprem to cloud where outcome = \"object-type-mismatch\" select object, kind, how, value, detail",
        remedy: { Checks.fixObjectTypeMismatch($0, &$1) },
        pairsSides: true
    )

    /// The fix for an on-prem object whose soft-match candidate is of another type (or for that
    /// candidate): the on-prem object lets the value go, or the cloud object does (or goes).
    static func fixObjectTypeMismatch(_ f: FixFinding, _ b: inout FixBlock) {
        guard let o = f.object else { return }
        let onPrem = o.dn != nil ? o : f.others.first { $0.dn != nil }
        let cloud = o.dn == nil ? o : f.others.first { $0.dn == nil }
        if let onPrem { Remedies.lookUp(onPrem, in: &b, properties: "objectClass, userPrincipalName, proxyAddresses, mail") }
        if let cloud { Remedies.lookUp(cloud, in: &b, properties: "") }
        let upn = f.attribute.caseInsensitiveEquals("userPrincipalName")
        if let onPrem { Remedies.giveUp(f, onPrem, in: &b, label: "the on-prem \(onPrem.kind.rawValue) gives up \(f.value)") }
        if let cloud {
            if !upn { Remedies.giveUpAddress(cloud, address: f.value, in: &b, label: "the cloud \(cloud.kind.rawValue) gives up \(f.value)") }
            if let id = cloud.cloudId {
                let v = b.set("cloudId", id, "\(cloud.kind.rawValue) in Entra ID (\(cloud.snapshot))")
                b.choice("the cloud \(cloud.kind.rawValue) is obsolete: delete it",
                         does: "deletes \(cloud.label) from Entra ID (it stays restorable for 30 days)",
                         risk: "its members, mail, Teams and files go with it; make sure nobody uses it",
                         commands: ["\(PSCode(stringLiteral: Remedies.mgRemove(cloud.kind))) \(v)"])
            }
        }
    }
}
