import Foundation
import Testing
@testable import Dirq

/// Reads `bytes` (as a file would be read, BOMs included) with the JSON reader.
private func load(_ bytes: [UInt8]) throws -> Snapshot {
    let input = try InputFile.decode(path: "t.json", data: bytes)
    var builder = SnapshotBuilder(path: "t.json", format: .json)
    try JSONReader.read(input, into: &builder)
    return builder.build(name: "t")
}

private func load(_ text: String) throws -> Snapshot { try load(Array(text.utf8)) }

/// The error reading `bytes` fails with, if any.
private func loadError(_ bytes: [UInt8]) -> LoadError? {
    do {
        _ = try load(bytes)
        return nil
    } catch let error as LoadError {
        return error
    } catch {
        Issue.record("unexpected error type \(error)")
        return nil
    }
}

private func loadError(_ text: String) -> LoadError? { loadError(Array(text.utf8)) }

/// The `id` attribute of each object, in order.
private func ids(_ s: Snapshot) -> [String] {
    s.objects.map { s.value(of: $0, "id")?.stringValue ?? "?" }
}

private let envelopeUsers = #"""
    {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName,mail,proxyAddresses,onPremisesImmutableId,onPremisesSyncEnabled,onPremisesProvisioningErrors)",
     "value":[{"id":"6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0","userPrincipalName":"tycho1234@contoso.onmicrosoft.com",
      "mail":"tycho.brahe@contoso.com","proxyAddresses":["SMTP:tycho.brahe@contoso.com"],
      "onPremisesImmutableId":"1wfM9xV8fUSHbcAbDlqeOA==","onPremisesSyncEnabled":true,
      "onPremisesProvisioningErrors":[{"category":"PropertyConflict","occurredDateTime":"2024-05-01T10:00:00Z",
       "propertyCausingError":"UserPrincipalName","value":"tycho.brahe@contoso.com"}]},
      {"id":"b","userPrincipalName":"b@contoso.com","onPremisesImmutableId":null,"onPremisesProvisioningErrors":[]}],
     "@odata.nextLink":"https://graph.microsoft.com/v1.0/users?$skiptoken=X"}
    """#

/// UTF-8 bytes of a test input.
private func u(_ s: String) -> [UInt8] { Array(s.utf8) }

/// A test input with raw (possibly invalid) bytes between two UTF-8 parts.
private func raw(_ before: String, _ bytes: [UInt8], _ after: String) -> [UInt8] {
    Array(before.utf8) + bytes + Array(after.utf8)
}

/// Each error id with its exact location (file:line:column; the column counts bytes).
private let errorCases: [(String, [UInt8], String, String)] = [
    // json.syntax
    ("missing comma", u(#"{"a":1 "b":2}"#), "json.syntax", "t.json:1:8"),
    ("missing colon", u(#"{"a" 1}"#), "json.syntax", "t.json:1:6"),
    ("trailing comma in object", u(#"{"a":1,}"#), "json.syntax", "t.json:1:8"),
    ("trailing comma in top array", u(#"[{"a":1},]"#), "json.syntax", "t.json:1:10"),
    ("trailing comma in array", u(#"{"a":[1,2,]}"#), "json.syntax", "t.json:1:11"),
    ("cut short", u("{\"a\":1}\n{\"b\":2"), "json.syntax", "t.json:2:7"),
    ("cut short in string", u(#"{"a":"abc"#), "json.syntax", "t.json:1:10"),
    ("cut short in array", u("[{\"a\":1},\n"), "json.syntax", "t.json:2:1"),
    ("two values on a line", u(#"{"a":1} {"b":2}"#), "json.syntax", "t.json:1:9"),
    ("comma between lines", u("{\"a\":1},\n{\"b\":2}"), "json.syntax", "t.json:1:8"),
    ("leading zero", u(#"{"a":01}"#), "json.syntax", "t.json:1:6"),
    ("bad literal", u(#"{"a":True}"#), "json.syntax", "t.json:1:6"),
    ("cut literal", u(#"{"a":tru}"#), "json.syntax", "t.json:1:6"),
    ("literal run on", u(#"{"a":nullx}"#), "json.syntax", "t.json:1:6"),
    ("bare minus", u(#"{"a":-}"#), "json.syntax", "t.json:1:7"),
    ("no fraction digits", u(#"{"a":1.}"#), "json.syntax", "t.json:1:8"),
    ("no exponent digits", u(#"{"a":1e}"#), "json.syntax", "t.json:1:8"),
    ("unquoted key", u(#"{a:1}"#), "json.syntax", "t.json:1:2"),
    ("single quotes", u(#"{"a":'x'}"#), "json.syntax", "t.json:1:6"),
    ("empty file", u(""), "json.syntax", "t.json:1:1"),
    ("blank file", u("  \n \n"), "json.syntax", "t.json:3:1"),
    ("CRLF third line", u("{\r\n  \"a\": 1,\r\n  \"b\" 2\r\n}"), "json.syntax", "t.json:3:7"),
    ("second JSON line", u("{\"a\":1}\n{\"a\":1,,}"), "json.syntax", "t.json:2:8"),
    ("non-ASCII outside strings", u("{\"a\":1,é}"), "json.syntax", "t.json:1:8"),
    // json.not-object
    ("top-level number", u("42"), "json.not-object", "t.json:1:1"),
    ("top-level string", u("\n  \"text\""), "json.not-object", "t.json:2:3"),
    ("top-level null", u("null"), "json.not-object", "t.json:1:1"),
    ("number in top array", u(#"[{"a":1}, 2]"#), "json.not-object", "t.json:1:11"),
    ("array in top array", u(#"[[{"a":1}]]"#), "json.not-object", "t.json:1:2"),
    ("string in envelope", u(#"{"value":["x"]}"#), "json.not-object", "t.json:1:11"),
    ("scalar JSON line", u("{\"a\":1}\ntrue"), "json.not-object", "t.json:2:1"),
    // json.number-range
    ("huge exponent", u(#"{"a":1e400}"#), "json.number-range", "t.json:1:6"),
    ("huge negative", u(#"{"a":[0,-1e999]}"#), "json.number-range", "t.json:1:9"),
    ("huge integer", u("{\"a\":" + String(repeating: "9", count: 400) + "}"), "json.number-range", "t.json:1:6"),
    // json.bad-surrogate
    ("lone high", u(#"{"a":"\ud83d"}"#), "json.bad-surrogate", "t.json:1:7"),
    ("lone low", u(#"{"a":"x\ude00"}"#), "json.bad-surrogate", "t.json:1:8"),
    ("high then text", u(#"{"a":"\ud83dx"}"#), "json.bad-surrogate", "t.json:1:7"),
    ("high then BMP", u(#"{"a":"\ud83d\u0041"}"#), "json.bad-surrogate", "t.json:1:7"),
    ("high then high", u(#"{"a":"\ud83d\ud83d"}"#), "json.bad-surrogate", "t.json:1:7"),
    // json.bad-escape
    ("unknown escape", u(#"{"a":"\x"}"#), "json.bad-escape", "t.json:1:7"),
    ("bad hex", u(#"{"a":"ab\u12G4"}"#), "json.bad-escape", "t.json:1:9"),
    ("escape in key", u(#"{"\q":1}"#), "json.bad-escape", "t.json:1:3"),
    ("bad low hex", u(#"{"a":"\ud83d\uZZZZ"}"#), "json.bad-escape", "t.json:1:13"),
    // json.control-char
    ("raw tab", u("{\"a\":\"x\ty\"}"), "json.control-char", "t.json:1:8"),
    ("raw newline", u("{\"a\":\"abc\n\"}"), "json.control-char", "t.json:1:10"),
    ("raw control after escape", u("{\"a\":\"\\n\u{1}\"}"), "json.control-char", "t.json:1:9"),
    // json.bad-utf8
    ("bad continuation", raw(#"{"a":""#, [0xC3, 0x28], #""}"#), "json.bad-utf8", "t.json:1:7"),
    ("byte FF", raw(#"{"a":""#, [0xFF], #""}"#), "json.bad-utf8", "t.json:1:7"),
    ("Latin-1 é", raw("[\n{\"a\":\"caf", [0xE9], #""}]"#), "json.bad-utf8", "t.json:2:10"),
    ("overlong", raw(#"{"a":""#, [0xC0, 0xAF], #""}"#), "json.bad-utf8", "t.json:1:7"),
    ("encoded surrogate", raw(#"{"a":""#, [0xED, 0xA0, 0x80], #""}"#), "json.bad-utf8", "t.json:1:7"),
    ("above U+10FFFF", raw(#"{"a":""#, [0xF4, 0x90, 0x80, 0x80], #""}"#), "json.bad-utf8", "t.json:1:7"),
    ("truncated sequence", raw(#"{"a":"x"#, [0xE2, 0x82], #""}"#), "json.bad-utf8", "t.json:1:8"),
    ("after an escape", raw(#"{"a":"\n"#, [0xFF], #""}"#), "json.bad-utf8", "t.json:1:9"),
    ("in a key", raw(#"{""#, [0xFE], #"":1}"#), "json.bad-utf8", "t.json:1:3"),
    // json.too-deep
    ("too deep", u("{\"a\":" + String(repeating: "[", count: 600)), "json.too-deep", "t.json:1:517"),
]

@Suite struct JSONReaderTests {
    // MARK: - Shapes

    /// The envelope's entity set sets the kind of objects that do not say theirs; the envelope's
    /// own members are not attributes of any object.
    @Test(arguments: [
        ("users", ObjectKind.user), ("users(id,userPrincipalName,onPremisesImmutableId)", .user),
        ("groups", .group), ("contacts", .contact), ("orgContacts", .contact),
        ("directoryObjects", .other), ("devices", .other),
    ])
    func envelopeContextSetsKind(entitySet: String, kind: ObjectKind) throws {
        let s = try load("""
            {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#\(entitySet)","@odata.count":2,
             "value":[{"id":"a"},{"id":"b"}],
             "@odata.nextLink":"https://graph.microsoft.com/v1.0/users?$skiptoken=X"}
            """)
        #expect(ids(s) == ["a", "b"])
        #expect(s.objects.map(\.kind) == [kind, kind])
        #expect(s.objects.map(\.line) == [2, 2])
        for name in ["@odata.context", "@odata.count", "value", "@odata.nextLink"] {
            #expect(s.schema.id(of: name) == nil, "\(name) is envelope metadata")
        }
        #expect(s.warnings.isEmpty)
    }

    @Test(arguments: [
        ("https://graph.microsoft.com/v1.0/$metadata#users/$entity", ObjectKind?.some(.user)),
        ("https://graph.microsoft.com/v1.0/$metadata#groups('0fd3')/members", .other),
        ("https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.group)", .group),
        ("https://graph.microsoft.com/v1.0/$metadata#directoryObjects/microsoft.graph.user", .user),
        ("https://graph.microsoft.com/beta/$metadata#contacts(id,mail)", .contact),
        ("no hash here", nil),
    ])
    func contextKinds(context: String, kind: ObjectKind?) {
        #expect(JSONReader.kind(fromContext: context) == kind)
    }

    /// `@odata.type` on an object is an attribute, and names its kind over the envelope's.
    @Test func odataTypePerObject() throws {
        let s = try load(#"""
            {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#directoryObjects","value":[
             {"@odata.type":"#microsoft.graph.group","id":"g"},
             {"@odata.type":"#microsoft.graph.user","id":"u"},
             {"@odata.type":"#microsoft.graph.orgContact","id":"c"},
             {"id":"x"}]}
            """#)
        #expect(ids(s) == ["g", "u", "c", "x"])
        #expect(s.objects.map(\.kind) == [.group, .user, .contact, .other])
        #expect(s.value(of: s.objects[0], "@odata.type") == .string("#microsoft.graph.group"))
        let u = try load(##"{"@odata.context":"x/$metadata#users","value":[{"@odata.type":"#microsoft.graph.group","id":"g"},{"id":"u"}]}"##)
        #expect(u.objects.map(\.kind) == [.group, .user])
    }

    /// Every accepted top-level shape, with the objects' ids and the lines where they start.
    @Test(arguments: [
        ("array", "[\n {\"id\":\"a\"},\n {\"id\":\"b\"}\n]", ["a", "b"], [2, 3]),
        ("empty array", "[ ]", [], []),
        ("single object", "\n\n{\"id\":\"a\",\"displayName\":\"A\"}\n", ["a"], [3]),
        ("JSON Lines", "{\"id\":\"a\"}\n{\"id\":\"b\"}\r\n\n{\"id\":\"c\"}\n", ["a", "b", "c"], [1, 2, 4]),
        ("JSON Lines of envelopes",
         "{\"@odata.context\":\"x#users\",\"value\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"@odata.nextLink\":\"n\"}\n"
            + "{\"@odata.context\":\"x#users\",\"value\":[{\"id\":\"c\"}]}\n"
            + "{\"@odata.context\":\"x#users\",\"value\":[]}", ["a", "b", "c"], [1, 1, 2]),
        ("pretty envelopes back to back",
         "{\"value\": [\n  {\"id\": \"a\"}\n]}\n{\"value\": [\n  {\"id\": \"b\"}\n]}", ["a", "b"], [2, 5]),
        ("array of envelopes", "[{\"value\":[{\"id\":\"a\"}]},\n {\"value\":[{\"id\":\"b\"},{\"id\":\"c\"}]}]",
         ["a", "b", "c"], [1, 2, 2]),
        ("envelope without context", "{\"value\":[{\"id\":\"a\"}]}", ["a"], [1]),
        ("lines of arrays", "[{\"id\":\"a\"}]\n[{\"id\":\"b\"}]", ["a", "b"], [1, 2]),
        ("empty object", "{}", ["?"], [1]),
    ])
    func shapes(name: String, json: String, expectedIDs: [String], lines: [Int]) throws {
        let s = try load(json)
        #expect(ids(s) == expectedIDs, "\(name)")
        #expect(s.objects.map(\.line) == lines, "\(name)")
        #expect(s.warnings.isEmpty, "\(name)")
    }

    /// A `value` member is only the envelope's when nothing but `@…` metadata precedes it and it
    /// holds an array; otherwise it is an ordinary attribute.
    @Test func valueAttributeOfAnOrdinaryObject() throws {
        let s = try load(##"[{"id":"a","value":[1,2]},{"id":"b","value":"x"},{"@odata.type":"#microsoft.graph.user","value":{"k":1}}]"##)
        #expect(s.objects.count == 3)
        #expect(s.value(of: s.objects[0], "value") == .list([.int(1), .int(2)]))
        #expect(s.value(of: s.objects[1], "value") == .string("x"))
        #expect(s.value(of: s.objects[2], "value") == .record(Record([.init(name: "k", value: .int(1))])))
    }

    /// A single-entity response (`…/$entity`) is one object whose kind comes from the context.
    @Test func singleEntityResponse() throws {
        let s = try load(#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#groups/$entity","id":"g","displayName":"Staff"}"#)
        #expect(ids(s) == ["g"])
        #expect(s.objects[0].kind == .group)
    }

    /// A member beside `value` that is not `@…` metadata belongs to no object: counted, not lost.
    @Test func strayEnvelopeMember() throws {
        let s = try load(#"{"@odata.context":"x#users","value":[{"id":"a"}],"stray":1}"#)
        #expect(ids(s) == ["a"])
        #expect(s.warnings.map(\.id) == ["json.envelope-member"])
        #expect(s.warnings.map(\.location.description) == ["t.json:1:50"])
        #expect(s.schema.id(of: "stray") == nil)
    }

    // MARK: - Values

    /// JSON types map to values one to one; `null` is kept so the schema knows the key.
    @Test(arguments: [
        ("s", Value.string("text")), ("i", .int(42)), ("neg", .int(-7)), ("zero", .int(0)),
        ("max", .int(Int64.max)), ("min", .int(Int64.min)), ("over", .double(9_223_372_036_854_775_808)),
        ("under", .double(-9.223_372_036_854_775_808e18)), ("d", .double(1.5)), ("e", .double(1000)),
        ("small", .double(-2.5e-3)), ("t", .bool(true)), ("f", .bool(false)), ("n", .null),
        ("list", .list([.string("a"), .string("b")])), ("one", .list([.string("a")])), ("empty", .list([])),
        ("mixed", .list([.int(1), .double(2.5), .null, .bool(true)])),
        ("rec", .record(Record([.init(name: "x", value: .int(1)),
                                .init(name: "y", value: .record(Record([.init(name: "z", value: .string("deep"))])))]))),
        ("recs", .list([.record(Record([.init(name: "a", value: .int(1))])), .record(Record([.init(name: "a", value: .int(2))]))])),
        ("nested", .list([.list([.int(1)]), .list([])])), ("emptyObj", .record(Record())),
        ("unicode", .string("Zoë 日本 😀")), ("ws", .string("  padded  ")),
    ])
    func valueTypes(name: String, expected: Value) throws {
        let s = try load(#"""
            { "s" : "text", "i":42, "neg":-7, "zero":0, "max":9223372036854775807, "min":-9223372036854775808,
              "over":9223372036854775808, "under":-9223372036854775809, "d":1.5, "e":1e3, "small":-2.5E-3,
              "t":true, "f":false, "n":null, "list":["a","b"], "one":["a"], "empty":[], "mixed":[1,2.5,null,true],
              "rec":{"x":1,"y":{"z":"deep"}}, "recs":[{"a":1},{"a":2}], "nested":[[1],[]], "emptyObj":{},
              "unicode":"Zoë 日本 😀", "ws":"  padded  " }
            """#)
        #expect(s.objects.count == 1)
        #expect(s.value(of: s.objects[0], name) == expected)
    }

    /// The domain reference's quarantined-UPN user: the provisioning errors stay records, their
    /// time is a date, and a Graph export is the cloud side.
    @Test func graphUsersWithProvisioningErrors() throws {
        let s = try load(envelopeUsers)
        #expect(s.side == .cloud)
        #expect(s.objects.map(\.kind) == [.user, .user])
        #expect(s.objects.map(\.line) == [2, 7])
        let tycho = s.objects[0]
        #expect(s.value(of: tycho, "upn") == .string("tycho1234@contoso.onmicrosoft.com"))
        #expect(s.value(of: tycho, "proxyAddresses") == .list([.string("SMTP:tycho.brahe@contoso.com")]))
        #expect(s.value(of: tycho, "onPremisesSyncEnabled") == .bool(true))
        #expect(s.value(of: tycho, "onPremisesProvisioningErrors") == .list([.record(Record([
            .init(name: "category", value: .string("PropertyConflict")),
            .init(name: "occurredDateTime", value: .date(1_714_557_600)),
            .init(name: "propertyCausingError", value: .string("UserPrincipalName")),
            .init(name: "value", value: .string("tycho.brahe@contoso.com")),
        ]))]))
        #expect(s.value(of: s.objects[1], "onPremisesImmutableId") == .null)
        #expect(s.value(of: s.objects[1], "onPremisesProvisioningErrors") == .list([]))
        #expect(s.schema.id(of: "onPremisesImmutableId") != nil)
    }

    /// PowerShell and Graph date forms become `.date` with the exact instant; near misses stay
    /// strings. The escaped `\/Date(…)\/` is what Windows PowerShell's ConvertTo-Json writes.
    @Test(arguments: [
        (#"/Date(1700000000000)/"#, Value.date(1_700_000_000)),
        (#"\/Date(1700000000000)\/"#, .date(1_700_000_000)),
        (#"/Date(1700000000000+0100)/"#, .date(1_700_000_000)),
        (#"/Date(-86400000)/"#, .date(-86400)),
        ("2024-05-01T10:00:00Z", .date(1_714_557_600)),
        ("2024-05-01T10:00:00.5Z", .date(1_714_557_600.5)),
        ("2024-05-01T12:00:00+02:00", .date(1_714_557_600)),
        ("2024-05-01T10:00:00", .date(1_714_557_600)),
        ("2024-05-01", .date(1_714_521_600)),
        ("0001-01-01T00:00:00Z", .date(-62_135_596_800)),
        ("2024", .string("2024")),
        ("6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0", .string("6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0")),
        ("2024-02-30", .string("2024-02-30")),
        ("2024-05-01T10:00:00Z!", .string("2024-05-01T10:00:00Z!")),
        ("/Date(x)/", .string("/Date(x)/")),
    ])
    func dates(literal: String, expected: Value) throws {
        let s = try load(#"{"when":"\#(literal)"}"#)
        #expect(s.value(of: s.objects[0], "when") == expected)
    }

    @Test func dateWithSevenFractionalDigits() throws {
        let s = try load(#"{"when":"2024-05-01T10:00:00.1234567Z"}"#)
        guard case .date(let t)? = s.value(of: s.objects[0], "when") else {
            Issue.record("not a date")
            return
        }
        #expect(t.ticks == 17_145_576_001_234_567)
    }

    /// Every escape, surrogate pairs, raw UTF-8, and escapes in keys.
    @Test(arguments: [
        (#"a\"b"#, "a\"b"), (#"back\\slash"#, "back\\slash"), (#"\/"#, "/"),
        (#"\b\f\n\r\t"#, "\u{8}\u{C}\n\r\t"), (#"caf\u00e9"#, "café"), (#"\u00C9T\u00C9"#, "ÉTÉ"),
        (#"\u65e5\u672c"#, "日本"), (#"\ud83d\ude00"#, "😀"), (#"x\uD83D\uDE00y"#, "x😀y"),
        (#"x\u0000y"#, "x\u{0}y"), ("raw é日本😀", "raw é日本😀"), (#"é\n😀"#, "é\n😀"),
        (#"\u0041\u004a"#, "AJ"),
    ])
    func escapes(literal: String, expected: String) throws {
        let s = try load(#"{"v":"\#(literal)"}"#)
        #expect(s.value(of: s.objects[0], "v") == .string(expected))
    }

    /// A key spelled with escapes is the same key as its plain spelling.
    @Test func escapedKeys() throws {
        let s = try load(#"[{"ab":1,"x\u00e9":2},{"a\u0062":3,"xé":4}]"#)
        #expect(s.schema.attributes.map(\.name) == ["ab", "xé"])
        #expect(s.value(of: s.objects[1], "ab") == .int(3))
        #expect(s.value(of: s.objects[1], "xé") == .int(4))
    }

    // MARK: - Errors

    /// Each error id, located exactly.
    @Test(arguments: errorCases)
    func errors(name: String, input: [UInt8], id: String, location: String) {
        let error = loadError(input)
        #expect(error?.id == id, "\(name): \(error.map(String.init(describing:)) ?? "no error")")
        #expect(error?.location.description == location, "\(name): \(error.map(String.init(describing:)) ?? "no error")")
    }

    /// Messages say what was expected and what was found.
    @Test(arguments: [
        (#"{"a":1 "b":2}"#, #"expected ',' or '}' after object member, found '"'"#),
        (#"{"a":[1 2]}"#, "expected ',' or ']' after array element, found '2'"),
        (#"{"mail" "x"}"#, #"expected ':' after key "mail", found '"'"#),
        (#"{"a":True}"#, "expected a value (object, array, string, number, true, false or null), found 'True'"),
        ("{\"a\":1,", "unexpected end of input (file cut short?): expected a key in double quotes after ','"),
        ("{\"a\":\"abc", "unexpected end of input (file cut short?) inside the string that starts at line 1, column 6"),
        ("{\"a\":1,é}", "expected a key in double quotes after ',', found 'é'"),
        ("42", "the top-level value is a number, not a directory object"),
        ("[1]", "an element of the array is a number, not an object"),
        ("[{}, [1]]", "an element of the array is an array, not an object"),
        ("{\"a\":\"x\ty\"}", "raw control character tab (0x09) inside a string"),
        (#"{"a":"\x"}"#, #"invalid escape '\x' in a string"#),
        (#"{"a":"\ud83d"}"#, #"\uD83D is a high surrogate not followed by a low surrogate (\uDC00-\uDFFF)"#),
    ])
    func errorMessages(json: String, message: String) {
        #expect(loadError(json)?.message == message)
    }

    @Test func trailingCommaHint() {
        #expect(loadError(#"{"a":[1,]}"#)?.hint == "JSON does not allow a comma before ']'")
        #expect(loadError(#"{"a":1,}"#)?.hint == "JSON does not allow a comma before '}'")
    }

    // MARK: - Duplicate keys

    /// The second key is reported where it stands; its value replaces the first.
    @Test func duplicateKey() throws {
        let s = try load("{\"a\":1,\n \"b\":2,\n \"a\":3}")
        #expect(s.warnings.map(\.id) == ["json.duplicate-key"])
        #expect(s.warnings.map(\.location.description) == ["t.json:3:2"])
        #expect(s.warnings[0].message == #"duplicate key "a" in one object, first at line 1, column 2; the last value wins"#)
        #expect(s.value(of: s.objects[0], "a") == .int(3))
        #expect(s.objects[0].fields.count == 2)
    }

    /// Attribute names ignore case, so keys that differ only in case are duplicates too.
    @Test func duplicateKeyIgnoringCase() throws {
        let s = try load(#"{"mail":"x","Mail":"y"}"#)
        #expect(s.warnings.map(\.location.description) == ["t.json:1:13"])
        #expect(s.warnings[0].message.contains(#""Mail" ("mail" ignoring case)"#))
        #expect(s.value(of: s.objects[0], "mail") == .string("y"))
    }

    /// Duplicates are found per object, at every level, and never across objects.
    @Test(arguments: [
        (#"{"r":{"k":1,"k":2}}"#, ["t.json:1:13"]),
        (#"{"a":1,"x":{"a":2},"b":3}"#, []),
        (#"{"a":1,"x":{"a":2},"a":3}"#, ["t.json:1:20"]),
        (#"{"l":[{"k":1},{"k":2}],"k":3}"#, []),
        (#"[{"id":"a"},{"id":"b"}]"#, []),
        (#"{"value":[{"id":"a","id":"b"}]}"#, ["t.json:1:21"]),
        (#"{"x":{"y":{"z":1},"z":2,"y":3}}"#, ["t.json:1:25"]),
    ])
    func duplicatesPerObject(json: String, locations: [String]) throws {
        let s = try load(json)
        #expect(s.warnings.map(\.location.description) == locations)
        #expect(s.warnings.allSatisfy { $0.id == "json.duplicate-key" })
    }

    @Test func duplicateInNestedRecordKeepsLastValue() throws {
        let s = try load(#"{"r":{"k":1,"j":0,"K":2}}"#)
        #expect(s.value(of: s.objects[0], "r") == .record(Record([
            .init(name: "k", value: .int(2)), .init(name: "j", value: .int(0)),
        ])))
    }

    // MARK: - Nesting

    /// 100 000 open brackets fail cleanly at the limit instead of overflowing the stack.
    @Test func deepNestingFailsWithoutCrash() {
        let arrays = loadError("{\"a\":" + String(repeating: "[", count: 100_000))
        #expect(arrays?.id == "json.too-deep")
        #expect(arrays?.location.description == "t.json:1:517")
        let objects = loadError("{\"a\":" + String(repeating: "{\"b\":", count: 100_000))
        #expect(objects?.id == "json.too-deep")
        #expect(objects?.location.description == "t.json:1:\(6 + 5 * 511)")
        let topArrays = loadError(String(repeating: "[", count: 100_000))
        #expect(topArrays?.id == "json.not-object")
        #expect(topArrays?.location.description == "t.json:1:2")
    }

    /// Exactly 512 levels is allowed.
    @Test func nestingAtTheLimit() throws {
        let s = try load("{\"a\":" + String(repeating: "[", count: 511) + String(repeating: "]", count: 511) + "}")
        #expect(s.objects.count == 1)
    }

    // MARK: - Encodings and integration

    /// BOMs and UTF-16 are undone by `InputFile.decode`; the reader sees UTF-8.
    @Test(arguments: ["UTF-8 with BOM", "UTF-16LE", "UTF-16BE", "UTF-8"])
    func encodings(encoding: String) throws {
        let text = "[{\"displayName\":\"Zoë 😀\",\n\"id\":\"a\"}]"
        var bytes: [UInt8]
        switch encoding {
        case "UTF-8 with BOM": bytes = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case "UTF-16LE": bytes = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case "UTF-16BE": bytes = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        default: bytes = Array(text.utf8)
        }
        #expect(try InputFile.decode(path: "t.json", data: bytes).encoding == encoding)
        let s = try load(bytes)
        #expect(s.value(of: s.objects[0], "displayName") == .string("Zoë 😀"))
        #expect(ids(s) == ["a"])
        // Columns count the UTF-8 bytes after the BOM.
        let broken = Array("{\"a\" 1}".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(loadError([0xFF, 0xFE] + broken)?.location.description == "t.json:1:6")
    }

    /// Through the public loader: format detection, the reader, the built snapshot.
    @Test func snapshotLoader() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-json-\(UUID().uuidString).json")
        try Data(envelopeUsers.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let s = try SnapshotLoader.load(path: url.path, name: "cloud")
        #expect(s.format == .json)
        #expect(s.side == .cloud)
        #expect(s.objects.count == 2)
    }

    /// Many objects sharing interned keys keep their own values.
    @Test func manyObjects() throws {
        var json = "["
        for i in 0..<2000 {
            json += (i == 0 ? "" : ",\n") + #"{"id":"u\#(i)","n":\#(i),"tags":["t\#(i % 7)"],"extra\#(i % 3)":true}"#
        }
        json += "]"
        let s = try load(json)
        #expect(s.objects.count == 2000)
        #expect(s.value(of: s.objects[1234], "id") == .string("u1234"))
        #expect(s.value(of: s.objects[1234], "n") == .int(1234))
        #expect(s.value(of: s.objects[1234], "extra1") == .bool(true))
        #expect(s.objects[1234].line == 1235)
        #expect(s.schema.attributes.count == 6)
    }
}
