import Foundation
import Testing
@testable import Dirq

/// The Contoso tenant in the shapes other tools export it (`Examples/flavours`, written by
/// `make_flavours.py`): each file is read as its side and kinds, and every on-prem flavour meets
/// every cloud flavour with the same pairing and the same findings (issue 12, item 2).
@Suite struct ExportFlavourTests {
    static func load(_ file: String, as name: String? = nil) throws -> Snapshot {
        try SnapshotLoader.load(path: Paths.examples.appendingPathComponent(file).path, name: name)
    }

    // MARK: Side and kind of every flavour

    static let flavours: [(file: String, side: Side, counts: [ObjectKind: Int])] = [
        ("contoso/onprem.ldif", .onPrem, [.user: 35, .group: 5, .contact: 4]),
        ("contoso/onprem.csv", .onPrem, [.user: 35, .group: 5, .contact: 4]),
        ("flavours/getaduser.csv", .onPrem, [.user: 35]),
        ("flavours/getaduser.json", .onPrem, [.user: 35]),
        ("flavours/getaduser-select.csv", .onPrem, [.user: 35]),
        ("flavours/getadgroup.csv", .onPrem, [.group: 5]),
        ("contoso/cloud.json", .cloud, [.user: 31, .group: 9, .contact: 6]),
        ("flavours/graph-users.json", .cloud, [.user: 31]),
        ("flavours/msoluser.csv", .cloud, [.user: 31]),
        ("flavours/mguser.csv", .cloud, [.user: 31]),
        ("flavours/aadgraph-users.json", .cloud, [.user: 31]),
        ("flavours/azureaduser.json", .cloud, [.user: 31]),
        ("flavours/msolgroup.csv", .cloud, [.group: 9]),
        ("flavours/msolcontact.csv", .cloud, [.contact: 6]),
        ("flavours/azureadgroup.json", .cloud, [.group: 9]),
    ]

    @Test(arguments: flavours.map(\.file))
    func sideAndKinds(_ file: String) throws {
        let expected = Self.flavours.first { $0.file == file }!
        let s = try Self.load(file)
        #expect(s.side == expected.side)
        #expect(s.countsByKind == expected.counts)
        #expect(s.warnings.isEmpty, "\(s.warnings)")
    }

    /// Attribute names of every flavour resolve to the same sync attributes.
    @Test(arguments: ["flavours/getaduser.csv", "flavours/getaduser.json", "contoso/onprem.ldif"])
    func onPremSyncAttributes(_ file: String) throws {
        let s = try Self.load(file)
        let tycho = try #require(s.objects.first { s.upn(of: $0) == "tycho.brahe@contoso.com" })
        #expect(s.anchor(of: tycho)?.text == "1wfM9xV8fUSHbcAbDlqeOA==")
        #expect(s.sid(of: tycho) == "S-1-5-21-1004336348-1177238915-682003330-1104")
        #expect(s.primarySMTP(of: tycho) == "tycho.brahe@contoso.com")
        #expect(s.value(of: tycho, "mail")?.text == "tycho.brahe@contoso.com")
        #expect(s.value(of: tycho, "objectSid") != nil)
    }

    @Test(arguments: ["flavours/graph-users.json", "flavours/msoluser.csv", "flavours/mguser.csv",
                      "flavours/aadgraph-users.json", "flavours/azureaduser.json"])
    func cloudSyncAttributes(_ file: String) throws {
        let s = try Self.load(file)
        let tycho = try #require(s.objects.first { s.upn(of: $0) == "tycho.brahe@contoso.com" })
        #expect(s.anchor(of: tycho)?.text == "1wfM9xV8fUSHbcAbDlqeOA==")
        #expect(s.isSynced(tycho))
        #expect(s.smtpAddresses(of: tycho).contains("tycho.brahe@contoso.com"))
        #expect(s.identity(of: tycho) == "07e2c92b-a6ad-429f-a526-e0864ee0d635")
        #expect(s.value(of: tycho, "onPremisesImmutableId")?.text == "1wfM9xV8fUSHbcAbDlqeOA==")
        #expect(s.value(of: tycho, "id") != nil)
        let cloudOnly = s.objects.filter { !s.isSynced($0) }.count
        #expect(cloudOnly == 6)
    }

    // MARK: Every on-prem flavour × every cloud flavour

    static let userOnPrem = ["contoso/onprem.ldif", "contoso/onprem.csv", "flavours/getaduser.csv", "flavours/getaduser.json"]
    static let userCloud = ["flavours/graph-users.json", "flavours/msoluser.csv", "flavours/mguser.csv",
                            "flavours/aadgraph-users.json", "flavours/azureaduser.json"]

    /// How each on-prem user pairs: UPN → outcome, how, the twin's UPN.
    static func userPairing(_ s: Session) -> [String: String] {
        let m = s.syncMatch(onPrem: s.snapshot(named: "onprem")!, cloud: s.snapshot(named: "cloud")!)
        var out: [String: String] = [:]
        for (i, o) in m.onPrem.objects.enumerated() where o.kind == .user {
            let r = m.onPremResults[i]
            let twin = r.twin.map { m.cloud.upn(of: m.cloud.objects[$0]) ?? "?" } ?? "-"
            let candidates = r.candidates.map { m.cloud.upn(of: m.cloud.objects[$0]) ?? "?" }.joined(separator: ",")
            out[m.onPrem.upn(of: o) ?? m.onPrem.identity(of: o)] = "\(r.outcome) \(r.how) \(twin) [\(candidates)]"
        }
        return out
    }

    /// The findings about users of the checks that pair the sides and of duplicate-upn, without
    /// the object's identity (a DN in one flavour, an ObjectId or a line in another).
    static func userFindings(_ s: Session) throws -> Set<String> {
        var out: Set<String> = []
        for check in Checks.all where check.pairsSides || check.name == "duplicate-upn" {
            for r in try s.report(of: check).findings {
                let snap = s.snapshot(named: r.snapshot)!
                guard snap.objects.first(where: { snap.identity(of: $0) == r.object })?.kind == .user else { continue }
                out.insert("\(check.name) \(snap.side.keyword) \(r.attribute.lowercased()) \(r.value.text.lowercased())")
            }
        }
        return out
    }

    static func session(_ onPrem: String, _ cloud: String) throws -> Session {
        let s = Session()
        s.add(try load(onPrem, as: "onprem"))
        s.add(try load(cloud, as: "cloud"))
        return s
    }

    /// The reference: the LDIF against Graph v1.0 `/users`.
    static func reference() throws -> Session { try session("contoso/onprem.ldif", "flavours/graph-users.json") }

    @Test func referenceHasEveryUserPattern() throws {
        let f = try Self.userFindings(Self.reference())
        for check in ["duplicate-upn", "invalid-soft-match", "soft-match-takeover", "orphaned-cloud-object"] {
            #expect(f.contains { $0.hasPrefix(check + " ") }, "\(check) missing from \(f.sorted())")
        }
    }

    @Test(arguments: userOnPrem, userCloud)
    func sameUserPairingAndFindings(_ onPrem: String, _ cloud: String) throws {
        let ref = try Self.reference()
        let s = try Self.session(onPrem, cloud)
        #expect(Self.userPairing(s) == Self.userPairing(ref))
        let (a, b) = (try Self.userFindings(s), try Self.userFindings(ref))
        #expect(a == b, "only here: \(a.subtracting(b).sorted()); only in the reference: \(b.subtracting(a).sorted())")
    }

    /// Groups: on-prem SID → outcome and the twin's name. Get-MsolGroup has no SID: its
    /// mail-enabled groups pair by mail, the others are not-compared (never orphaned or new).
    static func groupPairing(_ s: Session) -> [String: String] {
        let m = s.syncMatch(onPrem: s.snapshot(named: "onprem")!, cloud: s.snapshot(named: "cloud")!)
        var out: [String: String] = [:]
        for (i, o) in m.onPrem.objects.enumerated() where o.kind == .group {
            let r = m.onPremResults[i]
            let twin = r.twin.map { m.cloud.value(of: m.cloud.objects[$0], "displayName")?.text ?? "?" } ?? "-"
            out[m.onPrem.sid(of: o) ?? "?"] = "\(r.outcome) \(twin)"
        }
        return out
    }

    @Test(arguments: ["contoso/onprem.ldif", "flavours/getadgroup.csv"],
          ["contoso/cloud.json", "flavours/azureadgroup.json", "flavours/msolgroup.csv"])
    func sameGroupPairing(_ onPrem: String, _ cloud: String) throws {
        let ref = Self.groupPairing(try Self.session("contoso/onprem.ldif", "contoso/cloud.json"))
        #expect(ref.values.filter { $0.hasPrefix("synced") }.count == 5)
        let s = try Self.session(onPrem, cloud)
        let here = Self.groupPairing(s)
        #expect(Set(here.keys) == Set(ref.keys))
        for (sid, outcome) in here {
            if cloud.hasSuffix("msolgroup.csv") && outcome == "not-compared -" { continue }
            #expect(outcome == ref[sid], "\(sid)")
        }
        let m = s.syncMatch(onPrem: s.snapshot(named: "onprem")!, cloud: s.snapshot(named: "cloud")!)
        #expect(!zip(m.cloud.objects, m.cloudResults).contains { $0.0.kind == .group && ($0.1.outcome == "orphaned") })
        if cloud.hasSuffix("msolgroup.csv") {
            // Only the two security groups without mail cannot be paired.
            #expect(here.values.filter { $0 == "not-compared -" }.count == 2)
            #expect(try s.report(of: Checks.orphanedCloudObject).comparedKinds?.contains(
                "2 on-prem and 2 cloud groups not compared: cloud has no onPremisesSecurityIdentifier") == true)
        }
    }

    @Test(arguments: ["contoso/cloud.json", "flavours/msolcontact.csv"])
    func sameContactPairing(_ cloud: String) throws {
        func pairing(_ s: Session) -> [String: String] {
            let m = s.syncMatch(onPrem: s.snapshot(named: "onprem")!, cloud: s.snapshot(named: "cloud")!)
            var out: [String: String] = [:]
            for (i, o) in m.onPrem.objects.enumerated() where o.kind == .contact {
                let r = m.onPremResults[i]
                out[m.onPrem.primarySMTP(of: o) ?? "?"] = "\(r.outcome) \(r.how) " + (r.twin.map { m.cloud.primarySMTP(of: m.cloud.objects[$0]) ?? "?" } ?? "-")
            }
            return out
        }
        let ref = pairing(try Self.session("contoso/onprem.ldif", "contoso/cloud.json"))
        #expect(ref.values.contains { $0.hasPrefix("synced mail") })
        #expect(pairing(try Self.session("contoso/onprem.ldif", cloud)) == ref)
    }
}
