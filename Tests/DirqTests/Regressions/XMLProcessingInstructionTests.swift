import Testing
@testable import Dirq

/// A processing instruction without data (`<?name?>`) crashed dirq: libxml2 reports it with a
/// null data pointer, which Foundation's `XMLParser` on Linux reads as a C string (strlen of
/// NULL). Found by the `xml` fuzz target from `<?xm?>…`. Each input refused below crashed
/// `dirq -e 'load "f.xml" format xml'` (exit 139).
@Suite("Regressions: XML processing instructions without data")
struct XMLProcessingInstructionTests {
    @Test("a processing instruction without data is refused where it is", arguments: [
        ("<?xm?>", "t.xml:1:1"),
        ("<?foo?><cs-objects/>", "t.xml:1:1"),
        ("<cs-objects>\n <?foo?>\n</cs-objects>", "t.xml:2:2"),
        ("<cs-objects/><?foo?>", "t.xml:1:14"),
        ("<!DOCTYPE x [<?foo?>]><cs-objects/>", "t.xml:1:14"),
        ("<cs-objects><!-- <?x?> -->\n<?é?></cs-objects>", "t.xml:2:1"),
    ])
    func refused(text: String, at: String) throws {
        let e = try #require(XMLEncodingTests.error(Array(text.utf8)))
        #expect(e.id == "xml.empty-pi")
        #expect("\(e.location)" == at)
        #expect(e.message.hasPrefix("a processing instruction without data (<?"))
    }

    /// With data, or where `<?` is text, or not a processing instruction libxml2 would report:
    /// read as before.
    @Test("other processing instructions and look-alikes are left to the parser", arguments: [
        ("<?foo ?><cs-objects/>", nil),
        ("<?foo x?><cs-objects><cs-object cs-dn=\"a?>\"/></cs-objects>", nil),
        ("<cs-objects><!-- <?x?> --><![CDATA[<?y?>]]></cs-objects>", nil),
        ("<cs-objects><cs-object><ma-name><![CDATA[<?y?>]]></ma-name></cs-object></cs-objects>", nil),
        ("<??><cs-objects/>", "xml.syntax"),
        ("<?1a?><cs-objects/>", "xml.syntax"),
        ("<?xml?><cs-objects/>", "xml.syntax"),
    ] as [(String, String?)])
    func notRefused(text: String, id: String?) {
        #expect(XMLEncodingTests.error(Array(text.utf8))?.id == id, "\(text)")
    }
}
