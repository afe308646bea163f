import DirqModel
import DirqSyntax
import DirqEngine

extension Checks {
    /// duplicate-upn: two identities hold the same UPN. Entra ID requires userPrincipalName to be
    /// unique in the tenant, compared case-insensitively; an on-prem object and its own synced
    /// twin are one identity and never collide with each other.
    public static let duplicateUPN = Check(
        name: "duplicate-upn",
        title: "Two identities share a userPrincipalName",
        reported: "AttributeValueMustBeUnique (UserPrincipalName)",
        severity: .error,
        needs: .either,
        explanation: """
            Entra ID requires every userPrincipalName to be unique in the tenant, compared without regard \
            to case: Jane.Doe@contoso.com and jane.doe@contoso.com are the same UPN. When a second object \
            brings a UPN that an identity already holds — another on-prem user, or a cloud object that is \
            not its own twin — the export fails with AttributeValueMustBeUnique, or, with duplicate \
            attribute resiliency, the newcomer gets a placeholder UPN (prefix + 4 digits @ \
            tenant.onmicrosoft.com). It usually comes from copied accounts, re-hired staff, or a UPN \
            changed on-prem while the old value still sits on another cloud object.
            """,
        fix: """
            Decide which object should keep the UPN and give the other a unique one in the directory \
            where it is mastered (on-prem AD for synced objects, Entra ID for cloud-only ones), then run a \
            delta sync.
            """,
        powershell: """
            # Review the holders first:
            Get-ADUser -Filter "UserPrincipalName -eq '<upn>'" -Properties UserPrincipalName, whenCreated
            # Then give the object that should not have it a new UPN:
            Set-ADUser -Identity '<distinguishedName>' -UserPrincipalName '<new.upn>@contoso.com'
            Start-ADSyncSyncCycle -PolicyType Delta
            """,
        detection: ["""
            identities
            | expand upn as value
            | group by value having count(distinct(identity)) > 1
            | ungroup
            | distinct identity, value
            | select snapshot, object, attribute = "userPrincipalName", value,
                detail = "also held by " + join(without(members, identity), "; ")
            """],
        lessonQuery: "users group by upn having count > 1",
        remedy: { Checks.fixDuplicateUPN($0, &$1) }
    )

    /// The fix for one holder of a duplicate UPN: look at every holder, then choose which one
    /// gives the UPN up (this one, or another in its own block): dirq cannot know who keeps it.
    static func fixDuplicateUPN(_ f: FixFinding, _ b: inout FixBlock) {
        guard let o = f.object else { return }
        Remedies.lookUp(o, in: &b, properties: "userPrincipalName, whenCreated, whenChanged, mail")
        Remedies.whoHolds("userPrincipalName", f.value, in: &b, onPrem: true, cloud: true)
        Remedies.giveUpUPN(o, in: &b, label: "\(o.label) gives up \(f.value)")
        for other in f.others {
            b.choice("\(other.label) gives it up instead", note: "nothing to run here: use choice A in the block of \(other.identity)")
        }
    }
}
