import Foundation
import Testing
@testable import Dirq

/// `diff OLD NEW` keys on objectGUID: renames are changes, re-created objects are a removal plus an
/// addition, multi-valued attributes show the values added and removed, anchor changes are flagged.
@Suite struct DiffTests {
    static func snapshot(_ text: String, _ name: String) throws -> Snapshot {
        let input = try InputFile.decode(path: "\(name).ldif", data: Array(text.utf8))
        var b = SnapshotBuilder(path: input.path, format: .ldif)
        try LDIFReader.read(input, into: &b)
        return b.build(name: name)
    }

    static let before = """
        dn: CN=A,DC=x
        objectClass: user
        objectGUID:: 1wfM9xV8fUSHbcAbDlqeOA==
        proxyAddresses: SMTP:a@x.com
        proxyAddresses: smtp:old@x.com
        department: Sales

        dn: CN=Gone,DC=x
        objectClass: user
        objectGUID:: AAAAAAAAAAAAAAAAAAAAAA==

        dn: CN=Anchor,DC=x
        objectClass: user
        objectGUID:: AQEBAQEBAQEBAQEBAQEBAQ==
        mS-DS-ConsistencyGuid:: AQEBAQEBAQEBAQEBAQEBAQ==

        """
    static let after = """
        dn: CN=A renamed,DC=x
        objectClass: user
        objectGUID:: 1wfM9xV8fUSHbcAbDlqeOA==
        proxyAddresses: smtp:A@X.COM
        proxyAddresses: smtp:new@x.com
        department: sales

        dn: CN=New,DC=x
        objectClass: user
        objectGUID:: AgICAgICAgICAgICAgICAg==

        dn: CN=Anchor,DC=x
        objectClass: user
        objectGUID:: AQEBAQEBAQEBAQEBAQEBAQ==
        mS-DS-ConsistencyGuid:: AwMDAwMDAwMDAwMDAwMDAw==

        """

    @Test func reportsExactlyWhatChanged() throws {
        let s = Session()
        s.add(try Self.snapshot(Self.before, "old"))
        s.add(try Self.snapshot(Self.after, "new"))
        let t = try s.query("diff old new select change, object, attribute, before, after, added, removed")
        #expect(t.rows.map { $0.map(\.text) } == [
            ["anchor-changed", "CN=Anchor,DC=x", "sourceAnchor", "AQEBAQEBAQEBAQEBAQEBAQ==", "AwMDAwMDAwMDAwMDAwMDAw==", "", ""],
            ["removed", "CN=Gone,DC=x", "", "", "", "", ""],
            ["added", "CN=New,DC=x", "", "", "", "", ""],
            ["changed", "CN=A renamed,DC=x", "dn", "CN=A,DC=x", "CN=A renamed,DC=x", "", ""],
            ["changed", "CN=A renamed,DC=x", "proxyAddresses", "", "", "smtp:new@x.com", "smtp:old@x.com"],
            ["changed", "CN=A renamed,DC=x", "department", "Sales", "sales", "", ""],
            // A GUID attribute shows as GUID text; the anchor as its ImmutableId.
            ["changed", "CN=Anchor,DC=x", "mS-DS-ConsistencyGuid", "01010101-0101-0101-0101-010101010101",
             "03030303-0303-0303-0303-030303030303", "", ""],
        ])
    }

    @Test func refusesSnapshotsOfDifferentSides() throws {
        let s = Session()
        s.add(try Self.snapshot(Self.before, "old"))
        var b = SnapshotBuilder(path: "c.json", format: .json)
        b.beginObject(line: 1)
        b.add("id", .string("x"))
        b.endObject()
        s.add(b.build(name: "cloud", side: .cloud))
        #expect(throws: Diagnostic.self) { try s.query("diff old cloud") }
    }
}
