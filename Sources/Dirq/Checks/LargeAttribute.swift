import DirqModel
import DirqSyntax
import DirqEngine

extension Checks {
    /// large-attribute: attributes with more values than Entra ID takes.
    public static let largeAttribute = Check(
        name: "large-attribute",
        title: "An attribute has more values than Entra ID accepts",
        reported: "LargeObject / ExceededAllowedLength",
        severity: .error,
        needs: .onPrem,
        explanation: """
            Entra ID limits multi-valued attributes: at most 15 userCertificate and 15 \
            userSMIMECertificate values, and in practice a few hundred proxyAddresses (the object as a \
            whole must stay under the size limit). Objects over the limit fail export with LargeObject or \
            ExceededAllowedLength. Old certificates and stale addresses (x500, legacy smtp aliases) pile up \
            over the years.
            """,
        fix: """
            Remove expired certificates and stale addresses on-prem, then run a delta sync.
            """,
        powershell: """
            # Certificates with their expiry dates:
            (Get-ADUser '<sAMAccountName>' -Properties userCertificate).userCertificate |
                ForEach-Object { [Security.Cryptography.X509Certificates.X509Certificate2]::new($_) } |
                Select-Object Subject, NotAfter, Thumbprint
            Set-ADUser '<sAMAccountName>' -Certificates @{Remove=$oldCertificate}
            """,
        detection: [
            """
            onprem.objects where count(userCertificate) > 15
            | select snapshot, object, attribute = "userCertificate", value = "" + count(userCertificate),
                detail = "" + count(userCertificate) + " certificates; at most 15 are allowed"
            """,
            """
            onprem.objects where count(userSMIMECertificate) > 15
            | select snapshot, object, attribute = "userSMIMECertificate", value = "" + count(userSMIMECertificate),
                detail = "" + count(userSMIMECertificate) + " certificates; at most 15 are allowed"
            """,
            """
            onprem.objects where count(proxyAddresses) > 300
            | select snapshot, object, attribute = "proxyAddresses", value = "" + count(proxyAddresses),
                detail = "" + count(proxyAddresses) + " addresses; objects with more than about 300 fail with LargeObject"
            """,
        ],
        lessonQuery: "objects where count(userCertificate) > 15 or count(proxyAddresses) > 300 select object, certificates = count(userCertificate), addresses = count(proxyAddresses)",
        remedy: { Checks.fixLargeAttribute($0, &$1) }
    )

    /// The fix for too many values: list them, remove the stale ones.
    static func fixLargeAttribute(_ f: FixFinding, _ b: inout FixBlock) {
        guard let o = f.object, let dn = o.dn else { return }
        let v = b.set("dn", dn, "\(o.kind.rawValue) on-prem (\(o.snapshot))")
        if f.attribute.lowercased().hasSuffix("certificate") {
            // The attribute comes from the detection query above, never from an export; checked anyway.
            let attr = PSCode(stringLiteral: f.attribute.allSatisfy { $0.isASCII && $0.isLetter } ? f.attribute : "userCertificate")
            b.look("$certs = (Get-ADObject -Identity \(v) -Properties \(attr)).\(attr) | ForEach-Object { [Security.Cryptography.X509Certificates.X509Certificate2]::new([byte[]]$_) }",
                   "The certificates with their expiry dates:")
            b.look("$certs | Select-Object Subject, NotAfter, Thumbprint")
            b.look("$expired = @($certs | Where-Object NotAfter -lt (Get-Date) | ForEach-Object { $_.RawData })", "The expired ones:")
            b.change("Set-ADObject -Identity \(v) -Remove @{\(attr)=$expired}",
                     does: "removes the expired certificates from \(f.attribute) of \(o.label)",
                     risk: "a certificate still in use for S/MIME or smart-card sign-in must stay; check the list first")
        } else {
            b.look("(Get-ADObject -Identity \(v) -Properties proxyAddresses).proxyAddresses | Sort-Object", "Every address (x500 and legacy aliases pile up):")
            let stale = PSVar(name: "stale")
            b.choice("remove the addresses nobody uses", does: "removes the values you list from proxyAddresses of \(o.label)",
                     risk: "an x500 address may still be needed for replies to old mail (NDRs); keep the primary SMTP",
                     steps: ["\(stale) = @('smtp:old1@contoso.com', 'smtp:old2@contoso.com')  # the values to remove"],
                     commands: ["Set-ADObject -Identity \(v) -Remove @{proxyAddresses=\(stale)}"])
        }
    }
}
