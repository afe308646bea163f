/// Reads PowerShell's default list view: the text `Format-List` prints, and what a cmdlet whose
/// default view is a list prints on its own (`Get-ADSyncScheduler > scheduler.txt`,
/// `Get-ADSyncRunProfileResult | Format-List`). Windows PowerShell's `>` writes UTF-16LE with a
/// BOM, PowerShell 7 UTF-8; `InputFile` has already turned either into UTF-8.
///
///     file         = *blank record *(1*blank record) *blank
///     record       = property *(property / continuation)
///     property     = name 1*SP ":" [SP value] *SP eol      ; name starts in column 1
///     continuation = indent text eol                       ; indent reaches the value column
///     blank        = *(SP / HTAB) eol
///     eol          = [CR] LF / end of file
///
/// PowerShell pads each name to the longest name of its record and writes ` : `, so the value
/// column is the same for every property of a record; a value longer than the console wraps onto
/// lines indented to that column. Wrapping happens at spaces (en-US word wrap), so the pieces are
/// joined with one space.
///
/// Each record is one object, each property one attribute. Values are typed the way the text
/// shows them: empty → `null`; `True`/`False` → bool; a plain integer (no sign but `-`, no leading
/// zero) → int; a date (`DateParsing`: en-US `11/26/2026 3:04:05 PM`, ISO 8601, …) → date;
/// `{a, b}` (a collection) → a list of such values; anything else, TimeSpans included, stays a
/// string. A collection cut short at `$FormatEnumerationLimit` (`{a, b, c, d...}`) keeps the values
/// shown and is reported once per attribute as a warning.
///
/// Known ambiguities of the text itself: a value with line breaks reads as one line (joined with
/// spaces); a collection element that contains `, ` is split there.
package enum FormatListReader {
    package static func read(_ input: InputFile, into builder: inout SnapshotBuilder) throws {
        var bytes = input.bytes
        if let bad = bytes.withUnsafeBufferPointer(firstInvalidUTF8) {
            // `Out-File -Encoding Default` writes the ANSI code page.
            builder.warn(LoadWarning(
                "list.windows-1252", at: input.location(ofOffset: bad),
                "the file is not valid UTF-8; read it as Windows-1252 (what Out-File -Encoding Default writes)",
                hint: "redirect with > or use Out-File -Encoding utf8"))
            bytes = Windows1252.transcode(bytes)
        }
        try bytes.withUnsafeBufferPointer { buffer in
            var parser = FormatListParser(buf: buffer, path: input.path)
            try parser.parse(into: &builder)
        }
    }

    /// The offset of the first byte that is not part of valid UTF-8, or nil. ASCII (nearly every
    /// list) is skipped byte by byte without decoding.
    package static func firstInvalidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        while i < b.count {
            if b[i] < 0x80 {
                i += 1
                continue
            }
            var iterator = UnsafeBufferPointer(rebasing: b[i...]).makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): i += scalar.count
            case .error: return i
            case .emptyInput: return nil
            }
        }
        return nil
    }
}

/// The property being read: its name, where it starts, its value column and its value so far.
/// The value is a range of the buffer until a continuation line forces a copy.
private struct PendingProperty {
    package var name: String
    package var line: Int
    package var valueColumn: Int
    package var valueStart: Int
    package var valueEnd: Int
    /// The joined value once a continuation line was seen; nil while it is one range.
    package var joined: [UInt8]?
}

/// A collection that Format-List cut short, counted per attribute and reported once.
private struct Truncation {
    package var name: String
    package var first: SourceLocation
    package var count: Int
}

/// A line-by-line scan of the buffer. Only names and finished values become Strings.
private struct FormatListParser {
    package let buf: UnsafeBufferPointer<UInt8>
    package let path: String
    package var pos = 0
    package var line = 0
    package var pending: PendingProperty?
    package var truncations: [Truncation] = []

    package init(buf: UnsafeBufferPointer<UInt8>, path: String) {
        self.buf = buf
        self.path = path
    }

    package func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column)
    }

    /// `file = *blank record *(1*blank record) *blank`
    package mutating func parse(into builder: inout SnapshotBuilder) throws {
        var records = 0
        while pos < buf.count {
            line += 1
            let start = pos
            var end = start
            while end < buf.count && buf[end] != Byte.lf { end += 1 }
            pos = end + 1
            if end > start && buf[end - 1] == Byte.cr { end -= 1 }
            try readLine(start, end, into: &builder, records: &records)
        }
        finishRecord(into: &builder)
        if records == 0 {
            throw LoadError("list.empty", at: location(1, 1), "no `Name : Value` lines: the file holds no records",
                            hint: "the command printed nothing; run it again and check that it returns objects")
        }
        for t in truncations {
            let times = t.count == 1 ? "once" : "\(t.count) times"
            builder.warn(LoadWarning(
                "list.truncated", at: t.first,
                "\(t.name) lists only the first values of a longer collection (cut short with '...', \(times)); the rest are not in the file",
                hint: "export again after $FormatEnumerationLimit = -1, or with Export-Csv / ConvertTo-Json"))
        }
    }

    /// One line `buf[start..<end]` (without its line end): blank, continuation or property.
    package mutating func readLine(_ start: Int, _ end: Int, into builder: inout SnapshotBuilder, records: inout Int) throws {
        var indent = start
        while indent < end && (buf[indent] == Byte.space || buf[indent] == Byte.tab) { indent += 1 }
        if indent == end {
            finishRecord(into: &builder)
            return
        }
        if indent > start {
            try continuation(start, indent, end)
            return
        }
        try property(start, end, into: &builder, records: &records)
    }

    /// `property = name 1*SP ":" [SP value] *SP eol`: the separator is the first `" :"` followed by
    /// a space or the line end (a name never holds one; a value may).
    package mutating func property(_ start: Int, _ end: Int, into builder: inout SnapshotBuilder, records: inout Int) throws {
        var colon = start + 1
        while colon < end {
            if buf[colon] == Byte.colon && buf[colon - 1] == Byte.space && (colon + 1 == end || buf[colon + 1] == Byte.space) {
                break
            }
            colon += 1
        }
        guard colon < end else {
            throw LoadError("list.syntax", at: location(line, 1),
                            "expected `Name : Value` (a property of PowerShell's list view)",
                            hint: "each line is a property name, ' : ' and its value; a wrapped value continues on a line indented to the value column")
        }
        var nameEnd = colon - 1
        while nameEnd > start && buf[nameEnd - 1] == Byte.space { nameEnd -= 1 }
        flushProperty(into: &builder)
        if !builder.inObject {
            builder.beginObject(line: line)
            records += 1
        }
        let valueStart = min(colon + 2, end)
        var valueEnd = end
        while valueEnd > valueStart && (buf[valueEnd - 1] == Byte.space || buf[valueEnd - 1] == Byte.tab) { valueEnd -= 1 }
        let name = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<nameEnd]), as: UTF8.self)
        pending = PendingProperty(name: name, line: line, valueColumn: characters(start, colon + 2) + 1,
                                  valueStart: valueStart, valueEnd: valueEnd, joined: nil)
    }

    /// `continuation = indent text eol`: the rest of the value of the property above, which must
    /// start at its value column (what Format-List writes; a shallower line is something else).
    package mutating func continuation(_ start: Int, _ textStart: Int, _ end: Int) throws {
        let column = textStart - start + 1
        guard var p = pending else {
            throw LoadError("list.syntax", at: location(line, column),
                            "an indented line with no property above it in the record",
                            hint: "a record starts with a `Name : Value` line in column 1")
        }
        guard column >= p.valueColumn else {
            throw LoadError("list.syntax", at: location(line, column),
                            "expected `Name : Value` or a continuation of \(p.name) indented to column \(p.valueColumn)",
                            hint: "a wrapped value continues on lines indented to the value column of its property")
        }
        // Move `joined` out of `p` and `pending` so it is uniquely referenced while it grows.
        pending = nil
        var joined = p.joined ?? Array(buf[p.valueStart..<p.valueEnd])
        p.joined = nil
        var textEnd = end
        while textEnd > textStart && (buf[textEnd - 1] == Byte.space || buf[textEnd - 1] == Byte.tab) { textEnd -= 1 }
        if !joined.isEmpty { joined.append(Byte.space) }
        joined.append(contentsOf: buf[textStart..<textEnd])
        p.joined = joined
        pending = p
    }

    /// Ends the record (at a blank line or the end of the file), if one is open.
    package mutating func finishRecord(into builder: inout SnapshotBuilder) {
        flushProperty(into: &builder)
        if builder.inObject { builder.endObject() }
    }

    /// Adds the pending property, its value typed, to the current object.
    package mutating func flushProperty(into builder: inout SnapshotBuilder) {
        guard let p = pending else { return }
        pending = nil
        let value: Value
        if let joined = p.joined {
            value = joined.withUnsafeBufferPointer { typed($0, property: p) }
        } else {
            value = typed(UnsafeBufferPointer(rebasing: buf[p.valueStart..<p.valueEnd]), property: p)
        }
        builder.add(p.name, value)
    }

    /// Characters (not bytes) in `buf[start..<end]`: PowerShell pads names by display width, and
    /// continuation lines are indented with spaces, so the value column counts characters.
    package func characters(_ start: Int, _ end: Int) -> Int {
        var n = 0
        for i in start..<end where buf[i] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    // MARK: Values

    /// A value as its text shows it; `{…}` is a collection.
    package mutating func typed(_ v: UnsafeBufferPointer<UInt8>, property p: PendingProperty) -> Value {
        guard v.count >= 2, v[0] == Byte.openBrace, v[v.count - 1] == Byte.closeBrace else { return Self.scalar(v) }
        var inner = UnsafeBufferPointer(rebasing: v[1..<(v.count - 1)])
        if inner.isEmpty { return .list([]) }
        let n = inner.count
        if n >= 3 && inner[n - 1] == Byte.dot && inner[n - 2] == Byte.dot && inner[n - 3] == Byte.dot {
            inner = UnsafeBufferPointer(rebasing: inner[0..<(n - 3)])
            noteTruncation(p)
            if inner.isEmpty { return .list([]) }  // $FormatEnumerationLimit = 0
        }
        // Elements are joined with ", "; a nested `@{…}` or `{…}` keeps its own commas.
        var elements: [Value] = []
        var depth = 0, elementStart = 0, i = 0
        while i < inner.count {
            let c = inner[i]
            if c == Byte.openBrace { depth += 1 }
            else if c == Byte.closeBrace { depth = max(0, depth - 1) }
            else if depth == 0 && c == Byte.comma && i + 1 < inner.count && inner[i + 1] == Byte.space {
                elements.append(Self.scalar(UnsafeBufferPointer(rebasing: inner[elementStart..<i])))
                elementStart = i + 2
                i += 2
                continue
            }
            i += 1
        }
        elements.append(Self.scalar(UnsafeBufferPointer(rebasing: inner[elementStart..<inner.count])))
        return .list(elements)
    }

    package mutating func noteTruncation(_ p: PendingProperty) {
        if let k = truncations.firstIndex(where: { $0.name.caseInsensitiveEquals(p.name) }) {
            truncations[k].count += 1
        } else {
            truncations.append(Truncation(name: p.name, first: location(p.line, p.valueColumn), count: 1))
        }
    }

    /// `null`, bool, int, date or string.
    package static func scalar(_ v: UnsafeBufferPointer<UInt8>) -> Value {
        if v.isEmpty { return .null }
        if equals(v, "True") { return .bool(true) }
        if equals(v, "False") { return .bool(false) }
        if let n = integer(v) { return .int(n) }
        if let t = DateParsing.parse(utf8: v) { return .date(t) }
        return .string(String(decoding: v, as: UTF8.self))
    }

    /// `-?(0|[1-9][0-9]*)` within Int64. A leading zero (`0042`, a code) stays text.
    package static func integer(_ v: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        let negative = v[0] == Byte.minus
        if negative { i = 1 }
        guard i < v.count, v.count - i <= 19 else { return nil }
        if v[i] == UInt8(ascii: "0") && v.count - i > 1 { return nil }
        var n: Int64 = 0
        while i < v.count {
            let d = v[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { return nil }
            n = s
            i += 1
        }
        return negative ? -n : n
    }

    package static func equals(_ v: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard v.count == literal.utf8CodeUnitCount else { return false }
        let p = literal.utf8Start
        for i in 0..<v.count where v[i] != p[i] { return false }
        return true
    }
}
