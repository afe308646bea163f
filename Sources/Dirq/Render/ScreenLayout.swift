/// How the interactive prompt shows results (`.mode`): one of the output formats, or `auto`,
/// the default at a terminal, which shows a table when it fits the terminal's width and one
/// field per line (`line`) when it does not, as psql's `\x auto` does.
public enum DisplayMode: Equatable, Sendable {
    case auto
    case fixed(OutputFormat)

    /// `auto`, `table`, `csv`, …: what `.mode` accepts, in the order its help lists them.
    public static let names = ["auto"] + OutputFormat.allCases.map(\.rawValue)

    public init?(name: String) {
        let n = name.lowercased()
        if n == "auto" {
            self = .auto
        } else if let f = OutputFormat(rawValue: n) {
            self = .fixed(f)
        } else {
            return nil
        }
    }

    public var name: String {
        switch self {
        case .auto: return "auto"
        case .fixed(let f): return f.rawValue
        }
    }
}

/// One result laid out for a terminal of `columns` × `rows` at the prompt: which format it is
/// shown in, and whether it goes through the pager or is cut to fit the screen.
///
/// - `auto` picks a table when the table's natural width (every cell whole) fits in `columns`,
///   else `line`. A result without rows stays a table: its header is all there is to see.
/// - A table is always cut to the terminal's width (cells end in `…`); that is what `.mode table`
///   forces. Other formats are never cut across.
/// - With `paging`, nothing is cut down: text with more display rows than the screen (the
///   prompt's line included) is marked `paged`, for the prompt to hand to its pager.
///   Without it (`.pager off`, or no pager to run), a table or `line` result is cut to the
///   screen's height with a note of how many rows were left out, as it always was.
public struct ScreenLayout: Sendable, Equatable {
    public var columns: Int
    public var rows: Int
    public var paging: Bool

    public init(columns: Int, rows: Int, paging: Bool) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        self.paging = paging
    }

    /// What the prompt prints (or pages) for one result.
    public struct Output: Sendable, Equatable {
        public var text: String
        /// The format `auto` chose (or the fixed one).
        public var format: OutputFormat
        /// True: taller than the screen, and paging is on.
        public var paged: Bool
    }

    /// Rows of a table (or objects of `line`) shown when a result is cut: the screen less room
    /// for the header, the footer, the note and the prompt; never fewer than 10 rows of a table.
    var cutRows: Int { max(10, rows - 6) }

    public func layout(_ t: ResultTable, mode: DisplayMode) -> Output {
        let format: OutputFormat
        switch mode {
        case .fixed(let f): format = f
        case .auto: format = t.rows.isEmpty || TableRenderer.fits(t, columns: columns) ? .table : .line
        }
        let text: String
        switch format {
        case .table:
            text = TableRenderer(maxWidth: columns, maxRows: paging ? nil : cutRows).render(t)
        case .line:
            // An object takes a line per column and a blank line.
            let objects = max(1, (rows - 4) / (t.columns.count + 1))
            text = LineRenderer(maxRows: paging ? nil : objects).render(t)
        default:
            text = format.render(t)
        }
        return Output(text: text, format: format, paged: paging && isTaller(text))
    }

    /// Text that is not a result (a lesson, an explanation, the help): paged when it is taller
    /// than the screen and paging is on, else printed whole.
    public func layout(text: String) -> Output {
        Output(text: text, format: .table, paged: paging && isTaller(text))
    }

    /// Whether `text` needs more lines than the screen has above the prompt.
    public func isTaller(_ text: String) -> Bool {
        displayRows(text, limit: rows) >= rows
    }

    /// Screen lines `text` takes on a terminal `columns` wide (a long line wraps), counted up
    /// to `limit`.
    func displayRows(_ text: String, limit: Int) -> Int {
        // Split on the byte: CSV ends its lines in CR LF, which a String keeps as one Character.
        let bytes = text.utf8
        var n = 0
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            // Only lines that may be wider than the screen are measured.
            let length = bytes.distance(from: start, to: end)
            let w = length <= columns ? 1 : TextWidth.columns(String(decoding: bytes[start..<end], as: UTF8.self))
            n += max(1, (w + columns - 1) / columns)
            if n >= limit { return n }
            start = end == bytes.endIndex ? end : bytes.index(after: end)
        }
        return n
    }
}

extension TableRenderer {
    /// Whether `t` drawn with every cell whole is at most `columns` wide (it stops measuring
    /// as soon as it is not).
    public static func fits(_ t: ResultTable, columns: Int) -> Bool {
        var widths = t.columns.map(TextWidth.columns)
        let separators = 2 * max(0, widths.count - 1)
        var total = widths.reduce(0, +) + separators
        if total > columns { return false }
        for r in t.rows {
            for (i, v) in r.enumerated() where i < widths.count {
                let w = TextWidth.columns(cellText(v))
                if w > widths[i] {
                    total += w - widths[i]
                    widths[i] = w
                    if total > columns { return false }
                }
            }
        }
        return true
    }
}
