import Foundation
import DirqModel
import DirqSyntax

/// The built-in functions. Scalar functions apply to each value of a multi-valued attribute;
/// aggregate-like functions (`count`, `list`, `min`, `max`, `first`) take the whole list — inside
/// a group, an attribute of the members is the list of all members' values.
public enum Function: String, Sendable, CaseIterable {
    case lower, upper, trim, len, domain, localpart
    case count, list, min, max, first, coalesce, distinct, join, without
    case `if`
    case guid, immutableid, text, bitand
    case parent, rdn, substring, replace, split, extract, now, date
    case upnproblem, proxyproblem
    case upnproblemDetail = "upnproblem_detail", proxyproblemDetail = "proxyproblem_detail"

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
        case .distinct: return "distinct(x): the values of x without repeats (compared case-insensitively)"
        case .join: return "join(x, sep): the values of x as one text, separated by sep"
        case .without: return "without(x, y): the values of x except those equal to a value of y"
        case .if: return "if(cond, a, b): a when cond holds, else b"
        case .upnproblem: return "upnproblem(upn): the Microsoft rule a UPN breaks (Character, Length, Format, TopLevelDomain), or empty"
        case .proxyproblem: return "proxyproblem(p): the Microsoft rule a proxy address breaks (Character, Length, Format), or empty"
        case .upnproblemDetail: return "upnproblem_detail(upn): the sentence that says how a UPN breaks its rule, or empty"
        case .proxyproblemDetail: return "proxyproblem_detail(p): the sentence that says how a proxy address breaks its rule, or empty"
        case .parent: return "parent(dn): the DN of the container, e.g. parent(dn) = \"OU=Sales,DC=contoso,DC=com\" (an escaped \\, is not a separator)"
        case .rdn: return "rdn(dn): the first part of a DN, e.g. \"CN=Doe\\, Jane\""
        case .substring: return "substring(s, start, length): length characters of s from start (0 is the first); without length, the rest"
        case .replace: return "replace(s, old, new): s with every old replaced by new (old is found ignoring case)"
        case .split: return "split(s, sep): the parts of s between the separators, as a list"
        case .extract: return "extract(s, regex[, group]): the text a regular expression captures (group 1 if it has groups, else the whole match)"
        case .date: return "date(s): text read as a date (ISO 8601, Generalized-Time, /Date(ms)/), e.g. date(\"2024-05-01\")"
        case .now: return "now(): the current time (one instant per statement); now() - 30d is thirty days ago"

        case .guid: return "guid(x): the GUID string of an objectGUID, GUID string or base64 ImmutableId"
        case .immutableid: return "immutableid(x): the base64 ImmutableId of an objectGUID, GUID string or base64 value"
        case .text: return "text(x): x as the text dirq shows (a GUID, SID or date as text, compared as text)"
        case .bitand: return "bitand(a, b): the bits set in both integers, e.g. bitand(userAccountControl, 2) = 2 (disabled)"
        }
    }

    package var arity: ClosedRange<Int> {
        switch self {
        case .coalesce, .list: return 1...16
        case .join, .without, .bitand, .split: return 2...2
        case .substring, .extract: return 2...3
        case .if, .replace: return 3...3
        case .now: return 0...0
        default: return 1...1
        }
    }

    /// Applies the function. Throws a message for a value of the wrong type.
    package func apply(_ args: [Value]) throws(FunctionError) -> Value {
        if args.isEmpty { return .date(DirDate(seconds: Date().timeIntervalSince1970)) }  // now()
        let x = args[0]
        switch self {
        case .substring, .replace, .split:
            return try Self.each(x) { (v) throws(FunctionError) in try self.applyText(v, args) }
        case .count: return .int(Int64(x.elements.count))
        case .list: return .list(args.flatMap(\.elements))
        case .distinct:
            if case .list(let l) = x, l.count < 2 { return x }  // nothing to compare
            if let strings = Self.distinctSmallStrings(x.elements) { return .list(strings) }
            var seen = Set<GroupKey>()
            return .list(x.elements.filter { seen.insert(GroupKey($0)).inserted })
        case .join: return .string(x.elements.map(\.text).joined(separator: args[1].text))
        case .bitand:
            guard let a = Self.integer(x), let b = Self.integer(args[1]) else {
                if x.isEmpty || args[1].isEmpty { return .null }
                throw FunctionError("bitand() needs two integers, got \(x.typeName) '\(x.text)' and \(args[1].typeName) '\(args[1].text)'")
            }
            return .int(a & b)
        case .without:
            let drop = args[1].elements
            return .list(x.elements.filter { v in !drop.contains { Compare.equal($0, v) } })
        case .if:
            let cond: Bool
            switch x {
            case .bool(let b): cond = b
            case .null: cond = false
            default: cond = !x.isEmpty
            }
            return cond ? args[1] : args[2]
        case .first: return x.firstElement ?? .null
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
        case .upnproblem, .upnproblemDetail:
            guard case .string(let s) = x else { return .null }
            return UPNRules.problem(s).map { .string(self == .upnproblem ? Self.ruleName($0) : $0) } ?? .null
        case .proxyproblem, .proxyproblemDetail:
            guard case .string(let s) = x else { return .null }
            return ProxyRules.problem(s).map { .string(self == .proxyproblem ? Self.ruleName($0) : $0) } ?? .null
        case .parent:
            let s = x.stringValue ?? x.text
            guard let comma = DNText.firstSeparator(s) else { return .null }
            return .string(String(s[s.index(after: comma)...]).trimmingCharacters(in: .whitespaces))
        case .rdn:
            let s = x.stringValue ?? x.text
            guard let comma = DNText.firstSeparator(s) else { return .string(s) }
            return .string(String(s[..<comma]))
        case .text:
            return .string(x.text)
        case .date:
            if case .date = x { return x }
            guard let d = DateParsing.parse(x.text.trimmingCharacters(in: .whitespaces)) else {
                throw FunctionError("date() needs a date such as \"2024-05-01\" or \"2024-05-01T10:00:00Z\", got \(x.typeName) '\(x.text)'")
            }
            return .date(d)
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

/// Distinguished names: `CN=Doe\, Jane,OU=Sales,DC=contoso,DC=com`. A comma escaped with a
/// backslash (`\,`), or inside a quoted value (RFC 1779), belongs to the value.
package enum DNText {
    /// The index of the first comma that separates two RDNs, or nil for a DN of one part.
    package static func firstSeparator(_ dn: String) -> String.Index? {
        var escaped = false, quoted = false
        var i = dn.startIndex
        while i < dn.endIndex {
            let c = dn[i]
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "\"" {
                quoted.toggle()
            } else if (c == "," || c == ";"), !quoted {
                return i
            }
            i = dn.index(after: i)
        }
        return nil
    }
}

package struct FunctionError: Error {
    package var message: String
    package init(_ m: String) { message = m }
}

extension Function {
    /// The rule's name of a sentence `Rule: how` (`TopLevelDomain: '.local' is not routable`).
    package static func ruleName(_ sentence: String) -> String {
        guard let colon = sentence.firstIndex(of: ":") else { return sentence }
        return String(sentence[..<colon])
    }

    /// Applies `f` to each value of a list, or to the value alone; `null` stays `null`.
    package static func each(_ x: Value, _ f: (Value) throws(FunctionError) -> Value) throws(FunctionError) -> Value {
        switch x {
        case .null: return .null
        case .list(let l):
            var out: [Value] = []
            for v in l { out.append(try f(v)) }
            return .list(out)
        default: return try f(x)
        }
    }

    /// `substring`, `replace`, `split` of one value.
    package func applyText(_ x: Value, _ args: [Value]) throws(FunctionError) -> Value {
        if case .null = x { return .null }
        let s: String
        switch x {
        case .string(let t): s = t
        case .bytes, .record, .list: throw FunctionError("\(rawValue)() needs text, got \(x.typeName)")
        default: s = x.text
        }
        switch self {
        case .substring:
            guard let start = Self.integer(args[1]), start >= 0 else {
                throw FunctionError("substring() needs a start of 0 or more, got \(args[1].typeName) '\(args[1].text)'")
            }
            var length = Int64.max
            if args.count > 2 {
                guard let l = Self.integer(args[2]), l >= 0 else {
                    throw FunctionError("substring() needs a length of 0 or more, got \(args[2].typeName) '\(args[2].text)'")
                }
                length = l
            }
            let chars = s.dropFirst(Int(Swift.min(start, Int64(Int.max))))
            return .string(String(chars.prefix(Int(Swift.min(length, Int64(Int.max))))))
        case .replace:
            let old = args[1].text, new = args[2].text
            guard !old.isEmpty else { throw FunctionError("replace() needs text to replace, got an empty string") }
            return .string(s.replacingOccurrences(of: old, with: new, options: [.caseInsensitive]))
        default:  // split
            let sep = args[1].text
            guard !sep.isEmpty else { throw FunctionError("split() needs a separator, got an empty string") }
            return .list(s.components(separatedBy: sep).map { .string($0) })
        }
    }

    /// An integer argument or operand: a number without a fraction, or text that is one
    /// (`bitand(userAccountControl, 2)` on LDIF text, `1 + "2"` is 3).
    package static func integer(_ v: Value) -> Int64? {
        switch v.elements.count == 1 ? v.elements[0] : v {
        case .int(let i): return i
        case .double(let d): return d == d.rounded() && abs(d) < 9e18 ? Int64(d) : nil
        case .string(let s): return Int64(s.trimmedASCIIBlanks)
        default: return nil
        }
    }

    /// `distinct` of a few strings without folding each one: a pair compares exactly first and
    /// case-insensitively only when the bytes differ (the usual list is one identity seen from
    /// both sides). Nil when the list is long or holds other values (then group keys decide).
    /// How many values `distinct` keeps of these, without building its list.
    package static func distinctCount(_ values: [Value]) -> Int {
        if values.count < 2 { return values.count }
        if values.count <= 16, values.allSatisfy({ if case .string = $0 { true } else { false } }) {
            var n = 0
            for (i, v) in values.enumerated() {
                guard case .string(let s) = v else { continue }
                let seen = values[..<i].contains { if case .string(let t) = $0 { t.caseInsensitiveEquals(s) } else { false } }
                if !seen { n += 1 }
            }
            return n
        }
        var seen = Set<GroupKey>()
        for v in values { seen.insert(GroupKey(v)) }
        return seen.count
    }

    package static func distinctSmallStrings(_ values: [Value]) -> [Value]? {
        guard values.count <= 16 else { return nil }
        var out: [Value] = []
        var kept: [String] = []
        for v in values {
            guard case .string(let s) = v else { return nil }
            if kept.contains(where: { $0.caseInsensitiveEquals(s) }) { continue }
            kept.append(s)
            out.append(v)
        }
        return out
    }
}
