import Testing
@testable import Dirq

/// `group by` on evaluated keys finds a text key by its folded bytes (`FoldedTextTable`) and any
/// other by its `GroupKey`. The groups must be exactly those `GroupKey` makes: case and Unicode
/// normalization folded, a one-text list with its text, a number apart from the text of its
/// digits, a list of several values as a set. Each query is asked on the snapshot's key column
/// (`group by department`) and on evaluated keys (a `take` between, or an expression).
@Suite struct GroupTextKeyTests {
    static let departments: [Value] = [
        .string("Sales"), .string("SALES"), .list([.string("sales")]), .string("Renée"), .string("Rene\u{301}e"),
        .string("RENÉE"), .int(5), .string("5"), .list([.string("a"), .string("B")]), .list([.string("b"), .string("A")]),
        .string(""), .null, .string("İstanbul"), .string("istanbul"), .list([.list([.string("SALES")])]),
    ]

    static func session() -> Session {
        var b = SnapshotBuilder(path: "mem.json", format: .json)
        for (i, d) in departments.enumerated() {
            b.beginObject(line: i + 1)
            b.add("@odata.type", .string("#microsoft.graph.user"))
            b.add("userPrincipalName", .string("u\(i)@contoso.com"))
            b.add("department", d)
            b.endObject()
        }
        let s = Session()
        s.add(b.build(name: "cloud"))
        return s
    }

    /// The sizes of the groups `GroupKey` makes, largest first.
    static var expectedSizes: [Int] {
        var count: [GroupKey: Int] = [:]
        for d in departments where !d.isEmpty { count[GroupKey(d), default: 0] += 1 }
        return count.values.sorted(by: >)
    }

    @Test(arguments: [
        "users group by department",
        "users take 100 group by department",
        "users group by coalesce(department, \"\")",
        "users expand department as d take 1000 group by d",
    ])
    func groupsAsGroupKeysDo(_ q: String) throws {
        let t = try Self.session().query(q + " select count")
        let sizes = t.rows.map { row -> Int in
            guard case .int(let n) = row[0] else { return -1 }
            return Int(n)
        }.sorted(by: >)
        if q.contains("expand") {
            // Expanded, a list's values group one by one.
            var count: [GroupKey: Int] = [:]
            for d in Self.departments { for e in d.elements where !e.isEmpty { count[GroupKey(e), default: 0] += 1 } }
            #expect(sizes == count.values.sorted(by: >))
        } else {
            #expect(sizes == Self.expectedSizes)
        }
    }
}
