import DirqModel

/// A problem found in a script or while running it: data, not text. Rendering is a separate step
/// (`DiagnosticRenderer`), so tests can pin both the facts and the wording.
public struct Diagnostic: Error, Sendable, Hashable {
    public enum Severity: String, Sendable { case error, warning, note }

    /// A stable identifier (`parse.expected-expression`, `bind.unknown-attribute`, `load.file`…).
    public var id: String
    public var severity: Severity
    public var message: String
    /// Where in `source` the problem is (UTF-8 byte offsets); nil for problems with no place in a script.
    public var range: Range<Int>?
    /// The script text the range points into.
    public var sourceName: String
    /// Extra lines: "did you mean …?", what was expected, how to fix.
    public var notes: [String]
    /// True when the input simply ended too early: the prompt shows a continuation line instead.
    public var isIncomplete: Bool
    /// For data errors: the file location, already resolved by the loader.
    public var fileLocation: SourceLocation?

    public init(_ id: String, _ severity: Severity = .error, _ message: String, range: Range<Int>?,
                sourceName: String, notes: [String] = [], isIncomplete: Bool = false,
                fileLocation: SourceLocation? = nil) {
        self.id = id
        self.severity = severity
        self.message = message
        self.range = range
        self.sourceName = sourceName
        self.notes = notes
        self.isIncomplete = isIncomplete
        self.fileLocation = fileLocation
    }

    public static func == (a: Diagnostic, b: Diagnostic) -> Bool {
        a.id == b.id && a.message == b.message && a.range == b.range && a.notes == b.notes
    }

    public func hash(into h: inout Hasher) {
        h.combine(id)
        h.combine(message)
    }
}

/// Formats diagnostics compiler-style:
///
///     script.dirq:3:16: error: unknown attribute 'usrPrincipalName'
///       3 | users group by usrPrincipalName
///         |                ^~~~~~~~~~~~~~~~
///       = did you mean 'userPrincipalName'?
public struct DiagnosticRenderer: Sendable {
    public var color: Bool

    public init(color: Bool = false) { self.color = color }

    public func render(_ d: Diagnostic, source: SourceText?) -> String {
        let sev = paint(d.severity.rawValue, d.severity == .error ? "1;31" : d.severity == .warning ? "1;35" : "1;36")
        var out = ""
        if let loc = d.fileLocation {
            out = "\(loc): \(sev): \(d.message)\n"
        } else if let range = d.range, let source, source.name == d.sourceName, range.lowerBound <= source.bytes.count,
                  range.upperBound <= source.bytes.count {
            let (line, col) = source.lineAndColumn(range.lowerBound)
            out = "\(source.name):\(line):\(col): \(sev): \(d.message)\n"
            var text = source.line(line)
            let num = String(line)
            let pad = String(repeating: " ", count: num.count)
            // Caret under the span, within the line; columns count characters of the line's text.
            let lineStartOffset = range.lowerBound - (col - 1)
            var prefix = String(decoding: source.bytes[lineStartOffset..<range.lowerBound], as: UTF8.self)
            let spanEnd = min(range.upperBound, lineStartOffset + text.utf8.count)
            let spanText = spanEnd > range.lowerBound ? source.slice(range.lowerBound..<spanEnd) : ""
            var width = max(1, spanText.count)
            // Very long lines (generated or hostile input) show a window around the problem.
            if text.count > 120 {
                let before = prefix.count
                let start = max(0, before - 50)
                let chars = Array(text)
                let end = min(chars.count, before + min(width, 60) + 20)
                text = (start > 0 ? "…" : "") + String(chars[start..<end]) + (end < chars.count ? "…" : "")
                prefix = (start > 0 ? " " : "") + String(chars[start..<before])
                width = min(width, 60)
            }
            out += " \(num) | \(text)\n"
            let indent = String(prefix.map { $0 == "\t" ? "\t" : " " })
            out += " \(pad) | \(indent)" + paint("^" + String(repeating: "~", count: width - 1), "1;32") + "\n"
        } else {
            out = "\(d.sourceName): \(sev): \(d.message)\n"
        }
        for note in d.notes { out += "  = \(note)\n" }
        return out
    }

    private func paint(_ s: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }
}
