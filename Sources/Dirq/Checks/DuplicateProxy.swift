import DirqModel
import DirqSyntax
import DirqEngine

extension Checks {
    /// duplicate-proxy: two identities hold the same SMTP address. The `SMTP:`/`smtp:` prefix only
    /// marks the primary address, and addresses compare case-insensitively.
    public static let duplicateProxy = Check(
        name: "duplicate-proxy",
        title: "Two identities share an SMTP proxy address",
        reported: "AttributeValueMustBeUnique (ProxyAddresses)",
        severity: .error,
        needs: .either,
        explanation: """
            Every SMTP address in proxyAddresses must be unique across users, groups and contacts. The \
            prefix is not part of the address: SMTP:Joe@Contoso.com (primary) and smtp:joe@contoso.com \
            (secondary) are the same address, because the prefix's case only marks which one is primary \
            and addresses compare without regard to case. A user and a group or a contact can collide \
            as well. With duplicate attribute resiliency the address is quarantined on the newcomer \
            and listed in its onPremisesProvisioningErrors.
            """,
        fix: """
            Remove the address from the object that should not receive mail for it (in AD for synced \
            objects), then run a delta sync. If the other holder is cloud-only, change it in Exchange \
            Online or Entra ID first.
            """,
        powershell: """
            # Who has it (users, groups and contacts):
            Get-ADObject -LDAPFilter "(proxyAddresses=smtp:<address>)" -Properties proxyAddresses
            # Remove it from the object that should not have it:
            Set-ADObject -Identity '<distinguishedName>' -Remove @{proxyAddresses='smtp:<address>'}
            Start-ADSyncSyncCycle -PolicyType Delta
            """,
        detection: ["""
            identities
            | expand smtp as value
            | group by value having count(distinct(identity)) > 1
            | ungroup
            | distinct identity, value
            | select snapshot, object, attribute = "proxyAddresses", value,
                detail = "also held by " + join(without(members, identity), "; ")
            """],
        lessonQuery: """
            objects expand proxyAddresses as p where p.type = "smtp" group by p.address having count > 1
            """,
        remedy: { Checks.fixDuplicateProxy($0, &$1) }
    )

    /// The fix for one holder of a duplicate address: look at every holder, then choose which
    /// one gives the address up.
    static func fixDuplicateProxy(_ f: FixFinding, _ b: inout FixBlock) {
        guard let o = f.object else { return }
        Remedies.lookUp(o, in: &b, properties: "proxyAddresses, mail, whenChanged")
        Remedies.whoHolds("proxyAddresses", f.value, in: &b, onPrem: true, cloud: true)
        Remedies.giveUpAddress(o, address: f.value, in: &b, label: "\(o.label) gives up \(f.value)")
        for other in f.others {
            b.choice("\(other.label) gives it up instead", note: "nothing to run here: use choice A in the block of \(other.identity)")
        }
    }
}
