import Foundation
import Testing
@testable import Dirq
import DirqGenerator

/// Large CSV files are read in parts on several threads. A part starts after a line break, which
/// may lie inside a quoted value that spans lines; the snapshot must still be the one a single
/// reader builds — objects, values, lines, schema, warnings — and an error must be the one a
/// single reader reports.
@Suite struct CSVPartTests {
    static func load(_ text: String, parts: Int) throws -> Snapshot {
        var builder = SnapshotBuilder(path: "t.csv", format: .csv)
        try CSVReader.read(InputFile(path: "t.csv", bytes: Array(text.utf8)), into: &builder, parts: parts)
        return builder.build(name: "t")
    }

    static func message(_ text: String, parts: Int) -> String {
        do {
            _ = try load(text, parts: parts)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    static let tenant: Result<String, any Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-parts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try TenantGenerator(users: 400, seed: 5).write(to: dir)
        return try String(contentsOf: t.onPremCSV, encoding: .utf8)
    }

    /// Rows whose notes hold line breaks (some several hundred lines long, so that the even shares
    /// of the file fall inside them), a .NET type name and a joined multi-value in a `;` file.
    static func quotedLines(delimiter: String) -> String {
        var rows = ["\"dn\"\(delimiter)\"info\"\(delimiter)\"proxyAddresses\"\(delimiter)\"memberOf\""]
        for i in 0..<300 {
            let lines = i % 50 == 7 ? 400 : i % 3
            let info = (0...lines).map { "note \(i).\($0) says \"\"hi\"\"\(delimiter) ok" }.joined(separator: i % 2 == 0 ? "\r\n" : "\n")
            let proxy = i == 250 ? "SMTP:a\(i)@x.com,smtp:b\(i)@x.com" : "SMTP:u\(i)@x.com"
            let member = i % 90 == 89 ? "System.Object[]" : "\"CN=G\(i % 4),DC=x\""
            rows.append("\"CN=U\(i),DC=x\"\(delimiter)\"\(info)\"\(delimiter)\"\(proxy)\"\(delimiter)\(member)")
        }
        return rows.joined(separator: "\r\n") + "\r\n"
    }

    @Test(arguments: [2, 3, 7])
    func sameSnapshotAsOneReader(parts: Int) throws {
        let texts = [try Self.tenant.get(), Self.quotedLines(delimiter: ","), Self.quotedLines(delimiter: ";")]
        for text in texts {
            let one = try Self.load(text, parts: 1)
            let many = try Self.load(text, parts: parts)
            #expect(one.objects.count > 100)
            #expect(LDIFChunkTests.dump(many) == LDIFChunkTests.dump(one))
            #expect(many.schema.attributes.map(\.name) == one.schema.attributes.map(\.name))
            #expect(many.schema.attributes.map(\.counts) == one.schema.attributes.map(\.counts))
            #expect(many.warnings.map(\.description) == one.warnings.map(\.description))
        }
        // The quoted notes did spread over lines, and the warnings of every part were counted once.
        let semicolon = try Self.load(Self.quotedLines(delimiter: ";"), parts: parts)
        #expect(semicolon.objects.last!.line > 1000)
        let ids = semicolon.warnings.map(\.id)
        #expect(ids.filter { $0 == "csv.type-name" }.count == 1)
        #expect(ids.filter { $0 == "csv.multivalue-ambiguous" }.count == 1)
        #expect(semicolon.warnings.first { $0.id == "csv.type-name" }!.description.contains("in 3 rows"))
    }

    /// Parts of more objects than `ParallelParts.parallelAppendMinimum` are joined column by
    /// column on two threads, the biggest column first: each column must end up where one reader
    /// puts it, shared values (objectClass, department) and unique ones (DNs) alike, with
    /// attributes only some parts hold and a column that holds other values than text.
    @Test func bigPartsJoinAsOneReader() throws {
        var rows = ["DN,objectClass,department,proxyAddresses,employeeID,extensionAttribute9"]
        for i in 0..<70_000 {
            let department = ["Sales", "IT", "HR"][i % 3]
            let proxies = "SMTP:u\(i)@x.com;smtp:a\(i % 500)@x.com"
            let late = i > 50_000 ? "late \(i % 11)" : ""
            rows.append("\"CN=U\(i),DC=x\",user,\(department),\"\(proxies)\",\(i),\(late)")
        }
        let text = rows.joined(separator: "\r\n") + "\r\n"
        let one = try Self.load(text, parts: 1)
        for parts in [2, 5] {
            let many = try Self.load(text, parts: parts)
            #expect(many.objects.count == 70_000)
            #expect(many.schema.attributes.map(\.name) == one.schema.attributes.map(\.name))
            for a in one.schema.attributes.indices {
                let id = Schema.ID(a)
                let (mine, theirs) = (many.objects.values(of: Array(0..<70_000), id), one.objects.values(of: Array(0..<70_000), id))
                // The first object that differs, not the arrays (describing two arrays of 70 000
                // values that differ takes minutes).
                let first = mine.indices.first { mine[$0] != theirs[$0] }
                #expect(first == nil, "\(one.schema[id].name), \(parts) parts: object \(first ?? -1)")
            }
        }
    }

    @Test func errorsAreThoseOfOneReader() throws {
        let text = Self.quotedLines(delimiter: ",")
        var rows = text.components(separatedBy: "\r\n\"CN=")
        // A row with a field too many near the end, and (separately) an unterminated quote.
        rows[rows.count - 20] += ",extra"
        let tooMany = rows.joined(separator: "\r\n\"CN=")
        #expect(Self.message(tooMany, parts: 1).contains("row has 5 fields, the header has 4"))
        for parts in [2, 3, 7] { #expect(Self.message(tooMany, parts: parts) == Self.message(tooMany, parts: 1)) }
        let open = text + "\"CN=last,DC=x\",\"never closed,,\r\n"
        #expect(Self.message(open, parts: 1).contains("never ends"))
        for parts in [2, 3, 7] { #expect(Self.message(open, parts: parts) == Self.message(open, parts: 1)) }
    }
}
