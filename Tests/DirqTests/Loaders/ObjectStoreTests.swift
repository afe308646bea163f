import Testing
@testable import Dirq

/// How a snapshot stores its objects: by attribute, each repeated value once.
@Suite struct ObjectStoreTests {
    static func users(_ n: Int, from first: Int = 0, department: (Int) -> String? = { _ in "Sales" }) -> SnapshotBuilder {
        var b = SnapshotBuilder(path: "t.ldif", format: .ldif)
        for i in first..<(first + n) {
            b.beginObject(line: 1 + 6 * i)
            b.add("dn", .string("CN=User \(i),OU=Somewhere,DC=contoso,DC=com"))
            for c in ["top", "person", "organizationalPerson", "user"] { b.add("objectClass", .string(c)) }
            if let d = department(i) { b.add("department", .string(d)) }
            b.endObject()
        }
        return b
    }

    static func column(_ s: Snapshot, _ name: String) -> ObjectStore.Column? {
        s.schema.id(of: name).flatMap { s.objects.column($0) }
    }

    /// Objects with the same objectClass list share one stored value; unique values are stored
    /// one each, equal to what was added.
    @Test func repeatedValuesAreStoredOnce() throws {
        let s = Self.users(1000).build(name: "t")
        let classes = try #require(Self.column(s, "objectClass"))
        #expect(classes.values.count == 1)
        #expect(s.objects.allSatisfy { s.value(of: $0, "objectClass") == .list(["top", "person", "organizationalPerson", "user"].map(Value.string)) })
        let dns = try #require(Self.column(s, "dn"))
        #expect(dns.values.count == 1000)
        #expect(s.value(of: s.objects[999], "dn") == .string("CN=User 999,OU=Somewhere,DC=contoso,DC=com"))
        #expect(s.objects[999].line == 1 + 6 * 999)
        #expect(s.objects[999].kind == .user)
    }

    /// A column whose first values do not repeat stops looking values up: a later repeat of an
    /// early value is stored again (and still reads back equal).
    @Test func uniqueColumnsStopLookingUp() throws {
        let n = ObjectStoreBuilder.sample + 10
        let s = Self.users(n, department: { i in i < n - 1 ? "Department \(i) of a long name" : "Department 0 of a long name" })
            .build(name: "t")
        let departments = try #require(Self.column(s, "department"))
        #expect(departments.values.count == n)
        #expect(s.value(of: s.objects[n - 1], "department") == s.value(of: s.objects[0], "department"))
    }

    /// An attribute only some objects carry reads as absent on the others, including the last
    /// ones (its column is shorter than the store).
    @Test func absentAttributesReadAsNil() throws {
        let s = Self.users(10, department: { $0 == 3 ? "Legal" : nil }).build(name: "t")
        let id = try #require(s.schema.id(of: "department"))
        #expect(s.objects.map { $0.value(id) } == (0..<10).map { $0 == 3 ? .string("Legal") : nil })
        #expect(s.objects[3].fields.map { s.schema[$0.attribute].name } == ["dn", "objectClass", "department"])
        #expect(s.objects[4].fields.map { s.schema[$0.attribute].name } == ["dn", "objectClass"])
    }

    /// Parts of one file read in parallel and appended give the objects one reader would have.
    @Test func appendedPartsEqualOneReader() throws {
        let whole = Self.users(600, department: { $0 % 7 == 0 ? nil : "D\($0 % 5)" }).build(name: "t")
        var first = Self.users(300, department: { $0 % 7 == 0 ? nil : "D\($0 % 5)" })
        var second = SnapshotBuilder(path: "t.ldif", format: .ldif)
        // The second part meets the attributes in another order: ids are renumbered.
        for i in 300..<600 {
            second.beginObject(line: 1 + 6 * i)
            if i % 7 != 0 { second.add("department", .string("D\(i % 5)")) }
            second.add("dn", .string("CN=User \(i),OU=Somewhere,DC=contoso,DC=com"))
            for c in ["top", "person", "organizationalPerson", "user"] { second.add("objectClass", .string(c)) }
            second.endObject()
        }
        first.append(&second)
        let joined = first.build(name: "t")
        #expect(joined.objects.count == 600)
        for name in ["dn", "objectClass", "department"] {
            #expect(joined.objects.map { joined.value(of: $0, name) } == whole.objects.map { whole.value(of: $0, name) })
        }
        #expect(joined.objects.map(\.line) == whole.objects.map(\.line))
    }

    /// Text entries (strings, lists of strings, null, empty strings and lists, non-ASCII) read back
    /// as they were added, also after a value that is not text turns the column into `Value`s, and
    /// after two columns are appended (parallel parts of a file).
    @Test(arguments: [
        [Value.string("CN=Renée Ürik,DC=contoso,DC=com"), .list([.string("SMTP:a@x.com"), .string("smtp:b@x.com")]), .null,
         .string(""), .list([]), .list([.string("only")])],
        [.string("text first"), .list([.string("x"), .string("y")]), .int(42), .string("after"), .date(DirDate(seconds: 1_705_276_800))],
        [.guid(GUIDValue(text: "9a5b2c1d-0e3f-4a5b-8c7d-6e5f4a3b2c1d")!), .string("text after a GUID"), .null],
    ])
    func columnValuesReadBackAsAdded(_ values: [Value]) {
        var column = ColumnValues()
        for v in values { column.append(v) }
        #expect((0..<column.count).map { column[$0] } == values)
        #expect((0..<column.count).map { column.trimmed()[$0] } == values)
        var twice = column
        twice.append(contentsOf: column)
        #expect((0..<twice.count).map { twice[$0] } == values + values)
    }

    /// The batched reads (`values(at:)`, `elements(at:_:)`) give what reading entries one at a time
    /// gives, in the order asked, with repeats, for text columns and columns of other values.
    @Test(arguments: [
        [Value.string("CN=Renée Ürik,DC=contoso,DC=com"), .list([.string("SMTP:a@x.com"), .string("smtp:b@x.com")]), .null,
         .string(""), .list([]), .list([.string("only")]), .list([.string(""), .string("z")])],
        [.string("text first"), .list([.string("x"), .string("y")]), .int(42), .string("after"), .null],
    ])
    func batchedReadsEqualOneAtATime(_ values: [Value]) {
        var column = ColumnValues()
        for v in values { column.append(v) }
        let asked = [3, 0, 1, 1, 2, 5, 4, 0].filter { $0 < values.count } + Array(values.indices.reversed())
        #expect(column.values(at: asked) == asked.map { column[$0] })
        #expect(column.values(at: []).isEmpty)
        var entries: [Int] = [], elements: [Int] = []
        for k in values.indices.reversed() {
            for e in values[k].elements.indices.reversed() {
                entries.append(k)
                elements.append(e)
            }
        }
        #expect(!entries.isEmpty)
        #expect(column.elements(at: entries, elements) == zip(entries, elements).map { column[$0].elements[$1] })
    }

    /// A snapshot's batched reads: values of objects (some without the attribute, some past the
    /// end of its column) and identities (the DN, else the next identity attribute, else the
    /// file and line) equal the reads of one object at a time.
    @Test func batchedObjectReadsEqualOneAtATime() throws {
        var b = SnapshotBuilder(path: "dir/t.ldif", format: .ldif)
        for i in 0..<40 {
            b.beginObject(line: 1 + 5 * i)
            if i % 3 != 0 { b.add("dn", .string(i % 6 == 1 ? "" : "CN=Usér \(i),DC=contoso,DC=com")) }
            if i % 2 == 0 { b.add("userPrincipalName", .string("u\(i)@contoso.com")) }
            b.add("objectClass", .string("user"))
            if i < 30 { b.add("proxyAddresses", .list((0..<(i % 4)).map { .string("smtp:a\($0)-\(i)@x.com") })) }
            b.endObject()
        }
        let s = b.build(name: "t")
        let objects = Array((0..<40).reversed()) + [7, 7, 0, 39]
        #expect(s.identities(at: objects) == objects.map { s.identity(at: $0) })
        #expect(Set(s.identities(at: Array(0..<40))).contains("t.ldif:16"))
        for name in ["dn", "userPrincipalName", "proxyAddresses"] {
            let id = try #require(s.schema.id(of: name))
            #expect(s.objects.values(of: objects, id) == objects.map { s.objects.value($0, id) }, "\(name)")
        }
        let proxies = try #require(Self.column(s, "proxyAddresses"))
        let holders = (0..<30).filter { $0 % 4 > 0 }
        let last = holders.map { $0 % 4 - 1 }
        #expect(proxies.elements(of: holders, last) == zip(holders, last).map { proxies.value($0)!.elements[$1] })
    }

    /// `isEmpty` on the store answers as `Value.isEmpty` of the value read, for text columns
    /// (kept as bytes) and for columns of other values alike, and for objects without the
    /// attribute (including past the end of a short column).
    @Test(arguments: [
        [Value.string("a"), .string(""), .list([]), .list([.string("")]), .list([.string(""), .string("")]),
         .list([.string(""), .string("x")]), .list([.string("x"), .string("")]), .string("b"), .null],
        [Value.int(3), .string(""), .list([.string(""), .string("")]), .list([.int(0)]), .string("z"), .null],
    ])
    func isEmptyAnswersAsTheValueDoes(_ values: [Value]) throws {
        var b = SnapshotBuilder(path: "t.ldif", format: .ldif)
        for (i, v) in values.enumerated() {
            b.beginObject(line: i + 1)
            b.add("dn", .string("CN=U\(i),DC=x"))
            b.add("objectClass", .string("user"))
            if i % 2 == 0 { b.add("flag", .string("on")) }
            if case .null = v {} else { b.add("extensionAttribute1", v) }
            b.endObject()
        }
        let s = b.build(name: "t")
        let id = try #require(s.schema.id(of: "extensionAttribute1"))
        let flag = try #require(s.schema.id(of: "flag"))
        for i in s.objects.indices {
            #expect(s.objects.isEmpty(i, id) == (s.objects.value(i, id) ?? .null).isEmpty, "object \(i): \(values[i])")
            #expect(s.objects.isEmpty(i, flag) == (i % 2 == 1))
        }
        #expect(s.objects.isEmpty(0, Schema.ID(999)))
    }
}
