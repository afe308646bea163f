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
        lessonQuery: "objects where count(userCertificate) > 15 or count(proxyAddresses) > 300 select object, certificates = count(userCertificate), addresses = count(proxyAddresses)"
    )
}
