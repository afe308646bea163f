import Foundation
import Testing
@testable import Dirq

/// On a tenant the checks have never seen — thousands of generated users with conflicts planted
/// near 1 % — every check's findings are exactly the planted cases, from LDIF and from CSV alike.
@Suite struct GeneratedTenantCheckTests {
    static let tenant: (GeneratedTenant, URL) = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-checks-\(getpid())")
        let t = try! TenantGenerator(users: 4000, seed: 7, conflictRate: 0.01).write(to: dir)
        return (t, dir)
    }()

    static func findings(onPrem file: String) throws -> [String: Set<String>] {
        let (t, dir) = tenant
        let s = Session()
        try s.load(path: dir.appendingPathComponent(file).path, name: "onprem")
        try s.load(path: dir.appendingPathComponent(t.files.cloudJSON).path, name: "cloud")
        var out: [String: Set<String>] = [:]
        for c in Checks.all where c.needs != .engine {
            for r in try s.findings(of: c).rows { out[c.name, default: []].insert(r[3].text) }
        }
        return out
    }

    @Test(arguments: ["onprem.ldif", "onprem.csv"])
    func everyCheckFindsExactlyThePlantedCases(file: String) throws {
        let (t, _) = Self.tenant
        let found = try Self.findings(onPrem: file)
        #expect(!t.duplicateUPNs.isEmpty && !t.duplicateSMTP.isEmpty && !t.takeovers.isEmpty && !t.orphanedCloud.isEmpty)
        #expect(found["duplicate-upn"] ?? [] == Set(t.duplicateUPNs.values.joined()), "duplicate-upn from \(file)")
        #expect(found["duplicate-proxy"] ?? [] == Set(t.duplicateSMTP.values.joined()), "duplicate-proxy from \(file)")
        #expect(found["soft-match-takeover"] ?? [] == Set(t.takeovers.flatMap { [$0.onPremDN, $0.cloudID] }), "takeover from \(file)")
        #expect(found["orphaned-cloud-object"] ?? [] == Set(t.orphanedCloud), "orphaned from \(file)")
        #expect(found["quarantined-value"] ?? [] == Set(t.quarantined.flatMap { [$0.onPremDN, $0.cloudID] }), "quarantined from \(file)")
        for none in ["object-type-mismatch", "invalid-soft-match", "invalid-upn", "invalid-proxy", "large-attribute"] {
            #expect(found[none] ?? [] == [], "\(none) from \(file): nothing planted, nothing found")
        }
    }

    @Test func ldifAndCSVGiveTheSameFindings() throws {
        #expect(try Self.findings(onPrem: "onprem.ldif") == Self.findings(onPrem: "onprem.csv"))
    }
}
