import DirqModel
import DirqSyntax
import DirqEngine

/// CSV (RFC 4180) or TSV. Multi-valued cells are joined with `;`, as csvde and the usual
/// `-join ';'` re-export do, so the file loads back into dirq the same way.
public struct DelimitedRenderer: Sendable {
    public var separator: Character

    public init(separator: Character) { self.separator = separator }

    public func render(_ t: ResultTable) -> String {
        var out = t.columns.map(quote).joined(separator: String(separator)) + "\r\n"
        for r in t.rows {
            // A lone empty cell would be an empty line, which readers skip: quote it.
            if r.count == 1, cell(r[0]).isEmpty, separator != "\t" {
                out += "\"\"\r\n"
                continue
            }
            out += r.map { quote(cell($0)) }.joined(separator: String(separator)) + "\r\n"
        }
        return out
    }

    private func cell(_ v: Value) -> String {
        if case .list(let l) = v { return l.map(\.text).joined(separator: ";") }
        return v.text
    }

    /// Quoting works on Unicode scalars, not Characters: CR LF is one Character, and so is a
    /// delimiter or quote followed by a combining mark — they must still be seen.
    private func quote(_ s: String) -> String {
        let sep = separator.unicodeScalars.first!
        if separator == "\t" {
            var out = String.UnicodeScalarView()
            for u in s.unicodeScalars {
                switch u {
                case "\t", "\n": out.append(" ")
                case "\r": break
                default: out.append(u)
                }
            }
            return String(out)
        }
        guard s.unicodeScalars.contains(where: { $0 == sep || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                || s.hasPrefix(" ") || s.hasSuffix(" ") else {
            return s
        }
        var out = String.UnicodeScalarView()
        out.append("\"")
        for u in s.unicodeScalars {
            if u == "\"" { out.append("\"") }
            out.append(u)
        }
        out.append("\"")
        return String(out)
    }
}
