import Testing
@testable import Dirq

/// Query semantics: directory case rules, multi-valued attributes, grouping, clauses.
@Suite struct EvaluatorTests {
    func rows(_ q: String) throws -> [[String]] {
        try TestTenant.session().query(q).rows.map { $0.map(\.text) }
    }

    @Test func duplicateUPNsGroupCaseInsensitively() throws {
        let t = try TestTenant.session().query("users group by upn having count > 1")
        #expect(t.columns == ["upn", "count", "members"])
        #expect(t.rows.map { $0.map(\.text) } == [[
            // Grouped case-insensitively; the key as the group's first object wrote it.
            "Jane.Doe@contoso.com", "2", "CN=Jane Doe,OU=Staff,DC=contoso,DC=com; CN=Jane Doe2,OU=Staff,DC=contoso,DC=com",
        ]])
    }

    @Test func objectsWithoutTheKeyAreNotAGroup() throws {
        // NoUPN has no UPN: it must not form a group of its own, or a duplicate with other blanks.
        #expect(try rows("users group by upn select upn, count") == [["bob@contoso.local", "1"], ["Jane.Doe@contoso.com", "2"]])
    }

    @Test func duplicateSMTPAddressesIgnorePrefixAndCase() throws {
        let r = try rows("objects expand proxyAddresses as p where p.type = \"smtp\" group by p.address having count > 1 select p.address, count")
        #expect(r == [["bob@contoso.com", "2"], ["jd@contoso.com", "2"]])
    }

    @Test(arguments: [
        ("users where department = \"SALES\" count", "2"),
        ("users where upn ends with \".LOCAL\" count", "1"),
        ("users where upn starts with \"jane\" count", "2"),
        ("users where upn contains \"DOE@\" count", "2"),
        ("users where upn like \"*@contoso.*\" count", "3"),
        ("users where upn matches \"^BOB@\" count", "1"),
        ("users where proxyAddresses = \"smtp:jd@contoso.com\" count", "2"),
        ("users where department in (\"it\", \"hr\") count", "2"),
        ("users where department not in (\"it\") count", "2"),
        ("users where not exists upn count", "1"),
        ("users where upn is empty count", "1"),
        ("users where upn is not empty count", "3"),
        ("users where userAccountControl = 512 count", "2"),
        ("users where userAccountControl > 512 count", "1"),
        ("users where proxies.primary = true and proxies.address = \"bob@contoso.com\" count", "1"),
        ("users where len(upn) > 18 count", "2"),
        ("users where domain(upn) = \"contoso.com\" count", "2"),
        ("objects count", "5"),
        ("groups count", "1"),
        ("users where count(proxyAddresses) = 2 count", "2"),
        ("users where upn = null count", "1"),
    ])
    func conditionsFollowDirectoryRules(query: String, expected: String) throws {
        #expect(try rows(query) == [[expected]])
    }

    @Test func selectSortTake() throws {
        #expect(try rows("users where exists upn select u = lower(upn), d = department sort by u desc take 2")
                == [["jane.doe@contoso.com", "Sales"], ["jane.doe@contoso.com", "sales"]])
    }

    @Test func aggregatesLookIntoGroupMembers() throws {
        #expect(try rows("users group by department select department, count, list(userAccountControl), max(userAccountControl)")
                == [["IT", "2", "512", "512"], ["Sales", "2", "512; 514", "514"]])
    }

    @Test func distinctIsCaseInsensitive() throws {
        #expect(try rows("users select department distinct count") == [["2"]])
    }

    @Test func guidConversionsMatchThePublishedPair() throws {
        #expect(try rows("users take 1 select g = guid(\"1wfM9xV8fUSHbcAbDlqeOA==\"), i = immutableid(\"f7cc07d7-7c15-447d-876d-c01b0e5a9e38\")")
                == [["f7cc07d7-7c15-447d-876d-c01b0e5a9e38", "1wfM9xV8fUSHbcAbDlqeOA=="]])
    }

    @Test func unknownAttributeSuggestsTheNearestName() throws {
        do {
            _ = try TestTenant.session().query("users where departmnt = \"x\"")
            Issue.record("expected an error")
        } catch let d as Diagnostic {
            #expect(d.id == "bind.unknown-attribute")
            #expect(d.range == 12..<21)
            #expect(d.notes.first == "did you mean 'department'?")
        }
    }

    @Test func divisionByZeroIsAnError() throws {
        #expect(throws: Diagnostic.self) { try TestTenant.session().query("users select x = 1 / 0") }
    }
}
