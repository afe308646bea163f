import DirqModel
import DirqSyntax
import DirqEngine

extension Checks {
    /// invalid-upn: a UPN that breaks Microsoft's rules (characters, lengths, `@`, routable suffix).
    public static let invalidUPN = Check(
        name: "invalid-upn",
        title: "A userPrincipalName Entra ID will not accept as it is",
        reported: "IdentityDataValidationFailed / IdFix: Character, Format, Length, TopLevelDomain",
        severity: .error,
        needs: .onPrem,
        explanation: """
            A UPN must be user@domain with one '@', at most 113 characters (64 before the '@', 48 after), \
            only A–Z a–z 0–9 ' . - _ ! # ^ ~ before the '@' (no spaces, no diacritics), not end with '.' \
            before the '@', and use a routable domain verified in the tenant — never .local or another \
            internal suffix. Objects with such UPNs fail export (DataValidationFailed), or sync with a \
            tenant.onmicrosoft.com UPN instead of the one users know.
            """,
        fix: """
            Correct the UPN on-prem; for a non-routable suffix, add a routable UPN suffix to the forest and \
            move users to it. Run a delta sync.
            """,
        powershell: """
            # Add a routable suffix to the forest once, then fix each user:
            Get-ADForest | Set-ADForest -UPNSuffixes @{Add='contoso.com'}
            Set-ADUser -Identity '<distinguishedName>' -UserPrincipalName '<user>@contoso.com'
            Start-ADSyncSyncCycle -PolicyType Delta
            """,
        detection: [
            """
            onprem.users where upnproblem(upn) is not empty
            | select snapshot, object, attribute = "userPrincipalName", value = lower(upn), detail = upnproblem_detail(upn)
            """,
        ],
        lessonQuery: "users where upnproblem(upn) is not empty select upn, rule = upnproblem(upn), problem = upnproblem_detail(upn)",
        remedy: { Checks.fixInvalidUPN($0, &$1) }
    )

    /// The fix for an invalid UPN: a new, valid UPN on-prem (dirq cannot choose it).
    static func fixInvalidUPN(_ f: FixFinding, _ b: inout FixBlock) {
        guard let o = f.object, let dn = o.dn else { return }
        let v = b.set("dn", dn, "\(o.kind.rawValue) on-prem (\(o.snapshot))")
        b.look("Get-ADUser -Identity \(v) -Properties userPrincipalName, mail")
        b.look("(Get-ADForest).UPNSuffixes", "The UPN suffixes the forest offers (a .local suffix needs a routable one added):")
        let n = PSVar(name: "newUpn")
        b.look("\(n) = Read-Host 'A valid userPrincipalName for this user'", "Choose the new UPN (dirq will not guess it):")
        b.change("Set-ADUser -Identity \(v) -UserPrincipalName \(n)",
                 does: "sets the userPrincipalName of \(o.label) (now \(f.value)) in AD; the next sync exports the user",
                 risk: "the person signs in with the new UPN; a UPN another object already holds fails as a duplicate")
    }
}
