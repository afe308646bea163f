import Foundation
import Testing
@testable import Dirq
import DirqGenerator

/// A big Graph `value` array is read in parts on several threads, cut after commas that a scan of
/// strings and brackets takes for element separators. Whatever the number of parts, the snapshot
/// (objects, values, lines, schema, warnings) must be the one a single reader builds, and an error
/// the one it reports — also when the file is not the JSON the scan took it for.
@Suite struct JSONPartTests {
    static func load(_ text: String, parts: Int) throws -> Snapshot {
        var builder = SnapshotBuilder(path: "t.json", format: .json)
        try JSONReader.read(InputFile(path: "t.json", bytes: Array(text.utf8)), into: &builder, parts: parts)
        return builder.build(name: "t")
    }

    static func outcome(_ text: String, parts: Int) -> [String] {
        do {
            let s = try load(text, parts: parts)
            return LDIFChunkTests.dump(s)
                + s.schema.attributes.map { a in "\(a.name) " + a.counts.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ",") }
                + s.warnings.map(\.description)
        } catch {
            return ["error: \(error)"]
        }
    }

    static let tenant: Result<String, any Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-jsonparts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try TenantGenerator(users: 400, seed: 7).write(to: dir)
        return try String(contentsOf: t.cloudJSON, encoding: .utf8)
    }

    /// Objects whose strings hold what the scan must not take for structure: commas, brackets,
    /// braces, escaped quotes and backslashes; nested arrays and objects; a duplicate key (a
    /// warning); pretty-printed over many lines. `broken` spoils element `at` in one of five ways.
    static func tricky(count: Int, pretty: Bool, broken: (at: Int, how: Int)? = nil) -> String {
        let nl = pretty ? "\n    " : ""
        let objects = (0..<count).map { i -> String in
            var members = [
                "\"id\": \"\(i)\"",
                "\"displayName\": \"User, \\\"\(i)\\\" [x] {y} \\\\\"",
                "\"proxyAddresses\": [\"SMTP:u\(i)@x.com\", \"smtp:a,\(i)@x.com\"]",
                "\"extra\": {\"a\": [1, 2, {\"b\": \"],\"}], \"c\": null}",
            ]
            if i % 37 == 5 { members.append("\"id\": \"again \(i)\"") }
            if let broken, broken.at == i {
                switch broken.how {
                case 0: members[0] = "\"id\": \"\(i)\" x"                       // not JSON
                case 1: return "42"                                             // not an object
                case 2: members[1] = "\"displayName\": \"User, [x] {y}"          // a string left open
                case 3: members[1] = "\"displayName\": \"two\nlines\""            // a raw line feed
                default: members[3] = "\"extra\": {\"a\": [1, 2}"                // brackets crossed
                }
            }
            return "{" + nl + members.joined(separator: "," + nl) + (pretty ? "\n  }" : "}")
        }
        let sep = pretty ? ",\n  " : ","
        return "{\"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#users\", \"value\": [" + (pretty ? "\n  " : "")
            + objects.joined(separator: sep) + (pretty ? "\n]}\n" : "]}")
    }

    @Test(arguments: [2, 3, 5])
    func sameSnapshotAsOneReader(parts: Int) throws {
        let texts = [try Self.tenant.get(), Self.tricky(count: 300, pretty: false), Self.tricky(count: 300, pretty: true)]
        for text in texts {
            let one = Self.outcome(text, parts: 1)
            #expect(one.count > 300)
            #expect(!one[0].hasPrefix("error"))
            let many = Self.outcome(text, parts: parts)
            if let k = (0..<min(one.count, many.count)).first(where: { one[$0] != many[$0] }) {
                Issue.record("parts \(parts): item \(k) of \(one.count)/\(many.count): \(one[k].prefix(300)) VS \(many[k].prefix(300))")
            } else {
                #expect(many.count == one.count)
            }
        }
        // The duplicate keys of every part were reported, each once.
        let warnings = try Self.load(Self.tricky(count: 300, pretty: true), parts: parts).warnings
        #expect(warnings.filter { $0.id == "json.duplicate-key" }.count == 8)
    }

    /// Errors early, in the middle and late in the array (each part's share), among them ones
    /// that make the scan cut in the wrong place: the error is the first a single reader meets.
    @Test(arguments: [2, 3, 5])
    func sameErrorAsOneReader(parts: Int) {
        for at in [20, 90, 110, 180] {
            for how in 0..<5 {
                for pretty in [false, true] {
                    let text = Self.tricky(count: 200, pretty: pretty, broken: (at, how))
                    let one = Self.outcome(text, parts: 1)
                    #expect(one.first?.hasPrefix("error") == true, "element \(at), way \(how)")
                    #expect(Self.outcome(text, parts: parts) == one, "element \(at), way \(how), pretty \(pretty)")
                }
            }
        }
    }

    @Test func splitsFallBetweenElements() {
        let text = Array(Self.tricky(count: 50, pretty: true).utf8)
        let start = text.firstIndex(of: UInt8(ascii: "["))! + 1
        let splits = text.withUnsafeBufferPointer {
            JSONElementSplits.find(in: $0, from: start, line: 1, lineStart: 0, parts: 4)
        }
        #expect(splits.count == 3)
        for s in splits {
            // Just after a comma, before the next element's `{` (and the line is that of the comma).
            #expect(text[s.pos - 1] == UInt8(ascii: ","))
            #expect(text[s.pos...].first { $0 != 0x20 && $0 != 0x0A } == UInt8(ascii: "{"))
            #expect(s.line == 1 + text[..<s.pos].filter { $0 == 0x0A }.count)
        }
    }
}
