import DirqModel
import DirqSyntax
import DirqEngine

extension Checks {
    /// invalid-proxy: a proxy address that breaks Microsoft's rules.
    public static let invalidProxy = Check(
        name: "invalid-proxy",
        title: "A proxy address Entra ID will not accept as it is",
        reported: "IdentityDataValidationFailed / IdFix: Character, Format, Length",
        severity: .error,
        needs: .onPrem,
        explanation: """
            Each proxyAddresses value is type:address, at most 256 characters, with no spaces. For SMTP \
            addresses the part after the prefix must be a plain mail address: no < > ( ) ; , [ ] " \
            characters, no diacritics, no second ':' (SMTP:user:x@contoso.com is invalid), one '@' with a \
            domain after it. Invalid values are rejected at export or dropped by Exchange Online.
            """,
        fix: """
            Correct or remove the value on-prem (IdFix can do it in bulk), then run a delta sync.
            """,
        powershell: """
            Set-ADObject -Identity '<distinguishedName>' -Remove @{proxyAddresses='<bad value>'}
            Set-ADObject -Identity '<distinguishedName>' -Add @{proxyAddresses='smtp:<fixed address>'}
            Start-ADSyncSyncCycle -PolicyType Delta
            """,
        detection: [
            """
            onprem.objects expand proxyAddresses as p where proxyproblem(p) is not empty
            | select snapshot, object, attribute = "proxyAddresses", value = p, detail = proxyproblem_detail(p)
            """,
        ],
        lessonQuery: "objects expand proxyAddresses as p where proxyproblem(p) is not empty select object, p, rule = proxyproblem(p), problem = proxyproblem_detail(p)",
        remedy: { Checks.fixInvalidProxy($0, &$1) }
    )

    /// The fix for an invalid address: remove it, or replace it with a corrected one.
    static func fixInvalidProxy(_ f: FixFinding, _ b: inout FixBlock) {
        guard let o = f.object, let dn = o.dn else { return }
        let v = b.set("dn", dn, "\(o.kind.rawValue) on-prem (\(o.snapshot))")
        let written = o.proxyAddresses.first { $0.lowercased() == f.value.lowercased() } ?? f.value
        let bad = b.set("bad", written, "the invalid value as written")
        b.look("(Get-ADObject -Identity \(v) -Properties proxyAddresses).proxyAddresses")
        b.choice("remove the value", does: "removes it from proxyAddresses of \(o.label)",
                 risk: "mail to the address stops reaching the object (Exchange Online never accepted it anyway)",
                 commands: ["Set-ADObject -Identity \(v) -Remove @{proxyAddresses=\(bad)}"])
        let n = PSVar(name: "fixed")
        b.choice("replace it with a corrected address", does: "removes the invalid value and adds the one you type",
                 risk: "a corrected address that another object holds is a new duplicate",
                 steps: ["\(n) = Read-Host 'The corrected value, e.g. smtp:name@contoso.com'"],
                 commands: ["Set-ADObject -Identity \(v) -Remove @{proxyAddresses=\(bad)} -Add @{proxyAddresses=\(n)}"])
    }
}
