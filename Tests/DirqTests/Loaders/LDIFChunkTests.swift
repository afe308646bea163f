import Foundation
import Testing
@testable import Dirq
import DirqGenerator

/// Large LDIF files are read in chunks on several threads. The snapshot must be the one a single
/// reader builds — same objects, values, kinds, schema order, warnings — and an error in a later
/// chunk must carry the line a single reader reports.
@Suite struct LDIFChunkTests {
    static func load(_ text: String, chunks: Int) throws -> Snapshot {
        var builder = SnapshotBuilder(path: "t.ldif", format: .ldif)
        try LDIFReader.read(InputFile(path: "t.ldif", bytes: Array(text.utf8)), into: &builder, chunks: chunks)
        return builder.build(name: "t")
    }

    /// Every object as text: identity, kind, each attribute by name with its values.
    static func dump(_ s: Snapshot) -> [String] {
        s.objects.map { o in
            "\(o.line) \(s.identity(of: o)) \(o.kind) " + o.fields.map { "\(s.schema[$0.attribute].name)=\($0.value.text)" }.joined(separator: "|")
        }
    }

    static let tenant: Result<String, any Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-chunks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try TenantGenerator(users: 400, seed: 3).write(to: dir)
        return try String(contentsOf: t.onPremLDIF, encoding: .utf8)
    }

    @Test(arguments: [2, 3, 7])
    func sameSnapshotAsOneReader(chunks: Int) throws {
        // The generator writes CRLF, as ldifde does; NULs give a warning in every chunk.
        var text = try Self.tenant.get()
        #expect(text.contains("\r\n"))
        text = text.replacingOccurrences(of: "department: Sales\r\n", with: "department: Sa\u{0}les\r\n")
        let one = try Self.load(text, chunks: 1)
        let many = try Self.load(text, chunks: chunks)
        #expect(LDIFReader.chunkStarts(Array(text.utf8), count: chunks).count == chunks)
        #expect(Self.dump(many) == Self.dump(one))
        #expect(many.schema.attributes.map(\.name) == one.schema.attributes.map(\.name))
        #expect(many.schema.attributes.map(\.counts) == one.schema.attributes.map(\.counts))
        #expect(many.warnings.map(\.description) == one.warnings.map(\.description))
        #expect(!one.warnings.isEmpty)
        let lf = text.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(Self.dump(try Self.load(lf, chunks: chunks)) == Self.dump(try Self.load(lf, chunks: 1)))
    }

    @Test func errorInALaterChunkHasItsLine() throws {
        var lines = try Self.tenant.get().components(separatedBy: "\r\n")
        let bad = lines.count * 9 / 10
        lines[bad] = "this line has no colon"
        let text = lines.joined(separator: "\r\n")
        func message(_ chunks: Int) -> String {
            do {
                _ = try Self.load(text, chunks: chunks)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(message(1).contains("t.ldif:\(bad + 1):1"))
        #expect(message(3) == message(1))
    }

    @Test func versionLineOnlyOpensTheFile() throws {
        let record = "dn: CN=a,DC=x\nobjectClass: user\n\n"
        let text = "version: 1\n\n" + String(repeating: record, count: 50) + "version: 1\n\n" + String(repeating: record, count: 50)
        #expect(throws: LoadError.self) { try Self.load(text, chunks: 1) }
        #expect(throws: LoadError.self) { try Self.load(text, chunks: 2) }
    }
}
