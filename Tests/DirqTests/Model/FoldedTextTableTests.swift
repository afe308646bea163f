import Testing
@testable import Dirq

/// `FoldedTextTable` numbers texts by their folded bytes. Two texts must share a number exactly
/// when their `GroupKey`s are equal, which is what grouping and joining compared before the table:
/// ASCII case, non-ASCII case, precomposed against decomposed letters, lengths on both sides of
/// the eight-byte words the hash reads, and the empty text.
@Suite struct FoldedTextTableTests {
    static let texts: [String] = [
        "alice@contoso.com", "Alice@Contoso.com", "ALICE@CONTOSO.COM", "alice@contoso.co",
        "Renée Ürik", "Rene\u{301}e \u{55}\u{308}rik", "RENÉE ÜRIK", "renee urik",
        "Straße", "STRASSE", "strasse", "ΣΊΣΥΦΟΣ", "σίσυφος", "İstanbul", "istanbul", "ISTANBUL",
        "", "a", "A", "abcdefg", "abcdefgh", "ABCDEFGH", "abcdefghi", "abcdefgh\u{0}", "abcdefgh ",
        "CN=Jane Doe,OU=Sales,DC=contoso,DC=com", "cn=jane doe,ou=sales,dc=contoso,dc=com",
        "日本語", "日本語 ", "\u{FFFD}",
    ]

    /// The numbering `GroupKey` gives: the first text of each key's class names it.
    static func expectedClasses(_ texts: [String]) -> [Int] {
        var number: [GroupKey: Int] = [:]
        return texts.map { t in
            let k = GroupKey(.string(t))
            if let n = number[k] { return n }
            number[k] = number.count
            return number[k]!
        }
    }

    @Test func numbersTextsAsGroupKeysCompareThem() {
        var table = FoldedTextTable()
        let got = Self.texts.map { t -> Int in
            var t = t
            return Int(t.withUTF8 { table.number(of: $0) })
        }
        #expect(got == Self.expectedClasses(Self.texts))
        #expect(table.count == Set(got).count)
        // Each key reads back as the group key of its first text, and is found again.
        for (i, t) in Self.texts.enumerated() {
            #expect(table.groupKey(got[i]) == GroupKey(.string(t)), "\(t)")
            var t = t
            #expect(t.withUTF8 { table.find($0) } == Int32(got[i]))
        }
        var missing = "not there"
        #expect(missing.withUTF8 { table.find($0) } == nil)
    }

    /// Numbering in batches gives each text the number one at a time gives, across batch ends,
    /// repeats inside a batch and the table growing in the middle of one.
    @Test func batchesNumberAsOneAtATime() {
        var texts = Self.texts + Self.texts.reversed()
        for i in 0..<3_000 { texts.append(i % 3 == 0 ? "User\(i % 700)@Contoso.com" : "user\(i)@contoso.com") }
        var single = FoldedTextTable(capacity: 4)
        let expected = texts.map { t -> Int32 in
            var t = t
            return t.withUTF8 { single.number(of: $0) }
        }
        for size in [1, 5, 64] {
            var table = FoldedTextTable(capacity: 4)
            var batch = FoldedBatch(), waiting: [Int] = [], scratch: [Int32] = []
            var got = [Int32](repeating: -9, count: texts.count)
            for (i, t) in texts.enumerated() {
                var t = t
                t.withUTF8 { batch.append($0) }
                waiting.append(i)
                if batch.count == size { batch.number(in: &table, storingAt: &waiting, of: &got, scratch: &scratch) }
            }
            batch.number(in: &table, storingAt: &waiting, of: &got, scratch: &scratch)
            #expect(got == expected, "batches of \(size)")
            #expect(table.count == single.count && batch.count == 0 && waiting.isEmpty)
        }
    }

    @Test func growsPastItsFirstSizeAndKeepsEveryNumber() {
        var table = FoldedTextTable(capacity: 4)
        var first: [Int32] = []
        for i in 0..<50_000 {
            var t = "user\(i)@contoso.com"
            first.append(t.withUTF8 { table.number(of: $0) })
        }
        #expect(first == (0..<50_000).map(Int32.init))
        for i in stride(from: 0, to: 50_000, by: 997) {
            var t = "USER\(i)@CONTOSO.COM"
            #expect(t.withUTF8 { table.number(of: $0) } == Int32(i))
        }
        #expect(table.count == 50_000)
    }

    @Test func mapsItsKeysToAnotherTables() {
        var a = FoldedTextTable(), b = FoldedTextTable()
        for t in ["Bob@x.com", "Renée", "carol@x.com"] { var t = t; _ = t.withUTF8 { a.number(of: $0) } }
        for t in ["CAROL@X.COM", "bob@X.com", "Rene\u{301}e", "dave@x.com"] { var t = t; _ = t.withUTF8 { b.number(of: $0) } }
        #expect(a.numbers(in: b) == [1, 2, 0])
        #expect(b.numbers(in: a) == [2, 0, 1, -1])
    }

    /// A key column read from a text column's bytes groups as the group keys of its values did,
    /// and a column with a list of several values (a set key) takes the group-key path.
    @Test(arguments: [false, true])
    func keyColumnGroupsAsGroupKeysDo(withSetValue: Bool) {
        var values: [Value] = Self.texts.map { .string($0) } + [.null, .list([.string("Solo@X.com")]), .list([])]
        if withSetValue { values.append(.list([.string("a@x"), .string("B@x")])) }
        let column = Self.keyColumn(of: values)
        let (expected, number) = Self.expectedNumbers(values)
        #expect(column.codes == expected)
        #expect(column.keyCount == number.count)
        #expect(column.multiValued == withSetValue)
        for (k, n) in number { #expect(column.key(Int(n)) == k) }
    }

    /// The key column of attribute `x` of a snapshot of users, user `i` holding `values[i]`.
    static func keyColumn(of values: [Value]) -> KeyColumn {
        var b = SnapshotBuilder(path: "t.ldif", format: .ldif)
        for (i, v) in values.enumerated() {
            b.beginObject(line: i + 1)
            b.add("dn", .string("CN=U\(i),DC=x"))
            b.add("objectClass", .list([.string("user")]))
            b.add("x", v)
            b.endObject()
        }
        let snap = b.build(name: "t")
        return snap.keyColumns.column(.attribute(snap.schema.id(of: "x")!), of: snap)
    }

    /// The group keys of values, numbered the dictionary's way: first met, first numbered.
    static func expectedNumbers(_ values: [Value]) -> (codes: [Int32], keys: [GroupKey: Int32]) {
        var number: [GroupKey: Int32] = [:]
        let codes: [Int32] = values.map { v in
            if v.isEmpty { return -1 }
            let k = GroupKey(v)
            if let n = number[k] { return n }
            number[k] = Int32(number.count)
            return number[k]!
        }
        return (codes, number)
    }

    static let guidBytes: [UInt8] = Array(0..<16)
    static let sidBytes: [UInt8] = [1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 32, 2, 0, 0]

    /// A key column of byte values (GUIDs, SIDs, bytes: anchors and ImmutableIds) is read by
    /// the bytes and numbers as their group keys do: a GUID equals the bytes it is, lengths on
    /// both sides of the hash's eight-byte words, the empty bytes, lists of one. A text or a set
    /// among them takes the group-key path, with the same numbers.
    @Test(arguments: [Value?.none, .string("AAECAwQFBgcICQoLDA0ODw=="), .list([.bytes([1]), .bytes([2])])])
    func byteKeyColumnGroupsAsGroupKeysDo(extra: Value?) {
        var values: [Value] = [
            .bytes(Self.guidBytes), .guid(GUIDValue(bytes: Self.guidBytes)!), .bytes([1, 2, 3]), .bytes([1, 2, 3, 0]),
            .sid(SIDValue(bytes: Self.sidBytes)!), .bytes(Self.sidBytes), .bytes([]), .null, .list([]),
            .list([.bytes([1, 2, 3])]), .bytes(Array(0..<8)), .bytes(Array(0..<9)), .bytes(Array(1..<9)),
            // Bytes are not text: these two differ although they read as "AB" and "ab".
            .bytes([0x41, 0x42]), .bytes([0x61, 0x62]),
        ]
        if let extra { values.append(extra) }
        let column = Self.keyColumn(of: values)
        let (codes, keys) = Self.expectedNumbers(values)
        #expect(column.codes == codes)
        #expect(column.keyCount == keys.count)
        for (k, n) in keys {
            #expect(column.key(Int(n)) == k)
            #expect(column.number(of: k) == n)
        }
        #expect(column.number(of: .bytes([9, 9])) == nil)
        #expect(column.number(of: .text("abc")) == nil)
        // Against another column of bytes: each key's number there, or -1.
        let otherColumn = Self.keyColumn(of: [.bytes([1, 2, 3]), .guid(GUIDValue(bytes: Self.guidBytes)!), .bytes([7])])
        let mapped = column.numbers(in: otherColumn)
        #expect(mapped.count == column.keyCount)
        for n in 0..<column.keyCount { #expect(mapped[n] == otherColumn.number(of: column.key(n)) ?? -1) }
        #expect(mapped.filter { $0 >= 0 }.count == 2)
    }
}
