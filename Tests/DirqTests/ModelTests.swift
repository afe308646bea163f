import Testing
@testable import Dirq

@Suite struct ModelTests {
    @Test func builderMergesRepeatedAttributesCaseInsensitively() {
        var b = SnapshotBuilder(path: "t.ldif", format: .ldif)
        b.beginObject(line: 1)
        b.add("objectClass", .string("top"))
        b.add("objectclass", .string("user"))
        b.add("proxyAddresses", .string("SMTP:a@x.com"))
        b.endObject()
        let s = b.build(name: "t")
        #expect(s.objects.count == 1)
        #expect(s.objects[0].kind == .user)
        #expect(s.value(of: s.objects[0], "OBJECTCLASS") == .list([.string("top"), .string("user")]))
        // A multi-valued attribute is a list even with one value.
        #expect(s.value(of: s.objects[0], "proxies") == .list([.string("SMTP:a@x.com")]))
        #expect(s.side == .onPrem)
    }

    @Test(arguments: [
        ("#microsoft.graph.user", ObjectKind.user), ("#microsoft.graph.orgContact", .contact),
        ("#microsoft.graph.group", .group), ("inetOrgPerson", .user), ("computer", .other),
    ])
    func kindFromClassName(name: String, kind: ObjectKind) {
        #expect(ObjectKind.fromClassName(name) == kind)
    }
}
