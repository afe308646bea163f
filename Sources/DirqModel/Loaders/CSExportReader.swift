import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the connector-space XML that Entra Connect / MIM write with
/// `csexport "<connector>" file.xml /f:x` (pending exports), `/f:e` (export errors) and the other
/// `/f:` filters: one `<cs-object>` becomes one object.
///
/// The XML is parsed by Foundation's `XMLParser` (libxml2's SAX parser underneath), streamed in
/// chunks, so memory holds the snapshot being built and one object's buffers, never a tree of the
/// document. No XML is tokenized by hand: the only bytes dirq looks at itself are the prolog's,
/// to refuse entity declarations before libxml2 could expand them (see `XMLPrologGuard`).
///
/// The format (Forefront Identity Manager "Connector Space Export XML"; element names as
/// csReporter and lithnet/miis-client read them):
///
///     cs-objects   ::= <cs-objects> cs-object* </cs-objects>
///     cs-object    ::= <cs-object cs-dn=… id=… object-type=… [partition-id=…]>
///                        ( scalar | delta-box | hologram-box | errordetail | other )* </cs-object>
///     scalar       ::= a child with text only: <connector>1</connector>, <connector-state>,
///                      <ma-name>, <ma-id>, <partition-name>, <export-delta-operation>,
///                      <last-export-delta-time>, <mv-link lineage-type=…>{GUID}</mv-link>, …
///     delta-box    ::= <unapplied-export | escrowed-export | unconfirmed-export | pending-import>
///                        <delta operation="add|update|delete|replace" dn=…> (attr | dn-attr)* </delta>
///     hologram-box ::= <synchronized-hologram | unapplied-export-hologram | pending-import-hologram
///                       | escrowed-export-hologram | unconfirmed-export-hologram>
///                        <entry dn=…> <primary-objectclass>…</primary-objectclass>
///                          <objectclass><oc-value>…</oc-value>*</objectclass> (attr | dn-attr)* </entry>
///     attr         ::= <attr name=… type="string|binary|integer|boolean|…" multivalued="true|false">
///                        <value>…</value>* </attr>              (binary values are base64 text)
///     dn-attr      ::= <dn-attr name=… multivalued=…> <dn-value><dn>…</dn> <anchor>…</anchor>? </dn-value>* </dn-attr>
///     errordetail  ::= <export-errordetail | import-errordetail
///                        first-occurred=… date-occurred=… retry-count=… error-type=…>
///                        ( <export-status | import-status> cd-error … </…>
///                        | <export-error first-occurred=… …> cd-error </export-error> )  (the older form)
///                      </…>
///     cd-error     ::= <cd-error> <error-code/> <error-literal/> <server-error-detail/> <error-name/>
///                        <extra-error-details/> </cd-error>
///
/// Attributes of each object:
///
/// | attribute | from |
/// |---|---|
/// | `cs-dn`, `id`, `object-type`, any other XML attribute of `<cs-object>` | the `<cs-object>` tag |
/// | `objectClass` | `object-type`, so the builder infers the kind (person/user → user, group, contact) |
/// | `connector`, `connector-state`, `ma-name`, `partition-name`, … | text-only children (ISO dates → `.date`) |
/// | `hologram` | which hologram the attributes come from: `synchronized-hologram`, else the first present of `unapplied-export-hologram`, `pending-import-hologram`, `escrowed-export-hologram`, `unconfirmed-export-hologram` |
/// | `dn`, `primary-objectclass`, every `attr` and `dn-attr` | that hologram's `<entry>`; `type="binary"` → `.bytes`; `multivalued="true"` → `.list` |
/// | `pending-export`, `pending-attributes` | `operation` and attribute names of `unapplied-export/delta`, else `escrowed-export/delta`, else `unconfirmed-export/delta` |
/// | `pending-import`, `pending-import-attributes` | the same for `pending-import/delta` |
/// | `exportError`, `importError` | `.record` built from `export-errordetail` / `import-errordetail` (see `ErrorDetail`) |
/// | `errorType` | the export error's `error-type` (or its `error-name` when the type is absent or the generic `cd-error`), else the import error's |
///
/// An object's line is the one `XMLParser` reports when the `<cs-object …>` start tag has been
/// read: the tag's last line (csexport writes each start tag on one line).
///
/// Ignored, on purpose: children of `<cs-objects>` other than `<cs-object>`; holograms ranked below
/// the one used; `objectclass/oc-value` lists and `anchor` elements of an entry; the values inside
/// deltas (only their attribute names are kept); `mv-link`'s XML attributes, `sequencers`,
/// `cs-mv-links` and any other child of `<cs-object>` that has child elements of its own; comments
/// and processing instructions. Unknown elements never fail the load.
///
/// Errors: `xml.syntax` (not well-formed or cut short; at libxml2's line:column, with its error
/// named), `xml.encoding` (bytes or a declaration of an encoding other than UTF-8, UTF-16 with a
/// byte-order mark or ISO-8859-1; see `XMLPrologGuard`), `xml.empty-pi` (a processing instruction
/// without data, on which Foundation's parser crashes), `xml.entities` (a DOCTYPE declaring entities or naming an external DTD, or an entity
/// reference: dirq does not expand XML entities, so billion-laughs and external-entity documents
/// are refused before any expansion), `xml.not-csexport` (the root element is not `<cs-objects>`).
/// Warnings: `xml.bad-base64` (a binary value that is not base64; kept as text).
package enum CSExportReader {
    package static func read(_ input: InputFile, into builder: inout SnapshotBuilder) throws {
        let prolog = try XMLPrologGuard.check(input)
        let handler = CSExportHandler(input: input)
        // The handler builds into the caller's builder: swap it in (no copy of its storage) and
        // back out, whatever happens.
        swap(&handler.builder, &builder)
        defer { swap(&handler.builder, &builder) }

        let stream = ByteInputStream(bytes: input.bytes, replacingPrefix: prolog.patchedDeclaration)
        let parser = XMLParser(stream: stream)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.delegate = handler
        let finished = parser.parse()
        try handler.finish(parsed: finished, lastLine: max(parser.lineNumber, 1))
    }
}

// MARK: - Entity guard

/// Refuses entity declarations before libxml2 sees them.
///
/// Foundation asks libxml2 to substitute entities (`XML_PARSE_NOENT`). What happens next depends
/// on the platform's Foundation: on Linux its SAX bridge delivers no entity-declaration callbacks
/// and silently drops the reference to an external entity (measured), on Apple platforms it is
/// Apple's code. Rather than rely on either, dirq decides from the bytes of the prolog, the only
/// place a DTD can be, before the parser starts:
///
///     prolog      ::= XMLDecl? Misc* (doctypedecl Misc*)?      Misc ::= Comment | PI | S
///     doctypedecl ::= '<!DOCTYPE' S Name (S ExternalID)? S? ('[' intSubset ']' S?)? '>'
///
/// A DOCTYPE with an `ExternalID` (`SYSTEM`/`PUBLIC`), an `<!ENTITY` declaration or a `%name;`
/// parameter-entity reference in its internal subset is an `xml.entities` error. A bare
/// `<!DOCTYPE cs-objects>` or one declaring only elements and attributes passes.
///
/// The guard also decides the encoding, so that libxml2 never converts one. libxml2 2.9.14 behind
/// Foundation's push parser dereferences a null pointer when a byte cannot be converted from the
/// encoding it was told or guessed (measured: windows-1252, Shift_JIS, EUC-JP, ISO-2022-JP,
/// GB18030, UTF-7, UCS-4, EBCDIC; found by the `xml` fuzz target), so such bytes crashed dirq
/// instead of failing the load. csexport writes UTF-8, or UTF-16 with a byte-order mark, which
/// `InputFile` has already transcoded to UTF-8. So:
///
/// - the first four bytes must not be one of libxml2's signatures of another encoding (a NUL byte:
///   UTF-16 or UTF-32 without a byte-order mark; `FE FF`/`FF FE`: a second byte-order mark;
///   `4C 6F A7 94`: EBCDIC), else `xml.encoding`;
/// - an XML declaration naming UTF-8, a 16- or 32-bit encoding or ASCII is handed on as
///   `encoding="UTF-8"` (libxml2 refuses "UTF-16" on UTF-8 bytes otherwise), and one naming
///   ISO-8859-1 (whose every byte is a character) as `encoding="ISO-8859-1"`: the two spellings
///   libxml2 decodes itself, without iconv. Any other encoding is `xml.encoding`.
///
/// And it looks past the prolog once, for a processing instruction without data (`<?name?>`,
/// anywhere in the file): libxml2 reports it with a null data pointer, which Foundation's parser
/// on Linux reads as a C string and crashes (found by the `xml` fuzz target). csexport writes no
/// processing instruction but the XML declaration, so such a file is refused (`xml.empty-pi`).
package enum XMLPrologGuard {
    package struct Prolog {
        /// The XML declaration with its encoding rewritten, and the byte length it replaces.
        package var patchedDeclaration: (bytes: [UInt8], replacing: Int)?
    }

    package static let entitiesMessage = "dirq does not expand XML entities"

    package static func check(_ input: InputFile) throws -> Prolog {
        try input.bytes.withUnsafeBufferPointer { b in
            var prolog = Prolog()
            try checkSignature(b, input)
            if has(b, 0, "<?xml") { prolog.patchedDeclaration = try checkDeclaredEncoding(b, input) }
            try checkProcessingInstructions(b, input)
            var i = 0
            while i < b.count {
                let c = b[i]
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1; continue }
                if has(b, i, "<?") {
                    guard let end = find(b, from: i + 2, "?>") else { return prolog }
                    i = end + 2
                } else if has(b, i, "<!--") {
                    guard let end = find(b, from: i + 4, "-->") else { return prolog }
                    i = end + 3
                } else if has(b, i, "<!DOCTYPE") {
                    try checkDoctype(b, from: i, input)
                    return prolog
                } else {
                    return prolog  // the root element (or something the parser will reject)
                }
            }
            return prolog
        }
    }

    /// Walks the DOCTYPE declaration, skipping quoted literals, comments and PIs.
    private static func checkDoctype(_ b: UnsafeBufferPointer<UInt8>, from start: Int, _ input: InputFile) throws {
        func refuse(_ at: Int, _ what: String) -> LoadError {
            LoadError("xml.entities", at: input.location(ofOffset: at), "\(what): \(entitiesMessage)",
                      hint: "csexport never writes a DOCTYPE; re-export the connector space, or remove the DOCTYPE")
        }
        var j = start + 9
        var quote: UInt8 = 0
        var inSubset = false
        while j < b.count {
            let c = b[j]
            if quote != 0 {
                if c == quote { quote = 0 }
                j += 1
                continue
            }
            if inSubset {
                if has(b, j, "<!--") {
                    guard let end = find(b, from: j + 4, "-->") else { return }
                    j = end + 3
                    continue
                }
                if has(b, j, "<?") {
                    guard let end = find(b, from: j + 2, "?>") else { return }
                    j = end + 2
                    continue
                }
                if has(b, j, "<!ENTITY") { throw refuse(j, "the DOCTYPE declares an entity") }
                if c == UInt8(ascii: "%") { throw refuse(j, "the DOCTYPE uses a parameter entity") }
                if c == UInt8(ascii: "]") { inSubset = false }
            } else {
                if c == UInt8(ascii: "[") { inSubset = true }
                if c == UInt8(ascii: ">") { return }
                if (has(b, j, "SYSTEM") || has(b, j, "PUBLIC")), j + 6 < b.count,
                   [0x20, 0x09, 0x0A, 0x0D, 0x22, 0x27].contains(b[j + 6]) {
                    throw refuse(j, "the DOCTYPE names an external DTD")
                }
            }
            if c == 0x22 || c == 0x27 { quote = c }
            j += 1
        }
    }

    /// Refuses bytes that libxml2 would take for another encoding than UTF-8
    /// (`xmlDetectCharEncoding`'s signatures).
    private static func checkSignature(_ b: UnsafeBufferPointer<UInt8>, _ input: InputFile) throws {
        let first = Array(b.prefix(4))
        let what: String
        if first.contains(0) {
            what = "a NUL byte: UTF-16 or UTF-32 without a byte-order mark?"
        } else if first.starts(with: [0xFE, 0xFF]) || first.starts(with: [0xFF, 0xFE]) {
            what = "a second byte-order mark"
        } else if first == [0x4C, 0x6F, 0xA7, 0x94] {
            what = "'<?xm' in EBCDIC"
        } else {
            return
        }
        throw LoadError("xml.encoding", at: input.location(ofOffset: 0),
                        "the file does not start like UTF-8 XML (\(what))", hint: encodingHint)
    }

    /// Refuses the first processing instruction without data that libxml2 would parse: `<?`, a
    /// name, `?>`, outside comments and CDATA sections (where `<?` is text). `?` is rare in an
    /// export, so the file is searched for it (memchr); comments and CDATA sections are found
    /// only up to a candidate, each byte looked at once.
    private static func checkProcessingInstructions(_ b: UnsafeBufferPointer<UInt8>, _ input: InputFile) throws {
        guard let base = b.baseAddress else { return }
        func isNameByte(_ c: UInt8) -> Bool {
            c >= 0x80 || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || (c >= 0x30 && c <= 0x39)
                || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: ":")
        }
        // Bytes before `cursor` are classified; the last comment or CDATA section found ends
        // (exclusive) at `hiddenUntil`.
        var cursor = 0, hiddenUntil = 0
        func hidden(_ offset: Int) -> Bool {
            while cursor < offset {
                if cursor < hiddenUntil { cursor = hiddenUntil; continue }
                if b[cursor] == UInt8(ascii: "<") {
                    if has(b, cursor, "<!--") {
                        hiddenUntil = find(b, from: cursor + 4, "-->").map { $0 + 3 } ?? b.count
                    } else if has(b, cursor, "<![CDATA[") {
                        hiddenUntil = find(b, from: cursor + 9, "]]>").map { $0 + 3 } ?? b.count
                    }
                }
                cursor += 1
            }
            return offset < hiddenUntil
        }
        var i = 0
        while i < b.count, let p = memchr(base + i, Int32(UInt8(ascii: "?")), b.count - i) {
            let q = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
            i = q + 1
            guard q + 1 < b.count, b[q + 1] == UInt8(ascii: ">") else { continue }
            var start = q
            while start > 0, isNameByte(b[start - 1]) { start -= 1 }
            // A name starts with a letter, `_`, `:` or non-ASCII; libxml2 rejects `<?xml?>` itself.
            guard start < q, start >= 2, b[start - 1] == UInt8(ascii: "?"), b[start - 2] == UInt8(ascii: "<"),
                  !(b[start] >= 0x30 && b[start] <= 0x39), b[start] != UInt8(ascii: "-"), b[start] != UInt8(ascii: "."),
                  !(q - start == 3 && has(b, start, "xml")), !hidden(start - 2)
            else { continue }
            let pi = String(decoding: UnsafeBufferPointer(rebasing: b[(start - 2)..<(q + 2)].prefix(60)), as: UTF8.self)
            throw LoadError("xml.empty-pi", at: input.location(ofOffset: start - 2),
                            "a processing instruction without data (\(pi)): Foundation's XML parser crashes on one, so dirq does not read the file",
                            hint: "csexport writes no processing instructions besides the XML declaration: remove it, or give it data (<?name data?>)")
        }
    }

    package static let encodingHint = "csexport writes UTF-8, or UTF-16 with a byte-order mark: re-export the connector space, or convert the file to UTF-8"

    /// The encoding named by the XML declaration at the start of `b`, checked: nil to hand the
    /// declaration on as it is, or the declaration rewritten to `UTF-8` or `ISO-8859-1` and the
    /// byte length it replaces. libxml2 switches encodings as soon as it has read the name, so a declaration
    /// without its `?>` is read up to the first `>` (or the end).
    private static func checkDeclaredEncoding(_ b: UnsafeBufferPointer<UInt8>, _ input: InputFile) throws
        -> (bytes: [UInt8], replacing: Int)? {
        let end = find(b, from: 5, "?>").map { $0 + 2 } ?? find(b, from: 5, ">").map { $0 + 1 } ?? b.count
        guard let key = find(b, from: 5, "encoding"), key < end else { return nil }
        var i = key + 8
        while i < end, [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "=")].contains(b[i]) { i += 1 }
        guard i < end, b[i] == 0x22 || b[i] == 0x27 else { return nil }
        let q = b[i]
        let valueStart = i + 1
        var valueEnd = valueStart
        while valueEnd < end, b[valueEnd] != q { valueEnd += 1 }
        let name = String(decoding: UnsafeBufferPointer(rebasing: b[valueStart..<valueEnd]), as: UTF8.self)
        // XML's EncName, [A-Za-z] ([A-Za-z0-9._] | '-')*, closed by its quote: anything else is
        // handed to libxml2 as a name it would look up in iconv (found by the xml fuzz target: an
        // unclosed `encoding="UTF-16?<…` became `"UTF-8."` and crashed libxml2's encoding switch).
        let encName = b[valueStart..<valueEnd].enumerated().allSatisfy { k, c in
            let letter = (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z")
            return letter || (k > 0 && ((c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: ".")
                                        || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")))
        }
        guard valueEnd < end, valueEnd > valueStart, encName else {
            throw LoadError("xml.encoding", at: input.location(ofOffset: valueStart),
                            "the XML declaration's encoding \"\(name.prefix(40))\" is not an encoding name in closing quotes",
                            hint: encodingHint)
        }
        // libxml2 is handed only the two names it decodes itself; any other spelling (`utf_8`,
        // `UTF8-`, `latin1`) went through iconv, whose UTF-8 decoder crashed like the others.
        let normalized = String(name.uppercased().unicodeScalars.filter { !"-_ ".unicodeScalars.contains($0) })
        var canonical: String?
        if normalized == "UTF8" || ["ASCII", "USASCII"].contains(normalized)
            || ["UTF16", "UTF32", "UCS2", "UCS4", "ISO10646UCS2", "ISO10646UCS4"].contains(where: normalized.hasPrefix) {
            canonical = "UTF-8"
        } else if ["ISO88591", "LATIN1", "ISOLATIN1"].contains(normalized) {
            canonical = "ISO-8859-1"
        }
        if let canonical {
            if name == canonical { return nil }
            let patched = Array(b[0..<valueStart]) + Array(canonical.utf8) + Array(b[valueEnd..<end])
            return (patched, end)
        }
        throw LoadError("xml.encoding", at: input.location(ofOffset: valueStart),
                        "the XML declaration names the encoding \"\(name.prefix(40))\", which dirq does not read",
                        hint: encodingHint)
    }

    private static func has(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i + n <= b.count else { return false }
        return s.withUTF8Buffer { p in
            for k in 0..<n where b[i + k] != p[k] { return false }
            return true
        }
    }

    private static func find(_ b: UnsafeBufferPointer<UInt8>, from: Int, _ s: StaticString) -> Int? {
        var i = from
        while i < b.count {
            if has(b, i, s) { return i }
            i += 1
        }
        return nil
    }
}

// MARK: - Input stream

/// Hands the file's bytes to `XMLParser` in chunks, without copying them into a `Data` first.
///
/// `XMLParser(data: Data(bytes))` copies the file into a `Data` and pushes it to libxml2 in one
/// call, which copies it again into the parser's buffer. Measured on Linux with a 208 MB export
/// of 100 000 objects: 835 MB peak RSS, and libxml2's internal error 1 at the last line.
/// `XMLParser(stream:)` reads 128 KiB at a time and libxml2 discards what it has consumed: 424 MB
/// peak for the same file with the same (empty) delegate, no error.
package final class ByteInputStream: InputStream {
    private let bytes: [UInt8]
    private let prefix: [UInt8]
    private var prefixOffset = 0
    private var offset: Int
    private var status: Stream.Status = .notOpen

    /// `replacingPrefix`: bytes to serve instead of the first `replacing` bytes of `bytes`.
    package init(bytes: [UInt8], replacingPrefix: (bytes: [UInt8], replacing: Int)? = nil) {
        self.bytes = bytes
        self.prefix = replacingPrefix?.bytes ?? []
        self.offset = replacingPrefix?.replacing ?? 0
        super.init(data: Data())
    }

    package override func open() { status = .open }
    package override func close() { status = .closed }
    package override var streamStatus: Stream.Status { status }
    package override var streamError: Error? { nil }
    package override var hasBytesAvailable: Bool { prefixOffset < prefix.count || offset < bytes.count }

    package override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        if prefixOffset < prefix.count {
            let n = min(len, prefix.count - prefixOffset)
            prefix.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + prefixOffset, count: n) }
            prefixOffset += n
            return n
        }
        let n = min(len, bytes.count - offset)
        guard n > 0 else {
            status = .atEnd
            return 0
        }
        bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + offset, count: n) }
        offset += n
        return n
    }

    package override func getBuffer(_ buffer: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>,
                            length len: UnsafeMutablePointer<Int>) -> Bool { false }
}

// MARK: - Error details

/// One `export-errordetail` or `import-errordetail`, collected while its subtree streams by.
///
/// The XML attributes `first-occurred`, `date-occurred`, `retry-count`, `error-type` may sit on the
/// detail element itself or (older form) on an `<export-error>`/`<import-error>` child; the
/// `cd-error` leaves may sit under `export-status` or under `export-error`. Both are accepted: the
/// first value seen wins. The record's fields, in this order, present only when found:
/// `errorType`, `firstOccurred` and `dateOccurred` (`.date` when `DateParsing` reads them),
/// `retryCount` (`.int`), `errorCode`, `errorLiteral`, `serverErrorDetail`, `errorName`,
/// `extraErrorDetails`, and for import errors `algorithmStep`, `extensionName`, `callStack`.
/// When `extra-error-details` is JSON naming the other holder — Entra's
/// `[{"Key":"ObjectIdInConflict","Value":["…"]}, …]`, or a plain object — the record also has
/// `objectId`, `conflictObjectId`, `conflictAttribute` and `conflictValues` (a list).
package struct ErrorDetail {
    /// XML attribute names and their record field names.
    package static let attributeFields: [(xml: String, field: String)] = [
        ("error-type", "errorType"), ("first-occurred", "firstOccurred"),
        ("date-occurred", "dateOccurred"), ("retry-count", "retryCount"),
    ]
    /// Leaf element names and their record field names.
    package static let elementFields: [(xml: String, field: String)] = [
        ("error-type", "errorType"),
        ("error-code", "errorCode"), ("error-literal", "errorLiteral"),
        ("server-error-detail", "serverErrorDetail"), ("error-name", "errorName"),
        ("extra-error-details", "extraErrorDetails"),
        ("algorithm-step", "algorithmStep"), ("extension-name", "extensionName"), ("call-stack", "callStack"),
    ]
    package static let leafNames: Set<String> = Set(elementFields.map(\.xml))

    private var found: [String: String] = [:]

    package mutating func take(attributes: [String: String]) {
        for (xml, field) in Self.attributeFields {
            if found[field] == nil, let v = attributes[xml], !v.isEmpty { found[field] = v }
        }
    }

    package mutating func take(element name: String, text: String) {
        guard let field = Self.elementFields.first(where: { $0.xml == name })?.field else { return }
        let t = trimmed(text)
        if found[field] == nil, !t.isEmpty { found[field] = t }
    }

    /// The error type to query by: `error-type`, or `error-name` when the type is missing or
    /// only the generic `cd-error`.
    package var queryType: String? {
        if let t = found["errorType"], t != "cd-error" { return t }
        return found["errorName"] ?? found["errorType"]
    }

    package var record: Record {
        var fields: [Record.Field] = []
        func put(_ name: String, _ value: Value) { fields.append(Record.Field(name: name, value: value)) }
        if let t = found["errorType"] { put("errorType", .string(t)) }
        for name in ["firstOccurred", "dateOccurred"] {
            if let s = found[name] { put(name, DateParsing.parse(s).map(Value.date) ?? .string(s)) }
        }
        if let s = found["retryCount"] { put("retryCount", Int64(s).map(Value.int) ?? .string(s)) }
        for name in ["errorCode", "errorLiteral", "serverErrorDetail", "errorName", "extraErrorDetails",
                     "algorithmStep", "extensionName", "callStack"] {
            if let s = found[name] { put(name, .string(s)) }
        }
        if let json = found["extraErrorDetails"] {
            let pairs = Self.conflictPairs(json)
            if let v = pairs["objectid"]?.first { put("objectId", .string(v)) }
            if let v = pairs["objectidinconflict"]?.first { put("conflictObjectId", .string(v)) }
            if let v = pairs["attributeconflictname"]?.first { put("conflictAttribute", .string(v)) }
            if let v = pairs["attributeconflictvalues"] { put("conflictValues", .list(v.map(Value.string))) }
        }
        return Record(fields)
    }

    /// The key/value pairs of `extra-error-details` JSON (keys lower-cased, values as string
    /// lists), or none when the text is not JSON of either shape.
    package static func conflictPairs(_ text: String) -> [String: [String]] {
        guard let first = text.first, first == "[" || first == "{",
              let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return [:] }
        var out: [String: [String]] = [:]
        func strings(_ v: Any) -> [String] {
            if let a = v as? [Any] { return a.flatMap(strings) }
            if v is NSNull { return [] }
            return ["\(v)"]
        }
        if let list = json as? [Any] {
            for case let pair as [String: Any] in list {
                let key = pair.first { $0.key.lowercased() == "key" }?.value as? String
                let value = pair.first { $0.key.lowercased() == "value" }?.value
                if let key, let value { out[key.lowercased(), default: []] += strings(value) }
            }
        } else if let object = json as? [String: Any] {
            for (k, v) in object { out[k.lowercased(), default: []] += strings(v) }
        }
        return out
    }
}

// MARK: - SAX handler

/// The `XMLParser` delegate: a small state machine over the element stack that feeds the builder
/// one `<cs-object>` at a time. Per object it buffers only the best hologram seen so far, the
/// deltas' attribute names and the error details, because the element order inside a
/// `<cs-object>` is not fixed and the synchronized hologram wins over the others.
package final class CSExportHandler: NSObject, XMLParserDelegate {
    package var builder: SnapshotBuilder
    private let path: String
    /// The first error; once set, every callback returns at once and the parse is aborted.
    private var failure: LoadError?
    /// The file, to count its lines when an error needs to know whether it is at the end.
    private let input: InputFile

    /// Open elements: name and the line of the start tag.
    private var stack: [(name: String, line: Int)] = []
    private var sawRoot = false

    /// What the element being read belongs to.
    private enum Section {
        case none
        /// A text-only child of `<cs-object>`, unless a child element shows up.
        case scalar
        case hologram(rank: Int)
        case delta(rank: Int)
        case error(export: Bool)
        case ignored
    }
    private var section: Section = .none
    /// The buffers of the open `<cs-object>`, mutated in place (a copy per callback would copy
    /// its arrays on every append).
    private var object = ObjectState(depth: 1)
    private var inObject = false
    private var text = ""
    private var capturing = false
    /// Whether the current direct child of `<cs-object>` turned out to have child elements.
    private var scalarHasChildren = false

    /// The buffers of the `<cs-object>` being read.
    private struct ObjectState {
        /// Depth of `<cs-object>` in `stack` (its index).
        package var depth: Int
        package var hologram: Hologram?
        package var building: Hologram?
        package var attr: (name: String, binary: Bool, multi: Bool, values: [String], line: Int)?
        package var deltas: [Int: (operation: String, names: [String])] = [:]
        package var deltaOperation = ""
        package var deltaNames: [String] = []
        package var exportError: ErrorDetail?
        package var importError: ErrorDetail?
        package var error = ErrorDetail()
    }

    private struct Hologram {
        package var rank: Int
        package var name: String
        package var dn: String?
        package var primaryObjectClass: String?
        package var attributes: [(String, Value)] = []
    }

    /// Hologram containers, best first.
    private static let holograms = [
        "synchronized-hologram", "unapplied-export-hologram", "pending-import-hologram",
        "escrowed-export-hologram", "unconfirmed-export-hologram",
    ]
    /// Delta containers: the pending export ones best first, then the pending import.
    private static let deltas = ["unapplied-export", "escrowed-export", "unconfirmed-export", "pending-import"]
    private static let pendingImportRank = 3

    package init(input: InputFile) {
        self.input = input
        self.path = input.path
        self.builder = SnapshotBuilder(path: input.path, format: .xml)
    }

    /// The line of the file's last non-blank byte: an error there with elements still open means
    /// the file was cut short (only computed for an error message).
    private func lastContentLine() -> Int {
        input.bytes.withUnsafeBufferPointer { b in
            var end = b.count
            while end > 0, [0x20, 0x09, 0x0A, 0x0D].contains(b[end - 1]) { end -= 1 }
            var line = 1
            for i in 0..<end where b[i] == 0x0A { line += 1 }
            return line
        }
    }

    private func location(_ parser: XMLParser) -> SourceLocation {
        SourceLocation(file: path, line: max(parser.lineNumber, 1), column: max(parser.columnNumber, 1))
    }

    private func fail(_ parser: XMLParser, _ error: LoadError) {
        guard failure == nil else { return }
        failure = error
        parser.abortParsing()
    }

    // MARK: Elements

    package func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String]) {
        guard failure == nil else { return }
        let line = max(parser.lineNumber, 1)
        let parent = stack.last?.name
        let depth = stack.count
        stack.append((name, line))
        capturing = false

        if depth == 0 {
            sawRoot = true
            if name != "cs-objects" {
                fail(parser, LoadError(
                    "xml.not-csexport", at: location(parser),
                    "the root element is <\(name)>, not <cs-objects>: this is not a csexport connector-space export",
                    hint: #"export the connector space with: csexport "<connector name>" file.xml /f:x"#))
            }
            return
        }
        if depth == 1 {
            guard name == "cs-object" else { return }  // anything else at this level is ignored
            startObject(line: line, attributes: attributes)
            return
        }
        guard inObject else { return }
        let rel = depth - object.depth  // 1 = a direct child of <cs-object>

        if rel == 1 {
            scalarHasChildren = false
            if let rank = Self.holograms.firstIndex(of: name) {
                if rank < (object.hologram?.rank ?? Int.max) {
                    section = .hologram(rank: rank)
                    object.building = Hologram(rank: rank, name: name)
                } else {
                    section = .ignored
                }
            } else if let rank = Self.deltas.firstIndex(of: name) {
                section = .delta(rank: rank)
                object.deltaOperation = ""
                object.deltaNames = []
            } else if name == "export-errordetail" || name == "import-errordetail" {
                section = .error(export: name == "export-errordetail")
                object.error = ErrorDetail()
                object.error.take(attributes: attributes)
            } else {
                section = .scalar
                text = ""
                capturing = true
            }
            return
        }

        switch section {
        case .scalar:
            scalarHasChildren = true  // a container we do not know: ignored
        case .hologram:
            switch (name, parent) {
            case ("entry", _) where rel == 2:
                object.building?.dn = attributes["dn"]
            case ("primary-objectclass", "entry"):
                beginText()
            case ("attr", "entry"), ("dn-attr", "entry"):
                let type = attributes["type"]?.lowercased() ?? "string"
                object.attr = (attributes["name"] ?? "", name == "attr" && type == "binary",
                          attributes["multivalued"]?.lowercased() == "true", [], line)
            case ("value", "attr"), ("dn", "dn-value"):
                if object.attr != nil { beginText() }
            default:
                break
            }
        case .delta:
            if name == "delta", rel == 2 {
                object.deltaOperation = attributes["operation"] ?? ""
            } else if (name == "attr" || name == "dn-attr"), parent == "delta", let n = attributes["name"] {
                object.deltaNames.append(n)
            }
        case .error:
            object.error.take(attributes: attributes)
            if ErrorDetail.leafNames.contains(name) { beginText() }
        case .none, .ignored:
            break
        }
    }

    package func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard failure == nil, let top = stack.popLast() else { return }
        let depth = stack.count
        defer { capturing = false }
        if depth == 1, top.name == "cs-object", inObject {
            endObject()
            return
        }
        guard inObject, depth > object.depth else { return }
        let rel = depth - object.depth

        if rel == 1 {
            switch section {
            case .scalar where !scalarHasChildren:
                let t = trimmed(text)
                if !t.isEmpty { builder.add(name, DateParsing.parse(t).map(Value.date) ?? .string(t)) }
            case .hologram:
                if let h = object.building, h.rank < (object.hologram?.rank ?? Int.max) { object.hologram = h }
                object.building = nil
            case .delta(let rank):
                if object.deltas[rank] == nil { object.deltas[rank] = (object.deltaOperation, object.deltaNames) }
            case .error(let export):
                if export { if object.exportError == nil { object.exportError = object.error } }
                else if object.importError == nil { object.importError = object.error }
            default:
                break
            }
            section = .none
            return
        }

        switch section {
        case .hologram:
            switch name {
            case "primary-objectclass":
                if capturing { object.building?.primaryObjectClass = trimmed(text) }
            case "value", "dn":
                if capturing { object.attr?.values.append(text) }
            case "attr", "dn-attr":
                if let a = object.attr, !a.name.isEmpty { object.building?.attributes.append((a.name, value(of: a, parser))) }
                object.attr = nil
            default:
                break
            }
        case .error:
            if capturing { object.error.take(element: name, text: text) }
        default:
            break
        }
    }

    private func beginText() {
        text = ""
        capturing = true
    }

    package func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing { text += string }
    }

    package func parser(_ parser: XMLParser, foundCDATA block: Data) {
        if capturing { text += String(decoding: block, as: UTF8.self) }
    }

    // MARK: Objects

    private func startObject(line: Int, attributes: [String: String]) {
        builder.beginObject(line: line)
        object = ObjectState(depth: 1)
        inObject = true
        section = .none
        for key in ["cs-dn", "id", "object-type"] {
            if let v = attributes[key] { builder.add(key, .string(v)) }
        }
        for (key, v) in attributes.sorted(by: { $0.key < $1.key }) where !["cs-dn", "id", "object-type"].contains(key) {
            builder.add(key, .string(v))
        }
        if let type = attributes["object-type"], !type.isEmpty { builder.add("objectClass", .string(type)) }
    }

    private func endObject() {
        guard inObject else { return }
        let o = object
        object = ObjectState(depth: 1)
        inObject = false
        section = .none
        if let h = o.hologram {
            builder.add("hologram", .string(h.name))
            if let dn = h.dn { builder.add("dn", .string(dn)) }
            if let oc = h.primaryObjectClass, !oc.isEmpty { builder.add("primary-objectclass", .string(oc)) }
            for (name, value) in h.attributes { builder.add(name, value) }
        }
        if let export = (0..<Self.pendingImportRank).lazy.compactMap({ o.deltas[$0] }).first {
            if !export.operation.isEmpty { builder.add("pending-export", .string(export.operation)) }
            if !export.names.isEmpty { builder.add("pending-attributes", .list(export.names.map(Value.string))) }
        }
        if let imp = o.deltas[Self.pendingImportRank] {
            if !imp.operation.isEmpty { builder.add("pending-import", .string(imp.operation)) }
            if !imp.names.isEmpty { builder.add("pending-import-attributes", .list(imp.names.map(Value.string))) }
        }
        if let e = o.exportError { builder.add("exportError", .record(e.record)) }
        if let e = o.importError { builder.add("importError", .record(e.record)) }
        if let t = o.exportError?.queryType ?? o.importError?.queryType { builder.add("errorType", .string(t)) }
        builder.endObject()
    }

    /// An attribute's value: one value, or a list for `multivalued="true"` (or several values);
    /// binary values decoded from base64.
    private func value(of a: (name: String, binary: Bool, multi: Bool, values: [String], line: Int),
                       _ parser: XMLParser) -> Value {
        let values: [Value] = a.values.map { text in
            guard a.binary else { return .string(text) }
            let trimmed = trimmed(text)
            let bytes: [UInt8]? = Array(trimmed.utf8).withUnsafeBufferPointer { LDIFReader.decodeBase64($0) }
            if let bytes { return .bytes(bytes) }
            builder.warn(LoadWarning(
                "xml.bad-base64", at: SourceLocation(file: path, line: a.line, column: 1),
                "a value of the binary attribute \(a.name) is not base64; kept as text",
                hint: "csexport writes binary values in base64: the file may have been edited or cut"))
            return .string(text)
        }
        if a.multi || values.count != 1 { return .list(values) }
        return values[0]
    }

    // MARK: Entities and errors

    package func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        fail(parser, LoadError("xml.entities", at: location(parser),
                               "the document refers to the entity &\(name);: \(XMLPrologGuard.entitiesMessage)",
                               hint: "csexport escapes text with the predefined entities only (&amp; &lt; &gt; &quot; &apos;)"))
        return nil
    }

    package func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        fail(parser, LoadError("xml.entities", at: location(parser),
                               "the DOCTYPE declares the entity \(name): \(XMLPrologGuard.entitiesMessage)"))
    }

    package func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        fail(parser, LoadError("xml.entities", at: location(parser),
                               "the DOCTYPE declares the external entity \(name): \(XMLPrologGuard.entitiesMessage)"))
    }

    package func parser(_ parser: XMLParser, foundUnparsedEntityDeclarationWithName name: String, publicID: String?,
                systemID: String?, notationName: String?) {
        fail(parser, LoadError("xml.entities", at: location(parser),
                               "the DOCTYPE declares the unparsed entity \(name): \(XMLPrologGuard.entitiesMessage)"))
    }

    package func parser(_ parser: XMLParser, parseErrorOccurred error: Error) {
        guard failure == nil else { return }
        let code = (error as NSError).code
        if LibXML2Error.entityCodes.contains(code) {
            fail(parser, LoadError("xml.entities", at: location(parser),
                                   "\(LibXML2Error.describe(code)): \(XMLPrologGuard.entitiesMessage)",
                                   hint: "csexport escapes text with the predefined entities only (&amp; &lt; &gt; &quot; &apos;)"))
            return
        }
        fail(parser, syntaxError(code: code, at: location(parser)))
    }

    /// An `xml.syntax` error for libxml2's error `code`: libxml2's meaning of the code, and, when
    /// the error is on the last line with elements still open, that the export was cut short.
    private func syntaxError(code: Int, at loc: SourceLocation) -> LoadError {
        var message = LibXML2Error.describe(code)
        if !sawRoot && (code == 4 || code == 5) {
            message = "there is no root element (the file is empty or holds only comments)"
        } else if let open = stack.last {
            let opened = "<\(open.name)> (opened at line \(open.line))"
            if loc.line >= lastContentLine() {
                message = "the document ends inside \(opened): the export was cut short"
            } else if code == LibXML2Error.tagNameMismatch {
                message = "a closing tag does not match \(opened)"
            } else if stack.count > 1 {
                message += " inside \(opened)"
            }
        }
        return LoadError("xml.syntax", at: loc, "XML is not well-formed: \(message) (libxml2 error \(code))",
                         hint: "csexport writes well-formed XML: re-export the connector space, or check that the file was copied whole")
    }

    /// Turns the end of the parse into the reader's result: the first recorded error, or an
    /// error for a document that has no root or stops inside an element without libxml2 saying so.
    package func finish(parsed: Bool, lastLine: Int) throws {
        if let failure { throw failure }
        let end = SourceLocation(file: path, line: lastLine, column: 1)
        if !sawRoot {
            throw LoadError("xml.syntax", at: end, "XML is not well-formed: there is no root element (the file is empty or holds only comments)",
                            hint: #"export the connector space with: csexport "<connector name>" file.xml /f:x"#)
        }
        if let open = stack.last {
            throw LoadError("xml.syntax", at: end,
                            "XML is not well-formed: the document ends inside <\(open.name)> (opened at line \(open.line)): the export was cut short")
        }
        if !parsed {
            throw LoadError("xml.syntax", at: end, "XML is not well-formed (the parser stopped without saying why)")
        }
    }
}

// MARK: - libxml2 error codes

/// libxml2's `xmlParserErrors` codes, which `XMLParser` reports as the `NSError` code without a
/// message (swift-corelibs-foundation's `XMLParser.ErrorCode` is numbered one off from them, so
/// it cannot be used to name them). The wording follows libxml2's own messages.
package enum LibXML2Error {
    package static let tagNameMismatch = 76

    /// Codes that mean an entity was declared, referenced or expanded.
    package static let entityCodes: Set<Int> = [26, 27, 28, 29, 30, 89, 104]

    private static let messages: [Int: String] = [
        1: "internal error", 2: "out of memory", 3: "the document does not start like XML",
        4: "the document is empty", 5: "extra content at the end of the document",
        6: "invalid hexadecimal character reference", 7: "invalid decimal character reference",
        8: "invalid character reference", 9: "invalid character (not UTF-8, or not allowed in XML)",
        10: "character reference at the end of the input", 14: "entity reference at the end of the input",
        22: "'&' is not followed by an entity name (write &amp; for a literal '&')",
        23: "entity reference without ';'", 26: "reference to an undeclared entity",
        27: "reference to an undeclared entity", 28: "reference to an unparsed entity",
        29: "reference to an external entity", 30: "reference to a parameter entity",
        31: "unknown encoding", 32: "unsupported encoding", 33: "a quoted value does not start with a quote",
        34: "a quoted value is not closed", 35: "invalid namespace declaration",
        38: "'<' inside an attribute value", 39: "an attribute value does not start with a quote",
        40: "an attribute value is not closed", 41: "an attribute has no value",
        42: "an attribute appears twice in one tag", 43: "a literal does not start with a quote",
        44: "a literal is not closed", 45: "a comment is not closed", 46: "a processing instruction is malformed",
        47: "a processing instruction is not closed", 56: "the XML declaration is malformed",
        57: "the XML declaration is not closed", 61: "the DOCTYPE declaration is not closed",
        62: "']]>' outside a CDATA section", 63: "a CDATA section is not closed",
        64: "a processing instruction uses the reserved name 'xml'", 65: "a space is required here",
        68: "a name is required here (a '<' or '&' that does not start a tag or entity?)",
        72: "'<' is required here", 73: "a start tag is not closed with '>'", 74: "'</' is required here",
        75: "'=' is required after an attribute name", 76: "a closing tag does not match the open element",
        77: "a tag is not finished", 79: "invalid encoding name", 80: "'--' inside a comment",
        81: "the bytes do not match the declared encoding", 85: "the elements are not properly nested",
        86: "extra content at the end of the document", 89: "an entity refers to itself (entity loop)",
        96: "the XML declaration has no version", 104: "entity processing", 110: "a name is too long",
        200: "invalid use of the xml namespace", 201: "undefined namespace prefix", 202: "invalid qualified name",
        203: "an attribute appears twice in one tag", 204: "empty namespace name",
    ]

    package static func describe(_ code: Int) -> String { messages[code] ?? "parse error" }
}

/// `s` without leading and trailing XML white space (space, tab, CR, LF). Returns `s` itself,
/// without allocating, in the usual case where there is none: Foundation's
/// `trimmingCharacters(in:)` goes through NSString and was a tenth of the load time.
package func trimmed(_ s: String) -> String {
    let u = s.utf8
    func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    guard let first = u.first, let last = u.last, isSpace(first) || isSpace(last) else { return s }
    var start = u.startIndex, end = u.endIndex
    while start < end, isSpace(u[start]) { start = u.index(after: start) }
    while end > start, isSpace(u[u.index(before: end)]) { end = u.index(before: end) }
    return String(s[start..<end])
}
