import Foundation
import Testing
@testable import Dirq

/// `fix`: one block per finding with the real objects filled in, lookups before changes, -WhatIf
/// on every change, choices (commented) where a person must decide; hostile values from a real
/// export stay inside literals.
@Suite struct FixScriptTests {
    static func run(_ s: Session, _ text: String) -> (report: String, diagnostics: [Diagnostic]) {
        var out = "", diags: [Diagnostic] = []
        s.run(SourceText(name: "t", text: text)) { e in
            if case .report(let r) = e { out += r }
            if case .diagnostic(let d) = e { diags.append(d) }
        }
        return (out, diags)
    }

    /// The blocks of a script: the lines from one `# ── ` header to the next.
    static func blocks(_ script: String) -> [[String]] {
        var out: [[String]] = []
        for line in script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("# ── ") { out.append([line]) } else if !out.isEmpty, !line.isEmpty { out[out.count - 1].append(line) }
        }
        return out
    }

    static let changing = ["Set-AD", "Update-Mg", "Remove-Mg", "Set-Mailbox", "Set-DistributionGroup", "Set-MailContact",
                           "Restore-ADObject", "Set-ADSyncScheduler"]

    @Test func fixAllHasOneBlockPerFindingWithLookupsFirstAndWhatIfOnEveryChange() throws {
        let s = try CheckTests.session()
        let findings = try Checks.all.reduce(0) { $0 + (try s.findings(of: $1).findings.count) }
        let (script, diags) = Self.run(s, "fix all")
        #expect(diags.isEmpty)
        let blocks = Self.blocks(script)
        #expect(findings == 45)  // with R1, the replication-conflict copy
        #expect(blocks.count == findings)
        for b in blocks {
            let changes = b.indices.filter { i in Self.changing.contains { b[i].contains($0 + "-") || b[i].contains($0 + " ") } && !b[i].hasPrefix("# Could") && !b[i].hasPrefix("# Changes") && !b[i].hasPrefix("#   Changes") && !b[i].hasPrefix("#   Could") && !b[i].hasPrefix("#   nothing") && !b[i].hasPrefix("#   see") && !b[i].hasPrefix("#   delete") }
            for i in changes {
                #expect(b[i].hasSuffix(" -WhatIf"), "\(b[0]): \(b[i])")
            }
            // Every live lookup comes before the first change or choice.
            let lastLookup = b.lastIndex { $0.hasPrefix("Get-") } ?? -1
            let firstChange = b.firstIndex { $0.hasPrefix("# Then change it") || $0.hasPrefix("# Choose one") } ?? b.count
            #expect(lastLookup < firstChange, "\(b[0])")
        }
    }

    @Test func aDuplicateOffersChoicesInsteadOfAGuess() throws {
        let (script, _) = Self.run(try CheckTests.session(), "fix duplicate-upn")
        let jane = try #require(Self.blocks(script).first { $0[1].hasPrefix("# CN=Jane Doe,OU=Sales") })
        #expect(jane.contains("$dn  = 'CN=Jane Doe,OU=Sales,OU=Staff,DC=contoso,DC=com'  # user on-prem (onprem)"))
        #expect(jane.contains("# Choice A: Jane Doe (CN=Jane Doe,OU=Sales,OU=Staff,DC=contoso,DC=com) gives up Jane.Doe@contoso.com"))
        #expect(jane.contains("#   Set-ADUser -Identity $dn -UserPrincipalName $newUpn -WhatIf"))
        #expect(jane.contains { $0.hasPrefix("# Choice B: Jane Doe (CN=Jane Doe,OU=Marketing") })
        // Nothing that changes a directory runs uncommented when a person must choose.
        #expect(!jane.contains { line in Self.changing.contains { line.hasPrefix($0) } })
    }

    @Test func oneSensibleFixRunsWithWhatIf() throws {
        let (script, _) = Self.run(try CheckTests.session(), "fix invalid-upn")
        let nina = try #require(Self.blocks(script).first { $0[1].contains("Nina Schultz") })
        #expect(nina.contains("Set-ADUser -Identity $dn -UserPrincipalName $newUpn -WhatIf"))
        #expect(nina.contains("$dn = 'CN=Nina Schultz,OU=HR,OU=Staff,DC=contoso,DC=com'  # user on-prem (onprem)"))
    }

    @Test func unknownCheckSuggestsANearName() {
        let (_, diags) = Self.run(Session(), "fix duplicate-up")
        #expect(diags.map(\.id) == ["fix.unknown"])
        #expect(diags.first?.notes.first == "did you mean 'duplicate-upn'?")
    }

    @Test func parsesFixAndReportButKeepsThemAsNames() {
        let (statements, errors) = Session.parse(SourceText(name: "t", text: "fix all\nreport \"out.html\"\nreport where fix = 1"))
        #expect(errors.isEmpty)
        #expect(statements.map(\.kind).prefix(2) == [.fix("all"), .report(path: "out.html")])
        guard case .query(let q) = statements.last?.kind else { Issue.record("not a query"); return }
        #expect(q.source.name == "report")
    }

    /// A real LDIF whose DN holds a quote and an escaped comma, whose displayName is a PowerShell
    /// subexpression and whose UPN holds a typographic quote.
    static let hostileLDIF = """
        dn: CN=O'Brien\\, Pat,OU=Staff,DC=contoso,DC=com
        objectClass: user
        displayName: $(Remove-Item C:\\ -Recurse)
        userPrincipalName: pat.o’brien@contoso.com
        proxyAddresses: SMTP:pat'; Stop-Computer; '@contoso.com
        objectGUID:: AQEBAQEBAQEBAQEBAQEBAQ==

        dn: CN=Pat OBrien,OU=Staff,DC=contoso,DC=com
        objectClass: user
        userPrincipalName: Pat.O’Brien@contoso.com
        proxyAddresses: smtp:pat'; stop-computer; '@contoso.com
        objectGUID:: AgICAgICAgICAgICAgICAg==

        """

    @Test func hostileValuesFromARealExportStayInsideLiterals() throws {
        let s = Session()
        s.add(try DiffTests.snapshot(Self.hostileLDIF, "onprem"))
        let (script, diags) = Self.run(s, "fix all")
        #expect(diags.isEmpty)
        let tokens = try #require(PSTokens.tokenize(script))
        let literals = tokens.compactMap { if case .literal(let l) = $0 { return l } else { return nil } }
        let code = tokens.compactMap { if case .code(let c) = $0 { return c } else { return nil } }.joined()
        #expect(literals.contains("CN=O'Brien\\, Pat,OU=Staff,DC=contoso,DC=com"))
        #expect(literals.contains("pat.o’brien@contoso.com"))
        #expect(literals.contains("SMTP:pat'; Stop-Computer; '@contoso.com"))
        #expect(script.contains("$dn  = 'CN=O''Brien\\, Pat,OU=Staff,DC=contoso,DC=com'"))
        #expect(script.contains("'pat.o’’brien@contoso.com'"))
        #expect(!code.contains("Remove-Item") && !code.lowercased().contains("stop-computer"))
    }
}
