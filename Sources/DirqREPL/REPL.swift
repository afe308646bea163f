import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// dirq's read-eval-print loop over any `PromptEngine`.
///
/// On a terminal: libedit line editing with the `dirq> ` / ` ...> ` prompts, completion,
/// history kept in a file, Ctrl-C dropping the statement being typed or interrupting the one
/// running, Ctrl-D on an empty line to leave.
///
/// Otherwise (stdin is a file or a pipe): no libedit, no prompt, no history. Lines are read
/// and collected into statements exactly as at the prompt and run in order; an unfinished
/// statement at end of input is still given to `execute`, so the engine reports it. Ctrl-C
/// during a statement interrupts it and stops the run (a script should not go on after it).
public struct REPL {
    public let engine: PromptEngine
    /// The history file; nil for none.
    public let historyPath: String?
    /// Printed once before the first prompt (interactive only).
    public let banner: String?

    /// - Parameters:
    ///   - historyPath: defaults to `$DIRQ_HISTORY` or `~/.dirq_history`.
    public init(engine: PromptEngine, historyPath: String? = HistoryFile.defaultPath(), banner: String? = nil) {
        self.engine = engine
        self.historyPath = historyPath
        self.banner = banner
    }

    /// Runs until Ctrl-D, end of input, or `execute` returns false.
    public func run() {
        if isatty(STDIN_FILENO) != 0, let output = terminalOutput() {
            TerminalLocale.ensureUTF8()
            let saved = Interrupts.install()
            defer { Interrupts.uninstall(saved) }
            if let editor = LineEditor(engine: engine, output: output, historyLimit: HistoryFile.defaultLimit) {
                runInteractive(editor, output: output)
                return
            }
        }
        runPiped { readLine(strippingNewline: true) }
    }

    /// Where the prompt goes: stdout on a terminal; stderr when stdout is redirected but
    /// stderr is a terminal (`dirq | tee log` still gets a prompt, and the log no prompts).
    private func terminalOutput() -> UnsafeMutablePointer<FILE>? {
        if isatty(STDOUT_FILENO) != 0 { return dirq_stdout() }
        if isatty(STDERR_FILENO) != 0 { return dirq_stderr() }
        return nil
    }

    private func runInteractive(_ editor: LineEditor, output: UnsafeMutablePointer<FILE>) {
        let file = historyPath.map { HistoryFile(path: $0) }
        editor.loadHistory(file?.load() ?? [])
        if let banner {
            fputs(banner.hasSuffix("\n") ? banner : banner + "\n", output)
            fflush(output)
        }
        var warnedAboutHistory = false
        while true {
            switch editor.readStatement() {
            case .endOfInput:
                return
            case .interrupted:
                continue
            case .statement(let text):
                editor.addHistory(text)
                do {
                    try file?.append(text)
                } catch {
                    if !warnedAboutHistory {
                        fputs("dirq: warning: \(error); history is not being saved\n", dirq_stderr())
                        warnedAboutHistory = true
                    }
                }
                let (keepGoing, _) = Interrupts.whileExecuting(engine) { engine.execute(text) }
                fflush(dirq_stdout())
                if !keepGoing { return }
            }
        }
    }

    /// The non-terminal loop, reading lines from `nextLine` until it returns nil.
    func runPiped(nextLine: () -> String?) {
        var accumulator = StatementAccumulator()
        func execute(_ text: String) -> Bool {
            let saved = Interrupts.install()
            defer { Interrupts.uninstall(saved) }
            let (keepGoing, interrupted) = Interrupts.whileExecuting(engine) { engine.execute(text) }
            fflush(dirq_stdout())
            return keepGoing && !interrupted
        }
        while let line = nextLine() {
            if let statement = accumulator.add(line, isIncomplete: { engine.incompleteReason($0) != nil }) {
                if !execute(statement) { return }
            }
        }
        if let unfinished = accumulator.finish() { _ = execute(unfinished) }
    }
}
