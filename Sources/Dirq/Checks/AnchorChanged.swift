import DirqModel
import DirqSyntax
import DirqEngine

extension Checks {
    /// anchor-changed: between two on-prem exports of one forest, an object's source anchor
    /// changed — its mS-DS-ConsistencyGuid was rewritten, or the account was deleted and re-created
    /// (or moved in from another forest) with a new objectGUID under the same DN, UPN or
    /// sAMAccountName. The cloud twin still carries the old anchor, so the sync engine either
    /// refuses the update or sees a new object that fails InvalidSoftMatch against the old twin.
    public static let anchorChanged = Check(
        name: "anchor-changed",
        title: "An object's source anchor changed between two exports",
        reported: "InvalidSoftMatch / (Connect Health: orphaned object) — after a re-created account or a forest move",
        severity: .error,
        needs: .onPremPair,
        explanation: """
            The source anchor (mS-DS-ConsistencyGuid, else objectGUID) is what ties an on-prem object to \
            its cloud twin for life: the twin's ImmutableId is that anchor. When an account is deleted and \
            re-created, restored from a backup instead of the recycle bin, or migrated from another forest \
            without carrying mS-DS-ConsistencyGuid over, it comes back with a new objectGUID and so a new \
            anchor; a script or a migration tool can also rewrite mS-DS-ConsistencyGuid itself. The old \
            cloud object keeps the old anchor: the new account fails InvalidSoftMatch against it (or \
            takes over nothing and a second cloud object appears), and the old one turns orphaned. \
            Comparing yesterday's export with today's shows it before the next sync does.
            """,
        fix: """
            If it is the same person, give the account its old anchor back: write the old anchor into \
            mS-DS-ConsistencyGuid (when Entra Connect uses it as sourceAnchor), so the next sync \
            hard-matches the existing cloud object. Otherwise set the cloud object's ImmutableId to the \
            new anchor, or, if the old cloud object is not wanted, delete it. Then run a delta sync.
            """,
        powershell: """
            # The two anchors as GUIDs, and the cloud object that carries the old one:
            [guid][Convert]::FromBase64String('<old anchor>')
            Get-MgUser -Filter "onPremisesImmutableId eq '<old anchor>'"
            # Give the account its old anchor back (review first!):
            Set-ADUser -Identity '<distinguishedName>' -Replace @{'mS-DS-ConsistencyGuid'=[Convert]::FromBase64String('<old anchor>')} -WhatIf
            Start-ADSyncSyncCycle -PolicyType Delta
            """,
        detection: [
            """
            diff $before $after where change = "anchor-changed"
            | select snapshot = $afterName, object, attribute, value = before,
                detail = detail + "; the anchor was " + before + " in " + $beforeName + " and is " + after + " in " + $afterName
            """,
        ],
        lessonQuery: "diff before onprem where change = \"anchor-changed\" select object, before, after, detail",
        remedy: { Checks.fixAnchorChanged($0, &$1) }
    )

    /// The fix for a changed anchor: the old anchor back in mS-DS-ConsistencyGuid, or the cloud
    /// object pointed at the new one — a person decides which.
    static func fixAnchorChanged(_ f: FixFinding, _ b: inout FixBlock) {
        guard let o = f.object, let dn = o.dn else { return }
        let v = b.set("dn", dn, "\(o.kind.rawValue) on-prem (\(o.snapshot))")
        let old = b.set("oldAnchor", f.value, "the anchor before: what a cloud object synced before the change carries")
        b.look("Get-ADObject -Identity \(v) -Properties objectGUID, mS-DS-ConsistencyGuid, whenCreated, whenChanged")
        b.look("[guid][Convert]::FromBase64String(\(old))", "The old anchor as a GUID (search a backup or the recycle bin with it):")
        b.look("Get-MgUser -Filter (\"onPremisesImmutableId eq '{0}'\" -f \(old).Replace(\"'\", \"''\")) -Property id,displayName,userPrincipalName,onPremisesImmutableId",
               "The cloud object that carries the old anchor:")
        b.choice("the same person: give the account its old anchor back",
                 does: "writes the old anchor into mS-DS-ConsistencyGuid of \(o.label); the next sync hard-matches the existing cloud object",
                 risk: "only works when Entra Connect's sourceAnchor is mS-DS-ConsistencyGuid (Get-ADSyncGlobalSettings); a second account carrying the same anchor would be a new conflict",
                 commands: ["Set-ADObject -Identity \(v) -Replace @{'mS-DS-ConsistencyGuid'=[Convert]::FromBase64String(\(old))}"])
        if let new = o.anchor {
            let n = b.set("newAnchor", new, "the anchor now")
            b.choice("the same person: point the cloud object at the new anchor",
                     does: "sets onPremisesImmutableId of the cloud object that carries the old anchor to the new one",
                     risk: "refused while the cloud object is still synced from the old source; on-prem values overwrite the cloud object's",
                     steps: ["$cloud = Get-MgUser -Filter (\"onPremisesImmutableId eq '{0}'\" -f \(old).Replace(\"'\", \"''\"))"],
                     commands: ["Update-MgUser -UserId $cloud.Id -OnPremisesImmutableId \(n)"])
        }
        b.choice("a different person: the old cloud object is not wanted",
                 note: "delete it in its orphaned-cloud-object block (or with Remove-MgUser) and let the account sync as a new object")
    }
}
