import Foundation
import Testing
@testable import Dirq

/// `check anchor-changed` over two on-prem exports: a rewritten mS-DS-ConsistencyGuid, an account
/// deleted and re-created under the same DN, a forest move (new DN, same UPN); and what it must
/// not report (a re-created account that kept its anchor, one export only).
@Suite struct AnchorChangedTests {
    static func contoso(before: Bool = true) throws -> Session {
        let s = Session()
        if before { try s.load(path: Paths.examples.appendingPathComponent("contoso/onprem-before.ldif").path, name: "before") }
        try s.load(path: Paths.examples.appendingPathComponent("contoso/onprem.ldif").path, name: "onprem")
        return s
    }

    @Test func findsTheRewrittenConsistencyGuidAndTheReCreatedAccountOnTheSampleTenant() throws {
        let (rows, skipped) = try Self.contoso().findings(of: Checks.anchorChanged)
        #expect(skipped == nil)
        #expect(rows.map { [$0.snapshot, $0.object, $0.value.text] } == [
            ["onprem", "CN=Henrik Larsen,OU=Finance,OU=Staff,DC=contoso,DC=com", "PYpCSTAkdEWg+dUBittUWQ=="],
            ["onprem", "CN=Olivia Martin,OU=Sales,OU=Staff,DC=contoso,DC=com", "uQXC3i9UXke0K2pWfSH/Sw=="],
        ])
        #expect(rows[1].detail.contains("deleted and re-created") && rows[1].detail.contains("is GKNMFqBVtUGAYNQDrgcNeA== in onprem"))
    }

    @Test func oneExportIsSkippedWithWhatToLoad() throws {
        let (rows, skipped) = try Self.contoso(before: false).findings(of: Checks.anchorChanged)
        #expect(rows.isEmpty)
        #expect(skipped?.contains("needs an older one too") == true)
    }

    static let before = """
        dn: CN=Moved,OU=Staff,DC=fabrikam,DC=com
        objectClass: user
        userPrincipalName: moved@contoso.com
        objectGUID:: AQEBAQEBAQEBAQEBAQEBAQ==

        dn: CN=Kept,OU=Staff,DC=contoso,DC=com
        objectClass: user
        userPrincipalName: kept@contoso.com
        objectGUID:: AgICAgICAgICAgICAgICAg==

        dn: CN=Other,OU=Staff,DC=contoso,DC=com
        objectClass: user
        userPrincipalName: other@contoso.com
        objectGUID:: BQUFBQUFBQUFBQUFBQUFBQ==

        """
    /// Moved: a new object in another forest's DN, same UPN, new objectGUID (the anchor changed).
    /// Kept: re-created with the old anchor carried in mS-DS-ConsistencyGuid (it did not).
    /// Fresh: new, with nothing in common with Other, which is gone (not a re-creation).
    static let after = """
        dn: CN=Moved,OU=Staff,DC=contoso,DC=com
        objectClass: user
        userPrincipalName: Moved@contoso.com
        objectGUID:: AwMDAwMDAwMDAwMDAwMDAw==

        dn: CN=Kept,OU=Staff,DC=contoso,DC=com
        objectClass: user
        userPrincipalName: kept@contoso.com
        objectGUID:: BAQEBAQEBAQEBAQEBAQEBA==
        mS-DS-ConsistencyGuid:: AgICAgICAgICAgICAgICAg==

        dn: CN=Fresh,OU=Staff,DC=contoso,DC=com
        objectClass: user
        userPrincipalName: fresh@contoso.com
        objectGUID:: BgYGBgYGBgYGBgYGBgYGBg==

        """

    @Test func aForestMoveIsFoundByUPNAndAnAccountThatKeptItsAnchorIsNot() throws {
        let s = Session()
        s.add(try DiffTests.snapshot(Self.before, "yesterday"))
        s.add(try DiffTests.snapshot(Self.after, "today"))
        let (rows, _) = try s.findings(of: Checks.anchorChanged)
        #expect(rows.map { $0.object } == ["CN=Moved,OU=Staff,DC=contoso,DC=com"])
        #expect(rows.first?.value.text == "AQEBAQEBAQEBAQEBAQEBAQ==")
        #expect(rows.first?.detail.contains("same UPN (was CN=Moved,OU=Staff,DC=fabrikam,DC=com)") == true)
    }

    @Test func fixOffersTheOldAnchorBackAndTheCloudRepointAsChoices() throws {
        let s = try Self.contoso()
        var out = ""
        s.run(SourceText(name: "t", text: "fix anchor-changed")) { if case .report(let r) = $0 { out += r } }
        #expect(out.contains("$oldAnchor = 'uQXC3i9UXke0K2pWfSH/Sw=='"))
        #expect(out.contains("#   Set-ADObject -Identity $dn -Replace @{'mS-DS-ConsistencyGuid'=[Convert]::FromBase64String($oldAnchor)} -WhatIf"))
        #expect(out.contains("# Choice B: the same person: point the cloud object at the new anchor"))
    }

    @Test func lessonShowsItOnTheSampleTenant() throws {
        var out = ""
        Session().run(SourceText(name: "t", text: "lesson anchor-changed")) { if case .document(let d) = $0 { out += d.text } }
        #expect(out.contains("CN=Olivia Martin,OU=Sales,OU=Staff,DC=contoso,DC=com"))
        #expect(out.contains("(2 rows)"))
    }
}
