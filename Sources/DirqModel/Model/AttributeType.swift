import Foundation

/// What an attribute *is*, by the AD schema syntax or the Graph property type, whatever export
/// it came from. Every loader's values go through `convert` (in `SnapshotBuilder.add`), so LDIF,
/// csvde, Export-Csv and JSON of one directory load to equal values.
///
/// A value the type cannot read (an unconverted `System.Byte[]`, a custom anchor that is not
/// base64) is kept as the export wrote it, never dropped; `describe` then shows both types.
public enum AttributeType: UInt8, Sendable, CaseIterable {
    /// Not in the catalogue: the file's own type (text from LDIF and CSV, JSON's types).
    case unknown
    /// Generalized-Time / UTC-Time (AD), DateTimeOffset (Graph), and the text forms exports
    /// write for them (`20240115093000.0Z`, `1/15/2024 9:30:00 AM`, `/Date(ms)/`, ISO 8601).
    case dateTime
    /// Large-Integer time: 100-ns ticks since 1601-01-01 UTC (`pwdLastSet`, `lastLogonTimestamp`,
    /// `accountExpires`). 0 and 9223372036854775807 mean "never" and load as empty.
    case fileTime
    /// Integer and Large-Integer counters and flags (`userAccountControl`, `uSNChanged`).
    case integer
    /// Boolean (`accountEnabled`, `Enabled`, `onPremisesSyncEnabled`): `TRUE`/`True`/`true`.
    case boolean
    /// A GUID: 16 bytes (LDIF base64, csvde `X'…'`, a ConvertTo-Json byte array) or GUID text.
    case guid
    /// A security identifier: bytes or `S-1-5-…` text.
    case sid
    /// A cloud ImmutableId: base64 of the anchor's bytes, compared case-sensitively as those
    /// bytes (any other text, a custom anchor, stays text).
    case immutableId

    /// The name `describe` shows.
    public var name: String {
        switch self {
        case .unknown: return "as exported"
        case .dateTime: return "date"
        case .fileTime: return "date (FILETIME)"
        case .integer: return "integer"
        case .boolean: return "boolean"
        case .guid: return "guid"
        case .sid: return "sid"
        case .immutableId: return "immutable id"
        }
    }

    /// The type of an attribute name (compared case-insensitively).
    public static func of(_ name: String) -> AttributeType {
        table[name.lowercased()] ?? .unknown
    }

    /// The catalogue: AD attributes (ldifde/csvde names and Get-ADUser's property names), Graph
    /// v1.0 properties, and the MSOnline / AzureAD / legacy AAD Graph spellings.
    package static let table: [String: AttributeType] = {
        var t: [String: AttributeType] = [:]
        func add(_ type: AttributeType, _ names: [String]) { for n in names { t[n.lowercased()] = type } }
        add(.dateTime, [
            "whenCreated", "whenChanged", "createTimeStamp", "modifyTimeStamp", "dSCorePropagationData",
            "msExchWhenMailboxCreated",
            // Get-ADUser's computed properties
            "Created", "Modified", "PasswordLastSet", "LastLogonDate", "AccountExpirationDate", "LastBadPasswordAttempt",
            "AccountLockoutTime",
            // Graph v1.0
            "createdDateTime", "deletedDateTime", "onPremisesLastSyncDateTime", "lastPasswordChangeDateTime",
            "refreshTokensValidFromDateTime", "signInSessionsValidFromDateTime", "employeeHireDate",
            "employeeLeaveDateTime", "externalUserStateChangeDateTime", "occurredDateTime", "renewedDateTime",
            "expirationDateTime",
            // MSOnline / AzureAD / legacy AAD Graph
            "LastDirSyncTime", "WhenCreated", "LastPasswordChangeTimestamp", "StsRefreshTokensValidFrom",
            "RefreshTokensValidFromDateTime", "DeletionTimestamp", "lastDirSyncTime", "createdDateTime",
        ])
        add(.fileTime, [
            "pwdLastSet", "lastLogonTimestamp", "lastLogon", "lastLogoff", "accountExpires", "lockoutTime",
            "badPasswordTime", "msDS-UserPasswordExpiryTimeComputed", "msDS-LastSuccessfulInteractiveLogonTime",
        ])
        add(.integer, [
            "userAccountControl", "groupType", "sAMAccountType", "instanceType", "uSNChanged", "uSNCreated",
            "badPwdCount", "logonCount", "primaryGroupID", "adminCount", "countryCode", "codePage",
            "msDS-SupportedEncryptionTypes", "msExchRecipientTypeDetails", "msExchRecipientDisplayType",
            "msExchRemoteRecipientType", "systemFlags", "objectVersion",
        ])
        add(.boolean, [
            "accountEnabled", "onPremisesSyncEnabled", "securityEnabled", "mailEnabled", "isDeleted",
            "showInAddressBook", "msExchHideFromAddressLists",
            // Get-ADUser / MSOnline / legacy AAD Graph
            "Enabled", "LockedOut", "PasswordNeverExpires", "PasswordNotRequired", "CannotChangePassword",
            "BlockCredential", "DirSyncEnabled", "IsLicensed", "dirSyncEnabled",
        ])
        add(.guid, [
            "objectGUID", "mS-DS-ConsistencyGuid", "msDS-ConsistencyGuid", "sourceAnchorBinary", "msExchMailboxGuid", "msExchArchiveGUID",
            // Graph / MSOnline / AzureAD / legacy AAD Graph object ids
            "id", "ObjectId", "objectId",
        ])
        add(.sid, ["objectSid", "SID", "onPremisesSecurityIdentifier", "securityIdentifier", "sIDHistory", "SIDHistory"])
        add(.immutableId, ["onPremisesImmutableId", "ImmutableId", "immutableId", "sourceAnchor", "cloudAnchor"])
        return t
    }()

    /// `v` as this type, or `v` unchanged when it cannot be read as one. A multi-valued
    /// attribute's values are converted one by one; `dateOrder` reads an ambiguous slash date.
    public func convert(_ v: Value, dateOrder: DateParsing.DayMonthOrder = .monthFirst) -> Value {
        switch (self, v) {
        case (.unknown, _), (_, .null): return v
        case (.guid, .list(let l)) where l.count == 16:
            // ConvertTo-Json writes a byte[] as an array of 16 numbers.
            var bytes: [UInt8] = []
            for e in l {
                guard case .int(let i) = e, (0...255).contains(i) else { return .list(l.map { convert($0, dateOrder: dateOrder) }) }
                bytes.append(UInt8(i))
            }
            return GUIDValue(bytes: bytes).map(Value.guid) ?? v
        case (_, .list(let l)): return .list(l.map { convert($0, dateOrder: dateOrder) })
        default: return convertScalar(v, dateOrder) ?? v
        }
    }

    private func convertScalar(_ v: Value, _ dateOrder: DateParsing.DayMonthOrder) -> Value? {
        switch self {
        case .unknown: return nil
        case .dateTime:
            switch v {
            case .date: return v
            case .string(let s): return DateParsing.parse(s.trimmedASCIIBlanks, order: dateOrder).map(Value.date)
            default: return nil
            }
        case .fileTime:
            let n: Int64?
            switch v {
            case .int(let i): n = i
            case .double(let d): n = d == d.rounded() && abs(d) < 9.3e18 ? Int64(d) : nil
            case .string(let s): n = Int64(s.trimmedASCIIBlanks)
            case .date: return v
            default: n = nil
            }
            guard let n else { return nil }
            if n == 0 || n == Int64.max { return .null }
            return .date(DirDate(fileTime: n))
        case .integer:
            switch v {
            case .int: return v
            case .double(let d): return d == d.rounded() && abs(d) < 9e18 ? .int(Int64(d)) : nil
            case .string(let s): return Int64(s.trimmedASCIIBlanks).map(Value.int)
            default: return nil
            }
        case .boolean:
            switch v {
            case .bool: return v
            case .string(let s):
                if s.caseInsensitiveEquals("true") { return .bool(true) }
                if s.caseInsensitiveEquals("false") { return .bool(false) }
                return nil
            default: return nil
            }
        case .guid:
            switch v {
            case .guid: return v
            case .bytes(let b): return GUIDValue(bytes: b).map(Value.guid)
            case .string(let s):
                if let g = GUIDValue(text: s) { return .guid(g) }
                // A converted consistency GUID is often written as its base64 (the ImmutableId).
                guard s.utf8.count == 24, let d = Data(base64Encoded: s) else { return nil }
                return GUIDValue(bytes: [UInt8](d)).map(Value.guid)
            default: return nil
            }
        case .sid:
            switch v {
            case .sid: return v
            case .bytes(let b): return SIDValue(bytes: b).map(Value.sid)
            case .string(let s): return SIDValue(text: s.trimmedASCIIBlanks).map(Value.sid)
            case .record(let r):
                // Windows PowerShell's ConvertTo-Json writes a SecurityIdentifier as an object
                // (`BinaryLength`, `AccountDomainSid`, `Value`); its `Value` is the text.
                guard case .string(let s)? = r["Value"] else { return nil }
                return SIDValue(text: s).map(Value.sid)
            default: return nil
            }
        case .immutableId:
            // Case-sensitive, unlike other directory strings: kept as the bytes it encodes, so
            // equality, joins and grouping are exact (bytes show as the same base64 text).
            guard case .string(let s) = v, let d = Data(base64Encoded: s), !d.isEmpty else { return nil }
            return .bytes([UInt8](d))
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs; the string itself (no copy) when it has
    /// none, which is every value of a well-formed export (Foundation's trimming copies always).
    package var trimmedASCIIBlanks: String {
        let u = utf8
        guard let first = u.first, let last = u.last else { return self }
        func blank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
        if !blank(first) && !blank(last) { return self }
        var lo = u.startIndex, hi = u.endIndex
        while lo < hi, blank(u[lo]) { lo = u.index(after: lo) }
        while hi > lo, blank(u[u.index(before: hi)]) { hi = u.index(before: hi) }
        return String(self[lo..<hi])
    }
}
