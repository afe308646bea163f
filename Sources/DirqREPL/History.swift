#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The prompt's history file: one statement per line, newest last, at most `limit` entries.
///
/// Format: a statement may span several lines, but it is one entry, so it is stored on one
/// line with `\` written as `\\`, a line feed as `\n` and a carriage return as `\r`. Any other
/// backslash sequence is kept as it is when loading (a hand-edited file cannot lose text).
/// Empty lines are skipped; a CR before the LF is dropped (a file edited on Windows).
///
/// Saving never edits the file in place: the whole bounded list is written to a temporary
/// file in the same directory, flushed to disk, then `rename()`d over the old file. A crash
/// at any moment leaves either the old file or the new one, never half of one. `append`
/// re-reads the file first, so two sessions running at once both keep their statements
/// (except in the instant between one's read and the other's rename).
public struct HistoryFile: Sendable {
    /// How many entries the file keeps by default.
    public static let defaultLimit = 1000

    /// The file's path as given.
    public let path: String
    /// The most entries kept; older ones are dropped when saving.
    public let limit: Int

    public init(path: String, limit: Int = HistoryFile.defaultLimit) {
        self.path = path
        self.limit = max(1, limit)
    }

    /// `$DIRQ_HISTORY` when set (nil when set to the empty string: no history file), else
    /// `$HOME/.dirq_history`, else the home directory from the password database.
    public static func defaultPath(environment: (String) -> String? = HistoryFile.processEnvironment) -> String? {
        if let explicit = environment("DIRQ_HISTORY") { return explicit.isEmpty ? nil : explicit }
        if let home = environment("HOME"), !home.isEmpty { return join(home, ".dirq_history") }
        if let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir {
            let home = String(cString: dir)
            if !home.isEmpty { return join(home, ".dirq_history") }
        }
        return nil
    }

    /// Reads a variable of this process's environment.
    public static func processEnvironment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    private static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    // MARK: Escaping

    /// One entry as one line of the file (without the line feed).
    public static func escape(_ entry: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(entry.utf8.count)
        for byte in entry.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The entry stored on one line of the file (the inverse of `escape`).
    public static func unescape<Bytes: Collection>(line: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        var i = line.startIndex
        while i != line.endIndex {
            let byte = line[i]
            line.formIndex(after: &i)
            guard byte == UInt8(ascii: "\\"), i != line.endIndex else {
                out.append(byte)
                continue
            }
            switch line[i] {
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            default: out += [byte, line[i]]  // unknown escape: keep both characters
            }
            line.formIndex(after: &i)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The entries of a whole file's bytes, oldest first (all of them: bounding is `load`'s job).
    public static func parse(_ bytes: [UInt8]) -> [String] {
        var entries: [String] = []
        var lineStart = 0
        for i in bytes.indices where bytes[i] == 0x0A {
            appendEntry(bytes[lineStart..<i], to: &entries)
            lineStart = i + 1
        }
        if lineStart < bytes.count { appendEntry(bytes[lineStart...], to: &entries) }
        return entries
    }

    private static func appendEntry(_ line: ArraySlice<UInt8>, to entries: inout [String]) {
        var line = line
        if line.last == 0x0D { line.removeLast() }
        if line.isEmpty { return }
        entries.append(unescape(line: line))
    }

    /// The bytes of a file holding `entries` (all of them).
    public static func serialize(_ entries: [String]) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries where !entry.isEmpty {
            out += escape(entry).utf8
            out.append(0x0A)
        }
        return out
    }

    // MARK: File I/O

    /// The newest `limit` entries of the file, oldest first; [] when the file is missing or
    /// unreadable (history is a convenience: it never stops the prompt).
    public func load() -> [String] {
        guard let bytes = try? Self.readFile(path) else { return [] }
        return Array(Self.parse(bytes).suffix(limit))
    }

    /// Adds `entry` as the newest entry and saves: re-reads the file so entries that another
    /// session saved meanwhile are kept; an entry equal to the newest one is not repeated.
    public func append(_ entry: String) throws {
        guard !entry.isEmpty else { return }
        var entries = (try? Self.readFile(path)).map(Self.parse) ?? []
        if entries.last == entry { return }
        entries.append(entry)
        try save(entries)
    }

    /// Replaces the file with the newest `limit` of `entries`, atomically (see the type's
    /// comment). Does nothing when the path names something other than a regular file
    /// (`DIRQ_HISTORY=/dev/null` must not replace /dev/null).
    public func save(_ entries: [String]) throws {
        guard let target = try writableTarget() else { return }
        let bytes = Self.serialize(Array(entries.suffix(limit)))
        let directory = Self.directory(of: target)
        let base = target.split(separator: "/").last.map(String.init) ?? target
        var temp = ""
        var fd: Int32 = -1
        // O_EXCL with a fresh name: never follow or reuse a file someone else put there.
        for attempt in 0..<100 {
            temp = Self.join(directory, ".\(base).tmp-\(getpid())-\(attempt)")
            fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw HistoryError(operation: "create", path: temp, code: errno) }
        var ok = false
        defer {
            if !ok { unlink(temp) }
        }
        do {
            try Self.writeAll(fd, bytes, path: temp)
            if fsync(fd) != 0 { throw HistoryError(operation: "sync", path: temp, code: errno) }
        } catch {
            close(fd)
            throw error
        }
        if close(fd) != 0 { throw HistoryError(operation: "close", path: temp, code: errno) }
        if rename(temp, target) != 0 { throw HistoryError(operation: "rename", path: target, code: errno) }
        ok = true
        // Make the rename itself durable; failure here loses nothing already written.
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    /// The path to write: the file itself, or the file a symbolic link points to (renaming
    /// over the link would replace it with a plain file); nil when it is not a regular file.
    private func writableTarget() throws -> String? {
        var info = stat()
        if lstat(path, &info) != 0 {
            if errno == ENOENT { return path }
            throw HistoryError(operation: "stat", path: path, code: errno)
        }
        var target = path
        if (info.st_mode & S_IFMT) == S_IFLNK {
            guard let resolved = realpath(path, nil) else {
                // A dangling link: write where it points would need readlink; keep it simple.
                throw HistoryError(operation: "resolve", path: path, code: errno)
            }
            target = String(cString: resolved)
            free(resolved)
            if stat(target, &info) != 0 { throw HistoryError(operation: "stat", path: target, code: errno) }
        }
        return (info.st_mode & S_IFMT) == S_IFREG ? target : nil
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = path[..<slash]
        return dir.isEmpty ? "/" : String(dir)
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HistoryError(operation: "open", path: path, code: errno) }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw HistoryError(operation: "read", path: path, code: errno)
            }
            if n == 0 { break }
            result += chunk[0..<n]
        }
        return result
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw HistoryError(operation: "write", path: path, code: errno)
                }
                offset += n
            }
        }
    }
}

/// A history file operation that failed, with the system's reason.
public struct HistoryError: Error, CustomStringConvertible, Sendable {
    /// What was being done: "open", "write", "rename"…
    public let operation: String
    public let path: String
    /// The errno value.
    public let code: Int32

    public var description: String {
        "history file \(path): \(operation) failed: \(String(cString: strerror(code)))"
    }
}
