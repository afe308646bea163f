import Foundation
import Testing
@testable import Dirq

/// The catalogue of sources: every entry is a word the parser and Tab know, and each produces its
/// rows from an explicit `SourceContext` — the same rows a query through a `Session` reads.
@Suite struct SourceCatalogTests {
    static func contoso() throws -> [Snapshot] {
        try ["onprem.ldif", "cloud.json", "scheduler.txt", "runhistory.csv", "csexport-aad.xml", "onprem-before.ldif"].map {
            try SnapshotLoader.load(path: Paths.examples.appendingPathComponent("contoso/\($0)").path,
                                    name: $0 == "onprem-before.ldif" ? "before" : nil)
        }
    }

    /// `identities`, `health` and `exporterrors` start a query like a statement; `match` and `diff`
    /// too; `health` is also a statement of its own. The catalogue holds exactly these.
    @Test func entriesAreTheWordsTheParserKnows() {
        let names = Set(SourceCatalog.entries.map(\.name))
        #expect(names == Set(Keywords.statementSources + ["health"]))
        #expect(Set(SourceCatalog.bareNames) == ["identities", "health", "exporterrors"])
        for e in SourceCatalog.entries {
            #expect(SourceCatalog.named(e.name.uppercased())?.name == e.name)
        }
    }

    /// Each source made from a context holding the snapshots alone (no session) gives the rows a
    /// session's query gives.
    @Test(arguments: ["identities", "health select object, detail", "exporterrors", "match onprem to cloud", "match cloud to onprem", "diff before onprem"])
    func aContextIsAllASourceNeeds(_ text: String) throws {
        let snaps = try Self.contoso()
        let session = Session()
        for s in snaps { session.add(s) }
        session.referenceTime = 1_790_000_000
        let source = SourceText(name: "t", text: text)
        guard case .query(let q)? = Session.parse(source).statements.first?.kind else {
            Issue.record("\(text) does not parse")
            return
        }
        let (entry, pair) = try #require(SourceCatalog.lookup(q.source))
        var context = SourceContext(snapshots: snaps, currentName: session.currentName, caches: SourceCaches())
        context.referenceTime = 1_790_000_000
        // The source's rows, through the query's clauses (health's need a select to be a query).
        let direct = Session.materialize(try session.executor(source).run(session.binder(source).plan(q.clauses, on: entry.produce(pair, context))))
        #expect(direct == (try session.query(text)), "\(text)")
        #expect(!direct.rows.isEmpty, "\(text)")
    }

    /// Errors a source raises point at the query's source reference.
    @Test func sourceErrorsCarryTheRange() throws {
        let session = Session()
        session.add(try SnapshotLoader.load(path: Paths.examples.appendingPathComponent("contoso/onprem.ldif").path))
        for (text, id) in [("match onprem to nowhere", "bind.unknown-snapshot"), ("diff onprem cloud", "bind.unknown-snapshot")] {
            var got: [Diagnostic] = []
            session.run(SourceText(name: "t", text: text)) { if case .diagnostic(let d) = $0 { got.append(d) } }
            #expect(got.map(\.id) == [id], "\(text)")
            #expect(got.first?.range == 0..<text.utf8.count, "\(text)")
        }
    }

    /// The match cache lives in the caches the context carries, and a load empties it.
    @Test func aLoadEmptiesTheCaches() throws {
        let session = Session()
        for s in try Self.contoso().prefix(2) { session.add(s) }
        let before = try session.query("identities count")
        session.add(try SnapshotLoader.load(path: Paths.examples.appendingPathComponent("contoso/onprem-before.ldif").path, name: "onprem"))
        let after = try session.query("identities count")
        #expect(before != after)
    }
}
