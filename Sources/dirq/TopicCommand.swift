import ArgumentParser
import Dirq

/// `dirq topic [NAME]`: the same help pages as `.help` at the prompt.
struct TopicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topic",
        abstract: "Show a help page: a statement, source, clause, function, check, exercise or prompt command (as .help does)."
    )

    @Argument(help: "The topic, e.g. join, group, upnproblem, duplicate-upn, users, .mode. Without one: the overview.")
    var name: String?

    func run() throws {
        guard let name else {
            print(Help.overview(dotCommands: DirqPrompt.commands), terminator: "")
            return
        }
        guard let page = Help.page(name, dotCommands: DirqPrompt.commands) else {
            throw ValidationError("no help page '\(name)'; topics: "
                + Help.topicNames(dotCommands: DirqPrompt.commands).joined(separator: ", "))
        }
        print(page)
    }
}

/// `dirq manual`: a man page (roff) built from the same help text.
struct ManualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manual",
        abstract: "Print dirq's man page (roff): dirq manual > dirq.1; man ./dirq.1"
    )

    func run() throws {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "\\", with: "\\\\").split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(".") || $0.hasPrefix("'") ? "\\&" + $0 : String($0) }.joined(separator: "\n")
        }
        var out = ".TH DIRQ 1 \"2026\" \"dirq 0.1\" \"User Commands\"\n.SH NAME\ndirq \\- query AD and Entra ID exports to find why directory sync fails\n"
        out += ".SH SYNOPSIS\n.B dirq\n[\\-e STATEMENT]... [\\-\\-format FORMAT] [\\-i] [FILE|SCRIPT.dirq]...\n"
        out += ".SH DESCRIPTION\n" + esc(Help.overview(dotCommands: DirqPrompt.commands)) + "\n"
        for (title, list) in [("STATEMENTS", Help.statements), ("CLAUSES", Help.clauses),
                              ("FUNCTIONS", Function.allCases.map { ($0.rawValue, $0.summary) }),
                              ("CHECKS", Checks.all.map { ($0.name, "\($0.title). What you see: \($0.reported)") }),
                              ("EXERCISES", Exercises.all.map { ($0.name, $0.task) }),
                              ("PROMPT COMMANDS", DirqPrompt.commands)] {
            out += ".SH \(title)\n"
            for (name, text) in list { out += ".TP\n.B \(esc(name))\n\(esc(text))\n" }
        }
        out += ".SH OPERATORS\n.nf\n" + esc(Help.operators) + "\n.fi\n"
        out += ".SH EXIT STATUS\n0 success; 1 a check found an error-severity problem; 64 usage error; 65 query or data error (a file that does not load ends the script); 66 a script cannot be read; 70 internal error; 73 the --output file cannot be written.\n"
        print(out, terminator: "")
    }
}
