import Foundation
import Testing
@testable import Dirq

/// A large LDIF file is read in windows cut at blank lines, the cut-off record carried into the
/// next window. Whatever the window and chunk sizes, the snapshot must be the one a whole-file
/// read builds: objects, lines, kinds, schema order and counts, warnings, and the same error.
@Suite struct LDIFWindowTests {
    static func whole(_ text: String) throws -> Snapshot {
        var builder = SnapshotBuilder(path: "t.ldif", format: .ldif)
        try LDIFReader.read(InputFile(path: "t.ldif", bytes: Array(text.utf8)), into: &builder)
        return builder.build(name: "t")
    }

    /// Warnings as text, the temporary file's path read as t.ldif.
    static func warnings(_ s: Snapshot) -> [String] {
        s.warnings.map { $0.description.replacingOccurrences(of: #"/[^ :]*dirq-window-[^:]*\.ldif"#, with: "t.ldif", options: .regularExpression) }
    }

    static func windowed(_ text: String, window: Int, chunks: Int, bom: Bool = false) throws -> Snapshot {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-window-\(UUID().uuidString).ldif")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data((bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)).write(to: url)
        var builder = SnapshotBuilder(path: "t.ldif", format: .ldif)
        // The builder names the file t.ldif, as the whole read does; the bytes come from `url`.
        try LDIFWindows.read(path: url.path, into: &builder, window: window, chunks: chunks)
        return builder.build(name: "t")
    }

    static func message(_ body: () throws -> Snapshot) -> String {
        do {
            _ = try body()
            return "no error"
        } catch {
            return "\(error)".replacingOccurrences(of: #"/[^ :]*dirq-window-[^:]*\.ldif"#, with: "t.ldif", options: .regularExpression)
        }
    }

    /// The generated tenant plus a record far bigger than the smallest window (a folded note).
    static func text() throws -> String {
        let big = "dn: CN=Big,DC=contoso,DC=com\r\nobjectClass: user\r\ninfo: " + String(repeating: "x", count: 70)
            + String(repeating: "\r\n " + String(repeating: "y", count: 70), count: 300) + "\r\n\r\n"
        return big + (try LDIFChunkTests.tenant.get())
    }

    @Test(arguments: [(4096, 1), (4096, 3), (10_000, 2), (1 << 20, 2)])
    func sameSnapshotAsAWholeRead(window: Int, chunks: Int) throws {
        let text = try Self.text()
        #expect(text.utf8.count > 20 * window || window == 1 << 20)
        let one = try Self.whole(text)
        for bom in [false, true] {
            let w = try Self.windowed(text, window: window, chunks: chunks, bom: bom)
            #expect(LDIFChunkTests.dump(w) == LDIFChunkTests.dump(one))
            #expect(w.schema.attributes.map(\.name) == one.schema.attributes.map(\.name))
            #expect(w.schema.attributes.map(\.counts) == one.schema.attributes.map(\.counts))
            #expect(Self.warnings(w) == Self.warnings(one))
        }
        #expect(one.objects.count > 400)
        // A file cut off in the middle of its last line warns at that line either way.
        let cut = String(text.dropLast(5))
        let cutWhole = try Self.whole(cut), cutWindowed = try Self.windowed(cut, window: window, chunks: chunks)
        #expect(Self.warnings(cutWindowed) == Self.warnings(cutWhole))
        #expect(cutWhole.warnings.contains { $0.id == "ldif.cut-short" })
    }

    @Test func anErrorInALaterWindowIsTheWholeReadsError() throws {
        var lines = try Self.text().components(separatedBy: "\r\n")
        let bad = lines.count * 8 / 10
        lines[bad] = "this line has no colon"
        let text = lines.joined(separator: "\r\n")
        let whole = Self.message { try Self.whole(text) }
        #expect(whole.contains("t.ldif:\(bad + 1):1"))
        #expect(Self.message { try Self.windowed(text, window: 4096, chunks: 2) } == whole)
        #expect(Self.message { try Self.windowed(text, window: 50_000, chunks: 1) } == whole)
    }

    @Test func theLastBlankLineEndsTheRecords() {
        #expect(LDIFWindows.lastRecordEnd(Array("a: 1\n\nb: 2\n".utf8)) == 6)
        #expect(LDIFWindows.lastRecordEnd(Array("a: 1\r\n\r\nb: 2\r\n\r\nc".utf8)) == 16)
        #expect(LDIFWindows.lastRecordEnd(Array("a: 1\nb: 2\n".utf8)) == nil)
    }

    /// The word-at-a-time count of line feeds against a byte-by-byte one, over bytes that differ
    /// from a line feed in one bit (0x0B, 0x8A, 0x0E, 0x02) and every length and start up to 40.
    @Test func lineFeedsAreCountedExactly() {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x0A, 0x0A, 0x0B, 0x8A, 0x0E, 0x02, 0x00, 0xFF, 0x09, 0x41, 0x0D]
        let bytes = (0..<4096).map { _ in alphabet.randomElement(using: &rng)! }
        bytes.withUnsafeBufferPointer { b in
            for start in 0..<40 {
                for length in [0, 1, 7, 8, 9, 15, 16, 17, 40, 1000, 4000] {
                    let part = UnsafeBufferPointer(rebasing: b[start..<start + length])
                    #expect(Byte.lineFeeds(part) == part.filter { $0 == 0x0A }.count)
                }
            }
        }
        #expect(Byte.lineFeeds(UnsafeBufferPointer(start: nil, count: 0)) == 0)
        // Nothing but line feeds: every byte lane counts to its most (255) before it is added up.
        for count in [2040, 2047, 2048, 10_000] {
            let feeds = [UInt8](repeating: 0x0A, count: count)
            #expect(feeds.withUnsafeBufferPointer(Byte.lineFeeds) == count)
        }
    }
}
