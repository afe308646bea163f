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

    @Test("the error names the clause's own columns", arguments: [
        ("users group by upn sort by upm", "upm"),
        ("users select a = upn where b = 1", "b"),
        ("users join onprem.users as o on upn = o.nosuch count", "nosuch"),
    ])
    func bindErrors(_ query: String, _ name: String) throws {
        let e = try #require(throws: Diagnostic.self) { try TestTenant.session().query(query) }
        #expect(e.message.contains("'\(name)'"), "\(e.message)")
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
