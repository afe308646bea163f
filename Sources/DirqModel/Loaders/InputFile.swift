import Foundation

/// The bytes of an input file as UTF-8 without a byte-order mark, whatever the file was written in
/// (UTF-8 with or without BOM, UTF-16LE or UTF-16BE with BOM), plus where they came from.
/// Loaders scan `bytes` directly; they never build a `String` of the whole file.
public struct InputFile: Sendable {
    public var path: String
    public var bytes: [UInt8]
    /// The encoding found: `UTF-8`, `UTF-8 with BOM`, `UTF-16LE`, `UTF-16BE`.
    public var encoding: String

    public init(path: String, bytes: [UInt8], encoding: String = "UTF-8") {
        self.path = path
        self.bytes = bytes
        self.encoding = encoding
    }

    /// Reads and decodes a file. Missing files, directories and unreadable files are located errors.
    public static func read(path: String) throws -> InputFile {
        let at = SourceLocation(file: path, line: 1, column: 1)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw LoadError("file.missing", at: at, "no such file")
        }
        if isDir.boolValue {
            throw LoadError("file.directory", at: at, "is a directory, not an export file")
        }
        if let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType,
           type != .typeRegular && type != .typeSymbolicLink {
            throw LoadError("file.not-regular", at: at, "is not a regular file (a pipe, socket or device); save the export to a file first")
        }
        let fd = try openForReading(path)
        defer { close(fd) }
        return try decode(path: path, data: try readAll(fd, path: path))
    }

    /// Opens a file to read; a file that cannot be opened is a located error.
    package static func openForReading(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw LoadError("file.unreadable", at: SourceLocation(file: path, line: 1, column: 1),
                            "cannot open the file for reading (permissions?)")
        }
        return fd
    }

    /// The whole file, read straight into one array of its size (a large export is read once,
    /// not grown and copied).
    private static func readAll(_ fd: Int32, path: String) throws -> [UInt8] {
        var st = stat()
        var limit = (fstat(fd, &st) == 0 ? max(Int(st.st_size), 0) : 0) + 1
        var out: [UInt8] = []
        // Filled to the limit means the file has grown since `fstat`: read on.
        while try fill(fd, &out, upTo: limit, path: path) > 0 && out.count == limit {
            limit = out.count + max(out.count, 65536)
        }
        return out
    }

    /// Appends up to `limit - out.count` bytes read from `fd` to `out`, stopping early only at the
    /// end of the file; returns how many (0 at the end).
    package static func fill(_ fd: Int32, _ out: inout [UInt8], upTo limit: Int, path: String) throws -> Int {
        let start = out.count
        guard limit > start else { return 0 }
        out.reserveCapacity(limit)
        out.append(contentsOf: repeatElement(0, count: limit - start))
        let n = try out.withUnsafeMutableBytes { try read(fd, into: UnsafeMutableRawBufferPointer(rebasing: $0[start...]), path: path) }
        out.removeLast(limit - start - n)
        return n
    }

    /// Fills `out` with bytes read from `fd`, stopping early only at the end of the file; returns
    /// how many.
    package static func read(_ fd: Int32, into out: UnsafeMutableRawBufferPointer, path: String) throws -> Int {
        var filled = 0
        while filled < out.count {
            let n = Foundation.read(fd, out.baseAddress! + filled, out.count - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw LoadError("file.unreadable", at: SourceLocation(file: path, line: 1, column: 1),
                                "cannot read the file: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// Decodes raw bytes by their byte-order mark.
    public static func decode(path: String, data: consuming [UInt8]) throws -> InputFile {
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            // In place: a copy of a 400 MB export is 400 MB more, and a page fault per 4 KiB of it.
            data.removeFirst(3)
            return InputFile(path: path, bytes: data, encoding: "UTF-8 with BOM")
        }
        if data.starts(with: [0xFF, 0xFE]) {
            return InputFile(path: path, bytes: try utf16ToUTF8(data.dropFirst(2), littleEndian: true, path: path),
                             encoding: "UTF-16LE")
        }
        if data.starts(with: [0xFE, 0xFF]) {
            return InputFile(path: path, bytes: try utf16ToUTF8(data.dropFirst(2), littleEndian: false, path: path),
                             encoding: "UTF-16BE")
        }
        return InputFile(path: path, bytes: data, encoding: "UTF-8")
    }

    private static func utf16ToUTF8(_ body: ArraySlice<UInt8>, littleEndian: Bool, path: String) throws -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(body.count / 2)
        var i = body.startIndex
        while i + 1 < body.endIndex {
            let a = UInt16(body[i]), b = UInt16(body[i + 1])
            units.append(littleEndian ? (b << 8 | a) : (a << 8 | b))
            i += 2
        }
        var out: [UInt8] = []
        out.reserveCapacity(units.count)
        var line = 1
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                if s == "\n" { line += 1 }
                out.append(contentsOf: Array(String(s).utf8))
            case .emptyInput:
                break loop
            case .error:
                throw LoadError("file.bad-utf16", at: SourceLocation(file: path, line: line, column: 1),
                                "invalid UTF-16 (an unpaired surrogate)")
            }
        }
        if body.count % 2 == 1 {
            throw LoadError("file.bad-utf16", at: SourceLocation(file: path, line: line, column: 1),
                            "the file has a UTF-16 byte-order mark but an odd number of bytes (cut short?)")
        }
        return out
    }

    /// The 1-based line and column of a byte offset, for messages. Linear in the offset: use only
    /// when reporting, never in a loop over the file.
    public func location(ofOffset offset: Int) -> SourceLocation {
        var line = 1, lineStart = 0
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            if bytes[i] == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        return SourceLocation(file: path, line: line, column: end - lineStart + 1)
    }
}
