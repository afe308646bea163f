import Foundation

/// Reads LDIF exports of Active Directory (ldifde, ldapsearch) into a snapshot: one object per
/// content record, the DN stored as the attribute `dn`, binary attributes as bytes and everything
/// else as text.
///
/// The reader follows RFC 2849 for content records and is strict where a lenient guess could hide
/// a broken export (change records, URL values, bad base64, lines without a colon) and lenient
/// where real exports differ from the RFC without losing data (ldapsearch's `search:`/`result:`/
/// `ref:` records, `version: 1` without a following blank line, spaces before the colon).
///
/// It scans the bytes of the file in place: a logical line is copied only when it is folded, and
/// a `String` is created only for a finished attribute name or value, never per line of the file.
package enum LDIFReader {
    package static func read(_ input: InputFile, into builder: inout SnapshotBuilder) throws {
        try read(input, into: &builder, chunks: ParallelParts.count(for: input.bytes.count))
        if let cut = cutShort(input) { builder.warn(cut) }
    }

    /// ldifde and ldapsearch end every line, the last one too: a file whose last byte is not a
    /// line break was most likely cut off (a copy that stopped, a size-limited attachment), and
    /// its last value may be incomplete, whether or not a script reads it.
    package static func cutShort(_ input: InputFile) -> LoadWarning? {
        cutShort(input.bytes[...], path: input.path, firstLine: 1)
    }

    /// `cutShort` of the file's last bytes `b`, whose first byte is on line `firstLine`.
    package static func cutShort<Bytes: RandomAccessCollection<UInt8>>(_ b: Bytes, path: String, firstLine: Int) -> LoadWarning?
        where Bytes.Index == Int {
        guard let last = b.last, last != 0x0A else { return nil }
        var lines = firstLine, start = b.startIndex
        for i in b.indices where b[i] == 0x0A {
            lines += 1
            start = i + 1
        }
        if b[start...].allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { return nil }
        return LoadWarning("ldif.cut-short", at: SourceLocation(file: path, line: lines, column: b.endIndex - start + 1),
                           "the file ends in the middle of a line: it may have been cut short, and its last value may be incomplete",
                           hint: "export again, or check that the whole file was copied (ldifde ends every line with a line break)")
    }

    /// Reads with the file split into (at most) `count` chunks parsed in parallel.
    package static func read(_ input: InputFile, into builder: inout SnapshotBuilder, chunks count: Int) throws {
        try read(input.bytes, path: input.path, firstLine: 1, firstChunk: true, into: &builder, chunks: count)
    }

    /// Reads whole records `bytes[..<end]` (the whole file, or a window of it that starts on line
    /// `firstLine` and at a record; `firstChunk`: at the file's start) in (at most) `count` chunks
    /// parsed in parallel, appending their objects to `builder`'s.
    package static func read(_ bytes: [UInt8], end: Int? = nil, path: String, firstLine: Int, firstChunk: Bool,
                             into builder: inout SnapshotBuilder, chunks count: Int) throws {
        _ = try bytes.withUnsafeBufferPointer { all in
            try read(UnsafeBufferPointer(rebasing: all[..<(end ?? all.count)]), path: path, firstLine: firstLine,
                     firstChunk: firstChunk, into: &builder, chunks: count)
        }
    }

    /// `read` of whole records `bytes`; returns the number of the line after them (the parsers
    /// count the lines they read, so that a window's reader need not count them again).
    @discardableResult
    package static func read(_ bytes: UnsafeBufferPointer<UInt8>, path: String, firstLine: Int, firstChunk: Bool,
                             into builder: inout SnapshotBuilder, chunks count: Int) throws -> Int {
        var carried: SnapshotBuilder?
        return try read(bytes, path: path, firstLine: firstLine, firstChunk: firstChunk, into: &builder, chunks: count,
                        carrying: &carried, keepLast: false)
    }

    /// `read` for the windows of a file, whose last part is not appended to `builder` here but
    /// left in `carried`: the next window's first part appends it before it parses (while the
    /// other parts parse), instead of every thread but this one waiting for the append. A part
    /// carried in is appended first, so the objects stay in file order; only a part that parsed
    /// without error is carried, so the first error is still the first in file order. The first
    /// part gets a smaller share of the bytes, for the append it makes.
    package static func read(_ bytes: UnsafeBufferPointer<UInt8>, path: String, firstLine: Int, firstChunk: Bool,
                             into builder: inout SnapshotBuilder, chunks count: Int,
                             carrying carried: inout SnapshotBuilder?, keepLast: Bool) throws -> Int {
        // The append takes about a fourteenth of what a part's parse does (at a million users).
        let firstShare = keepLast && count > 1 ? 0.93 / Double(count) : nil
        let chunks = chunkStarts(bytes, count: count, firstShare: firstShare)
            .map { (offset: $0.offset, line: $0.line + firstLine - 1) }
        guard chunks.count > 1 else {
            if var part = carried {
                builder.append(&part)
                carried = nil
            }
            return try parse(bytes, path: path, firstLine: firstLine, firstChunk: firstChunk, into: &builder)
        }
        var carriedIn = carried
        carried = nil
        // Records are independent: the first chunk is parsed on this thread straight into
        // `builder`, the others at the same time on other threads into empty builders of their
        // own, which are then appended in file order (attribute ids renumbered). The first error
        // in file order is the one reported, as a serial parse would.
        let template = builder.emptyPart()
        let shared = SharedBytes(bytes)
        let (first, parts) = ParallelParts.run(chunks.count, first: {
            if var part = carriedIn {
                builder.append(&part)
                carriedIn = nil
            }
            try parse(UnsafeBufferPointer(rebasing: bytes[..<chunks[1].offset]), path: path, firstLine: chunks[0].line,
                      firstChunk: firstChunk, into: &builder)
        }, other: { i in
            var b = template
            let end = i + 1 < chunks.count ? chunks[i + 1].offset : shared.buffer.count
            let next = try parse(UnsafeBufferPointer(rebasing: shared.buffer[chunks[i].offset..<end]), path: path,
                                 firstLine: chunks[i].line, firstChunk: false, into: &b)
            return (builder: b, next: next)
        })
        try first.get()
        var next = firstLine
        for i in 1..<chunks.count {
            var part = try parts.take(i).get()
            if keepLast && i == chunks.count - 1 {
                carried = part.builder
            } else {
                builder.append(&part.builder)
            }
            next = part.next
        }
        return next
    }

    /// Where each chunk starts (offset and line number): the first at 0, the others at the line
    /// after a blank line found past an even share of the file. A blank line always ends a
    /// record (a continuation line starts with a space, so it is never blank).
    package static func chunkStarts(_ bytes: [UInt8], end: Int? = nil, count: Int) -> [(offset: Int, line: Int)] {
        bytes.withUnsafeBufferPointer { chunkStarts(UnsafeBufferPointer(rebasing: $0[..<(end ?? $0.count)]), count: count) }
    }

    /// `chunkStarts` of `b`; the first chunk takes `firstShare` of the bytes when given (the
    /// others share the rest evenly), else an even share.
    package static func chunkStarts(_ b: UnsafeBufferPointer<UInt8>, count: Int,
                                    firstShare: Double? = nil) -> [(offset: Int, line: Int)] {
        var starts: [(offset: Int, line: Int)] = [(0, 1)]
        guard count > 1 else { return starts }
        let first = firstShare.map { Int(Double(b.count) * $0) } ?? b.count / count
        var line = 1, counted = 0
        for k in 1..<count {
            var i = max(first + (b.count - first) * (k - 1) / (count - 1), starts.last!.offset)
            var found = -1
            // Find "\n" followed by an empty line ("\n" or "\r\n").
            while i < b.count {
                guard let p = memchr(b.baseAddress! + i, 0x0A, b.count - i) else { break }
                let nl = b.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
                var j = nl + 1
                if j < b.count && b[j] == 0x0D { j += 1 }
                if j < b.count && b[j] == 0x0A {
                    found = j + 1
                    break
                }
                i = nl + 1
            }
            guard found > 0, found < b.count else { break }
            // Line number of `found`: newlines before it, plus one.
            line += Byte.lineFeeds(UnsafeBufferPointer(rebasing: b[counted..<found]))
            counted = found
            starts.append((found, line))
        }
        return starts
    }

    /// Parses `bytes` into `builder`; returns the number of the line after them.
    @discardableResult
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, path: String, firstLine: Int, firstChunk: Bool,
                              into builder: inout SnapshotBuilder) throws -> Int {
        var parser = LDIFParser(bytes: bytes, path: path)
        parser.lineNumber = firstLine
        // `version:` may only open the file, not a later chunk.
        parser.sawRecord = !firstChunk
        parser.names.projection = builder.projection
        try parser.parse(into: &builder)
        return parser.lineNumber
    }

    /// Decodes strict RFC 4648 base64 (the `BASE64-STRING` of RFC 2849): a multiple of four
    /// characters, `=` padding only at the end. Strict on purpose: a value cut off by a truncated
    /// export must be reported, not decoded into fewer bytes. Returns nil when invalid.
    package static func decodeBase64(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let n = text.count
        if n == 0 { return [] }
        if n % 4 != 0 { return nil }
        var pad = 0
        if text[n - 1] == UInt8(ascii: "=") {
            pad = text[n - 2] == UInt8(ascii: "=") ? 2 : 1
        }
        var out: [UInt8] = []
        out.reserveCapacity(n / 4 * 3 - pad)
        let table = base64Table
        var i = 0
        while i < n {
            let last = i + 4 == n
            let a = table[Int(text[i])]
            let b = table[Int(text[i + 1])]
            let c = last && pad == 2 ? 0 : table[Int(text[i + 2])]
            let d = last && pad >= 1 ? 0 : table[Int(text[i + 3])]
            // 0xFF marks a byte outside the alphabet (including a misplaced `=`).
            if (a | b | c | d) & 0xC0 != 0 { return nil }
            out.append(a << 2 | b >> 4)
            if !(last && pad == 2) { out.append(b << 4 | c >> 2) }
            if !(last && pad >= 1) { out.append(c << 6 | d) }
            i += 4
        }
        return out
    }

    /// Whether `text` is valid base64 as `decodeBase64` reads it, without decoding: the check a
    /// skipped value still gets (a broken file is an error whichever attributes a script reads).
    package static func isValidBase64(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = text.count
        if n == 0 { return true }
        if n % 4 != 0 { return false }
        var pad = 0
        if text[n - 1] == UInt8(ascii: "=") {
            pad = text[n - 2] == UInt8(ascii: "=") ? 2 : 1
        }
        let table = base64Table
        var bad: UInt8 = 0
        for i in 0..<(n - pad) { bad |= table[Int(text[i])] }
        return bad & 0xC0 == 0
    }

    /// Maps each byte to its 6-bit base64 value, or 0xFF.
    private static let base64Table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(c)] = UInt8(i)
        }
        return table
    }()
}

/// Where a logical line's bytes came from, so that a position in an unfolded line can be reported
/// at its physical line and column.
private struct FoldSegment {
    /// Offset in the logical line where this physical line's bytes start.
    package var offset: Int
    package var line: Int
    /// Physical column of the segment's first byte: 1, or 2 on a continuation line (after the
    /// removed space).
    package var column: Int
}

/// One logical (unfolded) line: a view either into the input or into the parser's unfold buffer.
private struct LogicalLine {
    package var bytes: UnsafeBufferPointer<UInt8>
    /// Physical line number of its first line.
    package var line: Int
    /// True when continuation lines were joined (positions then go through `segments`).
    package var folded: Bool
}

/// How a value is written after the attribute name.
private enum ValueSpec {
    /// `attr: value`
    case plain
    /// `attr:: base64`
    case base64
    /// `attr:< url`
    case url
}

/// Attribute names that steer the parser rather than describe the object.
private enum ControlName {
    case dn, changetype, version, search, result, ref, text, matchedDN, none

    /// Classifies a base attribute name (ASCII, compared case-insensitively). Runs once per
    /// distinct name (AttributeNameCache keeps the answer).
    package static func classify(_ name: UnsafeBufferPointer<UInt8>) -> ControlName {
        switch name.count {
        case 2: return equalsLower(name, "dn") ? .dn : .none
        case 3: return equalsLower(name, "ref") ? .ref : .none
        case 4: return equalsLower(name, "text") ? .text : .none
        case 6:
            if equalsLower(name, "search") { return .search }
            return equalsLower(name, "result") ? .result : .none
        case 7: return equalsLower(name, "version") ? .version : .none
        case 9: return equalsLower(name, "matcheddn") ? .matchedDN : .none
        case 10: return equalsLower(name, "changetype") ? .changetype : .none
        default: return .none
        }
    }
}

/// AttributeDescription characters: letters, digits, `-` (RFC 4512 keystring), `.` (numeric
/// OIDs), `;` (options), and `_`, which some schema extensions use.
private func isAttributeName(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
    for c in name {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: ";"), UInt8(ascii: "_"):
            continue
        default:
            return false
        }
    }
    return true
}

/// ASCII case-insensitive comparison of bytes with a lower-case literal.
private func equalsLower(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
    guard bytes.count == literal.utf8CodeUnitCount else { return false }
    let lit = literal.utf8Start
    for i in 0..<bytes.count {
        var c = bytes[i]
        if c >= 0x41 && c <= 0x5A { c |= 0x20 }
        if c != lit[i] { return false }
    }
    return true
}

/// The text of UTF-8 bytes, or nil when they are not valid UTF-8. `String(validating:)` takes a
/// slow generic path; pure ASCII (nearly every AD value) needs no check, and other bytes are
/// valid exactly when decoding them (which replaces invalid sequences by U+FFFD) changes nothing.
private func utf8String(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    let text = String(decoding: bytes, as: UTF8.self)
    if isASCII(bytes) { return text }
    // Decoding replaced nothing exactly when the text's bytes are the input's.
    let same = text.utf8.withContiguousStorageIfAvailable { t in
        t.count == bytes.count && (t.count == 0 || memcmp(t.baseAddress!, bytes.baseAddress!, t.count) == 0)
    }
    return (same ?? text.utf8.elementsEqual(bytes)) ? text : nil
}

/// Whether bytes are UTF-8, without making a string.
private func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    EncodingScan.isUTF8(bytes)
}

/// Whether every byte is below 0x80, read eight bytes at a time.
private func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = b.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    var i = 0, high: UInt64 = 0
    while i + 8 <= b.count {
        high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        i += 8
    }
    while i < b.count {
        high |= UInt64(b[i])
        i += 1
    }
    return high & 0x8080_8080_8080_8080 == 0
}

/// What the parser needs to know about an attribute name, worked out once per distinct name.
private struct AttributeName {
    /// The base name as written (without options).
    package var name: String
    /// In AttributeCatalog.binary: values are bytes.
    package var binary: Bool
    package var control: ControlName
    /// False when a projection drops this attribute: its values are skipped undecoded.
    package var wanted = true
    /// Its entry in the parser's `AttributeNameCache` (which keeps the builder's id for it).
    package var entry = 0
}

/// Interns attribute names by their bytes: an open-addressing table (FNV-1a hash, linear
/// probing) from the name as written to its String, whether it is binary and whether it steers
/// the parser. A file has a few hundred distinct names and millions of attribute lines, so each
/// line costs a short hash and a memcmp instead of a String allocation, a Dictionary lookup, a
/// `lowercased()` and a name check.
private struct AttributeNameCache {
    package struct Entry {
        package var bytes: [UInt8]
        package var attribute: AttributeName
    }

    private var entries: [Entry] = []
    /// Per entry: the builder's id of its attribute, or -1 until its first value is added.
    private var builderIDs: [Schema.ID] = []
    /// The loader's projection: names it drops are marked unwanted when first seen.
    package var projection: Projection?
    /// Unwanted names seen since the parser last passed them to the builder.
    package var undeclared: [String] = []
    /// Index into `entries`, or -1; the count is a power of two kept at least twice `entries`.
    private var slots = [Int32](repeating: -1, count: 256)

    /// The entry looked up last, and per entry the one looked up after it the last time: the
    /// records of an export name their attributes in the same order, so the next name is
    /// usually the one predicted, compared without hashing.
    private var previous = -1
    private var following: [Int32] = []

    /// The attribute for a base name, or nil when the bytes are not an attribute name.
    package mutating func lookup(_ name: UnsafeBufferPointer<UInt8>) -> AttributeName? {
        if previous >= 0 {
            let p = Int(following[previous])
            if p >= 0 && matches(p, name) {
                previous = p
                return entries[p].attribute
            }
        }
        let mask = slots.count - 1
        var slot = Self.hash(name) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { break }
            if matches(index, name) {
                if previous >= 0 { following[previous] = Int32(index) }
                previous = index
                return entries[index].attribute
            }
            slot = (slot + 1) & mask
        }
        guard isAttributeName(name) else { return nil }
        let text = String(decoding: name, as: UTF8.self)
        let control = ControlName.classify(name)
        let wanted = control != .none || (projection?.wants(text) ?? true)
        if !wanted { undeclared.append(text) }
        let entry = Entry(bytes: Array(name),
                          attribute: AttributeName(name: text, binary: AttributeCatalog.binary.contains(text.lowercased()),
                                                   control: control, wanted: wanted, entry: entries.count))
        slots[slot] = Int32(entries.count)
        if previous >= 0 { following[previous] = Int32(entries.count) }
        previous = entries.count
        entries.append(entry)
        following.append(-1)
        if entries.count * 2 > slots.count { rehash() }
        return entry.attribute
    }

    /// The attribute the line starts with and the offset of its colon, when the line starts with
    /// the name predicted to follow the one looked up last, then a colon: what `lookup` and the
    /// line's colon, option and space checks would find, without them (a cached name is valid, so
    /// it holds no colon, option or space). Nil otherwise: the line takes the general path.
    /// The name last looked up is tried second: a multi-valued attribute (`objectClass`,
    /// `proxyAddresses`) repeats it line after line, and the prediction stays the name after it.
    @inline(__always)
    package mutating func predicted(_ line: UnsafeBufferPointer<UInt8>) -> (attribute: AttributeName, colon: Int)? {
        guard previous >= 0 else { return nil }
        let p = Int(following[previous])
        if p >= 0 && starts(line, with: p) {
            previous = p
            return (entries[p].attribute, entries[p].bytes.count)
        }
        if starts(line, with: previous) { return (entries[previous].attribute, entries[previous].bytes.count) }
        return nil
    }

    /// Whether `line` starts with entry `p`'s name and a colon.
    @inline(__always)
    private func starts(_ line: UnsafeBufferPointer<UInt8>, with p: Int) -> Bool {
        let n = entries[p].bytes.count
        return line.count > n && line[n] == UInt8(ascii: ":")
            && entries[p].bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, line.baseAddress!, n) == 0 })
    }

    /// The builder's id of `attribute` (asked of the builder once per name, then kept).
    package mutating func id(of attribute: AttributeName, in builder: inout SnapshotBuilder) -> Schema.ID {
        let i = attribute.entry
        if i >= builderIDs.count { builderIDs.append(contentsOf: repeatElement(-1, count: i + 1 - builderIDs.count)) }
        if builderIDs[i] < 0 { builderIDs[i] = builder.attributeID(attribute.name) }
        return builderIDs[i]
    }

    private func matches(_ index: Int, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        entries[index].bytes.count == name.count
            && entries[index].bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0 })
    }

    private mutating func rehash() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, entry) in entries.enumerated() {
            var slot = entry.bytes.withUnsafeBufferPointer(Self.hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for c in bytes { h = (h ^ UInt64(c)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}

/// The state machine over the lines of one LDIF file. Not copyable: it owns the unfold buffer.
private struct LDIFParser: ~Copyable {
    /// Where the parser is between two blank lines.
    package enum RecordState {
        /// Between records (or before the first one).
        case between
        /// Inside an object record (its `dn:` has been read and `beginObject` called).
        case object
        /// Inside an ldapsearch status record (`search:`, `result:`, `ref:`): not an object.
        case status
    }

    package let bytes: UnsafeBufferPointer<UInt8>
    package let path: String
    /// Start of the next physical line, and its 1-based number.
    package var offset = 0
    package var lineNumber = 1
    package var state = RecordState.between
    /// True once any record has begun: `version:` is only allowed before that.
    package var sawRecord = false

    /// Buffer that folded lines are joined into; grown on demand, reused for every fold.
    package var scratch: UnsafeMutablePointer<UInt8>
    package var scratchCapacity: Int
    /// Provenance of the current folded line's bytes.
    package var segments: [FoldSegment] = []
    /// Attribute names seen so far, so that each line reuses the name's String and knows whether
    /// it is binary without hashing or lower-casing a new String.
    package var names = AttributeNameCache()

    package init(bytes: UnsafeBufferPointer<UInt8>, path: String) {
        self.bytes = bytes
        self.path = path
        scratchCapacity = 256
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit { scratch.deallocate() }

    // MARK: - Lines

    /// ldif-file = [version-spec] records separated by blank lines (RFC 2849, section "Formal
    /// Syntax Definition of LDIF"):
    ///
    ///     ldif-content  = version-spec 1*(1*SEP ldif-attrval-record)
    ///     ldif-attrval-record = dn-spec SEP 1*attrval-spec
    ///     comment lines start with "#"; a line starting with one space continues the line before.
    ///
    /// A blank line ends the current record; the end of the file ends it too, so a file cut after
    /// a complete line still yields its last record.
    package mutating func parse(into builder: inout SnapshotBuilder) throws {
        while offset < bytes.count {
            let start = offset, number = lineNumber
            let (end, next) = physicalLine(at: start)
            offset = next
            lineNumber += 1
            if start == end {
                finishRecord(&builder)
                continue
            }
            switch bytes[start] {
            case UInt8(ascii: "#"):
                // A comment may be folded like any line (RFC 2849 note 2); its continuation lines
                // belong to the comment, so a comment between two folded parts swallows the rest.
                skipContinuationLines()
            case UInt8(ascii: " "):
                // Continuation lines after a line are consumed with it, so one seen here follows a
                // blank line or the start of the file. A line of spaces only is ignored like a blank one.
                if isAllSpaces(start, end) { continue }
                throw LoadError("ldif.continuation-first", at: SourceLocation(file: path, line: number, column: 1),
                                "a continuation line (starting with a space) but no line before it in this record to continue",
                                hint: "a line that starts with one space continues the previous line; remove the space, or the blank line above it")
            default:
                let line = gatherLogicalLine(start: start, end: end, number: number)
                try attributeLine(line, into: &builder)
            }
        }
        finishRecord(&builder)
    }

    /// The end of the physical line's content (before LF, and before the CR of a CRLF) and the
    /// start of the next line.
    @inline(__always)
    package func physicalLine(at start: Int) -> (end: Int, next: Int) {
        let base = bytes.baseAddress!
        var end: Int, next: Int
        if let lf = memchr(base + start, 0x0A, bytes.count - start) {
            end = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(lf))
            next = end + 1
        } else {
            end = bytes.count
            next = end
        }
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return (end, next)
    }

    /// Skips the continuation lines that follow the current line.
    package mutating func skipContinuationLines() {
        while offset < bytes.count && bytes[offset] == 0x20 {
            offset = physicalLine(at: offset).next
            lineNumber += 1
        }
    }

    package func isAllSpaces(_ start: Int, _ end: Int) -> Bool {
        for i in start..<end where bytes[i] != 0x20 { return false }
        return true
    }

    /// Joins a line with its continuation lines. An unfolded line is a view into the input; only a
    /// folded one is copied (into the reused scratch buffer). Folding may split base64 and UTF-8
    /// sequences anywhere, which is why values are decoded only after unfolding.
    package mutating func gatherLogicalLine(start: Int, end: Int, number: Int) -> LogicalLine {
        guard offset < bytes.count && bytes[offset] == 0x20 else {
            return LogicalLine(bytes: UnsafeBufferPointer(rebasing: bytes[start..<end]), line: number, folded: false)
        }
        segments.removeAll(keepingCapacity: true)
        segments.append(FoldSegment(offset: 0, line: number, column: 1))
        var length = 0
        appendToScratch(start, end, at: &length)
        while offset < bytes.count && bytes[offset] == 0x20 {
            let s = offset
            let (e, next) = physicalLine(at: s)
            segments.append(FoldSegment(offset: length, line: lineNumber, column: 2))
            appendToScratch(s + 1, e, at: &length)
            offset = next
            lineNumber += 1
        }
        return LogicalLine(bytes: UnsafeBufferPointer(start: scratch, count: length), line: number, folded: true)
    }

    package mutating func appendToScratch(_ start: Int, _ end: Int, at length: inout Int) {
        let count = end - start
        guard count > 0 else { return }
        if length + count > scratchCapacity {
            var capacity = scratchCapacity * 2
            while capacity < length + count { capacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: scratch, count: length)
            scratch.deallocate()
            scratch = grown
            scratchCapacity = capacity
        }
        (scratch + length).update(from: bytes.baseAddress! + start, count: count)
        length += count
    }

    /// The physical position of a byte offset of a logical line.
    package func location(_ line: LogicalLine, _ offset: Int) -> SourceLocation {
        guard line.folded else { return SourceLocation(file: path, line: line.line, column: offset + 1) }
        var segment = segments[0]
        for s in segments.dropFirst() where s.offset <= offset {
            // A value that starts exactly where a continuation starts is reported on that line.
            segment = s
        }
        return SourceLocation(file: path, line: segment.line, column: segment.column + offset - segment.offset)
    }

    // MARK: - Records

    package mutating func finishRecord(_ builder: inout SnapshotBuilder) {
        if state == .object { builder.endObject() }
        state = .between
    }

    /// One attribute line:
    ///
    ///     attrval-spec  = AttributeDescription value-spec SEP
    ///     value-spec    = ":" (FILL 0*1(SAFE-STRING) / ":" FILL (BASE64-STRING) / "<" FILL url)
    ///     dn-spec       = "dn:" (FILL distinguishedName / ":" FILL base64-distinguishedName)
    ///     AttributeDescription = AttributeType [";" options]
    ///
    /// FILL (leading spaces) is skipped; trailing spaces are part of a plain value. Spaces between
    /// the name and the colon are tolerated (OpenLDAP does too). Options (`;binary`, `;lang-en`)
    /// are dropped: the object keeps the base name.
    package mutating func attributeLine(_ line: LogicalLine, into builder: inout SnapshotBuilder) throws {
        let b = line.bytes
        let (attribute, colon) = try names.predicted(b) ?? attributeName(line)
        try attributeValue(attribute, after: colon, line, into: &builder)
    }

    /// The attribute a line names and the offset of the colon after the name, looked up.
    package mutating func attributeName(_ line: LogicalLine) throws -> (AttributeName, Int) {
        let b = line.bytes
        guard let colon = b.firstIndex(of: UInt8(ascii: ":")) else {
            if b.count >= 3 && b.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == 0x20 }) && b[0] == UInt8(ascii: "-") {
                throw LoadError("ldif.dash-separator", at: location(line, 0),
                                "expected `attribute: value` or a blank line, found a line of dashes",
                                hint: "LDIF separates records with a blank line; this looks like an ldapsearch-style dump with `----` separators: replace those lines with blank lines")
            }
            throw LoadError("ldif.no-colon", at: location(line, 0),
                            "expected `attribute: value`, found `\(preview(b))`",
                            hint: "every line of a record is `name: value`, `name:: base64` or a continuation starting with one space")
        }
        var nameEnd = colon
        while nameEnd > 0 && b[nameEnd - 1] == 0x20 { nameEnd -= 1 }
        var baseEnd = 0
        while baseEnd < nameEnd && b[baseEnd] != UInt8(ascii: ";") { baseEnd += 1 }
        // Names are checked once, when first seen (the cache only holds valid ones); options rarely occur.
        guard baseEnd > 0, let attribute = names.lookup(UnsafeBufferPointer(rebasing: b[0..<baseEnd])),
              baseEnd == nameEnd || isAttributeName(UnsafeBufferPointer(rebasing: b[baseEnd..<nameEnd])) else {
            throw LoadError("ldif.bad-attribute", at: location(line, 0),
                            "`\(preview(UnsafeBufferPointer(rebasing: b[0..<colon])))` is not an attribute name",
                            hint: "expected `attribute: value` with a name of letters, digits and `-`")
        }
        return (attribute, colon)
    }

    /// The value after the colon of an attribute line, added to the object (or steering the parser).
    package mutating func attributeValue(_ attribute: AttributeName, after colon: Int, _ line: LogicalLine,
                                         into builder: inout SnapshotBuilder) throws {
        let b = line.bytes
        var i = colon + 1
        var spec = ValueSpec.plain
        if i < b.count && b[i] == UInt8(ascii: ":") {
            spec = .base64
            i += 1
        } else if i < b.count && b[i] == UInt8(ascii: "<") {
            spec = .url
            i += 1
        }
        while i < b.count && b[i] == 0x20 { i += 1 }
        let valueStart = i
        var value = UnsafeBufferPointer(rebasing: b[valueStart...])

        if spec == .url {
            throw LoadError("ldif.url-value", at: location(line, valueStart),
                            "dirq does not read URL values (`\(attribute.name):< \(preview(value))`)",
                            hint: "re-export with the value inline (ldifde and ldapsearch without -t write values inline)")
        }
        if spec == .base64 {
            // BASE64-STRING has no spaces; trailing ones are editor debris, not data.
            var end = value.count
            while end > 0 && value[end - 1] == 0x20 { end -= 1 }
            value = UnsafeBufferPointer(rebasing: value[..<end])
        }

        let control = attribute.control
        switch state {
        case .between:
            switch control {
            case .dn:
                if spec == .plain && isUTF8(value) {
                    // The usual case, given as bytes: no `String` per object.
                    builder.beginObject(line: line.line)
                    builder.addText("dn", value)
                } else {
                    let dn = try decodeText(value, spec, line, valueStart, attribute: "dn", builder: &builder)
                    builder.beginObject(line: line.line)
                    builder.add("dn", .string(dn))
                }
                state = .object
                sawRecord = true
            case .version where !sawRecord:
                // version-spec = "version:" FILL version-number; only version 1 exists.
                let v = try decodeText(value, spec, line, valueStart, attribute: "version", builder: &builder)
                guard v == "1" else {
                    throw LoadError("ldif.version", at: location(line, valueStart),
                                    "unknown LDIF version `\(v)`; dirq reads LDIF version 1 (RFC 2849)")
                }
            case .search, .result, .ref:
                state = .status
                sawRecord = true
                try statusLine(control, value, spec, line, valueStart, into: &builder)
            default:
                throw missingDN(line, attribute.name)
            }
        case .status:
            switch control {
            case .search, .result, .ref, .text, .matchedDN:
                try statusLine(control, value, spec, line, valueStart, into: &builder)
            default:
                throw missingDN(line, attribute.name)
            }
        case .object:
            switch control {
            case .dn:
                throw LoadError("ldif.second-dn", at: location(line, 0),
                                "a second `dn:` in one record",
                                hint: "records are separated by a blank line; the file may have been edited or cut and joined")
            case .changetype:
                let type = try decodeText(value, spec, line, valueStart, attribute: "changetype", builder: &builder)
                // ldifde writes `changetype: add` on every exported entry: it is still content.
                if type.lowercased() != "add" {
                    throw LoadError("ldif.change-record", at: location(line, valueStart),
                                    "`changetype: \(type)` is a change record; dirq reads exports, not change files",
                                    hint: "export the objects with ldifde -f or ldapsearch, which write content records")
                }
            default:
                guard attribute.wanted else {
                    if !names.undeclared.isEmpty {
                        for n in names.undeclared { builder.declare(n) }
                        names.undeclared.removeAll()
                    }
                    // Not kept, but still checked: invalid base64 is a broken file (the same
                    // error a whole load gives), whether or not the script reads the attribute.
                    if spec == .base64 && !LDIFReader.isValidBase64(value) {
                        _ = try decodeBase64(value, line, valueStart, attribute: attribute.name)
                    }
                    return
                }
                try addValue(attribute, value, spec, line, valueStart, into: &builder)
            }
        }
    }

    /// A line of an ldapsearch status record. `result:` other than 0 means the search stopped
    /// early (size limit, time limit, referral…): the export may be incomplete, which matters
    /// more than any single object, so it is a warning.
    package mutating func statusLine(_ control: ControlName, _ value: UnsafeBufferPointer<UInt8>, _ spec: ValueSpec,
                             _ line: LogicalLine, _ valueStart: Int, into builder: inout SnapshotBuilder) throws {
        guard control == .result else { return }
        let text = try decodeText(value, spec, line, valueStart, attribute: "result", builder: &builder)
        if text != "0" && !text.hasPrefix("0 ") {
            builder.warn(LoadWarning("ldif.search-result", at: location(line, valueStart),
                                     "ldapsearch reported `result: \(text)`: the export may be incomplete",
                                     hint: "re-run the search with a larger size limit or paging (ldapsearch -E pr=1000/noprompt)"))
        }
    }

    package func missingDN(_ line: LogicalLine, _ name: String) -> LoadError {
        LoadError("ldif.missing-dn", at: location(line, 0),
                  "a record must start with `dn:`, found `\(name):`",
                  hint: "each record is `dn: …` followed by its attributes; records are separated by a blank line")
    }

    /// Adds one value of an ordinary attribute. Binary attributes (AttributeCatalog.binary) are
    /// bytes however they were written; other attributes are text, and base64 is only how ldifde
    /// writes non-ASCII text (`cn:: QW5hw69z` = "Anaïs"). Bytes that are not UTF-8 are kept as
    /// bytes, with a warning, rather than turned into replacement characters.
    package mutating func addValue(_ attribute: AttributeName, _ value: UnsafeBufferPointer<UInt8>,
                           _ spec: ValueSpec, _ line: LogicalLine, _ valueStart: Int,
                           into builder: inout SnapshotBuilder) throws {
        let name = attribute.name, binary = attribute.binary
        let id = names.id(of: attribute, in: &builder)
        if spec == .base64 {
            let raw = try decodeBase64(value, line, valueStart, attribute: name)
            if binary {
                builder.add(id, .bytes(raw))
            } else if raw.withUnsafeBufferPointer(isUTF8) {
                raw.withUnsafeBufferPointer { builder.addText(id, $0) }
            } else {
                builder.warn(notUTF8(name, line, valueStart))
                builder.add(id, .bytes(raw))
            }
            return
        }
        if binary {
            builder.add(id, .bytes(Array(value)))
            return
        }
        // A NUL in a plain value is not SAFE-STRING, but it does not make the value unusable:
        // keep it (so comparisons still see the whole value) and warn, rather than refuse the file.
        if value.count > 0 && memchr(value.baseAddress!, 0, value.count) != nil {
            builder.warn(LoadWarning("ldif.nul", at: location(line, valueStart),
                                     "the value of `\(name)` contains a NUL byte; kept as written",
                                     hint: "LDIF writes such values as `\(name):: base64`; the export was probably edited"))
        }
        if isUTF8(value) {
            builder.addText(id, value)
        } else {
            builder.warn(notUTF8(name, line, valueStart))
            builder.add(id, .bytes(Array(value)))
        }
    }

    package func notUTF8(_ name: String, _ line: LogicalLine, _ valueStart: Int) -> LoadWarning {
        LoadWarning("ldif.not-utf8", at: location(line, valueStart),
                    "the value of `\(name)` is not UTF-8 text; kept as bytes",
                    hint: "export with ldifde -u (Unicode) so that text is written as UTF-8")
    }

    /// A value that must be text (dn, changetype, version, result): decoded when base64.
    /// A DN that is not UTF-8 keeps replacement characters, with a warning: the object still
    /// needs a DN string to be identified by.
    package mutating func decodeText(_ value: UnsafeBufferPointer<UInt8>, _ spec: ValueSpec, _ line: LogicalLine,
                             _ valueStart: Int, attribute: String,
                             builder: inout SnapshotBuilder) throws -> String {
        if spec == .url {
            throw LoadError("ldif.url-value", at: location(line, valueStart),
                            "dirq does not read URL values (`\(attribute):< \(preview(value))`)",
                            hint: "re-export with the value inline (ldifde and ldapsearch without -t write values inline)")
        }
        let raw: [UInt8]
        if spec == .base64 {
            raw = try decodeBase64(value, line, valueStart, attribute: attribute)
        } else {
            if let text = utf8String(value) { return text }
            raw = Array(value)
        }
        if let text = raw.withUnsafeBufferPointer(utf8String) { return text }
        builder.warn(notUTF8(attribute, line, valueStart))
        return String(decoding: raw, as: UTF8.self)
    }

    package func decodeBase64(_ value: UnsafeBufferPointer<UInt8>, _ line: LogicalLine, _ valueStart: Int,
                      attribute: String) throws -> [UInt8] {
        if let raw = LDIFReader.decodeBase64(value) { return raw }
        throw LoadError("ldif.bad-base64", at: location(line, valueStart),
                        "the base64 value of `\(attribute)` is invalid (`\(preview(value))`)",
                        hint: "`name:: value` must be base64 (A–Z a–z 0–9 + /, padded with = to a multiple of 4); the file may be cut short")
    }

    /// Up to 60 bytes of a line or value for a message.
    package func preview(_ b: UnsafeBufferPointer<UInt8>) -> String {
        let limit = 60
        if b.count <= limit { return String(decoding: b, as: UTF8.self) }
        return String(decoding: UnsafeBufferPointer(rebasing: b[..<limit]), as: UTF8.self) + "…"
    }
}
