/// What the fuzz targets share: turning libFuzzer's buffer into bytes or text, running a loader
/// with the checks that hold for any input, and stopping loudly (a crash libFuzzer records) when
/// one does not.
@testable import Dirq
@testable import DirqModel

public enum FuzzSupport {
    /// The input as bytes. libFuzzer passes a null pointer for the empty input.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// The input as text: invalid UTF-8 becomes U+FFFD, as it does when a script file is read.
    public static func text(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String {
        String(decoding: bytes(data, size), as: UTF8.self)
    }

    /// Runs one loader on raw file bytes, the way `SnapshotLoader` does after reading a file.
    /// A `LoadError` is the expected answer to malformed input; anything else thrown, a located
    /// message without a real place, or a trap inside the reader is a bug.
    public static func load(_ format: SnapshotFormat, _ raw: [UInt8]) {
        let path = "fuzz." + format.rawValue
        var builder = SnapshotBuilder(path: path, format: format)
        do {
            let input = try InputFile.decode(path: path, data: raw)
            switch format {
            case .ldif: try LDIFReader.read(input, into: &builder)
            case .csv: try CSVReader.read(input, into: &builder)
            case .json: try JSONReader.read(input, into: &builder)
            case .xml: try CSExportReader.read(input, into: &builder)
            case .list: try FormatListReader.read(input, into: &builder)
            }
        } catch let e as LoadError {
            check(e.location, path: path, what: "error \(e.id)")
            return
        } catch {
            fatalError("\(format.rawValue) reader threw something other than a LoadError: \(error)")
        }
        let snapshot = builder.build(name: "fuzz")
        for w in snapshot.warnings { check(w.location, path: path, what: "warning \(w.id)") }
        // Whatever a reader produced must be usable: identities, every value as text, as a
        // group key and in a sort, and the snapshot as a result table in every output format.
        for o in snapshot.objects.prefix(50) {
            _ = snapshot.identity(of: o)
            _ = snapshot.upn(of: o)
            _ = snapshot.anchor(of: o)
            _ = snapshot.smtpAddresses(of: o)
            for f in o.fields {
                _ = f.value.text
                _ = GroupKey(f.value)
                _ = Compare.sortOrder(f.value, .string("m"))
            }
        }
        let session = Session()
        session.add(snapshot)
        _ = Session.describeLoad(snapshot)
        if let table = try? session.query("objects take 20") {
            for format in OutputFormat.allCases { _ = format.render(table, maxWidth: 60, maxRows: 10) }
        }
    }

    /// A located message points into the file: 1-based line and column, the file's own path.
    static func check(_ loc: SourceLocation, path: String, what: String) {
        if loc.line < 1 || loc.column < 1 || loc.file != path {
            fatalError("\(what) has a bad location \(loc)")
        }
    }
}
