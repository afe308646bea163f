@testable import Dirq

/// A tiny snapshot built in code, so engine tests do not depend on any loader.
enum TestTenant {
    static func onPrem() -> Snapshot {
        var b = SnapshotBuilder(path: "mem.ldif", format: .ldif)
        func user(_ dn: String, _ attrs: [(String, Value)]) {
            b.beginObject(line: 1)
            b.add("dn", .string(dn))
            b.add("objectClass", .list([.string("top"), .string("person"), .string("user")]))
            for (k, v) in attrs { b.add(k, v) }
            b.endObject()
        }
        user("CN=Jane Doe,OU=Staff,DC=contoso,DC=com", [
            ("userPrincipalName", .string("Jane.Doe@contoso.com")), ("department", .string("Sales")),
            ("proxyAddresses", .list([.string("SMTP:Jane.Doe@contoso.com"), .string("smtp:jd@contoso.com")])),
            ("userAccountControl", .string("512")),
        ])
        user("CN=Jane Doe2,OU=Staff,DC=contoso,DC=com", [
            ("userPrincipalName", .string("jane.doe@CONTOSO.com")), ("department", .string("sales")),
            ("proxyAddresses", .list([.string("SMTP:jane.doe2@contoso.com"), .string("smtp:JD@contoso.com")])),
            ("userAccountControl", .string("514")),
        ])
        user("CN=Bob,OU=Staff,DC=contoso,DC=com", [
            ("userPrincipalName", .string("bob@contoso.local")), ("department", .string("IT")),
            ("proxyAddresses", .list([.string("SMTP:bob@contoso.com")])),
            ("userAccountControl", .string("512")),
        ])
        user("CN=NoUPN,OU=Staff,DC=contoso,DC=com", [("department", .string("IT"))])
        b.beginObject(line: 1)
        b.add("dn", .string("CN=Sales,OU=Groups,DC=contoso,DC=com"))
        b.add("objectClass", .list([.string("top"), .string("group")]))
        b.add("proxyAddresses", .string("smtp:bob@contoso.com"))
        b.endObject()
        return b.build(name: "onprem")
    }

    static func session() -> Session {
        let s = Session()
        s.add(onPrem())
        return s
    }
}
