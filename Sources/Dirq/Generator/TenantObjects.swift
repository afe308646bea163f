/// The streams of the generator's random numbers: one per kind of generated thing, so that adding
/// a draw to one kind never shifts the values of another.
enum GeneratorStream: UInt64 {
    case user = 1, group, contact, cloudOnly, orphan, plan
}

/// How a planted duplicate spells the value it copies: the same, or differing only in case
/// (the directory compares UPNs and addresses case-insensitively, so these are still duplicates,
/// and a tool that compares bytes would miss them).
enum CaseStyle: Int, Sendable {
    /// `tycho.brahe12@contoso.com`
    case same
    /// `Tycho.Brahe12@contoso.com`: each dot-separated part of the local part capitalised.
    case capitalized
    /// `TYCHO.BRAHE12@contoso.com`
    case upperLocal
    /// `tycho.brahe12@CONTOSO.COM`
    case upperDomain

    /// `address` (lower-case ASCII, as all generated addresses are) spelled in this style.
    func apply(_ address: [UInt8]) -> [UInt8] {
        var out = address
        guard let at = out.firstIndex(of: UInt8(ascii: "@")) else { return out }
        func upper(_ i: Int) { if out[i] >= 0x61 && out[i] <= 0x7A { out[i] -= 32 } }
        switch self {
        case .same: break
        case .capitalized:
            var startOfPart = true
            for i in 0..<at {
                if startOfPart { upper(i) }
                startOfPart = out[i] == UInt8(ascii: ".")
            }
        case .upperLocal: for i in 0..<at { upper(i) }
        case .upperDomain: for i in (at + 1)..<out.count { upper(i) }
        }
        return out
    }
}

/// Mail domains of the synthetic tenant.
enum TenantDomains {
    static let upn = Array("@contoso.com".utf8)
    static let routing = Array("@contoso.mail.onmicrosoft.com".utf8)
    static let acquired = Array("@fabrikam.com".utf8)
    static let initial = Array("@contoso.onmicrosoft.com".utf8)
    static let base = Array(",DC=contoso,DC=com".utf8)
    static let cnPrefix = Array("CN=".utf8)
    static let ouPrefix = Array(",OU=".utf8)
    static let staff = Array(",OU=Staff".utf8)
    static let x500Prefix = Array("X500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=".utf8)
}

/// One on-prem user as generated before any conflict is planted: a pure function of the seed and
/// the user's index, so a planted duplicate can recompute the value it copies from any user.
///
/// Unique by construction: every identifying value (DN, sAMAccountName, UPN, addresses) contains
/// the index in decimal right after letters, so no two users can share one. displayName is not
/// unique (two Tycho Brahes are normal).
struct UserProfile {
    let index: Int
    let given: NameTables.Name
    let surname: NameTables.Name
    let department: NameTables.Name
    let hasInitialAlias: Bool
    let hasRoutingAddress: Bool
    let hasAcquiredAddress: Bool
    let hasX500: Bool
    /// objectGUID, in `Guid.ToByteArray()` order.
    let guid: [UInt8]
    /// mS-DS-ConsistencyGuid: nil (about half), a copy of objectGUID (what Entra Connect writes),
    /// or, for one in ten of those, a GUID of its own (a user migrated from another forest).
    let consistencyGuid: [UInt8]?
    let userAccountControl: Int
    /// whenCreated, Unix seconds.
    let created: Int
    /// The `id` of the user's synced twin in Entra ID.
    let cloudID: [UInt8]

    init(seed: UInt64, index: Int) {
        var r = SplitMix64(seed: seed, stream: GeneratorStream.user.rawValue, index: index)
        self.index = index
        given = NameTables.given[r.below(NameTables.given.count)]
        surname = NameTables.surname[r.below(NameTables.surname.count)]
        department = NameTables.departments[r.below(NameTables.departments.count)]
        hasInitialAlias = r.chance(0.5)
        hasRoutingAddress = r.chance(0.4)
        hasAcquiredAddress = r.chance(0.15)
        hasX500 = r.chance(0.2)
        guid = r.guidBytes()
        if r.chance(0.5) {
            consistencyGuid = r.chance(0.1) ? r.guidBytes() : guid
        } else {
            consistencyGuid = nil
        }
        let u = r.below(100)
        userAccountControl = u < 5 ? 514 : u < 8 ? 66048 : 512
        created = TenantDates.earliest + r.below(TenantDates.span)
        cloudID = r.guidBytes()
    }

    /// The source anchor Entra Connect sends: mS-DS-ConsistencyGuid when set, else objectGUID.
    var anchor: [UInt8] { consistencyGuid ?? guid }

    /// `Given Surname 12`
    var cn: [UInt8] {
        ByteText.build(40) {
            $0 += given.display; $0.append(0x20); $0 += surname.display; $0.append(0x20)
            ByteText.appendDecimal(index, to: &$0)
        }
    }

    var displayName: [UInt8] {
        ByteText.build(32) { $0 += given.display; $0.append(0x20); $0 += surname.display }
    }

    /// `CN=Given Surname 12,OU=Sales,OU=Staff,DC=contoso,DC=com`
    var dn: [UInt8] {
        ByteText.build(96) {
            $0 += TenantDomains.cnPrefix; $0 += given.display; $0.append(0x20); $0 += surname.display; $0.append(0x20)
            ByteText.appendDecimal(index, to: &$0)
            $0 += TenantDomains.ouPrefix; $0 += department.display; $0 += TenantDomains.staff; $0 += TenantDomains.base
        }
    }

    /// First initial, up to ten letters of the surname, the index: at most 20 characters (AD's
    /// limit) for indices below 10⁸.
    var samAccountName: [UInt8] {
        ByteText.build(20) {
            $0.append(given.ascii[0]); $0 += surname.ascii.prefix(10)
            ByteText.appendDecimal(index, to: &$0)
        }
    }

    /// `given.surname12` + `domain`
    private func address(local domain: [UInt8]) -> [UInt8] {
        ByteText.build(64) {
            $0 += given.ascii; $0.append(UInt8(ascii: ".")); $0 += surname.ascii
            ByteText.appendDecimal(index, to: &$0)
            $0 += domain
        }
    }

    /// `given.surname12@contoso.com`
    var upn: [UInt8] { address(local: TenantDomains.upn) }

    /// The primary SMTP address (and `mail`): the UPN, as in most tenants.
    var primaryAddress: [UInt8] { upn }

    /// 0–3 secondary SMTP addresses, each of a different shape: `gsurname12@contoso.com` (no dot,
    /// so never equal to a primary), the tenant routing address, and the address at the acquired
    /// company's domain.
    var secondaryAddresses: [[UInt8]] {
        var out: [[UInt8]] = []
        if hasInitialAlias {
            out.append(ByteText.build(48) {
                $0.append(given.ascii[0]); $0 += surname.ascii
                ByteText.appendDecimal(index, to: &$0)
                $0 += TenantDomains.upn
            })
        }
        if hasRoutingAddress { out.append(address(local: TenantDomains.routing)) }
        if hasAcquiredAddress { out.append(address(local: TenantDomains.acquired)) }
        return out
    }

    /// Address `which` of the user: 0 is the primary, 1… the secondaries.
    func address(_ which: Int) -> [UInt8] {
        which == 0 ? primaryAddress : secondaryAddresses[which - 1]
    }

    /// Exchange's legacyExchangeDN of a migrated mailbox, as an X500 proxy address. Long, so the
    /// LDIF line is folded.
    var x500: [UInt8] {
        ByteText.build(140) {
            $0 += TenantDomains.x500Prefix
            for b in guid {
                $0.append(ByteText.hexDigits[Int(b >> 4)])
                $0.append(ByteText.hexDigits[Int(b & 0xF)])
            }
            $0.append(UInt8(ascii: "-"))
            $0 += samAccountName
        }
    }
}

/// One mail-enabled group (distribution or mail-enabled security group).
struct GroupProfile {
    let index: Int
    let department: NameTables.Name
    let security: Bool
    let hasRoutingAddress: Bool
    let guid: [UInt8]
    let created: Int
    let cloudID: [UInt8]

    init(seed: UInt64, index: Int) {
        var r = SplitMix64(seed: seed, stream: GeneratorStream.group.rawValue, index: index)
        self.index = index
        department = NameTables.departments[r.below(NameTables.departments.count)]
        security = r.chance(0.3)
        hasRoutingAddress = r.chance(0.5)
        guid = r.guidBytes()
        created = TenantDates.earliest + r.below(TenantDates.span)
        cloudID = r.guidBytes()
    }

    /// `Sales Team 7`
    var cn: [UInt8] { department.display + Array(" Team ".utf8) + ByteText.decimal(index) }

    var dn: [UInt8] { Array("CN=".utf8) + cn + Array(",OU=Groups".utf8) + TenantDomains.base }

    /// `sales-team-7`: the hyphens keep it apart from every user value.
    var samAccountName: [UInt8] { department.ascii + Array("-team-".utf8) + ByteText.decimal(index) }

    var primaryAddress: [UInt8] { samAccountName + TenantDomains.upn }

    var secondaryAddresses: [[UInt8]] {
        hasRoutingAddress ? [samAccountName + TenantDomains.routing] : []
    }

    /// groupType: universal distribution (8) or universal security (0x80000008).
    var groupType: Int { security ? -2_147_483_640 : 8 }
}

/// One mail contact for a person at a partner company.
struct ContactProfile {
    let index: Int
    let given: NameTables.Name
    let surname: NameTables.Name
    let domain: [UInt8]
    let guid: [UInt8]
    let created: Int
    let cloudID: [UInt8]

    init(seed: UInt64, index: Int) {
        var r = SplitMix64(seed: seed, stream: GeneratorStream.contact.rawValue, index: index)
        self.index = index
        given = NameTables.given[r.below(NameTables.given.count)]
        surname = NameTables.surname[r.below(NameTables.surname.count)]
        domain = NameTables.partnerDomains[r.below(NameTables.partnerDomains.count)]
        guid = r.guidBytes()
        created = TenantDates.earliest + r.below(TenantDates.span)
        cloudID = r.guidBytes()
    }

    /// `Given Surname (External 4)`
    var cn: [UInt8] {
        given.display + [0x20] + surname.display + Array(" (External ".utf8) + ByteText.decimal(index) + [UInt8(ascii: ")")]
    }

    var displayName: [UInt8] { given.display + [0x20] + surname.display + Array(" (External)".utf8) }

    var dn: [UInt8] { Array("CN=".utf8) + cn + Array(",OU=Contacts".utf8) + TenantDomains.base }

    /// `given.surname.4@adatum.com`: partner domains are used by no user.
    var primaryAddress: [UInt8] {
        given.ascii + [UInt8(ascii: ".")] + surname.ascii + [UInt8(ascii: ".")] + ByteText.decimal(index) + [UInt8(ascii: "@")] + domain
    }
}

/// A cloud-only user (created in Entra ID, never synced) or an orphaned synced user (its on-prem
/// source is gone: its ImmutableId matches no on-prem object).
struct CloudUserProfile {
    let index: Int
    let given: NameTables.Name
    let surname: NameTables.Name
    let id: [UInt8]
    /// The orphan's ImmutableId bytes (random: they match no on-prem anchor).
    let orphanAnchor: [UInt8]

    init(seed: UInt64, stream: GeneratorStream, index: Int) {
        var r = SplitMix64(seed: seed, stream: stream.rawValue, index: index)
        self.index = index
        given = NameTables.given[r.below(NameTables.given.count)]
        surname = NameTables.surname[r.below(NameTables.surname.count)]
        id = r.guidBytes()
        orphanAnchor = r.guidBytes()
    }

    var displayName: [UInt8] { given.display + [0x20] + surname.display }

    /// `given.surname.cloud3@contoso.com` / `given.surname.orphan3@contoso.com`: two dots, so
    /// never an on-prem user's address.
    func upn(tag: String) -> [UInt8] {
        given.ascii + [UInt8(ascii: ".")] + surname.ascii + [UInt8(ascii: ".")] + Array(tag.utf8)
            + ByteText.decimal(index) + TenantDomains.upn
    }
}

/// whenCreated values: 2008-01-01 to 2024-12-31 UTC, written without Foundation's calendar so the
/// output cannot depend on the machine's time zone or locale.
enum TenantDates {
    static let earliest = 1_199_145_600  // 2008-01-01T00:00:00Z
    static let span = 1_735_689_600 - 1_199_145_600

    /// Year, month, day, hour, minute, second (UTC) of Unix seconds (the generator's dates are
    /// after 1970).
    static func civil(_ seconds: Int) -> (y: Int, m: Int, d: Int, h: Int, mi: Int, s: Int) {
        let rest = seconds % 86400
        let (y, m, d) = DirDate.civil(fromDays: Int64(seconds / 86400))
        return (Int(y), Int(m), Int(d), rest / 3600, rest % 3600 / 60, rest % 60)
    }
}
