import Foundation

/// What the windowed readers (`LDIFWindows`, `CSVWindows`) share: which files they read, and
/// how big a window is. A file they do not take is read whole.
package enum FileWindows {
    /// Files at least this big are read in windows (smaller ones whole: nothing to gain).
    package static let threshold = 64 << 20
    /// Bytes read per window.
    package static let window = 32 << 20

    /// Whether `path` is read in windows as `format`: a file of that format (by the load's
    /// `format` clause, else its name) of at least `threshold` bytes that is not UTF-16 (decoded
    /// whole) and whose first bytes are text.
    package static func applies(path: String, size: Int, format given: SnapshotFormat?, as format: SnapshotFormat) -> Bool {
        guard size >= threshold else { return false }
        if let given { if given != format { return false } } else {
            guard case .format(let f) = FormatChoice.hint(forPath: path), f == format else { return false }
        }
        guard let head = try? prefix(path: path, count: 4096) else { return false }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { return false }
        return FormatChoice.binaryContent(head) == nil
    }

    /// The first `count` bytes of the file (fewer when it is shorter).
    package static func prefix(path: String, count: Int) throws -> [UInt8] {
        let fd = try InputFile.openForReading(path)
        defer { close(fd) }
        var out: [UInt8] = []
        _ = try InputFile.fill(fd, &out, upTo: count, path: path)
        return out
    }
}

/// The bytes of the window being read and of what the window before left unread, in one array
/// that every window reuses: `count` bytes of it hold the file, the rest is room (stale bytes of
/// earlier windows, never read). Filling a window is a `read` into that room; making the room
/// (zeroing 32 MB per window) cost as much as the `read` itself.
package struct WindowBuffer {
    private var storage: [UInt8] = []
    /// How many bytes of the file the buffer holds.
    package private(set) var count = 0

    package init() {}

    /// Reads up to `window` more bytes of `fd` after those held; returns how many (0 at the end
    /// of the file).
    package mutating func fill(_ fd: Int32, window: Int, path: String) throws -> Int {
        let want = count + window
        if storage.count < want { storage.append(contentsOf: repeatElement(0, count: want - storage.count)) }
        let start = count
        let n = try storage.withUnsafeMutableBytes {
            try InputFile.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: $0[start..<want]), path: path)
        }
        count += n
        return n
    }

    /// Drops the first `n` bytes held, moving the rest to the front.
    package mutating func removeFirst(_ n: Int) {
        precondition(n <= count)
        let rest = count - n
        if rest > 0 { storage.withUnsafeMutableBytes { _ = memmove($0.baseAddress!, $0.baseAddress! + n, rest) } }
        count = rest
    }

    /// Whether the bytes held start with `prefix`.
    package func starts(with prefix: [UInt8]) -> Bool {
        count >= prefix.count && storage[..<prefix.count].elementsEqual(prefix)
    }

    /// Calls `body` with the bytes held.
    package func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[..<count])) }
    }
}
