/// Reads JSON exports of directory objects into a snapshot.
///
/// Accepted shapes (each object becomes one directory object; its members become attributes):
/// - a Microsoft Graph response envelope `{"@odata.context": "…$metadata#users(…)", "value": [ {…}, … ],
///   "@odata.nextLink": …}`: the objects are the elements of `value`; the context's entity set
///   (`users`, `groups`, `contacts`/`orgContacts`, anything else) sets the default kind;
/// - the legacy Azure AD Graph envelope `{"odata.metadata": "https://graph.windows.net/…/$metadata#
///   directoryObjects/Microsoft.DirectoryServices.User", "value": […], "odata.nextLink": …}`, read
///   the same way (its objects carry `odata.type` and `objectType`);
/// - a top-level array of objects (`ConvertTo-Json` of many objects), whose elements may also be
///   envelopes (several Graph pages saved as one array);
/// - a single object (`ConvertTo-Json` of one object, or a Graph `…/$entity` response);
/// - JSON Lines: several of the above, separated by newlines (Graph pages appended to one file).
///
/// Values keep their JSON types: arrays become `.list`, nested objects `.record`, strings that are
/// whole dates (`/Date(ms)/`, ISO 8601) `.date`. The byte-level work is in `JSONParser`; this type
/// only walks the outer structure, streaming envelope pages so a 500 MB export is never held as
/// one value tree.
package enum JSONReader {
    /// Reads the file; the elements of a big `value` array (or the `parts` the tests choose) are
    /// read in parallel parts.
    package static func read(_ input: InputFile, into builder: inout SnapshotBuilder, parts: Int? = nil) throws {
        try input.bytes.withUnsafeBufferPointer { buffer in
            var document = Document(parser: JSONParser(bytes: buffer, path: input.path), parts: parts)
            try document.read(into: &builder)
        }
    }

    /// OData metadata members of a response: `@odata.context`, `@odata.nextLink` (Graph v1.0) and
    /// `odata.metadata`, `odata.nextLink` (the legacy Azure AD Graph API, graph.windows.net).
    package static func isMetadata(_ name: String) -> Bool {
        name.hasPrefix("@") || name.hasPrefix("odata.")
    }

    /// The member whose URL names the entity set: `@odata.context`, or legacy `odata.metadata`.
    package static func isContext(_ name: String) -> Bool {
        name == "@odata.context" || name == "odata.metadata"
    }

    /// The entity set named by an `@odata.context` URL, as the kind of the objects it holds:
    /// `…$metadata#users(id,mail)` → user, `#groups` → group, `#contacts`/`#orgContacts` → contact,
    /// `#users/$entity` → user, `#groups('…')/members` → other (members are mixed),
    /// `#directoryObjects/microsoft.graph.user` (a type cast) → user. Nil without a `#`.
    package static func kind(fromContext context: String) -> ObjectKind? {
        guard let hash = context.lastIndex(of: "#") else { return nil }
        // Drop parenthesised parts: select lists `(id,mail)`, keys `('…')`, `Collection(…)`.
        var path = "", depth = 0, collection = ""
        for ch in context[context.index(after: hash)...] {
            if ch == "(" {
                depth += 1
                if depth == 1 && path.hasSuffix("Collection") { path.removeLast(10); collection = "" }
            } else if ch == ")" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                path.append(ch)
            } else if depth == 1 {
                collection.append(ch)
            }
        }
        if path.isEmpty && !collection.isEmpty { path = collection }
        guard let last = path.split(separator: "/").last(where: { !$0.hasPrefix("$") }) else { return .other }
        switch last.lowercased() {
        case "users": return .user
        case "groups": return .group
        case "contacts", "orgcontacts": return .contact
        case let name where name.contains("."): return ObjectKind.fromClassName(name)
        default: return .other
        }
    }
}

/// The walk over the outer structure of one JSON document.
private struct Document {
    package var parser: JSONParser
    /// How many parts an array of objects is read in; nil: by its size (`ParallelParts.count`).
    package var parts: Int?

    /// `document = ws value ws *( newline ws value ws )`: one JSON text, or JSON Lines (top-level
    /// values, each starting on a new line).
    package mutating func read(into builder: inout SnapshotBuilder) throws {
        parser.skipWhitespace()
        if parser.isAtEnd { throw parser.endOfInput(expecting: "a JSON object or array (the file is empty)") }
        while true {
            try readTopLevelValue(into: &builder)
            flushWarnings(into: &builder)
            let newLine = parser.skipWhitespace()
            if parser.isAtEnd { return }
            guard newLine else {
                throw parser.expected("the end of input after the top-level value",
                                      hint: "a JSON file holds one value; JSON Lines put each value on its own line")
            }
        }
    }

    /// `top = object / array-of-objects`; a top-level scalar is no directory object.
    private mutating func readTopLevelValue(into builder: inout SnapshotBuilder) throws {
        switch parser.peek {
        case UInt8(ascii: "{"): try readObject(depth: 0, envelopeAllowed: true, into: &builder)
        case UInt8(ascii: "["): try readObjectArray(depth: 0, envelopes: true, into: &builder)
        default:
            if let what = valueName(parser.peek) {
                throw LoadError("json.not-object", at: parser.location(parser.pos),
                                "the top-level value is \(what), not a directory object",
                                hint: "dirq reads an object, an array of objects, a Graph response {\"value\": […]} or JSON Lines")
            }
            throw parser.expected("a JSON object or array")
        }
    }

    /// `array = "[" [ object *( "," object ) ] "]"`, each object emitted as it is read.
    /// `envelopes`: elements may themselves be Graph envelopes (a top-level array of pages).
    private mutating func readObjectArray(depth: Int, envelopes: Bool, into builder: inout SnapshotBuilder) throws {
        parser.pos += 1
        parser.skipWhitespace()
        if parser.eat(UInt8(ascii: "]")) { return }
        if !envelopes {
            let parts = self.parts ?? ParallelParts.count(for: parser.bytes.count - parser.pos)
            if parts > 1 {
                let splits = JSONElementSplits.find(in: parser.bytes, from: parser.pos, line: parser.line,
                                                    lineStart: parser.lineStart, parts: parts)
                if !splits.isEmpty {
                    try readElementsInParts(splits, depth: depth, into: &builder)
                    return
                }
            }
        }
        _ = try readElements(depth: depth, envelopes: envelopes, into: &builder)
    }

    /// The elements of an array from the next one on, each followed by `,` or the closing `]`.
    /// Returns true after the `]`; with `stop`, returns false as soon as a comma takes the
    /// parser to `stop` or past it.
    private mutating func readElements(depth: Int, envelopes: Bool, stop: Int? = nil,
                                       into builder: inout SnapshotBuilder) throws -> Bool {
        while true {
            parser.skipWhitespace()
            guard parser.peek == UInt8(ascii: "{") else {
                if let what = valueName(parser.peek), !parser.isAtEnd {
                    throw LoadError("json.not-object", at: parser.location(parser.pos),
                                    "an element of the array is \(what), not an object",
                                    hint: "every element must be a directory object ({…})")
                }
                let trailing = parser.peek == UInt8(ascii: "]") ? "JSON does not allow a comma before ']'" : ""
                throw parser.expected("an object", hint: trailing)
            }
            if envelopes {
                try readObject(depth: depth + 1, envelopeAllowed: true, into: &builder)
            } else {
                let line = parser.line
                guard case .record(let record) = try parser.parseValue(depth: depth + 1) else {
                    preconditionFailure("a value starting with '{' is a record")
                }
                emit(record.fields, line: line, into: &builder)
            }
            flushWarnings(into: &builder)
            parser.skipWhitespace()
            if parser.eat(UInt8(ascii: ",")) {
                if let stop, parser.pos >= stop { return false }
                continue
            }
            if parser.eat(UInt8(ascii: "]")) { return true }
            throw parser.expected("',' or ']' after array element")
        }
    }

    /// The elements of a big array of objects read in parts on several threads (`ParallelParts`),
    /// each part from one of `splits` (just after a comma between elements) to the next: the first
    /// on this thread into `builder`, the others into builders of their own, appended in file
    /// order, so the snapshot, its warnings and the first error are those of a serial read
    /// (`JSONPartTests`). The scan and the parser agree on every prefix the parser accepts, so a
    /// part that fails to start where the one before stopped means they disagree on some input
    /// not foreseen here: the rest is then read on this thread, as the CSV reader does.
    private mutating func readElementsInParts(_ splits: [JSONElementSplits.Split], depth: Int,
                                              into builder: inout SnapshotBuilder) throws {
        struct Part: Sendable {
            var builder: SnapshotBuilder
            var closed: Bool
            var pos: Int, line: Int, lineStart: Int
        }
        let template = builder.emptyPart(), shared = SharedBytes(parser.bytes), path = parser.path
        let stops = splits.map(\.pos)
        // Whether the array's `]` has been read (by the part read last).
        var closed = false
        let (first, others) = ParallelParts.run(splits.count + 1, first: {
            closed = try readElements(depth: depth, envelopes: false, stop: stops[0], into: &builder)
        }, other: { i in
            var document = Document(parser: JSONParser(bytes: shared.buffer, path: path), parts: 1)
            let split = splits[i - 1]
            (document.parser.pos, document.parser.line, document.parser.lineStart) = (split.pos, split.line, split.lineStart)
            var b = template
            let closed = try document.readElements(depth: depth, envelopes: false,
                                                   stop: i < splits.count ? stops[i] : nil, into: &b)
            return Part(builder: b, closed: closed, pos: document.parser.pos, line: document.parser.line,
                        lineStart: document.parser.lineStart)
        })
        try first.get()
        for i in 1...splits.count {
            if closed { return }
            // Where the part before stopped must be where this one started.
            guard parser.pos == stops[i - 1] else {
                _ = try readElements(depth: depth, envelopes: false, into: &builder)
                return
            }
            var part = try others.take(i).get()
            builder.append(&part.builder)
            (parser.pos, parser.line, parser.lineStart) = (part.pos, part.line, part.lineStart)
            closed = part.closed
        }
        // The last part reads to the closing bracket (or throws), which ends the loop with `closed`.
    }

    /// A top-level object (or an element of a top-level array), member by member, because it
    /// may be a Graph envelope whose `value` array must be streamed rather than built.
    ///
    /// It is an envelope when it has a `value` member holding an array and every member before
    /// it is `@…` metadata (`@odata.context`, `@odata.count`); otherwise it is one directory
    /// object, `value` included.
    private mutating func readObject(depth: Int, envelopeAllowed: Bool, into builder: inout SnapshotBuilder) throws {
        let line = parser.line
        parser.pos += 1
        let scope = parser.openMembers()
        var fields: [Record.Field] = []
        var isEnvelope = false
        parser.skipWhitespace()
        if !parser.eat(UInt8(ascii: "}")) {
            var afterComma = false
            while true {
                parser.skipWhitespace()
                let key = try parser.parseKey(afterComma: afterComma)
                try parser.expectColon(after: key)
                parser.skipWhitespace()
                let isPage = envelopeAllowed && key.name == "value" && parser.peek == UInt8(ascii: "[")
                    && (isEnvelope || fields.allSatisfy { JSONReader.isMetadata($0.name) })
                let replace = parser.checkDuplicate(
                    key, in: scope, fieldIndex: fields.count, earlierNames: fields,
                    outcome: isPage && isEnvelope ? "the objects of both are loaded" : "the last value wins")
                if isPage {
                    if !isEnvelope {
                        isEnvelope = true
                        if case .string(let context)? = fields.first(where: { JSONReader.isContext($0.name) })?.value {
                            builder.defaultKind = JSONReader.kind(fromContext: context) ?? builder.defaultKind
                        }
                    }
                    // A placeholder keeps field indexes (for duplicate detection) in step.
                    if replace < 0 { fields.append(Record.Field(name: key.name, value: .null)) }
                    try readObjectArray(depth: depth + 1, envelopes: false, into: &builder)
                } else {
                    let value = try parser.parseValue(depth: depth + 1)
                    if isEnvelope && !JSONReader.isMetadata(key.name) {
                        builder.warn(LoadWarning(
                            "json.envelope-member",
                            at: SourceLocation(file: parser.path, line: key.line, column: key.column),
                            "member \"\(key.name)\" beside \"value\" in a Graph response envelope belongs to no object; ignored",
                            hint: "the objects are the elements of \"value\""))
                    }
                    if replace >= 0 {
                        fields[replace].value = value
                    } else {
                        fields.append(Record.Field(name: key.name, value: value))
                    }
                }
                parser.skipWhitespace()
                if parser.eat(UInt8(ascii: ",")) {
                    afterComma = true
                    continue
                }
                if parser.eat(UInt8(ascii: "}")) { break }
                throw parser.expected("',' or '}' after object member")
            }
        }
        parser.closeMembers(scope)
        if isEnvelope { return }
        // A single-entity response (`…$metadata#users/$entity`) names its kind the same way.
        if case .string(let context)? = fields.first(where: { JSONReader.isContext($0.name) })?.value,
           let kind = JSONReader.kind(fromContext: context) {
            builder.defaultKind = kind
        }
        emit(fields, line: line, into: &builder)
    }

    /// One directory object: each member once (duplicates were already resolved), in order.
    private func emit(_ fields: [Record.Field], line: Int, into builder: inout SnapshotBuilder) {
        builder.beginObject(line: line)
        for field in fields { builder.add(field.name, field.value) }
        builder.endObject()
    }

    private mutating func flushWarnings(into builder: inout SnapshotBuilder) {
        guard !parser.warnings.isEmpty else { return }
        for w in parser.warnings { builder.warn(w) }
        parser.warnings.removeAll()
    }

    /// "a string", "a number", … for a byte that starts a value other than an object; nil if
    /// the byte starts no value at all.
    private func valueName(_ c: UInt8) -> String? {
        switch c {
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        case UInt8(ascii: "["): return "an array"
        default: return nil
        }
    }
}

/// Where a big JSON array of objects can be cut into parts read on several threads: offsets just
/// after a comma between two of its elements, found by a scan that follows only strings
/// (skipped to their closing quote, escapes included) and brackets. Lines are counted on the way
/// (a line feed cannot occur inside a valid string), so each part's locations are exact.
package enum JSONElementSplits {
    package struct Split: Sendable, Equatable {
        package var pos: Int, line: Int, lineStart: Int
    }

    /// Up to `parts - 1` splits, near even shares of the bytes from `start` (just inside the
    /// array's `[`) to the end of the buffer; fewer, or none, when the array ends sooner or the
    /// bytes do not look like JSON (the serial read then reports what is wrong).
    package static func find(in b: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, lineStart: Int,
                             parts: Int) -> [Split] {
        var splits: [Split] = []
        guard parts > 1, let base = b.baseAddress else { return splits }
        let n = b.count
        var i = start, depth = 1, line = line, lineStart = lineStart
        var target = start + (n - start) / parts
        while i < n {
            let c = base[i]
            switch c {
            case UInt8(ascii: "\""):
                guard let end = stringEnd(b, after: i) else { return splits }
                i = end
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return splits }
            case UInt8(ascii: ","):
                if depth == 1 && i >= target {
                    splits.append(Split(pos: i + 1, line: line, lineStart: lineStart))
                    if splits.count == parts - 1 { return splits }
                    target = start + (n - start) * (splits.count + 1) / parts
                }
            case 0x0A:
                line += 1
                lineStart = i + 1
            default:
                break
            }
            i += 1
        }
        return splits
    }

    /// The offset of the quote that closes the string opened at `open`, or nil at the end of the
    /// buffer. Eight bytes at a time until a quote or backslash.
    private static func stringEnd(_ b: UnsafeBufferPointer<UInt8>, after open: Int) -> Int? {
        let raw = UnsafeRawPointer(b.baseAddress!), n = b.count
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var i = open + 1
        while i < n {
            if i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let q = w ^ (ones &* 0x22), s = w ^ (ones &* 0x5C)
                // Zero bytes of q (quotes) or s (backslashes): none means the whole word is text.
                if ((q &- ones) & ~q | (s &- ones) & ~s) & highs == 0 {
                    i += 8
                    continue
                }
            }
            let c = b[i]
            if c == UInt8(ascii: "\"") { return i }
            i += c == UInt8(ascii: "\\") ? 2 : 1
        }
        return nil
    }
}
