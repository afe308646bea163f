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
        }
        return level < outer ? "(" + s + ")" : s
    }

    static func name(_ n: String) -> String {
        let simple = n.first.map { $0.isLetter || $0 == "_" || $0 == "@" || $0 == "$" } ?? false
            && n.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "@" || $0 == "$" }
            && !Parser.reserved.contains(n.lowercased()) && !n.hasSuffix("-")
        return simple ? n : "`" + n + "`"
    }

    static func literal(_ v: Value) -> String {
        switch v {
        case .string(let s):
            return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t") + "\""
        case .null: return "null"
        default: return v.text
        }
    }
}
