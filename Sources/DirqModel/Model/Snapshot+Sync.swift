import Foundation

/// What the sync engine reads from an object: its anchor, SID, UPN, addresses, and whether the
/// cloud object is synced from on-prem. Shared by matching, the `anchor` pseudo-attribute and checks.
extension Snapshot {
    /// The attributes the sync engine reads, resolved once per snapshot (these are asked for every
    /// object by matching and by checks; a name lookup each time would hash strings per object).
    package struct SyncAttributeIDs: Sendable {
        package var cloudAnchor: [Schema.ID] = []
        package var userAnchor: [Schema.ID] = []
        package var objectGUID: [Schema.ID] = []
        package var sid: [Schema.ID] = []
        package var upn: [Schema.ID] = []
        package var proxyAddresses: [Schema.ID] = []
        package var mail: [Schema.ID] = []
        package var syncEnabled: [Schema.ID] = []
        package var lastSync: [Schema.ID] = []

        package init() {}

        package init(_ schema: Schema) {
            func ids(_ names: [String]) -> [Schema.ID] { names.compactMap { schema.id(of: $0) } }
            cloudAnchor = ids(["onPremisesImmutableId", "ImmutableId", "sourceAnchor"])
            userAnchor = ids(["mS-DS-ConsistencyGuid", "msDS-ConsistencyGuid", "objectGUID"])
            objectGUID = ids(["objectGUID"])
            sid = ids(["objectSid", "onPremisesSecurityIdentifier", "SID", "securityIdentifier"])
            upn = ids(["userPrincipalName"])
            proxyAddresses = ids(["proxyAddresses"])
            // Get-ADUser and the MSOnline cmdlets call mail `EmailAddress`.
            mail = ids(["mail", "EmailAddress"])
            syncEnabled = ids(["onPremisesSyncEnabled", "DirSyncEnabled"])
            // MSOnline's groups and contacts say they are synced only by a last sync time.
            lastSync = ids(["LastDirSyncTime", "onPremisesLastSyncDateTime"])
        }
    }

    private func first(_ o: DirObject, _ ids: [Schema.ID]) -> Value? {
        for id in ids {
            if let v = o.value(id), !v.isEmpty { return v }
        }
        return nil
    }

    /// The source anchor as the 16 bytes that base64 to the ImmutableId. On-prem: users use
    /// `mS-DS-ConsistencyGuid` when set, everything else `objectGUID` (from LDIF bytes, a CSV GUID
    /// string or a base64 value alike). Cloud: `onPremisesImmutableId` / `ImmutableId`.
    public func anchor(of o: DirObject) -> Value? {
        switch side {
        case .cloud:
            guard let v = first(o, syncIDs.cloudAnchor)?.firstElement else { return nil }
            if case .string(var s) = v, let b = s.withUTF8({ LDIFReader.decodeBase64($0) }) { return .bytes(b) }
            return v
        case .onPrem, .unknown, .engine:
            for id in o.kind == .user ? syncIDs.userAnchor : syncIDs.objectGUID {
                guard let v = first(o, [id])?.firstElement else { continue }
                if let b = GUIDText.bytes(of: v) { return .bytes(b) }
                if case .bytes = v { return v }
            }
            return nil
        }
    }

    /// The security identifier as `S-1-5-…` text (binary SIDs from LDIF are converted; the
    /// `SecurityIdentifier` record `ConvertTo-Json` writes for Get-ADUser's `SID` gives its `Value`).
    public func sid(of o: DirObject) -> String? {
        guard let v = first(o, syncIDs.sid)?.firstElement else { return nil }
        switch v {
        case .sid(let sid): return sid.text
        case .bytes(let b): return SIDText.string(fromBytes: b)
        case .string(let s): return s.uppercased()
        case .record(let r):
            guard case .string(let s)? = r.fields.first(where: { $0.name.caseInsensitiveEquals("Value") })?.value
            else { return nil }
            return s.uppercased()
        default: return nil
        }
    }

    /// The user principal name, if any.
    public func upn(of o: DirObject) -> String? {
        first(o, syncIDs.upn)?.firstElement?.stringValue
    }

    /// The first value of `mail` as stored (empty or not).
    package func mailValue(of o: DirObject) -> Value? {
        syncIDs.mail.first.flatMap { o.value($0) }?.firstElement
    }

    /// SMTP proxy addresses, lower-cased and without prefix, in order, without repeats.
    public func smtpAddresses(of o: DirObject) -> [String] {
        var out: [String] = []
        forEachSMTPAddress(of: o) { a, _ in
            let folded = Self.folded(a, from: 0)
            if !out.contains(folded) { out.append(folded) }
        }
        return out
    }

    /// The primary SMTP address (the `SMTP:` value), else `mail`, lower-cased.
    public func primarySMTP(of o: DirObject) -> String? {
        var primary: String?
        forEachSMTPAddress(of: o) { a, isPrimary in
            if isPrimary && primary == nil { primary = Self.folded(a, from: 0) }
        }
        return primary ?? mailAddress(of: o)?.caseFolded
    }

    /// The first non-empty `mail` (or `EmailAddress`) as written: what `primarySMTP(of:)` gives
    /// for an object without an `SMTP:` proxy address.
    package func mailAddress(of o: DirObject) -> String? {
        first(o, syncIDs.mail)?.firstElement?.stringValue
    }

    /// Calls `body` with each SMTP proxy address of `o`, as written after its prefix, and whether
    /// it is the primary one (`SMTP:`): the addresses `smtpAddresses(of:)` folds, without making a
    /// string of each (repeats included, in order).
    package func forEachSMTPAddress(of o: DirObject, _ body: (UnsafeBufferPointer<UInt8>, _ primary: Bool) -> Void) {
        if let id = firstID(o, syncIDs.proxyAddresses),
           objects.withStrings(o.index, id, { b in
               guard let start = Self.smtpAddressStart(b, primaryOnly: false) else { return }
               // `SMTP` exactly: `smtpAddressStart` has checked the four letters case-insensitively.
               let primary = b[0] == UInt8(ascii: "S") && b[1] == UInt8(ascii: "M") && b[2] == UInt8(ascii: "T") && b[3] == UInt8(ascii: "P")
               body(UnsafeBufferPointer(rebasing: b[start...]), primary)
           }) {
            return
        }
        for v in first(o, syncIDs.proxyAddresses)?.elements ?? [] {
            guard let s = v.stringValue, let p = ProxyAddress(s), p.isSMTP else { continue }
            var address = p.address
            address.withUTF8 { body($0, p.isPrimary) }
        }
    }

    /// The first of `ids` whose value on `o` is not empty (the attribute `first` reads).
    private func firstID(_ o: DirObject, _ ids: [Schema.ID]) -> Schema.ID? {
        ids.first { !objects.isEmpty(o.index, $0) }
    }

    /// Where the address starts in the UTF-8 bytes of a proxy address whose prefix is `smtp`
    /// (any case; only `SMTP` when `primaryOnly`), as `ProxyAddress` reads it: the prefix, the
    /// colon, then spaces.
    package static func smtpAddressStart(_ b: UnsafeBufferPointer<UInt8>, primaryOnly: Bool) -> Int? {
        guard let (colon, start) = ProxyAddress.split(bytes: b), colon == 4 else { return nil }
        let prefix: [UInt8] = Array("SMTP".utf8)
        for k in 0..<4 where b[k] != prefix[k] && (primaryOnly || b[k] != prefix[k] | 0x20) { return nil }
        return start
    }

    /// The bytes from `start` as a case-folded string (`caseFolded`; ASCII folded as it is copied).
    package static func folded(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> String {
        let part = UnsafeBufferPointer(rebasing: b[start...])
        if part.allSatisfy({ $0 < 0x80 }) {
            return String(unsafeUninitializedCapacity: part.count) { out in
                for i in 0..<part.count { out[i] = part[i] &- 65 < 26 ? part[i] | 0x20 : part[i] }
                return part.count
            }
        }
        return String(decoding: part, as: UTF8.self).caseFolded
    }

    /// For cloud objects: synced from on-prem (`onPremisesSyncEnabled` true, `DirSyncEnabled`, or
    /// an ImmutableId present; in an export without either flag, a last sync time, which is all
    /// `Get-MsolGroup` and `Get-MsolContact` show).
    public func isSynced(_ o: DirObject) -> Bool {
        if let v = first(o, syncIDs.syncEnabled)?.firstElement, Compare.equal(v, .bool(true)) { return true }
        if anchor(of: o) != nil { return true }
        return syncIDs.syncEnabled.isEmpty && first(o, syncIDs.lastSync) != nil
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
