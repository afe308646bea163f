import DirqModel

/// Turns source text into tokens. Works on UTF-8 bytes; positions are byte offsets.
///
///     identifier = (letter | "_" | "@" | "$") { letter | digit | "_" | "-" letter }
///     string     = '"' { char | escape } '"' | "'" { char | escape } "'"
///     number     = digit { digit } [ "." digit { digit } ]
///     duration   = digit { digit } ( "d" | "h" | "m" | "s" )      (30d, 12h, 15m, 10s)
///     comment    = "#" { any but newline }
///
/// A `-` inside a name is part of it when a letter follows (`mS-DS-ConsistencyGuid`,
/// `duplicate-upn`); write `a - b` with spaces for subtraction.
public struct Lexer: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    private let source: SourceText
    private let b: [UInt8]
    private var i = 0

    public init(_ source: SourceText) {
        self.source = source
        self.b = source.bytes
    }

    /// All tokens, ending with `.endOfInput`.
    public mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        var newline = true
        while true {
            // Skip blanks and comments, noting line breaks.
            while i < b.count {
                let c = b[i]
                if c == 0x0A { newline = true; i += 1 }
                else if c == 0x20 || c == 0x09 || c == 0x0D { i += 1 }
                else if c == UInt8(ascii: "#") { while i < b.count && b[i] != 0x0A { i += 1 } }
                else { break }
            }
            guard i < b.count else {
                tokens.append(Token(kind: .endOfInput, text: "", range: b.count..<b.count, atLineStart: newline))
                return tokens
            }
            if var t = next() {
                t.atLineStart = newline
                tokens.append(t)
            }
            newline = false
        }
    }

    private static func isLetter(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c >= 0x80
    }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private mutating func next() -> Token? {
        let start = i
        let c = b[i]
        if Self.isLetter(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "@") || c == UInt8(ascii: "$") {
            i += 1
            while i < b.count {
                let d = b[i]
                if Self.isLetter(d) || Self.isDigit(d) || d == UInt8(ascii: "_") { i += 1; continue }
                if d == UInt8(ascii: "-"), i + 1 < b.count, Self.isLetter(b[i + 1]) || Self.isDigit(b[i + 1]) {
                    i += 2
                    continue
                }
                break
            }
            return Token(kind: .identifier, text: source.slice(start..<i), range: start..<i, atLineStart: false)
        }
        if Self.isDigit(c) {
            while i < b.count && Self.isDigit(b[i]) { i += 1 }
            if i + 1 < b.count && b[i] == UInt8(ascii: ".") && Self.isDigit(b[i + 1]) {
                i += 1
                while i < b.count && Self.isDigit(b[i]) { i += 1 }
            } else if i < b.count, [UInt8(ascii: "d"), UInt8(ascii: "h"), UInt8(ascii: "m"), UInt8(ascii: "s")].contains(b[i]),
                      i + 1 >= b.count || !(Self.isLetter(b[i + 1]) || Self.isDigit(b[i + 1]) || b[i + 1] == UInt8(ascii: "_")) {
                // A duration: `30d`, `12h`, `15m`, `10s`.
                i += 1
                return Token(kind: .duration, text: source.slice(start..<i), range: start..<i, atLineStart: false)
            }
            return Token(kind: .number, text: source.slice(start..<i), range: start..<i, atLineStart: false)
        }
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { return lexString(quote: c) }
        if c == UInt8(ascii: "`") {
            i += 1
            while i < b.count && b[i] != UInt8(ascii: "`") && b[i] != 0x0A { i += 1 }
            guard i < b.count && b[i] == UInt8(ascii: "`") else {
                let atEnd = i >= b.count
                diagnostics.append(Diagnostic("lex.unterminated-name", .error, "unterminated `quoted name`",
                                              range: start..<i, sourceName: source.name, isIncomplete: atEnd))
                return nil
            }
            i += 1
            return Token(kind: .quotedIdentifier, text: source.slice(start + 1..<i - 1), range: start..<i,
                         atLineStart: false)
        }
        // Symbols, longest first.
        for sym in ["!=", "<>", "<=", ">=", "==", "(", ")", ",", ".", ";", "|", "=", "<", ">", "+", "-", "*", "/"] {
            let u = Array(sym.utf8)
            if i + u.count <= b.count && Array(b[i..<i + u.count]) == u {
                i += u.count
                let text = sym == "<>" ? "!=" : sym == "==" ? "=" : sym
                return Token(kind: .symbol, text: text, range: start..<i, atLineStart: false)
            }
        }
        // Unknown character: report and skip one UTF-8 scalar.
        i += 1
        while i < b.count && b[i] & 0xC0 == 0x80 { i += 1 }
        let ch = source.slice(start..<i)
        var notes: [String] = []
        if ch == "&" { notes.append("use 'and' to combine conditions") }
        if ch == "!" { notes.append("use 'not' to negate, '!=' for 'not equal'") }
        diagnostics.append(Diagnostic("lex.unexpected-character", .error, "unexpected character '\(ch)'",
                                      range: start..<i, sourceName: source.name, notes: notes))
        return nil
    }

    /// `"…"` or `'…'` with escapes `\"` `\'` `\\` `\n` `\t`. An open string at the end of input is
    /// incomplete (the prompt continues), not an error.
    private mutating func lexString(quote: UInt8) -> Token? {
        let start = i
        i += 1
        var out: [UInt8] = []
        while i < b.count {
            let c = b[i]
            if c == quote {
                i += 1
                return Token(kind: .string, text: String(decoding: out, as: UTF8.self), range: start..<i,
                             atLineStart: false)
            }
            if c == UInt8(ascii: "\\") && i + 1 < b.count {
                let e = b[i + 1]
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): out.append(e)
                default:
                    // Keep unknown escapes verbatim: regular expressions and DNs (`\,`) need them.
                    out.append(c)
                    out.append(e)
                }
                i += 2
                continue
            }
            out.append(c)
            i += 1
        }
        diagnostics.append(Diagnostic("lex.unterminated-string", .error, "unterminated string",
                                      range: start..<b.count, sourceName: source.name,
                                      notes: ["close it with \(quote == UInt8(ascii: "\"") ? "\"" : "'")"],
                                      isIncomplete: true))
        return nil
    }
}
