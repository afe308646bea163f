import DirqModel
import DirqSyntax
import DirqEngine

extension Lesson {
    /// The lesson as `lesson NAME` prints it at the prompt.
    public var text: String {
        var out = "\(name): \(title)\n"
        out += "What you see: \(reported)\n\n\(explanation)\n\n"
        if let sample {
            out += "On the sample tenant (\(sample.snapshots.joined(separator: " + "))):\n\n    dirq> \(sample.query)\n\n"
            if let table = sample.result {
                out += OutputFormat.table.render(table).split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
            } else {
                out += "    (the query could not run here: \(sample.error ?? ""))\n"
            }
            out += "\n"
        }
        out += "Find every case: check \(name)\n\nFix: \(fix)\n\nPowerShell to review (dirq never runs it):\n"
        out += powershell.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
        return out
    }

    /// The list `lesson` prints.
    public static func text(_ entries: [Entry]) -> String {
        var out = "Lessons — one for each conflict pattern dirq checks (lesson NAME to read one):\n\n"
        let w = entries.map(\.name.count).max() ?? 0
        for e in entries { out += "  \(TextWidth.pad(e.name, to: w))  \(e.title)\n" }
        return out
    }
}
