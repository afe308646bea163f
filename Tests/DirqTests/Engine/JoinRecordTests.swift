import Testing
@testable import Dirq

/// A joined row carries the right object as a record that reads the snapshot's columns when asked
/// (`Record(object:of:then:)`) instead of a copy of every attribute. It must answer exactly as the
/// copy did: the same fields in the same order, the same lookups (case-insensitive, `object` and
/// `kind` first, a computed column after the attributes), equal and hashing alike.
@Suite struct JoinRecordTests {
    static func eager(_ snap: Snapshot, _ i: Int, _ extra: [Record.Field]) -> Record {
        let o = snap.objects[i]
        var fields: [Record.Field] = [.init(name: "object", value: .string(snap.identity(of: o))),
                                      .init(name: "kind", value: .string(o.kind.rawValue))]
        for f in o.fields { fields.append(.init(name: snap.schema[f.attribute].name, value: f.value)) }
        return Record(fields + extra)
    }

    @Test func readsAsTheCopyDid() throws {
        let snap = TestTenant.onPrem()
        let objects = ObjectRecords(snap)
        let extra: [Record.Field] = [.init(name: "twin", value: .string("t")), .init(name: "department", value: .string("shadowed"))]
        let names = ["object", "OBJECT", "kind", "userPrincipalName", "userprincipalname", "proxyAddresses", "department",
                     "twin", "TWIN", "nosuch", "mail", "dn"]
        #expect(snap.objects.count > 2)
        for i in snap.objects.indices {
            let lazy = Record(object: i, of: objects, then: extra), copy = Self.eager(snap, i, extra)
            #expect(lazy.fields == copy.fields)
            #expect(lazy == copy)
            #expect(lazy.hashValue == copy.hashValue)
            for n in names { #expect(lazy[n] == copy[n], "\(n) of object \(i)") }
        }
    }

    /// Every value in every row is a `Value`: a record is boxed so that it stays a pointer.
    @Test func aValueIsNoLargerThanAStringAndATag() {
        #expect(MemoryLayout<Value>.size <= MemoryLayout<String>.size + 1)
    }

    /// `c.attr` after a join reads the right object's attribute.
    @Test func joinedAttributesAreRead() throws {
        let s = TestTenant.session()
        let t = try s.query("onprem.users join onprem.users as o on upn = o.upn where o.department = \"Sales\" select object, o.object, o.department")
        #expect(!t.rows.isEmpty)
        for r in t.rows { #expect(r[2].text.caseInsensitiveEquals("Sales")) }
    }

    /// The identity strings kept per snapshot (read by joins, groups, `match` and `identities`)
    /// are each object's `identity(of:)`, in object order, on both sides.
    @Test func keptIdentitiesAreEachObjectsIdentity() throws {
        let cloud = try SnapshotLoader.load(path: Paths.examples.appendingPathComponent("contoso/cloud.json").path)
        for snap in [TestTenant.onPrem(), cloud] {
            #expect(snap.objects.count > 2)
            // Before the texts are kept, each is made when asked.
            #expect(snap.objects.indices.map { snap.identity(at: $0) } == snap.objects.map { snap.identity(of: $0) })
            #expect(snap.identities == snap.objects.map { snap.identity(of: $0) })
            #expect(snap.identities == snap.objects.map { snap.identity(of: $0) })  // kept: asked again
            #expect(snap.objects.indices.map { snap.identity(at: $0) } == snap.identities)
        }
    }
}
