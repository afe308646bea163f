import DirqModel
import DirqSyntax
import DirqEngine

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
        remedy: { Checks.fixOrphanedCloudObject($0, &$1) },
        pairsSides: true
    )

    /// The fix for an orphan: find the source it expects (perhaps deleted), then restore it or
    /// delete the cloud object.
    static func fixOrphanedCloudObject(_ f: FixFinding, _ b: inout FixBlock) {
        guard let o = f.object else { return }
        Remedies.lookUp(o, in: &b, properties: "")
        if let anchor = o.anchor {
            let a = b.set("immutableId", anchor, "the anchor the cloud object expects on-prem")
            b.look("$guid = [guid][Convert]::FromBase64String(\(a))", "The GUID that anchor stands for:")
            b.look("Get-ADObject -Filter 'objectGUID -eq $guid' -IncludeDeletedObjects -Properties whenChanged, isDeleted, lastKnownParent",
                   "The on-prem object, deleted or not (an object re-created since has another objectGUID):")
            b.choice("the on-prem object was deleted by mistake: restore it from the AD recycle bin",
                     does: "restores the deleted AD object with its objectGUID; the next sync pairs it with this cloud object again",
                     risk: "it comes back in its last OU with its old group memberships; needs the AD recycle bin",
                     steps: ["$deleted = Get-ADObject -Filter 'objectGUID -eq $guid' -IncludeDeletedObjects"],
                     commands: ["$deleted | Restore-ADObject"])
        } else if let sid = o.sid {
            let s = b.set("sid", sid, "the on-prem SID the cloud group expects")
            b.look("Get-ADGroup -Identity \(s)", "The on-prem group with that SID:")
        }
        if let id = o.cloudId {
            let v = b.set("cloudId", id, "\(o.kind.rawValue) in Entra ID (\(o.snapshot))")
            b.choice("the source is gone for good: delete the cloud object",
                     does: "deletes \(o.label) from Entra ID (restorable for 30 days)",
                     risk: "check the on-prem export was complete (OU filters, scope) first: an object only missing from the export still exists",
                     commands: ["\(PSCode(stringLiteral: Remedies.mgRemove(o.kind))) \(v)"])
        }
        b.choice("the person exists on-prem under a new account", note: "see the invalid-soft-match or anchor-changed block of that account: point this cloud object at its anchor")
    }
}
