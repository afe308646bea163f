import Foundation
import Testing
@testable import Dirq

/// Reads `bytes` as the file `t.ldif` (through InputFile.decode, so BOMs and UTF-16 are handled
/// as in real loads) and builds the snapshot.
private func load(bytes: [UInt8]) throws -> Snapshot {
    let input = try InputFile.decode(path: "t.ldif", data: bytes)
    var builder = SnapshotBuilder(path: "t.ldif", format: .ldif)
    try LDIFReader.read(input, into: &builder)
    return builder.build(name: "t")
}

private func load(_ text: String) throws -> Snapshot {
    try load(bytes: Array(text.utf8))
}

/// The LoadError reading `bytes` throws (nil when it loads).
private func loadError(bytes: [UInt8]) -> LoadError? {
    do {
        _ = try load(bytes: bytes)
        return nil
    } catch let error as LoadError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}

private func loadError(_ text: String) -> LoadError? {
    loadError(bytes: Array(text.utf8))
}

private extension Snapshot {
    /// The value of `name` on object `index`.
    func at(_ index: Int, _ name: String) -> Value? {
        value(of: objects[index], name)
    }
}

/// The 16 bytes of objectGUID f7cc07d7-7c15-447d-876d-c01b0e5a9e38 (= base64 1wfM9xV8fUSHbcAbDlqeOA==).
private let guidBytes: [UInt8] = [0xD7, 0x07, 0xCC, 0xF7, 0x15, 0x7C, 0x7D, 0x44,
                                  0x87, 0x6D, 0xC0, 0x1B, 0x0E, 0x5A, 0x9E, 0x38]

/// An ldifde-style export: two users, `changetype: add`, base64 binary and text.
private let ldifdeExport = """
    dn: CN=Tycho Brahe,OU=Staff,DC=contoso,DC=com
    changetype: add
    objectClass: top
    objectClass: person
    objectClass: organizationalPerson
    objectClass: user
    cn: Tycho Brahe
    sAMAccountName: tycho.brahe
    userPrincipalName: tycho.brahe@contoso.com
    proxyAddresses: SMTP:tycho.brahe@contoso.com
    proxyAddresses: smtp:tb@contoso.com
    objectGUID:: 1wfM9xV8fUSHbcAbDlqeOA==

    dn: CN=Smith\\, John,OU=Staff,DC=contoso,DC=com
    changetype: add
    objectClass: top
    objectClass: user
    cn:: QW5hw69z

    """

@Suite struct LDIFReaderTests {
    // MARK: - Records and values

    @Test func readsPlainRecords() throws {
        let s = try load(ldifdeExport)
        #expect(s.objects.count == 2)
        #expect(s.objects.map(\.line) == [1, 14])
        #expect(s.at(0, "dn") == .string("CN=Tycho Brahe,OU=Staff,DC=contoso,DC=com"))
        #expect(s.at(0, "sAMAccountName") == .string("tycho.brahe"))
        #expect(s.at(0, "objectGUID") == .guid(GUIDValue(bytes: guidBytes)!))
        #expect(s.at(0, "changetype") == nil)
        // DN escapes stay as written.
        #expect(s.at(1, "dn") == .string(#"CN=Smith\, John,OU=Staff,DC=contoso,DC=com"#))
        #expect(s.at(1, "cn") == .string("Anaïs"))
        #expect(s.warnings.isEmpty)
        #expect(s.side == .onPrem)
    }

    @Test(arguments: [
        // (line, expected value of description)
        ("description: plain", "plain"),
        ("description:plain", "plain"),
        ("description:    leading spaces skipped", "leading spaces skipped"),
        ("description: trailing spaces kept  ", "trailing spaces kept  "),
        ("description:", ""),
        ("description: ", ""),
        ("description: a: b :: c", "a: b :: c"),
        ("description : space before the colon", "space before the colon"),
        ("description;lang-en: with an option", "with an option"),
        ("DESCRIPTION: name case", "name case"),
        ("description:: QW5hw69z", "Anaïs"),
        ("description:: ", ""),
        ("description:: QW5hw69z  ", "Anaïs"),
    ])
    func valueSyntax(line: String, expected: String) throws {
        let s = try load("dn: CN=a\n\(line)\n")
        #expect(s.at(0, "description") == .string(expected))
        #expect(s.schema.attributes.map { $0.name.lowercased() } == ["dn", "description"])
    }

    @Test func dnVariants() throws {
        let s = try load("""
            dn:: Q049QW5hw69zIER1cG9udCxPVT1TdGFmZixEQz1jb250b3NvLERDPWNvbQ==
            cn: a

            dn: CN=b\\0ACNF:d7cc07d7-7c15-447d-876d-c01b0e5a9e38,OU=Staff,DC=contoso,DC=com

            DN: CN=c
            """)
        #expect(s.objects.count == 3)
        #expect(s.at(0, "dn") == .string("CN=Anaïs Dupont,OU=Staff,DC=contoso,DC=com"))
        #expect(s.at(1, "dn") == .string(#"CN=b\0ACNF:d7cc07d7-7c15-447d-876d-c01b0e5a9e38,OU=Staff,DC=contoso,DC=com"#))
        #expect(s.at(2, "dn") == .string("CN=c"))
        #expect(s.objects.map(\.line) == [1, 4, 6])
    }

    @Test func binaryAttributesAreBytes() throws {
        let s = try load("""
            dn: CN=a
            objectGUID:: 1wfM9xV8fUSHbcAbDlqeOA==
            mS-DS-ConsistencyGuid:: 1wfM9xV8fUSHbcAbDlqeOA==
            objectsid: AB
            userCertificate;binary:: AAEC
            thumbnailPhoto::
            description:: 1wfM9xV8fUSHbcAbDlqeOA==

            """)
        #expect(s.at(0, "objectGUID") == .guid(GUIDValue(bytes: guidBytes)!))
        #expect(s.at(0, "mS-DS-ConsistencyGuid") == .guid(GUIDValue(bytes: guidBytes)!))
        // A binary attribute written plain (rare) is still bytes: its text's bytes.
        // Two bytes are not a SID: kept as the bytes the file holds.
        #expect(s.at(0, "objectSid") == .bytes([0x41, 0x42]))
        #expect(s.at(0, "userCertificate") == .list([.bytes([0, 1, 2])]))  // multi-valued: a list
        #expect(s.at(0, "thumbnailPhoto") == .bytes([]))
        // Not a binary attribute and not UTF-8: bytes, with a warning naming the attribute.
        #expect(s.at(0, "description") == .bytes(guidBytes))
        #expect(s.warnings.map(\.id) == ["ldif.not-utf8"])
        #expect(s.warnings.first?.location.description == "t.ldif:7:15")
        #expect(s.warnings.first?.message.contains("`description`") == true)
    }

    @Test func manyDistinctAttributeNames() throws {
        // More names than the name table's first size, spelled in two cases, to exercise growth.
        let lines = (0..<600).map { "attr\($0): v\($0)\nATTR\($0): w\($0)" }.joined(separator: "\n")
        let s = try load("dn: CN=a\nOBJECTGUID:: 1wfM9xV8fUSHbcAbDlqeOA==\n\(lines)\n\ndn: CN=b\nattr599: z\n")
        #expect(s.schema.attributes.count == 602)
        for i in [0, 1, 127, 128, 255, 256, 599] {
            #expect(s.at(0, "attr\(i)") == .list([.string("v\(i)"), .string("w\(i)")]))
        }
        #expect(s.at(0, "objectGUID") == .guid(GUIDValue(bytes: guidBytes)!))
        #expect(s.at(1, "attr599") == .string("z"))
    }

    @Test func plainValueThatIsNotUTF8IsKeptAsBytesWithAWarning() throws {
        // Latin-1 "é" written plain, as an ANSI export would.
        let s = try load(bytes: Array("dn: CN=a\nsn: Ren".utf8) + [0xE9] + Array("\n".utf8))
        #expect(s.at(0, "sn") == .bytes([0x52, 0x65, 0x6E, 0xE9]))
        #expect(s.warnings.map(\.id) == ["ldif.not-utf8"])
        #expect(s.warnings.first?.location.description == "t.ldif:2:5")
        #expect(s.warnings.first?.message.contains("`sn`") == true)
    }

    /// Decision: a NUL in a plain value is kept (the value stays whole) and counted as a warning.
    @Test func nulInPlainValueIsKeptWithAWarning() throws {
        let s = try load("dn: CN=a\ndescription: a\u{0}b\n")
        #expect(s.at(0, "description") == .string("a\u{0}b"))
        #expect(s.warnings.map(\.id) == ["ldif.nul"])
        #expect(s.warnings.first?.location.description == "t.ldif:2:14")
    }

    @Test func repeatedAttributesAreMultiValued() throws {
        let s = try load(ldifdeExport)
        #expect(s.at(0, "proxyAddresses") == .list([.string("SMTP:tycho.brahe@contoso.com"),
                                                    .string("smtp:tb@contoso.com")]))
        #expect(s.at(0, "objectClass")?.elements.count == 4)
        #expect(s.schema[s.schema.id(of: "proxyAddresses")!].multiValued)
    }

    @Test(arguments: [
        (["top", "person", "organizationalPerson", "user"], ObjectKind.user),
        (["top", "group"], .group),
        (["top", "person", "organizationalPerson", "contact"], .contact),
        (["top", "organizationalUnit"], .other),
    ])
    func kindFromLastObjectClass(classes: [String], kind: ObjectKind) throws {
        let lines = classes.map { "objectClass: \($0)" }.joined(separator: "\n")
        let s = try load("dn: CN=x\n\(lines)\n")
        #expect(s.objects.map(\.kind) == [kind])
    }

    // MARK: - Lines, encodings, folding

    @Test(arguments: ["LF", "CRLF", "UTF-8 BOM", "UTF-8 BOM CRLF", "UTF-16LE BOM", "UTF-16LE BOM CRLF", "no final newline"])
    func encodingsAndLineEnds(variant: String) throws {
        var text = ldifdeExport
        if variant == "no final newline" { text.removeLast() }
        if variant.hasSuffix("CRLF") { text = text.replacingOccurrences(of: "\n", with: "\r\n") }
        var bytes: [UInt8]
        if variant.hasPrefix("UTF-16LE") {
            bytes = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        } else {
            bytes = Array(text.utf8)
            if variant.hasPrefix("UTF-8 BOM") { bytes = [0xEF, 0xBB, 0xBF] + bytes }
        }
        let s = try load(bytes: bytes)
        #expect(s.objects.count == 2)
        #expect(s.objects.map(\.line) == [1, 14])
        #expect(s.at(0, "cn") == .string("Tycho Brahe"))
        #expect(s.at(0, "objectGUID") == .guid(GUIDValue(bytes: guidBytes)!))
        #expect(s.at(1, "dn") == .string(#"CN=Smith\, John,OU=Staff,DC=contoso,DC=com"#))
        #expect(s.at(1, "cn") == .string("Anaïs"))
        #expect(s.at(0, "objectClass")?.elements.last == .string("user"))
    }

    @Test(arguments: [
        // (folded lines after `dn: CN=a`, attribute, expected value)
        ("description: hello\n  world", "description", Value.string("hello world")),
        ("description: hel\n lo\n  wor\n ld", "description", .string("hello world")),
        ("description: hello\r\n  world", "description", .string("hello world")),
        ("descr\n iption: split name", "description", .string("split name")),
        ("description:\n  starts on the next line", "description", .string("starts on the next line")),
        ("objectGUID:: 1wfM9xV8\n fUSHbcAbDlqeOA==", "objectGUID", .guid(GUIDValue(bytes: guidBytes)!)),
        ("objectGUID::\n 1wfM9xV8fUSHbcAbDlqeOA==", "objectGUID", .guid(GUIDValue(bytes: guidBytes)!)),
        ("cn:: QW5hw6\n 9z", "cn", .string("Anaïs")),
        ("description: trailing \n space", "description", .string("trailing space")),
        ("description: x\n ", "description", .string("x")),
    ])
    func folding(lines: String, attribute: String, expected: Value) throws {
        let s = try load("dn: CN=a\n\(lines)\ncn: after\n")
        let got = s.at(0, attribute)
        if attribute == "cn" {
            #expect(got == .list([expected, .string("after")]))
        } else {
            #expect(got == expected)
            #expect(s.at(0, "cn") == .string("after"))
        }
    }

    @Test func foldInsideAMultibyteCharacter() throws {
        // "ï" is C3 AF: the fold puts C3 at the end of one line and AF after the next line's space.
        let bytes = Array("dn: CN=a\ncn: Ana".utf8) + [0xC3] + Array("\n ".utf8) + [0xAF] + Array("s\n".utf8)
        let s = try load(bytes: bytes)
        #expect(s.at(0, "cn") == .string("Anaïs"))
        #expect(s.warnings.isEmpty)
    }

    @Test func lineOfSpacesBetweenRecordsIsBlank() throws {
        let s = try load("dn: CN=a\n\n   \ndn: CN=b\n")
        #expect(s.objects.count == 2)
    }

    // MARK: - Comments and non-object lines

    @Test func commentsEverywhere() throws {
        let s = try load("""
            # at the start
            #
            version: 1
            # after version
            dn: CN=a
            # inside a record
            cn: a
            #folded comment
             continued comment
            description: first
            # a comment between folded parts swallows the continuation (RFC 2849: comments fold too)
             not part of description
            sn: b

            # between records

            # numEntries: 1
            dn: CN=b
            cn: b
            # at the end
            """)
        #expect(s.objects.count == 2)
        #expect(s.objects.map(\.line) == [5, 18])
        #expect(s.at(0, "cn") == .string("a"))
        #expect(s.at(0, "description") == .string("first"))
        #expect(s.at(0, "sn") == .string("b"))
        #expect(s.at(0, "version") == nil)
        #expect(s.schema.attributes.map(\.name) == ["dn", "cn", "description", "sn"])
    }

    @Test func ldapsearchOutput() throws {
        let s = try load("""
            # extended LDIF
            #
            # LDAPv3
            # base <DC=contoso,DC=com> with scope subtree
            # filter: (objectClass=user)
            # requesting: ALL
            #

            version: 1

            # Tycho Brahe, Staff, contoso.com
            dn: CN=Tycho Brahe,OU=Staff,DC=contoso,DC=com
            objectClass: top
            objectClass: user
            objectGUID:: 1wfM9xV8fUSHbcAbDlqeOA==

            # search reference
            ref: ldap://ForestDnsZones.contoso.com/DC=ForestDnsZones,DC=contoso,DC=com

            # search result
            search: 2
            result: 0 Success

            # numResponses: 3
            # numEntries: 1

            """)
        #expect(s.objects.count == 1)
        #expect(s.objects[0].line == 12)
        #expect(s.objects[0].kind == .user)
        #expect(s.warnings.isEmpty)
        for name in ["search", "result", "ref", "version"] { #expect(s.schema.id(of: name) == nil) }
    }

    @Test func unsuccessfulSearchResultIsAWarning() throws {
        let s = try load("dn: CN=a\n\nsearch: 2\nresult: 4 Size limit exceeded\ntext: limit\n")
        #expect(s.objects.count == 1)
        #expect(s.warnings.map(\.id) == ["ldif.search-result"])
        #expect(s.warnings.first?.location.description == "t.ldif:4:9")
    }

    @Test(arguments: ["", "\n\n", "# only a comment\n", "version: 1\n", "\u{FEFF}"])
    func filesWithoutRecords(text: String) throws {
        #expect(try load(text).objects.isEmpty)
    }

    // MARK: - Errors

    @Test(arguments: [
        // (file, error id, line, column)
        ("dn: CN=a\nfoo bar\n", "ldif.no-colon", 2, 1),
        ("dn: CN=a\r\ncn: a\r\n-\r\n", "ldif.no-colon", 3, 1),
        (" continued\ndn: CN=a\n", "ldif.continuation-first", 1, 1),
        ("dn: CN=a\n\n continued\n", "ldif.continuation-first", 3, 1),
        ("dn: CN=a\n\n# c\n\n x\n", "ldif.continuation-first", 5, 1),
        ("cn: a\n", "ldif.missing-dn", 1, 1),
        ("dn: CN=a\n\n# comment\nobjectClass: user\n", "ldif.missing-dn", 4, 1),
        ("version: 1\ndn: CN=a\n\nversion: 1\n", "ldif.missing-dn", 4, 1),
        ("search: 2\nresult: 0 Success\ncn: a\n", "ldif.missing-dn", 3, 1),
        ("dn: CN=a\nobjectGUID:: 1wfM9xV8fUSHbcAbDlqeOA=\n", "ldif.bad-base64", 2, 14),
        ("dn: CN=a\ncn:: QW5h w69z\n", "ldif.bad-base64", 2, 6),
        ("dn: CN=a\ncn:: QW5h=w69\n", "ldif.bad-base64", 2, 6),
        ("dn: CN=a\ncn:: Q\n", "ldif.bad-base64", 2, 6),
        ("dn:: Q049!!==\n", "ldif.bad-base64", 1, 6),
        ("dn: CN=a\nobjectGUID::\n 1wfM9xV8fUSHbcAb!lqeOA==\n", "ldif.bad-base64", 3, 2),
        ("dn: CN=a\ncn: a\nobjectGUID:: 1wfM9xV8\n fUSHbc", "ldif.bad-base64", 3, 14),
        ("dn: CN=a\njpegPhoto:< file:///tmp/photo.jpg\n", "ldif.url-value", 2, 13),
        ("dn:< file:///tmp/dn\n", "ldif.url-value", 1, 6),
        ("dn: CN=a\nchangetype: modify\nreplace: cn\ncn: b\n-\n", "ldif.change-record", 2, 13),
        ("dn: CN=a\nchangetype: delete\n", "ldif.change-record", 2, 13),
        ("dn: CN=a\nchangetype: modrdn\nnewrdn: CN=b\n", "ldif.change-record", 2, 13),
        ("dn: CN=a\nchangetype:moddn\n", "ldif.change-record", 2, 12),
        ("dn: CN=a\nhello world: x\n", "ldif.bad-attribute", 2, 1),
        ("dn: CN=a\n: x\n", "ldif.bad-attribute", 2, 1),
        ("dn: CN=a\n;lang-en: x\n", "ldif.bad-attribute", 2, 1),
        ("dn: CN=a\ncn;lang en: x\n", "ldif.bad-attribute", 2, 1),
        ("dn: CN=a\ncn: a\nc\u{E9}: x\n", "ldif.bad-attribute", 3, 1),
        ("dn: CN=a\ncn: a\ndn: CN=b\n", "ldif.second-dn", 3, 1),
        ("version: 2\n\ndn: CN=a\n", "ldif.version", 1, 10),
    ])
    func errors(text: String, id: String, line: Int, column: Int) {
        let error = loadError(text)
        #expect(error?.id == id)
        #expect(error?.location == SourceLocation(file: "t.ldif", line: line, column: column))
    }

    @Test func errorMessages() {
        #expect(loadError("dn: CN=a\nfoo bar\n")?.description == """
            t.ldif:2:1: error: expected `attribute: value`, found `foo bar`
              hint: every line of a record is `name: value`, `name:: base64` or a continuation starting with one space
            """)
        let url = loadError("dn: CN=a\njpegPhoto:< file:///tmp/photo.jpg\n")
        #expect(url?.message == "dirq does not read URL values (`jpegPhoto:< file:///tmp/photo.jpg`)")
        #expect(url?.hint.contains("re-export with the value inline") == true)
        let change = loadError("dn: CN=a\nchangetype: modify\n")
        #expect(change?.message == "`changetype: modify` is a change record; dirq reads exports, not change files")
        #expect(loadError("cn: a\n")?.message == "a record must start with `dn:`, found `cn:`")
        #expect(loadError("dn: CN=a\ncn:: QW5h w69z\n")?.message
                == "the base64 value of `cn` is invalid (`QW5h w69z`)")
    }

    @Test func errorLocationsAreRightAfterFoldsAndCRLF() {
        // Line numbers keep counting through folded lines and CRLF line ends.
        let text = "dn: CN=a\r\ndescription: a\r\n b\r\n c\r\ncn: x\r\nbroken\r\n"
        #expect(loadError(text)?.location.description == "t.ldif:6:1")
    }

    @Test func cutFileKeepsTheLastWellFormedRecord() throws {
        let s = try load("dn: CN=a\ncn: a\n\ndn: CN=b\ncn: b")
        #expect(s.objects.count == 2)
        #expect(s.at(1, "cn") == .string("b"))
    }

    @Test(arguments: [
        ("", [UInt8]()), ("AA==", [0]), ("AAE=", [0, 1]), ("AAEC", [0, 1, 2]),
        ("/w==", [0xFF]), ("+/+/", [0xFB, 0xFF, 0xBF]),
    ])
    func base64(text: String, bytes: [UInt8]) {
        let got = Array(text.utf8).withUnsafeBufferPointer { LDIFReader.decodeBase64($0) }
        #expect(got == bytes)
    }

    @Test(arguments: ["A", "AA", "AAA", "AA=A", "A===", "====", "AA==AA==", "AA-_", "AA\u{0}A"])
    func invalidBase64(text: String) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { LDIFReader.decodeBase64($0) } == nil)
    }
}
