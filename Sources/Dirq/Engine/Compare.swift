import Foundation

/// How dirq compares and groups values: as the directory does. Strings compare case-insensitively;
/// a string meets a number, boolean or date by being read as one; a GUID string meets a 16-byte
/// binary value (`objectGUID`) by its bytes; other binary values compare as their base64 text,
/// case-sensitively (an ImmutableId is case-sensitive).
enum Compare {
    /// -1, 0 or 1, or nil when the two cannot be ordered (a missing value, a record, or a string
    /// that is not a number when compared with a number).
    static func order(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _), (_, .null): return nil
        case (.string(let x), .string(let y)):
            if x == y { return 0 }
            // Text exports lose the integer syntax of attributes such as userAccountControl or a
            // run number: digit strings order as numbers ("9" < "10"), yet stay unequal when only
            // their leading zeros differ.
            if let i = Int64(x), let j = Int64(y), i != j { return sign(i, j) }
            return sign(x.caseFolded, y.caseFolded)
        case (.int(let x), .int(let y)): return sign(x, y)
        case (.int, .double), (.double, .int), (.double, .double):
            return sign(number(a)!, number(b)!)
        case (.string(let s), .int), (.string(let s), .double):
            guard let x = Double(s.trimmingCharacters(in: .whitespaces)) else { return nil }
            return sign(x, number(b)!)
        case (.int, .string), (.double, .string):
            return order(b, a).map { -$0 }
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.string(let s), .bool(let y)):
            switch s.lowercased() {
            case "true": return y ? 0 : 1
            case "false": return y ? -1 : 0
            default: return nil
            }
        case (.bool, .string): return order(b, a).map { -$0 }
        case (.date(let x), .date(let y)): return sign(x, y)
        case (.string(let s), .date(let y)):
            guard let x = DateParsing.parse(s) else { return nil }
            return sign(x, y)
        case (.date, .string): return order(b, a).map { -$0 }
        case (.bytes(let x), .bytes(let y)):
            if x == y { return 0 }
            return x.lexicographicallyPrecedes(y) ? -1 : 1
        case (.bytes(let x), .string(let s)):
            if x.count == 16, let g = GUIDText.bytes(fromGUID: s) { return x == g ? 0 : (x.lexicographicallyPrecedes(g) ? -1 : 1) }
            return sign(Data(x).base64EncodedString(), s)
        case (.string, .bytes): return order(b, a).map { -$0 }
        default: return nil
        }
    }

    /// Equality for `=` and `in`, with the rules of `order`.
    static func equal(_ a: Value, _ b: Value) -> Bool { order(a, b) == 0 }

    /// Why two values cannot be compared, when that is a mistake worth an error rather than `false`
    /// (a date with text that is not a date).
    static func mismatch(_ a: Value, _ b: Value) -> String? {
        switch (a, b) {
        case (.date, .string(let s)), (.string(let s), .date):
            return "cannot compare a date with \"\(s)\", which is not a date (use ISO 8601: 2024-05-01 or 2024-05-01T10:00:00Z)"
        default: return nil
        }
    }

    static func number(_ v: Value) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string(let s): return Double(s.trimmingCharacters(in: .whitespaces))
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    private static func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }

    /// Orders for `sort by` and group keys: like `order`, with missing values last and values of
    /// different types by type, so any list sorts deterministically.
    static func sortOrder(_ a: Value, _ b: Value) -> Int {
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
        }
    }
}

/// A value normalised for grouping and `distinct`: strings case-folded, lists as sets.
enum GroupKey: Hashable, Sendable {
    case null
    case text(String)
    case number(Double)
    case bool(Bool)
    case date(Double)
    case bytes([UInt8])
    case set([GroupKey])
    case record(String)

    init(_ v: Value) {
        switch v {
        case .null: self = .null
        case .string(let s): self = .text(s.caseFolded)
        case .int(let i): self = .number(Double(i))
        case .double(let d): self = .number(d)
        case .bool(let b): self = .bool(b)
        case .date(let d): self = .date(d)
        case .bytes(let b): self = .bytes(b)
        case .list(let l):
            if l.count == 1 { self = GroupKey(l[0]); return }
            if l.isEmpty { self = .null; return }
            let keys = Set(l.map(GroupKey.init))
            self = .set(keys.sorted { "\($0)" < "\($1)" })
        case .record: self = .record(v.text.lowercased())
        }
    }
}

extension Value {
    /// The value as shown for a group key: strings lower-cased, as the directory compares them.
    var normalizedForKey: Value {
        switch self {
        case .string(let s): return .string(s.caseFolded)
        case .list(let l): return l.count == 1 ? l[0].normalizedForKey : .list(l.map(\.normalizedForKey))
        default: return self
        }
    }
}
