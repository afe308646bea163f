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
            | select snapshot, object, attribute = "proxyAddresses", value = lower(p), detail = proxyproblem(p)
            """,
        ],
        lessonQuery: "objects expand proxyAddresses as p where proxyproblem(p) is not empty select object, p, problem = proxyproblem(p)"
    )
}
