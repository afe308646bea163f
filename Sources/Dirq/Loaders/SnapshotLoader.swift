import Foundation

/// Loads export files into snapshots: detects the format from content (overridable), runs the
/// format's reader and builds the snapshot.
public enum SnapshotLoader {
    /// Reads a file. `format` and `side` override detection; `name` defaults to the file name
    /// without extension. With a `projection`, only the values of the attributes it names are
    /// kept. A file that clearly cannot fit in `memory` is a `file.too-large` error, before it is
    /// read and (for a whole load) again before the snapshot is built (`MemoryBudget`).
    public static func load(path: String, name: String? = nil, format: SnapshotFormat? = nil,
                            side: Side? = nil, projection: Projection? = nil,
                            memory: MemoryBudget = .system) throws -> Snapshot {
        let start = Date()
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int {
            try memory.checkRead(path: path, size: size)
        }
        let input = try InputFile.read(path: path)
        let fmt = format ?? detectFormat(input)
        // The build factors are measured on whole loads; a projected one takes far less.
        if projection == nil { try memory.checkBuild(path: path, size: input.bytes.count, format: fmt) }
        var builder = SnapshotBuilder(path: path, format: fmt)
        // Connector-space XML and Format-List exports are small and read whole.
        if fmt != .xml && fmt != .list { builder.projection = projection }
        switch fmt {
        case .ldif: try LDIFReader.read(input, into: &builder)
        case .csv: try CSVReader.read(input, into: &builder)
        case .json: try JSONReader.read(input, into: &builder)
        case .xml: try CSExportReader.read(input, into: &builder)
        case .list: try FormatListReader.read(input, into: &builder)
        }
        var snapshot = builder.build(name: name ?? defaultName(for: path), side: side)
        snapshot.loadSeconds = Date().timeIntervalSince(start)
        return snapshot
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

    /// Decides the format from the first meaningful bytes: `{`/`[` is JSON; `dn:`/`version:` (after
    /// comments) is LDIF; anything else is CSV.
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
