@testable import Dirq

extension Session {
    /// What running `text` shows, one string per line: result rows as comma-joined values, notes
    /// as `note: …`, diagnostics as `error: …`. For tests that hold two ways of asking to one answer.
    func lines(_ text: String) -> [String] {
        var out: [String] = []
        run(SourceText(name: "t.dirq", text: text)) { e in
            switch e {
            case .info(let i): out.append("note: " + i)
            case .result(let t): out += t.rows.map { $0.map(\.text).joined(separator: ",") }
            case .diagnostic(let d): out.append("error: " + d.message)
            default: break
            }
        }
        return out
    }
}
