import Foundation
import Testing
@testable import Dirq

/// Reading only what a script uses must not hide a broken file (issue 12 item 6): a value that
/// is skipped undecoded is still checked, and a file cut off in the middle of a line says so,
/// whichever attributes the script reads.
@Suite struct SkippedValueTests {
    static func load(_ text: String, script: String?) throws -> Snapshot {
        let input = try InputFile.decode(path: "t.ldif", data: Array(text.utf8))
        var builder = SnapshotBuilder(path: "t.ldif", format: .ldif)
        if let script {
            builder.projection = try #require(Projection.of(Session.parse(SourceText(name: "s", text: script)).statements))
        }
        try LDIFReader.read(input, into: &builder)
        return builder.build(name: "t")
    }

    static let badBase64 = "dn: CN=A,DC=x\nobjectClass: user\nuserPrincipalName: a@x.com\nthumbnailPhoto:: AAE*\n\n"

    @Test(arguments: [nil, "users group by upn"] as [String?])
    func invalidBase64InAnUnusedAttributeIsAnError(_ script: String?) throws {
        let e = try #require(throws: LoadError.self) { try Self.load(Self.badBase64, script: script) }
        #expect(e.id == "ldif.bad-base64")
        #expect(e.location.line == 4)
        #expect(e.message.contains("thumbnailPhoto"))
    }

    @Test(arguments: [nil, "users group by upn"] as [String?])
    func aFileCutShortWarns(_ script: String?) throws {
        let s = try Self.load("dn: CN=A,DC=x\nobjectClass: user\nuserPrincipalName: a@x.com\ndescription: the start of a lo", script: script)
        let w = try #require(s.warnings.first { $0.id == "ldif.cut-short" })
        #expect(w.location.line == 4)
        #expect(s.objects.count == 1)
    }

    @Test func aFileEndingWithALineBreakDoesNotWarn() throws {
        let s = try Self.load("dn: CN=A,DC=x\r\nobjectClass: user\r\n", script: nil)
        #expect(s.warnings.isEmpty)
    }
}
