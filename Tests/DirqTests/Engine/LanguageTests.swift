import Foundation
import Testing
@testable import Dirq

/// The language an investigator reaches for: text and DN functions, durations and date
/// arithmetic, scalar `let`, `in (query)`, quantifiers over multi-valued attributes, bounded
/// regular expressions, and type mismatches as errors. Each table row would fail if its feature
/// broke.
@Suite struct LanguageTests {
    /// The one value of `EXPR` on Bob's row of the test tenant.
    func value(_ expr: String, session: Session = TestTenant.session()) throws -> String {
        let t = try session.query("users where upn = \"bob@contoso.local\" select v = \(expr)")
        #expect(t.rows.count == 1)
        return t.rows.first?.first?.text ?? "<no row>"
    }

    func failure(_ q: String, session: Session = TestTenant.session()) -> Diagnostic? {
        do {
            _ = try session.query(q)
            return nil
        } catch let d as Diagnostic {
            return d
        } catch {
            return nil
        }
    }

    @Test(arguments: [
        // parent / rdn: DN-aware, an escaped comma or a quoted value is part of the RDN.
        ("parent(\"CN=Doe\\\\, Jane,OU=Sales,DC=contoso,DC=com\")", "OU=Sales,DC=contoso,DC=com"),
        ("rdn(\"CN=Doe\\\\, Jane,OU=Sales,DC=contoso,DC=com\")", "CN=Doe\\, Jane"),
        ("parent(\"CN=\\\"Doe, Jane\\\",OU=Sales,DC=x\")", "OU=Sales,DC=x"),
        ("parent(parent(dn))", "DC=contoso,DC=com"),
        ("rdn(dn)", "CN=Bob"),
        ("parent(\"DC=com\")", ""),
        ("rdn(\"DC=com\")", "DC=com"),
        // substring: 0-based start; without a length, the rest; past the end, empty.
        ("substring(upn, 0, 3)", "bob"),
        ("substring(upn, 4)", "contoso.local"),
        ("substring(upn, 40, 2)", ""),
        ("substring(\"Łukasz\", 1, 2)", "uk"),
        // replace: every occurrence, found ignoring case.
        ("replace(upn, \".LOCAL\", \".com\")", "bob@contoso.com"),
        ("replace(\"a-b-c\", \"-\", \"\")", "abc"),
        // split: a list.
        ("split(upn, \"@\")", "bob; contoso.local"),
        ("count(split(\"a;b;c\", \";\"))", "3"),
        ("split(dn, \",\")", "CN=Bob; OU=Staff; DC=contoso; DC=com"),
        // extract: group 1 when the pattern has groups, else the whole match; an explicit group.
        ("extract(upn, \"^([a-z]+)@\")", "bob"),
        ("extract(upn, \"[a-z]+$\")", "local"),
        ("extract(upn, \"^(\\\\w+)@(\\\\w+)\", 2)", "contoso"),
        ("extract(upn, \"^(\\\\w+)@(\\\\w+)\", 0)", "bob@contoso"),
        ("extract(upn, \"^x(y)\")", ""),
        ("extract(proxyAddresses, \"^smtp:(.*)$\")", "bob@contoso.com"),
        // bitand, text (kept from main).
        ("bitand(userAccountControl, 2)", "0"),
        ("bitand(514, 2)", "2"),
        // Rule names and their sentences.
        ("upnproblem(upn)", "TopLevelDomain"),
        ("upnproblem_detail(upn)", "TopLevelDomain: '.local' is not routable; Entra ID cannot verify it"),
        ("proxyproblem(\"SMTP:a b@x.com\")", "Character"),
        ("proxyproblem_detail(\"SMTP:a b@x.com\")", "Character: contains a space"),
    ])
    func functions(expr: String, expected: String) throws {
        #expect(try value(expr) == expected, "\(expr)")
    }

    @Test(arguments: [
        // Literals print as dirq writes durations.
        ("30d", "30d"), ("12h", "12h"), ("15m", "15m"), ("90s", "1m 30s"), ("36h", "1d 12h"),
        ("30d + 12h", "30d 12h"), ("1d - 1h", "23h"), ("2 * 12h", "1d"), ("1d / 4", "6h"), ("1d / 12h", "2"),
        ("1d - 2d", "-1d"), ("0s", "0s"), ("text(15m)", "15m"),
    ])
    func durations(expr: String, expected: String) throws {
        #expect(try value(expr) == expected, "\(expr)")
    }

    @Test(arguments: [
        ("when + 1d", "2024-01-16T09:30:00Z"),
        ("when - 30d", "2023-12-16T09:30:00Z"),
        ("when + 90m", "2024-01-15T11:00:00Z"),
        ("when2 - when", "1d 2h"),
        ("when - when2", "-1d 2h"),
        ("when2 - when > 1d", "true"),
        ("when2 - when < 1d", "false"),
        ("when2 - when = 26h", "true"),
        ("when2 > when + 1d", "true"),
        ("now() - when > 365d", "true"),
        ("now() > when", "true"),
        ("when > now() - 30d", "false"),
        ("local + 1h", "2024-01-15T12:30:00+02:00"),
        ("date(\"2024-01-15T11:30:00+02:00\") - 1d", "2024-01-14T11:30:00+02:00"),
        ("date(\"20240115093000.0Z\") = when", "true"),
        ("local - when", "0s"),
    ])
    func dateArithmetic(expr: String, expected: String) throws {
        let s = TestTenant.session()
        s.setVariable("when", text: "2024-01-15T09:30:00Z")
        s.setVariable("when2", text: "2024-01-16T11:30:00Z")
        s.setVariable("local", text: "2024-01-15T11:30:00+02:00")
        #expect(try value(expr, session: s) == expected, "\(expr)")
    }

    @Test(arguments: [
        // Found when bound, before a row is read (even when no row would reach the test).
        ("users where whenCreated > 5", "bind.type", "cannot compare a date with a number '5'"),
        ("users where whenCreated > \"garbage\"", "bind.type", "cannot compare a date with \"garbage\""),
        ("users where accountEnabled = \"yes\"", "bind.type", "cannot compare a boolean with \"yes\""),
        ("users where 1 = accountEnabled", "bind.type", "cannot compare a boolean with a number '1'"),
        ("users where upn = \"nobody\" and accountEnabled = \"yes\"", "bind.type", "cannot compare a boolean"),
        ("users where whenCreated in (5)", "bind.type", "cannot compare a date with a number '5'"),
        ("users where accountEnabled in (true, \"yes\")", "bind.type", "cannot compare a boolean with \"yes\""),
        // The same for every type the catalogue gives an attribute: numbers, GUIDs, SIDs, bytes.
        ("users where userAccountControl = \"abc\"", "bind.type", "cannot compare a number with \"abc\", which is not a number"),
        ("users where userAccountControl = true", "bind.type", "cannot compare a number with a boolean 'true'"),
        ("users where userAccountControl in (512, \"x\")", "bind.type", "cannot compare a number with \"x\""),
        ("users where id = \"garbage\"", "bind.type", "cannot compare a GUID with \"garbage\", which is not a GUID"),
        ("users where id = 5", "bind.type", "cannot compare a GUID with a number '5'"),
        ("users where onPremisesSecurityIdentifier = \"S-1-x\"", "bind.type", "cannot compare a SID with \"S-1-x\", which is not a SID"),
        ("users where onPremisesSecurityIdentifier > 2d", "bind.type", "cannot compare a SID with a duration '2d'"),
        ("users where onPremisesImmutableId = 5", "bind.type", "cannot compare bytes with a number '5'"),
        ("users where whenCreated = \"2024-01-10\" and 1 = id", "bind.type", "cannot compare a GUID with a number '1'"),
        // A computed value is checked as it is computed.
        ("users where max(whenCreated) > 5", "eval.compare", "cannot compare a date with a number '5'"),
        ("users where whenCreated - whenCreated > 5", "eval.compare", "cannot compare a duration with a number '5'"),
        ("users where whenCreated + whenCreated > 5", "eval.type", "cannot add date"),
        ("users where 1d > \"soon\"", "eval.compare", "cannot compare a duration with \"soon\""),
        ("users select substring(upn, -1, 2)", "eval.function", "substring() needs a start of 0 or more"),
        ("users select extract(upn, department)", "bind.regex-literal", "extract() needs a regular expression in quotes"),
        ("users select extract(upn, \"(a+)+$\")", "bind.bad-regex", "invalid regular expression"),
        ("users select extract(upn, \"(a)\", 3)", "eval.function", "extract(): the pattern has 1 group"),
        ("users select now(1)", "bind.arity", "now() takes 0 arguments"),
        ("users select substring(upn)", "bind.arity", "substring() takes 2 or 3 arguments"),
        ("users where upn in (users select upn, department)", "bind.subquery-columns", "must yield one column; it yields 2 columns"),
        ("users where upn in (users where exists upn)", "bind.subquery-columns", "it yields whole objects"),
    ])
    func mistakesAreErrors(query: String, id: String, message: String) throws {
        let diag = failure(query, session: Self.typed())
        #expect(diag?.id == id, "\(query): \(diag?.message ?? "no error")")
        #expect(diag?.message.contains(message) == true, "\(query): \(diag?.message ?? "no error")")
    }

    /// Text that reads as the attribute's type compares as that type: no error, and the rows it names.
    @Test(arguments: [
        ("users where userAccountControl = \"512\" count", 2),
        ("users where id = \"00000001-0000-0000-0000-000000000000\" count", 1),
        ("users where onPremisesSecurityIdentifier = \"s-1-5-21-1004336348-1177238915-682003330-1101\" count", 1),
        ("users where onPremisesImmutableId in (\"1wfM9xV8fUSHbcAbDlqeOA==\") count", 2),
        ("users where accountEnabled in (true) count", 1),
    ])
    func literalsOfTheAttributesTypeCompare(query: String, count: Int) throws {
        let t = try Self.typed().query(query)
        #expect(t.rows == [[.int(Int64(count))]], "\(query)")
    }

    /// Two users with a catalogued date, boolean, number, GUID, SID and bytes: `whenCreated`,
    /// `accountEnabled`, `userAccountControl`, `id`, `onPremisesSecurityIdentifier`, `onPremisesImmutableId`.
    static func typed() -> Session {
        var b = SnapshotBuilder(path: "mem.json", format: .json)
        for (i, enabled) in [true, false].enumerated() {
            b.beginObject(line: 1)
            b.add("id", .string("0000000\(i)-0000-0000-0000-000000000000"))
            b.add("@odata.type", .string("#microsoft.graph.user"))
            b.add("userPrincipalName", .string("u\(i)@contoso.com"))
            b.add("department", .string("IT"))
            b.add("whenCreated", .string("2024-01-1\(i)T09:30:00Z"))
            b.add("accountEnabled", .bool(enabled))
            b.add("userAccountControl", .int(512))
            b.add("onPremisesSecurityIdentifier", .string("S-1-5-21-1004336348-1177238915-682003330-110\(i)"))
            b.add("onPremisesImmutableId", .string("1wfM9xV8fUSHbcAbDlqeOA=="))
            b.endObject()
        }
        let s = Session()
        s.add(b.build(name: "cloud"))
        return s
    }

    @Test func scalarLetIsUsedByNameLater() throws {
        let s = TestTenant.session()
        var events: [String] = []
        let summary = s.run(SourceText(name: "t.dirq", text: """
            let dom = "contoso.com"
            let cutoff = 2
            let twice = cutoff * 2
            let copy = dom
            users where domain(upn) = copy and count(proxyAddresses) >= cutoff select upn, twice
            """)) { e in
            switch e {
            case .info(let i): events.append(i)
            case .result(let t): events.append(t.rows.map { $0.map(\.text).joined(separator: ",") }.joined(separator: "|"))
            case .diagnostic(let d): events.append("error: " + d.message)
            default: break
            }
        }
        #expect(summary.errors == 0)
        #expect(events == [
            "dom = \"contoso.com\" (string)", "cutoff = 2 (number)", "twice = 4 (number)", "copy = \"contoso.com\" (string)",
            "Jane.Doe@contoso.com,4|jane.doe@CONTOSO.com,4",
        ])
    }

    @Test func letRefusesANameThatHidesAnAttribute() throws {
        let s = TestTenant.session()
        var errors: [String] = []
        s.run(SourceText(name: "t.dirq", text: "let department = \"IT\"")) { e in
            if case .diagnostic(let d) = e { errors.append(d.id) }
        }
        #expect(errors == ["let.shadows-attribute"])
    }

    @Test(arguments: [
        ("fabrikam.com", "string", "fabrikam.com"), ("42", "number", "42"), ("30d", "duration", "30d"),
        ("true", "bool", "true"), ("2024-05-01", "date", "2024-05-01T00:00:00Z"), ("a=b", "string", "a=b"),
    ])
    func setReadsTheValueItsTextSpells(text: String, type: String, shown: String) throws {
        let s = TestTenant.session()
        s.setVariable("p", text: text)
        #expect(s.variables["p"]?.typeName == type)
        #expect(s.variables["p"]?.text == shown)
    }

    @Test(arguments: [
        ("users where upn in (users where department = \"IT\" select upn) count", "1"),
        ("users where upn not in (users where department = \"IT\" select upn) count", "3"),
        // Case-insensitive, as `=`; a one-key group with `select`.
        ("users where upn in (users group by upn having count > 1 select upn) count", "2"),
        ("users where department in (groups select \"it\") count", "2"),
        // A query over another snapshot's source, and a let table.
        ("users where userAccountControl in (users where department = \"Sales\" select userAccountControl) count", "3"),
    ])
    func inQuery(query: String, expected: String) throws {
        #expect(try TestTenant.session().query(query).rows.map { $0.map(\.text) } == [[expected]], "\(query)")
    }

    @Test func inALetTableOfOneColumn() throws {
        let s = TestTenant.session()
        var out: [String] = []
        s.run(SourceText(name: "t.dirq", text: """
            let it = users where department = "IT" select upn
            users where upn in (it) count
            users where upn not in (it) count
            """)) { e in
            if case .result(let t) = e { out.append(t.rows[0][0].text) }
            if case .diagnostic(let d) = e { out.append(d.message) }
        }
        #expect(out == ["1", "3"])
    }

    @Test(arguments: [
        // Jane has SMTP:Jane.Doe@contoso.com and smtp:jd@contoso.com; Bob SMTP:bob@contoso.com.
        ("users where any(p in proxyAddresses where p.primary and localpart(p) = \"jd\") count", "0"),
        ("users where any(p in proxyAddresses where not p.primary and p.address = \"jd@contoso.com\") count", "2"),
        ("users where any(p in proxyAddresses where p.primary and domain(p) = \"contoso.com\") count", "3"),
        ("users where all(p in proxyAddresses where p.primary) count", "2"),  // Bob, and NoUPN (no values)
        ("users where count(p in proxyAddresses where p.type = \"smtp\") = 2 count", "2"),
        ("users select n = count(p in proxyAddresses where not p.primary) sort by n desc take 1", "1"),
        ("users where any(p in proxyAddresses where p.type = \"SMTP\" and any(q in proxyAddresses where q != p and q.address = p.address)) count", "0"),
        // In a group: over every member's values.
        ("users group by department having any(u in userAccountControl where u = 514) select department", "Sales"),
    ])
    func quantifiers(query: String, expected: String) throws {
        #expect(try TestTenant.session().query(query).rows.map { $0.map(\.text) } == [[expected]], "\(query)")
    }

    @Test func groupByParentGivesUsersPerOU() throws {
        let t = try TestTenant.session().query("users group by parent(dn) select ou = parent(dn), count")
        #expect(t.rows.map { $0.map(\.text) } == [["OU=Staff,DC=contoso,DC=com", "4"]])
    }

    @Test func runawayRegexEndsTheStatementWithALocatedError() throws {
        // 20 000 users whose addresses make `(\w|\d)*!` backtrack: digits match both branches.
        var b = SnapshotBuilder(path: "mem.ldif", format: .ldif)
        for i in 0..<20_000 {
            b.beginObject(line: 1)
            b.add("dn", .string("CN=u\(i),DC=x"))
            b.add("objectClass", .list([.string("user")]))
            b.add("proxyAddresses", .list([.string("smtp:user\(i)1234567890123456789012345@fabrikam.com")]))
            b.endObject()
        }
        let s = Session()
        s.add(b.build(name: "big"))
        let q = #"users where proxyAddresses matches "(\w|\d)*!" count"#
        let start = Date()
        let d = failure(q, session: s)
        let seconds = Date().timeIntervalSince(start)
        #expect(d?.id == "eval.regex-budget")
        #expect(d?.message.contains(#""(\w|\d)*!""#) == true)
        #expect(d?.range == 12..<(q.utf8.count - 6))
        #expect(seconds < 5, "took \(seconds) s")
        // The same budget bounds extract().
        let e = failure(#"users select extract(proxyAddresses, "((\w|\d)*)!")"#, session: s)
        #expect(e?.id == "eval.regex-budget")
    }

    @Test func ordinaryRegexesStayWithinTheirBudget() throws {
        let s = "smtp:" + String(repeating: "a1", count: 200) + "@fabrikam.com"
        let re = try #require(TextMatching.regex(#"^smtp:[a-z0-9]+@(\w+)\.com$"#))
        #expect(try TextMatching.firstMatch(re, in: s) != nil)
        #expect(try TextMatching.firstMatch(re, in: s, budget: 0) != nil)
    }

    @Test func likeWithSQLWildcardsSaysWhatDirqUses() throws {
        let d = failure("users where upn like \"%doe%\"")
        #expect(d?.id == "parse.like-wildcard")
        #expect(d?.notes.contains { $0.contains("'*'") && $0.contains("'?'") } == true)
    }
}
