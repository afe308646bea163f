import Foundation
import Testing
@testable import Dirq
import DirqGenerator

/// `match` and `identities` give rows without values: their columns are computed from the row's
/// index when an expression reads them (`ComputedColumn`). These hold that design and what every
/// operator must keep of it: names, shadowing, `distinct`, subqueries, joins and results.
@Suite struct ComputedColumnTests {
    static func session() throws -> Session {
        let session = Session()
        for f in ["onprem.ldif", "cloud.json"] {
            session.add(try SnapshotLoader.load(path: Paths.examples.appendingPathComponent("contoso/\(f)").path))
        }
        return session
    }

    /// The sources hold one `Row` per object and no value in it; the names are the columns.
    @Test func sourceRowsHoldNoValues() throws {
        let session = try Self.session()
        let context = SourceContext(snapshots: session.snapshots, currentName: session.currentName, caches: SourceCaches())
        let identities = try IdentitiesSource.relation(context)
        #expect(identities.shape.columnNames == IdentitiesSource.fields)
        #expect(identities.rows.count > 50)
        #expect(identities.rows.allSatisfy { $0.values.isEmpty && $0.object >= 0 })
        for (text, fields) in [("match onprem to cloud", MatchSource.onPremFields), ("match cloud to onprem", MatchSource.cloudFields)] {
            guard case .query(let q)? = Session.parse(SourceText(name: "t", text: text)).statements.first?.kind,
                  let spec = q.source.match else {
                Issue.record("\(text) does not parse")
                continue
            }
            let match = try MatchSource.relation(spec, context)
            #expect(match.shape.columnNames == fields)
            #expect(match.rows.allSatisfy { $0.values.isEmpty })
            #expect(match.rowsAreObjects)
        }
    }

    /// A result shows computed columns where the source's fields stood: after the object's own
    /// columns and before what later clauses add.
    @Test func resultsShowTheColumnsFirst() throws {
        let session = try Self.session()
        let t = try session.query("match onprem to cloud where outcome = \"synced\" | take 1 | expand candidates as c")
        #expect(Array(t.columns.suffix(MatchSource.onPremFields.count + 1)) == MatchSource.onPremFields + ["c"])
        let ids = try session.query("identities take 2")
        #expect(ids.columns == IdentitiesSource.fields)
        #expect(ids.rows.allSatisfy { $0.count == IdentitiesSource.fields.count && $0[0] != .null })
    }

    /// A column a clause adds hides a computed one of the same name.
    @Test func anAddedColumnHidesAComputedOne() throws {
        let session = try Self.session()
        let hows = Set(try session.query("match onprem to cloud select how | distinct").rows.map { $0[0].text })
        let shadowed = Set(try session.query("match onprem to cloud expand how as outcome | select outcome | distinct").rows.map { $0[0].text })
        #expect(!hows.isEmpty)
        #expect(shadowed == hows)
    }

    /// `distinct` over whole rows of computed columns compares their values, not their (empty)
    /// stored values: every identity row differs from the others, so all stay.
    @Test func distinctComparesComputedValues() throws {
        let session = try Self.session()
        let all = session.lines("identities count")
        #expect(session.lines("identities distinct | count") == all)
        let kinds = try session.query("identities select kind | distinct").rows.count
        #expect(kinds >= 2)
        // Rows that differ only in columns `select` dropped collapse.
        #expect(session.lines("identities where side = \"onprem\" | select side | distinct | count") == ["1"])
    }

    /// Whole-row `distinct` over rows of computed columns alone: rows whose values are equal
    /// (case aside, as the directory compares) collapse although their indexes differ.
    @Test func distinctCollapsesEqualComputedRows() throws {
        let session = try Self.session()
        let source = SourceText(name: "t", text: "identities distinct")
        guard case .query(let q)? = Session.parse(source).statements.first?.kind else {
            Issue.record("does not parse")
            return
        }
        let words: [Value] = [.string("Same"), .string("same"), .string("other")]
        let shape = Shape(snapshot: nil, kinds: nil, fields: [], hasObject: false,
                          columns: [ComputedColumn("a") { words[$0] }])
        let rel = Relation(shape: shape, rows: (0..<3).map { Row(object: $0, values: []) })
        let out = try session.executor(source).run(session.binder(source).plan(q.clauses, on: rel))
        #expect(out.rows.map(\.object) == [0, 2])
    }

    /// `x in (source)` needs one column; a source of computed columns names its columns.
    @Test func aSubqueryOfComputedColumnsNamesThem() throws {
        let session = try Self.session()
        let lines = session.lines("users where upn in (identities where side = \"cloud\")")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("it yields 10 columns (identity, side, snapshot") == true, "\(lines)")
        // Narrowed to one column it runs.
        let n = try session.query("users where lower(upn) in (identities where side = \"cloud\" | select upn = lower(upn)) | count")
        #expect((n.rows.first?.first?.text).flatMap { Int($0) }.map { $0 > 0 } == true)
    }

    /// A joined row of a computed source carries its columns (`m.outcome`), and a group of its rows
    /// names its members by their `identity` column.
    @Test func joinsAndGroupsReadComputedColumns() throws {
        let session = try Self.session()
        let joined = try session.query("""
            match cloud to onprem where exists candidate_of
            | join match onprem to cloud as m on object = m.candidates
            | select object, outcome = m.outcome, how = m.how
            """)
        #expect(!joined.rows.isEmpty)
        #expect(joined.rows.allSatisfy { $0[1] != .null && $0[2] != .null })
        let groups = try session.query("identities group by kind | select kind, count, n = count(members)")
        #expect(!groups.rows.isEmpty)
        #expect(groups.rows.allSatisfy { r in r[1] == r[2] || Int(r[2].text)! <= Int(r[1].text)! })
        #expect(groups.rows.contains { Int($0[2].text)! > 1 })
    }

    /// Both sides with addresses that are not quite addresses: repeats in other case and in NFD,
    /// empty ones, a prefix in mixed case, a UPN shared across the sides in other case.
    static let oddTenant: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-computed-keys-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var ldif = ""
        let onPrem: [(String, String, [String])] = [
            ("A", "Jane@Contoso.com", ["SMTP:Jane@Contoso.com", "smtp:JANE@contoso.com", "smtp:jd@contoso.com"]),
            ("B", "jane@contoso.COM", ["SMTP:Rene\u{301}e@contoso.com", "smtp:", "SMTP:"]),
            ("C", "", ["Smtp:Mixed@Contoso.com", "x500:/o=x", "smtp:JD@Contoso.com"]),
        ]
        for (n, upn, proxies) in onPrem {
            ldif += "dn: CN=\(n),DC=x\nobjectClass: user\nobjectGUID:: \(Data(repeating: UInt8(n.utf8.first!), count: 16).base64EncodedString())\n"
            if !upn.isEmpty { ldif += "userPrincipalName: \(upn)\n" }
            for p in proxies { ldif += "proxyAddresses: \(p)\n" }
            ldif += "\n"
        }
        let cloud: [[String: Any]] = [
            ["id": "00000000-0000-0000-0000-000000000001", "userPrincipalName": "RENÉE@contoso.com",
             "proxyAddresses": ["SMTP:renée@Contoso.com", "smtp:mixed@contoso.com"]],
            ["id": "00000000-0000-0000-0000-000000000002", "userPrincipalName": "JANE@contoso.com", "proxyAddresses": [String]()],
        ]
        let json = try! JSONSerialization.data(withJSONObject: ["value": cloud])
        try! ldif.write(to: dir.appendingPathComponent("onprem.ldif"), atomically: true, encoding: .utf8)
        try! json.write(to: dir.appendingPathComponent("cloud.json"))
        return dir
    }()

    static func sessions() throws -> [(String, Session)] {
        let generated = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-computed-gen-\(UUID().uuidString)")
        let tenant = try TenantGenerator(users: 1500, seed: 5).write(to: generated)
        var out: [(String, Session)] = [("contoso", try Self.session())]
        for (label, files) in [("generated", [tenant.onPremCSV, tenant.cloudJSON]),
                               ("odd", [oddTenant.appendingPathComponent("onprem.ldif"), oddTenant.appendingPathComponent("cloud.json")])] {
            let s = Session()
            try s.load(path: files[0].path, name: "onprem")
            try s.load(path: files[1].path, name: "cloud")
            out.append((label, s))
        }
        return out
    }

    /// `expand upn|smtp as value group by value` over `identities` keys each element from the
    /// snapshot's bytes (`ComputedColumn.elementKeys`); a clause between them makes every value
    /// instead. Both give the same groups, members, notes and findings.
    @Test(arguments: ["upn", "smtp"])
    func keyedElementsGroupAsTheirValues(_ column: String) throws {
        for (label, s) in try Self.sessions() {
            for tail in ["having count(distinct(identity)) > 1 | ungroup | distinct identity, value | select identity, object, value, members",
                         "select value, count, members", "having count > 1 | select value, count"] {
                let q = "identities expand \(column) as value | group by value \(tail)"
                let expected = s.lines(q.replacingOccurrences(of: " | group by", with: " | take 100000000 | group by"))
                #expect(!expected.isEmpty && !expected.contains { $0.hasPrefix("error") }, "\(label): \(q)")
                #expect(s.lines(q) == expected, "\(label): \(q)")
            }
            // `count(distinct(identity))` makes one value per owner (`ComputedColumn.rowKey`);
            // through `lower` every member's value is made and compared.
            let q = "identities expand \(column) as value | group by value having count(distinct(identity)) > 1 | select value, count"
            let everyValue = s.lines(q.replacingOccurrences(of: "distinct(identity)", with: "distinct(lower(identity))"))
            #expect(s.lines(q) == everyValue, "\(label): \(q)")
            if label != "contoso" { #expect(!everyValue.isEmpty, "\(label): \(q)") }
        }
    }
}
