import Testing
@testable import Dirq

/// Parser tables: what each construct parses to (printed canonically), where errors point, and
/// which inputs are incomplete rather than wrong.
@Suite struct ParserTests {
    static func parse(_ text: String) -> ([Statement], [Diagnostic]) {
        Session.parse(SourceText(name: "t.dirq", text: text))
    }

    /// The canonical text of the first `where` expression of a single query.
    static func whereText(_ text: String) -> String? {
        let (s, d) = parse("users where " + text)
        guard d.isEmpty, case .query(let q) = s.first?.kind, case .where(let e) = q.clauses.first?.kind else { return nil }
        return Printer.print(e)
    }

    @Test(arguments: [
        ("a = 1 and b = 2 or c = 3", "a = 1 and b = 2 or c = 3"),
        ("a = 1 and (b = 2 or c = 3)", "a = 1 and (b = 2 or c = 3)"),
        ("NOT a = 1", "not a = 1"),
        ("upn ENDS WITH '.local'", "upn ends with \".local\""),
        ("upn starts with \"x\"", "upn starts with \"x\""),
        ("x not like \"a*\"", "x not like \"a*\""),
        ("d not in (\"a\", 'b')", "d not in (\"a\", \"b\")"),
        ("exists mail", "exists mail"),
        ("mail is not empty", "mail is not empty"),
        ("p.address = \"x\"", "p.address = \"x\""),
        ("lower(domain(upn)) = \"x\"", "lower(domain(upn)) = \"x\""),
        ("a - b * c > -1", "a - b * c > -1"),
        ("(a - b) * c == 2", "(a - b) * c = 2"),
        ("a <> 1", "a != 1"),
        ("mS-DS-ConsistencyGuid is empty", "mS-DS-ConsistencyGuid is empty"),
        ("`@odata.type` = \"#microsoft.graph.user\"", "`@odata.type` = \"#microsoft.graph.user\""),
        ("upn matches \"^[a-z]+@\"", "upn matches \"^[a-z]+@\""),
    ])
    func expressions(input: String, printed: String) {
        #expect(Self.whereText(input) == printed)
    }

    @Test func printedExpressionsParseBackToTheSameText() {
        for e in ["a = 1 and (b = 2 or not c)", "x - (y - z)", "-(a + b)", "f(a, b) in (1, 2)", "not (a or b)"] {
            let once = Self.whereText(e)
            #expect(once != nil)
            #expect(Self.whereText(once ?? "") == once)
        }
    }

    @Test func clausesInOrderWithOptionalPipes() throws {
        let (s, d) = Self.parse("users | where a = 1 | select x = upn, sam group by x having count > 1 sort by x desc take 5")
        #expect(d.isEmpty)
        guard case .query(let q) = s[0].kind else { Issue.record("not a query"); return }
        let kinds = q.clauses.map { c -> String in
            switch c.kind {
            case .where: return "where"
            case .select(let items): return "select " + items.map(\.name).joined(separator: ",")
            case .groupBy(let k, let h): return "group " + k.map(\.name).joined(separator: ",") + (h == nil ? "" : " having")
            case .sort(let k): return "sort" + (k[0].descending ? " desc" : "")
            case .take(let n): return "take \(n)"
            case .expand: return "expand"
            case .distinct: return "distinct"
            case .ungroup: return "ungroup"
            case .join: return "join"
            case .count: return "count"
            }
        }
        #expect(kinds == ["where", "select x,sam", "group x having", "sort desc", "take 5"])
    }

    @Test func statementsEndAtLineBreaksUnlessAClauseContinues() {
        let (s, d) = Self.parse("""
            load "a.ldif" as onprem side onprem
            users
              where a = 1
              | select upn
            let x = groups count; use onprem
            describe users
            """)
        #expect(d.isEmpty)
        #expect(s.count == 5)
        if case .load(let path, let name, let side, _, _) = s[0].kind {
            #expect(path == "a.ldif" && name == "onprem" && side == .onPrem)
        } else { Issue.record("not a load") }
        if case .query(let q) = s[1].kind { #expect(q.clauses.count == 2) } else { Issue.record("not a query") }
    }

    @Test(arguments: [
        "users where", "users where upn =", "users group", "users group by upn having", "users where (a = 1",
        "users where upn = \"abc", "users where a in (1,", "users |", "users sort by", "users take", "let x =",
        "load",
    ])
    func incompleteInput(_ text: String) {
        #expect(Session.incompleteReason(text) != nil, "\(text) should be incomplete")
    }

    @Test(arguments: ["users", "users where a = 1", "load \"x\" as y", "users where = 3", "users frob"])
    func completeOrWrongInput(_ text: String) {
        #expect(Session.incompleteReason(text) == nil, "\(text) should not ask for more input")
    }

    @Test func severalErrorsInOneScript() {
        let (_, d) = Self.parse("users wher a = 1\nusers where = 2\ngroups count\nusers take x\n")
        #expect(d.map(\.id) == ["parse.expected-clause", "parse.expected-expression", "parse.expected-number"])
        #expect(d.map { $0.range?.lowerBound } == [6, 29, 57])
    }

    @Test func invalidRegexIsRefusedWhenParsed() {
        let (_, d) = Self.parse("users where upn matches \"([a-z]\"")
        #expect(d.first?.id == "parse.bad-regex")
    }
}
