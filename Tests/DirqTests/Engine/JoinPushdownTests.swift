import Foundation
import Testing
@testable import Dirq
import DirqGenerator

/// A `where` right after an inner join that reads only the joined row runs on the joined source
/// before the join (`Join.rightFilters`). Each query must give the rows, in order, and the notes
/// that the same query gives with the `where` after the join (a `take` in between keeps it there).
@Suite struct JoinPushdownTests {
    static let tenant: Result<GeneratedTenant, any Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-pushdown-\(UUID().uuidString)")
        return try TenantGenerator(users: 600, seed: 3).write(to: dir)
    }

    static func session() throws -> Session {
        let t = try tenant.get()
        let s = Session()
        _ = try s.load(path: t.onPremLDIF.path, name: "onprem")
        _ = try s.load(path: t.cloudJSON.path, name: "cloud")
        return s
    }

    static let queries: [String] = [
        "match cloud to onprem where exists candidate_of | join match onprem to cloud as m on object = m.candidates | where m.outcome = \"invalid-soft-match\" | select object, m.object, m.how",
        "match onprem to cloud where exists twin | join cloud.objects as c on twin = c.object | where exists c.onPremisesProvisioningErrors | select object, twin",
        "onprem.users join cloud.users as c on anchor = c.onPremisesImmutableId | where c.displayName starts with \"A\" and not (c.userPrincipalName ends with \".local\") | select upn, c.displayName",
        "onprem.users join cloud.users as c on mail = c.mail | where lower(c.displayName) contains \"an\" | where c.onPremisesSyncEnabled = true | count",
        "onprem.groups join cloud.groups as c on displayName = c.displayName | where c.securityEnabled = true or c.mailEnabled = true | select cn, c.displayName",
        // An error on the right rows that pair with nothing (the cloud-only users' names are not
        // dates) is not an error of the query: only rows that pair are asked.
        "onprem.users join cloud.users as c on anchor = c.onPremisesImmutableId | where not exists c.onPremisesImmutableId and c.displayName > now() | count",
        // A name the joined source lacks: empty on every joined row, so nothing passes.
        "onprem.users join cloud.users as c on anchor = c.onPremisesImmutableId | where c.noSuchAttribute = \"x\" | count",
    ]

    static func run(_ s: Session, _ q: String) -> [String] { s.lines(q) }

    /// The `where` of the error case does fail on the right rows alone.
    @Test func theErrorCaseFailsOnTheJoinedSourceAlone() throws {
        let out = try Self.session().lines("cloud.users where not exists onPremisesImmutableId and displayName > now() | count")
        #expect(out.contains { $0.hasPrefix("error: cannot compare a date") })
    }

    @Test(arguments: queries)
    func sameRowsAsAfterTheJoin(_ q: String) throws {
        let s = try Self.session()
        let after = q.replacingOccurrences(of: " | where", with: " | take 100000000 | where", options: [], range: q.range(of: " | where"))
        let expected = Self.run(s, after)
        #expect(!expected.isEmpty)
        #expect(!expected.contains { $0.hasPrefix("error") })
        #expect(Self.run(s, q) == expected)
    }
}
