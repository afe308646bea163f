/// A GUID (`objectGUID`, `mS-DS-ConsistencyGuid`, Graph's `id`): 16 bytes in .NET
/// `Guid.ToByteArray()` order, the order AD stores and LDIF base64-encodes. Equal whether it was
/// read as bytes, as GUID text or as a byte array; prints as lower-case GUID text.
public struct GUIDValue: Sendable, Hashable, Comparable {
    /// Bytes 0–7 and 8–15, big-endian packed, so that comparing the pair compares the bytes.
    private let high: UInt64
    private let low: UInt64

    /// Sixteen bytes in .NET order.
    public init?(bytes b: some Collection<UInt8>) {
        guard b.count == 16 else { return nil }
        var h: UInt64 = 0, l: UInt64 = 0
        for (i, byte) in b.enumerated() {
            if i < 8 { h = h << 8 | UInt64(byte) } else { l = l << 8 | UInt64(byte) }
        }
        high = h
        low = l
    }

    /// GUID text (`f7cc07d7-7c15-447d-876d-c01b0e5a9e38`, braces allowed).
    public init?(text: String) {
        guard let b = GUIDText.bytes(fromGUID: text) else { return nil }
        self.init(bytes: b)
    }

    /// The 16 bytes in .NET order (what an ImmutableId base64-encodes).
    public var bytes: [UInt8] {
        (0..<16).map { i in UInt8(truncatingIfNeeded: (i < 8 ? high >> (56 - 8 * i) : low >> (56 - 8 * (i - 8)))) }
    }

    public var text: String { GUIDText.string(fromBytes: bytes) ?? "" }

    public static func < (a: GUIDValue, b: GUIDValue) -> Bool { (a.high, a.low) < (b.high, b.low) }
}

/// A security identifier (`objectSid`, `onPremisesSecurityIdentifier`, `SID`): revision, a
/// 6-byte big-endian authority and 32-bit little-endian sub-authorities. Equal whether read as
/// bytes (LDIF, csvde) or as `S-1-5-21-…` text (Get-ADUser, Graph); prints as text.
public struct SIDValue: Sendable, Hashable, Comparable {
    /// The binary form, as AD stores it.
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count >= 8, bytes[0] == 1, bytes.count == 8 + 4 * Int(bytes[1]) else { return nil }
        self.bytes = bytes
    }

    /// `S-1-<authority>-<sub>-…` (the `S` in either case), at most 15 sub-authorities.
    public init?(text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.count <= 18, parts[0] == "S" || parts[0] == "s", parts[1] == "1",
              let authority = UInt64(parts[2]), authority < 1 << 48
        else { return nil }
        var b: [UInt8] = [1, UInt8(parts.count - 3)]
        for shift in stride(from: 40, through: 0, by: -8) { b.append(UInt8(truncatingIfNeeded: authority >> UInt64(shift))) }
        for p in parts[3...] {
            guard let v = UInt32(p) else { return nil }
            for k in 0..<4 { b.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) }
        }
        self.bytes = b
    }

    public var text: String { SIDText.string(fromBytes: bytes) ?? "" }

    public static func < (a: SIDValue, b: SIDValue) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}
