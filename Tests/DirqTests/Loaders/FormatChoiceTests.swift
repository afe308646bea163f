import Foundation
import Testing
@testable import Dirq

/// The file's extension decides the reader; content decides only when the name says nothing;
/// a file in no format dirq reads is an error that lists the formats (issue 12, item 5).
@Suite struct FormatChoiceTests {
    struct Case: CustomStringConvertible, Sendable {
        var file: String
        var bytes: [UInt8]
        /// The format read, when the load succeeds.
        var format: SnapshotFormat?
        /// Else the error id, where it is, and words its message or notes must contain.
        var error: String?
        var at: String?
        var says: [String] = []

        var description: String { file }
    }

    static func text(_ s: String) -> [UInt8] { Array(s.utf8) }

    static let cases: [Case] = [
        // A JSON file whose top-level value is a string was read as a one-column CSV (0 objects).
        Case(file: "top.json", bytes: text("\"just a string\"\n"), error: "json.not-object", at: "1:1",
             says: ["the top-level value is a string", "read as JSON because the file name ends in .json"]),
        // An LDIF whose first record does not start with dn: was a CSV field-count error.
        Case(file: "nodn.ldif", bytes: text("objectClass: user\ncn: Tycho\n\ndn: CN=b\ncn: b\n"),
             error: "ldif.missing-dn", at: "1:1", says: ["must start with `dn:`", "read as LDIF"]),
        Case(file: "NODN.LDF", bytes: text("# ldifde\ncn: Tycho\n"), error: "ldif.missing-dn", at: "2:1",
             says: ["read as LDIF because the file name ends in .LDF"]),
        // ldapsearch-style dump with ---- separators: an LDIF error at the first separator.
        Case(file: "dump.ldif", bytes: text("dn: CN=a,DC=x\ncn: a\n----\ndn: CN=b,DC=x\ncn: b\n"),
             error: "ldif.dash-separator", at: "3:1", says: ["line of dashes", "blank line"]),
        // …and without an extension that says so, the content after the dashes says LDIF.
        Case(file: "dump.txt", bytes: text("# search\n-----\ndn: CN=a,DC=x\ncn: a\n-----\ndn: CN=b,DC=x\n"),
             error: "ldif.dash-separator", at: "2:1", says: ["read as LDIF from its first line"]),
        Case(file: "dump", bytes: text("dn: CN=a,DC=x\ncn: a\n\ndn: CN=b,DC=x\ncn: b\n"), format: .ldif),
        // A JSON document named .csv is read as CSV, and the error says it looks like JSON.
        Case(file: "graph.csv", bytes: text("{\"value\": [\n {\"id\": \"1\", \"a\": 2}\n]}\n"),
             error: "csv.", says: ["read as CSV because the file name ends in .csv", "looks like JSON", "format json"]),
        Case(file: "broken.xml", bytes: text("this is not xml\n"), error: "xml.", at: "1:1",
             says: ["read as csexport XML because the file name ends in .xml"]),
        Case(file: "users.csv", bytes: text("Name,SamAccountName\nTycho,tycho\n"), format: .csv),
        Case(file: "scheduler.txt", bytes: text("AllowedSyncCycleInterval            : 00:30:00\nSyncCycleEnabled : False\n"),
             format: .list),
        // Files in no format dirq reads.
        Case(file: "users.xlsx", bytes: text("Name,SamAccountName\n"), error: "file.unsupported", at: "1:1",
             says: ["an Excel workbook", "LDIF (.ldif, .ldf), CSV (.csv), JSON (.json), csexport XML (.xml)"]),
        Case(file: "renamed.csv", bytes: [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0], error: "file.unsupported", at: "1:1",
             says: ["a ZIP archive", "Save As CSV"]),
        Case(file: "report.pdf", bytes: text("%PDF-1.7\n"), error: "file.unsupported", says: ["a PDF document"]),
        Case(file: "blob.bin", bytes: [0x41, 0x42, 0x00, 0x43], error: "file.unsupported", says: ["NUL bytes"]),
    ]

    @Test(arguments: cases)
    func extensionDecidesTheReader(_ c: Case) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-format-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(c.file).path
        try Data(c.bytes).write(to: URL(fileURLWithPath: path))
        do {
            let s = try SnapshotLoader.load(path: path)
            #expect(c.error == nil, "\(c.file) loaded (\(s.format)) but should fail with \(c.error ?? "")")
            #expect(s.format == c.format)
        } catch let e as LoadError {
            guard let id = c.error else {
                Issue.record("\(c.file): unexpected \(e)")
                return
            }
            #expect(e.id.hasPrefix(id), "\(e)")
            #expect(e.location.file == path)
            if let at = c.at { #expect("\(e.location.line):\(e.location.column)" == at, "\(e)") }
            let all = ([e.message] + e.allNotes).joined(separator: "\n")
            for word in c.says { #expect(all.contains(word), "\(c.file): \(all)") }
        }
    }

    /// A `format` clause overrides the extension.
    @Test func formatArgumentOverridesTheExtension() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-format-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("users.txt.json").path
        try Data("Name,SamAccountName\nTycho,tycho\n".utf8).write(to: URL(fileURLWithPath: path))
        let s = try SnapshotLoader.load(path: path, format: .csv)
        #expect(s.format == .csv && s.objects.count == 1)
    }

    @Test(arguments: [
        ("a.ldif", FormatChoice.Hint.format(.ldif)), ("a.LDF", .format(.ldif)), ("a.Json", .format(.json)),
        ("a.csv", .format(.csv)), ("a.xml", .format(.xml)), ("a.txt", .none), ("a", .none), ("a.out", .none),
        ("a.xlsx", .foreign("an Excel workbook")), ("a.zip", .foreign("a ZIP archive")),
    ])
    func hintFromTheName(_ file: String, _ hint: FormatChoice.Hint) {
        #expect(FormatChoice.hint(forPath: "/tmp/" + file) == hint)
    }
}
