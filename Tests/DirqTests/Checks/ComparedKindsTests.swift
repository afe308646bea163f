import Foundation
import Testing
@testable import Dirq

/// A check that pairs the sides compares only the kinds both loaded snapshots hold, and says
/// which it skipped (issue 12, item 4): a users-only `Get-ADUser` export against a full Graph
/// export must not call every synced cloud group and contact orphaned.
@Suite struct ComparedKindsTests {
    static func session(_ onPrem: String, _ cloud: String) throws -> Session {
        let s = Session()
        try s.load(path: Paths.examples.appendingPathComponent(onPrem).path, name: "onprem")
        try s.load(path: Paths.examples.appendingPathComponent(cloud).path, name: "cloud")
        return s
    }

    /// Kind of the object a finding row names, looked up in the row's snapshot.
    static func kinds(_ rows: [Finding], in s: Session) -> [ObjectKind] {
        rows.map { r in
            let snap = s.snapshot(named: r.snapshot)!
            return snap.objects.first { snap.identity(of: $0) == r.object }!.kind
        }
    }

    struct Case: CustomStringConvertible, Sendable {
        var onPrem: String
        var cloud: String
        /// The words of the note, or nil when both sides hold the same kinds.
        var note: String?
        var description: String { "\(onPrem) × \(cloud)" }
    }

    static let cases: [Case] = [
        Case(onPrem: "flavours/getaduser.csv", cloud: "contoso/cloud.json",
             note: "compared users only: onprem holds no groups or contacts (cloud has 9 groups, 6 contacts)"),
        Case(onPrem: "contoso/onprem.ldif", cloud: "flavours/graph-users.json",
             note: "compared users only: cloud holds no groups or contacts (onprem has 5 groups, 4 contacts)"),
        Case(onPrem: "flavours/getadgroup.csv", cloud: "contoso/cloud.json",
             note: "compared groups only: onprem holds no users or contacts (cloud has 31 users, 6 contacts)"),
        Case(onPrem: "contoso/onprem.ldif", cloud: "contoso/cloud.json", note: nil),
    ]

    @Test(arguments: cases)
    func pairingChecksCompareSharedKindsOnly(_ c: Case) throws {
        let s = try Self.session(c.onPrem, c.cloud)
        let onPremKinds = SyncMatch.kinds(of: s.snapshot(named: "onprem")!)
        let cloudKinds = SyncMatch.kinds(of: s.snapshot(named: "cloud")!)
        let shared = onPremKinds.intersection(cloudKinds)
        for check in Checks.all where check.pairsSides {
            let r = try s.report(of: check)
            #expect(r.skipped == nil)
            #expect(r.comparedKinds == c.note.map { $0 + "; objects of a kind one export left out are not-compared, not missing (export them to compare)" },
                    "\(check.name)")
            // The subject of every finding is of a kind both sides hold (a soft-match candidate
            // in the cloud may be of another kind: that is what object-type-mismatch reports).
            let subjects = Self.kinds(check.name == "object-type-mismatch" ? try s.report(of: check).findings.filter { $0.snapshot == "onprem" } : r.findings, in: s)
            #expect(subjects.allSatisfy(shared.contains), "\(check.name): \(subjects)")
        }
    }

    /// The numbers: against a users-only on-prem export, only users can be orphaned, and
    /// they are the same users as against the full on-prem export.
    @Test func orphanedAgainstUsersOnlyExport() throws {
        let full = try Self.session("contoso/onprem.ldif", "contoso/cloud.json")
        let usersOnly = try Self.session("flavours/getaduser.csv", "contoso/cloud.json")
        let a = try full.report(of: Checks.orphanedCloudObject).findings
        let b = try usersOnly.report(of: Checks.orphanedCloudObject).findings
        let fullUsers = zip(a, Self.kinds(a, in: full)).filter { $0.1 == .user }.map { $0.0.object }
        #expect(Set(b.map { $0.object }) == Set(fullUsers))
        #expect(Self.kinds(b, in: usersOnly).allSatisfy { $0 == .user })
        // The synced cloud groups and contacts are not-compared, with the reason.
        let m = usersOnly.syncMatch(onPrem: usersOnly.snapshot(named: "onprem")!, cloud: usersOnly.snapshot(named: "cloud")!)
        let notCompared = m.cloudResults.enumerated().filter { $0.element.outcome == "not-compared" }
        #expect(!notCompared.isEmpty)
        #expect(notCompared.allSatisfy { m.cloud.objects[$0.offset].kind != .user })
        #expect(notCompared.allSatisfy { $0.element.detail.contains("onprem holds no") })
        #expect(m.uncomparedKinds.map(\.kind) == [.group, .contact])
    }

    /// `check` prints one note for all the checks that left out the same kinds.
    @Test func oneNoteForTheChecks() throws {
        let s = try Self.session("flavours/getaduser.csv", "contoso/cloud.json")
        var infos: [String] = []
        s.run(SourceText(name: "t", text: "check all")) { e in if case .info(let t) = e { infos.append(t) } }
        let notes = infos.filter { $0.contains("compared users only") }
        #expect(notes == ["object-type-mismatch, invalid-soft-match, soft-match-takeover and orphaned-cloud-object compared users only: onprem holds no groups or contacts (cloud has 9 groups, 6 contacts); objects of a kind one export left out are not-compared, not missing (export them to compare)"])
    }
}

/// Two exports of one side (issue 12 item 7): every check compares the same pair, the latest of
/// each side, and `check … on A, B` chooses another; a note says which pair was compared.
@Suite struct CheckPairTests {
    /// The sample tenant with a second, later cloud export whose provisioning errors are gone.
    static func session() throws -> Session {
        let s = Session()
        try s.load(path: Paths.examples.appendingPathComponent("contoso/onprem.ldif").path)
        try s.load(path: Paths.examples.appendingPathComponent("contoso/cloud.json").path)
        let text = try String(contentsOf: Paths.examples.appendingPathComponent("contoso/cloud.json"), encoding: .utf8)
            .replacingOccurrences(of: "onPremisesProvisioningErrors", with: "retiredProvisioningErrors")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cloud2-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        try s.load(path: url.path, name: "cloud2")
        return s
    }

    static func run(_ s: Session, _ text: String) -> (rows: [[Value]], notes: [String], errors: [String]) {
        var rows: [[Value]] = [], notes: [String] = [], errors: [String] = []
        _ = s.run(SourceText(name: "t", text: text), baseDirectory: nil) { event in
            switch event {
            case .result(let t): rows += t.rows
            case .info(let n): notes.append(n)
            case .diagnostic(let d): errors.append(d.id)
            default: break
            }
        }
        return (rows, notes, errors)
    }

    @Test func everyCheckUsesTheLatestCloudExport() throws {
        let s = try Self.session()
        // quarantined-value reads `cloud.users`: the latest cloud export, not the snapshot named cloud.
        let latest = Self.run(s, "check quarantined-value")
        #expect(latest.rows.isEmpty)
        #expect(latest.notes.contains { $0.hasPrefix("compared on-prem onprem (onprem.ldif) with cloud cloud2 (") })
        let chosen = Self.run(s, "check quarantined-value on onprem, cloud")
        #expect(chosen.rows.count == 10)
        #expect(chosen.notes.contains("compared on-prem onprem (onprem.ldif) with cloud cloud (cloud.json)"))
    }

    @Test func theChoiceMustBeOneOfEachSide() throws {
        let s = try Self.session()
        #expect(Self.run(s, "check all on cloud, cloud2").errors == ["check.on"])
        #expect(Self.run(s, "check all on onprem, nosuch").errors.first?.hasPrefix("bind.") == true)
    }
}
