import DirqModel

/// A user address that another object copies, which plants a duplicate SMTP address.
package struct SharedAddress: Sendable {
    /// The user whose address is copied.
    package let source: Int
    /// Which of the source's addresses: 0 the primary, 1… its secondaries.
    package let which: Int
    package let style: CaseStyle
    /// The copy is the copier's primary address (`SMTP:`, and its `mail`); otherwise an extra
    /// secondary (`smtp:`).
    package let asPrimary: Bool
}

/// What is planted on one user.
package struct UserPlant: Sendable {
    /// The user's UPN is a copy of another user's (a duplicate UPN), spelled in `style`. Its
    /// synced twin then has a quarantined UPN `<local part><number>@contoso.onmicrosoft.com`.
    package var upnSource: Int?
    package var upnStyle = CaseStyle.same
    package var quarantineNumber = 0
    /// An extra `smtp:` address copied from another user.
    package var smtp: SharedAddress?
    /// The user has no synced twin in Entra ID.
    package var unmatched = false
}

/// An on-prem user without a synced twin whose soft match is invalid (InvalidSoftMatch), and how.
/// The cloud objects it finds carry its UPN (spelled in `style`) or hold its primary SMTP address
/// as an extra `smtp:` proxy address (`bySMTP`).
package struct SoftMatchPlant: Sendable {
    /// The unmatched on-prem user.
    package let user: Int
    package let kind: SoftMatchFailure
    /// Matched by the primary SMTP address only, not by UPN (for `ambiguous`: the first
    /// candidate has the UPN, the second the address).
    package let bySMTP: Bool
    package let style: CaseStyle
    /// `alreadySynced`: the synced user whose twin holds the value. `ambiguous`: the first of the
    /// two cloud-only users that hold it. `orphanedAnchor`: the orphaned cloud user that holds it.
    package let holder: Int
}

/// Which objects get which planted conflict. Decided up front from the seed, with every object
/// in at most one role, so that the planted truth follows from the plan alone and nothing
/// collides by accident.
///
/// Rates, relative to the number of users N:
/// - duplicate UPN groups: N × rate / 2 (pairs; every tenth a triple) — about `rate` of the users;
/// - duplicate SMTP groups: N × rate / 2: half user–user, a quarter user–group, a quarter
///   user–contact, every tenth with a third holder;
/// - 3 % of users have no synced twin; 1 % of N are cloud-only users, a third of them with the UPN
///   of an unmatched on-prem user (a soft-match takeover); 0.5 % of N are orphaned synced users.
/// - invalid soft matches, about 0.2 % of N of each kind, each on an unmatched user: ambiguous (two
///   cloud-only users after the takeovers, one with its UPN, one with its address; at most half of
///   the cloud-only users left), orphaned anchor (the first orphans carry its UPN or address; at
///   most half of the orphans), and already synced (the twin of another, otherwise unplanted,
///   synced user carries its UPN or address — a value that user no longer has on-prem).
package struct TenantPlan: Sendable {
    package let userCount: Int
    package let groupCount: Int
    package let contactCount: Int
    package let cloudOnlyCount: Int
    package let orphanCount: Int

    package private(set) var users: [Int: UserPlant] = [:]
    package private(set) var groups: [Int: SharedAddress] = [:]
    package private(set) var contacts: [Int: SharedAddress] = [:]
    /// Cloud-only user `j` (for `j < takeovers.count`) has the UPN of on-prem user `takeovers[j]`.
    package private(set) var takeovers: [Int] = []
    /// Each duplicate UPN group: the source user, then the copiers.
    package private(set) var upnGroups: [[Int]] = []
    /// Each duplicate SMTP group: the source user and the copiers of its address.
    package private(set) var smtpGroups: [(source: Int, which: Int, users: [Int], groups: [Int], contacts: [Int])] = []
    /// Users without a synced twin, in index order.
    package private(set) var unmatched: [Int] = []
    /// Invalid soft matches, each kind in the order its holders are written.
    package private(set) var softMatches: [SoftMatchPlant] = []
    /// Synced user → the planted invalid soft match whose value its twin holds.
    package private(set) var twinHolds: [Int: SoftMatchPlant] = [:]
    /// Cloud-only user `j` → the ambiguous soft match it is a candidate of (`j` is the first or
    /// the second of the pair).
    package private(set) var ambiguousHolders: [Int: SoftMatchPlant] = [:]
    /// Orphan `k` → the invalid soft match whose value it holds.
    package private(set) var orphanHolds: [Int: SoftMatchPlant] = [:]

    package init(users n: Int, seed: UInt64, conflictRate rate: Double) throws {
        userCount = n
        groupCount = n * 5 / 100
        contactCount = n * 3 / 100
        cloudOnlyCount = Int((Double(n) * 0.01).rounded())
        orphanCount = Int((Double(n) * 0.005).rounded())
        let upnGroupCount = Int((Double(n) * rate / 2).rounded())
        let smtpGroupCount = Int((Double(n) * rate / 2).rounded())
        let unmatchedCount = Int((Double(n) * 0.03).rounded())

        var r = SplitMix64(seed: seed, stream: GeneratorStream.plan.rawValue, index: 0)
        var userPool = Pool(n), groupPool = Pool(groupCount), contactPool = Pool(contactCount)
        func takeUser() throws -> Int {
            guard let u = userPool.take(&r) else {
                throw GeneratorError("\(n) users are too few for conflict rate \(rate); use more users or a lower rate")
            }
            return u
        }

        for g in 0..<upnGroupCount {
            let source = try takeUser()
            var members = [source]
            let copies = g % 10 == 9 ? 2 : 1
            for c in 0..<copies {
                let u = try takeUser()
                // A third exactly equal, the rest differing only in case.
                let style: CaseStyle = [.same, .capitalized, .upperDomain][(g + c) % 3]
                let number = c == 0 ? 1000 + r.below(4500) : 5500 + r.below(4500)
                users[u] = UserPlant(upnSource: source, upnStyle: style, quarantineNumber: number)
                members.append(u)
            }
            upnGroups.append(members)
        }

        for g in 0..<smtpGroupCount {
            let source = try takeUser()
            let profile = UserProfile(seed: seed, index: source)
            let secondaries = profile.secondaryAddresses.count
            let which = secondaries == 0 || r.chance(0.6) ? 0 : 1 + r.below(secondaries)
            var entry = (source: source, which: which, users: [Int](), groups: [Int](), contacts: [Int]())
            let holders = g % 10 == 9 ? 2 : 1
            for h in 0..<holders {
                let style = CaseStyle(rawValue: (g + h) % 4)!
                let asPrimary = (g / 4 + h) % 2 == 0
                // Kind of copier: user, user, group, contact by turns; a group or contact when
                // there are none left falls back to a user.
                let kind = (g + h) % 4
                if kind == 2, let j = groupPool.take(&r) {
                    groups[j] = SharedAddress(source: source, which: which, style: style, asPrimary: asPrimary)
                    entry.groups.append(j)
                } else if kind == 3, let k = contactPool.take(&r) {
                    contacts[k] = SharedAddress(source: source, which: which, style: style, asPrimary: asPrimary)
                    entry.contacts.append(k)
                } else {
                    let u = try takeUser()
                    users[u, default: UserPlant()].smtp =
                        SharedAddress(source: source, which: which, style: style, asPrimary: false)
                    entry.users.append(u)
                }
            }
            smtpGroups.append(entry)
        }

        for _ in 0..<unmatchedCount {
            let u = try takeUser()
            users[u, default: UserPlant()].unmatched = true
            unmatched.append(u)
        }
        // The first unmatched users in pick order (random, so spread over the tenant) are the
        // ones a cloud-only user takes over.
        takeovers = Array(unmatched.prefix(min(cloudOnlyCount / 3, unmatchedCount)))

        // The next unmatched users in pick order get an invalid soft match, a kind at a time.
        let perKind = Int((Double(n) * 0.002).rounded())
        var next = takeovers.count
        func unmatchedUser() -> Int? {
            guard next < unmatched.count else { return nil }
            next += 1
            return unmatched[next - 1]
        }
        let firstAmbiguous = takeovers.count
        for q in 0..<min(perKind, (cloudOnlyCount - firstAmbiguous) / 2) {
            guard let u = unmatchedUser() else { break }
            let p = SoftMatchPlant(user: u, kind: .ambiguous, bySMTP: false, style: q % 2 == 0 ? .same : .upperDomain,
                                   holder: firstAmbiguous + 2 * q)
            softMatches.append(p)
            ambiguousHolders[p.holder] = p
            ambiguousHolders[p.holder + 1] = p
        }
        for k in 0..<min(perKind, orphanCount / 2) {
            guard let u = unmatchedUser() else { break }
            let p = SoftMatchPlant(user: u, kind: .orphanedAnchor, bySMTP: k % 2 == 1, style: k % 4 < 2 ? .same : .capitalized,
                                   holder: k)
            softMatches.append(p)
            orphanHolds[k] = p
        }
        for k in 0..<perKind {
            // The holder is a synced user with no other role; none left, nothing planted.
            guard next < unmatched.count, let owner = userPool.take(&r), let u = unmatchedUser() else { break }
            let p = SoftMatchPlant(user: u, kind: .alreadySynced, bySMTP: k % 2 == 1, style: CaseStyle(rawValue: k % 4)!,
                                   holder: owner)
            softMatches.append(p)
            twinHolds[owner] = p
        }
        unmatched.sort()
    }

    /// The planted role of user `i`, if any.
    package func user(_ i: Int) -> UserPlant? { users[i] }
}

/// Distinct random picks from `0..<count` without replacement: a Fisher–Yates shuffle done one
/// step per pick, so only as many steps as picks are needed.
private struct Pool {
    package var items: [Int32]
    package var taken = 0

    package init(_ count: Int) {
        items = (0..<Int32(count)).map { $0 }
    }

    package mutating func take(_ r: inout SplitMix64) -> Int? {
        guard taken < items.count else { return nil }
        let j = taken + r.below(items.count - taken)
        items.swapAt(taken, j)
        taken += 1
        return Int(items[taken - 1])
    }
}
