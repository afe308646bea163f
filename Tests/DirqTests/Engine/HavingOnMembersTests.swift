import Foundation
import Testing
@testable import Dirq
import DirqGenerator

/// A `having` over the members' values (`count(distinct(identity)) > 1`) runs on each group's
/// member indexes before any group is built. The same condition made to read the `members`
/// column (`and count(members) >= 0`, always true) runs on built groups, as every `having` did
/// before: both must keep the same groups, with the same rows in the same order.
@Suite struct HavingOnMembersTests {
    static let tenant: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-having-members-\(UUID().uuidString)")
        let t = try! TenantGenerator(users: 1500, seed: 5, conflictRate: 0.02).write(to: dir)
        return dir.appendingPathComponent(t.files.cloudJSON)
    }()

    static func session() throws -> Session {
        let s = Session()
        try s.load(path: tenant.deletingLastPathComponent().appendingPathComponent("onprem.ldif").path, name: "onprem")
        try s.load(path: tenant.path, name: "cloud")
        return s
    }

    @Test(arguments: [
        "identities expand upn as v group by v having count(distinct(identity)) > 1",
        "identities expand smtp as v group by v having count(distinct(identity)) = 2",
        "identities expand smtp as v group by v having count(distinct(identity)) > 1 and v contains \"a\"",
        "identities expand smtp as v group by v having join(list(snapshot), \",\") = \"onprem,cloud\"",
        "identities expand smtp as v group by domain(v) having count(distinct(v)) > 3",
        "identities group by kind, side having count(distinct(upn)) > 10",
        "identities expand upn as v group by v having count(distinct(anchor)) >= 2 or count(distinct(lower(snapshot))) < 2",
        "onprem.users group by department having count(distinct(sn)) > 1 and max(whenCreated) > \"2010-01-01\" and count > 3",
    ])
    func keepsWhatBuiltGroupsKeep(_ query: String) throws {
        let s = try Self.session()
        let source = SourceText(name: "t", text: query)
        guard case .query(let q)? = Session.parse(source).0.first?.kind else {
            Issue.record("not a query: \(query)")
            return
        }
        #expect(try s.binder(source).plan(q).description.contains("having (on the members' values, before groups are built)"))
        let onIndexes = try s.query(query)
        let built = try s.query(query + " and count(members) >= 0")
        #expect(onIndexes == built)
        #expect(!onIndexes.rows.isEmpty)
    }
}
