import Foundation

/// What the sync engine reads from an object: its anchor, SID, UPN, addresses, and whether the
/// cloud object is synced from on-prem. Shared by matching, the `anchor` pseudo-attribute and checks.
extension Snapshot {
    private func first(_ o: DirObject, _ names: [String]) -> Value? {
        for n in names {
            if let id = schema.id(of: n), let v = o.value(id), !v.isEmpty { return v }
        }
        return nil
    }

    /// The source anchor as the 16 bytes that base64 to the ImmutableId. On-prem: users use
    /// `mS-DS-ConsistencyGuid` when set, everything else `objectGUID` (from LDIF bytes, a CSV GUID
    /// string or a base64 value alike). Cloud: `onPremisesImmutableId` / `ImmutableId`.
    public func anchor(of o: DirObject) -> Value? {
        switch side {
        case .cloud:
            guard let v = first(o, ["onPremisesImmutableId", "ImmutableId", "sourceAnchor"])?.elements.first else { return nil }
            if case .string(let s) = v, let d = Data(base64Encoded: s) { return .bytes([UInt8](d)) }
            return v
        case .onPrem, .unknown, .engine:
            let names = o.kind == .user ? ["mS-DS-ConsistencyGuid", "msDS-ConsistencyGuid", "objectGUID"] : ["objectGUID"]
            for n in names {
                guard let v = first(o, [n])?.elements.first else { continue }
                if let b = GUIDText.bytes(of: v) { return .bytes(b) }
                if case .bytes = v { return v }
            }
            return nil
        }
    }

    /// The security identifier as `S-1-5-…` text (binary SIDs from LDIF are converted).
    public func sid(of o: DirObject) -> String? {
        guard let v = first(o, ["objectSid", "onPremisesSecurityIdentifier", "SID", "securityIdentifier"])?.elements.first else { return nil }
        switch v {
        case .bytes(let b): return SIDText.string(fromBytes: b)
        case .string(let s): return s.uppercased()
        default: return nil
        }
    }

    /// The user principal name, if any.
    public func upn(of o: DirObject) -> String? {
        first(o, ["userPrincipalName"])?.elements.first?.stringValue
    }

    /// SMTP proxy addresses, lower-cased and without prefix, in order, without repeats.
    public func smtpAddresses(of o: DirObject) -> [String] {
        var out: [String] = []
        for v in first(o, ["proxyAddresses"])?.elements ?? [] {
            guard let s = v.stringValue, let p = ProxyAddress(s), p.isSMTP else { continue }
            let a = p.address.lowercased()
            if !out.contains(a) { out.append(a) }
        }
        return out
    }

    /// The primary SMTP address (the `SMTP:` value), else `mail`, lower-cased.
    public func primarySMTP(of o: DirObject) -> String? {
        for v in first(o, ["proxyAddresses"])?.elements ?? [] {
            if let s = v.stringValue, let p = ProxyAddress(s), p.isPrimary { return p.address.lowercased() }
        }
        return first(o, ["mail"])?.elements.first?.stringValue?.lowercased()
    }

    /// For cloud objects: synced from on-prem (`onPremisesSyncEnabled` true, `DirSyncEnabled`, or
    /// an ImmutableId present).
    public func isSynced(_ o: DirObject) -> Bool {
        if let v = first(o, ["onPremisesSyncEnabled", "DirSyncEnabled"])?.elements.first, Compare.equal(v, .bool(true)) { return true }
        return anchor(of: o) != nil
    }
}

/// Windows security identifiers: binary (revision, count, 6-byte authority, 32-bit little-endian
/// sub-authorities) to the `S-1-5-21-…` text form.
public enum SIDText {
    public static func string(fromBytes b: [UInt8]) -> String? {
        guard b.count >= 8, b[0] == 1 else { return nil }
        let count = Int(b[1])
        guard b.count == 8 + 4 * count else { return nil }
        var authority: UInt64 = 0
        for i in 2..<8 { authority = authority << 8 | UInt64(b[i]) }
        var s = "S-1-\(authority)"
        for k in 0..<count {
            let o = 8 + 4 * k
            let v = UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
            s += "-\(v)"
        }
        return s
    }
}
