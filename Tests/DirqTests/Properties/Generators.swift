import PropertyBased
@testable import Dirq

/// Random inputs for the property tests, drawn from small grammars. The generators do not
/// shrink (an expression tree has no natural smaller neighbour that the library could find), so
/// a failure prints the whole input; the trees are kept small for that reason.
enum Generators {
    // MARK: Text

    /// Characters that make text interesting to quote, escape, fold or case-map: delimiters and
    /// quotes of every format, backslashes, line breaks (LF, CR, NEL, U+2028), tabs, NUL, non-ASCII
    /// letters with special case mappings (ß, İ, Σ, ǅ), a combining mark, CJK, a byte-order mark
    /// (U+FEFF), and the parts of emoji sequences: a non-BMP emoji, a zero-width joiner, a
    /// variation selector and regional indicators (a flag is two of them).
    static let trickyScalars: [Unicode.Scalar] = Array("aZz09 ,;\"'\\\n\r\t#|=:@.-_éÉßİıΣσςǅ日😀👩🇩🇪".unicodeScalars)
        + ["\u{0301}", "\u{0000}", "\u{FEFF}", "\u{0085}", "\u{2028}", "\u{200D}", "\u{FE0F}"]

    /// Scalars for string literals: all of them (the printer escapes per scalar since
    /// KnownIssueTests.printerEscapesQuoteBeforeCombiningMark).
    static let literalScalars = trickyScalars

    /// A string of 0...`max` scalars drawn from `alphabet`.
    static func string(_ rng: inout some RandomNumberGenerator, max: Int, from alphabet: [Unicode.Scalar]) -> String {
        var s = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...max, using: &rng) { s.append(alphabet.randomElement(using: &rng)!) }
        return String(s)
    }

    static func text(max: Int, from alphabet: [Unicode.Scalar] = trickyScalars) -> Generator<String, Shrink.None<String>> {
        Generator { rng in string(&rng, max: max, from: alphabet) }
    }

    // MARK: Expressions

    /// Attribute names the printer writes bare, and names it must put in backticks (keywords,
    /// spaces, dots, a leading digit or `@`-with-dot, the empty name, control characters), and
    /// names of awkward scalars (a leading combining mark or byte-order mark, emoji sequences,
    /// U+2028). Not a backtick or a line feed: a quoted name has no escapes, so no dirq text
    /// names them.
    static let names = [
        "upn", "userPrincipalName", "mS-DS-ConsistencyGuid", "_private", "Ünïcödé", "a1", "count", "with", "diff",
        "x-1", "@odata", "$x", "@odata.type", "display name", "where", "NOT", "null", "1st", "a.b", "", "日本",
        "a\tb", "cr\rx", "nul\u{0}x", "\u{FEFF}x", "\u{301}", "é\u{301}", "👩\u{200D}👩", "🇩🇪", "x\u{2028}y",
    ]

    /// Field names after `.`: the proxy address fields and a few record fields.
    static let fields = ["address", "type", "primary", "skuId", "in", "display name"]

    /// Regular expressions that are valid, for `matches` (the parser checks the pattern).
    static let patterns = ["^a", "b$", "[a-z]+", "\\d{3}", "x|y", "^\\s*$", "(?i)smtp:"]

    /// A random expression tree of at most `depth` levels, of the shapes the parser produces:
    /// non-negative number literals (a minus sign is `.unary(.negate, …)`), doubles that print
    /// without an exponent and are not whole (`2.0` would come back as the integer 2).
    static func expr(_ rng: inout some RandomNumberGenerator, depth: Int) -> Expr {
        func e(_ k: Expr.Kind) -> Expr { Expr(k, 0..<0) }
        func sub(_ rng: inout some RandomNumberGenerator) -> Expr { expr(&rng, depth: depth - 1) }
        let choice = depth <= 0 ? Int.random(in: 0...5, using: &rng) : Int.random(in: 0...17, using: &rng)
        switch choice {
        case 0, 1: return e(.name(names.randomElement(using: &rng)!))
        case 2: return e(.literal(.string(string(&rng, max: 6, from: literalScalars))))
        case 3:
            return Bool.random(using: &rng)
                ? e(.literal(.int(Int64.random(in: 0...1_000_000, using: &rng))))
                : e(.literal(.int(Int64.random(in: 0...Int64.max, using: &rng))))
        case 4: return e(.literal(.double(Double(Int.random(in: 0...99_999, using: &rng)) + [0.5, 0.25, 0.125].randomElement(using: &rng)!)))
        case 5: return e(.literal([Value.bool(true), .bool(false), .null].randomElement(using: &rng)!))
        case 6, 7:
            let op: BinaryOp = [.and, .or, .eq, .ne, .lt, .le, .gt, .ge, .add, .sub, .mul, .div].randomElement(using: &rng)!
            return e(.binary(op, sub(&rng), sub(&rng)))
        case 8: return e(.unary(.not, sub(&rng)))
        case 9: return e(.unary(.negate, sub(&rng)))
        case 10:
            let items = (0..<Int.random(in: 0...3, using: &rng)).map { _ in sub(&rng) }
            return e(.inList(sub(&rng), items, negated: Bool.random(using: &rng)))
        case 11:
            let op: TextOp = [.contains, .startsWith, .endsWith, .like, .matches].randomElement(using: &rng)!
            // A `like` pattern with SQL's % or _ and none of dirq's wildcards is refused when parsed.
            let rhs = op == .matches ? e(.literal(.string(patterns.randomElement(using: &rng)!)))
                : op == .like ? e(.literal(.string(["a*", "*@contoso.?om", "x", "*"].randomElement(using: &rng)!))) : sub(&rng)
            return e(.text(op, sub(&rng), rhs, negated: Bool.random(using: &rng)))
        case 12:
            let f = ["lower", "upper", "len", "count"].randomElement(using: &rng)!
            return e(.call(f, [sub(&rng)]))
        case 13: return e(.member(sub(&rng), fields.randomElement(using: &rng)!))
        case 14: return e(.exists(sub(&rng)))
        case 15: return e(.isEmpty(sub(&rng), negated: Bool.random(using: &rng)))
        case 16: return e(.call("coalesce", (0..<Int.random(in: 1...3, using: &rng)).map { _ in sub(&rng) }))
        case 17 where Bool.random(using: &rng):
            // A quantifier over a list, or a duration literal (printed back as one token).
            if Bool.random(using: &rng) {
                return e(.literal(.duration(Int64.random(in: 0...400, using: &rng) * [1, 60, 3_600, 86_400].randomElement(using: &rng)! * 10_000_000)))
            }
            return e(.quantifier(Quantifier.allCases.randomElement(using: &rng)!, variable: "v", list: sub(&rng), condition: sub(&rng)))
        default: return e(.binary([.add, .and, .eq].randomElement(using: &rng)!, sub(&rng), sub(&rng)))
        }
    }

    static let expression: Generator<Expr, Shrink.None<Expr>> = Generator { rng in expr(&rng, depth: 4) }

    /// The tree without source ranges, to compare a parsed tree with a generated one.
    static func stripped(_ x: Expr) -> Expr {
        func s(_ k: Expr.Kind) -> Expr { Expr(k, 0..<0) }
        switch x.kind {
        case .literal, .name: return s(x.kind)
        case .member(let b, let f): return s(.member(stripped(b), f))
        case .call(let f, let args): return s(.call(f, args.map(stripped)))
        case .unary(let op, let a): return s(.unary(op, stripped(a)))
        case .binary(let op, let l, let r): return s(.binary(op, stripped(l), stripped(r)))
        case .inList(let a, let items, let n): return s(.inList(stripped(a), items.map(stripped), negated: n))
        case .text(let op, let l, let r, let n): return s(.text(op, stripped(l), stripped(r), negated: n))
        case .exists(let a): return s(.exists(stripped(a)))
        case .isEmpty(let a, let n): return s(.isEmpty(stripped(a), negated: n))
        case .inQuery(let a, let q, let t, let n): return s(.inQuery(stripped(a), q, text: t, negated: n))
        case .quantifier(let k, let v, let l, let c): return s(.quantifier(k, variable: v, list: stripped(l), condition: stripped(c)))
        }
    }

    /// Parses `text` as the condition of a `where` clause: the expression, or the syntax errors.
    static func parseCondition(_ text: String) -> Result<Expr, ParseFailure> {
        let (statements, diagnostics) = Session.parse(SourceText(name: "<printed>", text: "users where " + text))
        guard diagnostics.isEmpty, statements.count == 1, case .query(let q) = statements[0].kind,
              q.clauses.count == 1, case .where(let e) = q.clauses[0].kind
        else { return .failure(ParseFailure(messages: diagnostics.map(\.message))) }
        return .success(e)
    }

    struct ParseFailure: Error, CustomStringConvertible {
        var messages: [String]
        var description: String { messages.joined(separator: "; ") }
    }
}
