import Foundation

/// Which reader a file goes to. The file's extension is the strongest hint an administrator
/// gives: `onprem.ldif` is LDIF even when its first record is broken, and it must fail with an
/// LDIF error at the broken line, not be read as a one-column CSV. Content decides only for
/// names that say nothing (`.txt`, `.out`, no extension), and a file that is in no format dirq
/// reads (a workbook, a PDF, an archive, binary data) is an error that lists the formats.
///
/// Error ids: `file.unsupported` (an extension or content dirq does not read).
public enum FormatChoice {
    /// What the extension of `path` says, lower-cased: a format, a known foreign file, or
    /// nothing (`.txt`, `.log`, no extension, anything unknown).
    public enum Hint: Equatable, Sendable {
        case format(SnapshotFormat)
        /// A file type dirq does not read, described for the message (`an Excel workbook`).
        case foreign(String)
        case none
    }

    /// Extensions that name one of dirq's formats.
    package static let formatByExtension: [String: SnapshotFormat] = [
        "ldif": .ldif, "ldf": .ldif, "json": .json, "csv": .csv, "xml": .xml,
    ]

    /// Extensions of files that are no export dirq reads, with what they are.
    package static let foreignExtensions: [String: String] = [
        "xlsx": "an Excel workbook", "xls": "an Excel workbook", "xlsm": "an Excel workbook",
        "ods": "a spreadsheet", "pdf": "a PDF document", "docx": "a Word document", "doc": "a Word document",
        "zip": "a ZIP archive", "gz": "a gzip archive", "7z": "a 7-Zip archive", "rar": "a RAR archive",
        "cab": "a cabinet archive", "evtx": "a Windows event log", "pst": "an Outlook data file",
        "html": "a web page", "htm": "a web page", "png": "an image", "jpg": "an image", "jpeg": "an image",
    ]

    /// The formats dirq reads, for messages.
    public static let formatList =
        "LDIF (.ldif, .ldf), CSV (.csv), JSON (.json), csexport XML (.xml) and PowerShell Format-List text (.txt)"

    /// What the file name says.
    public static func hint(forPath path: String) -> Hint {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        if let f = formatByExtension[ext] { return .format(f) }
        if let what = foreignExtensions[ext] { return .foreign(what) }
        return .none
    }

    /// The reader for a file: the extension's format, else the content's. Throws
    /// `file.unsupported` for a foreign extension or for content that is binary (whatever the
    /// extension: a workbook saved as `.csv` is still a workbook).
    public static func choose(_ input: InputFile) throws -> SnapshotFormat {
        let at = SourceLocation(file: input.path, line: 1, column: 1)
        if let what = binaryContent(input.bytes) {
            throw LoadError("file.unsupported", at: at, "the file is \(what), not an export dirq reads",
                            hint: "dirq reads \(formatList); save the data in one of those (for a workbook: Save As CSV)")
        }
        switch hint(forPath: input.path) {
        case .format(let f): return f
        case .foreign(let what):
            throw LoadError("file.unsupported", at: at, "the file name says \(what), not an export dirq reads",
                            hint: "dirq reads \(formatList); save the data in one of those, or say which it is: load \"…\" format csv")
        case .none: return SnapshotLoader.detectFormat(input)
        }
    }

    /// What binary content is, by its first bytes (magic numbers, or a NUL byte in the first
    /// 4 KiB, which no text export has once decoded); nil for text.
    package static func binaryContent(_ b: [UInt8]) -> String? {
        if b.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a ZIP archive (an Excel workbook or Word document is one)" }
        if b.starts(with: Array("%PDF".utf8)) { return "a PDF document" }
        if b.starts(with: [0x1F, 0x8B]) { return "a gzip archive" }
        if b.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return "an old Office document (a .xls or .doc workbook)" }
        if b.prefix(4096).contains(0) { return "binary data (it contains NUL bytes)" }
        return nil
    }

    /// A hint for an error of the extension's reader when the content looks like another
    /// format: the file may simply be misnamed.
    package static func misnamedHint(_ input: InputFile, readAs format: SnapshotFormat) -> String? {
        let content = SnapshotLoader.detectFormat(input)
        // Content detection falls back to CSV for anything; only a positive sign counts.
        guard content != format, content != .csv else { return nil }
        return "the content looks like \(content.displayName); if it is, rename the file or load it with: format \(content.rawValue)"
    }
}

extension SnapshotFormat {
    /// The name of the format in messages.
    public var displayName: String {
        switch self {
        case .ldif: return "LDIF"
        case .csv: return "CSV"
        case .json: return "JSON"
        case .xml: return "csexport XML"
        case .list: return "PowerShell Format-List text"
        }
    }
}
