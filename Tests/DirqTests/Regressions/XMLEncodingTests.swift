import Testing
@testable import Dirq

/// libxml2 (2.9.14, behind Foundation's push parser) crashed dirq with a null-pointer dereference
/// when a byte could not be converted from the encoding it was told or guessed. Found by the `xml`
/// fuzz target from `\0\0\0<Set/` (libxml2 guesses UCS-4 from the NUL bytes). Each input below
/// crashed `dirq -e 'load "f.xml" format xml'` (exit 139); now the reader refuses to let libxml2
/// convert anything (`XMLPrologGuard`).
@Suite("Regressions: connector-space XML in encodings libxml2 would convert")
struct XMLEncodingTests {
    static func load(_ bytes: [UInt8]) throws -> Snapshot {
        let input = try InputFile.decode(path: "t.xml", data: bytes)
        var builder = SnapshotBuilder(path: "t.xml", format: .xml)
        try CSExportReader.read(input, into: &builder)
        return builder.build(name: "t")
    }

    static func error(_ bytes: [UInt8]) -> LoadError? {
        do {
            _ = try load(bytes)
            return nil
        } catch {
            return error as? LoadError
        }
    }

    static func decl(_ encoding: String, _ rest: [UInt8]) -> [UInt8] {
        Array("<?xml version=\"1.0\" encoding=\"\(encoding)\"?>".utf8) + rest
    }

    /// All crashed but the last, which stands for the signatures (UCS-4 in other byte orders)
    /// without a crashing input at hand.
    @Test("bytes libxml2 takes for another encoding are refused at the start", arguments: [
        [0, 0, 0, 0x3C, 0x53, 0x65, 0x74, 0x2F],                                  // \0\0\0<Set/: UCS-4BE, the fuzzer's input
        [0x3C, 0, 0x3F, 0, 0x78, 0, 0x6D, 0, 0x6C, 0, 0, 0xD8, 0, 0xD8],          // UTF-16LE '<?xml' without a BOM, lone surrogates
        [0x4C, 0x6F, 0xA7, 0x94, 0x53, 0x65, 0x74, 0x2F],                         // EBCDIC '<?xm'
        [0xEF, 0xBB, 0xBF, 0xFF, 0xFE, 0x3C, 0, 0x61, 0, 0, 0xD8, 0x2F, 0, 0x3E, 0], // a UTF-8 BOM, then a UTF-16 one
        [0x3C, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF],                                  // UCS-4LE
    ] as [[UInt8]])
    func foreignSignature(_ bytes: [UInt8]) throws {
        let e = try #require(Self.error(bytes))
        #expect(e.id == "xml.encoding")
        #expect("\(e.location)" == "t.xml:1:1")
        #expect(e.message.hasPrefix("the file does not start like UTF-8 XML"))
    }

    /// All crashed with these bytes but `bogus`, which libxml2 refused itself.
    @Test("a declared encoding libxml2 would convert is refused at its name",
          arguments: ["windows-1252", "Shift_JIS", "EUC-JP", "ISO-2022-JP", "GB18030", "UTF-7", "HTML", "bogus"])
    func declaredEncodingRefused(_ name: String) throws {
        let e = try #require(Self.error(Self.decl(name, Array("<cs-objects>".utf8) + [0x81, 0x8D, 0xFF] + Array("</cs-objects>".utf8))))
        #expect(e.id == "xml.encoding")
        #expect("\(e.location)" == "t.xml:1:31")
        #expect(e.message == "the XML declaration names the encoding \"\(name)\", which dirq does not read")
    }

    /// UCS-4BE and UCS-4LE were not among the names rewritten to UTF-8, so libxml2 converted from
    /// UCS-4 and crashed on the bytes after the declaration (`FF FE 80 00`).
    /// `utf_8` and `UTF8-` (the fuzzer's, found after the first fix) reached libxml2 as they were
    /// and were decoded by iconv, which crashed on `FF` like the other iconv decoders.
    @Test("other spellings of UTF-8, 16- and 32-bit encodings and ASCII are read as UTF-8 (InputFile transcoded the file)",
          arguments: ["UCS-4BE", "UCS-4LE", "UTF-32", "UTF-16", "utf-16le", "ISO-10646-UCS-2", "US-ASCII", "utf_8", "UTF8-"])
    func rewrittenToUTF8(_ name: String) throws {
        let ok = try Self.load(Self.decl(name, Array("<cs-objects><cs-object cs-dn=\"Søren\"/></cs-objects>".utf8)))
        #expect(ok.value(of: ok.objects[0], "cs-dn") == .string("Søren"))
        // Bytes that are not UTF-8 are a syntax error, not a conversion.
        #expect(Self.error(Self.decl(name, [0xFF, 0xFE, 0x80, 0] + Array("<cs-objects/>".utf8)))?.id == "xml.syntax")
    }

    @Test("ISO-8859-1 is still read: every byte is a character", arguments: ["ISO-8859-1", "latin1", "iso_8859-1"])
    func latin1(_ name: String) throws {
        let s = try Self.load(Self.decl(name, Array("<cs-objects><cs-object cs-dn=\"S".utf8) + [0xF8] + Array("ren\"/></cs-objects>".utf8)))
        #expect(s.value(of: s.objects[0], "cs-dn") == .string("Søren"))
    }

    /// libxml2 switches encoding as soon as it has read the name, even when the declaration is
    /// never closed.
    @Test("an unclosed declaration's encoding is checked too")
    func unclosedDeclaration() {
        #expect(Self.error(Array("<?xml version=\"1.0\" encoding=\"UTF-7\" ".utf8) + [0xFF, 0xFF])?.id == "xml.encoding")
        #expect(Self.error(Array("<?xml version=\"1.0\"\n encoding = 'EUC-JP' ?><cs-objects>".utf8) + [0xFF, 0xFF])?.id == "xml.encoding")
    }

    /// The xml fuzz target's crash after the layers moved: `encoding="UTF-16?<unapplied-export>."`
    /// had no closing quote before the first `>`, so the name was read up to there, rewritten to
    /// UTF-8, and the rest of the file closed it as `"UTF-8."`, a name libxml2 looked up in iconv.
    @Test("an encoding name without its closing quote, or with characters no name has, is refused",
          arguments: ["<?xml version=\"1.0\" encoding=\"UTF-16?<unapplied-export>.\"\n<!DOCTYPE cs-objects [ <!ELEMENT cs-objects ANY> ]><cs-objects/>",
                      "<?xml version=\"1.0\" encoding=\"UTF 8\"?><cs-objects/>",
                      "<?xml version=\"1.0\" encoding=\"\"?><cs-objects/>"])
    func malformedEncodingName(_ text: String) throws {
        let e = try #require(Self.error(Array(text.utf8)))
        #expect(e.id == "xml.encoding")
        #expect("\(e.location)" == "t.xml:1:31")
        #expect(e.message.hasSuffix("is not an encoding name in closing quotes"))
    }
}
