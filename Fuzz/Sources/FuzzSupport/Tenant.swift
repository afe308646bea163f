import Dirq

/// A small fixed tenant built in code for the `query` target: an on-prem snapshot, an older copy
/// of it (for `diff`), and a cloud snapshot whose objects hard-match, soft-match, conflict with
/// or miss the on-prem ones, so matching, identities, checks and joins all have work to do.
public enum FuzzTenant {
    static let guidA: [UInt8] = [0xD7, 0x07, 0xCC, 0xF7, 0x15, 0x7C, 0x7D, 0x44, 0x87, 0x6D, 0xC0, 0x1B, 0x0E, 0x5A, 0x9E, 0x38]
    static let guidB: [UInt8] = [0x24, 0x6D, 0xF2, 0x86, 0xC6, 0xF9, 0xDC, 0x47, 0xA4, 0xE5, 0xA1, 0x34, 0x5E, 0x2C, 0x34, 0x8A]
    static let guidC: [UInt8] = Array(repeating: 0x11, count: 16)

    public static let snapshots: [Snapshot] = [onPrem(name: "before", old: true), cloud(), onPrem(name: "onprem", old: false)]

    private typealias Attrs = [(String, Value)]

    private static func onPrem(name: String, old: Bool) -> Snapshot {
        var b = SnapshotBuilder(path: name + ".ldif", format: .ldif)
        func object(_ dn: String, _ classes: [String], _ attrs: Attrs) {
            b.beginObject(line: 1)
            b.add("dn", .string(dn))
            b.add("objectClass", .list(classes.map { .string($0) }))
            for (k, v) in attrs { b.add(k, v) }
            b.endObject()
        }
        let user = ["top", "person", "organizationalPerson", "user"]
        object("CN=Jane Doe,OU=Staff,DC=contoso,DC=com", user, [
            ("userPrincipalName", .string("Jane.Doe@contoso.com")), ("sAMAccountName", .string("jane.doe")),
            ("displayName", .string("Jane Doe")), ("department", .string(old ? "Marketing" : "Sales")),
            ("mail", .string("jane.doe@contoso.com")),
            ("proxyAddresses", .list([.string("SMTP:Jane.Doe@contoso.com"), .string("smtp:jd@contoso.com"),
                                      .string("X500:/o=Contoso/ou=Users/cn=jane")])),
            ("userAccountControl", .string("512")), ("objectGUID", .bytes(guidA)),
            ("mS-DS-ConsistencyGuid", .bytes(guidA)), ("whenCreated", .date(DirDate(seconds: 1_705_311_000))),
            ("memberOf", .list([.string("CN=Sales,OU=Groups,DC=contoso,DC=com")])),
        ])
        object("CN=Jane Doe2,OU=Staff,DC=contoso,DC=com", user, [
            ("userPrincipalName", .string("jane.doe@CONTOSO.com")), ("sAMAccountName", .string("jane.doe2")),
            ("displayName", .string("Jane Doe (2)")), ("department", .string("sales")),
            ("proxyAddresses", .list([.string("SMTP:jane.doe2@contoso.com"), .string("smtp:JD@contoso.com")])),
            ("userAccountControl", .string("514")), ("objectGUID", .bytes(guidB)),
            ("description", .string("Ünïcödé, \"quoted\"; semi")), ("whenCreated", .date(DirDate(seconds: 1_705_311_000.5))),
        ])
        object("CN=Bob,OU=Staff,DC=contoso,DC=com", user, [
            ("userPrincipalName", .string("bob@contoso.local")), ("department", .string("IT")),
            ("mail", .string("bob@contoso.com")), ("proxyAddresses", .list([.string("SMTP:bob@contoso.com")])),
            ("userAccountControl", .string("512")), ("objectGUID", .bytes(guidC)),
            ("thumbnailPhoto", .bytes(Array(0..<64))),
        ])
        if !old {
            object("CN=NoUPN,OU=Staff,DC=contoso,DC=com", user, [("department", .string("IT"))])
        }
        object("CN=Sales,OU=Groups,DC=contoso,DC=com", ["top", "group"], [
            ("mail", .string("sales@contoso.com")), ("proxyAddresses", .string("smtp:bob@contoso.com")),
            ("member", .list([.string("CN=Jane Doe,OU=Staff,DC=contoso,DC=com"), .string("CN=Bob,OU=Staff,DC=contoso,DC=com")])),
        ])
        object("CN=Ext,OU=Contacts,DC=contoso,DC=com", ["top", "person", "organizationalPerson", "contact"], [
            ("mail", .string("ext@fabrikam.com")), ("targetAddress", .string("SMTP:ext@fabrikam.com")),
            ("proxyAddresses", .list([.string("SMTP:ext@fabrikam.com"), .string("smtp:jane.doe@contoso.com")])),
        ])
        return b.build(name: name, side: .onPrem)
    }

    private static func cloud() -> Snapshot {
        var b = SnapshotBuilder(path: "cloud.json", format: .json)
        func object(_ type: String, _ attrs: Attrs) {
            b.beginObject(line: 1)
            b.add("@odata.type", .string("#microsoft.graph." + type))
            for (k, v) in attrs { b.add(k, v) }
            b.endObject()
        }
        func base64(_ g: [UInt8]) -> String {
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
            var out = ""
            var i = 0
            while i < g.count {
                let n = Int(g[i]) << 16 | (i + 1 < g.count ? Int(g[i + 1]) << 8 : 0) | (i + 2 < g.count ? Int(g[i + 2]) : 0)
                let chars = [n >> 18 & 63, n >> 12 & 63, n >> 6 & 63, n & 63].map { alphabet[$0] }
                let keep = min(4, g.count - i + 1)
                out += String(chars.prefix(keep)) + String(repeating: "=", count: 4 - keep)
                i += 3
            }
            return out
        }
        object("user", [
            ("id", .string("81ebdbf4-a381-457d-a522-e29133cf3b2f")), ("userPrincipalName", .string("jane.doe@contoso.com")),
            ("displayName", .string("Jane Doe")), ("mail", .string("jane.doe@contoso.com")),
            ("proxyAddresses", .list([.string("SMTP:jane.doe@contoso.com")])),
            ("onPremisesImmutableId", .string(base64(guidA))), ("onPremisesSyncEnabled", .bool(true)),
            ("accountEnabled", .bool(true)), ("createdDateTime", .date(DirDate(seconds: 1_705_312_931))),
            ("onPremisesProvisioningErrors", .list([])),
        ])
        object("user", [
            ("id", .string("b1c94fc8-086a-41e9-8553-23da06e34e70")), ("userPrincipalName", .string("bob@contoso.com")),
            ("mail", .string("bob@contoso.com")), ("proxyAddresses", .list([.string("SMTP:bob@contoso.com")])),
            ("onPremisesSyncEnabled", .null), ("accountEnabled", .bool(false)), ("usageLocation", .string("DE")),
            ("assignedLicenses", .list([.record(Record([.init(name: "skuId", value: .string("c7df2760"))]))])),
        ])
        object("user", [
            ("id", .string("0f7c1d2e-0000-4000-8000-000000000001")), ("userPrincipalName", .string("ghost@contoso.com")),
            ("onPremisesImmutableId", .string(base64(Array(repeating: 0x22, count: 16)))),
            ("onPremisesSyncEnabled", .bool(true)), ("employeeId", .int(42)), ("score", .double(2.5)),
        ])
        object("group", [
            ("id", .string("0f7c1d2e-0000-4000-8000-000000000002")), ("displayName", .string("Sales")),
            ("mail", .string("sales@contoso.com")), ("mailEnabled", .bool(true)),
            ("proxyAddresses", .list([.string("SMTP:sales@contoso.com")])),
        ])
        object("orgContact", [
            ("id", .string("0f7c1d2e-0000-4000-8000-000000000003")), ("mail", .string("ext@fabrikam.com")),
            ("proxyAddresses", .list([.string("SMTP:ext@fabrikam.com")])),
        ])
        return b.build(name: "cloud", side: .cloud)
    }
}
