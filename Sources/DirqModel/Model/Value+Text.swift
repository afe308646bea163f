import Foundation

extension Value {
    /// The value as one line of text: bytes as base64, dates as ISO 8601 in the offset they were
    /// written in, GUIDs and SIDs as their text, lists joined by `; `.
    public var text: String {
        switch self {
        case .null: return ""
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d):
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return String(d)
        case .bool(let b): return b ? "true" : "false"
        case .date(let t): return t.text
        case .bytes(let b): return Data(b).base64EncodedString()
        case .list(let l): return l.map(\.text).joined(separator: "; ")
        case .record(let r): return "{" + r.fields.map { "\($0.name): \($0.value.text)" }.joined(separator: ", ") + "}"
        case .guid(let g): return g.text
        case .sid(let s): return s.text
        case .duration(let t): return Self.durationText(t)
        }
    }

    /// The ticks of a duration written `30d`, `12h`, `15m`, `10s` (or several: `1d 2h`), or nil.
    public static func parseDuration(_ text: String) -> Int64? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard !parts.isEmpty else { return nil }
        var total: Int64 = 0
        for p in parts {
            guard let unit = p.last, let n = Int64(p.dropLast()), n >= 0 else { return nil }
            let size: Int64
            switch unit {
            case "d": size = 86_400
            case "h": size = 3_600
            case "m": size = 60
            case "s": size = 1
            default: return nil
            }
            let (a, o1) = n.multipliedReportingOverflow(by: size * DirDate.ticksPerSecond)
            let (b, o2) = total.addingReportingOverflow(a)
            if o1 || o2 { return nil }
            total = b
        }
        return total
    }

    /// A duration as dirq writes it: `30d`, `1d 2h 30m`, `45s`, `-3h`, `0s`; fractions of a
    /// second as `1.5s`.
    package static func durationText(_ ticks: Int64) -> String {
        if ticks == 0 { return "0s" }
        let sign = ticks < 0 ? "-" : ""
        var t = ticks.magnitude
        let tps = UInt64(DirDate.ticksPerSecond)
        var parts: [String] = []
        for (unit, size) in [("d", 86_400 * tps), ("h", 3_600 * tps), ("m", 60 * tps)] where t >= size {
            parts.append("\(t / size)\(unit)")
            t %= size
        }
        if t > 0 {
            if t % tps == 0 {
                parts.append("\(t / tps)s")
            } else {
                var frac = String(t % tps)
                frac = String(repeating: "0", count: 7 - frac.count) + frac
                while frac.hasSuffix("0") { frac.removeLast() }
                parts.append("\(t / tps).\(frac)s")
            }
        }
        return sign + parts.joined(separator: " ")
    }

    /// ISO 8601 UTC text of unix seconds (for times dirq computes, such as `now`).
    package static func isoString(_ t: Double) -> String { DirDate(seconds: t).text }
}

/// Proxy addresses are `type:address` (`SMTP:joe@contoso.com`, `smtp:…`, `X500:/o=…`, `sip:…`).
/// The type's case marks the primary address (`SMTP`), and is otherwise not significant.
public struct ProxyAddress: Sendable, Hashable {
    public var type: String
    public var address: String

    public init?(_ raw: String) {
        if let (colon, start) = Self.split(raw) {
            if colon < 0 { return nil }
            let u = raw.utf8
            type = String(raw[..<u.index(u.startIndex, offsetBy: colon)])
            address = String(raw[u.index(u.startIndex, offsetBy: start)...])
            return
        }
        // Bytes not contiguous (a bridged string): the same rule over the UTF-8 view.
        let u = raw.utf8
        guard let colon = u.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        type = String(raw[..<colon])
        // Graph's documentation shows "SMTP: bob@contoso.com"; real data has no space. Accept both.
        var start = u.index(after: colon)
        while start < u.endIndex, u[start] == UInt8(ascii: " ") { start = u.index(after: start) }
        address = String(raw[start...])
        guard !type.isEmpty, !type.utf8.contains(UInt8(ascii: " ")) else { return nil }
    }

    /// Only the prefix of `raw` (as `ProxyAddress(raw)?.type`, without making the address).
    public static func type(of raw: String) -> String? {
        guard let (colon, _) = split(raw) else { return ProxyAddress(raw)?.type }  // not contiguous
        if colon < 0 { return nil }
        let u = raw.utf8
        return String(raw[..<u.index(u.startIndex, offsetBy: colon)])
    }

    /// Only the address of `raw` (as `ProxyAddress(raw)?.address`, without making the prefix).
    public static func address(of raw: String) -> String? {
        guard let (colon, start) = split(raw) else { return ProxyAddress(raw)?.address }
        if colon < 0 { return nil }
        let u = raw.utf8
        return String(raw[u.index(u.startIndex, offsetBy: start)...])
    }

    /// Byte offsets of the colon and the address's start; (-1, -1) when `raw` is not a proxy
    /// address; nil when its bytes are not contiguous (then the initializer decides).
    private static func split(_ raw: String) -> (Int, Int)? {
        guard let known = raw.utf8.withContiguousStorageIfAvailable(split(bytes:)) else { return nil }
        return known ?? (-1, -1)
    }

    /// Byte offsets of the colon and the address's start in the UTF-8 of a proxy address (a
    /// prefix without spaces, a colon, then any spaces before the address), or nil when the
    /// bytes are not one. The one rule for every reader of proxy addresses as bytes.
    package static func split(bytes b: UnsafeBufferPointer<UInt8>) -> (colon: Int, start: Int)? {
        var i = 0
        while i < b.count, b[i] != UInt8(ascii: ":") {
            if b[i] == UInt8(ascii: " ") { return nil }
            i += 1
        }
        guard i > 0, i < b.count else { return nil }
        var start = i + 1
        while start < b.count, b[start] == UInt8(ascii: " ") { start += 1 }
        return (i, start)
    }

    /// The primary SMTP address is the one whose prefix is upper-case `SMTP`.
    public var isPrimary: Bool { type == "SMTP" }
    public var isSMTP: Bool { type.caseInsensitiveEquals("smtp") }
}

/// GUIDs and ImmutableIds: the sync engine's source anchor is the 16 GUID bytes in .NET
/// `Guid.ToByteArray()` order (the first three groups little-endian), base64-encoded.
public enum GUIDText {
    /// The 16 bytes (in .NET order) of a GUID string like `f7cc07d7-7c15-447d-876d-c01b0e5a9e38`
    /// (braces allowed), or nil.
    public static func bytes(fromGUID s: String) -> [UInt8]? {
        // ASCII (every GUID an export writes): one pass over the bytes, no intermediate strings.
        if let fast = s.utf8.withContiguousStorageIfAvailable({ asciiGUID($0) }), let known = fast { return known }
        return parsedGUID(s)
    }

    /// nil: not ASCII, let `parsedGUID` decide; .some(nil): not a GUID; else the bytes.
    private static func asciiGUID(_ all: UnsafeBufferPointer<UInt8>) -> [UInt8]?? {
        var lo = 0, hi = all.count
        for c in all where c >= 0x80 { return nil }
        while lo < hi, all[lo] == 0x20 || all[lo] == 0x09 { lo += 1 }
        while hi > lo, all[hi - 1] == 0x20 || all[hi - 1] == 0x09 { hi -= 1 }
        if hi - lo >= 2, all[lo] == UInt8(ascii: "{"), all[hi - 1] == UInt8(ascii: "}") {
            lo += 1
            hi -= 1
        }
        guard hi - lo == 36 else { return .some(nil) }
        var raw = [UInt8](repeating: 0, count: 16)
        var n = 0, i = lo
        while i < hi {
            let k = i - lo
            if k == 8 || k == 13 || k == 18 || k == 23 {
                guard all[i] == UInt8(ascii: "-") else { return .some(nil) }
                i += 1
                continue
            }
            guard let h = hexValue(all[i]), let l = hexValue(all[i + 1]) else { return .some(nil) }
            raw[n] = h << 4 | l
            n += 1
            i += 2
        }
        // Big-endian text order → .NET byte order.
        return .some([raw[3], raw[2], raw[1], raw[0], raw[5], raw[4], raw[7], raw[6]] + raw[8..<16])
    }

    /// The general parse (any Unicode whitespace around it), what the ASCII path must agree with.
    package static func parsedGUID(_ s: String) -> [UInt8]? {
        var hex = s.trimmingCharacters(in: .whitespaces)
        if hex.hasPrefix("{") && hex.hasSuffix("}") { hex = String(hex.dropFirst().dropLast()) }
        let parts = hex.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 5, parts.map(\.count) == [8, 4, 4, 4, 12] else { return nil }
        var raw: [UInt8] = []
        let digits = Array(parts.joined().utf8)
        var i = 0
        while i < digits.count {
            guard let hi = hexValue(digits[i]), let lo = hexValue(digits[i + 1]) else { return nil }
            raw.append(hi << 4 | lo)
            i += 2
        }
        // Big-endian text order → .NET byte order.
        return [raw[3], raw[2], raw[1], raw[0], raw[5], raw[4], raw[7], raw[6]] + raw[8..<16]
    }

    /// The GUID string (lower-case) of 16 bytes in .NET order, written byte by byte (identities
    /// print GUIDs for every cloud object; `String(format:)` cost microseconds each).
    public static func string(fromBytes b: [UInt8]) -> String? {
        guard b.count == 16 else { return nil }
        let order: [Int] = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15]
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 36) { out in
            var n = 0
            for i in order {
                if i < 0 {
                    out[n] = UInt8(ascii: "-")
                    n += 1
                    continue
                }
                out[n] = digits[Int(b[i] >> 4)]
                out[n + 1] = digits[Int(b[i] & 0xF)]
                n += 2
            }
            return n
        }
    }

    /// The 16 bytes of a value that holds a GUID in any of its forms: raw bytes, a GUID string, or
    /// a base64 ImmutableId.
    public static func bytes(of value: Value) -> [UInt8]? {
        switch value {
        case .guid(let g): return g.bytes
        case .bytes(let b): return b.count == 16 ? b : nil
        case .string(let s):
            if let b = bytes(fromGUID: s) { return b }
            if let d = Data(base64Encoded: s), d.count == 16 { return [UInt8](d) }
            return nil
        default: return nil
        }
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}
