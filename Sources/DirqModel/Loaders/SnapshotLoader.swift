import Foundation

/// Loads export files into snapshots: chooses the format from the file's extension, else its
/// content (`FormatChoice`; a `format` argument overrides both), runs the format's reader and
/// builds the snapshot.
public enum SnapshotLoader {
    /// Reads a file. `format` and `side` override detection; `kind` is the kind of objects whose
    /// content names no class (a class value on the object still wins); `name` defaults to the file name
    /// without extension. With a `projection`, only the values of the attributes it names are
    /// kept. A file that clearly cannot fit in `memory` is a `file.too-large` error, before it is
    /// read and (for a whole load) again before the snapshot is built (`MemoryBudget`).
    public static func load(path: String, name: String? = nil, format: SnapshotFormat? = nil,
                            side: Side? = nil, kind: ObjectKind? = nil, projection: Projection? = nil,
                            dateOrder: DateParsing.DayMonthOrder? = nil, memory: MemoryBudget = .system) throws -> Snapshot {
        let start = Date()
        // The file's bytes live only in `read`: they are freed before the snapshot is finished.
        var builder = try read(path: path, format: format, kind: kind, projection: projection, dateOrder: dateOrder,
                               memory: memory)
        var snapshot = builder.finish(name: name ?? defaultName(for: path), side: side)
        snapshot.loadSeconds = Date().timeIntervalSince(start)
        return snapshot
    }

    /// Reads the file into a builder.
    private static func read(path: String, format: SnapshotFormat?, kind: ObjectKind?, projection: Projection?,
                             dateOrder: DateParsing.DayMonthOrder?, memory: MemoryBudget) throws -> SnapshotBuilder {
        if let builder = try readInWindows(path: path, format: format, kind: kind, projection: projection,
                                           dateOrder: dateOrder, memory: memory) {
            return builder
        }
        // Read whole: the file's bytes must fit first (a windowed read holds one window).
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int {
            try memory.checkRead(path: path, size: size)
        }
        let input = try InputFile.read(path: path)
        let fmt = try format ?? FormatChoice.choose(input)
        // The build factors are measured on whole loads; a projected one takes far less.
        if projection == nil { try memory.checkBuild(path: path, size: input.bytes.count, format: fmt) }
        var builder = SnapshotBuilder(path: path, format: fmt)
        builder.declaredKind = kind
        builder.dateOrder = dateOrder
        // Connector-space XML and Format-List exports are small and read whole.
        if fmt != .xml && fmt != .list { builder.projection = projection }
        do {
            switch fmt {
            case .ldif: try LDIFReader.read(input, into: &builder)
            case .csv: try CSVReader.read(input, into: &builder)
            case .json: try JSONReader.read(input, into: &builder)
            case .xml: try CSExportReader.read(input, into: &builder)
            case .list: try FormatListReader.read(input, into: &builder)
            }
        } catch var e as LoadError {
            // Say which reader failed and why it was chosen, so that an error on line 1 of a
            // misnamed file is not a riddle.
            e.notes.append(why(fmt, given: format != nil, path: path))
            if let other = FormatChoice.misnamedHint(input, readAs: fmt) { e.notes.append(other) }
            throw e
        }
        return builder
    }

    /// A large UTF-8 LDIF or CSV file read in windows, never whole (`LDIFWindows`, `CSVWindows`);
    /// nil when the file is to be read whole (small, UTF-16, another format, or a CSV file that
    /// must be transcoded).
    private static func readInWindows(path: String, format: SnapshotFormat?, kind: ObjectKind?, projection: Projection?,
                                      dateOrder: DateParsing.DayMonthOrder?, memory: MemoryBudget) throws -> SnapshotBuilder? {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else { return nil }
        let fmt: SnapshotFormat
        if LDIFWindows.applies(path: path, size: size, format: format) {
            fmt = .ldif
        } else if CSVWindows.applies(path: path, size: size, format: format) {
            fmt = .csv
        } else {
            return nil
        }
        if projection == nil { try memory.checkBuild(path: path, size: size, format: fmt) }
        var builder = SnapshotBuilder(path: path, format: fmt)
        builder.declaredKind = kind
        builder.dateOrder = dateOrder
        builder.projection = projection
        do {
            if fmt == .ldif {
                try LDIFWindows.read(path: path, into: &builder)
                return builder
            }
            return try CSVWindows.read(path: path, into: &builder) ? builder : nil
        } catch var e as LoadError {
            e.notes.append(why(fmt, given: format != nil, path: path))
            throw e
        }
    }

    /// Why a file was read as `format`: the `format` clause, the extension, or the content.
    package static func why(_ format: SnapshotFormat, given: Bool, path: String) -> String {
        if given { return "read as \(format.displayName) as the load statement says (format \(format.rawValue))" }
        if case .format = FormatChoice.hint(forPath: path) {
            let ext = URL(fileURLWithPath: path).pathExtension
            return "read as \(format.displayName) because the file name ends in .\(ext)"
        }
        return "read as \(format.displayName) from its first line (the file name does not say; `format …` in the load statement overrides)"
    }

    /// A snapshot name from a path: the file name without extension, made a valid identifier.
    public static func defaultName(for path: String) -> String {
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var out = ""
        for ch in base {
            if ch.isLetter || ch.isNumber || ch == "_" { out.append(ch) } else { out.append("_") }
        }
        if out.isEmpty || out.first!.isNumber { out = "s_" + out }
        return out
    }

    /// Decides the format from the first meaningful bytes, for files whose name does not say:
    /// `{`/`[` is JSON; `<` is XML; `dn:`/`version:` (after comments and lines of dashes) is LDIF;
    /// `Name : value` is Format-List; anything else is CSV.
    public static func detectFormat(_ input: InputFile) -> SnapshotFormat {
        let b = input.bytes
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1; continue }
            if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { return .json }
            if c == UInt8(ascii: "<") { return .xml }
            if c == UInt8(ascii: "#") {
                // `#TYPE` is PowerShell's CSV header; other comments are LDIF's.
                if hasPrefix(b, at: i, "#TYPE") { return .csv }
                while i < b.count && b[i] != 0x0A { i += 1 }
                continue
            }
            if hasPrefixCI(b, at: i, "dn:") || hasPrefixCI(b, at: i, "version:") { return .ldif }
            // A line of dashes separates records in some ldapsearch-style dumps; what follows decides.
            if isDashLine(b, at: i) {
                while i < b.count && b[i] != 0x0A { i += 1 }
                continue
            }
            return looksLikeFormatList(b, from: i) ? .list : .csv
        }
        return .csv
    }

    /// PowerShell's Format-List output: the first line is `Name<spaces>: value` with no delimiter
    /// before the colon run.
    private static func looksLikeFormatList(_ b: [UInt8], from start: Int) -> Bool {
        var i = start
        var sawName = false
        while i < b.count && b[i] != 0x0A {
            let c = b[i]
            if c == UInt8(ascii: ",") || c == UInt8(ascii: ";") || c == 0x09 || c == UInt8(ascii: "\"") { return false }
            if c == UInt8(ascii: ":") { return sawName && i > start && b[i - 1] == 0x20 }
            if c != 0x20 { sawName = true }
            i += 1
        }
        return false
    }

    /// A line of three or more dashes (and nothing else but trailing spaces).
    package static func isDashLine(_ b: [UInt8], at start: Int) -> Bool {
        var i = start, dashes = 0
        while i < b.count && b[i] == UInt8(ascii: "-") { i += 1; dashes += 1 }
        while i < b.count && (b[i] == 0x20 || b[i] == 0x0D) { i += 1 }
        return dashes >= 3 && (i == b.count || b[i] == 0x0A)
    }

    private static func hasPrefix(_ b: [UInt8], at i: Int, _ p: String) -> Bool {
        let u = Array(p.utf8)
        guard i + u.count <= b.count else { return false }
        return Array(b[i..<i + u.count]) == u
    }

    private static func hasPrefixCI(_ b: [UInt8], at i: Int, _ p: String) -> Bool {
        let u = Array(p.lowercased().utf8)
        guard i + u.count <= b.count else { return false }
        for k in 0..<u.count {
            var c = b[i + k]
            if c >= 0x41 && c <= 0x5A { c += 32 }
            if c != u[k] { return false }
        }
        return true
    }
}
