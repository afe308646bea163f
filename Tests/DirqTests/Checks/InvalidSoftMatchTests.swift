import Foundation
import Testing
@testable import Dirq

/// The soft-match rule on tenants small enough to read: the three ways a soft match is invalid
/// (several candidates; the one candidate is the twin of another on-prem object that still
/// exists; the one candidate carries an anchor nothing on-prem has), and the collisions around
/// them that are, and are not, duplicates.
@Suite struct InvalidSoftMatchTests {
    /// An on-prem user (or group): short name (the CN), UPN, proxy addresses, anchor byte.
    struct OnPremUser {
        var name: String
        var upn: String
        var proxies: [String]
        var anchor: UInt8
        var group = false
    }

    /// A cloud user (or group): short name (its id is derived from it), UPN, proxies, and the
    /// anchor byte of its ImmutableId (nil: cloud-only; a group only shows that it is synced).
    struct CloudUser {
        var name: String
        var upn: String
        var proxies: [String]
        var anchor: UInt8?
        var group = false
    }

    /// One case: the tenant, what the matcher must say about on-prem user B, and every check's
    /// findings (short names: the CN on-prem, the name in the cloud).
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var onPrem: [OnPremUser]
        var cloud: [CloudUser]
        var outcome: String
        var failure: SyncMatch.SoftMatchFailure?
        var how: String
        /// For already-synced: the on-prem user whose anchor the candidate carries.
        var anchorOwner: String?
        var findings: [String: Set<String>]
        var testDescription: String { label }
    }

    static func dn(_ name: String) -> String { "CN=\(name),OU=Staff,DC=contoso,DC=com" }
    /// A GUID text per cloud name, stable and distinct (the name's bytes, padded).
    static func id(_ name: String) -> String {
        var b = Array(name.utf8.prefix(12))
        b += [UInt8](repeating: 0, count: 16 - b.count)
        return GUIDText.string(fromBytes: b) ?? ""
    }
    static func anchor(_ a: UInt8) -> String { Data([UInt8](repeating: a, count: 16)).base64EncodedString() }

    /// Writes the tenant as LDIF and Graph JSON and loads both into a session.
    static func session(_ c: Case) throws -> Session {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-ism-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var ldif = ""
        for u in c.onPrem {
            ldif += "dn: \(dn(u.name))\nobjectClass: top\n"
                + (u.group ? "objectClass: group\n" : "objectClass: person\nobjectClass: organizationalPerson\nobjectClass: user\n")
            ldif += "cn: \(u.name)\nobjectGUID:: \(anchor(u.anchor))\n" + (u.group ? "" : "userPrincipalName: \(u.upn)\n")
            for p in u.proxies { ldif += "proxyAddresses: \(p)\n" }
            ldif += "\n"
        }
        let users: [[String: Any]] = c.cloud.map { u in
            var o: [String: Any] = ["@odata.type": "#microsoft.graph.\(u.group ? "group" : "user")", "id": id(u.name),
                                    "displayName": u.name, "proxyAddresses": u.proxies]
            if !u.group {
                o["userPrincipalName"] = u.upn
                o["onPremisesImmutableId"] = u.anchor.map(anchor) ?? NSNull()
            }
            o["onPremisesSyncEnabled"] = u.anchor == nil ? NSNull() : true
            return o
        }
        let json = try JSONSerialization.data(withJSONObject: ["value": users], options: [.sortedKeys])
        try ldif.write(to: dir.appendingPathComponent("onprem.ldif"), atomically: true, encoding: .utf8)
        try json.write(to: dir.appendingPathComponent("cloud.json"))
        let s = Session()
        try s.load(path: dir.appendingPathComponent("onprem.ldif").path, name: "onprem")
        try s.load(path: dir.appendingPathComponent("cloud.json").path, name: "cloud")
        return s
    }

    static let a = OnPremUser(name: "A", upn: "a@contoso.com", proxies: ["SMTP:a@contoso.com"], anchor: 1)
    static let b = OnPremUser(name: "B", upn: "x@contoso.com", proxies: ["SMTP:x@contoso.com"], anchor: 2)
    static let nothingElse = ["duplicate-upn": Set<String>(), "duplicate-proxy": [], "object-type-mismatch": [],
                              "soft-match-takeover": [], "orphaned-cloud-object": []]
    static func only(_ extra: [String: Set<String>]) -> [String: Set<String>] { nothingElse.merging(extra) { $1 } }

    static let cases: [Case] = [
        Case(label: "already synced, by UPN: A's twin kept the UPN that A gave up and B now has",
             onPrem: [a, b],
             cloud: [CloudUser(name: "E", upn: "X@contoso.com", proxies: ["SMTP:a@contoso.com"], anchor: 1)],
             outcome: "invalid-soft-match", failure: .alreadySynced, how: "soft-upn", anchorOwner: "A",
             findings: only(["invalid-soft-match": ["B", "E"]])),
        Case(label: "already synced, by primary SMTP: A's twin still holds B's primary address",
             onPrem: [a, OnPremUser(name: "B", upn: "b@contoso.com", proxies: ["SMTP:x@contoso.com"], anchor: 2)],
             cloud: [CloudUser(name: "E", upn: "a@contoso.com", proxies: ["SMTP:a@contoso.com", "smtp:X@Contoso.com"], anchor: 1)],
             outcome: "invalid-soft-match", failure: .alreadySynced, how: "soft-smtp", anchorOwner: "A",
             findings: only(["invalid-soft-match": ["B", "E"]])),
        Case(label: "already synced, and A and B also share the UPN on-prem: a genuine duplicate as well",
             onPrem: [OnPremUser(name: "A", upn: "x@contoso.com", proxies: ["SMTP:a@contoso.com"], anchor: 1), b],
             cloud: [CloudUser(name: "E", upn: "x@contoso.com", proxies: ["SMTP:a@contoso.com"], anchor: 1)],
             outcome: "invalid-soft-match", failure: .alreadySynced, how: "soft-upn", anchorOwner: "A",
             findings: only(["invalid-soft-match": ["B", "E"], "duplicate-upn": ["A", "B"]])),
        Case(label: "orphaned anchor: the candidate's ImmutableId is nobody's on-prem",
             onPrem: [a, b],
             cloud: [CloudUser(name: "A twin", upn: "a@contoso.com", proxies: ["SMTP:a@contoso.com"], anchor: 1),
                     CloudUser(name: "Old B", upn: "x@contoso.com", proxies: ["SMTP:x@contoso.com"], anchor: 9)],
             outcome: "invalid-soft-match", failure: .orphanedAnchor, how: "soft-upn", anchorOwner: nil,
             findings: only(["invalid-soft-match": ["B", "Old B"], "orphaned-cloud-object": ["Old B"]])),
        Case(label: "ambiguous: one cloud-only user has the UPN, another the address",
             onPrem: [a, b],
             cloud: [CloudUser(name: "A twin", upn: "a@contoso.com", proxies: ["SMTP:a@contoso.com"], anchor: 1),
                     CloudUser(name: "C1", upn: "x@contoso.com", proxies: ["SMTP:c1@contoso.com"], anchor: nil),
                     CloudUser(name: "C2", upn: "c2@contoso.com", proxies: ["SMTP:c2@contoso.com", "smtp:x@contoso.com"], anchor: nil)],
             outcome: "invalid-soft-match", failure: .ambiguous, how: "soft-upn", anchorOwner: nil,
             findings: only(["invalid-soft-match": ["B", "C1", "C2"]])),
        Case(label: "ambiguous, one candidate another object's twin",
             onPrem: [a, b],
             cloud: [CloudUser(name: "E", upn: "x@contoso.com", proxies: ["SMTP:a@contoso.com"], anchor: 1),
                     CloudUser(name: "C2", upn: "c2@contoso.com", proxies: ["SMTP:c2@contoso.com", "smtp:x@contoso.com"], anchor: nil)],
             outcome: "invalid-soft-match", failure: .ambiguous, how: "soft-upn", anchorOwner: nil,
             findings: only(["invalid-soft-match": ["B", "E", "C2"]])),
        Case(label: "takeover: the one candidate is cloud-only",
             onPrem: [a, b],
             cloud: [CloudUser(name: "A twin", upn: "a@contoso.com", proxies: ["SMTP:a@contoso.com"], anchor: 1),
                     CloudUser(name: "C", upn: "x@contoso.com", proxies: ["SMTP:x@contoso.com"], anchor: nil)],
             outcome: "takeover", failure: nil, how: "soft-upn", anchorOwner: nil,
             findings: only(["invalid-soft-match": [], "soft-match-takeover": ["B", "C"]])),
        Case(label: "takeover by a UPN the cloud writes in other case and decomposed (NFD): one value to the directory",
             onPrem: [a, OnPremUser(name: "B", upn: "ren\u{E9}e@contoso.com", proxies: ["SMTP:b@contoso.com"], anchor: 2)],
             cloud: [CloudUser(name: "A twin", upn: "a@contoso.com", proxies: ["SMTP:a@contoso.com"], anchor: 1),
                     CloudUser(name: "C", upn: "RENE\u{301}E@Contoso.com", proxies: ["SMTP:c@contoso.com"], anchor: nil)],
             outcome: "takeover", failure: nil, how: "soft-upn", anchorOwner: nil,
             findings: only(["invalid-soft-match": [], "soft-match-takeover": ["B", "C"]])),
        Case(label: "takeover by a user whose anchor another on-prem user took first (two users, one ObjectGUID)",
             onPrem: [a, OnPremUser(name: "B", upn: "x@contoso.com", proxies: ["SMTP:x@contoso.com"], anchor: 1)],
             cloud: [CloudUser(name: "A twin", upn: "a@contoso.com", proxies: ["SMTP:a@contoso.com"], anchor: 1),
                     CloudUser(name: "C", upn: "x@contoso.com", proxies: ["SMTP:c@contoso.com"], anchor: nil)],
             outcome: "takeover", failure: nil, how: "soft-upn", anchorOwner: nil,
             findings: only(["invalid-soft-match": [], "soft-match-takeover": ["B", "C"]])),
        Case(label: "takeover by the primary SMTP address, written in other case in the cloud",
             onPrem: [a, OnPremUser(name: "B", upn: "b@contoso.com", proxies: ["SMTP:B.Smith@Contoso.com"], anchor: 2)],
             cloud: [CloudUser(name: "A twin", upn: "a@contoso.com", proxies: ["SMTP:a@contoso.com"], anchor: 1),
                     CloudUser(name: "C", upn: "c@contoso.com", proxies: ["SMTP:c@contoso.com", "smtp:b.smith@CONTOSO.com"], anchor: nil)],
             outcome: "takeover", failure: nil, how: "soft-smtp", anchorOwner: nil,
             findings: only(["invalid-soft-match": [], "soft-match-takeover": ["B", "C"]])),
        Case(label: "object type mismatch: a synced group's twin still holds B's primary address",
             onPrem: [a, b, OnPremUser(name: "G", upn: "", proxies: ["SMTP:team@contoso.com"], anchor: 3, group: true)],
             cloud: [CloudUser(name: "A twin", upn: "a@contoso.com", proxies: ["SMTP:a@contoso.com"], anchor: 1),
                     CloudUser(name: "G twin", upn: "", proxies: ["SMTP:team@contoso.com", "smtp:x@contoso.com"], anchor: 3, group: true)],
             outcome: "object-type-mismatch", failure: nil, how: "soft-smtp", anchorOwner: nil,
             findings: only(["invalid-soft-match": [], "object-type-mismatch": ["B", "G twin"]])),
        Case(label: "a secondary address is not a soft-match value: A's twin and B collide as duplicates",
             onPrem: [a, OnPremUser(name: "B", upn: "b@contoso.com", proxies: ["SMTP:b@contoso.com", "smtp:x@contoso.com"], anchor: 2)],
             cloud: [CloudUser(name: "E", upn: "a@contoso.com", proxies: ["SMTP:a@contoso.com", "smtp:x@contoso.com"], anchor: 1)],
             outcome: "new", failure: nil, how: "none", anchorOwner: nil,
             findings: only(["invalid-soft-match": [], "duplicate-proxy": ["B", "E"]])),
    ]

    static func short(_ object: String, _ c: Case) -> String {
        if object.hasPrefix("CN=") { return String(object.dropFirst(3).prefix { $0 != "," }) }
        return c.cloud.first { id($0.name) == object }?.name ?? object
    }

    @Test(arguments: cases)
    func outcomeAndFindings(_ c: Case) throws {
        let s = try Self.session(c)
        let onPrem = try #require(s.snapshot(named: "onprem")), cloud = try #require(s.snapshot(named: "cloud"))
        let sm = s.syncMatch(onPrem: onPrem, cloud: cloud)
        let bIndex = try #require(onPrem.objects.firstIndex { onPrem.identity(of: $0) == Self.dn("B") })
        let r = sm.onPremResults[bIndex]
        #expect(r.outcome == c.outcome)
        #expect(r.failure == c.failure)
        #expect(r.how == c.how)
        #expect(r.anchorOwner.map { onPrem.identity(of: onPrem.objects[$0]) } == c.anchorOwner.map(Self.dn))
        for (check, expected) in c.findings {
            let rows = try s.findings(of: try #require(Checks.named(check))).findings
            #expect(Set(rows.map { Self.short($0.object, c) }) == expected, "\(check)")
        }
    }

    /// The explanation names the cloud object, the value that matched and the on-prem object whose
    /// anchor the cloud object carries; the cloud object's row names that object too.
    @Test func alreadySyncedSaysWhoseAnchorTheCandidateCarries() throws {
        let s = try Self.session(Self.cases[1])
        let rows = try s.findings(of: Checks.invalidSoftMatch).findings
        let b = try #require(rows.first { $0.object == Self.dn("B") })
        #expect(b.attribute == "proxyAddresses" && b.value.text == "x@contoso.com")
        #expect(b.detail == "soft match by primary SMTP address x@contoso.com finds cloud user \(Self.id("E")) (a@contoso.com), "
                + "which already carries the anchor of \(Self.dn("A")) (ImmutableId \(Self.anchor(1)))")
        let e = try #require(rows.first { $0.object == Self.id("E") })
        #expect(e.detail == "cloud user that the on-prem user \(Self.dn("B")) soft-matches, but it already carries the anchor of \(Self.dn("A"))")
    }

    @Test func orphanedAnchorAndAmbiguousSayWhy() throws {
        let orphan = try Self.session(Self.cases[3]).findings(of: Checks.invalidSoftMatch).findings
        #expect(orphan.first { $0.object == Self.dn("B") }?.detail
                == "soft match by UPN x@contoso.com finds cloud user \(Self.id("Old B")), which is already synced from an anchor no object in onprem carries (ImmutableId \(Self.anchor(9)))")
        #expect(orphan.first { $0.object == Self.id("Old B") }?.detail
                == "cloud user that the on-prem user \(Self.dn("B")) soft-matches, but it is synced from another anchor (\(Self.anchor(9)))")
        let ambiguous = try Self.session(Self.cases[5]).findings(of: Checks.invalidSoftMatch).findings
        #expect(ambiguous.first { $0.object == Self.dn("B") }?.detail
                == "soft match is ambiguous: 2 cloud objects hold x@contoso.com: cloud user \(Self.id("E")) (x@contoso.com) (synced from \(Self.dn("A"))); cloud user \(Self.id("C2")) (c2@contoso.com)")
        #expect(ambiguous.first { $0.object == Self.id("E") }?.detail
                == "cloud user that the on-prem user \(Self.dn("B")) soft-matches, but it is one of several candidates and already the twin of \(Self.dn("A"))")
    }

    /// The query language sees the reason and the owner, and `identities` gives the candidate's
    /// matched value to B's identity and keeps the rest with its twin's.
    @Test func matchAndIdentitiesExposeIt() throws {
        let s = try Self.session(Self.cases[1])
        let m = try s.query("match onprem to cloud where outcome = \"invalid-soft-match\" select object, reason, anchor_owner")
        #expect(m.rows == [[.string(Self.dn("B")), .string("already-synced"), .string(Self.dn("A"))]])
        let ids = try s.query("identities where side = \"cloud\" select identity, upn, smtp")
        #expect(ids.rows == [
            [.string(Self.dn("A")), .string("a@contoso.com"), .list([.string("a@contoso.com")])],
            [.string(Self.dn("B")), .null, .list([.string("x@contoso.com")])],
        ])
    }
}
