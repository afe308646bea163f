import Foundation
import Testing
@testable import Dirq
import DirqGenerator

/// The synthetic tenant generator: deterministic bytes, files the loaders read without a warning,
/// LDIF and CSV describing the same objects, and a planted truth that the engine's duplicate
/// queries reproduce exactly — from either export.
@Suite struct TenantGeneratorTests {
    /// One 3000-user tenant, generated once for the suite. The files are loaded (and the bytes
    /// the tests look at kept) and the directory removed right away.
    struct Fixture: Sendable {
        var truth: GeneratedTenant
        var ldif: Snapshot
        var csv: Snapshot
        var ldifBytes: [UInt8]
        var csvBytes: [UInt8]
        var cloudJSON: Data

        /// The `value` array of cloud.json, parsed with Foundation (independent of dirq's reader).
        var cloud: [[String: Any]] {
            let json = try? JSONSerialization.jsonObject(with: cloudJSON) as? [String: Any]
            return json?["value"] as? [[String: Any]] ?? []
        }

        static let shared: Result<Fixture, any Error> = Result {
            let dir = temporaryDirectory("fixture")
            defer { try? FileManager.default.removeItem(at: dir) }
            let truth = try TenantGenerator(users: 3000, seed: 2024).write(to: dir)
            return Fixture(
                truth: truth,
                ldif: try SnapshotLoader.load(path: truth.onPremLDIF.path),
                csv: try SnapshotLoader.load(path: truth.onPremCSV.path),
                ldifBytes: Array(try Data(contentsOf: truth.onPremLDIF)),
                csvBytes: Array(try Data(contentsOf: truth.onPremCSV)),
                cloudJSON: try Data(contentsOf: truth.cloudJSON))
        }

        static func get() throws -> Fixture { try shared.get() }
    }

    static func temporaryDirectory(_ tag: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("dirq-generator-\(tag)-\(UUID().uuidString)")
    }

    /// A duplicate query's result as key → member identities.
    static func groups(_ snapshot: Snapshot, _ query: String) throws -> [String: [String]] {
        let session = Session()
        session.add(snapshot)
        let table = try session.query(query)
        #expect(table.columns.suffix(2) == ["count", "members"])
        var out: [String: [String]] = [:]
        for row in table.rows {
            let members = row[row.count - 1].elements.compactMap(\.stringValue)
            #expect(row[row.count - 2].text == String(members.count))
            // A group's key prints as its first member wrote it; the truth keys are folded.
            out[row[0].text.lowercased()] = members
        }
        return out
    }

    static let upnQuery = "users group by upn having count > 1"
    static let smtpQuery = "objects expand proxyAddresses as p where p.type = \"smtp\" group by p.address having count > 1"

    // MARK: - Determinism

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let a = Self.temporaryDirectory("a"), b = Self.temporaryDirectory("b"), c = Self.temporaryDirectory("c")
        defer { for d in [a, b, c] { try? FileManager.default.removeItem(at: d) } }
        let ta = try TenantGenerator(users: 400, seed: 99).write(to: a)
        let tb = try TenantGenerator(users: 400, seed: 99).write(to: b)
        let tc = try TenantGenerator(users: 400, seed: 100).write(to: c)
        for name in ["onprem.ldif", "onprem.csv", "cloud.json", "truth.json"] {
            let x = try Data(contentsOf: a.appendingPathComponent(name))
            let y = try Data(contentsOf: b.appendingPathComponent(name))
            let z = try Data(contentsOf: c.appendingPathComponent(name))
            #expect(!x.isEmpty)
            #expect(x == y, "\(name) differs between two runs with the same seed")
            #expect(x != z, "\(name) is the same for seeds 99 and 100")
        }
        #expect(ta.duplicateUPNs == tb.duplicateUPNs && ta.duplicateSMTP == tb.duplicateSMTP)
        #expect(ta.directory == a)
        // The returned truth is the truth file.
        let decoded = try JSONDecoder().decode(GeneratedTenant.self, from: Data(contentsOf: ta.truthJSON))
        var located = decoded
        located.directory = a
        #expect(located == ta)
        #expect(tc.duplicateUPNs != ta.duplicateUPNs)
    }

    /// Pins the first record of seed 1, so a change to the generator's output is deliberate.
    @Test func firstRecordOfSeedOneIsPinned() throws {
        let dir = Self.temporaryDirectory("pin")
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try TenantGenerator(users: 10, seed: 1).write(to: dir)
        let ldif = String(decoding: try Data(contentsOf: t.onPremLDIF), as: UTF8.self)
        let first = ldif.components(separatedBy: "\r\n\r\n")[0]
        #expect(first.hasPrefix("dn: CN=Hedy Shannon 0,OU=Facilities,OU=Staff,DC=contoso,DC=com\r\nchangetype: add\r\n"))
        #expect(first.contains("\r\nobjectGUID:: P4XDJOb7F0GXTMRVZ99ofg==\r\n"))
        let csv = String(decoding: try Data(contentsOf: t.onPremCSV), as: UTF8.self)
        #expect(csv.contains("\"CN=Hedy Shannon 0,OU=Facilities,OU=Staff,DC=contoso,DC=com\",\"user\",\"24c3853f-fbe6-4117-974c-c45567df687e\","))
    }

    @Test(arguments: [(0, 0.01), (-5, 0.01), (TenantGenerator.maxUsers + 1, 0.01), (100, -0.1), (100, 0.5), (100, Double.nan)])
    func rejectsArgumentsOutOfRange(users: Int, rate: Double) throws {
        let dir = Self.temporaryDirectory("bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: GeneratorError.self) { try TenantGenerator(users: users, seed: 1, conflictRate: rate).write(to: dir) }
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }

    // MARK: - The planted truth, through the engine

    @Test func duplicateUPNsMatchTheTruthFromLDIFAndCSV() throws {
        let f = try Fixture.get()
        let fromLDIF = try Self.groups(f.ldif, Self.upnQuery)
        let fromCSV = try Self.groups(f.csv, Self.upnQuery)
        #expect(!f.truth.duplicateUPNs.isEmpty)
        #expect(fromLDIF == f.truth.duplicateUPNs)
        #expect(fromCSV == f.truth.duplicateUPNs)
        #expect(fromLDIF == fromCSV)
    }

    @Test func duplicateSMTPAddressesMatchTheTruthFromLDIFAndCSV() throws {
        let f = try Fixture.get()
        let fromLDIF = try Self.groups(f.ldif, Self.smtpQuery)
        let fromCSV = try Self.groups(f.csv, Self.smtpQuery)
        #expect(!f.truth.duplicateSMTP.isEmpty)
        #expect(fromLDIF == f.truth.duplicateSMTP)
        #expect(fromCSV == f.truth.duplicateSMTP)
        #expect(fromLDIF == fromCSV)
    }

    /// Tiny tenants (no groups or contacts to copy into), no conflicts at all, and the highest
    /// rate: the truth still holds from both exports, and cloud.json is still JSON.
    @Test(arguments: [(1, 0.2), (5, 0.2), (37, 0.2), (400, 0.0), (700, 0.2)])
    func edgeSizesAndRatesMatchTheirTruth(users: Int, rate: Double) throws {
        let dir = Self.temporaryDirectory("edge")
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try TenantGenerator(users: users, seed: 5, conflictRate: rate).write(to: dir)
        if rate == 0 { #expect(t.duplicateUPNs.isEmpty && t.duplicateSMTP.isEmpty) }
        if users >= 37 && rate > 0 { #expect(!t.duplicateUPNs.isEmpty && !t.duplicateSMTP.isEmpty) }
        for url in [t.onPremLDIF, t.onPremCSV] {
            let snap = try SnapshotLoader.load(path: url.path)
            #expect(snap.warnings.isEmpty)
            #expect(snap.countsByKind[.user] == users)
            #expect(try Self.groups(snap, Self.upnQuery) == t.duplicateUPNs, "\(url.lastPathComponent)")
            #expect(try Self.groups(snap, Self.smtpQuery) == t.duplicateSMTP, "\(url.lastPathComponent)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: t.cloudJSON)) as? [String: Any]
        #expect((json?["value"] as? [Any])?.count == t.cloudObjects)
    }

    @Test func theWholeResultTablesAgreeBetweenLDIFAndCSV() throws {
        let f = try Fixture.get()
        for q in [Self.upnQuery, Self.smtpQuery, "users group by sam having count > 1", "objects group by dn having count > 1"] {
            let a = Session(), b = Session()
            a.add(f.ldif)
            b.add(f.csv)
            #expect(try a.query(q) == b.query(q), "\(q)")
        }
    }

    /// The planted groups have the variety the issue asks for, so the checks above test it.
    @Test func plantedConflictsHaveTheRequiredVariety() throws {
        let f = try Fixture.get()
        let t = f.truth
        #expect(t.duplicateUPNs.values.contains { $0.count == 3 })
        #expect(t.duplicateUPNs.values.contains { $0.count == 2 })
        #expect(t.duplicateSMTP.values.contains { $0.count == 3 })
        #expect(t.duplicateSMTP.values.contains { $0.contains { $0.contains("OU=Groups") } })
        #expect(t.duplicateSMTP.values.contains { $0.contains { $0.contains("OU=Contacts") } })
        #expect(t.duplicateSMTP.values.contains { $0.allSatisfy { $0.contains("OU=Staff") } })

        // Spellings: some UPN groups identical, some differing only in case.
        let byDN = Dictionary(uniqueKeysWithValues: f.ldif.objects.map { (f.ldif.identity(of: $0), $0) })
        var identical = 0, caseOnly = 0
        for dns in t.duplicateUPNs.values {
            let spellings = Set(dns.compactMap { byDN[$0].flatMap { f.ldif.value(of: $0, "upn")?.stringValue } })
            if spellings.count == 1 { identical += 1 } else { caseOnly += 1 }
        }
        #expect(identical > 0 && caseOnly > 0)
        // SMTP: both an upper-case primary and a lower-case secondary prefix among the holders,
        // and a spelling that differs from the key.
        var prefixes = Set<String>(), variant = false
        for (address, dns) in t.duplicateSMTP {
            for dn in dns {
                for v in byDN[dn].flatMap({ f.ldif.value(of: $0, "proxyAddresses") })?.elements ?? [] {
                    guard let s = v.stringValue, let p = ProxyAddress(s), p.address.lowercased() == address else { continue }
                    prefixes.insert(p.type)
                    if p.address != address { variant = true }
                }
            }
        }
        #expect(prefixes == ["SMTP", "smtp"])
        #expect(variant)
    }

    // MARK: - The files

    @Test func snapshotsHoldEveryObjectWithoutWarnings() throws {
        let f = try Fixture.get()
        for snap in [f.ldif, f.csv] {
            #expect(snap.warnings.isEmpty, "\(snap.format): \(snap.warnings.map(\.message))")
            #expect(snap.side == .onPrem)
            #expect(snap.countsByKind == [.user: 3000, .group: 150, .contact: 90])
        }
    }

    /// Same objects, same order, same values: the CSV's GUID string is the LDIF's bytes in
    /// .NET order, the consistency GUID the same bytes in base64, proxies split back at `;`.
    @Test func ldifAndCSVDescribeTheSameObjects() throws {
        let f = try Fixture.get()
        #expect(f.ldif.objects.count == f.csv.objects.count)
        for (l, c) in zip(f.ldif.objects, f.csv.objects) {
            #expect(f.ldif.identity(of: l) == f.csv.identity(of: c))
            #expect(l.kind == c.kind)
            for name in ["sAMAccountName", "userPrincipalName", "givenName", "sn", "displayName", "department", "mail",
                         "proxyAddresses", "userAccountControl"] {
                #expect(f.ldif.value(of: l, name) ?? .null == f.csv.value(of: c, name) ?? .null, "\(name)")
            }
            // Typed by the catalogue: the LDIF's bytes and the CSV's GUID text (and base64
            // consistency GUID) load to the same GUID values.
            guard case .guid? = f.ldif.value(of: l, "objectGUID") else {
                Issue.record("objectGUID missing")
                continue
            }
            #expect(f.ldif.value(of: l, "objectGUID") == f.csv.value(of: c, "ObjectGUID"))
            #expect(f.ldif.value(of: l, "mS-DS-ConsistencyGuid") ?? .null == f.csv.value(of: c, "mS-DS-ConsistencyGuid") ?? .null)
        }
    }

    /// Nothing that was not planted collides: DNs, sAMAccountNames, objectGUIDs and mail are
    /// unique, and every duplicate the engine finds is in the truth (the equality tests above).
    @Test func unplantedValuesAreUnique() throws {
        let f = try Fixture.get()
        for q in ["objects group by dn having count > 1", "objects group by sam having count > 1",
                  "objects group by objectGUID having count > 1"] {
            let s = Session()
            s.add(f.ldif)
            #expect(try s.query(q).rows.isEmpty, "\(q)")
        }
        // mail duplicates are only planted primaries of groups and contacts.
        let mails = try Self.groups(f.ldif, "objects group by mail having count > 1")
        for (mail, dns) in mails {
            #expect(f.truth.duplicateSMTP[mail]?.count ?? 0 >= dns.count)
        }
    }

    @Test func ldifIsFoldedAndEncodedAsLdifdeWritesIt() throws {
        let f = try Fixture.get()
        var folded = 0, lines = 0
        var start = 0
        let b = f.ldifBytes
        for i in 0..<b.count where b[i] == 0x0A {
            #expect(i > 0 && b[i - 1] == 0x0D, "LF without CR")
            let length = i - 1 - start
            #expect(length <= 76, "line of \(length) bytes at offset \(start)")
            if b[start] == 0x20 { folded += 1 }
            lines += 1
            start = i + 1
        }
        #expect(folded > 0 && lines > 50_000)
        let text = String(decoding: b, as: UTF8.self)
        #expect(text.contains("\r\ncn:: "))
        #expect(text.contains("\r\ndn:: ") || text.hasPrefix("dn:: "))
        #expect(!text.unicodeScalars.contains { $0.value > 0x7F }, "non-ASCII must be base64")
        // And the decoded names have the letters.
        let names = f.ldif.objects.compactMap { f.ldif.value(of: $0, "cn")?.stringValue }
        for letter in ["é", "ø", "ł"] { #expect(names.contains { $0.contains(letter) }, "\(letter)") }
    }

    @Test func csvIsWindowsPowerShellExportCsv() throws {
        let f = try Fixture.get()
        let text = String(decoding: f.csvBytes, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(Array(f.csvBytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(lines[0] == "\u{FEFF}#TYPE Selected.Microsoft.ActiveDirectory.Management.ADObject")
        #expect(lines[1] == "\"DistinguishedName\",\"ObjectClass\",\"ObjectGUID\",\"mS-DS-ConsistencyGuid\",\"sAMAccountName\",\"userPrincipalName\",\"givenName\",\"sn\",\"displayName\",\"department\",\"mail\",\"proxyAddresses\",\"userAccountControl\",\"whenCreated\"")
        #expect(lines.count == 2 + 3000 + 150 + 90 + 1 && lines.last == "")
        for line in lines.dropFirst(2).dropLast() {
            #expect(line.hasPrefix("\"") && line.hasSuffix("\"") && line.components(separatedBy: "\",\"").count == 14)
        }
    }

    // MARK: - The cloud side

    @Test func cloudJSONMatchesThePlantedCrossSideTruth() throws {
        let f = try Fixture.get()
        let t = f.truth
        #expect(f.cloud.count == t.cloudObjects)
        // On-prem anchors: mS-DS-ConsistencyGuid if set, else objectGUID, as ImmutableId base64.
        var anchorOf: [String: String] = [:]
        for o in f.ldif.objects where o.kind == .user {
            let v = f.ldif.value(of: o, "mS-DS-ConsistencyGuid") ?? f.ldif.value(of: o, "objectGUID")
            guard let b = v.flatMap(GUIDText.bytes(of:)) else { Issue.record("no anchor"); continue }
            anchorOf[f.ldif.identity(of: o)] = Data(b).base64EncodedString()
        }
        let anchors = Set(anchorOf.values)
        #expect(anchors.count == 3000)

        let users = f.cloud.filter { $0["@odata.type"] as? String == "#microsoft.graph.user" }
        let orphans = Set(t.orphanedCloud), cloudOnly = Set(t.cloudOnlyUsers)
        var matched = Set<String>()
        var upns = Set<String>()
        for u in users {
            let id = u["id"] as? String ?? ""
            let immutable = u["onPremisesImmutableId"] as? String
            #expect(upns.insert((u["userPrincipalName"] as? String ?? "").lowercased()).inserted, "duplicate cloud UPN")
            if cloudOnly.contains(id) {
                #expect(immutable == nil && u["onPremisesSyncEnabled"] is NSNull)
            } else if orphans.contains(id) {
                #expect(immutable.map { !anchors.contains($0) } == true)
                #expect(u["onPremisesSyncEnabled"] as? Bool == true)
            } else {
                #expect(immutable.map(anchors.contains) == true, "synced user \(id) matches no anchor")
                if let immutable { #expect(matched.insert(immutable).inserted) }
            }
        }
        #expect(users.count == matched.count + cloudOnly.count + orphans.count)
        // Exactly the unmatched users have no twin.
        let unmatchedAnchors = Set(t.unmatchedOnPrem.compactMap { anchorOf[$0] })
        #expect(unmatchedAnchors.count == t.unmatchedOnPrem.count)
        #expect(matched.union(unmatchedAnchors) == anchors && matched.isDisjoint(with: unmatchedAnchors))
        #expect(t.unmatchedOnPrem.count == 90 && t.cloudOnlyUsers.count == 30 && t.orphanedCloud.count == 15)

        // Takeovers: a cloud-only user with the UPN of an unmatched on-prem user.
        #expect(t.takeovers.count == 10)
        let byID = Dictionary(uniqueKeysWithValues: users.map { ($0["id"] as? String ?? "", $0) })
        let ldifByDN = Dictionary(uniqueKeysWithValues: f.ldif.objects.map { (f.ldif.identity(of: $0), $0) })
        for tk in t.takeovers {
            #expect(cloudOnly.contains(tk.cloudID) && t.unmatchedOnPrem.contains(tk.onPremDN))
            #expect((byID[tk.cloudID]?["userPrincipalName"] as? String)?.lowercased() == tk.upn)
            #expect(ldifByDN[tk.onPremDN].flatMap { f.ldif.value(of: $0, "upn")?.stringValue }?.lowercased() == tk.upn)
        }

        // Quarantined values are reported on the twin and absent from its values.
        #expect(!t.quarantined.isEmpty)
        let all = Dictionary(uniqueKeysWithValues: f.cloud.map { ($0["id"] as? String ?? "", $0) })
        for q in t.quarantined {
            guard let o = all[q.cloudID] else { Issue.record("no cloud object \(q.cloudID)"); continue }
            let errors = o["onPremisesProvisioningErrors"] as? [[String: Any]] ?? []
            #expect(errors.contains { $0["propertyCausingError"] as? String == q.property && $0["value"] as? String == q.value })
            if q.property == "UserPrincipalName" {
                #expect((o["userPrincipalName"] as? String)?.hasSuffix("@contoso.onmicrosoft.com") == true)
            } else {
                #expect(!(o["proxyAddresses"] as? [String] ?? []).contains(q.value))
            }
        }
    }

    /// Read from the files with Foundation, not dirq: each planted invalid soft match's candidates
    /// are exactly the cloud objects whose UPN is the user's UPN or whose SMTP addresses hold its
    /// primary address, and they are what the kind says they are.
    @Test func cloudJSONHoldsThePlantedInvalidSoftMatches() throws {
        let f = try Fixture.get()
        let t = f.truth
        func addresses(_ o: [String: Any]) -> [String] {
            (o["proxyAddresses"] as? [String] ?? []).compactMap { ProxyAddress($0) }.filter(\.isSMTP).map { $0.address.lowercased() }
        }
        let ldifByDN = Dictionary(uniqueKeysWithValues: f.ldif.objects.map { (f.ldif.identity(of: $0), $0) })
        func onPrem(_ dn: String, _ name: String) -> [String] {
            ldifByDN[dn].flatMap { f.ldif.value(of: $0, name) }?.elements.compactMap(\.stringValue) ?? []
        }
        func anchor(_ dn: String) -> String? {
            guard let o = ldifByDN[dn],
                  let b = (f.ldif.value(of: o, "mS-DS-ConsistencyGuid") ?? f.ldif.value(of: o, "objectGUID")).flatMap(GUIDText.bytes(of:))
            else { return nil }
            return Data(b).base64EncodedString()
        }
        let anchors = Set(f.ldif.objects.compactMap { anchor(f.ldif.identity(of: $0)) })
        let cloudOnly = Set(t.cloudOnlyUsers), orphans = Set(t.orphanedCloud), unmatched = Set(t.unmatchedOnPrem)
        var spellings = Set<Bool>()
        for m in t.invalidSoftMatches {
            #expect(unmatched.contains(m.onPremDN))
            let upn = try #require(onPrem(m.onPremDN, "userPrincipalName").first).lowercased()
            let primary = try #require(onPrem(m.onPremDN, "proxyAddresses").compactMap(ProxyAddress.init).first { $0.isPrimary }).address.lowercased()
            #expect(m.value == (m.attribute == "userPrincipalName" ? upn : primary))
            let candidates = f.cloud.filter {
                ($0["userPrincipalName"] as? String)?.lowercased() == upn || addresses($0).contains(primary)
            }
            #expect(Set(candidates.compactMap { $0["id"] as? String }) == Set(m.cloudIDs), "\(m.onPremDN)")
            for c in candidates {
                let held = [c["userPrincipalName"] as? String ?? ""] + (c["proxyAddresses"] as? [String] ?? [])
                spellings.insert(held.contains { $0.hasSuffix(m.value) })
            }
            switch m.kind {
            case .ambiguous:
                #expect(m.cloudIDs.count == 2 && m.cloudIDs.allSatisfy(cloudOnly.contains) && m.anchorOwnerDN == nil)
            case .orphanedAnchor:
                #expect(m.cloudIDs.count == 1 && orphans.contains(m.cloudIDs[0]) && m.anchorOwnerDN == nil)
                #expect(candidates.allSatisfy { ($0["onPremisesImmutableId"] as? String).map { !anchors.contains($0) } == true })
            case .alreadySynced:
                let owner = try #require(m.anchorOwnerDN)
                #expect(m.cloudIDs.count == 1 && !unmatched.contains(owner))
                #expect(candidates.first?["onPremisesImmutableId"] as? String == anchor(owner))
                // The owner no longer has the value on-prem: not a duplicate among on-prem users.
                #expect(!onPrem(owner, "userPrincipalName").contains { $0.lowercased() == m.value })
                #expect(!onPrem(owner, "proxyAddresses").compactMap(ProxyAddress.init).contains { $0.address.lowercased() == m.value })
            }
        }
        // 3000 users: 0.2 % of each kind, the orphaned and already-synced ones by UPN and by
        // address in turn, some spelled in another case than the on-prem value.
        for kind in SyncMatch.SoftMatchFailure.allCases {
            let planted = t.invalidSoftMatches.filter { $0.kind == kind }
            #expect(planted.count == 6, "\(kind)")
            if kind != .ambiguous { #expect(Set(planted.map(\.attribute)) == ["userPrincipalName", "proxyAddresses"], "\(kind)") }
        }
        #expect(spellings == [true, false])
    }

    // MARK: - Encoders

    @Test(arguments: [
        ("1wfM9xV8fUSHbcAbDlqeOA==", "f7cc07d7-7c15-447d-876d-c01b0e5a9e38"),
        ("A2gA4Cnwv0eHK29I4GEMLQ==", "e0006803-f029-47bf-872b-6f48e0610c2d"),
    ])
    func guidTextIsDotNetByteOrder(base64: String, guid: String) {
        let bytes = Array(Data(base64Encoded: base64)!)
        #expect(String(decoding: ByteText.guid(bytes), as: UTF8.self) == guid)
        #expect(String(decoding: ByteText.base64(bytes), as: UTF8.self) == base64)
    }

    @Test(arguments: 0..<8)
    func base64MatchesFoundation(length: Int) {
        let raw = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 200) }
        #expect(String(decoding: ByteText.base64(raw), as: UTF8.self) == Data(raw).base64EncodedString())
    }

    @Test(arguments: [
        (CaseStyle.same, "tycho.brahe12@contoso.com"),
        (.capitalized, "Tycho.Brahe12@contoso.com"),
        (.upperLocal, "TYCHO.BRAHE12@contoso.com"),
        (.upperDomain, "tycho.brahe12@CONTOSO.COM"),
    ])
    func caseStyles(style: CaseStyle, expected: String) {
        #expect(String(decoding: style.apply(Array("tycho.brahe12@contoso.com".utf8)), as: UTF8.self) == expected)
    }

    @Test(arguments: [(0, "19700101000000"), (951_782_400, "20000229000000"), (1_735_689_599, "20241231235959")])
    func generalizedTimeWithoutACalendar(seconds: Int, expected: String) {
        let c = TenantDates.civil(seconds)
        let text = String(format: "%04d%02d%02d%02d%02d%02d", c.y, c.m, c.d, c.h, c.mi, c.s)
        #expect(text == expected)
    }

    @Test func sameSeedSameNumbers() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        // The reference output of SplitMix64 for seed 0 (the generator's published test vector).
        var z = SplitMix64(seed: 0)
        #expect(z.next() == 0xE220_A839_7B1D_CDAF)
    }
}
