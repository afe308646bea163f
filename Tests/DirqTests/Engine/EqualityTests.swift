import Foundation
import Testing
@testable import Dirq

/// `where a = b`, `join … on a = b` and `a in (query)` share one equality: `EqualityIndex` must
/// find exactly what `Compare.equal` calls equal, for every pair of a table of values of every
/// type and of text that reads as each type. A join that found other pairs than `where` (issue 11:
/// `onPremisesImmutableId = immutableid(o.anchor)` paired none) fails here.
@Suite struct EqualityTests {
    static let guid = GUIDValue(text: "9a5b2c1d-0e3f-4a5b-8c7d-6e5f4a3b2c1d")!
    static let sid = SIDValue(text: "S-1-5-21-1004336348-1177238915-682003330-512")!
    static let immutableId = Data(guid.bytes).base64EncodedString()

    static let values: [Value] = [
        .string("abc"), .string("ABC"), .string("Ab"), .string("007"), .string("7"), .string("5"), .string(" 5 "),
        .string("5.0"), .string("true"), .string("TRUE"), .string("no"), .string("2024-01-15"),
        .string("2024-01-15T00:00:00Z"), .string("20240115000000.0Z"), .string("30d"),
        .string("9a5b2c1d-0e3f-4a5b-8c7d-6e5f4a3b2c1d"), .string("9A5B2C1D-0E3F-4A5B-8C7D-6E5F4A3B2C1D"),
        .string(immutableId), .string("S-1-5-21-1004336348-1177238915-682003330-512"), .string("AQID"),
        .int(5), .int(7), .double(5.0), .double(7.5), .bool(true), .bool(false),
        .date(DirDate(seconds: 1_705_276_800)), .date(DirDate(seconds: 1_705_276_801)),
        .duration(30 * 86_400 * 10_000_000), .guid(guid), .bytes(guid.bytes), .bytes([1, 2, 3]), .sid(sid),
        .bytes(sid.bytes), .list([.string("x"), .string("abc")]), .list([.int(7), .string("2024-01-15")]),
        // Text is indexed by its folded bytes: non-ASCII folds (NFC and NFD, ß), and a one-text
        // list inside a list, whose key is its text.
        .string("Renée"), .string("RENE\u{301}E"), .string("Straße"), .string("STRASSE"),
        .list([.list([.string("ABC")]), .int(9)]),
    ]

    /// `=` as `where` has it: some value of each side equal by `Compare.equal`.
    static func whereEqual(_ a: Value, _ b: Value) -> Bool {
        a.elements.contains { x in !x.isEmpty && b.elements.contains { y in !y.isEmpty && Compare.equal(x, y) } }
    }

    @Test func theIndexFindsExactlyWhatCompareCallsEqual() {
        var pairs = 0, equal = 0
        for a in Self.values {
            for b in Self.values {
                let expected = Self.whereEqual(a, b)
                #expect(EqualityIndex([b]).contains(a) == expected, "\(a.typeName) '\(a.text)' = \(b.typeName) '\(b.text)'")
                pairs += 1
                if expected { equal += 1 }
            }
        }
        // The table exercises both outcomes, across types.
        #expect(equal > Self.values.count && equal < pairs / 4)
    }

    /// With every value in one index, a probe finds the rows `where` would pair it with, each once.
    @Test func rowsOfAManyValueIndex() {
        let index = EqualityIndex()
        for (i, v) in Self.values.enumerated() { index.insert(v, row: i) }
        for a in Self.values {
            let expected = Self.values.indices.filter { Self.whereEqual(a, Self.values[$0]) }
            #expect(index.rows(matching: a).sorted() == expected, "\(a.typeName) '\(a.text)'")
        }
    }

    /// Entries of one key come back in the order they were stored; a key is duplicated only
    /// when it is stored on more than one row.
    @Test func entriesOfAKeyKeepTheirOrder() {
        let index = EqualityIndex()
        for (i, v) in ["Sales", "IT", "sales", "HR"].enumerated() { index.insert(.string(v), row: i) }
        index.insert(.list([.string("hr"), .string("HR")]), row: 3)  // the same row twice: not duplicated
        index.insert(.string("it"), row: 9)
        index.insert(.string("SALES"), row: 1)
        #expect(index.duplicatedKeys == 2)  // sales (rows 0, 2, 1) and it (rows 1, 9)
        #expect(index.rows(matching: .string("sAlEs")) == [0, 2, 1])
        #expect(index.rows(matching: .string("IT")) == [1, 9])
        #expect(index.rows(matching: .string("hr")) == [3])
        #expect(index.rows(matching: .string("nobody")) == [])
    }

    /// A join on the snapshots' key columns and one on evaluated keys pair the same rows.
    @Test(arguments: [
        ("onprem.users join onprem.users as o on upn = o.upn", "onprem.users join onprem.users as o on upn = lower(o.upn)"),
        ("onprem.users join cloud.users as c on anchor = c.onPremisesImmutableId",
         "onprem.users join cloud.users as c on immutableid(anchor) = c.onPremisesImmutableId"),
        ("cloud.users join onprem.users as o on onPremisesImmutableId = o.anchor",
         "cloud.users join onprem.users as o on onPremisesImmutableId = immutableid(o.anchor)"),
    ])
    func columnsAndIndexJoinAlike(_ columns: String, _ evaluated: String) throws {
        let s = try GeneratedTenantCheckTests.session(onPrem: "onprem.ldif")
        let a = try s.query(columns + " select object, o = text(" + (columns.contains("as o") ? "o" : "c") + ".object)")
        let b = try s.query(evaluated + " select object, o = text(" + (evaluated.contains("as o") ? "o" : "c") + ".object)")
        #expect(a.rows.count > 1000)
        #expect(a.rows == b.rows)
    }

    /// An anti join on key columns asks only whether a right row has the key (no right rows are
    /// grouped); it keeps the same rows as one on evaluated keys, after the right side is narrowed
    /// too (so a key some right object has but no right row does is no match).
    @Test(arguments: [
        ("onprem.users join anti cloud.users as c on anchor = c.onPremisesImmutableId",
         "onprem.users join anti cloud.users as c on immutableid(anchor) = c.onPremisesImmutableId"),
        ("cloud.users join anti onprem.users as o on onPremisesImmutableId = o.anchor",
         "cloud.users join anti onprem.users as o on onPremisesImmutableId = immutableid(o.anchor)"),
        ("cloud.users join anti onprem.users as o on userPrincipalName = o.upn",
         "cloud.users join anti onprem.users as o on userPrincipalName = lower(o.upn)"),
    ])
    func antiJoinsOnColumnsAndIndexAlike(_ columns: String, _ evaluated: String) throws {
        let s = try GeneratedTenantCheckTests.session(onPrem: "onprem.ldif")
        let a = try s.query(columns + " select object"), b = try s.query(evaluated + " select object")
        #expect(a.rows.count > 10)
        #expect(a.rows == b.rows)
    }
}

/// A key-column join looks each left key up in the right column once per pair of snapshots and
/// keeps the answer: it must be the answer for that pair only, also after the right snapshot is
/// loaded again with other content under the same name.
@Suite struct KeyColumnJoinCacheTests {
    static func snapshot(_ name: String, side: Side, upns: [String]) -> Snapshot {
        var b = SnapshotBuilder(path: "\(name).ldif", format: .ldif)
        for (i, u) in upns.enumerated() {
            b.beginObject(line: i + 1)
            b.add("objectClass", .string("user"))
            b.add("dn", .string("CN=\(name) \(i),DC=contoso,DC=com"))
            b.add("userPrincipalName", .string(u))
            b.endObject()
        }
        return b.build(name: name, side: side)
    }

    static func count(_ s: Session, _ q: String) throws -> Value { try s.query(q).rows[0][0] }

    @Test func eachPairOfSnapshotsGetsItsOwnKeyMapping() throws {
        let s = Session()
        s.add(Self.snapshot("a", side: .onPrem, upns: ["ann@contoso.com", "bob@contoso.com", "cy@contoso.com"]))
        s.add(Self.snapshot("b", side: .cloud, upns: ["BOB@contoso.com", "dee@contoso.com"]))
        s.add(Self.snapshot("c", side: .cloud, upns: ["ann@contoso.com", "Cy@Contoso.com", "cy@contoso.com"]))
        let join = "a.users join %@ as x on upn = x.upn count"
        #expect(try Self.count(s, join.replacingOccurrences(of: "%@", with: "b")) == .int(1))
        #expect(try Self.count(s, join.replacingOccurrences(of: "%@", with: "c")) == .int(3))
        #expect(try Self.count(s, join.replacingOccurrences(of: "%@", with: "b")) == .int(1))
        // `b` again, now with other users: the mapping made against the old `b` is not used.
        s.add(Self.snapshot("b", side: .cloud, upns: ["ann@contoso.com", "cy@contoso.com"]))
        #expect(try Self.count(s, join.replacingOccurrences(of: "%@", with: "b")) == .int(2))
        #expect(try Self.count(s, "a.users join anti b as x on upn = x.upn count") == .int(1))
    }
}
