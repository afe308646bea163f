import DirqModel

/// One lexical unit of dirq.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A name: keyword, attribute, function, snapshot. Keywords are recognised by the parser,
        /// case-insensitively, so an attribute may share a keyword's spelling inside backticks.
        case identifier
        /// A `` `quoted name` `` (for names such as `@odata.type`).
        case quotedIdentifier
        case string
        case number
        /// A length of time: `30d`, `12h`, `15m`, `10s`.
        case duration
        /// Punctuation and operators: `( ) , . ; | = != < <= > >= + - * /`.
        case symbol
        case endOfInput
    }

    public var kind: Kind
    /// The name, the decoded string, the number's text, or the symbol.
    public var text: String
    /// UTF-8 byte offsets into the source.
    public var range: Range<Int>
    /// True when a line break separates this token from the previous one: statements end at a
    /// line break unless the next line starts with a clause keyword or `|`.
    public var atLineStart: Bool

    /// True for an identifier spelled `word`, ignoring case.
    public func isKeyword(_ word: String) -> Bool {
        kind == .identifier && text.caseInsensitiveEquals(word)
    }

    public func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }
}
