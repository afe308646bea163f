import Testing
@testable import Dirq

/// The rows a question starts from (`users`, `objects`, …) are kept per snapshot and kinds: they
/// must follow a reload under the same name and differ by kinds.
@Suite struct ObjectRowsCacheTests {
    static func snapshot(users: Int, groups: Int) -> Snapshot {
        var b = SnapshotBuilder(path: "t.ldif", format: .ldif)
        for (i, kind) in (Array(repeating: "user", count: users) + Array(repeating: "group", count: groups)).enumerated() {
            b.beginObject(line: i + 1)
            b.add("dn", .string("CN=O\(i),DC=x"))
            b.add("objectClass", .list([.string("top"), .string(kind)]))
            b.endObject()
        }
        return b.build(name: "t")
    }

    @Test func keptRowsFollowReloadsAndKinds() throws {
        let s = Session()
        s.add(Self.snapshot(users: 3, groups: 2))
        for _ in 0..<2 {  // asked twice: the second reads the kept rows
            #expect(try s.query("users count").rows == [[.int(3)]])
            #expect(try s.query("groups count").rows == [[.int(2)]])
            #expect(try s.query("objects count").rows == [[.int(5)]])
            #expect(try s.query("users where dn = \"CN=O4,DC=x\" count").rows == [[.int(0)]])
        }
        s.add(Self.snapshot(users: 1, groups: 4))
        #expect(try s.query("users count").rows == [[.int(1)]])
        #expect(try s.query("groups count").rows == [[.int(4)]])
        #expect(try s.query("t.objects select object").rows.map { $0[0].text } == (0..<5).map { "CN=O\($0),DC=x" })
    }
}
