import Dirq
import DirqREPL
import Foundation

/// The interactive prompt's engine: runs statements through the session, completes with the
/// library's `Completer`, and handles the dot-commands (`.help`, `.load`, `.mode`, …).
///
/// On a terminal a result is laid out by `ScreenLayout`: `.mode auto` (the default) shows a
/// table when it fits the width and one field per line when not; text taller than the screen
/// goes through the pager (`$PAGER`, else `less -FRSX`), or with `.pager off` is cut to the
/// screen as before. Nothing is paged or cut when standard output is not a terminal or while
/// `.output` collects results; nothing is paged (only cut) while `.read` runs a script or when
/// the statements come from a pipe.
final class DirqPrompt: PromptEngine {
    let session: Session
    var mode: DisplayMode
    var color: Bool
    /// The pager the environment names (nil: none), and why.
    let pager: Pager?
    let pagerSource: String
    /// `.pager on|off`; on by default when there is a pager.
    var paging: Bool
    /// Scripts being run by `.read` (their results are not paged).
    private var reading = 0
    var timer = false
    /// The previous result, for `.last`.
    var last: ResultTable?
    /// `.output FILE`: results collected here and written whole when `.output` ends or dirq exits.
    var outputPath: String?
    var outputBuffer = ""

    static let commands: [(String, String)] = [
        (".help", ".help [topic] — this overview, or one statement, source, clause, function, check, exercise or command"),
        (".load", ".load PATH [as NAME] — load an export (same as: load \"PATH\" as NAME)"),
        (".snapshots", ".snapshots — what is loaded: name, side, format, objects per kind, file, load time"),
        (".schema", ".schema [source] — attributes of a source with types, multi-valued flag and counts"),
        (".mode", ".mode auto|table|csv|json|tsv|markdown|line — how results are shown; auto (the default): a table when it fits the terminal's width, else one attribute per line (line); table: always a table, cells cut to the width"),
        (".pager", ".pager on|off — results taller than the terminal go through $PAGER (less -FRSX when PAGER is not set; none when it is empty); off: cut to the screen's height. .pager alone: which pager, on or off"),
        (".timer", ".timer on|off — show how long each statement took"),
        (".output", ".output FILE — send results to FILE (written whole when .output ends); .output — back to the screen"),
        (".read", ".read SCRIPT — run a script file"),
        (".last", ".last — the previous result in full, nothing cut"),
        (".quit", ".quit — leave (Ctrl-D on an empty line does too)"),
    ]

    init(session: Session, mode: DisplayMode, color: Bool, pager: (pager: Pager?, why: String) = Pager.configured()) {
        self.session = session
        self.mode = mode
        self.color = color
        self.pager = pager.pager
        self.pagerSource = pager.why
        self.paging = pager.pager != nil
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
        let c = Completer(session: session, dotCommands: Self.commands.map(\.0),
                          dotArguments: [".mode": DisplayMode.names, ".pager": ["on", "off"], ".timer": ["on", "off"],
                                         ".schema": ["users", "groups", "contacts", "objects"] + session.snapshots.map(\.name)])
            .complete(buffer)
        let delta = buffer.utf8.count - cursor
        return (max(0, min(cursor, c.start - delta)), c.candidates)
    }

    func execute(_ text: String) -> Bool {
        session.cancellation.reset()
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return true }
        let start = Date()
        defer {
            if timer { message("time: " + Elapsed.text(seconds: Date().timeIntervalSince(start))) }
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
                put(text.hasSuffix("\n") ? text : text + "\n")
            case .document(let d):
                // In auto mode the text a person reads; a fixed format renders the document its way.
                put(renderFormat.render(d))
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

    /// The format of what is not laid out for a screen: the fixed one, or a table for `auto`.
    private var renderFormat: OutputFormat {
        if case .fixed(let f) = mode { return f }
        return .table
    }

    /// The terminal results are laid out for; nil when they are not shown on one (standard
    /// output is a file or pipe, or `.output` collects them).
    private var screen: ScreenLayout? {
        guard outputPath == nil, isatty(1) == 1 else { return nil }
        let size = Terminal.size()
        // Statements read from a pipe (`dirq -i < script`) are a script too: never paged.
        return ScreenLayout(columns: size.columns, rows: size.rows,
                            paging: paging && pager != nil && reading == 0 && isatty(0) == 1)
    }

    private func show(_ table: ResultTable, first: inout Bool) {
        guard let screen else {
            // Not a terminal: what a script prints (auto is a table there).
            let format = renderFormat
            if !first && format == .table { emit("\n") }
            first = false
            emit(format.render(table))
            return
        }
        let out = screen.layout(table, mode: mode)
        if !first && out.format == .table { emit("\n") }
        first = false
        display(out)
    }

    /// Prints text that is not a table (a lesson, an explanation, help), through the pager
    /// when it is taller than the screen.
    private func put(_ text: String) {
        guard let screen else { return emit(text) }
        display(screen.layout(text: text))
    }

    private func display(_ out: ScreenLayout.Output) {
        guard out.paged, let pager else { return emit(out.text) }
        switch pager.show(out.text) {
        case .shown: break
        case .notStarted(let why):
            paging = false
            message("pager: \(why); paging is off now (.pager on tries again)")
            emit(out.text)
        }
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
            if let m = DisplayMode(name: arg) { mode = m } else {
                message("modes: " + DisplayMode.names.joined(separator: ", ") + " (now \(mode.name))")
            }
        case ".pager":
            switch arg.lowercased() {
            case "on":
                if pager == nil { message("no pager: \(pagerSource); results are cut to the screen") } else { paging = true }
            case "off": paging = false
            default:
                if let pager {
                    message("pager is \(paging ? "on" : "off"): \(pager.command)\(pager.fromEnvironment ? " (PAGER)" : ""); .pager on|off")
                } else {
                    message("pager is off: \(pagerSource); .pager on|off")
                }
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
            reading += 1
            defer { reading -= 1 }
            run(SourceText(name: path, text: String(decoding: data, as: UTF8.self)), base: (path as NSString).deletingLastPathComponent)
        case ".last":
            guard let last else {
                message("no result yet")
                return true
            }
            // Nothing cut; in auto mode a table wider than the screen is shown one field per line.
            var format = OutputFormat.table
            if case .fixed(let f) = mode { format = f } else if let screen, !TableRenderer.fits(last, columns: screen.columns) {
                format = .line
            }
            put(format.render(last))
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
            put(Help.overview(dotCommands: Self.commands) + "\nPrompt commands (any unique prefix works):\n"
                 + Self.commands.map { "  " + $0.1 }.joined(separator: "\n") + "\n")
            return
        }
        put((Help.page(topic, dotCommands: Self.commands) ?? "no help on '\(topic)'; .help lists the topics") + "\n")
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
