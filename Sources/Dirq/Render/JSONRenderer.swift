import Foundation
import DirqModel
import DirqSyntax
import DirqEngine

/// A JSON array of objects, one per row, keys in column order. Lists stay arrays, records stay
/// objects, bytes are base64 strings, dates ISO 8601 strings.
public struct JSONRenderer: Sendable {
    public init() {}

    public func render(_ t: ResultTable) -> String {
        var out = "[\n"
        for (n, r) in t.rows.enumerated() {
            out += "  {"
            for (i, c) in t.columns.enumerated() {
                out += (i == 0 ? "" : ", ") + Self.string(c) + ": " + Self.json(r[i])
            }
            out += "}" + (n == t.rows.count - 1 ? "\n" : ",\n")
        }
        return out + "]\n"
    }

    static func json(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .string(let s): return string(s)
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)) : "null"
        case .bool(let b): return b ? "true" : "false"
        case .date, .bytes, .guid, .sid, .duration: return string(v.text)
        case .list(let l): return "[" + l.map(json).joined(separator: ", ") + "]"
        case .record(let r):
            return "{" + r.fields.map { string($0.name) + ": " + json($0.value) }.joined(separator: ", ") + "}"
        }
    }

    static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
