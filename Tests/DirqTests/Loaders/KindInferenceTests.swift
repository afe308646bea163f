import Foundation
import Testing
@testable import Dirq

/// Objects whose content names no class get their kind from the `kind` clause, the file's
/// `#TYPE` line or OData context, or its columns, and the load line says how (issue 12, item 3).
@Suite struct KindInferenceTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var file: String
        var text: String
        var kind: ObjectKind? = nil
        /// Expected kind counts and side.
        var counts: [ObjectKind: Int]
        var side: Side
        /// Words the kind note must contain; nil when no note is expected.
        var note: String?

        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "Get-ADUser | Select Name,SamAccountName,EmailAddress,Enabled (PowerShell 7)", file: "u.csv",
             text: "\"Name\",\"SamAccountName\",\"EmailAddress\",\"Enabled\"\n\"Tycho Brahe\",\"tycho.brahe\",\"tycho.brahe@contoso.com\",\"True\"\n\"Ann Lee\",\"ann.lee\",,\"False\"\n",
             counts: [.user: 2], side: .onPrem, note: "2 users from SamAccountName and EmailAddress columns (no class column)"),
        Case(name: "the same with Windows PowerShell's #TYPE line", file: "u.csv",
             text: "#TYPE Selected.Microsoft.ActiveDirectory.Management.ADUser\r\n\"Name\",\"SamAccountName\",\"EmailAddress\",\"Enabled\"\r\n\"Tycho Brahe\",\"tycho.brahe\",\"tycho.brahe@contoso.com\",\"True\"\r\n",
             counts: [.user: 1], side: .onPrem, note: "1 user from the #TYPE line (Get-ADUser)"),
        Case(name: "Get-ADGroup | Select Name,SamAccountName,GroupCategory,GroupScope", file: "g.csv",
             text: "Name,SamAccountName,GroupCategory,GroupScope\nAll Staff,All Staff,Security,Global\nSales,Sales,Distribution,Universal\n",
             counts: [.group: 2], side: .onPrem, note: "2 groups from a GroupCategory column"),
        Case(name: "Get-ADComputer | Select Name,SamAccountName,DNSHostName,Enabled", file: "c.csv",
             text: "Name,SamAccountName,DNSHostName,Enabled\nPC1,PC1$,pc1.contoso.com,True\n",
             counts: [.other: 1], side: .onPrem, note: "1 other object from a DNSHostName column (computers)"),
        Case(name: "a SAM account name alone says nothing", file: "s.csv",
             text: "Name,SamAccountName\nSales,Sales\n", counts: [.other: 1], side: .onPrem, note: nil),
        Case(name: "… and the kind clause says it", file: "s.csv", text: "Name,SamAccountName\nSales,Sales\n",
             kind: .group, counts: [.group: 1], side: .onPrem, note: "1 group as the load statement says (kind group)"),
        Case(name: "an objectClass value wins over the kind clause", file: "o.csv",
             text: "DistinguishedName,ObjectClass,SamAccountName\n\"CN=Sales,DC=x\",group,Sales\n\"CN=Ann,DC=x\",user,ann\n",
             kind: .user, counts: [.group: 1, .user: 1], side: .onPrem, note: nil),
        Case(name: "Get-MsolContact (no #TYPE): mail and name columns, no SAM or UPN", file: "mc.csv",
             text: "DisplayName,EmailAddress,FirstName,LastName,ObjectId,LastDirSyncTime\nPayroll,payroll@litware.com,Pay,Roll,4f1c9f4e-0000-4000-8000-000000000001,5/14/2024 8:30:12 AM\n",
             counts: [.contact: 1], side: .cloud, note: "1 contact from EmailAddress and FirstName columns"),
        Case(name: "Get-MsolGroup with its #TYPE line", file: "mg.csv",
             text: "#TYPE Microsoft.Online.Administration.Group\n\"DisplayName\",\"EmailAddress\",\"GroupType\",\"ObjectId\"\n\"Sales\",\"sales@contoso.com\",\"DistributionList\",\"4f1c9f4e-0000-4000-8000-000000000002\"\n",
             counts: [.group: 1], side: .cloud, note: "1 group from the #TYPE line (Get-MsolGroup)"),
        Case(name: "Get-MgUser | Export-Csv (Windows PowerShell)", file: "mu.csv",
             text: "#TYPE Microsoft.Graph.PowerShell.Models.MicrosoftGraphUser\n\"Id\",\"UserPrincipalName\",\"OnPremisesImmutableId\"\n\"1\",\"a@contoso.com\",\"1wfM9xV8fUSHbcAbDlqeOA==\"\n",
             counts: [.user: 1], side: .cloud, note: "1 user from the #TYPE line (Get-MgUser)"),
        // The issue's Get-MsolUser | Export-Csv, unselected: ProxyAddresses is a .NET type name (a warning).
        Case(name: "Get-MsolUser | Export-Csv (Windows PowerShell, no Select)", file: "msol.csv",
             text: "#TYPE Microsoft.Online.Administration.User\r\n\"DisplayName\",\"ImmutableId\",\"LastDirSyncTime\",\"ObjectId\",\"ProxyAddresses\",\"UserPrincipalName\"\r\n\"Tycho\",\"1wfM9xV8fUSHbcAbDlqeOA==\",\"5/14/2024 8:30:12 AM\",\"07e2c92b-a6ad-429f-a526-e0864ee0d635\",\"System.Collections.Generic.List`1[System.String]\",\"tycho.brahe@contoso.com\"\r\n",
             counts: [.user: 1], side: .cloud, note: "1 user from the #TYPE line (Get-MsolUser)"),
        Case(name: "Get-MgUser | ConvertTo-Json: the properties say users", file: "mg.json",
             text: #"[{"Id":"1","UserPrincipalName":"a@contoso.com","OnPremisesImmutableId":"1wfM9xV8fUSHbcAbDlqeOA==","OnPremisesSyncEnabled":true,"ProxyAddresses":["SMTP:a@contoso.com"]}]"#,
             counts: [.user: 1], side: .cloud, note: "1 user from a UserPrincipalName column"),
        Case(name: "Get-MgGroup | ConvertTo-Json: GroupTypes says groups", file: "mgg.json",
             text: #"[{"Id":"1","DisplayName":"Sales","Mail":"sales@contoso.com","MailEnabled":true,"SecurityEnabled":false,"GroupTypes":[],"OnPremisesSecurityIdentifier":"S-1-5-21-1-2-3-1201"}]"#,
             counts: [.group: 1], side: .cloud, note: "1 group from a GroupTypes column"),
        Case(name: "Get-AzureADContact | ConvertTo-Json: ObjectType", file: "aadc.json",
             text: #"[{"ObjectId":"1","ObjectType":"Contact","DirSyncEnabled":true,"Mail":"payroll@litwareinc.com","ProxyAddresses":["SMTP:payroll@litwareinc.com"]}]"#,
             counts: [.contact: 1], side: .cloud, note: nil),
        Case(name: "Graph /users without @odata.type: the context says users", file: "gu.json",
             text: #"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users(id,displayName)","value":[{"id":"1","displayName":"A"},{"id":"2","displayName":"B"}]}"#,
             counts: [.user: 2], side: .cloud, note: "2 users from the file's OData context"),
        Case(name: "Graph users without a context: the properties say users", file: "gu.json",
             text: #"[{"id":"1","userPrincipalName":"a@contoso.com","onPremisesImmutableId":null},{"id":"2","userPrincipalName":"b@contoso.com"}]"#,
             counts: [.user: 2], side: .cloud, note: "2 users from a userPrincipalName column"),
        Case(name: "legacy Azure AD Graph /users: one object per element of value", file: "aad.json",
             text: #"{"odata.metadata":"https://graph.windows.net/contoso.onmicrosoft.com/$metadata#directoryObjects/Microsoft.DirectoryServices.User","value":[{"odata.type":"Microsoft.DirectoryServices.User","objectType":"User","objectId":"1","immutableId":"1wfM9xV8fUSHbcAbDlqeOA==","dirSyncEnabled":true,"userPrincipalName":"a@contoso.com"},{"odata.type":"Microsoft.DirectoryServices.User","objectType":"User","objectId":"2","userPrincipalName":"b@contoso.com","dirSyncEnabled":null}],"odata.nextLink":"directoryObjects/$/Microsoft.DirectoryServices.User?$skiptoken=X"}"#,
             counts: [.user: 2], side: .cloud, note: nil),
        Case(name: "legacy Azure AD Graph /users without odata.type: the metadata URL says users", file: "aad.json",
             text: #"{"odata.metadata":"https://graph.windows.net/contoso.onmicrosoft.com/$metadata#directoryObjects/Microsoft.DirectoryServices.User","value":[{"objectId":"1","mail":"a@contoso.com"}]}"#,
             counts: [.user: 1], side: .cloud, note: "1 user from the file's OData context"),
        Case(name: "sync engine error exports are not the objects they name", file: "ch.json",
             text: #"[{"errorType":"AttributeValueMustBeUnique","userPrincipalName":"a@contoso.com","samAccountName":"a","attributeName":"UserPrincipalName","attributeValue":"a@contoso.com"}]"#,
             counts: [.other: 1], side: .engine, note: nil),
    ]

    @Test(arguments: cases)
    func kindOfClasslessObjects(_ c: Case) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-kind-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(c.file).path
        try c.text.write(toFile: path, atomically: true, encoding: .utf8)
        let s = try SnapshotLoader.load(path: path, kind: c.kind)
        #expect(s.countsByKind == c.counts)
        #expect(s.side == c.side)
        if let note = c.note {
            #expect(s.kindNotes.contains { $0.contains(note) }, "\(s.kindNotes)")
            #expect(Session.describeLoad(s).contains("; kinds: "))
        } else {
            #expect(s.kindNotes.isEmpty, "\(s.kindNotes)")
        }
        // A projected load (a script that reads one attribute) decides the same kinds.
        let p = try SnapshotLoader.load(path: path, kind: c.kind, projection: Projection(names: ["displayName"]))
        #expect(p.countsByKind == c.counts)
        #expect(p.kindNotes == s.kindNotes)
    }

    /// The issue's example end to end: `users count` counts the users of a class-less export.
    @Test func usersCountOfGetADUserSelect() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-kind-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("users.csv").path
        try Self.cases[0].text.write(toFile: path, atomically: true, encoding: .utf8)
        let session = Session()
        var events: [String] = []
        session.run(SourceText(name: "t", text: "load \"\(path)\"\nusers count\nload \"\(path)\" as g kind group\ngroups count"),
                    emit: { e in
                        switch e {
                        case .loaded(_, let summary): events.append(summary)
                        case .result(let t): events.append(t.rows.map { $0.map(\.text).joined(separator: ",") }.joined(separator: ";"))
                        default: break
                        }
                    })
        try #require(events.count == 4, "\(events)")
        #expect(events[0].contains("2 objects (2 users)") && events[0].contains("kinds: 2 users from SamAccountName and EmailAddress columns"))
        #expect(events[1] == "2")
        #expect(events[2].contains("kinds: 2 groups as the load statement says (kind group)"))
        #expect(events[3] == "2")
    }

    @Test(arguments: [
        ("Microsoft.ActiveDirectory.Management.ADUser", Side.onPrem, ObjectKind.user),
        ("Selected.Microsoft.ActiveDirectory.Management.ADGroup", .onPrem, .group),
        ("Microsoft.ActiveDirectory.Management.ADObject", .onPrem, nil),
        ("Microsoft.Online.Administration.User", .cloud, .user),
        ("Microsoft.Online.Administration.Contact", .cloud, .contact),
        ("Microsoft.Open.AzureAD.Model.User", .cloud, .user),
        ("Microsoft.Open.AzureAD.Model.Group", .cloud, .group),
        ("Microsoft.Graph.PowerShell.Models.MicrosoftGraphOrgContact", .cloud, .contact),
        ("Selected.Microsoft.Graph.PowerShell.Models.MicrosoftGraphGroup", .cloud, .group),
    ] as [(String, Side, ObjectKind?)])
    func typeNames(_ name: String, _ side: Side, _ kind: ObjectKind?) {
        let t = ExportFlavour.typeName(name)
        #expect(t?.side == side)
        #expect(t?.kind == kind)
    }

    @Test func typeNamesOfOtherThings() {
        #expect(ExportFlavour.typeName("Microsoft.Online.Administration.DirSyncProvisioningError") == nil)
        #expect(ExportFlavour.typeName("System.Management.Automation.PSCustomObject") == nil)
    }

    @Test(arguments: [
        ("load \"a.csv\" kind group", ObjectKind?.some(.group), String?.none),
        ("load \"a.csv\" as a side onprem format csv kind user", .user, nil),
        ("load \"a.csv\" kind contacts", .contact, nil),
        ("load \"a.csv\"", nil, nil),
        ("load \"a.csv\" kind robot", nil, "parse.bad-kind"),
        ("load \"a.csv\" kind", nil, "parse.expected-name"),
    ])
    func kindClause(_ text: String, _ kind: ObjectKind?, _ error: String?) {
        let (statements, diagnostics) = Session.parse(SourceText(name: "t", text: text))
        if let error {
            #expect(diagnostics.first?.id == error)
            return
        }
        #expect(diagnostics.isEmpty)
        guard case .load(_, _, _, _, let k)? = statements.first?.kind else {
            Issue.record("not a load")
            return
        }
        #expect(k == kind)
    }
}
