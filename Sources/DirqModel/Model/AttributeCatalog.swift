/// What dirq knows about directory attributes regardless of the snapshot: friendly aliases,
/// which attributes are multi-valued, and which hold binary data.
public enum AttributeCatalog {
    /// Friendly names and the real attribute names they stand for, tried in order; the first
    /// one present in the snapshot wins. Keys are lower-case.
    public static let aliases: [String: [String]] = [
        "upn": ["userPrincipalName"],
        "sam": ["sAMAccountName", "onPremisesSamAccountName"],
        "proxies": ["proxyAddresses"],
        "guid": ["objectGUID", "id", "ObjectId"],
        "dn": ["dn", "distinguishedName", "onPremisesDistinguishedName"],
        "immutableid": ["onPremisesImmutableId", "ImmutableId"],
        "sid": ["objectSid", "onPremisesSecurityIdentifier", "SID"],
        "name": ["displayName", "name", "cn"],
        // What Get-ADUser, the MSOnline, AzureAD and Graph PowerShell modules and legacy Azure AD
        // Graph call the attributes of LDIF and Graph v1.0 (names compare case-insensitively, so
        // `ObjectGUID`, `ProxyAddresses`, `OnPremisesImmutableId` need no entry).
        "mail": ["EmailAddress"],
        "objectsid": ["SID"],
        "onpremisesimmutableid": ["ImmutableId"],
        "id": ["ObjectId"],
        "onpremisessyncenabled": ["DirSyncEnabled"],
        "onpremiseslastsyncdatetime": ["LastDirSyncTime"],
        "accountenabled": ["Enabled"],
    ]

    /// Attributes that are multi-valued in AD or Graph. A CSV cell of one of these is split at `;`
    /// (when `;` is not the delimiter). Lower-case.
    public static let multiValued: Set<String> = [
        "proxyaddresses", "memberof", "member", "objectclass", "usercertificate", "usersmimecertificate",
        "othermailbox", "othertelephone", "othermobile", "otherhomephone", "url", "servicePrincipalName".lowercased(),
        "businessphones", "othermails", "imaddresses", "showinaddressbook", "msexchextensioncustomattribute1",
        "userworkstations", "dscorepropagationdata", "msds-supportedencryptiontypes".lowercased(),
        "objectclasses", "sidhistory", "x500", "msrtcsip-proxyaddresses",
    ]

    /// Attributes whose values are raw bytes in AD; LDIF writes them as `attr:: base64`.
    public static let binary: Set<String> = [
        "objectguid", "objectsid", "ms-ds-consistencyguid", "usercertificate", "usersmimecertificate",
        "thumbnailphoto", "jpegphoto", "msexchmailboxguid", "msexchmailboxsecuritydescriptor", "sidhistory",
        "ntsecuritydescriptor", "logonhours", "msexcharchiveguid", "replicationsignature",
    ]

    /// .NET type names that PowerShell writes into a CSV cell instead of the data when a property
    /// is a collection and was not joined before `Export-Csv`.
    public static let dotNetTypeNames: [String] = [
        "Microsoft.ActiveDirectory.Management.ADPropertyValueCollection",
        "System.String[]", "System.Byte[]", "System.Object[]",
        "System.Collections.Generic.List`1[System.String]",
        "Microsoft.Graph.PowerShell.Models.MicrosoftGraphOnPremisesProvisioningError[]",
        "System.Collections.Generic.List`1[Microsoft.Online.Administration.ProvisioningError]",
    ]
}
