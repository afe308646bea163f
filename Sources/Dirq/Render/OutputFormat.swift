import DirqModel
import DirqSyntax
import DirqEngine

/// The output formats of results.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, json, tsv, markdown, line

    /// Renders a table in this format. `maxWidth`/`maxRows` limit a terminal table (never other formats).
    public func render(_ t: ResultTable, maxWidth: Int? = nil, maxRows: Int? = nil) -> String {
        switch self {
        case .table: return TableRenderer(maxWidth: maxWidth, maxRows: maxRows).render(t)
        case .csv: return DelimitedRenderer(separator: ",").render(t)
        case .tsv: return DelimitedRenderer(separator: "\t").render(t)
        case .json: return JSONRenderer().render(t)
        case .markdown: return MarkdownRenderer().render(t)
        case .line: return LineRenderer().render(t)
        }
    }
}
