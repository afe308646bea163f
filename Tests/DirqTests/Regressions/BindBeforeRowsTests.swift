import Testing
@testable import Dirq

/// A misspelled name late in a query was reported only after the clauses before it had run
/// (`users group by upn sort by upm` grouped every user first; a join that does not fit in memory
/// failed for memory instead of for the typo). Every clause is now bound before a row is read.
@Suite("Regressions: names are bound before rows are read")
struct BindBeforeRowsTests {
    @Test func aTypoInTheLastClauseWinsOverAJoinThatCannotFit() throws {
        let session = TestTenant.session()
        session.memory = .fixed(1000, source: "a test budget")
        let e = try #require(throws: Diagnostic.self) {
            try session.query("users join users as u on department = u.department sort by upm")
        }
        #expect(e.id == "bind.unknown-name" || e.message.contains("unknown attribute or column 'upm'"), "\(e.id): \(e.message)")
        #expect(e.message.contains("upm"))
    }

    /// Each query has one mistake, late; the session's Ctrl-C flag is set before it runs, so
    /// the first operator to run would stop with `eval.interrupted`. The mistake is reported
    /// instead — with its own id and the range of the text at fault — so it was found before any
    /// operator ran: before grouping, joining, expanding, or running the query inside `in (…)`.
    @Test("every mistake is found before any row is read", arguments: [
        ("users group by upn sort by upm", "bind.unknown-attribute", "upm"),
        ("users select a = upn where b = 1", "bind.unknown-attribute", "b"),
        ("users join onprem.users as o on upn = o.nosuch count", "bind.unknown-attribute", "o.nosuch"),
        // A join on an alias that is not the join's: `x` names nothing in the joined rows.
        ("users join onprem.users as o on upn = x.upn", "bind.unknown-attribute", "x"),
        ("users group by upn having cuont(members) > 1", "bind.unknown-function", "cuont(members)"),
        ("users group by upn having count > 1 select upn, membres", "bind.unknown-attribute", "membres"),
        ("users group by department having max(whenCreated, 1) > 1", "bind.arity", "max(whenCreated, 1)"),
        ("users expand proxyAddresses as p where p.type = \"smtp\" group by p.address sort by adress",
         "bind.unknown-attribute", "adress"),
        ("users where upn in (users group by upn having count > 1 select upn) sort by upm", "bind.unknown-attribute", "upm"),
        ("users where upn in (users group by upn select upm)", "bind.unknown-attribute", "upm"),
        ("users where upn in (users select upn, department)", "bind.subquery-columns", "users select upn, department"),
        ("users where department = \"IT\" ungroup", "bind.ungroup", "ungroup"),
        ("users join nosuch.users as n on upn = n.upn", "bind.unknown-snapshot", "nosuch.users"),
        ("users join users as u on upn = u.upn where frob(upn)", "bind.unknown-function", "frob(upn)"),
    ])
    func bindErrorsComeFirst(_ query: String, _ id: String, _ text: String) throws {
        let session = TestTenant.session()
        session.cancellation.cancel()
        defer { session.cancellation.reset() }
        let e = try #require(throws: Diagnostic.self) { try session.query(query) }
        #expect(e.id == id, "\(e.id): \(e.message)")
        let range = try #require(e.range)
        let utf8 = Array(query.utf8)
        #expect(String(decoding: utf8[range], as: UTF8.self) == text, "\(e.message)")
    }

    /// The control: the same session flag stops a query without mistakes once it runs.
    @Test func aCorrectQueryIsInterruptedOnceItRuns() throws {
        let session = TestTenant.session()
        session.cancellation.cancel()
        defer { session.cancellation.reset() }
        let e = try #require(throws: Diagnostic.self) { try session.query("users group by upn sort by upn") }
        #expect(e.id == "eval.interrupted")
    }
}

/// The printer's round trip (PrinterProperties, seed KcmUpUIlWs23tRKKalWRiM7mj5vvC81hKKoppZOOiPM=)
/// found `x in (diff not in (1))` read as a query `diff not …` once `in (query)` existed: `diff`
/// starts a source only before a snapshot name, not before a keyword.
@Suite("Regressions: an attribute named diff inside in (…)")
struct DiffNameInListTests {
    @Test(arguments: ["users where x in (diff not in (1), 2)", "users where x in (diff, 2)", "users where diff is empty"])
    func parsesAsAnExpression(_ text: String) {
        let (statements, errors) = Session.parse(SourceText(name: "t", text: text))
        #expect(errors.isEmpty, "\(errors.first.map(\.message) ?? "")")
        #expect(statements.count == 1)
    }

    @Test func diffOfTwoSnapshotsIsStillAQuery() {
        let (_, errors) = Session.parse(SourceText(name: "t", text: "users where dn in (diff old new select object)"))
        #expect(errors.isEmpty)
    }
}
