import Foundation

/// A large UTF-8 CSV file read in windows instead of whole, as `LDIFWindows` reads LDIF: each
/// window's rows are parsed (in parallel parts) up to the first row that goes on past the window's
/// end, which the parser itself finds (`CSVParser.partialEnd`: a quoted value may hold line
/// breaks, so no byte scan can tell where a row ends), and that row is carried into the next
/// window. At a million users the 413 MB file was 0.38 KiB of the 1.07 KiB per object a whole
/// load held. The snapshot, its warnings and any error's location are those of a whole-file read
/// (`CSVWindowTests`); a file that is not UTF-8 throughout, or holds a byte-order mark past its
/// start, is left to the whole-file read, which transcodes or refuses it.
package enum CSVWindows {
    /// Whether `path` is read in windows (`FileWindows.applies`).
    package static func applies(path: String, size: Int, format: SnapshotFormat?) -> Bool {
        FileWindows.applies(path: path, size: size, format: format, as: .csv)
    }

    /// Reads the file at `path` window by window into `builder` (`window` bytes each, `parts`
    /// parallel parts per window; the tests choose both). Returns false, with `builder` to be
    /// thrown away, when the file must be read whole: bytes that are not UTF-8, a byte-order mark
    /// inside, or a header longer than a window.
    package static func read(path: String, into builder: inout SnapshotBuilder, window: Int = FileWindows.window,
                             parts: Int? = nil) throws -> Bool {
        let fd = try InputFile.openForReading(path)
        defer { close(fd) }
        var buffer = WindowBuffer()
        var first = true, atEnd = false
        // What the parser knows between windows: the delimiter and columns (after the header),
        // the line the window starts on, the header's line and the rows read.
        var header: (delimiter: UInt8, columns: [CSVColumn], line: Int)?
        var line = 1, rows = 0
        while !atEnd {
            atEnd = try buffer.fill(fd, window: window, path: path) == 0
            if first, buffer.starts(with: [0xEF, 0xBB, 0xBF]) { buffer.removeFirst(3) }
            first = false
            var cut = 0
            // The parts read the buffer itself; what follows the last whole row then moves to its
            // front, and the next window fills the same memory (a fresh 32 MB array per window
            // was a page fault per 4 KiB of the file).
            let done: Bool = try buffer.withBytes { buf in
                // Up to the last line feed the bytes are whole UTF-8 sequences (a line feed is
                // never part of one); what follows is checked with the next window.
                let checked = atEnd ? buf.count : lastLineEnd(buf)
                let scan = EncodingScan.inParts(UnsafeBufferPointer(rebasing: buf[..<checked]),
                                                parts ?? ParallelParts.count(for: checked))
                if scan.firstBOM != nil || scan.firstInvalid != nil { return false }
                var parser: CSVParser
                if let h = header {
                    parser = CSVParser(buffer: buf, path: path, delimiter: h.delimiter, columns: h.columns,
                                       at: CSVPosition(pos: 0, line: line, lineStart: 0))
                } else {
                    parser = CSVParser(buffer: buf, path: path)
                    parser.partialEnd = !atEnd
                    do {
                        let headerLine = try parser.readHeader(into: &builder)
                        header = (parser.delimiter, parser.columns, headerLine)
                    } catch is CSVParser.RowGoesOn {
                        return false
                    }
                }
                parser.partialEnd = !atEnd
                let n = parts ?? ParallelParts.count(for: buf.count - parser.pos)
                rows += n > 1
                    ? try parser.readRowsInParts(n, into: &builder)
                    : try parser.readRows(before: buf.count, into: &builder)
                header!.columns = parser.columns
                if atEnd { parser.finish(rows: rows, headerLine: header!.line, into: &builder) }
                cut = parser.pos
                line = parser.line
                return true
            }
            guard done else { return false }
            if !atEnd { buffer.removeFirst(cut) }
        }
        return true
    }

    /// The offset just after the last line feed of `b`, or 0.
    private static func lastLineEnd(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var i = b.count
        while i > 0 && b[i - 1] != 0x0A { i -= 1 }
        return i
    }
}
