import Foundation
import DirqModel

/// A file written through a byte buffer that is handed to `FileHandle` about once per megabyte.
///
/// The generator writes hundreds of megabytes; building `String`s or writing small pieces would
/// dominate the run time. Every format writer appends bytes here, and the encoders it needs
/// (decimal, base64, GUID text, LDIF folding, CSV and JSON quoting) append in place.
package struct ByteSink {
    package private(set) var buffer: [UInt8] = []
    private let handle: FileHandle
    /// Bytes written to the file so far (not counting the buffer).
    package private(set) var flushed = 0
    package static let flushSize = 1 << 20

    package init(url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw GeneratorError("cannot create \(url.path): \(String(cString: strerror(errno)))")
        }
        do {
            handle = try FileHandle(forWritingTo: url)
        } catch {
            throw GeneratorError("cannot open \(url.path): \(GeneratorError.reason(error))")
        }
        buffer.reserveCapacity(Self.flushSize + 64 * 1024)
    }

    /// Total size of the file once closed.
    package var size: Int { flushed + buffer.count }

    /// Writes the buffer out when it has grown past the flush size. Called between records.
    package mutating func flushIfFull() throws {
        if buffer.count >= Self.flushSize { try flush() }
    }

    package mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        flushed += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    package mutating func close() throws {
        try flush()
        try handle.close()
    }

    // MARK: - Appending

    @inline(__always) package mutating func byte(_ b: UInt8) { buffer.append(b) }

    @inline(__always) package mutating func bytes(_ b: [UInt8]) { buffer.append(contentsOf: b) }

    package mutating func text(_ s: StaticString) {
        s.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    package mutating func crlf() {
        buffer.append(0x0D)
        buffer.append(0x0A)
    }

    /// `n` in decimal, without a `String`.
    package mutating func decimal(_ n: Int) {
        ByteText.appendDecimal(n, to: &buffer)
    }

    /// `n` in decimal, left-padded with zeros to `width` digits.
    package mutating func decimal(_ n: Int, width: Int) {
        ByteText.appendDecimal(n, width: width, to: &buffer)
    }

    package mutating func base64(_ raw: [UInt8]) {
        ByteText.appendBase64(raw, to: &buffer)
    }

    /// A GUID string of 16 bytes in .NET order.
    package mutating func guid(_ raw: [UInt8]) {
        ByteText.appendGUID(raw, to: &buffer)
    }

    // MARK: - LDIF

    /// ldifde wraps long lines: a line longer than this is continued on lines that start with one
    /// space (RFC 2849 `SEP SPACE`), each again at most this long including that space.
    package static let ldifWidth = 76

    /// `name: value`, or `name:: base64` when the value is not a SAFE-STRING (RFC 2849): it has
    /// bytes above 0x7F (ldifde base64-encodes non-ASCII text), a control byte, starts with a
    /// space, `:` or `<`, or ends with a space. Folded at `ldifWidth`, ended with CR LF.
    package mutating func ldif(_ name: StaticString, _ value: [UInt8]) {
        let start = buffer.count
        text(name)
        if ByteText.isSafeLDIF(value) {
            byte(UInt8(ascii: ":")); byte(0x20)
            bytes(value)
        } else {
            text(":: ")
            base64(value)
        }
        foldLDIF(from: start)
    }

    /// `name:: base64` for a binary attribute (objectGUID, mS-DS-ConsistencyGuid).
    package mutating func ldifBinary(_ name: StaticString, _ raw: [UInt8]) {
        let start = buffer.count
        text(name)
        text(":: ")
        base64(raw)
        foldLDIF(from: start)
    }

    /// `name: 123`.
    package mutating func ldif(_ name: StaticString, int value: Int) {
        text(name)
        text(": ")
        decimal(value)
        crlf()
    }

    /// Folds the line that starts at `start` (and ends at the end of the buffer), then ends it.
    /// Only base64 and ASCII text are ever folded, so no UTF-8 sequence is cut.
    private mutating func foldLDIF(from start: Int) {
        let width = Self.ldifWidth
        if buffer.count - start > width {
            let tail = Array(buffer[(start + width)...])
            buffer.removeSubrange((start + width)...)
            var i = 0
            while i < tail.count {
                crlf()
                byte(0x20)
                let n = min(width - 1, tail.count - i)
                buffer.append(contentsOf: tail[i..<(i + n)])
                i += n
            }
        }
        crlf()
    }

    // MARK: - CSV (Export-Csv: every field quoted, quotes doubled, CR LF)

    package mutating func csvField(_ value: [UInt8]) {
        byte(UInt8(ascii: "\""))
        if value.contains(UInt8(ascii: "\"")) {
            for b in value {
                if b == UInt8(ascii: "\"") { byte(b) }
                byte(b)
            }
        } else {
            bytes(value)
        }
        byte(UInt8(ascii: "\""))
    }

    package mutating func csvField(_ s: StaticString) {
        byte(UInt8(ascii: "\""))
        text(s)
        byte(UInt8(ascii: "\""))
    }

    package mutating func csvEmpty() {
        text("\"\"")
    }

    // MARK: - JSON

    /// A JSON string literal: `"`, `\` and control bytes escaped; UTF-8 written as is (Graph does).
    package mutating func jsonString(_ value: [UInt8]) {
        byte(UInt8(ascii: "\""))
        // Almost every value needs no escape: copy it whole.
        if !value.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes(value)
            byte(UInt8(ascii: "\""))
            return
        }
        for b in value {
            switch b {
            case UInt8(ascii: "\""): text("\\\"")
            case UInt8(ascii: "\\"): text("\\\\")
            case 0..<0x20:
                text("\\u00")
                byte(ByteText.hexDigits[Int(b >> 4)])
                byte(ByteText.hexDigits[Int(b & 0xF)])
            default: byte(b)
            }
        }
        byte(UInt8(ascii: "\""))
    }
}

/// Byte-level text encoders shared by the writers and the planted-truth computation.
package enum ByteText {
    package static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    private static let base64Alphabet: [UInt8] =
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    package static func appendDecimal(_ n: Int, to out: inout [UInt8]) {
        if n < 0 {
            out.append(UInt8(ascii: "-"))
            appendDecimal(-n, to: &out)
            return
        }
        if n < 10 {
            out.append(UInt8(48 + n))
            return
        }
        // Digits are produced backwards into a stack buffer, then appended in one copy.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { d in
            var v = n
            var i = 20
            while v > 0 {
                i -= 1
                d[i] = UInt8(48 + v % 10)
                v /= 10
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: d[i..<20]))
        }
    }

    package static func appendDecimal(_ n: Int, width: Int, to out: inout [UInt8]) {
        var digits = 1
        var p = 10
        while n >= p && digits < 19 { digits += 1; p *= 10 }
        for _ in digits..<max(width, digits) { out.append(UInt8(ascii: "0")) }
        appendDecimal(n, to: &out)
    }

    /// A byte array built in place with room for `capacity` bytes, so that joining parts costs
    /// one allocation instead of one per `+`.
    @inline(__always)
    package static func build(_ capacity: Int, _ body: (inout [UInt8]) -> Void) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        body(&out)
        return out
    }

    /// `prefix` followed by `value` (`SMTP:` + an address).
    package static func joined(_ prefix: [UInt8], _ value: [UInt8]) -> [UInt8] {
        build(prefix.count + value.count) { $0 += prefix; $0 += value }
    }

    package static func decimal(_ n: Int) -> [UInt8] {
        var out: [UInt8] = []
        appendDecimal(n, to: &out)
        return out
    }

    /// RFC 4648 base64 with padding.
    package static func appendBase64(_ raw: [UInt8], to out: inout [UInt8]) {
        let n = raw.count
        let length = (n + 2) / 3 * 4
        guard length > 0 else { return }
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: length))
        out.withUnsafeMutableBufferPointer { o in
            base64Alphabet.withUnsafeBufferPointer { a in
                raw.withUnsafeBufferPointer { r in
                    var i = 0, j = start
                    while i + 3 <= n {
                        let v = UInt32(r[i]) << 16 | UInt32(r[i + 1]) << 8 | UInt32(r[i + 2])
                        o[j] = a[Int(v >> 18)]
                        o[j + 1] = a[Int(v >> 12 & 63)]
                        o[j + 2] = a[Int(v >> 6 & 63)]
                        o[j + 3] = a[Int(v & 63)]
                        i += 3
                        j += 4
                    }
                    if n - i > 0 {
                        let v = UInt32(r[i]) << 16 | (n - i == 2 ? UInt32(r[i + 1]) << 8 : 0)
                        o[j] = a[Int(v >> 18)]
                        o[j + 1] = a[Int(v >> 12 & 63)]
                        o[j + 2] = n - i == 2 ? a[Int(v >> 6 & 63)] : UInt8(ascii: "=")
                        o[j + 3] = UInt8(ascii: "=")
                    }
                }
            }
        }
    }

    package static func base64(_ raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((raw.count + 2) / 3 * 4)
        appendBase64(raw, to: &out)
        return out
    }

    /// The GUID string (`f7cc07d7-7c15-447d-876d-c01b0e5a9e38`) of 16 bytes in .NET
    /// `Guid.ToByteArray()` order: the first three groups are little-endian, so their bytes are
    /// written in reverse. This is how `Get-ADUser` prints the `objectGUID` an LDIF export shows
    /// as base64 of the same 16 bytes.
    package static func appendGUID(_ b: [UInt8], to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { t in
            var j = 0
            for k in guidOrder {
                if k < 0 {
                    t[j] = UInt8(ascii: "-")
                    j += 1
                } else {
                    t[j] = hexDigits[Int(b[k] >> 4)]
                    t[j + 1] = hexDigits[Int(b[k] & 0xF)]
                    j += 2
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(t))
        }
    }

    /// Byte positions in the order the GUID string shows them; -1 is a hyphen.
    private static let guidOrder = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15]

    package static func guid(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(36)
        appendGUID(b, to: &out)
        return out
    }

    /// RFC 2849 SAFE-STRING: SAFE-INIT-CHAR (not NUL, LF, CR, space, `:`, `<`) then SAFE-CHARs
    /// (ASCII except NUL, LF, CR). ldifde also base64-encodes values that end with a space.
    package static func isSafeLDIF(_ v: [UInt8]) -> Bool {
        guard let first = v.first else { return true }
        if first == 0x20 || first == UInt8(ascii: ":") || first == UInt8(ascii: "<") { return false }
        if v.last == 0x20 { return false }
        for b in v where b >= 0x80 || b == 0 || b == 0x0A || b == 0x0D { return false }
        return true
    }

    package static func lowercasedASCII(_ v: [UInt8]) -> [UInt8] {
        v.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
    }
}
