import DirqModel

/// Prints syntax back as canonical dirq text: keywords lower-case, one space between tokens,
/// parentheses where precedence needs them. Parsing the printed text gives the same tree.
public enum Printer {
    public static func print(_ e: Expr) -> String { text(e, 0) }

    /// Precedence levels: or 1, and 2, not 3, comparison 4, additive 5, multiplicative 6, unary 7.
    private static func text(_ e: Expr, _ outer: Int) -> String {
        let (s, level): (String, Int)
        switch e.kind {
        case .literal(let v): (s, level) = (literal(v), 9)
        case .name(let n): (s, level) = (name(n), 9)
        case .member(let b, let f): (s, level) = (text(b, 8) + "." + name(f), 8)
        case .call(let f, let args): (s, level) = (f + "(" + args.map { text($0, 0) }.joined(separator: ", ") + ")", 9)
        case .unary(.not, let x): (s, level) = ("not " + text(x, 3), 3)
        case .unary(.negate, let x): (s, level) = ("-" + text(x, 7), 7)
        case .binary(let op, let l, let r):
            let p: Int
            switch op {
            case .or: p = 1
            case .and: p = 2
            case .add, .sub: p = 5
            case .mul, .div: p = 6
            default: p = 4
            }
            // Left-associative: the right operand needs parentheses at the same level.
            let ls = text(l, p == 4 ? p + 1 : p), rs = text(r, p + 1)
            (s, level) = ("\(ls) \(op.rawValue) \(rs)", p)
        case .inList(let x, let items, let neg):
            (s, level) = (text(x, 5) + (neg ? " not in (" : " in (") + items.map { text($0, 0) }.joined(separator: ", ") + ")", 4)
        case .text(let op, let l, let r, let neg):
            (s, level) = (text(l, 5) + (neg ? " not " : " ") + op.rawValue + " " + text(r, 5), 4)
        case .exists(let x): (s, level) = ("exists " + text(x, 8), 3)
        case .isEmpty(let x, let neg): (s, level) = (text(x, 5) + (neg ? " is not empty" : " is empty"), 4)
        case .inQuery(let x, _, let q, let neg): (s, level) = (text(x, 5) + (neg ? " not in (" : " in (") + q + ")", 4)
        case .quantifier(let k, let v, let list, let cond):
            (s, level) = (k.rawValue + "(" + name(v) + " in " + text(list, 5) + " where " + text(cond, 0) + ")", 9)
        }
        return level < outer ? "(" + s + ")" : s
    }

    /// A name bare when the lexer reads it back as one name (its identifier rule), else in backticks.
    package static func name(_ n: String) -> String {
        let b = Array(n.utf8)
        func letter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c >= 0x80 }
        func digit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        var simple = !b.isEmpty && (letter(b[0]) || b[0] == UInt8(ascii: "_") || b[0] == UInt8(ascii: "@") || b[0] == UInt8(ascii: "$"))
        var i = 1
        while simple && i < b.count {
            let c = b[i]
            if letter(c) || digit(c) || c == UInt8(ascii: "_") {
                i += 1
            } else if c == UInt8(ascii: "-"), i + 1 < b.count, letter(b[i + 1]) || digit(b[i + 1]) {
                i += 2
            } else {
                simple = false
            }
        }
        if simple, Parser.reserved.contains(n.lowercased()) { simple = false }
        return simple ? n : "`" + n + "`"
    }

    package static func literal(_ v: Value) -> String {
        switch v {
        case .string(let s):
            // Escape per Unicode scalar: a quote followed by a combining mark is one Character.
            var out = String.UnicodeScalarView()
            out.append("\"")
            for u in s.unicodeScalars {
                switch u {
                case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
                case "\"": out.append(contentsOf: "\\\"".unicodeScalars)
                case "\n": out.append(contentsOf: "\\n".unicodeScalars)
                case "\t": out.append(contentsOf: "\\t".unicodeScalars)
                default: out.append(u)
                }
            }
            out.append("\"")
            return String(out)
        case .double(let d) where d.isFinite:
            // dirq numbers have no exponent: print plainly, enough digits to read back the same Double.
            if d == d.rounded(), abs(d) < 1e300 { return String(format: "%.0f", d) }
            var t = String(format: "%.30f", d)
            while t.hasSuffix("0") { t.removeLast() }
            return t
        case .null: return "null"
        case .duration(let t):
            // One literal the lexer reads back: the largest unit that divides it.
            for (unit, size) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60), ("s", 1)]
            where t % (size * DirDate.ticksPerSecond) == 0 {
                return "\(t / (size * DirDate.ticksPerSecond))\(unit)"
            }
            return v.text
        default: return v.text
        }
    }
}
