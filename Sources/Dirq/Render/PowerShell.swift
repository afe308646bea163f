import DirqModel
import DirqSyntax
import DirqEngine

/// PowerShell text that carries values from exports, built so that no value can become code.
///
/// A value goes into a script only as a single-quoted literal (`literal`): inside `'…'`
/// PowerShell expands nothing (no `$(…)`, no backtick escapes), and the only way out is a quote.
/// PowerShell counts five characters as single quotes — `'` and the typographic U+2018, U+2019,
/// U+201A, U+201B (its tokenizer's `IsSingleQuote`) — and inside a literal reads any two of them in
/// a row as one quote character; so each of them is doubled. A comment carries values too (which
/// object, which address): a line break in one would end the comment and start code, so
/// `comment` writes line breaks and other control characters as visible escapes.
///
/// `PSCode` is the only way to write a line of code: its interpolations take a `PSVar` (a
/// variable the block assigned from a literal) or `lit:` (a literal), never a bare `String`.
public enum PowerShell {
    /// The characters PowerShell's tokenizer treats as a single quote.
    public static let singleQuotes: Set<Character> = ["'", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}"]

    /// `value` as a single-quoted PowerShell literal: `O'Brien` → `'O''Brien'`.
    public static func literal(_ value: String) -> String {
        var out = "'"
        for s in value.unicodeScalars {
            out.unicodeScalars.append(s)
            if singleQuotes.contains(Character(s)) { out.unicodeScalars.append(s) }
        }
        return out + "'"
    }

    /// Text for one comment line: line breaks, tabs and other control or separator characters
    /// written as `\n`, `\r`, `\u{2028}`…, so the comment stays one line whatever the value holds.
    public static func comment(_ text: String) -> String {
        var out = ""
        for s in text.unicodeScalars {
            switch s {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where s.properties.generalCategory == .control || s.properties.generalCategory == .lineSeparator
                || s.properties.generalCategory == .paragraphSeparator || s == "\u{FEFF}":
                out += "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }
}

/// A PowerShell variable a fix block assigned from a literal (`$dn = 'CN=…'`).
public struct PSVar: Sendable, Hashable {
    public let name: String
    public var code: String { "$" + name }
}

/// One line (or expression) of PowerShell code. Values can only be interpolated as a `PSVar` or
/// as `lit:` (quoted by `PowerShell.literal`); the literal text around them is the code dirq wrote.
public struct PSCode: Sendable, ExpressibleByStringInterpolation {
    public private(set) var text: String

    public init(stringLiteral value: String) { text = value }
    public init(stringInterpolation i: Interpolation) { text = i.text }

    public struct Interpolation: StringInterpolationProtocol {
        var text = ""
        public init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity + 16 * interpolationCount) }
        public mutating func appendLiteral(_ literal: String) { text += literal }
        public mutating func appendInterpolation(_ v: PSVar) { text += v.code }
        public mutating func appendInterpolation(lit value: String) { text += PowerShell.literal(value) }
        public mutating func appendInterpolation(_ code: PSCode) { text += code.text }
    }
}
