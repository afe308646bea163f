import Foundation

/// How dirq compares and groups values: as the directory does. Strings compare case-insensitively;
/// values of one type compare as that type (dates by instant, GUIDs and SIDs by their bytes); a
/// string meets a number, boolean, date, GUID, SID or bytes by being read as one (`coerce`), and
/// the hash join uses the same rule, so `where` and `join` agree on what is equal. Bytes meet text
/// as their base64, case-sensitively (an ImmutableId is case-sensitive).
///
/// A multi-valued attribute against one value: `=` (and `in`, `contains`) is true when *any* of its
/// values is equal; `!=` is its negation, true when *none* is (so `proxyAddresses != "SMTP:a@x"`
/// is false for an object that holds that address); `<`, `>`, `<=`, `>=` are true when any value
/// satisfies them. An empty or missing value is equal to nothing and unequal to everything.
package enum Compare {
    /// -1, 0 or 1, or nil when the two cannot be ordered (a missing value, a record, or a string
    /// that is not a number when compared with a number).
    package static func order(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _), (_, .null): return nil
        case (.string(let x), .string(let y)):
            if x == y { return 0 }
            // Text exports lose the integer syntax of attributes the catalogue does not know, such
            // as a run number: digit strings order as numbers ("9" < "10"), yet stay unequal when
            // only their leading zeros differ.
            if let i = Int64(x), let j = Int64(y), i != j { return sign(i, j) }
            return sign(x.caseFolded, y.caseFolded)
        case (.int(let x), .int(let y)): return sign(x, y)
        case (.int, .double), (.double, .int), (.double, .double):
            return sign(number(a)!, number(b)!)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.date(let x), .date(let y)): return sign(x, y)
        case (.duration(let x), .duration(let y)): return sign(x, y)
        case (.guid(let x), .guid(let y)): return sign(x, y)
        case (.sid(let x), .sid(let y)): return sign(x, y)
        case (.bytes(let x), .bytes(let y)):
            if x == y { return 0 }
            return x.lexicographicallyPrecedes(y) ? -1 : 1
        case (.guid(let g), .bytes(let x)):
            return order(.bytes(g.bytes), .bytes(x))
        case (.bytes, .guid): return order(b, a).map { -$0 }
        case (.sid(let s), .bytes(let x)):
            return order(.bytes(s.bytes), .bytes(x))
        case (.bytes, .sid): return order(b, a).map { -$0 }
        case (.bytes(let x), .string(let s)):
            if x.count == 16, let g = GUIDText.bytes(fromGUID: s) { return order(.bytes(x), .bytes(g)) }
            return sign(Data(x).base64EncodedString(), s)
        case (.string, .bytes): return order(b, a).map { -$0 }
        case (.string(let s), _):
            guard let x = coerce(s, like: b) else { return nil }
            return order(x, b)
        case (_, .string(let s)):
            guard let y = coerce(s, like: a) else { return nil }
            return order(a, y)
        default: return nil
        }
    }

    /// Equality for `=` and `in`, with the rules of `order`.
    package static func equal(_ a: Value, _ b: Value) -> Bool { order(a, b) == 0 }

    /// Text read as the type of `other`, as the directory would read it for that attribute: nil
    /// when it is not a value of that type (or `other` is text, bytes, a list or a record).
    package static func coerce(_ s: String, like other: Value) -> Value? {
        switch other {
        case .int, .double:
            return Double(s.trimmedASCIIBlanks).map(Value.double)
        case .bool:
            if s.caseInsensitiveEquals("true") { return .bool(true) }
            if s.caseInsensitiveEquals("false") { return .bool(false) }
            return nil
        case .date: return DateParsing.parse(s.trimmedASCIIBlanks).map(Value.date)
        case .guid:
            if let g = GUIDValue(text: s) { return .guid(g) }
            // An ImmutableId is the base64 of a GUID's bytes.
            if let d = Data(base64Encoded: s), let g = GUIDValue(bytes: [UInt8](d)) { return .guid(g) }
            return nil
        case .sid: return SIDValue(text: s.trimmedASCIIBlanks).map(Value.sid)
        case .duration: return Value.parseDuration(s.trimmedASCIIBlanks).map(Value.duration)
        case .bytes(let b):
            if b.count == 16, let g = GUIDText.bytes(fromGUID: s) { return .bytes(g) }
            return Data(base64Encoded: s).map { .bytes([UInt8]($0)) }
        default: return nil
        }
    }

    /// Why two values cannot be compared, when that is a mistake worth an error rather than `false`
    /// (a date with text that is not a date).
    /// Every typed value (date, duration, boolean) meets a value of another type the same way:
    /// text that does not read as that type, or a number, a date or a boolean of the wrong kind, is
    /// an error that says what the attribute holds and how to write it.
    package static func mismatch(_ a: Value, _ b: Value) -> String? {
        switch (a, b) {
        case (.date, .string(let s)), (.string(let s), .date):
            return "cannot compare a date with \"\(s)\", which is not a date (use ISO 8601: 2024-05-01 or 2024-05-01T10:00:00Z)"
        case (.duration, .string(let s)), (.string(let s), .duration):
            return "cannot compare a duration with \"\(s)\", which is not a duration (write 30d, 12h, 15m or 10s)"
        case (.bool, .string(let s)), (.string(let s), .bool):
            return "cannot compare a boolean with \"\(s)\" (use true or false, without quotes)"
        case (.date, _), (_, .date), (.bool, _), (_, .bool), (.duration, _), (_, .duration):
            let (t, o) = typed(a) ? (a, b) : (b, a)
            switch o {
            case .null, .list, .record: return nil
            default: break
            }
            let how: String
            switch t {
            case .date: how = "a date in quotes, e.g. \"2024-05-01\", or now() - 30d"
            case .duration: how = "a duration, e.g. 30d, 12h, 15m"
            default: how = "true or false"
            }
            return "cannot compare \(article(t.typeName)) with \(article(o.typeName)) '\(o.text)' (compare it with \(how))"
        default: return nil
        }
    }

    private static func typed(_ v: Value) -> Bool {
        switch v {
        case .date, .bool, .duration: return true
        default: return false
        }
    }

    private static func article(_ type: String) -> String {
        switch type {
        case "bool": return "a boolean"
        case "int", "number": return "a number"
        default: return "a " + type
        }
    }

    package static func number(_ v: Value) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string(let s): return Double(s.trimmedASCIIBlanks)
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    private static func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }

    /// Orders for `sort by` and group keys: like `order`, with missing values last and values of
    /// different types by type, so any list sorts deterministically.
    package static func sortOrder(_ a: Value, _ b: Value) -> Int {
        if let o = order(a, b) { return o }
        if case .null = a { return 1 }
        if case .null = b { return -1 }
        let ra = rank(a), rb = rank(b)
        if ra != rb { return ra < rb ? -1 : 1 }
        return sign(a.text.caseFolded, b.text.caseFolded)
    }

    private static func rank(_ v: Value) -> Int {
        switch v {
        case .int, .double: return 0
        case .string: return 1
        case .bool: return 2
        case .date: return 3
        case .bytes: return 4
        case .list: return 5
        case .record: return 6
        case .null: return 7
        case .guid: return 8
        case .sid: return 9
        case .duration: return 10
        }
    }
}

/// A value normalised for grouping, `distinct` and the hash join: strings case-folded, lists as
/// sets, dates by instant, GUIDs and SIDs as their bytes (equal to the same bytes, as `Compare`
/// has it: an `objectGUID` and the ImmutableId that encodes it are one key).
package enum GroupKey: Hashable, Sendable {
    case null
    case text(String)
    case number(Double)
    case bool(Bool)
    case date(Int64)
    case duration(Int64)
    case bytes([UInt8])
    case set([GroupKey])
    case record(String)

    package init(_ v: Value) {
        switch v {
        case .null: self = .null
        case .string(let s): self = .text(s.caseFolded)
        case .int(let i): self = .number(Double(i))
        case .double(let d): self = .number(d)
        case .bool(let b): self = .bool(b)
        case .date(let d): self = .date(d.ticks)
        case .duration(let t): self = .duration(t)
        case .bytes(let b): self = .bytes(b)
        case .guid(let g): self = .bytes(g.bytes)
        case .sid(let s): self = .bytes(s.bytes)
        case .list(let l):
            if l.count == 1 { self = GroupKey(l[0]); return }
            if l.isEmpty { self = .null; return }
            let keys = Set(l.map(GroupKey.init))
            self = .set(keys.sorted { "\($0)" < "\($1)" })
        case .record: self = .record(v.text.lowercased())
        }
    }

    /// One bit per case (a set of values is the kind of its members).
    package var kindBit: UInt16 {
        switch self {
        case .null: return 1 << 0
        case .text: return 1 << 1
        case .number: return 1 << 2
        case .bool: return 1 << 3
        case .date: return 1 << 4
        case .duration: return 1 << 7
        case .bytes: return 1 << 5
        case .set(let s): return s.reduce(0) { $0 | $1.kindBit }
        case .record: return 1 << 6
        }
    }
}

extension GroupKey {
    /// Bytes (GUIDs, SIDs, anchors) are fed to the hasher as one block, not byte by byte as an
    /// array's elements are: a join on a million anchors hashes 16 MB either way, but in one call
    /// per key instead of sixteen.
    package func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0 as UInt8)
        case .text(let s): hasher.combine(1 as UInt8); hasher.combine(s)
        case .number(let d): hasher.combine(2 as UInt8); hasher.combine(d)
        case .bool(let b): hasher.combine(3 as UInt8); hasher.combine(b)
        case .date(let t): hasher.combine(4 as UInt8); hasher.combine(t)
        case .duration(let t): hasher.combine(5 as UInt8); hasher.combine(t)
        case .bytes(let b):
            hasher.combine(6 as UInt8)
            hasher.combine(b.count)
            b.withUnsafeBytes { hasher.combine(bytes: $0) }
        case .set(let keys):
            hasher.combine(7 as UInt8)
            hasher.combine(keys.count)
            for k in keys { k.hash(into: &hasher) }
        case .record(let s): hasher.combine(8 as UInt8); hasher.combine(s)
        }
    }
}
