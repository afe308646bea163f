import Foundation

/// The built-in functions. Scalar functions apply to each value of a multi-valued attribute;
/// aggregate-like functions (`count`, `list`, `min`, `max`, `first`) take the whole list — inside
/// a group, an attribute of the members is the list of all members' values.
public enum Function: String, Sendable, CaseIterable {
    case lower, upper, trim, len, domain, localpart
    case count, list, min, max, first, coalesce
    case guid, immutableid

    /// One line of help per function, for `.help` and completion.
    public var summary: String {
        switch self {
        case .lower: return "lower(s): lower-case text"
        case .upper: return "upper(s): upper-case text"
        case .trim: return "trim(s): text without leading and trailing spaces"
        case .len: return "len(s): number of characters"
        case .domain: return "domain(s): the part after the last '@' (UPN, mail, proxy address)"
        case .localpart: return "localpart(s): the part before the last '@' (without a proxy prefix)"
        case .count: return "count(x): number of values of x (in a group: of all members)"
        case .list: return "list(x): the values of x as a list (in a group: of all members)"
        case .min: return "min(x): the smallest value"
        case .max: return "max(x): the largest value"
        case .first: return "first(x): the first value"
        case .coalesce: return "coalesce(a, b, …): the first argument that is not empty"
        case .guid: return "guid(x): the GUID string of an objectGUID, GUID string or base64 ImmutableId"
        case .immutableid: return "immutableid(x): the base64 ImmutableId of an objectGUID, GUID string or base64 value"
        }
    }

    var arity: ClosedRange<Int> {
        switch self {
        case .coalesce: return 1...16
        default: return 1...1
        }
    }

    /// Applies the function. Throws a message for a value of the wrong type.
    func apply(_ args: [Value]) throws(FunctionError) -> Value {
        let x = args[0]
        switch self {
        case .count: return .int(Int64(x.elements.count))
        case .list: return .list(x.elements)
        case .first: return x.elements.first ?? .null
        case .min, .max:
            let els = x.elements.filter { !$0.isEmpty }
            guard var best = els.first else { return .null }
            for e in els.dropFirst() {
                let o = Compare.sortOrder(e, best)
                if (self == .min && o < 0) || (self == .max && o > 0) { best = e }
            }
            return best
        case .coalesce:
            return args.first { !$0.isEmpty } ?? .null
        default:
            if case .list(let l) = x {
                var out: [Value] = []
                for v in l { out.append(try applyScalar(v)) }
                return .list(out)
            }
            return try applyScalar(x)
        }
    }

    private func applyScalar(_ x: Value) throws(FunctionError) -> Value {
        if case .null = x { return .null }
        switch self {
        case .guid:
            guard let b = GUIDText.bytes(of: x), let s = GUIDText.string(fromBytes: b) else {
                throw FunctionError("guid() needs a 16-byte GUID, a GUID string or a base64 ImmutableId, got \(x.typeName) '\(x.text)'")
            }
            return .string(s)
        case .immutableid:
            guard let b = GUIDText.bytes(of: x) else {
                if case .bytes(let raw) = x { return .string(Data(raw).base64EncodedString()) }
                throw FunctionError("immutableid() needs a GUID (bytes, GUID string or base64), got \(x.typeName) '\(x.text)'")
            }
            return .string(Data(b).base64EncodedString())
        default: break
        }
        let s: String
        switch x {
        case .string(let t): s = t
        case .bytes, .record, .list:
            throw FunctionError("\(rawValue)() needs text, got \(x.typeName)")
        default: s = x.text
        }
        switch self {
        case .lower: return .string(s.lowercased())
        case .upper: return .string(s.uppercased())
        case .trim: return .string(s.trimmingCharacters(in: .whitespaces))
        case .len: return .int(Int64(s.count))
        case .domain:
            guard let at = s.lastIndex(of: "@") else { return .null }
            return .string(String(s[s.index(after: at)...]))
        case .localpart:
            var t = s
            if let p = ProxyAddress(s), !s.hasPrefix("/") { t = p.address }
            guard let at = t.lastIndex(of: "@") else { return .string(t) }
            return .string(String(t[..<at]))
        default: return x
        }
    }
}

struct FunctionError: Error {
    var message: String
    init(_ m: String) { message = m }
}
