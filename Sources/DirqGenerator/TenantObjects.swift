import DirqModel

/// The streams of the generator's random numbers: one per kind of generated thing, so that adding
/// a draw to one kind never shifts the values of another.
package enum GeneratorStream: UInt64 {
    case user = 1, group, contact, cloudOnly, orphan, plan
}

/// How a planted duplicate spells the value it copies: the same, or differing only in case
/// (the directory compares UPNs and addresses case-insensitively, so these are still duplicates,
/// and a tool that compares bytes would miss them).
package enum CaseStyle: Int, Sendable {
    /// `tycho.brahe12@contoso.com`
    case same
    /// `Tycho.Brahe12@contoso.com`: each dot-separated part of the local part capitalised.
    case capitalized
    /// `TYCHO.BRAHE12@contoso.com`
    case upperLocal
    /// `tycho.brahe12@CONTOSO.COM`
    case upperDomain

    /// `address` (lower-case ASCII, as all generated addresses are) spelled in this style.
    package func apply(_ address: [UInt8]) -> [UInt8] {
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
package enum TenantDomains {
    package static let upn = Array("@contoso.com".utf8)
    package static let routing = Array("@contoso.mail.onmicrosoft.com".utf8)
    package static let acquired = Array("@fabrikam.com".utf8)
    package static let initial = Array("@contoso.onmicrosoft.com".utf8)
    package static let base = Array(",DC=contoso,DC=com".utf8)
    package static let cnPrefix = Array("CN=".utf8)
    package static let ouPrefix = Array(",OU=".utf8)
    package static let staff = Array(",OU=Staff".utf8)
    package static let x500Prefix = Array("X500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=".utf8)
}

/// One on-prem user as generated before any conflict is planted: a pure function of the seed and
/// the user's index, so a planted duplicate can recompute the value it copies from any user.
///
/// Unique by construction: every identifying value (DN, sAMAccountName, UPN, addresses) contains
/// the index in decimal right after letters, so no two users can share one. displayName is not
/// unique (two Tycho Brahes are normal).
package struct UserProfile {
    package let index: Int
    package let given: NameTables.Name
    package let surname: NameTables.Name
    package let department: NameTables.Name
    package let hasInitialAlias: Bool
    package let hasRoutingAddress: Bool
    package let hasAcquiredAddress: Bool
    package let hasX500: Bool
    /// objectGUID, in `Guid.ToByteArray()` order.
    package let guid: [UInt8]
    /// mS-DS-ConsistencyGuid: nil (about half), a copy of objectGUID (what Entra Connect writes),
    /// or, for one in ten of those, a GUID of its own (a user migrated from another forest).
    package let consistencyGuid: [UInt8]?
    package let userAccountControl: Int
    /// whenCreated, Unix seconds.
    package let created: Int
    /// The `id` of the user's synced twin in Entra ID.
    package let cloudID: [UInt8]

    package init(seed: UInt64, index: Int) {
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
    package var anchor: [UInt8] { consistencyGuid ?? guid }

    /// `Given Surname 12`
    package var cn: [UInt8] {
        ByteText.build(40) {
            $0 += given.display; $0.append(0x20); $0 += surname.display; $0.append(0x20)
            ByteText.appendDecimal(index, to: &$0)
        }
    }

    package var displayName: [UInt8] {
        ByteText.build(32) { $0 += given.display; $0.append(0x20); $0 += surname.display }
    }

    /// `CN=Given Surname 12,OU=Sales,OU=Staff,DC=contoso,DC=com`
    package var dn: [UInt8] {
        ByteText.build(96) {
            $0 += TenantDomains.cnPrefix; $0 += given.display; $0.append(0x20); $0 += surname.display; $0.append(0x20)
            ByteText.appendDecimal(index, to: &$0)
            $0 += TenantDomains.ouPrefix; $0 += department.display; $0 += TenantDomains.staff; $0 += TenantDomains.base
        }
    }

    /// First initial, up to ten letters of the surname, the index: at most 20 characters (AD's
    /// limit) for indices below 10⁸.
    package var samAccountName: [UInt8] {
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
    package var upn: [UInt8] { address(local: TenantDomains.upn) }

    /// The primary SMTP address (and `mail`): the UPN, as in most tenants.
    package var primaryAddress: [UInt8] { upn }

    /// 0–3 secondary SMTP addresses, each of a different shape: `gsurname12@contoso.com` (no dot,
    /// so never equal to a primary), the tenant routing address, and the address at the acquired
    /// company's domain.
    package var secondaryAddresses: [[UInt8]] {
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
    package func address(_ which: Int) -> [UInt8] {
        which == 0 ? primaryAddress : secondaryAddresses[which - 1]
    }

    /// Exchange's legacyExchangeDN of a migrated mailbox, as an X500 proxy address. Long, so the
    /// LDIF line is folded.
    package var x500: [UInt8] {
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
package struct GroupProfile {
    package let index: Int
    package let department: NameTables.Name
    package let security: Bool
    package let hasRoutingAddress: Bool
    package let guid: [UInt8]
    package let created: Int
    package let cloudID: [UInt8]

    package init(seed: UInt64, index: Int) {
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
    package var cn: [UInt8] { department.display + Array(" Team ".utf8) + ByteText.decimal(index) }

    package var dn: [UInt8] { Array("CN=".utf8) + cn + Array(",OU=Groups".utf8) + TenantDomains.base }

    /// `sales-team-7`: the hyphens keep it apart from every user value.
    package var samAccountName: [UInt8] { department.ascii + Array("-team-".utf8) + ByteText.decimal(index) }

    package var primaryAddress: [UInt8] { samAccountName + TenantDomains.upn }

    package var secondaryAddresses: [[UInt8]] {
        hasRoutingAddress ? [samAccountName + TenantDomains.routing] : []
    }

    /// groupType: universal distribution (8) or universal security (0x80000008).
    package var groupType: Int { security ? -2_147_483_640 : 8 }
}

/// One mail contact for a person at a partner company.
package struct ContactProfile {
    package let index: Int
    package let given: NameTables.Name
    package let surname: NameTables.Name
    package let domain: [UInt8]
    package let guid: [UInt8]
    package let created: Int
    package let cloudID: [UInt8]

    package init(seed: UInt64, index: Int) {
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
    package var cn: [UInt8] {
        given.display + [0x20] + surname.display + Array(" (External ".utf8) + ByteText.decimal(index) + [UInt8(ascii: ")")]
    }

    package var displayName: [UInt8] { given.display + [0x20] + surname.display + Array(" (External)".utf8) }

    package var dn: [UInt8] { Array("CN=".utf8) + cn + Array(",OU=Contacts".utf8) + TenantDomains.base }

    /// `given.surname.4@adatum.com`: partner domains are used by no user.
    package var primaryAddress: [UInt8] {
        given.ascii + [UInt8(ascii: ".")] + surname.ascii + [UInt8(ascii: ".")] + ByteText.decimal(index) + [UInt8(ascii: "@")] + domain
    }
}

/// A cloud-only user (created in Entra ID, never synced) or an orphaned synced user (its on-prem
/// source is gone: its ImmutableId matches no on-prem object).
package struct CloudUserProfile {
    package let index: Int
    package let given: NameTables.Name
    package let surname: NameTables.Name
    package let id: [UInt8]
    /// The orphan's ImmutableId bytes (random: they match no on-prem anchor).
    package let orphanAnchor: [UInt8]

    package init(seed: UInt64, stream: GeneratorStream, index: Int) {
        var r = SplitMix64(seed: seed, stream: stream.rawValue, index: index)
        self.index = index
        given = NameTables.given[r.below(NameTables.given.count)]
        surname = NameTables.surname[r.below(NameTables.surname.count)]
        id = r.guidBytes()
        orphanAnchor = r.guidBytes()
    }

    package var displayName: [UInt8] { given.display + [0x20] + surname.display }

    /// `given.surname.cloud3@contoso.com` / `given.surname.orphan3@contoso.com`: two dots, so
    /// never an on-prem user's address.
    package func upn(tag: String) -> [UInt8] {
        given.ascii + [UInt8(ascii: ".")] + surname.ascii + [UInt8(ascii: ".")] + Array(tag.utf8)
            + ByteText.decimal(index) + TenantDomains.upn
    }
}

/// whenCreated values: 2008-01-01 to 2024-12-31 UTC, written without Foundation's calendar so the
/// output cannot depend on the machine's time zone or locale.
package enum TenantDates {
    package static let earliest = 1_199_145_600  // 2008-01-01T00:00:00Z
    package static let span = 1_735_689_600 - 1_199_145_600

    /// Year, month, day, hour, minute, second (UTC) of Unix seconds (the generator's dates are
    /// after 1970).
    package static func civil(_ seconds: Int) -> (y: Int, m: Int, d: Int, h: Int, mi: Int, s: Int) {
        let rest = seconds % 86400
        let (y, m, d) = DirDate.civil(fromDays: Int64(seconds / 86400))
        return (Int(y), Int(m), Int(d), rest / 3600, rest % 3600 / 60, rest % 60)
    }
}
