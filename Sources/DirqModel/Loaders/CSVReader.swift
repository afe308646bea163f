import Foundation

/// Reads CSV exports of directory objects into a snapshot: csvde, PowerShell `Export-Csv`
/// (Windows PowerShell 5.1 with its `#TYPE` line, PowerShell 7 without), `Get-MgUser | Export-Csv`,
/// and Excel re-saves of any of these.
///
/// The format is RFC 4180 plus what those tools actually write:
///
///     file    = *(blank / "#TYPE" *CHAR eol) header *(eol (row / blank)) [eol]
///     header  = field *(DELIM field)        ; DELIM sniffed from this line: the most frequent of , ; TAB
///     row     = field *(DELIM field)        ; exactly as many fields as the header
///     field   = quoted / bare
///     quoted  = DQUOTE *(byte except DQUOTE / DQUOTE DQUOTE) DQUOTE  ; may hold DELIM, CR and LF
///     bare    = *(byte except DELIM and LF) ; a CR right before the LF belongs to the line end
///     eol     = [CR] LF
///
/// Every row is one object, every cell one attribute value named by its column. Values stay text
/// (`"True"`, `"512"` are strings; the engine coerces when it compares), except: an empty cell is
/// `null` (so the schema still knows the column), csvde's `X'0123…'` is bytes, a cell of a
/// multi-valued attribute is split at `;` into a list, and a .NET type name that PowerShell wrote
/// instead of the data is `null` plus a warning.
///
/// The file is scanned as bytes with indices; a `String` is made only for a finished cell.
package enum CSVReader {
    package static func read(_ input: InputFile, into builder: inout SnapshotBuilder) throws {
        try read(input, into: &builder, parts: nil)
    }

    /// Reads with the rows split into `parts` read in parallel (nil: `ParallelParts.count` of
    /// the file's size).
    package static func read(_ input: InputFile, into builder: inout SnapshotBuilder, parts: Int?) throws {
        var bytes = input.bytes
        let scan = bytes.withUnsafeBufferPointer { EncodingScan($0) }
        if let bom = scan.firstBOM {
            // `InputFile` already removed a leading BOM: one here means a second file starts here.
            throw LoadError("csv.bom-inside", at: input.location(ofOffset: bom),
                            "a byte-order mark inside the file: were two exports concatenated?",
                            hint: "load each export as its own snapshot")
        }
        if let bad = scan.firstInvalid {
            // Not UTF-8, so almost surely Excel's plain "CSV" save, which writes the ANSI code page.
            builder.warn(LoadWarning(
                "csv.windows-1252", at: input.location(ofOffset: bad),
                "the file is not valid UTF-8; read it as Windows-1252 (what Excel's \"CSV\" save writes)",
                hint: "save as \"CSV UTF-8\" in Excel, or export with Export-Csv -Encoding UTF8"))
            bytes = Windows1252.transcode(bytes)
        }
        let all = bytes, path = input.path
        try all.withUnsafeBufferPointer { buffer in
            var parser = CSVParser(buffer: buffer, path: path)
            let headerLine = try parser.readHeader(into: &builder)
            let parts = parts ?? ParallelParts.count(for: buffer.count - parser.pos)
            let rows = parts > 1
                ? try parser.readRowsInParts(parts, into: &builder)
                : try parser.readRows(before: buffer.count, into: &builder)
            parser.finish(rows: rows, headerLine: headerLine, into: &builder)
        }
    }
}

/// Where a parse stands between two rows: enough for another parser to go on from there.
struct CSVPosition: Sendable {
    var pos: Int
    var line: Int
    var lineStart: Int
}

/// What one part of a parallel read gives back: its objects, how many rows, where it stopped (the
/// start of the first row at or after its end) and what its columns learned.
struct CSVPart: Sendable {
    var builder: SnapshotBuilder
    var rows: Int
    var stop: CSVPosition
    var columns: [CSVColumn]
}

// MARK: - Bytes

/// One field of the row being read: where its content lies in the buffer (without the quotes),
/// whether it holds doubled quotes to undo, and where it starts (its opening quote, if quoted).
struct CSVField {
    package var start: Int
    package var end: Int
    package var escaped: Bool
    package var line: Int
    package var column: Int
}

/// A header column and what the reader learns about it while reading the rows.
struct CSVColumn {
    package var name: String
    /// Cells are split at `;` (the attribute is multi-valued and `;` is not the delimiter).
    package var splits: Bool
    /// A multi-valued attribute in a `;`-separated file: cells are kept whole, and checked once for
    /// values that look joined with another character.
    package var checkJoined: Bool
    /// The first cell that looked like joined values (reported once, after the last row).
    package var joinedFirst: SourceLocation?
    package var typeNameRows = 0
    package var typeNameFirst: SourceLocation?
    package var typeName = ""
    /// False when the loader's projection drops this column: its cells are not read.
    package var wanted = true
}

/// The CSV state machine over a byte buffer. It tracks the line and the offset where the line
/// starts as it goes, so every location is known without rescanning.
struct CSVParser {
    package let buf: UnsafeBufferPointer<UInt8>
    package let path: String
    package var pos = 0
    package var line = 1
    package var lineStart = 0
    package var delimiter = Byte.comma
    /// The fields of the current row; reused from row to row.
    package var fields: [CSVField] = []
    package var columns: [CSVColumn] = []
    /// The buffer is a window of a longer file (`CSVWindows`): a row that reaches its end is not
    /// read but left for the next window, and `readRows` stops before it.
    package var partialEnd = false

    /// Thrown by `readRow` when the row goes on past the end of a partial buffer.
    struct RowGoesOn: Error {}

    package init(buffer: UnsafeBufferPointer<UInt8>, path: String) {
        self.buf = buffer
        self.path = path
    }

    package func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column)
    }

    package init(buffer: UnsafeBufferPointer<UInt8>, path: String, delimiter: UInt8, columns: [CSVColumn],
                 at p: CSVPosition) {
        self.init(buffer: buffer, path: path)
        self.delimiter = delimiter
        self.columns = columns
        move(to: p)
    }

    package var position: CSVPosition { CSVPosition(pos: pos, line: line, lineStart: lineStart) }

    package mutating func move(to p: CSVPosition) {
        pos = p.pos
        line = p.line
        lineStart = p.lineStart
    }

    /// Reads the preamble and the header, and returns the header's line.
    package mutating func readHeader(into builder: inout SnapshotBuilder) throws -> Int {
        if let type = skipPreamble() { builder.typeName = type }
        guard pos < buf.count else {
            throw LoadError("csv.empty", at: location(line: line, column: 1), "no header line",
                            hint: "the file is empty; export again and check that the command found objects")
        }
        delimiter = sniffDelimiter()
        let headerLine = line
        try readRow()
        try makeColumns(into: &builder)
        return headerLine
    }

    /// Reads the rows that start before offset `end` (the last may go on past it), and returns
    /// how many.
    package mutating func readRows(before end: Int, into builder: inout SnapshotBuilder) throws -> Int {
        var rows = 0
        while pos < end {
            // In a window, a row or blank line needs a line feed after it in the buffer.
            if partialEnd && memchr(buf.baseAddress! + pos, Int32(Byte.lf), buf.count - pos) == nil { break }
            if skipBlankLine() { continue }
            let rowLine = line
            let rowStart = position
            do {
                try readRow()
            } catch is RowGoesOn {
                move(to: rowStart)
                break
            }
            guard fields.count == columns.count else {
                let more = fields.count > columns.count
                throw LoadError(
                    "csv.field-count", at: location(line: rowLine, column: 1),
                    "row has \(fields.count) field\(fields.count == 1 ? "" : "s"), the header has \(columns.count)",
                    hint: more
                        ? "a value that contains the delimiter \(Self.delimiterName(delimiter)) must be quoted"
                        : "a line break inside an unquoted value splits the row; it must be quoted")
            }
            builder.beginObject(line: rowLine)
            for c in 0..<columns.count where columns[c].wanted { addCell(c, into: &builder) }
            builder.endObject()
            rows += 1
        }
        return rows
    }

    /// Reads the rows in `count` parts: the first on this thread straight into `builder`, the
    /// others at the same time on other threads, each into a builder of its own, joined in file
    /// order. A part starts after a line break past an even share of the file, which may lie
    /// inside a quoted value: the parts are checked in order, each against where the previous one
    /// stopped, and a part that started elsewhere is read again from there. So the objects,
    /// warnings and errors are exactly those of `readRows` on one thread.
    package mutating func readRowsInParts(_ count: Int, into builder: inout SnapshotBuilder) throws -> Int {
        let starts = partStarts(count)
        guard starts.count > 1 else { return try readRows(before: buf.count, into: &builder) }
        let template = builder.emptyPart()
        // Each part counts its own type-name rows (added up below), from zero: in a window of a
        // longer file (`CSVWindows`) these columns already hold the counts of the windows before.
        let columns = self.columns.map { c -> CSVColumn in
            var c = c
            c.typeNameRows = 0
            return c
        }
        let (path, delimiter, partial) = (self.path, self.delimiter, self.partialEnd)
        let ends = starts.dropFirst().map(\.pos) + [buf.count]
        // The caller keeps `buf` alive until this returns, after every part.
        let shared = SharedBytes(buf)
        @Sendable func read(from start: CSVPosition, before end: Int) throws -> CSVPart {
            var parser = CSVParser(buffer: shared.buffer, path: path, delimiter: delimiter, columns: columns, at: start)
            parser.partialEnd = partial
            var b = template
            let rows = try parser.readRows(before: end, into: &b)
            return CSVPart(builder: b, rows: rows, stop: parser.position, columns: parser.columns)
        }
        var rows = 0
        let (first, parts) = ParallelParts.run(starts.count, first: {
            rows = try readRows(before: ends[0], into: &builder)
        }, other: { i in try read(from: starts[i], before: ends[i]) })
        try first.get()
        var expected = position
        for i in 1..<starts.count {
            let result = parts.take(i)
            var part = expected.pos == starts[i].pos ? try result.get() : try read(from: expected, before: ends[i])
            builder.append(&part.builder)
            rows += part.rows
            for c in columns.indices {
                let other = part.columns[c]
                if self.columns[c].joinedFirst == nil { self.columns[c].joinedFirst = other.joinedFirst }
                if self.columns[c].typeNameFirst == nil {
                    self.columns[c].typeNameFirst = other.typeNameFirst
                    self.columns[c].typeName = other.typeName
                }
                self.columns[c].typeNameRows += other.typeNameRows
            }
            expected = part.stop
        }
        move(to: expected)
        return rows
    }

    /// Where each part of a parallel read starts: the first here, the others after the first
    /// line break past an even share of the rest of the file (with their line numbers).
    package func partStarts(_ count: Int) -> [CSVPosition] {
        var starts = [position]
        var counted = pos, line = self.line
        for k in 1..<count {
            let guess = pos + (buf.count - pos) * k / count
            guard guess > starts.last!.pos, let p = memchr(buf.baseAddress! + guess, Int32(Byte.lf), buf.count - guess) else { break }
            let start = buf.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self)) + 1
            guard start < buf.count else { break }
            line += Byte.lineFeeds(UnsafeBufferPointer(rebasing: buf[counted..<start]))
            counted = start
            starts.append(CSVPosition(pos: start, line: line, lineStart: start))
        }
        return starts
    }

    /// The warnings that are counted over all rows: empty file, joined values, type names.
    package func finish(rows: Int, headerLine: Int, into builder: inout SnapshotBuilder) {
        if rows == 0 {
            builder.warn(LoadWarning("csv.no-rows", at: location(line: headerLine, column: 1),
                                     "the file has a header line but no rows: no objects were read"))
        }
        for col in columns {
            guard let first = col.joinedFirst else { continue }
            builder.warn(LoadWarning(
                "csv.multivalue-ambiguous", at: first,
                "column \(col.name) is multi-valued but the file is separated by ';', so its cells are not split; this cell looks like several values joined",
                hint: "re-export with -Delimiter ',' and join the values with ';': @{n='\(col.name)';e={$_.\(col.name) -join ';'}}"))
        }
        // Type names are counted over all rows, so they are reported once per column at the end.
        for col in columns {
            guard let first = col.typeNameFirst else { continue }
            let rowsText = col.typeNameRows == 1 ? "1 row" : "\(col.typeNameRows) rows"
            builder.warn(LoadWarning(
                "csv.type-name", at: first,
                "column \(col.name) holds the .NET type name \(col.typeName) instead of its values in \(rowsText) (read as empty)",
                hint: "re-export with @{n='\(col.name)';e={$_.\(col.name) -join ';'}} in Select-Object"
                    + (delimiter == Byte.semicolon ? ", and without -Delimiter ';' so dirq can split the values" : "")))
        }
    }

    // MARK: Lines

    /// Skips blank lines and PowerShell's `#TYPE Some.Type.Name` lines before the header, and
    /// returns the (last) type name: it says which cmdlet wrote the file (`ExportFlavour`).
    package mutating func skipPreamble() -> String? {
        var type: String?
        while pos < buf.count {
            if skipBlankLine() { continue }
            guard startsWithTYPE(at: pos) else { return type }
            var start = pos + 5
            while pos < buf.count && buf[pos] != Byte.lf { pos += 1 }
            var end = pos
            while end > start && (buf[end - 1] == Byte.cr || buf[end - 1] == 0x20) { end -= 1 }
            while start < end && buf[start] == 0x20 { start += 1 }
            type = String(decoding: UnsafeBufferPointer(rebasing: buf[min(start, end)..<end]), as: UTF8.self)
            if pos < buf.count { nextLine(after: pos) }
        }
        return type
    }

    package func startsWithTYPE(at i: Int) -> Bool {
        let tag: [UInt8] = Array("#TYPE".utf8)
        guard i + tag.count <= buf.count else { return false }
        for k in 0..<tag.count where buf[i + k] != tag[k] { return false }
        return true
    }

    /// Skips the line at `pos` if it is empty (`LF` or `CR LF`): not an object, and no data lost.
    package mutating func skipBlankLine() -> Bool {
        if buf[pos] == Byte.lf {
            nextLine(after: pos)
            return true
        }
        if buf[pos] == Byte.cr && pos + 1 < buf.count && buf[pos + 1] == Byte.lf {
            nextLine(after: pos + 1)
            return true
        }
        return false
    }

    /// Moves past the LF at `lf`.
    package mutating func nextLine(after lf: Int) {
        pos = lf + 1
        line += 1
        lineStart = pos
    }

    /// The delimiter is the most frequent of `,` `;` TAB outside quotes on the header line; ties go
    /// to `,` then `;`. (`Export-Csv -Delimiter ';'` is what European locales use.)
    package func sniffDelimiter() -> UInt8 {
        var comma = 0, semicolon = 0, tab = 0
        var inQuotes = false
        var i = pos
        while i < buf.count {
            let c = buf[i]
            if c == Byte.quote {
                inQuotes.toggle()
            } else if !inQuotes {
                if c == Byte.lf { break }
                if c == Byte.comma { comma += 1 } else if c == Byte.semicolon { semicolon += 1 } else if c == Byte.tab { tab += 1 }
            }
            i += 1
        }
        if semicolon > comma && semicolon >= tab { return Byte.semicolon }
        if tab > comma && tab > semicolon { return Byte.tab }
        return Byte.comma
    }

    package static func delimiterName(_ d: UInt8) -> String {
        d == Byte.tab ? "TAB" : "'\(Character(Unicode.Scalar(d)))'"
    }

    // MARK: Rows

    /// Reads one row (`field *(DELIM field)`) starting at `pos` into `fields`, and moves past its
    /// line end. A quoted field may span lines; the line count follows it.
    package mutating func readRow() throws {
        fields.removeAll(keepingCapacity: true)
        let n = buf.count
        let delim = delimiter
        var i = pos
        var line = self.line, lineStart = self.lineStart
        defer {
            pos = i
            self.line = line
            self.lineStart = lineStart
        }
        while true {
            let column = i - lineStart + 1
            if i < n && buf[i] == Byte.quote {
                let openLine = line
                let start = i + 1
                var escaped = false
                i = start
                while true {
                    guard i < n else {
                        if partialEnd { throw RowGoesOn() }
                        throw LoadError("csv.unterminated-quote", at: location(line: openLine, column: column),
                                        "the quoted value that starts here never ends",
                                        hint: "a value's quotes must be balanced; inside quotes a quote is written \"\"")
                    }
                    let c = buf[i]
                    if c == Byte.quote {
                        if i + 1 < n && buf[i + 1] == Byte.quote {
                            escaped = true
                            i += 2
                            continue
                        }
                        break
                    }
                    if c == Byte.lf {
                        line += 1
                        lineStart = i + 1
                    }
                    i += 1
                }
                fields.append(CSVField(start: start, end: i, escaped: escaped, line: openLine, column: column))
                i += 1  // the closing quote
                if i >= n {
                    if partialEnd { throw RowGoesOn() }
                    return
                }
                let c = buf[i]
                if c == delim {
                    i += 1
                    continue
                }
                if partialEnd && c == Byte.cr && i + 1 == n { throw RowGoesOn() }
                if c == Byte.lf || (c == Byte.cr && (i + 1 == n || buf[i + 1] == Byte.lf)) {
                    if c == Byte.cr { i += 1 }
                    if i < n {
                        i += 1
                        line += 1
                        lineStart = i
                    }
                    return
                }
                throw LoadError("csv.after-quote", at: location(line: line, column: i - lineStart + 1),
                                "unexpected character after the closing quote",
                                hint: "a quoted value must be followed by the delimiter \(Self.delimiterName(delim)) or the line end; a quote inside it is written \"\"")
            } else {
                // A bare field. A quote inside it is kept as text (RFC 4180 forbids it, but
                // hand-edited files have them and nothing is ambiguous about it).
                let start = i
                while i < n {
                    let c = buf[i]
                    if c == delim || c == Byte.lf { break }
                    i += 1
                }
                if i < n && buf[i] == delim {
                    fields.append(CSVField(start: start, end: i, escaped: false, line: line, column: column))
                    i += 1
                    continue
                }
                if i >= n && partialEnd { throw RowGoesOn() }
                var end = i
                if end > start && buf[end - 1] == Byte.cr { end -= 1 }
                fields.append(CSVField(start: start, end: end, escaped: false, line: line, column: column))
                if i < n {
                    i += 1
                    line += 1
                    lineStart = i
                }
                return
            }
        }
    }

    // MARK: Header

    /// Turns the header fields into columns: names trimmed of spaces, none empty, none repeated
    /// (attribute names compare case-insensitively, so `mail` and `Mail` are the same attribute).
    package mutating func makeColumns(into builder: inout SnapshotBuilder) throws {
        var seen: [String: Int] = [:]
        columns.reserveCapacity(fields.count)
        for (index, f) in fields.enumerated() {
            let name = text(of: f).trimmingSpaces()
            let at = location(line: f.line, column: f.column)
            if name.isEmpty {
                throw LoadError("csv.empty-column-name", at: at, "column \(index + 1) of the header has no name",
                                hint: "every column needs a name: it becomes the attribute name")
            }
            let lower = name.lowercased()
            if let first = seen[lower] {
                let other = fields[first]
                throw LoadError(
                    "csv.duplicate-column", at: at,
                    "column \(index + 1) \"\(name)\" repeats column \(first + 1) \"\(columns[first].name)\" (at \(other.line):\(other.column)); attribute names ignore case",
                    hint: "remove or rename one of the two columns")
            }
            seen[lower] = index
            let multi = AttributeCatalog.multiValued.contains(lower)
            // With `;` as the delimiter a `;` inside a cell was quoted on purpose: it may be part of
            // a single value, and values joined by another character cannot be told from text. So
            // such cells are kept whole (see `looksJoined`).
            var column = CSVColumn(name: name, splits: multi && delimiter != Byte.semicolon,
                                   checkJoined: multi && delimiter == Byte.semicolon)
            column.wanted = builder.wants(name)
            if !column.wanted { builder.declare(name) }
            columns.append(column)
        }
    }

    /// The text of a field, with doubled quotes undone. Used for header names.
    package func text(of f: CSVField) -> String {
        if f.escaped {
            return unescaped(f).withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: buf[f.start..<f.end]), as: UTF8.self)
    }

    /// The content of a quoted field with each `""` turned into `"`.
    package func unescaped(_ f: CSVField) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(f.end - f.start)
        var i = f.start
        while i < f.end {
            out.append(buf[i])
            i += buf[i] == Byte.quote ? 2 : 1
        }
        return out
    }

    // MARK: Cells

    /// Adds the current row's cell of column `c` to the object being built.
    package mutating func addCell(_ c: Int, into builder: inout SnapshotBuilder) {
        let f = fields[c]
        if f.start == f.end {
            builder.add(columns[c].name, .null)
            return
        }
        if f.escaped {
            let bytes = unescaped(f)
            bytes.withUnsafeBufferPointer { addContent($0, column: c, field: f, into: &builder) }
        } else {
            addContent(UnsafeBufferPointer(rebasing: buf[f.start..<f.end]), column: c, field: f, into: &builder)
        }
    }

    package mutating func addContent(_ cell: UnsafeBufferPointer<UInt8>, column c: Int, field f: CSVField,
                             into builder: inout SnapshotBuilder) {
        if let typeName = DotNetTypeNames.match(cell) {
            // `Export-Csv` of a collection property writes its type name, not its values.
            if columns[c].typeNameFirst == nil {
                columns[c].typeNameFirst = location(line: f.line, column: f.column)
                columns[c].typeName = typeName
            }
            columns[c].typeNameRows += 1
            builder.add(columns[c].name, .null)
            return
        }
        if columns[c].splits {
            var added = false
            var pieceStart = 0
            for k in 0...cell.count where k == cell.count || cell[k] == Byte.semicolon {
                let piece = Self.trimmed(UnsafeBufferPointer(rebasing: cell[pieceStart..<k]))
                pieceStart = k + 1
                guard !piece.isEmpty else { continue }
                Self.add(piece, as: columns[c].name, into: &builder)
                added = true
            }
            if !added { builder.add(columns[c].name, .null) }
            return
        }
        if columns[c].checkJoined && Self.looksJoined(cell) {
            columns[c].checkJoined = false  // one warning per column
            columns[c].joinedFirst = location(line: f.line, column: f.column)
        }
        Self.add(cell, as: columns[c].name, into: &builder)
    }

    /// Adds a cell's value (`value(_:)`): text is handed over as its bytes.
    private static func add(_ cell: UnsafeBufferPointer<UInt8>, as name: String, into builder: inout SnapshotBuilder) {
        if let bytes = hexBytes(cell) {
            builder.add(name, .bytes(bytes))
        } else {
            builder.addText(name, cell)
        }
    }

    /// A cell's value: csvde's hex notation `X'0123abcd'` (an even number of hex digits) is bytes,
    /// anything else a string.
    package static func value(_ cell: UnsafeBufferPointer<UInt8>) -> Value {
        if let bytes = hexBytes(cell) { return .bytes(bytes) }
        return .string(String(decoding: cell, as: UTF8.self))
    }

    /// The bytes of `^X'[0-9A-Fa-f]*'$`, or nil.
    package static func hexBytes(_ cell: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let n = cell.count
        guard n >= 3, cell[0] == Byte.bigX, cell[1] == Byte.apostrophe, cell[n - 1] == Byte.apostrophe,
              (n - 3) % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity((n - 3) / 2)
        var i = 2
        while i < n - 1 {
            guard let hi = hexDigit(cell[i]), let lo = hexDigit(cell[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    package static func hexDigit(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    package static func trimmed(_ s: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var a = 0, b = s.count
        while a < b && (s[a] == Byte.space || s[a] == Byte.tab) { a += 1 }
        while b > a && (s[b - 1] == Byte.space || s[b - 1] == Byte.tab) { b -= 1 }
        return UnsafeBufferPointer(rebasing: s[a..<b])
    }

    /// Whether a cell of a multi-valued column in a `;`-separated file looks like several values
    /// joined with another character. Kept deliberately simple: a proxy-address prefix (`smtp:`,
    /// `x500:`, `sip:`, `x400:`, `eum:`, any case) right after `,` `|` or a space, or a DN starting
    /// after `|` (`…|CN=`). A single DN (`CN=a,OU=b`) or address does not match.
    package static func looksJoined(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = cell.count
        var i = 1
        while i < n {
            let sep = cell[i - 1]
            if sep == Byte.comma || sep == UInt8(ascii: "|") || sep == Byte.space {
                for prefix in joinedPrefixes where hasPrefixIgnoringCase(cell, at: i, prefix) {
                    return true
                }
                if sep == UInt8(ascii: "|") && hasPrefixIgnoringCase(cell, at: i, Array("cn=".utf8)) { return true }
            }
            i += 1
        }
        return false
    }

    package static let joinedPrefixes: [[UInt8]] = ["smtp:", "x500:", "sip:", "x400:", "eum:"].map { Array($0.utf8) }

    /// `prefix` must be lower-case ASCII.
    package static func hasPrefixIgnoringCase(_ s: UnsafeBufferPointer<UInt8>, at i: Int, _ prefix: [UInt8]) -> Bool {
        guard i + prefix.count <= s.count else { return false }
        for k in 0..<prefix.count {
            var c = s[i + k]
            if c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") { c += 32 }
            if c != prefix[k] { return false }
        }
        return true
    }
}

/// The .NET type names of `AttributeCatalog.dotNetTypeNames` as bytes, for comparing cells
/// without making a `String` of each.
private enum DotNetTypeNames {
    package static let all: [(bytes: [UInt8], name: String)] = AttributeCatalog.dotNetTypeNames.map { (Array($0.utf8), $0) }
    /// A short array, not a `Set`: many cells start with `S` (`SMTP:…`) and hashing them costs more.
    package static let lengths: [Int] = all.map(\.bytes.count)

    /// The type name a cell is exactly equal to, if any. Cheap for ordinary cells: they fail the
    /// first-letter or length test.
    package static func match(_ cell: UnsafeBufferPointer<UInt8>) -> String? {
        guard let first = cell.first, first == UInt8(ascii: "S") || first == UInt8(ascii: "M"),
              lengths.contains(cell.count) else { return nil }
        for t in all where t.bytes.count == cell.count && cell.elementsEqual(t.bytes) { return t.name }
        return nil
    }
}

private extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

// MARK: - Encoding

/// One pass over the file: the first byte that is not valid UTF-8, and the first UTF-8 byte-order
/// mark (`EF BB BF`). Runs of ASCII are skipped eight bytes at a time, so valid files cost little.
package struct EncodingScan: Sendable {
    package var firstInvalid: Int?
    package var firstBOM: Int?

    package init(_ b: UnsafeBufferPointer<UInt8>) {
        let n = b.count
        guard let base = b.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i < n {
            if i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let c = b[i]
            if c < 0x80 {
                i += 1
                continue
            }
            let length = Self.sequenceLength(b, at: i)
            if length == 0 {
                if firstInvalid == nil { firstInvalid = i }
                i += 1
            } else {
                if c == 0xEF && length == 3 && b[i + 1] == 0xBB && b[i + 2] == 0xBF && firstBOM == nil { firstBOM = i }
                i += length
            }
            if firstInvalid != nil && firstBOM != nil { return }
        }
    }

    /// Whether `b` is UTF-8 throughout (RFC 3629), read eight bytes at a time while it is ASCII.
    package static func isUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = b.baseAddress else { return true }
        let raw = UnsafeRawPointer(base), n = b.count
        var i = 0
        while i < n {
            if i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            } else if b[i] < 0x80 {
                i += 1
            } else {
                let length = sequenceLength(b, at: i)
                if length == 0 { return false }
                i += length
            }
        }
        return true
    }

    /// The scan of `b` cut into (at most) `parts` pieces after line feeds (no UTF-8 sequence holds
    /// one), each scanned on a thread of its own (`ParallelParts`).
    package static func inParts(_ b: UnsafeBufferPointer<UInt8>, _ parts: Int) -> EncodingScan {
        var cuts = [0]
        for k in 1..<max(parts, 1) {
            let guess = max(b.count * k / parts, cuts.last!)
            guard guess < b.count, let p = memchr(b.baseAddress! + guess, Int32(Byte.lf), b.count - guess) else { break }
            cuts.append(b.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self)) + 1)
        }
        cuts.append(b.count)
        let shared = SharedBytes(b), ends = cuts
        @Sendable func piece(_ i: Int) -> EncodingScan {
            var scan = EncodingScan(UnsafeBufferPointer(rebasing: shared.buffer[ends[i]..<ends[i + 1]]))
            scan.firstInvalid = scan.firstInvalid.map { $0 + ends[i] }
            scan.firstBOM = scan.firstBOM.map { $0 + ends[i] }
            return scan
        }
        var scan = EncodingScan(UnsafeBufferPointer(start: nil, count: 0))
        let (_, others) = ParallelParts.run(cuts.count - 1, first: { scan = piece(0) }, other: piece)
        for i in 1..<cuts.count - 1 {
            let s = try! others.take(i).get()  // a scan does not throw
            scan.firstInvalid = scan.firstInvalid ?? s.firstInvalid
            scan.firstBOM = scan.firstBOM ?? s.firstBOM
        }
        return scan
    }

    /// The length of the valid UTF-8 sequence at `i` (a non-ASCII lead byte), or 0 when invalid
    /// (overlong forms, surrogates and code points above U+10FFFF are invalid, per RFC 3629).
    package static func sequenceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let n = b.count
        let c = b[i]
        func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < n && b[i + k] >= lo && b[i + k] <= hi
        }
        switch c {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xE1...0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }
}

/// Windows-1252 ("ANSI" on Western European Windows, what Excel's plain "CSV" save writes).
package enum Windows1252 {
    /// Code points of 0x80–0x9F. The five bytes Windows-1252 leaves undefined (81 8D 8F 90 9D)
    /// map to the C1 control of the same number, as Windows' own conversion and WHATWG do.
    /// 0xA0–0xFF are U+00A0–U+00FF (Latin-1).
    package static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80–87
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  // 88–8F
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90–97
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,  // 98–9F
    ]

    /// The UTF-8 form of Windows-1252 bytes.
    package static func transcode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        for c in bytes {
            if c < 0x80 {
                out.append(c)
                continue
            }
            let u = c < 0xA0 ? high[Int(c - 0x80)] : UInt32(c)
            if u < 0x800 {
                out.append(UInt8(0xC0 | u >> 6))
                out.append(UInt8(0x80 | u & 0x3F))
            } else {
                out.append(UInt8(0xE0 | u >> 12))
                out.append(UInt8(0x80 | (u >> 6) & 0x3F))
                out.append(UInt8(0x80 | u & 0x3F))
            }
        }
        return out
    }
}
