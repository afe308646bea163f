import Testing
@testable import Dirq

/// `SnapshotBuilder.addText` hands a text value over as its bytes, which the store copies into
/// its column without a `String` or a `Value`. It must load exactly what `add(name, .string(…))`
/// of the same bytes loads: values, kinds, the schema's counts, types and multi-valued flags,
/// whatever mixes of repeats, catalogued types, bytes and projections the loaders produce.
/// (Bytes that are not UTF-8 never reach `addText`: the readers check them; `CSVWindowTests` and
/// the LDIF reader's tests hold what becomes of them.)
@Suite struct TextBytesTests {
    /// One value of a record: text (given as bytes by one builder, as a string by the other), or
    /// another value both builders are given as it is.
    enum Item {
        case text(String, String)
        case value(String, Value)
    }

    static let records: [[Item]] = [
        [.text("dn", "CN=Jane,DC=x"), .text("objectClass", "top"), .text("objectClass", "person"),
         .text("objectClass", "user"), .text("mail", "Jane@X.com"), .text("proxyAddresses", "SMTP:Jane@X.com")],
        // An attribute repeated after another (A, B, A), and a multi-valued one with a single value.
        [.text("dn", "CN=Bob,DC=x"), .text("objectClass", "user"), .text("department", "Sales"),
         .text("mail", "bob@x.com"), .text("department", "Marketing"), .text("memberOf", "CN=G,DC=x")],
        // Text then a value of another type for one attribute, and the other way round.
        [.text("dn", "CN=Carol,DC=x"), .text("objectClass", "user"), .text("description", "first"),
         .value("description", .bytes([1, 2, 3])), .value("info", .null), .text("info", "after null")],
        // Catalogued types given as text: read as the type (a date, a GUID, a SID, an integer).
        [.text("dn", "CN=Dan,DC=x"), .text("objectClass", "user"), .text("whenCreated", "20240115093000.0Z"),
         .text("objectGUID", "f7cc07d7-7c15-447d-876d-c01b0e5a9e38"), .text("userAccountControl", "512"),
         .text("objectSid", "S-1-5-21-1-2-3-1001")],
        // Empty text, non-ASCII (precomposed and decomposed), a replacement character.
        [.text("dn", "CN=Eve,DC=x"), .text("objectClass", "contact"), .text("description", ""),
         .text("displayName", "Renée Ürik"), .text("sn", "Rene\u{301}e"),
         .text("info", "A\u{FFFD}B"), .text("proxyAddresses", ""), .text("proxyAddresses", "smtp:e@x.com")],
        // No class: the kind comes from the columns.
        [.text("dn", "CN=Grp,DC=x"), .text("groupType", "-2147483646"), .text("member", "CN=Jane,DC=x"),
         .text("member", "CN=Bob,DC=x"), .text("department", "Sales")],
    ]

    static func build(bytes: Bool, projection: Projection? = nil) -> Snapshot {
        var b = SnapshotBuilder(path: "t.ldif", format: .ldif)
        b.projection = projection
        for _ in 0..<300 {  // past the store's sampling of which columns repeat their values
            for (line, record) in records.enumerated() {
                b.beginObject(line: line + 1)
                for item in record {
                    switch item {
                    case .text(let name, let s):
                        if bytes {
                            var s = s
                            s.withUTF8 { b.addText(name, $0) }
                        } else {
                            b.add(name, .string(s))
                        }
                    case .value(let name, let v): b.add(name, v)
                    }
                }
                b.endObject()
            }
        }
        return b.build(name: "t")
    }

    static func describe(_ s: Snapshot) -> [String] {
        var out = s.schema.attributes.map { a in
            "\(a.name) kinds=\(a.kindCounts) multi=\(a.multiValued) types=\(a.typeBits)"
        }
        for o in s.objects {
            out.append("\(o.kind) " + o.fields.map { "\(s.schema[$0.attribute].name)=\(String(reflecting: $0.value))" }.joined(separator: " "))
        }
        return out
    }

    @Test(arguments: [nil, Projection(names: ["mail", "department", "description", "info", "whenCreated", "member"])])
    func bytesLoadWhatStringsLoad(_ projection: Projection?) {
        let strings = Self.describe(Self.build(bytes: false, projection: projection))
        let bytes = Self.describe(Self.build(bytes: true, projection: projection))
        #expect(bytes.count == strings.count)
        for (b, s) in zip(bytes, strings) where b != s { #expect(b == s) }
        // The test sees what it means to: a typed date, a list, bytes.
        let all = strings.joined(separator: "\n")
        if projection == nil { #expect(all.contains(".date(")) }
        #expect(all.contains(".list(["))
        #expect(all.contains(".bytes(["))
    }
}
