import Foundation

/// A byte-level JSON (RFC 8259) parser over one UTF-8 buffer, written for directory exports.
///
/// Why not `JSONSerialization`: it gives no line:column for errors, silently keeps one of two
/// duplicate keys, recurses (a hostile file of `[[[[…` overflows the stack), and builds a whole
/// `NSDictionary` tree of a 500 MB Graph export before we see the first object. This parser:
/// - tracks the line while skipping whitespace (raw newlines cannot occur anywhere else in valid
///   JSON), so every error is located exactly without re-scanning the file;
/// - parses nested values iteratively with an explicit stack and a depth limit;
/// - hands the caller one value at a time (`parseValue`) and lets it walk the outer structure
///   itself (`parseKey`, `expect…`), so a Graph envelope's `value` array can be streamed;
/// - creates a `String` only for a finished string, in one call, and interns object keys, which
///   repeat in every object of an export.
///
/// The parser borrows `bytes`: use it only inside `withUnsafeBufferPointer`.
package struct JSONParser {
    /// Deeper nesting than this is a `json.too-deep` error. Directory exports nest a few levels.
    package static let maxDepth = 512

    package let bytes: UnsafeBufferPointer<UInt8>
    package let path: String
    /// Offset of the next byte to read.
    package var pos = 0
    /// 1-based line of `pos`, and the offset where that line starts (for columns).
    package var line = 1
    package var lineStart = 0
    /// Duplicate-key warnings found so far; the caller moves them to the snapshot.
    package var warnings: [LoadWarning] = []

    private var keys = KeyTable()
    private var scratch: [UInt8] = []
    private var frames: [Frame] = []
    private var duplicates = DuplicateTracker()

    package init(bytes: UnsafeBufferPointer<UInt8>, path: String) {
        self.bytes = bytes
        self.path = path
    }

    // MARK: - Cursor

    package var isAtEnd: Bool { pos >= bytes.count }

    /// The next byte, or 0 at the end of input (callers that care check `isAtEnd`).
    @inline(__always)
    package var peek: UInt8 { pos < bytes.count ? bytes[pos] : 0 }

    /// `ws = *( %x20 / %x09 / %x0A / %x0D )`; counts lines. Returns true if a line feed was
    /// crossed (JSON Lines separate top-level values by newlines).
    @discardableResult
    @inline(__always)
    package mutating func skipWhitespace() -> Bool {
        var crossedLine = false
        while pos < bytes.count {
            let c = bytes[pos]
            if c == .space || c == .tab || c == .cr {
                pos += 1
            } else if c == .lf {
                pos += 1
                line += 1
                lineStart = pos
                crossedLine = true
            } else {
                break
            }
        }
        return crossedLine
    }

    /// Consumes `byte` if it is next.
    @inline(__always)
    package mutating func eat(_ byte: UInt8) -> Bool {
        guard pos < bytes.count, bytes[pos] == byte else { return false }
        pos += 1
        return true
    }

    // MARK: - Values

    private struct Frame {
        package var isObject: Bool
        package var elements: [Value] = []
        package var fields: [Record.Field] = []
        /// The key whose value is being parsed, and the field it replaces if it is a duplicate.
        package var pendingKey = ""
        package var pendingReplace = -1
        package var scope = DuplicateTracker.Scope(serial: 0, undoStart: 0)
    }

    /// Parses one value starting at the next non-blank byte. `depth` is the number of containers
    /// already open around it (for the nesting limit).
    ///
    ///     value  = object / array / string / number / "true" / "false" / "null"
    ///     object = "{" [ member *( "," member ) ] "}"     member = string ":" value
    ///     array  = "[" [ value *( "," value ) ] "]"
    ///
    /// Iterative: open containers live in `frames`, so nesting costs heap, not stack.
    package mutating func parseValue(depth: Int) throws -> Value {
        precondition(frames.isEmpty, "parseValue is not re-entrant")
        var value: Value
        nextValue: while true {
            skipWhitespace()
            guard pos < bytes.count else { throw endOfInput(expecting: "a value") }
            switch bytes[pos] {
            case .openBrace:
                try checkDepth(depth + frames.count + 1)
                pos += 1
                skipWhitespace()
                if eat(.closeBrace) {
                    value = .record(Record())
                } else {
                    frames.append(Frame(isObject: true, scope: duplicates.open()))
                    try readMemberKey(afterComma: false)
                    continue nextValue
                }
            case .openBracket:
                try checkDepth(depth + frames.count + 1)
                pos += 1
                skipWhitespace()
                if eat(.closeBracket) {
                    value = .list([])
                } else {
                    frames.append(Frame(isObject: false))
                    continue nextValue
                }
            case .quote:
                value = try parseStringValue()
            case .minus, .zero ... .nine:
                value = try parseNumber()
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                value = try parseLiteral()
            default:
                throw expected("a value (object, array, string, number, true, false or null)")
            }

            // Attach the finished value to its container; close containers that end here.
            while let top = frames.indices.last {
                skipWhitespace()
                if frames[top].isObject {
                    let replace = frames[top].pendingReplace
                    if replace >= 0 {
                        frames[top].fields[replace].value = value
                    } else {
                        frames[top].fields.append(Record.Field(name: frames[top].pendingKey, value: value))
                    }
                    if eat(.comma) {
                        skipWhitespace()
                        try readMemberKey(afterComma: true)
                        continue nextValue
                    }
                    guard eat(.closeBrace) else { throw expected("',' or '}' after object member") }
                    let frame = frames.removeLast()
                    duplicates.close(frame.scope)
                    value = .record(Record(frame.fields))
                } else {
                    frames[top].elements.append(value)
                    if eat(.comma) { continue nextValue }
                    guard eat(.closeBracket) else { throw expected("',' or ']' after array element") }
                    value = .list(frames.removeLast().elements)
                }
            }
            return value
        }
    }

    /// `member = string ":" value`, up to the value: reads the key of the innermost open object
    /// and notes whether it repeats an earlier key.
    private mutating func readMemberKey(afterComma: Bool) throws {
        let top = frames.count - 1
        let key = try parseKey(afterComma: afterComma)
        try expectColon(after: key)
        frames[top].pendingKey = key.name
        frames[top].pendingReplace = checkDuplicate(key, in: frames[top].scope,
                                                    fieldIndex: frames[top].fields.count,
                                                    earlierNames: frames[top].fields)
    }

    private func checkDepth(_ depth: Int) throws {
        guard depth > Self.maxDepth else { return }
        throw LoadError("json.too-deep", at: location(pos),
                        "nesting deeper than \(Self.maxDepth) levels of objects and arrays",
                        hint: "directory exports nest a few levels; this file is not an export dirq can read")
    }

    // MARK: - Keys and duplicate keys

    /// An object key, interned, with the position of its opening quote.
    package struct Key {
        package var name: String
        /// Same for keys equal ignoring case (directory attribute names ignore case).
        package var fold: Int
        package var line: Int
        package var column: Int
    }

    /// Reads `string` in key position (the next byte must be `"`).
    package mutating func parseKey(afterComma: Bool) throws -> Key {
        guard pos < bytes.count, bytes[pos] == .quote else {
            if afterComma && peek == .closeBrace {
                throw expected("a key in double quotes after ','", hint: "JSON does not allow a comma before '}'")
            }
            throw expected(afterComma ? "a key in double quotes after ','" : "a key in double quotes or '}'")
        }
        let line = self.line, column = pos - lineStart + 1
        let raw = try scanString()
        let interned: KeyTable.Entry
        if raw.escaped {
            interned = scratch.withUnsafeBufferPointer { keys.intern($0) }
        } else {
            interned = keys.intern(UnsafeBufferPointer(rebasing: bytes[raw.start..<raw.end]))
        }
        return Key(name: interned.name, fold: interned.fold, line: line, column: column)
    }

    /// The `:` after a key.
    package mutating func expectColon(after key: Key) throws {
        skipWhitespace()
        guard eat(.colon) else { throw expected("':' after key \"\(key.name)\"") }
    }

    /// Starts duplicate detection for the members of one object (the caller's own loop).
    package mutating func openMembers() -> DuplicateTracker.Scope { duplicates.open() }

    /// Ends duplicate detection for an object opened with `openMembers`.
    package mutating func closeMembers(_ scope: DuplicateTracker.Scope) { duplicates.close(scope) }

    /// Notes `key` as member `fieldIndex` of the object `scope`; if the object already has it
    /// (ignoring case), records a `json.duplicate-key` warning and returns the earlier field's
    /// index, whose value the new one replaces (the last value wins, as in most JSON readers).
    /// `outcome` says what happens, for the message.
    package mutating func checkDuplicate(_ key: Key, in scope: DuplicateTracker.Scope, fieldIndex: Int,
                                 earlierNames fields: [Record.Field],
                                 outcome: String = "the last value wins") -> Int {
        guard let earlier = duplicates.see(key, in: scope, fieldIndex: fieldIndex) else { return -1 }
        let earlierName = fields[earlier.field].name
        let same = earlierName == key.name ? "" : " (\"\(earlierName)\" ignoring case)"
        warnings.append(LoadWarning(
            "json.duplicate-key", at: SourceLocation(file: path, line: key.line, column: key.column),
            "duplicate key \"\(key.name)\"\(same) in one object, first at line \(earlier.line), column \(earlier.column); \(outcome)",
            hint: "a JSON object should name each attribute once; check the tool that wrote the file"))
        return earlier.field
    }

    // MARK: - Strings

    /// Where a scanned string's content is: `start..<end` of the input, or `scratch` when the
    /// string had escapes and had to be decoded.
    package struct RawString {
        package var start: Int
        package var end: Int
        package var escaped: Bool
    }

    /// Reads a `string` value; a whole-string date (see `DateParsing`) becomes `.date`.
    private mutating func parseStringValue() throws -> Value {
        let raw = try scanString()
        if raw.escaped {
            return scratch.withUnsafeBufferPointer { Self.stringOrDate($0) }
        }
        return Self.stringOrDate(UnsafeBufferPointer(rebasing: bytes[raw.start..<raw.end]))
    }

    @inline(__always)
    private static func stringOrDate(_ b: UnsafeBufferPointer<UInt8>) -> Value {
        if b.count >= 9, b[0] &- .zero < 10 || b[0] == .slash, let t = DateParsing.parse(utf8: b) {
            return .date(t)
        }
        return .string(String(decoding: b, as: UTF8.self))
    }

    /// Reads a string starting at its opening quote.
    ///
    ///     string = '"' *char '"'
    ///     char   = unescaped / "\" ( '"' / "\" / "/" / "b" / "f" / "n" / "r" / "t" / "u" 4HEXDIG )
    ///     unescaped = %x20-21 / %x23-5B / %x5D-10FFFF     (as valid UTF-8)
    ///
    /// The fast path only looks for the closing quote; the first backslash switches to decoding
    /// into `scratch`.
    package mutating func scanString() throws -> RawString {
        let open = pos
        pos += 1
        let start = pos
        let n = bytes.count
        while pos < n {
            let c = bytes[pos]
            if c == .quote {
                pos += 1
                return RawString(start: start, end: pos - 1, escaped: false)
            }
            if c == .backslash { break }
            if c < 0x20 { throw controlCharacter(c) }
            if c < 0x80 { pos += 1 } else { pos += try utf8SequenceLength() }
        }
        if pos >= n { throw unterminatedString(open) }

        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<pos]))
        while pos < n {
            let c = bytes[pos]
            if c == .quote {
                pos += 1
                return RawString(start: start, end: pos - 1, escaped: true)
            }
            if c == .backslash {
                try decodeEscape()
            } else if c < 0x20 {
                throw controlCharacter(c)
            } else if c < 0x80 {
                scratch.append(c)
                pos += 1
            } else {
                let len = try utf8SequenceLength()
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[pos..<pos + len]))
                pos += len
            }
        }
        throw unterminatedString(open)
    }

    /// Decodes one escape at `pos` (a backslash) into `scratch`.
    private mutating func decodeEscape() throws {
        let at = pos
        guard pos + 1 < bytes.count else { throw unterminatedString(at) }
        let e = bytes[pos + 1]
        pos += 2
        switch e {
        case .quote, .backslash, .slash: scratch.append(e)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(.lf)
        case UInt8(ascii: "r"): scratch.append(.cr)
        case UInt8(ascii: "t"): scratch.append(.tab)
        case UInt8(ascii: "u"):
            let unit = try hex4(escapeAt: at)
            var scalar = UInt32(unit)
            if (0xDC00...0xDFFF).contains(unit) {
                throw LoadError("json.bad-surrogate", at: location(at),
                                "\\u\(hex(unit)) is a low surrogate without a high surrogate before it",
                                hint: "the text was cut or mis-encoded by the tool that wrote it")
            }
            if (0xD800...0xDBFF).contains(unit) {
                guard pos + 1 < bytes.count, bytes[pos] == .backslash, bytes[pos + 1] == UInt8(ascii: "u") else {
                    throw unpairedHigh(unit, at: at)
                }
                let lowAt = pos
                pos += 2
                let low = try hex4(escapeAt: lowAt)
                guard (0xDC00...0xDFFF).contains(low) else { throw unpairedHigh(unit, at: at) }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            }
            appendUTF8(scalar)
        default:
            let what = (0x21...0x7E).contains(e) ? "'\\\(Character(Unicode.Scalar(e)))'" : "'\\' before \(Self.describe(byte: e))"
            throw LoadError("json.bad-escape", at: location(at), "invalid escape \(what) in a string",
                            hint: "JSON escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; write a backslash as \\\\")
        }
    }

    /// Four hex digits of a `\u` escape that started at `escapeAt`.
    private mutating func hex4(escapeAt: Int) throws -> UInt16 {
        var v: UInt16 = 0
        for _ in 0..<4 {
            let c = peek
            let d: UInt8
            switch c {
            case .zero ... .nine: d = c - .zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default:
                if isAtEnd { throw unterminatedString(escapeAt) }
                throw LoadError("json.bad-escape", at: location(escapeAt),
                                "invalid \\u escape: expected four hex digits, found \(describeFound(at: pos))")
            }
            v = v << 4 | UInt16(d)
            pos += 1
        }
        return v
    }

    private func unpairedHigh(_ unit: UInt16, at: Int) -> LoadError {
        LoadError("json.bad-surrogate", at: location(at),
                  "\\u\(hex(unit)) is a high surrogate not followed by a low surrogate (\\uDC00-\\uDFFF)",
                  hint: "characters outside the BMP are written as a pair such as \\ud83d\\ude00")
    }

    private mutating func appendUTF8(_ s: UInt32) {
        switch s {
        case 0..<0x80:
            scratch.append(UInt8(s))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | s >> 6))
            scratch.append(UInt8(0x80 | s & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | s >> 12))
            scratch.append(UInt8(0x80 | s >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | s & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | s >> 18))
            scratch.append(UInt8(0x80 | s >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | s >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | s & 0x3F))
        }
    }

    /// Length of the valid UTF-8 sequence at `pos` (its first byte is ≥ 0x80), per the
    /// well-formed table of Unicode §3.9 (no overlongs, no surrogates, nothing above U+10FFFF).
    @inline(__always)
    private func utf8SequenceLength() throws -> Int {
        let n = bytes.count
        let c0 = bytes[pos]
        @inline(__always) func cont(_ i: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            pos + i < n && bytes[pos + i] >= lo && bytes[pos + i] <= hi
        }
        switch c0 {
        case 0xC2...0xDF:
            if cont(1) { return 2 }
        case 0xE0:
            if cont(1, 0xA0), cont(2) { return 3 }
        case 0xED:
            if cont(1, 0x80, 0x9F), cont(2) { return 3 }
        case 0xE1...0xEC, 0xEE...0xEF:
            if cont(1), cont(2) { return 3 }
        case 0xF0:
            if cont(1, 0x90), cont(2), cont(3) { return 4 }
        case 0xF4:
            if cont(1, 0x80, 0x8F), cont(2), cont(3) { return 4 }
        case 0xF1...0xF3:
            if cont(1), cont(2), cont(3) { return 4 }
        default:
            break
        }
        throw LoadError("json.bad-utf8", at: location(pos),
                        "invalid UTF-8 (byte 0x\(hex(c0)) in a string)",
                        hint: "the file is not UTF-8: re-export it as UTF-8 (PowerShell: Out-File -Encoding utf8)")
    }

    private func controlCharacter(_ c: UInt8) -> LoadError {
        LoadError("json.control-char", at: location(pos),
                  "raw control character \(Self.describe(byte: c)) inside a string",
                  hint: c == .lf || c == .cr
                    ? "a string must end on the line where it starts: is its closing '\"' missing?"
                    : "control characters must be escaped (\\t, \\n, \\u0001)")
    }

    private func unterminatedString(_ open: Int) -> LoadError {
        let (l, c) = lineColumn(open)
        return LoadError("json.syntax", at: location(bytes.count),
                         "unexpected end of input (file cut short?) inside the string that starts at line \(l), column \(c)")
    }

    // MARK: - Numbers and literals

    /// `number = [ "-" ] int [ frac ] [ exp ]`; `int = "0" / ( digit1-9 *DIGIT )`;
    /// `frac = "." 1*DIGIT`; `exp = ( "e" / "E" ) [ "-" / "+" ] 1*DIGIT`.
    /// An integer that fits `Int64` is `.int`; anything else `.double`; beyond `Double` an error.
    private mutating func parseNumber() throws -> Value {
        let start = pos
        let negative = eat(.minus)
        var magnitude: UInt64 = 0
        var overflow = false
        if eat(.zero) {
            if peek &- .zero < 10 {
                throw LoadError("json.syntax", at: location(start), "a number must not start with a leading zero",
                                hint: "write the value as a string (\"0123\") if the zeros matter")
            }
        } else {
            guard peek &- .zero < 10 else { throw expected("a digit after '-'") }
            while pos < bytes.count, bytes[pos] &- .zero < 10 {
                let d = UInt64(bytes[pos] &- .zero)
                let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(d)
                overflow = overflow || o1 || o2
                magnitude = s
                pos += 1
            }
        }
        var isInteger = true
        if eat(.dot) {
            isInteger = false
            guard peek &- .zero < 10 else { throw expected("a digit after '.'") }
            while pos < bytes.count, bytes[pos] &- .zero < 10 { pos += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            isInteger = false
            pos += 1
            if peek == .plus || peek == .minus { pos += 1 }
            guard peek &- .zero < 10 else { throw expected("a digit in the exponent") }
            while pos < bytes.count, bytes[pos] &- .zero < 10 { pos += 1 }
        }
        if isInteger && !overflow {
            if !negative && magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
            if negative && magnitude <= UInt64(Int64.max) + 1 { return .int(Int64(truncatingIfNeeded: 0 &- magnitude)) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
        guard let d = Double(text), d.isFinite else {
            throw LoadError("json.number-range", at: location(start),
                            "the number \(text.count > 40 ? String(text.prefix(40)) + "…" : text) is out of range",
                            hint: "numbers beyond ±1.8e308 cannot be represented; write it as a string")
        }
        return .double(d)
    }

    /// `true`, `false`, `null`; the word must end there (`nullx`, `True` are errors).
    private mutating func parseLiteral() throws -> Value {
        let value: Value, word: StaticString
        switch bytes[pos] {
        case UInt8(ascii: "t"): (value, word) = (.bool(true), "true")
        case UInt8(ascii: "f"): (value, word) = (.bool(false), "false")
        default: (value, word) = (.null, "null")
        }
        let n = word.utf8CodeUnitCount
        guard pos + n <= bytes.count,
              memcmp(bytes.baseAddress! + pos, word.utf8Start, n) == 0,
              pos + n == bytes.count || !Self.isWordByte(bytes[pos + n])
        else { throw expected("a value (object, array, string, number, true, false or null)") }
        pos += n
        return value
    }

    private static func isWordByte(_ c: UInt8) -> Bool {
        (c | 0x20) &- UInt8(ascii: "a") < 26 || c &- .zero < 10 || c == UInt8(ascii: "_")
    }

    // MARK: - Errors

    /// Location of an offset on the current line (every error is found on the line being read),
    /// falling back to a scan for anything else.
    package func location(_ offset: Int) -> SourceLocation {
        let (l, c) = lineColumn(offset)
        return SourceLocation(file: path, line: l, column: c)
    }

    private func lineColumn(_ offset: Int) -> (Int, Int) {
        if offset >= lineStart { return (line, offset - lineStart + 1) }
        var l = 1, start = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == .lf {
            l += 1
            start = i + 1
        }
        return (l, offset - start + 1)
    }

    /// A `json.syntax` error at `pos`: what was expected and what is there instead.
    package func expected(_ what: String, hint: String = "") -> LoadError {
        if isAtEnd { return endOfInput(expecting: what) }
        var hint = hint
        if hint.isEmpty && what.hasPrefix("a value") && (peek == .closeBracket || peek == .closeBrace) {
            hint = "JSON does not allow a comma before '\(Character(Unicode.Scalar(peek)))'"
        }
        return LoadError("json.syntax", at: location(pos), "expected \(what), found \(describeFound(at: pos))",
                         hint: hint)
    }

    /// The end of the input where more was required.
    package func endOfInput(expecting what: String) -> LoadError {
        LoadError("json.syntax", at: location(bytes.count),
                  "unexpected end of input (file cut short?): expected \(what)")
    }

    /// What is at `offset`, for messages: `'x'`, `'True'` (a whole word), `'é'`, `byte 0xFF`.
    package func describeFound(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        let c = bytes[offset]
        if Self.isWordByte(c) {
            var end = offset
            while end < bytes.count, end - offset < 24, Self.isWordByte(bytes[end]) { end += 1 }
            return "'" + String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self) + "'"
        }
        if c >= 0x80 {
            var end = offset + 1
            while end < bytes.count, end - offset < 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
            if let s = String(validating: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self),
               s.unicodeScalars.count == 1 {
                return "'\(s)'"
            }
        }
        return Self.describe(byte: c)
    }

    /// One byte for messages: `'x'` when printable ASCII, else its hex value.
    package static func describe(byte c: UInt8) -> String {
        switch c {
        case .lf: return "line feed (0x0A)"
        case .cr: return "carriage return (0x0D)"
        case .tab: return "tab (0x09)"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(c)))'"
        default: return "byte 0x\(hex(c))"
        }
    }
}

private func hex<T: BinaryInteger>(_ v: T) -> String {
    let s = String(v, radix: 16, uppercase: true)
    let width = MemoryLayout<T>.size * 2
    return String(repeating: "0", count: max(0, width - s.count)) + s
}

// MARK: - Key interning

/// Interns object keys: the same few dozen keys repeat in every object of an export, so each
/// distinct key's bytes map to one shared `String` (no allocation per occurrence), plus a "fold"
/// number shared by keys that are equal ignoring case, for duplicate detection.
///
/// An open-addressing hash table (FNV-1a over the bytes, linear probing) whose entries keep the
/// key bytes in one arena, so a lookup allocates nothing.
package struct KeyTable {
    package struct Entry {
        package var name: String
        package var fold: Int
        package var hash: UInt64
        package var start: Int
        package var count: Int
    }

    private var slots = [Int32](repeating: -1, count: 256)
    private var entries: [Entry] = []
    private var arena: [UInt8] = []
    private var folds: [String: Int] = [:]

    /// The entry for a key's (decoded) bytes, adding it when new.
    package mutating func intern(_ b: UnsafeBufferPointer<UInt8>) -> Entry {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in b { h = (h ^ UInt64(c)) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] >= 0 {
            let e = entries[Int(slots[i])]
            if e.hash == h && e.count == b.count && arena.withUnsafeBufferPointer({ a in
                b.count == 0 || memcmp(a.baseAddress! + e.start, b.baseAddress!, b.count) == 0
            }) {
                return e
            }
            i = (i + 1) & mask
        }
        let name = String(decoding: b, as: UTF8.self)
        let lower = name.lowercased()
        let fold = folds[lower] ?? folds.count
        folds[lower] = fold
        let entry = Entry(name: name, fold: fold, hash: h, start: arena.count, count: b.count)
        arena.append(contentsOf: b)
        slots[i] = Int32(entries.count)
        entries.append(entry)
        if entries.count * 2 > slots.count { grow() }
        return entry
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (k, e) in entries.enumerated() {
            var i = Int(truncatingIfNeeded: e.hash) & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = Int32(k)
        }
    }
}

// MARK: - Duplicate keys

/// Finds repeated keys in O(1) per key, whatever the size of the object.
///
/// Each open object gets a serial number; `marks[fold]` says which object last saw that key and
/// where. A nested object overwrites its parent's marks while it is open, so it logs the marks it
/// replaced and `close` puts them back.
package struct DuplicateTracker {
    package struct Mark {
        package var serial = 0
        package var field = 0
        package var line = 0
        package var column = 0
    }

    package struct Scope {
        package var serial: Int
        package var undoStart: Int
    }

    private var marks: [Mark] = []
    private var undo: [(fold: Int, mark: Mark)] = []
    private var serial = 0

    package mutating func open() -> Scope {
        serial += 1
        return Scope(serial: serial, undoStart: undo.count)
    }

    package mutating func close(_ scope: Scope) {
        while undo.count > scope.undoStart {
            let u = undo.removeLast()
            marks[u.fold] = u.mark
        }
    }

    /// The earlier occurrence of `key` in `scope`, or nil after noting this one.
    package mutating func see(_ key: JSONParser.Key, in scope: Scope, fieldIndex: Int) -> Mark? {
        while marks.count <= key.fold { marks.append(Mark()) }
        let old = marks[key.fold]
        if old.serial == scope.serial { return old }
        undo.append((key.fold, old))
        marks[key.fold] = Mark(serial: scope.serial, field: fieldIndex, line: key.line, column: key.column)
        return nil
    }
}

/// Byte constants for the JSON grammar (file-private: other loaders keep their own).
fileprivate extension UInt8 {
    static let tab = UInt8(ascii: "\t"), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " "), quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/"), colon = UInt8(ascii: ":"), comma = UInt8(ascii: ",")
    static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
    static let minus = UInt8(ascii: "-"), plus = UInt8(ascii: "+"), dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
}
