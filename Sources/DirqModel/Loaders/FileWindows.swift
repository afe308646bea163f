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
