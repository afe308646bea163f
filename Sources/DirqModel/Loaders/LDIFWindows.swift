import Foundation

/// A large LDIF file read in windows instead of whole: each window is cut after the last blank
/// line in it (a blank line always ends a record), its records are parsed (in parallel chunks),
/// and the cut-off record is carried into the next window. The file's bytes are never all in
/// memory: at a million users the 718 MB file was 0.65 KiB of the 1.2 KiB a whole load took per
/// object. The snapshot, its warnings and any error's location are those of a whole-file read
/// (`LDIFWindowTests`).
package enum LDIFWindows {
    /// Whether `path` is read in windows (`FileWindows.applies`).
    package static func applies(path: String, size: Int, format: SnapshotFormat?) -> Bool {
        FileWindows.applies(path: path, size: size, format: format, as: .ldif)
    }

    /// Reads the file at `path` window by window into `builder` (`window` bytes each; the tests
    /// use small ones).
    package static func read(path: String, into builder: inout SnapshotBuilder, window: Int = FileWindows.window,
                             chunks: Int? = nil) throws {
        let fd = try InputFile.openForReading(path)
        defer { close(fd) }
        var buffer = WindowBuffer()
        var line = 1, first = true, atEnd = false
        // The last part of a window, appended by the next window's first part (`LDIFReader.read`).
        var carried: SnapshotBuilder?
        defer {
            // The last window keeps no part, so none is left after it; should one be, it is not
            // lost. (After an error nothing reads the builder.)
            if var part = carried { builder.append(&part) }
        }
        while !atEnd {
            atEnd = try buffer.fill(fd, window: window, path: path) == 0
            if first, buffer.starts(with: [0xEF, 0xBB, 0xBF]) { buffer.removeFirst(3) }
            // Whole records only: up to the last blank line, or everything at the end of the file.
            // A window without a blank line (a record bigger than a window) reads on.
            let cut = buffer.withBytes { atEnd ? $0.count : lastRecordEnd($0) }
            guard let cut, cut > 0 || atEnd else { continue }
            // The records are read where they are; what follows them then moves to the buffer's
            // front, and the next window fills the same memory (a copy of each window was a
            // fresh 32 MB array and a page fault per 4 KiB of the file).
            try buffer.withBytes { b in
                let records = UnsafeBufferPointer(rebasing: b[..<cut])
                let next = try LDIFReader.read(records, path: path, firstLine: line, firstChunk: first, into: &builder,
                                               chunks: chunks ?? ParallelParts.count(for: cut), carrying: &carried,
                                               keepLast: !atEnd)
                if atEnd {
                    if let warning = LDIFReader.cutShort(records, path: path, firstLine: line) { builder.warn(warning) }
                } else {
                    // The records end with a line feed (after a blank line), so the line after
                    // the last one the parsers counted is the next window's first.
                    line = next
                }
            }
            if atEnd { break }
            buffer.removeFirst(cut)
            first = false
        }
    }

    /// The offset just after the last blank line (`\n\n` or `\n\r\n`) of `b`, or nil.
    package static func lastRecordEnd(_ b: [UInt8]) -> Int? {
        b.withUnsafeBufferPointer { lastRecordEnd($0) }
    }

    /// `lastRecordEnd` of bytes.
    package static func lastRecordEnd(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = b.count - 1
        while i > 0 {
            if b[i] == 0x0A {
                var j = i - 1
                if j >= 0 && b[j] == 0x0D { j -= 1 }
                if j >= 0 && b[j] == 0x0A { return i + 1 }
            }
            i -= 1
        }
        return nil
    }
}
