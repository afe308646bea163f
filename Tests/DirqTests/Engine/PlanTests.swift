import Testing
@testable import Dirq

/// The plan the binder makes for a query: which operators, and which strategy each took (a group
/// on the snapshot's key column, `having` on the counts, `expand … group by` fused). A plan that
/// lost a strategy gives the same answers, slower; these pin the plan itself.
@Suite struct PlanTests {
    static func plan(_ text: String) throws -> String {
        let session = TestTenant.session()
        let source = SourceText(name: "t", text: text)
        guard case .query(let q)? = Session.parse(source).0.first?.kind else {
            Issue.record("not a query: \(text)")
            return ""
        }
        return try session.binder(source).plan(q).description
    }

    @Test(arguments: [
        ("users group by upn having count > 1", """
        source objects of onprem (user)
        group by upn: hash group on the snapshot's key column, having (on the counts, before groups are built)
        """),
        ("users group by lower(upn) having count(members) > 1", """
        source objects of onprem (user)
        group by lower(upn): hash group on evaluated keys, having (after members are filled)
        """),
        ("objects expand proxyAddresses as p where p.type = \"smtp\" group by p.address having count > 1 sort by count desc take 3", """
        source objects of onprem
        expand as p, filter, group by p.address: hash group on evaluated keys, having (on the counts, before groups are built) (fused: only kept groups' rows are built)
        sort by 1 key (desc)
        take 3
        """),
        ("identities group by upn having count > 1 and count(distinct(identity)) > 1", """
        source columns identity, side, snapshot, object, kind, twin, upn, smtp, mail, anchor
        group by upn: hash group on evaluated keys, groups pruned on the counts first, then having (on the members' values, before groups are built)
        """),
        ("identities expand smtp as v group by v having count(distinct(identity)) > 1", """
        source columns identity, side, snapshot, object, kind, twin, upn, smtp, mail, anchor
        expand as v, group by v: hash group on the column's element keys, having (on the members' values, before groups are built) (fused: only kept groups' rows are built)
        """),
        ("users expand proxyAddresses as p select p", """
        source objects of onprem (user)
        expand as p
        project p
        """),
        ("objects expand proxyAddresses as p where p.type = \"smtp\" where p.address ends with \".com\" sort by p", """
        source objects of onprem
        expand as p, filter (fused: only rows that pass are built)
        sort by 1 key
        """),
        ("users where upn in (users group by upn having count > 1 select upn) distinct department count", """
        source objects of onprem (user)
        filter
        distinct on 1 key
        count
        subquery 0:
          source objects of onprem (user)
          group by upn: hash group on the snapshot's key column, having (on the counts, before groups are built)
          project upn
        """),
        ("users join anti onprem.users as o on upn = o.upn", """
        source objects of onprem (user)
        join anti onprem.users as o: hash join on the snapshots' key columns when both are single-valued of one kind, else an equality index
        """),
        // A `where` on the joined row alone runs before the join; one on a name the joined source
        // lacks (`mail`), one that reads the left row and a left join's stay after it.
        ("users join onprem.users as o on department = o.department where o.upn ends with \".com\" where exists o.mail where upn = o.upn", """
        source objects of onprem (user)
        join inner onprem.users as o: hash join on the snapshots' key columns when both are single-valued of one kind, else an equality index, the where on o run on onprem.users first
        filter
        filter
        """),
        ("users join left onprem.users as o on department = o.department where o.upn ends with \".com\"", """
        source objects of onprem (user)
        join left onprem.users as o: hash join on the snapshots' key columns when both are single-valued of one kind, else an equality index
        filter
        """),
        ("users group by upn having count > 1 count", """
        source objects of onprem (user)
        group by upn: hash group on the snapshot's key column, having (on the counts, before groups are built), groups counted, not built
        count
        """),
        ("objects expand proxyAddresses as p where p.type = \"smtp\" group by p.address count", """
        source objects of onprem
        expand as p, filter, group by p.address: hash group on evaluated keys, groups counted, not built (fused: only kept groups' rows are built)
        count
        """),
        ("users group by department ungroup distinct", """
        source objects of onprem (user)
        group by department: hash group on the snapshot's key column
        ungroup
        distinct rows
        """),
    ])
    func planOf(_ query: String, _ expected: String) throws {
        let plan = try Self.plan(query)
        #expect(plan == expected, "\n\(plan)")
    }

    /// A group that only `count` reads is counted without building its groups: the count is the
    /// number of rows the query without `count` gives, with the same notes; a `having` that reads
    /// keys or members still builds them.
    @Test(arguments: [
        "users group by upn",
        "users group by upn having count > 1",
        "users group by department having count >= 2",
        "objects group by department",
        "objects expand proxyAddresses as p where p.type = \"smtp\" group by p.address",
        "objects expand proxyAddresses as p where p.type = \"smtp\" group by p.address having count > 1",
        "users group by upn having count > 1 and upn contains \"a\"",
        "users group by department having count(members) > 1",
        "users group by domain(upn), department having count = 1",
    ])
    func countedGroupsEqualBuiltGroups(_ query: String) throws {
        let session = TestTenant.session()
        let built = try session.query(query), counted = try session.query(query + " count")
        #expect(!built.rows.isEmpty, "\(query)")
        #expect(counted.rows == [[.int(Int64(built.rows.count))]], "\(query)")
        #expect(session.lines(query + " count").filter { $0.hasPrefix("note:") }
                == session.lines(query).filter { $0.hasPrefix("note:") }, "\(query)")
    }

    /// Pruning on a `having`'s count-only part never changes which groups are kept: the same
    /// groups as the condition without it, where that part follows from the rest.
    @Test(arguments: [
        ("identities expand upn as v group by v having count > 1 and count(distinct(identity)) > 1", "identities expand upn as v group by v having count(distinct(identity)) > 1"),
        ("identities expand smtp as v group by v having count >= 2 and count(distinct(identity)) >= 2", "identities expand smtp as v group by v having count(distinct(identity)) >= 2"),
        ("identities group by domain(upn) having count > 1 and count(distinct(identity)) > 1", "identities group by domain(upn) having count(distinct(identity)) > 1"),
    ])
    func countPartPrunesWithoutChangingTheAnswer(_ pruned: String, _ plain: String) throws {
        let session = TestTenant.session()
        let a = try session.query(pruned), b = try session.query(plain)
        #expect(a == b)
        #expect(!a.rows.isEmpty)
    }
}
