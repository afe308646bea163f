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
        var buffer: [UInt8] = []
        var line = 1, first = true, atEnd = false
        while !atEnd {
            atEnd = try InputFile.fill(fd, &buffer, upTo: buffer.count + window, path: path) == 0
            if first, buffer.starts(with: [0xEF, 0xBB, 0xBF]) { buffer.removeFirst(3) }
            // Whole records only: up to the last blank line, or everything at the end of the file.
            // A window without a blank line (a record bigger than a window) reads on.
            guard let cut = atEnd ? buffer.count : lastRecordEnd(buffer), cut > 0 || atEnd else { continue }
            // The records are read where they are; what follows them then moves to the buffer's
            // front, and the next window fills the same memory (a copy of each window was a
            // fresh 32 MB array and a page fault per 4 KiB of the file).
            try LDIFReader.read(buffer, end: cut, path: path, firstLine: line, firstChunk: first, into: &builder,
                                chunks: chunks ?? ParallelParts.count(for: cut))
            if atEnd {
                if let warning = LDIFReader.cutShort(buffer[..<cut], path: path, firstLine: line) { builder.warn(warning) }
                break
            }
            line += buffer.withUnsafeBufferPointer { lineFeeds(UnsafeBufferPointer(rebasing: $0[..<cut])) }
            buffer.removeFirst(cut)
            first = false
        }
    }

    /// How many line feeds `b` holds, counted eight bytes at a time.
    package static func lineFeeds(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = b.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101, low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var n = 0, i = 0
        while i + 8 <= b.count {
            // A byte of x is zero exactly where the word holds a line feed; y has the high bit of
            // each zero byte of x set, and no other bit (no borrow crosses bytes).
            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ (ones &* 0x0A)
            let y = ~(((x & low7) &+ low7) | x | low7)
            n &+= y.nonzeroBitCount
            i += 8
        }
        while i < b.count {
            if b[i] == 0x0A { n += 1 }
            i += 1
        }
        return n
    }

    /// The offset just after the last blank line (`\n\n` or `\n\r\n`) of `b`, or nil.
    package static func lastRecordEnd(_ b: [UInt8]) -> Int? {
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
