/// CSV (RFC 4180) or TSV. Multi-valued cells are joined with `;`, as csvde and the usual
/// `-join ';'` re-export do, so the file loads back into dirq the same way.
public struct DelimitedRenderer: Sendable {
    public var separator: Character

    public init(separator: Character) { self.separator = separator }

    public func render(_ t: ResultTable) -> String {
        var out = t.columns.map(quote).joined(separator: String(separator)) + "\r\n"
        for r in t.rows {
            out += r.map { quote(cell($0)) }.joined(separator: String(separator)) + "\r\n"
        }
        return out
    }

    private func cell(_ v: Value) -> String {
        if case .list(let l) = v { return l.map(\.text).joined(separator: ";") }
        return v.text
    }

    private func quote(_ s: String) -> String {
        if separator == "\t" {
            return s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
                .replacingOccurrences(of: "\r", with: "")
        }
        guard s.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s.hasPrefix(" ") || s.hasSuffix(" ") else {
            return s
        }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
