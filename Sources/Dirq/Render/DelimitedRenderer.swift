import DirqModel
import DirqSyntax
import DirqEngine

/// CSV (RFC 4180) or TSV. Multi-valued cells are joined with `;`, as csvde and the usual
/// `-join ';'` re-export do, so the file loads back into dirq the same way.
public struct DelimitedRenderer: Sendable {
    public var separator: Character

    public init(separator: Character) { self.separator = separator }

    public func render(_ t: ResultTable) -> String {
        // Built as UTF-8 bytes: the delimiter, quote, CR, LF and TAB are ASCII, and a byte below
        // 0x80 is never part of a longer UTF-8 sequence, so a byte scan sees exactly the scalars
        // (a CR LF or a delimiter followed by a combining mark is still seen; Characters would not).
        var out: [UInt8] = []
        let sep = separator.asciiValue ?? UInt8(ascii: ",")
        func line(_ cells: [String]) {
            for (k, c) in cells.enumerated() {
                if k > 0 { out.append(sep) }
                quote(c, separator: sep, into: &out)
            }
            out.append(0x0D)
            out.append(0x0A)
        }
        line(t.columns)
        for r in t.rows {
            // A lone empty cell would be an empty line, which readers skip: quote it.
            if r.count == 1, cell(r[0]).isEmpty, separator != "\t" {
                out += [0x22, 0x22, 0x0D, 0x0A]
                continue
            }
            line(r.map(cell))
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func cell(_ v: Value) -> String {
        if case .list(let l) = v { return l.map(\.text).joined(separator: ";") }
        return v.text
    }

    /// Appends `s` as one field: TSV turns TAB and LF into spaces and drops CR; CSV quotes a field
    /// that holds the delimiter, a quote, CR or LF, or starts or ends with a space.
    private func quote(_ s: String, separator sep: UInt8, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { b in
            let (tab, lf, cr, quote, space): (UInt8, UInt8, UInt8, UInt8, UInt8) = (0x09, 0x0A, 0x0D, 0x22, 0x20)
            if sep == tab {
                for u in b {
                    switch u {
                    case tab, lf: out.append(space)
                    case cr: break
                    default: out.append(u)
                    }
                }
                return
            }
            var quoted = b.first == space || b.last == space
            for u in b where u == sep || u == quote || u == lf || u == cr {
                quoted = true
                break
            }
            guard quoted else {
                out.append(contentsOf: b)
                return
            }
            // The runs between quotes appended whole (a DN is quoted for its commas, and byte
            // by byte its appends were most of writing a result of thirty thousand objects).
            out.append(quote)
            var start = 0
            for i in b.indices where b[i] == quote {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start...i]))
                out.append(quote)
                start = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start...]))
            out.append(quote)
        }
    }
}
