import Foundation
import DirqModel

/// Writes a synthetic tenant of any size — an on-prem export as ldifde LDIF and as PowerShell
/// CSV (the same objects), and the cloud side as Microsoft Graph JSON — with sync conflicts
/// planted at known places, and returns (and writes as `truth.json`) exactly what was planted.
///
/// Why: the loaders and the engine must be tried on exports far larger than any sample, and a
/// query's answer can only be checked against a truth that is known independently of the engine.
/// Everything is a pure function of `seed` (see `SplitMix64`): the same seed gives the same bytes
/// on every machine, so a failing size or a performance regression can be reproduced exactly.
///
///     let tenant = try TenantGenerator(users: 100_000, seed: 7).write(to: URL(fileURLWithPath: "big"))
///     print(tenant.duplicateUPNs.count)
///
/// What is planted (N users, rate r; see `TenantPlan` for the exact rules):
/// - duplicate UPNs among users (pairs, every tenth group a triple; a third spelled identically,
///   the rest differing only in case); the synced twins of the copies hold a quarantined UPN;
/// - duplicate SMTP proxy addresses: user–user, user–group and user–contact, with `SMTP:` vs
///   `smtp:` and case variants;
/// - 3 % of users without a synced twin, 1 % cloud-only users (a third of them with the UPN of such
///   an unmatched user), 0.5 % orphaned synced users whose ImmutableId matches nothing;
/// - invalid soft matches of unmatched users, each kind about 0.2 %: ambiguous (two cloud-only
///   candidates), orphaned anchor (the candidate is an orphan), already synced (the candidate is
///   the twin of another on-prem user), by UPN or by primary SMTP address.
/// Everything else is unique, case-insensitively, by construction.
public struct TenantGenerator: Sendable {
    public let users: Int
    public let seed: UInt64
    public let conflictRate: Double

    /// Largest supported size: sAMAccountName stays within AD's 20 characters below 10⁸ users,
    /// and ten million users is already about 7 GB of LDIF.
    public static let maxUsers = 10_000_000
    /// Largest conflict rate: above it the planted roles would not fit among the users.
    public static let maxConflictRate = 0.2

    public init(users: Int, seed: UInt64, conflictRate: Double = 0.01) {
        self.users = users
        self.seed = seed
        self.conflictRate = conflictRate
    }

    /// Writes `onprem.ldif`, `onprem.csv`, `cloud.json` and `truth.json` into `directory`
    /// (created if missing; existing files of those names are replaced).
    public func write(to directory: URL) throws -> GeneratedTenant {
        guard users >= 1 && users <= Self.maxUsers else {
            throw GeneratorError("the number of users must be between 1 and \(Self.maxUsers), not \(users)")
        }
        guard conflictRate.isFinite && conflictRate >= 0 && conflictRate <= Self.maxConflictRate else {
            throw GeneratorError("the conflict rate must be between 0 and \(Self.maxConflictRate), not \(conflictRate)")
        }
        let plan = try TenantPlan(users: users, seed: seed, conflictRate: conflictRate)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw GeneratorError("cannot create the directory \(directory.path): \(GeneratorError.reason(error))")
        }

        var tenant = GeneratedTenant(seed: seed, conflictRate: conflictRate, users: users,
                                     groups: plan.groupCount, contacts: plan.contactCount, cloudObjects: 0)
        tenant.directory = directory
        var emitter = try Emitter(seed: seed, plan: plan,
                                  ldif: ByteSink(url: tenant.onPremLDIF),
                                  csv: ByteSink(url: tenant.onPremCSV),
                                  json: ByteSink(url: tenant.cloudJSON))
        do {
            try emitter.run(into: &tenant)
            addDuplicates(plan, to: &tenant)
            try tenant.encoded().write(to: tenant.truthJSON)
        } catch let e as GeneratorError {
            throw e
        } catch {
            throw GeneratorError("cannot write the tenant into \(directory.path): \(GeneratorError.reason(error))")
        }
        return tenant
    }

    /// The planted duplicate groups, from the plan: keys lower-cased, holders in file order
    /// (users, then groups, then contacts, each by index).
    private func addDuplicates(_ plan: TenantPlan, to tenant: inout GeneratedTenant) {
        func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }
        func userDN(_ i: Int) -> String { text(UserProfile(seed: seed, index: i).dn) }
        for members in plan.upnGroups {
            let key = text(ByteText.lowercasedASCII(UserProfile(seed: seed, index: members[0]).upn))
            tenant.duplicateUPNs[key] = members.sorted().map(userDN)
        }
        for g in plan.smtpGroups {
            let key = text(ByteText.lowercasedASCII(UserProfile(seed: seed, index: g.source).address(g.which)))
            tenant.duplicateSMTP[key] = ([g.source] + g.users).sorted().map(userDN)
                + g.groups.sorted().map { text(GroupProfile(seed: seed, index: $0).dn) }
                + g.contacts.sorted().map { text(ContactProfile(seed: seed, index: $0).dn) }
        }
        tenant.unmatchedOnPrem = plan.unmatched.map(userDN)

        for p in plan.softMatches.sorted(by: { $0.user < $1.user }) {
            let u = UserProfile(seed: seed, index: p.user)
            func cloudID(_ stream: GeneratorStream, _ j: Int) -> String { text(ByteText.guid(CloudUserProfile(seed: seed, stream: stream, index: j).id)) }
            var m = GeneratedTenant.InvalidSoftMatch(
                kind: p.kind, onPremDN: text(u.dn), attribute: p.bySMTP ? "proxyAddresses" : "userPrincipalName",
                value: text(p.bySMTP ? u.primaryAddress : u.upn), cloudIDs: [], anchorOwnerDN: nil)
            switch p.kind {
            case .ambiguous: m.cloudIDs = [cloudID(.cloudOnly, p.holder), cloudID(.cloudOnly, p.holder + 1)]
            case .orphanedAnchor: m.cloudIDs = [cloudID(.orphan, p.holder)]
            case .alreadySynced:
                let owner = UserProfile(seed: seed, index: p.holder)
                m.cloudIDs = [text(ByteText.guid(owner.cloudID))]
                m.anchorOwnerDN = text(owner.dn)
            }
            tenant.invalidSoftMatches.append(m)
        }
    }
}

/// Streams every object of the plan into the three files in one pass: each on-prem object is
/// built once as an `OnPremRecord` and written to the LDIF and the CSV, its synced twin to the
/// JSON. Cloud-side facts (quarantines, takeovers, orphans) are recorded in the tenant as they
/// are written.
private struct Emitter {
    package let seed: UInt64
    package let plan: TenantPlan
    package var ldif: ByteSink
    package var csv: ByteSink
    package var json: ByteSink
    package var firstCloud = true

    package mutating func run(into tenant: inout GeneratedTenant) throws {
        CSVFormat.header(&csv)
        GraphFormat.header(&json)
        for i in 0..<plan.userCount {
            user(i, &tenant)
            try flushIfFull()
        }
        for j in 0..<plan.cloudOnlyCount {
            cloudOnlyUser(j, &tenant)
            try flushIfFull()
        }
        for k in 0..<plan.orphanCount {
            orphan(k, &tenant)
            try flushIfFull()
        }
        for j in 0..<plan.groupCount {
            group(j, &tenant)
            try flushIfFull()
        }
        for k in 0..<plan.contactCount {
            contact(k, &tenant)
            try flushIfFull()
        }
        GraphFormat.footer(&json)
        try ldif.close()
        try csv.close()
        try json.close()
    }

    private mutating func flushIfFull() throws {
        try ldif.flushIfFull()
        try csv.flushIfFull()
        try json.flushIfFull()
    }

    private mutating func onPrem(_ r: OnPremRecord) {
        LDIFFormat.write(r, to: &ldif)
        CSVFormat.write(r, to: &csv)
    }

    private mutating func cloud(_ r: CloudRecord, _ tenant: inout GeneratedTenant) {
        GraphFormat.write(r, first: firstCloud, to: &json)
        firstCloud = false
        tenant.cloudObjects += 1
    }

    private static let smtpPrimary = Array("SMTP:".utf8)
    private static let smtpSecondary = Array("smtp:".utf8)

    private func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

    /// The address a planted duplicate copies, spelled in its style.
    private func sharedAddress(_ s: SharedAddress) -> [UInt8] {
        s.style.apply(UserProfile(seed: seed, index: s.source).address(s.which))
    }

    private mutating func user(_ i: Int, _ tenant: inout GeneratedTenant) {
        let p = UserProfile(seed: seed, index: i)
        let plant = plan.user(i)
        let primary = p.primaryAddress
        var upn = primary
        if let source = plant?.upnSource {
            upn = plant!.upnStyle.apply(UserProfile(seed: seed, index: source).upn)
        }
        var proxies = [ByteText.joined(Self.smtpPrimary, primary)]
        for a in p.secondaryAddresses { proxies.append(ByteText.joined(Self.smtpSecondary, a)) }
        var cloudProxies = proxies
        var planted: [UInt8]?
        if let shared = plant?.smtp {
            planted = ByteText.joined(Self.smtpSecondary, sharedAddress(shared))
            proxies.append(planted!)
        }
        if p.hasX500 {
            let x = p.x500
            proxies.append(x)
            cloudProxies.append(x)
        }
        let dn = p.dn
        let record = OnPremRecord(
            kind: .user, dn: dn, cn: p.cn, samAccountName: p.samAccountName, userPrincipalName: upn,
            givenName: p.given.display, sn: p.surname.display, displayName: p.displayName,
            department: p.department.display, mail: primary, proxyAddresses: proxies,
            objectGUID: p.guid, consistencyGuid: p.consistencyGuid, userAccountControl: p.userAccountControl,
            groupType: nil, whenCreated: p.created)
        onPrem(record)

        if plant?.unmatched == true { return }
        // The synced twin. A planted duplicate is quarantined on it: the UPN replaced by
        // `<local part><number>@<initial domain>`, the proxy address left out.
        var twin = CloudRecord(kind: .user, id: p.cloudID, displayName: record.displayName, userPrincipalName: upn,
                               mail: record.mail, proxyAddresses: cloudProxies,
                               immutableID: ByteText.base64(p.anchor), syncEnabled: true)
        let id = text(ByteText.guid(p.cloudID))
        if let held = plan.twinHolds[i] {
            // The twin still holds a value this user gave up on-prem and an unmatched user now has.
            var heldUPN = upn
            hold(held, upn: &heldUPN, proxies: &twin.proxyAddresses)
            twin.userPrincipalName = heldUPN
        }
        if let plant, plant.upnSource != nil {
            let local = upn.prefix { $0 != UInt8(ascii: "@") }
            twin.userPrincipalName = Array(local) + ByteText.decimal(plant.quarantineNumber) + TenantDomains.initial
            twin.errors.append(.init(property: "UserPrincipalName", value: upn))
            tenant.quarantined.append(.init(cloudID: id, onPremDN: text(dn), property: "UserPrincipalName", value: text(upn)))
        }
        if let planted {
            twin.errors.append(.init(property: "ProxyAddress", value: planted))
            tenant.quarantined.append(.init(cloudID: id, onPremDN: text(dn), property: "ProxyAddress", value: text(planted)))
        }
        cloud(twin, &tenant)
    }

    /// A user created in the cloud: no ImmutableId, never synced. The first ones carry the UPN
    /// (and primary address) of an on-prem user that has no twin.
    private mutating func cloudOnlyUser(_ j: Int, _ tenant: inout GeneratedTenant) {
        let c = CloudUserProfile(seed: seed, stream: .cloudOnly, index: j)
        let id = text(ByteText.guid(c.id))
        var upn = c.upn(tag: "cloud")
        var displayName = c.displayName
        var proxies = [Self.smtpPrimary + upn]
        var mail = upn
        if j < plan.takeovers.count {
            let target = UserProfile(seed: seed, index: plan.takeovers[j])
            upn = (j % 2 == 0 ? CaseStyle.same : .capitalized).apply(target.upn)
            mail = upn
            proxies = [Self.smtpPrimary + upn]
            displayName = target.displayName
            tenant.takeovers.append(.init(upn: text(target.upn), onPremDN: text(target.dn), cloudID: id))
        } else if let p = plan.ambiguousHolders[j] {
            // One of two cloud-only users an unmatched user soft-matches: the first by its UPN,
            // the second by its primary address (an extra `smtp:` here).
            hold(SoftMatchPlant(user: p.user, kind: p.kind, bySMTP: j != p.holder, style: p.style, holder: p.holder),
                 upn: &upn, proxies: &proxies)
        }
        cloud(CloudRecord(kind: .user, id: c.id, displayName: displayName, userPrincipalName: upn, mail: mail,
                          proxyAddresses: proxies, immutableID: nil, syncEnabled: nil), &tenant)
        tenant.cloudOnlyUsers.append(id)
    }

    /// A synced user whose on-prem source is gone: its ImmutableId is random.
    private mutating func orphan(_ k: Int, _ tenant: inout GeneratedTenant) {
        let c = CloudUserProfile(seed: seed, stream: .orphan, index: k)
        var upn = c.upn(tag: "orphan")
        var proxies = [Self.smtpPrimary + upn]
        var mail = upn
        var displayName = c.displayName
        if let p = plan.orphanHolds[k] {
            // The old cloud object of an on-prem user that was deleted and re-created (new anchor).
            hold(p, upn: &upn, proxies: &proxies)
            if !p.bySMTP { mail = upn; proxies = [Self.smtpPrimary + upn] }
            displayName = UserProfile(seed: seed, index: p.user).displayName
        }
        cloud(CloudRecord(kind: .user, id: c.id, displayName: displayName, userPrincipalName: upn, mail: mail,
                          proxyAddresses: proxies, immutableID: ByteText.base64(c.orphanAnchor),
                          syncEnabled: true), &tenant)
        tenant.orphanedCloud.append(text(ByteText.guid(c.id)))
    }

    /// Gives a cloud object the value of a planted invalid soft match: the unmatched user's UPN,
    /// or its primary address as an extra `smtp:` proxy address, spelled in the plant's style.
    private func hold(_ p: SoftMatchPlant, upn: inout [UInt8], proxies: inout [[UInt8]]) {
        let u = UserProfile(seed: seed, index: p.user)
        if p.bySMTP {
            proxies.append(Self.smtpSecondary + p.style.apply(u.primaryAddress))
        } else {
            upn = p.style.apply(u.upn)
        }
    }

    /// Adds a planted address to a group's or contact's proxies: as the new primary (the old
    /// primary becomes a secondary, `mail` follows) or as an extra secondary. Returns the
    /// planted proxy value.
    private func plant(_ shared: SharedAddress, proxies: inout [[UInt8]], mail: inout [UInt8]) -> [UInt8] {
        let address = sharedAddress(shared)
        if shared.asPrimary {
            proxies[0] = Self.smtpSecondary + proxies[0].dropFirst(5)
            proxies.insert(Self.smtpPrimary + address, at: 0)
            mail = address
            return proxies[0]
        }
        proxies.append(Self.smtpSecondary + address)
        return proxies[proxies.count - 1]
    }

    private mutating func group(_ j: Int, _ tenant: inout GeneratedTenant) {
        let g = GroupProfile(seed: seed, index: j)
        let natural = [Self.smtpPrimary + g.primaryAddress] + g.secondaryAddresses.map { Self.smtpSecondary + $0 }
        var proxies = natural
        var mail = g.primaryAddress
        var planted: [UInt8]?
        if let shared = plan.groups[j] { planted = plant(shared, proxies: &proxies, mail: &mail) }
        let cn = g.cn
        onPrem(OnPremRecord(
            kind: .group, dn: g.dn, cn: cn, samAccountName: g.samAccountName, userPrincipalName: nil,
            givenName: nil, sn: nil, displayName: cn, department: nil, mail: mail, proxyAddresses: proxies,
            objectGUID: g.guid, consistencyGuid: nil, userAccountControl: nil, groupType: g.groupType,
            whenCreated: g.created))
        var twin = CloudRecord(kind: .group, id: g.cloudID, displayName: cn, userPrincipalName: nil,
                               mail: g.primaryAddress, proxyAddresses: natural, immutableID: nil, syncEnabled: true,
                               securityEnabled: g.security)
        if let planted { quarantine(planted, twin: &twin, dn: g.dn, &tenant) }
        cloud(twin, &tenant)
    }

    private mutating func contact(_ k: Int, _ tenant: inout GeneratedTenant) {
        let c = ContactProfile(seed: seed, index: k)
        let natural = [Self.smtpPrimary + c.primaryAddress]
        var proxies = natural
        var mail = c.primaryAddress
        var planted: [UInt8]?
        if let shared = plan.contacts[k] { planted = plant(shared, proxies: &proxies, mail: &mail) }
        let displayName = c.displayName
        onPrem(OnPremRecord(
            kind: .contact, dn: c.dn, cn: c.cn, samAccountName: nil, userPrincipalName: nil,
            givenName: c.given.display, sn: c.surname.display, displayName: displayName, department: nil,
            mail: mail, proxyAddresses: proxies, objectGUID: c.guid, consistencyGuid: nil,
            userAccountControl: nil, groupType: nil, whenCreated: c.created))
        var twin = CloudRecord(kind: .orgContact, id: c.cloudID, displayName: displayName, userPrincipalName: nil,
                               mail: c.primaryAddress, proxyAddresses: natural, immutableID: nil, syncEnabled: true)
        if let planted { quarantine(planted, twin: &twin, dn: c.dn, &tenant) }
        cloud(twin, &tenant)
    }

    private func quarantine(_ planted: [UInt8], twin: inout CloudRecord, dn: [UInt8], _ tenant: inout GeneratedTenant) {
        twin.errors.append(.init(property: "ProxyAddress", value: planted))
        tenant.quarantined.append(.init(cloudID: text(ByteText.guid(twin.id)), onPremDN: text(dn),
                                        property: "ProxyAddress", value: text(planted)))
    }
}
