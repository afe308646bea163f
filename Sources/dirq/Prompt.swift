import Dirq
import DirqREPL
import Foundation

/// The interactive prompt's engine: runs statements through the session, completes with the
/// library's `Completer`, and handles the dot-commands (`.help`, `.load`, `.mode`, …).
final class DirqPrompt: PromptEngine {
    let session: Session
    var mode: OutputFormat
    var color: Bool
    var timer = false
    /// The previous result, for `.last`.
    var last: ResultTable?
    /// `.output FILE`: results collected here and written whole when `.output` ends or dirq exits.
    var outputPath: String?
    var outputBuffer = ""

    static let commands: [(String, String)] = [
        (".help", ".help [topic] — this overview, or one statement, clause, function, check or command"),
        (".load", ".load PATH [as NAME] — load an export (same as: load \"PATH\" as NAME)"),
        (".snapshots", ".snapshots — what is loaded: name, side, format, objects per kind, file, load time"),
        (".schema", ".schema [source] — attributes of a source with types, multi-valued flag and counts"),
        (".mode", ".mode table|csv|json|tsv|markdown|line — how results are shown (line: one attribute per line)"),
        (".timer", ".timer on|off — show how long each statement took"),
        (".output", ".output FILE — send results to FILE (written whole when .output ends); .output — back to the screen"),
        (".read", ".read SCRIPT — run a script file"),
        (".last", ".last — the previous result in full, nothing cut"),
        (".quit", ".quit — leave (Ctrl-D on an empty line does too)"),
    ]

    init(session: Session, mode: OutputFormat, color: Bool) {
        self.session = session
        self.mode = mode
        self.color = color
    }

    var banner: String {
        let snaps = session.snapshots.map { "\($0.name) (\($0.objects.count) objects, \($0.side.rawValue))" }
        let what = snaps.isEmpty ? "no snapshots loaded (load \"file\" or .load PATH)"
            : "\(snaps.count) snapshot\(snaps.count == 1 ? "" : "s"): " + snaps.joined(separator: ", ")
                + (session.currentName.map { "; current: \($0) (users, groups, contacts, objects read it; use NAME to change)" } ?? "")
        return "dirq 0.1 — \(what). .help for help"
    }

    // MARK: PromptEngine

    /// `dirq onprem> `: the snapshot that `users`, `groups`, `contacts` and `objects` read.
    var promptText: String {
        guard let name = session.currentName else { return "dirq> " }
        return "dirq \(name)> "
    }

    func incompleteReason(_ text: String) -> String? {
        if text.trimmingCharacters(in: .whitespaces).hasPrefix(".") { return nil }
        return Session.incompleteReason(text)
    }

    func completions(buffer: String, cursorLine: String, cursor: Int) -> (start: Int, candidates: [String]) {
        let c = Completer(session: session, dotCommands: Self.commands.map(\.0)).complete(buffer)
        let delta = buffer.utf8.count - cursor
        return (max(0, min(cursor, c.start - delta)), c.candidates)
    }

    func execute(_ text: String) -> Bool {
        session.cancellation.reset()
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return true }
        let start = Date()
        defer {
            if timer { message(String(format: "time: %.3f s", Date().timeIntervalSince(start))) }
        }
        if trimmed.hasPrefix(".") { return dotCommand(trimmed) }
        run(SourceText(name: "<prompt>", text: text), base: nil)
        return true
    }

    func interrupt() {
        session.cancellation.cancel()
    }

    /// Writes a pending `.output` file when the prompt ends.
    func finish() {
        if outputPath != nil { endOutput() }
    }

    // MARK: Running

    func run(_ source: SourceText, base: String?) {
        let renderer = DiagnosticRenderer(color: color)
        var first = true
        session.run(source, baseDirectory: base) { event in
            switch event {
            case .result(let table):
                last = table
                show(table, first: &first)
            case .report(let text):
                emit(text.hasSuffix("\n") ? text : text + "\n")
            case .document(let d):
                emit(mode.render(d))
            case .loaded(_, let line):
                message(line)
            case .info(let text):
                message("note: " + text)
            case .diagnostic(let d):
                if d.id == "eval.interrupted" { message("interrupted; everything loaded is still here") } else {
                    FileHandle.standardError.write(renderer.render(d, source: source))
                }
            }
        }
    }

    private func show(_ table: ResultTable, first: inout Bool) {
        if !first && mode == .table { emit("\n") }
        first = false
        if outputPath != nil {
            emit(mode.render(table))
            return
        }
        let size = Terminal.size()
        let cut = isatty(1) == 1
        emit(mode.render(table, maxWidth: cut && (mode == .table) ? size.columns : nil,
                         maxRows: cut && (mode == .table || mode == .line) ? max(10, size.rows - 6) : nil))
    }

    private func emit(_ text: String) {
        if outputPath != nil { outputBuffer += text } else { print(text, terminator: ""); fflush(nil) }
    }

    private func message(_ text: String) {
        FileHandle.standardError.write(text + "\n")
    }

    // MARK: Dot-commands

    private func dotCommand(_ line: String) -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let word = parts[0].lowercased()
        let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        let matches = Self.commands.map(\.0).filter { $0.hasPrefix(word) }
        guard let command = matches.count == 1 ? matches[0] : matches.first(where: { $0 == word }) else {
            message(matches.isEmpty ? "unknown command \(parts[0]); .help lists the commands"
                    : "\(parts[0]) is ambiguous: \(matches.joined(separator: ", "))")
            return true
        }
        switch command {
        case ".help": help(arg)
        case ".load":
            var path = arg, name = ""
            if let r = arg.range(of: " as ", options: .backwards) {
                path = String(arg[..<r.lowerBound])
                name = " as " + arg[r.upperBound...]
            }
            path = path.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            let quoted = path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            run(SourceText(name: "<prompt>", text: "load \"\(quoted)\"\(name)"), base: nil)
        case ".snapshots": snapshots()
        case ".schema": run(SourceText(name: "<prompt>", text: "describe " + (arg.isEmpty ? "objects" : arg)), base: nil)
        case ".mode":
            if let m = OutputFormat(rawValue: arg.lowercased()) { mode = m } else {
                message("modes: " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", ") + " (now \(mode.rawValue))")
            }
        case ".timer":
            switch arg.lowercased() {
            case "on": timer = true
            case "off": timer = false
            default: message("timer is \(timer ? "on" : "off"); .timer on|off")
            }
        case ".output":
            if outputPath != nil { endOutput() }
            if !arg.isEmpty {
                outputPath = (arg.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) as NSString).expandingTildeInPath
                outputBuffer = ""
                message("results now go to \(outputPath!) (written when .output ends or dirq exits)")
            }
        case ".read":
            let path = (arg.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) as NSString).expandingTildeInPath
            guard let data = FileManager.default.contents(atPath: path) else {
                message("cannot read \(path)")
                return true
            }
            run(SourceText(name: path, text: String(decoding: data, as: UTF8.self)), base: (path as NSString).deletingLastPathComponent)
        case ".last":
            guard let last else {
                message("no result yet")
                return true
            }
            emit(mode.render(last))
        case ".quit":
            return false
        default: break
        }
        return true
    }

    private func endOutput() {
        guard let path = outputPath else { return }
        if let problem = AtomicFile.write(outputBuffer, to: path) {
            message("cannot write \(path): \(problem)")
        } else {
            message("wrote \(path)")
        }
        outputPath = nil
        outputBuffer = ""
    }

    private func help(_ topic: String) {
        if topic.isEmpty {
            emit(Help.overview(dotCommands: Self.commands) + "\nPrompt commands (any unique prefix works):\n"
                 + Self.commands.map { "  " + $0.1 }.joined(separator: "\n") + "\n")
            return
        }
        let all = Help.topics(dotCommands: Self.commands)
        let t = topic.lowercased()
        let found = all.first { $0.0.lowercased() == t || $0.0.lowercased() == "." + t }
            ?? all.first { $0.0.lowercased().hasPrefix(t) }
        emit((found?.1 ?? "no help on '\(topic)'; .help lists the topics") + "\n")
    }

    private func snapshots() {
        let rows: [[Value]] = session.snapshots.map { s in
            let c = s.countsByKind
            return [.string(s.name + (s.name == session.currentName ? " *" : "")), .string(s.side.rawValue), .string(s.format.rawValue),
                    .int(Int64(s.objects.count)), .int(Int64(c[.user] ?? 0)), .int(Int64(c[.group] ?? 0)),
                    .int(Int64(c[.contact] ?? 0)), .int(Int64(s.warnings.count)), .string(s.path),
                    .string(String(format: "%.2f s", s.loadSeconds))]
        }
        let t = ResultTable(columns: ["snapshot", "side", "format", "objects", "users", "groups", "contacts", "warnings", "file", "load time"],
                            rows: rows)
        var first = true
        show(t, first: &first)
        if !rows.isEmpty { message("* = current (use NAME to change)") }
    }
}
