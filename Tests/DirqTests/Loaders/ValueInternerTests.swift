import Testing
@testable import Dirq

@Suite struct ValueInternerTests {
    static func storage(_ v: Value) -> UnsafeRawPointer? {
        guard case .list(let l) = v else { return nil }
        return l.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    /// Loaded objects with the same objectClass list hold one array, not one each.
    @Test func repeatedListsShareOneArray() throws {
        var b = SnapshotBuilder(path: "t.ldif", format: .ldif)
        for i in 0..<1000 {
            b.beginObject(line: i)
            b.add("dn", .string("CN=User \(i),OU=Somewhere,DC=contoso,DC=com"))
            for c in ["top", "person", "organizationalPerson", "user"] { b.add("objectClass", .string(c)) }
            b.endObject()
        }
        let s = b.build(name: "t")
        let first = try #require(Self.storage(s.value(of: s.objects[0], "objectClass")!))
        #expect(s.objects.allSatisfy { Self.storage(s.value(of: $0, "objectClass")!) == first })
        // Unique values are kept as they are, and equal to what was added.
        #expect(s.value(of: s.objects[999], "dn") == .string("CN=User 999,OU=Somewhere,DC=contoso,DC=com"))
    }

    @Test func uniqueAttributesStopBeingLookedUp() {
        var interner = ValueInterner()
        for i in 0..<(ValueInterner.sample + 10) {
            let v = Value.list([.string("unique value number \(i) that is long")])
            #expect(interner.intern(v, attribute: 0) == v)
        }
        // After the sample, a repeat of an early value is no longer shared: the table is gone.
        let early = Value.list([.string("unique value number 0 that is long")])
        let again = interner.intern(early, attribute: 0)
        #expect(again == early)
        #expect(Self.storage(again) == Self.storage(early))
    }
}
