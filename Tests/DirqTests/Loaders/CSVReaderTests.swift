import Foundation
import Testing
@testable import Dirq

/// Runs the CSV reader over inline bytes, as `SnapshotLoader` would over a file.
private func load(_ text: String) throws -> Snapshot {
    try load(bytes: Array(text.utf8))
}

private func load(bytes: [UInt8]) throws -> Snapshot {
    let input = try InputFile.decode(path: "t.csv", data: bytes)
    var builder = SnapshotBuilder(path: "t.csv", format: .csv)
    try CSVReader.read(input, into: &builder)
    return builder.build(name: "t")
}

/// The error the reader throws, or nil.
private func loadError(_ bytes: [UInt8]) -> LoadError? {
    do {
        _ = try load(bytes: bytes)
        return nil
    } catch let e as LoadError {
        return e
    } catch {
        return nil
    }
}

/// Values of one attribute across all objects, in file order (nil where the object lacks it).
private func column(_ s: Snapshot, _ name: String) -> [Value?] {
    s.objects.map { s.value(of: $0, name) }
}

@Suite struct CSVReaderTests {
    // MARK: Delimiters and quoting

    @Test(arguments: [
        ("comma", "a,b,c\n1,2,3\n", ["a", "b", "c"], ["1", "2", "3"]),
        ("semicolon", "a;b;c\n1;2;3\n", ["a", "b", "c"], ["1", "2", "3"]),
        ("tab", "a\tb\tc\n1\t2\t3\n", ["a", "b", "c"], ["1", "2", "3"]),
        ("two semicolons beat one comma", "a;b,x;c\n1;2,x;3\n", ["a", "b,x", "c"], ["1", "2,x", "3"]),
        ("two tabs beat one semicolon", "a\tb;x\tc\n1\t2;x\t3\n", ["a", "b;x", "c"], ["1", "2;x", "3"]),
        ("delimiters inside quotes do not count", "\"a;x;y\",b,c\n1,2,3\n", ["a;x;y", "b", "c"], ["1", "2", "3"]),
        ("one column", "a\n1\n", ["a"], ["1"]),
    ])
    func sniffsDelimiter(name: String, text: String, header: [String], row: [String]) throws {
        let s = try load(text)
        #expect(s.schema.attributes.map(\.name) == header, "\(name)")
        #expect(s.objects.count == 1, "\(name)")
        #expect(s.objects.first?.fields.map(\.value.stringValue) == row, "\(name)")
    }

    @Test func tieBetweenDelimitersGoesToComma() throws {
        let s = try load("a,b;c\n1,2;3\n")
        #expect(s.schema.attributes.map(\.name) == ["a", "b;c"])
        #expect(s.value(of: s.objects[0], "b;c") == .string("2;3"))
    }

    @Test(arguments: [
        ("quoted delimiter", "a,b\n\"x,y\",z\n", "x,y"),
        ("escaped quotes", "a,b\n\"say \"\"hi\"\"\",z\n", "say \"hi\""),
        ("only an escaped quote", "a,b\n\"\"\"\",z\n", "\""),
        ("quoted semicolon with ; delimiter", "a;b\n\"x;y\";z\n", "x;y"),
        ("quote inside a bare field is text", "a,b\nx\"y,z\n", "x\"y"),
        ("spaces are kept", "a,b\n  x  ,z\n", "  x  "),
        ("quoted CRLF kept", "a,b\r\n\"x\r\ny\",z\r\n", "x\r\ny"),
    ])
    func quoting(name: String, text: String, expected: String) throws {
        let s = try load(text)
        #expect(s.objects.count == 1, "\(name)")
        #expect(s.value(of: s.objects[0], "a") == .string(expected), "\(name)")
        #expect(s.value(of: s.objects[0], "b") == .string("z"), "\(name)")
    }

    @Test func quotedNewlinesKeepLaterLineNumbersRight() throws {
        let text = "name,notes\n" +             // 1
            "a,\"line one\nline two\nline three\"\n" +  // 2-4
            "b,plain\n" +                        // 5
            "\"c\nc\",\"x\"\n" +                 // 6-7
            "d,\"\"\n"                           // 8
        let s = try load(text)
        #expect(s.objects.map(\.line) == [2, 5, 6, 8])
        #expect(column(s, "notes") == [.string("line one\nline two\nline three"), .string("plain"), .string("x"), .null])
        #expect(column(s, "name") == [.string("a"), .string("b"), .string("c\nc"), .string("d")])
    }

    @Test(arguments: [
        ("LF", "a,b\n1,2\n3,4\n"),
        ("CRLF", "a,b\r\n1,2\r\n3,4\r\n"),
        ("mixed", "a,b\r\n1,2\n3,4\r\n"),
        ("mixed, no final line end", "a,b\n1,2\r\n3,4"),
        ("CRLF, no final LF", "a,b\r\n1,2\r\n3,4\r"),
        ("quoted last fields", "\"a\",\"b\"\r\n\"1\",\"2\"\n\"3\",\"4\"\r\n"),
    ])
    func lineEnds(name: String, text: String) throws {
        let s = try load(text)
        #expect(s.objects.map(\.line) == [2, 3], "\(name)")
        #expect(column(s, "b") == [.string("2"), .string("4")], "\(name)")
    }

    @Test func blankLinesAreSkipped() throws {
        let s = try load("\na,b\n1,2\n\n\r\n3,4\n\n")
        #expect(s.objects.map(\.line) == [3, 6])
        #expect(column(s, "a") == [.string("1"), .string("3")])
        #expect(s.warnings.isEmpty)
    }

    // MARK: Header

    @Test func typeLinesAreSkipped() throws {
        let text = "#TYPE Selected.Microsoft.ActiveDirectory.Management.ADUser\r\n" +
            "#TYPE Another.Type\r\n" +
            "\"Name\",\"SamAccountName\"\r\n" +
            "\"Tycho Brahe\",\"tycho.brahe\"\r\n"
        let s = try load(text)
        #expect(s.schema.attributes.map(\.name) == ["Name", "SamAccountName"])
        #expect(s.objects.map(\.line) == [4])
        #expect(s.value(of: s.objects[0], "sam") == .string("tycho.brahe"))
    }

    @Test func headerNamesAreTrimmed() throws {
        let s = try load(" mail ,\" department \"\nm@x.com,IT\n")
        #expect(s.schema.attributes.map(\.name) == ["mail", "department"])
    }

    @Test func headerOnlyGivesNoObjectsAndAWarning() throws {
        let s = try load("#TYPE X\nName,mail\r\n")
        #expect(s.objects.isEmpty)
        #expect(s.warnings.map(\.id) == ["csv.no-rows"])
        #expect(s.warnings[0].location.description == "t.csv:2:1")
    }

    // MARK: Encodings

    @Test func utf8BOM() throws {
        let s = try load(bytes: [0xEF, 0xBB, 0xBF] + Array("Name,City\nÉva,Zürich\n".utf8))
        #expect(s.schema.attributes.map(\.name) == ["Name", "City"])
        #expect(s.value(of: s.objects[0], "City") == .string("Zürich"))
        #expect(s.warnings.isEmpty)
    }

    @Test func utf16LittleEndianWithBOM() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "#TYPE X\r\nName;City\r\nÉva;東京\r\n".utf16 {
            bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let s = try load(bytes: bytes)
        #expect(s.objects.map(\.line) == [3])
        #expect(s.value(of: s.objects[0], "Name") == .string("Éva"))
        #expect(s.value(of: s.objects[0], "City") == .string("東京"))
    }

    @Test func windows1252IsDecodedWithOneWarning() throws {
        // "Name,Price\nRené,5€\nZoë,\x81\n" as Excel's "CSV" save writes it.
        let bytes: [UInt8] = Array("Name,Price\nRen".utf8) + [0xE9] + Array(",5".utf8) + [0x80] +
            Array("\nZo".utf8) + [0xEB] + Array(",".utf8) + [0x9F, 0xFF] + Array("\n".utf8)
        let s = try load(bytes: bytes)
        #expect(column(s, "Name") == [.string("René"), .string("Zoë")])
        #expect(column(s, "Price") == [.string("5€"), .string("Ÿÿ")])
        #expect(s.warnings.map(\.id) == ["csv.windows-1252"])
        #expect(s.warnings[0].location.description == "t.csv:2:4")
        #expect(s.warnings[0].hint.contains("CSV UTF-8"))
        #expect(s.warnings[0].hint.contains("Export-Csv -Encoding UTF8"))
    }

    @Test func windows1252TableMatchesFoundation() {
        // Every byte 0x80–0xFF against Foundation's Windows-1252 decoder where it defines the byte;
        // the five undefined bytes map to the C1 control of the same number.
        for byte in UInt8(0x80)...UInt8(0xFF) {
            let ours = String(decoding: Windows1252.transcode([byte]), as: UTF8.self)
            #expect(ours.unicodeScalars.count == 1, "byte \(byte)")
            if [0x81, 0x8D, 0x8F, 0x90, 0x9D].contains(byte) {
                #expect(ours.unicodeScalars.first?.value == UInt32(byte))
            } else {
                #expect(ours == String(bytes: [byte], encoding: .windowsCP1252), "byte \(byte)")
            }
        }
    }

    @Test(arguments: [
        // (bytes of the one cell, read as Windows-1252?, expected value)
        ([0xC3, 0xA9], false, "é"),
        ([0xE2, 0x82, 0xAC], false, "€"),
        ([0xF0, 0x9F, 0x99, 0x82], false, "🙂"),
        ([0xF4, 0x8F, 0xBF, 0xBF], false, "\u{10FFFF}"),
        ([0xC0, 0x80], true, "À€"),                     // overlong NUL
        ([0xED, 0xA0, 0x80], true, "í\u{A0}€"),          // UTF-16 surrogate
        ([0xF4, 0x90, 0x80, 0x80], true, "ô\u{90}€€"),   // above U+10FFFF
        ([0xE2, 0x82], true, "â‚"),                     // cut short before the line end
        ([0x41, 0xC3], true, "AÃ"),                     // cut short at the end of the file
    ] as [([UInt8], Bool, String)])
    func utf8Validation(cell: [UInt8], windows1252: Bool, expected: String) throws {
        let s = try load(bytes: Array("h\n".utf8) + cell + (cell.last == 0xC3 ? [] : [0x0A]))
        #expect(s.warnings.map(\.id) == (windows1252 ? ["csv.windows-1252"] : []))
        #expect(s.value(of: s.objects[0], "h") == .string(expected))
    }

    @Test func validUTF8IsNotTreatedAsWindows1252() throws {
        let s = try load("Name\nRené 5€ 東京 🙂\n")
        #expect(s.warnings.isEmpty)
        #expect(column(s, "Name") == [.string("René 5€ 東京 🙂")])
    }

    // MARK: Values

    @Test func emptyCellsAreNullAndTheSchemaKnowsTheColumn() throws {
        let s = try load("Name,mail,Enabled,userAccountControl\nA,,True,512\n")
        let o = s.objects[0]
        #expect(s.schema.id(of: "mail") != nil)
        #expect(s.value(of: o, "mail") == .null)
        // No type guessing: the engine coerces on comparison.
        // Typed by the catalogue, not by the file: a boolean and an integer.
        #expect(s.value(of: o, "Enabled") == .bool(true))
        #expect(s.value(of: o, "userAccountControl") == .int(512))
    }

    @Test(arguments: [
        // (name, csv, column, expected value)
        ("proxyAddresses split at ;", "Name,proxyAddresses\nA,SMTP:a@x.com; smtp:b@x.com ;;\n", "proxyAddresses",
         Value.list([.string("SMTP:a@x.com"), .string("smtp:b@x.com")])),
        ("one proxy address is a list of one (multi-valued in AD)", "Name,proxyAddresses\nA,SMTP:a@x.com\n", "proxyAddresses",
         .list([.string("SMTP:a@x.com")])),
        ("only separators is null", "Name,proxyAddresses\nA, ; \n", "proxyAddresses", .null),
        ("memberOf case-insensitive column, quoted DNs",
         "Name,MemberOf\nA,\"CN=G1,OU=x,DC=c;CN=G2,OU=x,DC=c\"\n", "memberOf",
         .list([.string("CN=G1,OU=x,DC=c"), .string("CN=G2,OU=x,DC=c")])),
        ("department is single-valued: not split", "Name,department\nA,a;b\n", "department", .string("a;b")),
        ("tab-separated still splits", "Name\tproxyAddresses\nA\tSMTP:a@x.com;smtp:b@x.com\n", "proxyAddresses",
         .list([.string("SMTP:a@x.com"), .string("smtp:b@x.com")])),
        ("no split when the delimiter is ;", "Name;proxyAddresses\nA;\"SMTP:a@x.com;smtp:b@x.com\"\n",
         "proxyAddresses", .list([.string("SMTP:a@x.com;smtp:b@x.com")])),
    ])
    func multiValuedCells(name: String, text: String, attribute: String, expected: Value) throws {
        let s = try load(text)
        #expect(s.value(of: s.objects[0], attribute) == expected, "\(name)")
        #expect(s.warnings.isEmpty, "\(name)")
    }

    @Test func joinedLookingCellsInSemicolonFilesWarnOncePerColumn() throws {
        let text = "Name;proxyAddresses;memberOf;description\n" +
            "A;SMTP:a@x.com;CN=G1,OU=x;x, smtp:y\n" +
            "B;SMTP:b@x.com,smtp:b2@x.com;CN=G1,OU=x|CN=G2,OU=x;z\n" +
            "C;SMTP:c@x.com smtp:c2@x.com;CN=G3;z\n"
        let s = try load(text)
        // description is single-valued: "x, smtp:y" there is one value, not a joined list.
        #expect(s.warnings.map(\.id) == ["csv.multivalue-ambiguous", "csv.multivalue-ambiguous"])
        #expect(s.warnings.map(\.location.description) == ["t.csv:3:3", "t.csv:3:30"])
        #expect(s.warnings[0].message.contains("proxyAddresses"))
        #expect(s.value(of: s.objects[1], "proxyAddresses") == .list([.string("SMTP:b@x.com,smtp:b2@x.com")]))
    }

    @Test func typeNamesBecomeNullWithOneWarningPerColumn() throws {
        let text = "Name,proxyAddresses,memberOf,mail\n" +
            "A,Microsoft.ActiveDirectory.Management.ADPropertyValueCollection,System.String[],a@x.com\n" +
            "B,SMTP:b@x.com,,b@x.com\n" +
            "C,\"Microsoft.ActiveDirectory.Management.ADPropertyValueCollection\",System.String[],c@x.com\n" +
            "D,Microsoft.ActiveDirectory.Management.ADPropertyValueCollection,,System.Object[]\n"
        let s = try load(text)
        #expect(column(s, "proxyAddresses") == [.null, .list([.string("SMTP:b@x.com")]), .null, .null])
        #expect(column(s, "mail") == [.string("a@x.com"), .string("b@x.com"), .string("c@x.com"), .null])
        #expect(s.warnings.map(\.id) == ["csv.type-name", "csv.type-name", "csv.type-name"])
        #expect(s.warnings.map(\.location.description) == ["t.csv:2:3", "t.csv:2:66", "t.csv:5:67"])
        #expect(s.warnings[0].message ==
            "column proxyAddresses holds the .NET type name Microsoft.ActiveDirectory.Management.ADPropertyValueCollection instead of its values in 3 rows (read as empty)")
        #expect(s.warnings[0].hint ==
            "re-export with @{n='proxyAddresses';e={$_.proxyAddresses -join ';'}} in Select-Object")
        #expect(s.warnings[1].message.contains("memberOf") && s.warnings[1].message.contains("in 2 rows"))
        #expect(s.warnings[2].message.contains("in 1 row ("))
        #expect(s.warnings[2].hint == "re-export with @{n='mail';e={$_.mail -join ';'}} in Select-Object")
    }

    @Test(arguments: [
        ("X'd707ccf7'", Value.bytes([0xD7, 0x07, 0xCC, 0xF7])),
        ("X'0aBc'", .bytes([0x0A, 0xBC])),
        ("X''", .bytes([])),
        ("X'abc'", .string("X'abc'")),          // odd number of digits: not bytes
        ("X'zz'", .string("X'zz'")),
        ("x'00'", .string("x'00'")),            // csvde writes a capital X
        ("X'00' ", .string("X'00' ")),
    ])
    func hexCellsAreBytes(cell: String, expected: Value) throws {
        let s = try load("dn,objectGUID\n\"CN=a,DC=c\",\(cell)\n")
        #expect(s.value(of: s.objects[0], "objectGUID") == expected)
    }

    @Test func hexBytesInAMultiValuedColumn() throws {
        let s = try load("dn,userCertificate\nx,X'01';X'0203'\n")
        #expect(s.value(of: s.objects[0], "userCertificate") == .list([.bytes([1]), .bytes([2, 3])]))
    }

    @Test(arguments: [
        ("user", ObjectKind.user), ("group", .group), ("contact", .contact), ("computer", .other),
    ])
    func kindFromObjectClassColumn(cls: String, kind: ObjectKind) throws {
        let s = try load("\"DistinguishedName\",\"ObjectClass\",\"ObjectGUID\"\r\n\"CN=x,DC=c\",\"\(cls)\",\"f7cc07d7-7c15-447d-876d-c01b0e5a9e38\"\r\n")
        #expect(s.objects[0].kind == kind)
        #expect(s.side == .onPrem)
    }

    @Test func csvdeObjectClassListGivesTheLastClass() throws {
        let s = try load("DN,objectClass\n\"CN=a,DC=c\",top;person;organizationalPerson;user\n")
        #expect(s.objects[0].kind == .user)
    }

    // MARK: Errors

    @Test(arguments: [
        ("unterminated quote", "a,b\n1,2\n3,\"x\ny\n", "csv.unterminated-quote", 3, 3),
        ("unterminated quote in the header", "a,\"b\n", "csv.unterminated-quote", 1, 3),
        ("after quote", "a,b\n1,2\n\"abc\"x,2\n", "csv.after-quote", 3, 6),
        ("after quote on a later line of the field", "a,b\n\"a\nbc\" ,2\n", "csv.after-quote", 3, 4),
        ("empty column name", "a,,c\n1,2,3\n", "csv.empty-column-name", 1, 3),
        ("blank quoted column name", "a,\"  \"\n1,2\n", "csv.empty-column-name", 1, 3),
        ("trailing delimiter in the header", "a,b,\n1,2,\n", "csv.empty-column-name", 1, 5),
        ("duplicate column", "#TYPE T\nmail,Name,Mail\n", "csv.duplicate-column", 2, 11),
        ("empty file", "", "csv.empty", 1, 1),
        ("only blank lines", "\r\n\n", "csv.empty", 3, 1),
        ("only a #TYPE line", "#TYPE Selected.Foo\r\n", "csv.empty", 2, 1),
        ("too many fields", "a,b,c\n1,2,3\n1,2,3,4,5\n", "csv.field-count", 3, 1),
        ("too few fields after a quoted newline", "a,b,c\n\"1\n\",2,3\n1,2\n", "csv.field-count", 4, 1),
        ("BOM inside", "a,b\n1,2\n\u{FEFF}a,b\n3,4\n", "csv.bom-inside", 3, 1),
        ("BOM inside a line", "a,b\n1,x\u{FEFF}\n", "csv.bom-inside", 2, 4),
    ])
    func errors(name: String, text: String, id: String, line: Int, column: Int) {
        let e = loadError(Array(text.utf8))
        #expect(e?.id == id, "\(name)")
        #expect(e?.location == SourceLocation(file: "t.csv", line: line, column: column), "\(name)")
    }

    @Test func errorMessages() {
        #expect(loadError(Array("a,b,c,d,e,f,g\n1,2,3,4,5\n".utf8))?.message == "row has 5 fields, the header has 7")
        #expect(loadError(Array("".utf8))?.message == "no header line")
        #expect(loadError(Array("a,b\n\u{FEFF}".utf8))?.message ==
            "a byte-order mark inside the file: were two exports concatenated?")
        let dup = loadError(Array("mail,Name,Mail\n".utf8))
        #expect(dup?.message.contains("column 3 \"Mail\"") == true)
        #expect(dup?.message.contains("column 1 \"mail\"") == true)
    }

    @Test func bomInsideAWindows1252FileIsStillAnError() {
        let bytes = Array("a,b\n".utf8) + [0xE9] + Array(",2\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8)
        let e = loadError(bytes)
        #expect(e?.id == "csv.bom-inside")
        #expect(e?.location.description == "t.csv:3:1")
    }

    // MARK: Through the loader

    @Test func powerShellExportThroughDetection() throws {
        let text = "#TYPE Microsoft.Graph.PowerShell.Models.MicrosoftGraphUser\r\n" +
            "\"Id\",\"UserPrincipalName\",\"ProxyAddresses\",\"OnPremisesImmutableId\"\r\n" +
            "\"1\",\"a@x.com\",\"System.String[]\",\"1wfM9xV8fUSHbcAbDlqeOA==\"\r\n"
        let input = try InputFile.decode(path: "t.csv", data: Array(text.utf8))
        #expect(SnapshotLoader.detectFormat(input) == .csv)
        let s = try load(text)
        #expect(s.side == .cloud)
        // ImmutableIds are kept as their bytes (they compare case-sensitively) and show as the same base64.
        #expect(s.value(of: s.objects[0], "immutableid")?.text == "1wfM9xV8fUSHbcAbDlqeOA==")
        #expect(s.warnings.map(\.id) == ["csv.type-name"])
        #expect(s.warnings[0].location.description == "t.csv:3:15")
    }
}
