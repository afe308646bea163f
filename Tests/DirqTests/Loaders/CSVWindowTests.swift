import Foundation
import Testing
@testable import Dirq

/// A large CSV file is read in windows, each up to the first row that goes on past its end (a
/// quoted note may span hundreds of lines and many windows). Whatever the window and part sizes,
/// the snapshot must be the one a whole-file read builds (objects, lines, schema, warnings), an
/// error must be its error, and a file the whole read transcodes or refuses is left to it.
@Suite struct CSVWindowTests {
    static func whole(_ bytes: [UInt8]) throws -> Snapshot {
        var builder = SnapshotBuilder(path: "t.csv", format: .csv)
        try CSVReader.read(InputFile.decode(path: "t.csv", data: bytes), into: &builder, parts: 1)
        return builder.build(name: "t")
    }

    /// The windowed read, or nil when it left the file to the whole read.
    static func windowed(_ bytes: [UInt8], window: Int, parts: Int) throws -> Snapshot? {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-csv-window-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(bytes).write(to: url)
        var builder = SnapshotBuilder(path: "t.csv", format: .csv)
        guard try CSVWindows.read(path: url.path, into: &builder, window: window, parts: parts) else { return nil }
        return builder.build(name: "t")
    }

    /// Text with the temporary file's path read as t.csv.
    static func named(_ s: String) -> String {
        s.replacingOccurrences(of: #"/[^ :]*dirq-csv-window-[^:]*\.csv"#, with: "t.csv", options: .regularExpression)
    }

    static func message(_ body: () throws -> Snapshot?) -> String {
        do {
            return try body() == nil ? "read whole" : "no error"
        } catch {
            return named("\(error)")
        }
    }

    static func expectSame(_ w: Snapshot?, _ one: Snapshot) {
        guard let w else {
            Issue.record("the windowed read left the file to the whole read")
            return
        }
        #expect(LDIFChunkTests.dump(w) == LDIFChunkTests.dump(one))
        #expect(w.schema.attributes.map(\.name) == one.schema.attributes.map(\.name))
        #expect(w.schema.attributes.map(\.counts) == one.schema.attributes.map(\.counts))
        #expect(w.warnings.map { named($0.description) } == one.warnings.map(\.description))
        #expect(w.kindNotes == one.kindNotes)
    }

    /// The generated tenant with PowerShell's `#TYPE` line, and the rows of long quoted notes.
    static func texts() throws -> [String] {
        ["#TYPE Microsoft.ActiveDirectory.Management.ADUser\r\n" + (try CSVPartTests.tenant.get()),
         CSVPartTests.quotedLines(delimiter: ","), CSVPartTests.quotedLines(delimiter: ";")]
    }

    @Test(arguments: [(4096, 1), (4096, 3), (10_000, 2), (1 << 20, 2)])
    func sameSnapshotAsAWholeRead(window: Int, parts: Int) throws {
        for text in try Self.texts() {
            let bytes = Array(text.utf8)
            #expect(bytes.count > 5 * window || window == 1 << 20)
            let one = try Self.whole(bytes)
            #expect(one.objects.count > 100)
            Self.expectSame(try Self.windowed(bytes, window: window, parts: parts), one)
            Self.expectSame(try Self.windowed([0xEF, 0xBB, 0xBF] + bytes, window: window, parts: parts), one)
            // Without a line break after the last row, and with blank lines at the end.
            let trimmed = Array(text.trimmingCharacters(in: .newlines).utf8)
            Self.expectSame(try Self.windowed(trimmed, window: window, parts: parts), try Self.whole(trimmed))
            let blank = bytes + Array("\r\n\r\n".utf8)
            Self.expectSame(try Self.windowed(blank, window: window, parts: parts), try Self.whole(blank))
        }
    }

    @Test(arguments: [(4096, 1), (4096, 3)])
    func errorsAreThoseOfAWholeRead(window: Int, parts: Int) throws {
        let text = CSVPartTests.quotedLines(delimiter: ",")
        var rows = text.components(separatedBy: "\r\n\"CN=")
        rows[rows.count - 20] += ",extra"
        let tooMany = Array(rows.joined(separator: "\r\n\"CN=").utf8)
        let expected = Self.message { try Self.whole(tooMany) }
        #expect(expected.contains("row has 5 fields, the header has 4"))
        #expect(Self.message { try Self.windowed(tooMany, window: window, parts: parts) } == expected)
        let open = Array((text + "\"CN=last,DC=x\",\"never closed,,\r\n" + String(repeating: "more\r\n", count: 2000)).utf8)
        let openWhole = Self.message { try Self.whole(open) }
        #expect(openWhole.contains("never ends"))
        #expect(Self.message { try Self.windowed(open, window: window, parts: parts) } == openWhole)
    }

    /// Bytes that are not UTF-8 (Excel's Windows-1252 save) or a second byte-order mark: the
    /// windowed read stops and the whole read decides, even when they come late in the file.
    @Test func whatMustBeTranscodedIsReadWhole() throws {
        let text = try CSVPartTests.tenant.get()
        var latin = Array(text.utf8)
        latin.insert(0xE9, at: latin.count - 100)  // é in Windows-1252
        #expect(try Self.windowed(latin, window: 4096, parts: 2) == nil)
        let twice = Array(text.utf8) + [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        #expect(try Self.windowed(twice, window: 4096, parts: 2) == nil)
        // A header longer than a window is read whole too.
        let wide = "\"" + String(repeating: "x", count: 5000) + "\",b\r\n1,2\r\n"
        #expect(try Self.windowed(Array(wide.utf8), window: 4096, parts: 1) == nil)
    }
}
