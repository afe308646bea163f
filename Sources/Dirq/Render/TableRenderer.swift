import DirqModel
import DirqSyntax
import DirqEngine

/// Aligned text columns for reading at a terminal. Multi-valued cells are joined with `; `.
/// When limits are given (a terminal), long cells and long row lists are cut and a footer says so;
/// without limits nothing is cut.
public struct TableRenderer: Sendable {
    public var maxWidth: Int?
    public var maxRows: Int?

    public init(maxWidth: Int? = nil, maxRows: Int? = nil) {
        self.maxWidth = maxWidth
        self.maxRows = maxRows
    }

    public func render(_ t: ResultTable) -> String {
        var rows = t.rows
        var cutRows = 0
        if let maxRows, rows.count > maxRows {
            cutRows = rows.count - maxRows
            rows = Array(rows.prefix(maxRows))
        }
        var cells = rows.map { $0.map { Self.cellText($0) } }
        // Widths in terminal columns (grapheme clusters, wide characters two), not UTF-16 units.
        var widths = t.columns.map(TextWidth.columns)
        for r in cells {
            for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], TextWidth.columns(c)) }
        }
        var cutCells = 0
        if let maxWidth {
            // Shrink the widest columns until the line fits; keep at least 8 characters a column.
            let sep = 2 * max(0, widths.count - 1)
            while widths.reduce(0, +) + sep > maxWidth {
                guard let i = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[i] > 8 else { break }
                widths[i] -= 1
            }
            for r in cells.indices {
                for c in cells[r].indices where TextWidth.columns(cells[r][c]) > widths[c] {
                    cells[r][c] = TextWidth.prefix(cells[r][c], columns: max(1, widths[c] - 1)) + "…"
                    cutCells += 1
                }
            }
        }
        var out = ""
        func line(_ items: [String]) {
            var s = ""
            for (i, item) in items.enumerated() {
                if i > 0 { s += "  " }
                s += i == items.count - 1 ? item : TextWidth.pad(item, to: widths[i])
            }
            while s.hasSuffix(" ") { s.removeLast() }
            out += s + "\n"
        }
        line(t.columns.enumerated().map { i, c in TextWidth.prefix(c, columns: widths[i]) })
        line(widths.map { String(repeating: "-", count: $0) })
        for r in cells { line(r) }
        out += "(\(t.rows.count) row\(t.rows.count == 1 ? "" : "s"))\n"
        if cutRows > 0 || cutCells > 0 {
            var what: [String] = []
            if cutRows > 0 { what.append("\(cutRows) more row\(cutRows == 1 ? "" : "s") not shown") }
            if cutCells > 0 { what.append("\(cutCells) cell\(cutCells == 1 ? "" : "s") cut to fit the terminal (…)") }
            out += "[" + what.joined(separator: "; ") + " — see all with .last, .mode line, or --format csv]\n"
        }
        return out
    }

    /// A cell on one line: control characters shown as escapes, lists joined by `; `.
    static func cellText(_ v: Value) -> String {
        var s = v.text
        if s.contains(where: { $0.isNewline || $0 == "\t" }) {
            s = s.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
                .replacingOccurrences(of: "\t", with: "\\t")
        }
        return s
    }
}

/// One attribute per line, objects separated by a blank line: for wide objects (`.mode line`).
/// With `maxRows` (the prompt with its pager off) only that many objects are shown, and a
/// footer says how many were left out.
public struct LineRenderer: Sendable {
    public var maxRows: Int?

    public init(maxRows: Int? = nil) {
        self.maxRows = maxRows
    }

    public func render(_ t: ResultTable) -> String {
        let w = t.columns.map(TextWidth.columns).max() ?? 0
        var out = ""
        let shown = min(t.rows.count, maxRows ?? t.rows.count)
        for (n, r) in t.rows.prefix(shown).enumerated() {
            if n > 0 { out += "\n" }
            for (i, c) in t.columns.enumerated() {
                let pad = String(repeating: " ", count: w - TextWidth.columns(c))
                out += "\(pad)\(c) = \(TableRenderer.cellText(r[i]))\n"
            }
        }
        out += "(\(t.rows.count) row\(t.rows.count == 1 ? "" : "s"))\n"
        if shown < t.rows.count {
            let cut = t.rows.count - shown
            out += "[\(cut) more row\(cut == 1 ? "" : "s") not shown — see all with .last, .pager on, or --format csv]\n"
        }
        return out
    }
}

/// GitHub-flavoured Markdown tables, for pasting into tickets.
public struct MarkdownRenderer: Sendable {
    public init() {}

    public func render(_ t: ResultTable) -> String {
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var out = "| " + t.columns.map(esc).joined(separator: " | ") + " |\n"
        out += "|" + t.columns.map { _ in " --- |" }.joined() + "\n"
        for r in t.rows { out += "| " + r.map { esc(TableRenderer.cellText($0)) }.joined(separator: " | ") + " |\n" }
        return out
    }
}
