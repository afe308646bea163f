import Foundation
import Testing
@testable import Dirq
import DirqGenerator

/// On a tenant the checks have never seen — thousands of generated users with conflicts planted
/// near 1 % — every check's findings are exactly the planted cases, from LDIF and from CSV alike,
/// and each kind of invalid soft match is exactly the planted ones of that kind.
@Suite struct GeneratedTenantCheckTests {
    static let tenant: (GeneratedTenant, URL) = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-checks-\(getpid())")
        let t = try! TenantGenerator(users: 4000, seed: 7, conflictRate: 0.01).write(to: dir)
        return (t, dir)
    }()

    static func session(onPrem file: String) throws -> Session {
        let (t, dir) = tenant
        let s = Session()
        try s.load(path: dir.appendingPathComponent(file).path, name: "onprem")
        try s.load(path: dir.appendingPathComponent(t.files.cloudJSON).path, name: "cloud")
        return s
    }

    static func findings(onPrem file: String) throws -> [String: Set<String>] {
        let s = try session(onPrem: file)
        var out: [String: Set<String>] = [:]
        for c in Checks.all where c.needs != .engine {
            for r in try s.findings(of: c).findings { out[c.name, default: []].insert(r.object) }
        }
        return out
    }

    @Test(arguments: ["onprem.ldif", "onprem.csv"])
    func everyCheckFindsExactlyThePlantedCases(file: String) throws {
        let (t, _) = Self.tenant
        let found = try Self.findings(onPrem: file)
        #expect(!t.duplicateUPNs.isEmpty && !t.duplicateSMTP.isEmpty && !t.takeovers.isEmpty && !t.orphanedCloud.isEmpty
                && !t.invalidSoftMatches.isEmpty)
        #expect(found["duplicate-upn"] ?? [] == Set(t.duplicateUPNs.values.joined()), "duplicate-upn from \(file)")
        #expect(found["duplicate-proxy"] ?? [] == Set(t.duplicateSMTP.values.joined()), "duplicate-proxy from \(file)")
        #expect(found["soft-match-takeover"] ?? [] == Set(t.takeovers.flatMap { [$0.onPremDN, $0.cloudID] }), "takeover from \(file)")
        #expect(found["orphaned-cloud-object"] ?? [] == Set(t.orphanedCloud), "orphaned from \(file)")
        #expect(found["quarantined-value"] ?? [] == Set(t.quarantined.flatMap { [$0.onPremDN, $0.cloudID] }), "quarantined from \(file)")
        // Every kind of invalid soft match, and its cloud candidates — none of which is also a
        // duplicate above (the duplicates are exactly the planted on-prem ones).
        #expect(found["invalid-soft-match"] ?? [] == Set(t.invalidSoftMatches.flatMap { [$0.onPremDN] + $0.cloudIDs }),
                "invalid-soft-match from \(file)")
        for none in ["object-type-mismatch", "invalid-upn", "invalid-proxy", "large-attribute"] {
            #expect(found[none] ?? [] == [], "\(none) from \(file): nothing planted, nothing found")
        }
    }

    /// Each kind of invalid soft match the matcher finds is exactly the planted ones of that kind —
    /// the user, the attribute and value that matched, the candidates in order, and whose anchor
    /// the candidate carries — and the finding's explanation names them.
    @Test(arguments: SyncMatch.SoftMatchFailure.allCases, ["onprem.ldif", "onprem.csv"])
    func invalidSoftMatchesOfEachKindAreExactlyThePlantedOnes(kind: SyncMatch.SoftMatchFailure, file: String) throws {
        let (t, _) = Self.tenant
        let s = try Self.session(onPrem: file)
        let onPrem = try #require(s.snapshot(named: "onprem")), cloud = try #require(s.snapshot(named: "cloud"))
        var found: [GeneratedTenant.InvalidSoftMatch] = []
        for (i, r) in s.syncMatch(onPrem: onPrem, cloud: cloud).onPremResults.enumerated() where r.failure == kind {
            found.append(.init(kind: kind, onPremDN: onPrem.identity(of: onPrem.objects[i]),
                               attribute: r.how == "soft-upn" ? "userPrincipalName" : "proxyAddresses",
                               value: r.value.text.lowercased(),
                               cloudIDs: r.candidates.map { cloud.identity(of: cloud.objects[$0]) },
                               anchorOwnerDN: r.anchorOwner.map { onPrem.identity(of: onPrem.objects[$0]) }))
        }
        let planted = t.invalidSoftMatches.filter { $0.kind == kind }
        #expect(planted.count == 8, "4000 users plant 0.2 % of each kind")
        #expect(found == planted)

        let rows = try s.findings(of: Checks.invalidSoftMatch).findings
        for p in planted {
            let row = try #require(rows.first { $0.object == p.onPremDN })
            #expect(row.attribute == p.attribute && row.value.text == p.value)
            for id in p.cloudIDs { #expect(row.detail.contains(id), "\(row.detail)") }
            if let owner = p.anchorOwnerDN { #expect(row.detail.contains("already carries the anchor of \(owner)"), "\(row.detail)") }
        }
    }

    @Test func ldifAndCSVGiveTheSameFindings() throws {
        #expect(try Self.findings(onPrem: "onprem.ldif") == Self.findings(onPrem: "onprem.csv"))
    }
}
