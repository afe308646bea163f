import Foundation
import Testing
@testable import Dirq

/// The checks on the sample tenant find every planted case and nothing else; the rules behind
/// invalid-upn and invalid-proxy say which rule failed; matching agrees across export formats.
@Suite struct CheckTests {
    static func session(onPrem file: String = "onprem.ldif", cloud: Bool = true) throws -> Session {
        let s = Session()
        try s.load(path: Paths.examples.appendingPathComponent("contoso/\(file)").path, name: "onprem")
        if cloud { try s.load(path: Paths.examples.appendingPathComponent("contoso/cloud.json").path, name: "cloud") }
        return s
    }

    /// The planted cases of Examples/contoso/README.md, by check: the objects reported (short names).
    static let planted: [String: Set<String>] = [
        "duplicate-upn": ["Chris Taylor", "Christine Taylor", "Christopher Taylor", "Jane Doe,OU=Sales", "Jane Doe,OU=Marketing",
                          "Sam Wilson", "2cd4d10e-a443-46b1-bbb6-5e9ae1ffbecc"],
        "duplicate-proxy": ["Joe Bloggs", "Joseph Quinn", "Sally Park", "Sales Team", "Paula Reyes", "Payroll Service (Litware)"],
        "object-type-mismatch": ["Tax Office", "e499bcbd-16e3-4994-b425-df5fafde6d5e"],
        "invalid-soft-match": ["Olivia Martin", "038832b9-9826-4f76-a3e9-676cf6729353"],
        "soft-match-takeover": ["Priya Patel", "30a20a8e-9893-41dc-ac7d-8acb7f8064b4"],
        "orphaned-cloud-object": ["77f690b0-d196-4838-a362-5d859d957e8c", "038832b9-9826-4f76-a3e9-676cf6729353"],
        "quarantined-value": ["Jane Doe,OU=Marketing", "462c9b40-b1e0-427f-9e5a-c72844f7e097", "Sam Wilson",
                              "acc3a924-e7b9-4c5c-8bf8-3e23e80062d2", "Joseph Quinn", "c0620fc2-1067-4664-9cc1-5bdf7d6cc44d",
                              "Sally Park", "5aa1e38d-a2d6-44f4-b0ee-1c8b4ac80437", "Payroll Service (Litware)",
                              "2fccca57-88b1-4bed-8061-c2c06271a2ba"],
        "invalid-upn": ["Nina Schultz", "Omar Haddad", "Ravi Kumar", "Wilhelmina Featherstonehaugh", "Lucas Moreau"],
        "invalid-proxy": ["Anaïs Dubois", "Mark van Dijk", "Kim Lee", "Lena Fischer", "Ben Carter"],
        "large-attribute": ["Grace Liu", "Carlos Mendes"],
        // R1: the README's CNF object, found since issue 12 (item 9) by a check of its own.
        "replication-conflict": [#"Pat Lee\0ACNF:6d4b1e2a-93c7-4f0e-8a51-2c7d9e0b3f14"#],
    ]

    /// "CN=Jane Doe,OU=Sales,OU=Staff,…" → "Jane Doe,OU=Sales" when the CN is ambiguous, else "Jane Doe".
    static func short(_ object: String) -> String {
        guard object.hasPrefix("CN=") else { return object }
        let parts = object.dropFirst(3).split(separator: ",")
        let cn = String(parts[0])
        return cn == "Jane Doe" ? "\(cn),\(parts[1])" : cn
    }

    @Test(arguments: ["onprem.ldif", "onprem.csv"])
    func checkAllFindsEveryPlantedCaseAndNothingElse(file: String) throws {
        let s = try Self.session(onPrem: file)
        var found: [String: Set<String>] = [:]
        for c in Checks.all {
            let (rows, skipped) = try s.findings(of: c)
            #expect(skipped == nil || c.needs == .engine || c.needs == .onPremPair)
            for r in rows { found[r.check, default: []].insert(Self.short(r.object)) }
        }
        for c in Checks.all {
            #expect(found[c.name] ?? [] == Self.planted[c.name] ?? [], "\(c.name) from \(file)")
        }
    }

    @Test func findingsHaveTheSameColumnsAndLowerCasedValues() throws {
        let s = try Self.session()
        let (rows, _) = try s.findings(of: Checks.duplicateProxy)
        #expect(rows.allSatisfy { $0.row.count == Checks.columns.count })
        let joe = rows.filter { Self.short($0.object) == "Joe Bloggs" }
        #expect(joe.map { $0.value.text } == ["joe@contoso.com"])
        #expect(joe.first?.detail == "also held by CN=Joseph Quinn,OU=Finance,OU=Staff,DC=contoso,DC=com")
    }

    @Test func crossSideChecksSayWhatIsMissing() throws {
        let s = try Self.session(cloud: false)
        let (rows, skipped) = try s.findings(of: Checks.invalidSoftMatch)
        #expect(rows.isEmpty)
        #expect(skipped?.contains("needs a cloud snapshot") == true)
    }

    @Test(arguments: [
        ("jane@contoso.com", nil),
        ("jane@contoso.local", "TopLevelDomain"),
        ("jane doe@contoso.com", "Character: contains a space"),
        ("ja(ne@contoso.com", "Character: '('"),
        ("jané@contoso.com", "no diacritics"),
        ("jane.@contoso.com", "ends with '.'"),
        ("janecontoso.com", "Format: no '@'"),
        ("a@b@contoso.com", "more than one '@'"),
        ("@contoso.com", "nothing before the '@'"),
        (String(repeating: "a", count: 65) + "@contoso.com", "Length: 65 characters before the '@'"),
        ("a@" + String(repeating: "b", count: 45) + ".com", "Length: 49 characters after the '@'"),
        ("o'brien#1!^~@contoso.com", nil),
    ] as [(String, String?)])
    func upnRules(upn: String, problem: String?) {
        let p = UPNRules.problem(upn)
        if let problem { #expect(p?.contains(problem) == true, "\(upn): \(p ?? "nil")") } else { #expect(p == nil, "\(upn): \(p ?? "")") }
    }

    @Test(arguments: [
        ("SMTP:joe@contoso.com", nil),
        ("X500:/o=Contoso/ou=Exchange/cn=Recipients/cn=joe", nil),
        ("x500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=abc-joe", nil),
        ("X500:/o=Contoso/cn=\"joe\"", "'\"' is not allowed in an X500"),
        ("sip:joe bloggs@contoso.com", "space"),
        ("smtp:joe bloggs@contoso.com", "space"),
        ("SMTP:user:x@contoso.com", "second ':'"),
        ("smtp:<joe>@contoso.com", "'<'"),
        ("smtp:joë@contoso.com", "diacritics"),
        ("joe@contoso.com", "no type prefix"),
        ("smtp:joe@contoso", "not a valid mail address"),
    ] as [(String, String?)])
    func proxyRules(value: String, problem: String?) {
        let p = ProxyRules.problem(value)
        if let problem { #expect(p?.contains(problem) == true, "\(value): \(p ?? "nil")") } else { #expect(p == nil) }
    }

    @Test func anchorsAgreeAcrossLDIFBytesCSVStringsAndCloudBase64() throws {
        let ldif = try Self.session(onPrem: "onprem.ldif"), csv = try Self.session(onPrem: "onprem.csv")
        let q = "match onprem to cloud select object, how, outcome, twin sort by object"
        #expect(try ldif.query(q) == csv.query(q))
        #expect(try ldif.query("match onprem to cloud where how = \"hard\" count").rows == [[.int(23)]])
    }

    @Test(arguments: [
        ("f7cc07d7-7c15-447d-876d-c01b0e5a9e38", "1wfM9xV8fUSHbcAbDlqeOA=="),
        ("{F7CC07D7-7C15-447D-876D-C01B0E5A9E38}", "1wfM9xV8fUSHbcAbDlqeOA=="),
    ])
    func guidAndImmutableIdConvertBothWays(guid: String, immutableId: String) {
        #expect(GUIDText.bytes(fromGUID: guid).map { Data($0).base64EncodedString() } == immutableId)
        #expect(GUIDText.bytes(of: .string(immutableId)).flatMap(GUIDText.string(fromBytes:)) == guid.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "{}")))
    }

    @Test func immutableIdsCompareCaseSensitively() throws {
        let s = try Self.session()
        #expect(try s.query("cloud.users where onPremisesImmutableId = \"1wfM9xV8fUSHbcAbDlqeOA==\" count").rows == [[.int(1)]])
        #expect(try s.query("cloud.users where onPremisesImmutableId = \"1WFM9XV8FUSHBCABDLQEOA==\" count").rows == [[.int(0)]])
    }

    @Test func exportErrorsNameEveryObjectWithAnErrorAndBothHolders() throws {
        let s = try Self.session()
        try s.load(path: Paths.examples.appendingPathComponent("contoso/csexport-aad.xml").path, name: "cs")
        let (rows, skipped) = try s.findings(of: Checks.exportErrors)
        #expect(skipped == nil)
        #expect(Set(rows.map { Self.short($0.object) }) == ["Jane Doe,OU=Marketing", "Joseph Quinn", "Sam Wilson", "Olivia Martin",
                                                             "Tax Office", "Carlos Mendes", "Nina Schultz"])
        let jane = rows.first { Self.short($0.object) == "Jane Doe,OU=Marketing" }
        #expect(jane?.value.text == "jane.doe@contoso.com")
        #expect(jane?.detail.contains("the cloud twin of CN=Jane Doe,OU=Sales,OU=Staff,DC=contoso,DC=com") == true)
        // Grouped by error type, as the detection sorts them.
        #expect(rows.map { $0.detail.split(separator: " ")[0] } == rows.map { $0.detail.split(separator: " ")[0] }.sorted())
    }

    @Test func syncHealthReportsTheStoppedSchedulerTheStaleCycleAndTheDeletionThreshold() throws {
        let s = Session()
        try s.load(path: Paths.examples.appendingPathComponent("contoso/scheduler.txt").path)
        try s.load(path: Paths.examples.appendingPathComponent("contoso/runhistory.csv").path)
        s.referenceTime = DateParsing.parse("2026-11-26T14:45:00Z")?.seconds
        let (rows, _) = try s.findings(of: Checks.syncHealth)
        let details = rows.map { $0.detail }
        #expect(details.contains("the scheduler is disabled: no sync cycles run"))
        #expect(details.contains { $0.contains("last successful delta run of contoso.com ended 5 h") })
        #expect(details.contains { $0.contains("stopped: more deletes than the deletion threshold") })
        // An hour after the last delta synchronization, the cycle is not stale yet.
        s.referenceTime = DateParsing.parse("2026-11-26T10:45:00Z")?.seconds
        #expect(try !s.findings(of: Checks.syncHealth).findings.contains { $0.attribute == "last successful delta" })
    }
}
