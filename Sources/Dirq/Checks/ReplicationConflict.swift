import DirqModel
import DirqSyntax
import DirqEngine

extension Checks {
    /// replication-conflict: an on-prem object whose RDN was mangled by a replication conflict.
    /// When two domain controllers create or move an object of the same name at the same time, AD
    /// keeps one and renames the other `CN=<name>\0ACNF:<objectGUID>` (a sAMAccountName clash gets
    /// `$DUPLICATE-<RID>`). The loser usually has no UPN or addresses, but it is still a directory
    /// object in sync scope: it syncs as a second, stray identity, and IdFix skips such objects, so
    /// nobody reviews them.
    public static let replicationConflict = Check(
        name: "replication-conflict",
        title: "A replication-conflict (CNF) copy of an object is in sync scope",
        reported: "(no sync error: a stray extra object; IdFix skips it)",
        severity: .warning,
        needs: .onPrem,
        explanation: """
            When two domain controllers create (or rename into) the same name at once, AD keeps one \
            object and renames the other to <name>\\0ACNF:<objectGUID>; a clashing sAMAccountName \
            becomes $DUPLICATE-<RID>. The copy is a real object: if it is in a synced OU it is synced as \
            an identity of its own, and as it usually has no UPN or mail it is easy to miss. IdFix \
            skips these objects, so they are found only by looking for them.
            """,
        fix: """
            Decide which copy is the real one (compare members, group memberships, last logon), move \
            what the conflict copy holds to it, then delete the conflict copy on-prem (or move it out \
            of sync scope) and run a delta sync.
            """,
        powershell: """
            Get-ADObject -LDAPFilter '(cn=*\\0ACNF:*)' -Properties whenCreated, sAMAccountName
            Remove-ADObject -Identity '<distinguishedName>' -WhatIf
            """,
        detection: [
            """
            onprem.objects where dn contains "\\\\0ACNF:" or sam starts with "$DUPLICATE-"
            | select snapshot, object, attribute = "dn", value = dn,
                detail = "a replication-conflict copy (CNF): AD renamed it when another DC created the same name"
            """,
        ],
        lessonQuery: #"objects where dn contains "\\0ACNF:" select object, sam, whenCreated"#,
        remedy: { Checks.fixReplicationConflict($0, &$1) }
    )

    /// The fix for a conflict copy: look at both copies, then remove the stray one.
    static func fixReplicationConflict(_ f: FixFinding, _ b: inout FixBlock) {
        guard let o = f.object, let dn = o.dn else { return }
        let v = b.set("dn", dn, "the conflict copy on-prem (\(o.snapshot))")
        b.look("Get-ADObject -Identity \(v) -Properties whenCreated, whenChanged, sAMAccountName, memberOf",
               "The conflict copy, to compare with the object that kept the name:")
        b.change("Remove-ADObject -Identity \(v)",
                 does: "deletes the conflict copy \(o.label) from AD",
                 risk: "anything only the copy holds (group memberships, a mailbox link) goes with it; move it first")
    }
}
