import Foundation
import Testing
@testable import Dirq
import DirqGenerator

/// Loading only the attributes a script reads must not change any answer: every script below
/// runs twice on the same generated tenant — files loaded whole, and loaded with the script's
/// projection — and the results (and notes) must be identical.
@Suite struct ProjectionTests {
    /// A 1500-user tenant written once for the suite.
    static let tenant: Result<GeneratedTenant, any Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-projection-\(UUID().uuidString)")
        return try TenantGenerator(users: 1500, seed: 7).write(to: dir)
    }

    /// Runs `script` after loading the tenant's LDIF (or CSV) and JSON; returns every event
    /// but the load lines, as text.
    static func run(_ script: String, csv: Bool, projected: Bool) throws -> [String] {
        let t = try tenant.get()
        let onprem = csv ? t.onPremCSV.path : t.onPremLDIF.path
        let text = "load \"\(onprem)\" as onprem\nload \"\(t.cloudJSON.path)\" as cloud\nuse onprem\n" + script
        let session = Session()
        if projected {
            let parsed = Session.parse(SourceText(name: "t", text: text))
            session.projection = Projection.of(parsed.statements)
            #expect(session.projection != nil, "expected a projection for: \(script)")
        }
        var out: [String] = []
        _ = session.run(SourceText(name: "t", text: text), baseDirectory: nil) { event in
            switch event {
            case .result(let table):
                out.append(table.columns.joined(separator: ","))
                for row in table.rows { out.append(row.map(\.text).joined(separator: ",")) }
            case .loaded: break
            case .info(let s), .report(let s): out.append(s)
            case .document(let d): out.append(d.text)
            case .diagnostic(let d): out.append(d.message)
            }
        }
        return out
    }

    static let scripts = [
        "users group by upn having count > 1",
        "objects expand proxyAddresses as p where p.type = \"smtp\" group by p.address having count > 1",
        "onprem.users join anti cloud.users as c on anchor = c.onPremisesImmutableId",
        "cloud.users join anti onprem.users as o on onPremisesImmutableId = o.anchor",
        "users where upn ends with \".local\" or department = \"Sales\" sort by upn take 20",
        "users where sam starts with \"a\" select sam, upn, name sort by sam take 50",
        "let dupes = users group by upn having count > 1\ndupes ungroup sort by object take 30",
        "groups count",
        "objects group by kind",
        "cloud.users where onPremisesSyncEnabled = true count",
        "cloud.users where mail ends with \".onmicrosoft.com\" select upn, mail sort by upn",
    ]

    @Test(arguments: scripts, [false, true])
    func sameAnswers(script: String, csv: Bool) throws {
        let whole = try Self.run(script, csv: csv, projected: false)
        let projected = try Self.run(script, csv: csv, projected: true)
        #expect(whole.count > 1)
        #expect(projected == whole)
    }

    /// Statements that look at whole objects get no projection.
    @Test(arguments: [
        "check all", "describe users", "explain \"x\"", "lesson", "health",
        "match onprem to cloud", "diff onprem onprem", "identities count",
        "users join cloud.users as c on upn = c.userPrincipalName",
        "users join left cloud.users as c on upn = c.userPrincipalName",
    ])
    func wholeObjects(script: String) {
        let parsed = Session.parse(SourceText(name: "t", text: script))
        #expect(parsed.diagnostics.isEmpty)
        #expect(Projection.of(parsed.statements) == nil)
    }

    @Test func keepsWhatTheScriptNames() throws {
        let parsed = Session.parse(SourceText(name: "t", text: "users where Department = \"x\" group by upn"))
        let p = try #require(Projection.of(parsed.statements))
        #expect(p.wants("department"))
        #expect(p.wants("USERPRINCIPALNAME"))  // `upn` is an alias
        #expect(p.wants("objectClass"))  // decides the kind
        #expect(!p.wants("telephoneNumber"))
        #expect(!p.wants("givenName"))
        let anchor = Session.parse(SourceText(name: "t", text: "users select anchor"))
        #expect(try #require(Projection.of(anchor.statements)).wants("mS-DS-ConsistencyGuid"))
    }

    /// An object's identity must not change under a projection: every attribute that can name
    /// it, on any side, and every kind hint is kept by the emptiest projection.
    @Test func identityAndKindAreAlwaysKept() {
        let p = Projection(names: [])
        for side in [Side.onPrem, .cloud, .engine, .unknown] {
            for name in Snapshot.identityAttributes(side) { #expect(p.wants(name), "\(side): \(name)") }
        }
        #expect(p.wants("mail"))  // a cloud object with neither id nor UPN is named by its mail
        for name in SnapshotBuilder.kindHintNames { #expect(p.wants(name)) }
    }

    @Test func projectedLoadSaysSo() throws {
        let t = try Self.tenant.get()
        let p = Projection(names: ["userPrincipalName"])
        let snap = try SnapshotLoader.load(path: t.onPremLDIF.path, projection: p)
        let whole = try SnapshotLoader.load(path: t.onPremLDIF.path)
        #expect(snap.objects.count == whole.objects.count)
        #expect(snap.countsByKind == whole.countsByKind)
        #expect(snap.side == whole.side)
        #expect(snap.schema.attributes.count == whole.schema.attributes.count)  // names still known
        let tel = try #require(snap.schema.id(of: "proxyAddresses"))
        #expect(snap.objects.allSatisfy { $0.value(tel) == nil })
        #expect(Session.describeLoad(snap).contains("attributes (those the script uses"))
    }
}

/// Grouping by an attribute reads its key column (computed once per snapshot) and filters on
/// the counts before collecting rows; grouping by an expression goes row by row. Both must give
/// the same groups. `lower(x)` forces the row-by-row path without changing the key.
@Suite struct KeyColumnGroupTests {
    @Test(arguments: [
        ("users group by upn having count > 1", "users group by lower(upn) having count > 1"),
        ("objects group by mail having count >= 2 sort by count desc", "objects group by lower(mail) having count >= 2 sort by count desc"),
        ("users group by department", "users group by lower(department)"),
        ("users group by department having count > 120 and count != 122", "users group by lower(department) having count > 120 and count != 122"),
        // `expand … where … group by` runs fused; `take` between them runs it clause by clause.
        ("objects expand proxyAddresses as p where p.type = \"smtp\" group by p.address having count > 1",
         "objects expand proxyAddresses as p take 100000000 where p.type = \"smtp\" group by lower(p.address) having count > 1"),
        ("objects expand proxyAddresses as p where p.primary where kind = \"user\" group by p.address, kind",
         "objects expand proxyAddresses as p take 100000000 where p.primary where kind = \"user\" group by lower(p.address), kind"),
        ("objects expand objectClass group by objectClass having count >= 2 sort by count desc",
         "objects expand objectClass take 100000000 group by lower(objectClass) having count >= 2 sort by count desc"),
        ("users where upn ends with \"contoso.com\" group by displayName having count > 1 take 5",
         "users where upn ends with \"contoso.com\" group by lower(displayName) having count > 1 take 5"),
    ])
    func sameGroups(byColumn: String, byRow: String) throws {
        let a = try ProjectionTests.run(byColumn, csv: false, projected: false)
        let b = try ProjectionTests.run(byRow, csv: false, projected: false)
        // The first two lines are `use`'s note and the header, which names the expression.
        #expect(a.count > 2)
        // Keys print as written by `group by x` and folded by `group by lower(x)`: same groups.
        #expect(Array(a.dropFirst(2)).map { $0.lowercased() } == Array(b.dropFirst(2)).map { $0.lowercased() })
    }
}

/// From the command line: a script gets a projection, `--all-attributes` and `--strict` do not,
/// so a warning in a column the script never reads is seen exactly when every value is checked.
@Suite struct ProjectionCommandLineTests {
    @Test func strictAndAllAttributesCheckEveryValue() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-proj-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("u.csv")
        // `proxyAddresses` holds a .NET type name: a warning, in a column `users count` never reads.
        try "userPrincipalName,objectClass,proxyAddresses\na@x.com,user,Microsoft.ActiveDirectory.Management.ADPropertyValueCollection\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        let dirq = Paths.product("dirq")
        let script = ["-e", "load \"\(csv.path)\"", "-e", "users count"]
        let projected = try Paths.run(dirq, ["--no-color"] + script)
        #expect(projected.status == 0)
        #expect(projected.err.contains("read 2 of 3 attributes"))
        #expect(!projected.err.contains("warning"))
        let all = try Paths.run(dirq, ["--no-color", "--all-attributes"] + script)
        #expect(all.status == 0)
        #expect(all.err.contains("warning"))
        #expect(!all.err.contains("attributes (those the script uses"))
        let strict = try Paths.run(dirq, ["--no-color", "--strict"] + script)
        #expect(strict.status == 65)
        #expect(strict.err.contains("warning"))
    }
}
