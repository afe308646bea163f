import Foundation
import Testing
@testable import Dirq

/// Values typed by what the attribute is, not by the export (issue 11). Found by asking the same
/// questions of one directory exported four ways: dates compared as text (`1/15/2024 …` against
/// `2024-01-16`), SIDs as bytes from LDIF and text from CSV, a join that did not pair what
/// `where` found equal, `"12" + "3"` giving 15, `!=` on a multi-valued attribute true for an
/// object that holds the value, and table cells cut in NFD text.
@Suite("Regressions: typed values")
struct TypedValueTests {
    /// One directory of three users, as each export writes it.
    static let exports: [(name: String, file: String, text: String)] = [
        ("ldifde", "onprem.ldif", """
        version: 1

        dn: CN=Tycho Brahe,OU=IT,DC=contoso,DC=com
        objectClass: top
        objectClass: person
        objectClass: user
        sAMAccountName: tycho
        userPrincipalName: tycho@contoso.com
        objectGUID:: 1wfM9xV8fUSHbcAbDlqeOA==
        objectSid:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoUAQAAA==
        whenCreated: 20240115093000.0Z
        whenChanged: 20240909101500.0Z
        userAccountControl: 512
        pwdLastSet: 133500000000000000
        accountExpires: 9223372036854775807
        proxyAddresses: SMTP:tycho@contoso.com
        proxyAddresses: smtp:tb@contoso.com
        mS-DS-ConsistencyGuid:: 1wfM9xV8fUSHbcAbDlqeOA==

        dn: CN=Anna Berg,OU=IT,DC=contoso,DC=com
        objectClass: top
        objectClass: person
        objectClass: user
        sAMAccountName: anna
        userPrincipalName: anna@contoso.com
        objectGUID:: LEs6Dl4dYE+Ke5wNHi86Sw==
        objectSid:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoUQQAAA==
        whenCreated: 20240115093000.0Z
        whenChanged: 20241001080000.0Z
        userAccountControl: 514
        pwdLastSet: 0
        accountExpires: 0
        proxyAddresses: SMTP:anna@contoso.com

        dn: CN=Carl Dahl,OU=IT,DC=contoso,DC=com
        objectClass: top
        objectClass: person
        objectClass: user
        sAMAccountName: carl
        userPrincipalName: carl@contoso.com
        objectGUID:: jn1sW6CfHEuNLj9KW2x9jg==
        objectSid:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoUgQAAA==
        whenCreated: 20240115093000.0Z
        whenChanged: 20240102030405.0Z
        userAccountControl: 66048
        pwdLastSet: 133500000000000000
        accountExpires: 9223372036854775807
        proxyAddresses: SMTP:carl@contoso.com

        """),
        ("csvde", "onprem-csvde.csv", """
        DN,objectClass,sAMAccountName,userPrincipalName,objectGUID,objectSid,whenCreated,whenChanged,userAccountControl,pwdLastSet,accountExpires,proxyAddresses,mS-DS-ConsistencyGuid
        "CN=Tycho Brahe,OU=IT,DC=contoso,DC=com",user,tycho,tycho@contoso.com,X'd707ccf7157c7d44876dc01b0e5a9e38',X'010500000000000515000000dcf4dc3b833d2b46828ba62850040000',20240115093000.0Z,20240909101500.0Z,512,133500000000000000,9223372036854775807,SMTP:tycho@contoso.com;smtp:tb@contoso.com,X'd707ccf7157c7d44876dc01b0e5a9e38'
        "CN=Anna Berg,OU=IT,DC=contoso,DC=com",user,anna,anna@contoso.com,X'2c4b3a0e5e1d604f8a7b9c0d1e2f3a4b',X'010500000000000515000000dcf4dc3b833d2b46828ba62851040000',20240115093000.0Z,20241001080000.0Z,514,0,0,SMTP:anna@contoso.com,
        "CN=Carl Dahl,OU=IT,DC=contoso,DC=com",user,carl,carl@contoso.com,X'8e7d6c5ba09f1c4b8d2e3f4a5b6c7d8e',X'010500000000000515000000dcf4dc3b833d2b46828ba62852040000',20240115093000.0Z,20240102030405.0Z,66048,133500000000000000,9223372036854775807,SMTP:carl@contoso.com,

        """),
        ("Export-Csv", "onprem-exportcsv.csv", """
        #TYPE Microsoft.ActiveDirectory.Management.ADUser
        "DistinguishedName","ObjectClass","SamAccountName","UserPrincipalName","ObjectGUID","SID","whenCreated","whenChanged","userAccountControl","pwdLastSet","accountExpires","proxyAddresses","mS-DS-ConsistencyGuid"
        "CN=Tycho Brahe,OU=IT,DC=contoso,DC=com","user","tycho","tycho@contoso.com","f7cc07d7-7c15-447d-876d-c01b0e5a9e38","S-1-5-21-1004336348-1177238915-682003330-1104","1/15/2024 9:30:00 AM","9/9/2024 10:15:00 AM","512","133500000000000000","9223372036854775807","SMTP:tycho@contoso.com;smtp:tb@contoso.com","1wfM9xV8fUSHbcAbDlqeOA=="
        "CN=Anna Berg,OU=IT,DC=contoso,DC=com","user","anna","anna@contoso.com","0e3a4b2c-1d5e-4f60-8a7b-9c0d1e2f3a4b","S-1-5-21-1004336348-1177238915-682003330-1105","1/15/2024 9:30:00 AM","10/1/2024 8:00:00 AM","514","0","0","SMTP:anna@contoso.com",
        "CN=Carl Dahl,OU=IT,DC=contoso,DC=com","user","carl","carl@contoso.com","5b6c7d8e-9fa0-4b1c-8d2e-3f4a5b6c7d8e","S-1-5-21-1004336348-1177238915-682003330-1106","1/15/2024 9:30:00 AM","1/2/2024 3:04:05 AM","66048","133500000000000000","9223372036854775807","SMTP:carl@contoso.com",

        """),
        ("ConvertTo-Json", "onprem.json", """
        [
          {"DistinguishedName": "CN=Tycho Brahe,OU=IT,DC=contoso,DC=com", "ObjectClass": "user", "SamAccountName": "tycho",
           "UserPrincipalName": "tycho@contoso.com", "ObjectGUID": "f7cc07d7-7c15-447d-876d-c01b0e5a9e38",
           "SID": {"BinaryLength": 28, "AccountDomainSid": {"Value": "S-1-5-21-1004336348-1177238915-682003330"}, "Value": "S-1-5-21-1004336348-1177238915-682003330-1104"},
           "whenCreated": "/Date(1705311000000)/", "whenChanged": "/Date(1725876900000)/", "userAccountControl": 512,
           "pwdLastSet": 133500000000000000, "accountExpires": 9223372036854775807,
           "proxyAddresses": ["SMTP:tycho@contoso.com", "smtp:tb@contoso.com"],
           "mS-DS-ConsistencyGuid": [215, 7, 204, 247, 21, 124, 125, 68, 135, 109, 192, 27, 14, 90, 158, 56]},
          {"DistinguishedName": "CN=Anna Berg,OU=IT,DC=contoso,DC=com", "ObjectClass": "user", "SamAccountName": "anna",
           "UserPrincipalName": "anna@contoso.com", "ObjectGUID": "0e3a4b2c-1d5e-4f60-8a7b-9c0d1e2f3a4b",
           "SID": {"BinaryLength": 28, "Value": "S-1-5-21-1004336348-1177238915-682003330-1105"},
           "whenCreated": "/Date(1705311000000)/", "whenChanged": "/Date(1727769600000)/", "userAccountControl": 514,
           "pwdLastSet": 0, "accountExpires": 0, "proxyAddresses": ["SMTP:anna@contoso.com"], "mS-DS-ConsistencyGuid": null},
          {"DistinguishedName": "CN=Carl Dahl,OU=IT,DC=contoso,DC=com", "ObjectClass": "user", "SamAccountName": "carl",
           "UserPrincipalName": "carl@contoso.com", "ObjectGUID": "5b6c7d8e-9fa0-4b1c-8d2e-3f4a5b6c7d8e",
           "SID": {"BinaryLength": 28, "Value": "S-1-5-21-1004336348-1177238915-682003330-1106"},
           "whenCreated": "/Date(1705311000000)/", "whenChanged": "/Date(1704164645000)/", "userAccountControl": 66048,
           "pwdLastSet": 133500000000000000, "accountExpires": 9223372036854775807,
           "proxyAddresses": ["SMTP:carl@contoso.com"], "mS-DS-ConsistencyGuid": null}
        ]

        """),
    ]

    /// Each export loaded (from a temporary folder) under the name `onprem`.
    static func sessions() throws -> [(String, Session)] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-typed-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try exports.map { e in
            let url = dir.appendingPathComponent(e.file)
            try Data(e.text.utf8).write(to: url)
            let s = Session()
            try s.load(path: url.path, name: "onprem")
            return (e.name, s)
        }
    }

    /// The typed values of every user, per attribute (aliases so that `SID` and `objectSid` meet).
    @Test("every export loads to the same typed values")
    func sameValuesFromEveryExport() throws {
        let all = try Self.sessions()
        let columns = "dn, sam, upn, guid, sid, whenCreated, whenChanged, userAccountControl, pwdLastSet, accountExpires, proxyAddresses, mS-DS-ConsistencyGuid"
        let (_, first) = all[0]
        let expected = try first.query("users sort by sam select \(columns)").rows
        #expect(expected.count == 3)
        #expect(expected[0][3] == .guid(GUIDValue(text: "0e3a4b2c-1d5e-4f60-8a7b-9c0d1e2f3a4b")!))
        #expect(expected[0][4].text == "S-1-5-21-1004336348-1177238915-682003330-1105")
        #expect(expected[0][8] == .null)  // pwdLastSet 0: never set
        #expect(expected[0][9] == .null)  // accountExpires 0: never
        #expect(expected[2][5].text == "2024-01-15T09:30:00Z")
        #expect(expected[2][8].text == "2024-01-17T21:20:00Z")  // FILETIME 133500000000000000
        #expect(expected[2][7] == .int(512))
        for (name, s) in all.dropFirst() {
            let rows = try s.query("users sort by sam select \(columns)").rows
            #expect(rows == expected, "\(name)")
        }
    }

    /// Questions whose answers must not depend on the export.
    static let questions: [(query: String, answer: String)] = [
        (#"users where whenCreated > "2024-01-16" count"#, "0"),
        (#"users where whenCreated > "2024-01-14" count"#, "3"),
        (#"users where whenCreated = "2024-01-15T10:30:00+01:00" count"#, "3"),
        ("users sort by whenChanged desc select sam", "anna; tycho; carl"),
        (#"users where whenChanged >= "2024-09-01" sort by sam select sam"#, "anna; tycho"),
        (#"users where sid = "S-1-5-21-1004336348-1177238915-682003330-1106" select sam"#, "carl"),
        (#"users where sid = "s-1-5-21-1004336348-1177238915-682003330-1106" select sam"#, "carl"),
        (#"users where guid = "{F7CC07D7-7C15-447D-876D-C01B0E5A9E38}" select sam"#, "tycho"),
        (#"users where guid = "1wfM9xV8fUSHbcAbDlqeOA==" select sam"#, "tycho"),
        (#"users where anchor = "1wfM9xV8fUSHbcAbDlqeOA==" select sam"#, "tycho"),
        (#"users where immutableid(guid) = "LEs6Dl4dYE+Ke5wNHi86Sw==" select sam"#, "anna"),
        ("users where userAccountControl > 600 select sam", "carl"),
        ("users where bitand(userAccountControl, 2) = 2 select sam", "anna"),
        ("users where pwdLastSet is empty select sam", "anna"),
        (#"users where pwdLastSet < "2024-02-01" sort by sam select sam"#, "carl; tycho"),
        ("users where accountExpires is empty sort by sam select sam", "anna; carl; tycho"),
        (#"users where proxyAddresses != "SMTP:tycho@contoso.com" sort by sam select sam"#, "anna; carl"),
        (#"users where not (proxyAddresses contains "tb@") sort by sam select sam"#, "anna; carl"),
        ("users group by whenCreated select whenCreated, count", "2024-01-15T09:30:00Z; 3"),
        ("users join onprem.users as o on sid = o.sid count", "3"),
        ("users join onprem.users as o on guid = immutableid(o.anchor) count", "3"),
    ]

    @Test("every export gives the same answers", arguments: questions)
    func sameAnswers(_ q: (query: String, answer: String)) throws {
        for (name, s) in try Self.sessions() {
            let t = try s.query(q.query)
            let answer = t.rows.map { $0.map(\.text).joined(separator: "; ") }.joined(separator: "; ")
            #expect(answer == q.answer, "\(name): \(q.query)")
        }
    }

    @Test("a date prints as written: exact fraction, own offset")
    func datesPrintAsWritten() {
        for (text, shown) in [
            ("2024-01-15T10:02:11.123Z", "2024-01-15T10:02:11.123Z"),
            ("2024-01-15T12:02:11+02:00", "2024-01-15T12:02:11+02:00"),
            ("2024-01-15T10:02:11.1234567Z", "2024-01-15T10:02:11.1234567Z"),
            ("20240115100211.0Z", "2024-01-15T10:02:11Z"),
            ("/Date(1705311000000+0100)/", "2024-01-15T10:30:00+01:00"),
        ] {
            #expect(DateParsing.parse(text)?.text == shown, "\(text)")
        }
        #expect(DateParsing.parse("2024-01-15T12:02:11+02:00") == DateParsing.parse("2024-01-15T10:02:11Z"))
    }

    @Test("a join pairs what where finds equal")
    func joinAgreesWithWhere() throws {
        let s = try Self.sessions()[0].1
        // Text against GUIDs and ImmutableId bytes, both ways round.
        #expect(try s.query("users join onprem.users as o on immutableid(anchor) = o.anchor count").rows[0][0] == .int(3))
        #expect(try s.query("users join onprem.users as o on anchor = immutableid(o.guid) count").rows[0][0] == .int(3))
        #expect(try s.query("users join onprem.users as o on text(guid) = o.guid count").rows[0][0] == .int(3))
        #expect(try s.query("users join onprem.users as o on guid = o.anchor count").rows[0][0] == .int(3))
    }

    @Test("+ joins text; numbers add", arguments: [
        (#""12" + "3""#, Value.string("123")),
        (#""a" + 1"#, .string("a1")),
        ("1 + 2", .int(3)),
        (#"1 + "2""#, .int(3)),
    ])
    func plus(_ expr: String, _ expected: Value) throws {
        let t = try TestTenant.session().query("users take 1 select x = \(expr)")
        #expect(t.rows.first?.last == expected)
    }

    @Test("group keys print as written, grouped as the directory compares")
    func groupKeysAsWritten() throws {
        let t = try TestTenant.session().query("onprem.users group by department select department, count")
        let rows = t.rows.map { $0.map(\.text) }
        #expect(rows.contains(["Sales", "2"]), "\(rows)")
        #expect(!rows.contains { $0[0] == "sales" })
    }

    @Test("an export's text prints as written, even as a group key")
    func valuesPrintAsWritten() throws {
        var b = SnapshotBuilder(path: "errors.json", format: .json)
        for v in ["System.Byte[]", "system.byte[]", "Human Resources"] {
            b.beginObject(line: 1)
            b.add("value", .string(v))
            b.endObject()
        }
        let s = Session()
        s.add(b.build(name: "e", side: .engine))
        let t = try s.query("e group by value select value, count")
        #expect(t.rows.map { $0.map(\.text) } == [["Human Resources", "1"], ["System.Byte[]", "2"]])
    }

    @Test("a table pads decomposed text by what the terminal shows")
    func decomposedText() {
        let nfd = "Rene\u{301}e U\u{308}rik"
        let t = ResultTable(columns: ["name", "n"], rows: [[.string(nfd), .int(1)], [.string("Bob"), .int(2)]])
        let lines = TableRenderer().render(t).split(separator: "\n").map(String.init)
        #expect(lines[2] == nfd + "  1")
        #expect(lines[3] == "Bob         2")
        #expect(TextWidth.columns(nfd) == 10)
        #expect(TextWidth.columns("東京") == 4)
    }

    @Test("ASCII text is measured from its bytes as its grapheme clusters measure it")
    func asciiWidths() {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", " ", "\r", "\n", "\r\n", "\t", "\u{0}", "~", "\u{7F}"]
        var texts = ["", "\r\n", "\r\r\n\n", "\n\r", "plain text"]
        for _ in 0..<500 { texts.append((0..<Int.random(in: 1..<20, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()) }
        for t in texts {
            #expect(TextWidth.columns(t) == TextWidth.columnsByCharacter(t), "\(t.debugDescription)")
        }
        #expect(TextWidth.columns("a\r\nb") == 3)
    }
}
