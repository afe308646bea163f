import Dirq
import DirqREPL
import Foundation

/// Runs statements, scripts and export files through one session and prints what happens:
/// results on standard output, everything else on standard error.
struct ScriptRunner {
    enum Input {
        case statement(String)
        case script(String)
        case export(String)
    }

    let format: OutputFormat
    let color: Bool
    let strict: Bool
    /// `--output FILE`: results are collected and written to a temporary file beside FILE, then
    /// renamed over it, so an interrupted or failed run never leaves half a file.
    let outputPath: String?
    /// `--timer`: after each script, `-e` statement or file, print how long it took.
    var timer = false
    /// How the prompt shows results: `auto` unless `--format` (or `--output`'s extension) names one.
    var promptMode: DisplayMode = .auto
    let session: Session = {
        let s = Session()
        s.loading = Allocator.phase(loading:)
        return s
    }()
    private let collected = OutputBuffer()

    /// Sets the session's projection from every statement of the inputs (see `Projection`). Left
    /// unset when standard input is the script, or a script does not parse (its errors are
    /// reported when it runs).
    func projectFromScript(_ inputs: [Input]) {
        var statements: [Statement] = []
        var sawScript = false
        for input in inputs {
            let source: SourceText
            switch input {
            case .statement(let text): source = SourceText(name: "<command line>", text: text)
            case .script(let path):
                guard let data = FileManager.default.contents(atPath: path) else { return }
                source = SourceText(name: path, text: String(decoding: data, as: UTF8.self))
            case .export: continue
            }
            sawScript = true
            let parsed = Session.parse(source)
            guard parsed.diagnostics.allSatisfy({ $0.severity != .error }) else { return }
            statements += parsed.statements
        }
        guard sawScript else { return }
        session.projection = Projection.of(statements)
    }

    /// Opens the interactive prompt on this runner's session (after the inputs ran).
    func interact() -> Int32 {
        let prompt = DirqPrompt(session: session, mode: promptMode, color: color)
        // Solved exercises are remembered beside the history file.
        session.exerciseProgressPath = HistoryFile.defaultPath().map {
            ((($0 as NSString).deletingLastPathComponent) as NSString).appendingPathComponent(".dirq_exercises")
        }
        REPL(engine: prompt, banner: prompt.banner).run()
        prompt.finish()
        return 0
    }

    /// Runs the inputs; with no script or statement among them, reads standard input as a script
    /// (unless `interactive`: then the prompt opens instead). Returns the exit status.
    func run(inputs: [Input], interactive: Bool = false) -> Int32 {
        var errors = 0, warnings = 0, findings = 0
        let hasScript = inputs.contains { if case .export = $0 { return false } else { return true } }
        var results = 0
        // `dirq onprem.ldif cloud.json [-e …]`: of the export files given before any statement
        // or script, the first on-prem one is current (the tour, the lessons and a first query
        // start on-prem), not the last one loaded. After a statement has run, a file loads as
        // `load` would: it becomes current.
        var exportSnapshots: [Snapshot] = []
        var settled = false
        func settle() {
            guard !settled else { return }
            settled = true
            if exportSnapshots.count > 1,
               let first = exportSnapshots.first(where: { $0.side == .onPrem }) ?? exportSnapshots.first {
                session.makeCurrent(first.name)
            }
        }
        for input in inputs {
            let source: SourceText
            var base: String?
            if case .export = input {} else { settle() }
            switch input {
            case .statement(let text):
                source = SourceText(name: "<command line>", text: text)
            case .script(let path):
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write("dirq: \(path): cannot read the script\n")
                    return 66
                }
                source = SourceText(name: path, text: String(decoding: data, as: UTF8.self))
                base = (path as NSString).deletingLastPathComponent
            case .export(let path):
                let quoted = path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                source = SourceText(name: "<command line>", text: "load \"\(quoted)\"")
            }
            let started = Date()
            let before = session.snapshots.count
            let s = runSource(source, base: base, results: &results)
            if case .export = input, !settled, session.snapshots.count > before, let snap = session.current {
                exportSnapshots.append(snap)
            }
            if timer {
                FileHandle.standardError.write("time: " + Elapsed.text(seconds: Date().timeIntervalSince(started)) + "\n")
            }
            errors += s.errors
            warnings += s.warnings
            findings += s.errorFindings
            // A file that did not load: the statements after it would only fail for want of it.
            if s.stoppedAtFailedLoad && !interactive { return 65 }
        }
        settle()
        if interactive {
            if errors > 0 { FileHandle.standardError.write("dirq: \(errors) error\(errors == 1 ? "" : "s") above; opening the prompt anyway\n") }
            return interact()
        }
        if !hasScript {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            let s = runSource(SourceText(name: "<stdin>", text: String(decoding: data, as: UTF8.self)), base: nil,
                              results: &results)
            errors += s.errors
            warnings += s.warnings
            findings += s.errorFindings
        }
        if let path = outputPath {
            if errors > 0 {
                FileHandle.standardError.write("dirq: \(path) not written because of the errors above\n")
            } else if let problem = AtomicFile.write(collected.text, to: path) {
                FileHandle.standardError.write("dirq: cannot write \(path): \(problem)\n")
                return 73
            }
        }
        if errors > 0 { return 65 }
        if strict && warnings > 0 {
            FileHandle.standardError.write("dirq: \(warnings) warning\(warnings == 1 ? "" : "s") with --strict\n")
            return 65
        }
        // A check that found an error-severity problem: scripts run from a scheduler can tell.
        if findings > 0 { return 1 }
        return 0
    }

    private func runSource(_ source: SourceText, base: String?, results: inout Int) -> RunSummary {
        let renderer = DiagnosticRenderer(color: color)
        let terminal = isatty(1) == 1 && outputPath == nil
        let width = terminal ? Terminal.columns() : nil
        var count = results
        let summary = session.run(source, baseDirectory: base) { event in
            switch event {
            case .result(let table):
                if count > 0 && format == .table { emitResult("\n") }
                count += 1
                emitResult(format.render(table, maxWidth: width, maxRows: terminal ? 200 : nil))
            case .loaded(_, let line):
                FileHandle.standardError.write(line + "\n")
            case .info(let text):
                FileHandle.standardError.write("note: \(text)\n")
            case .diagnostic(let d):
                FileHandle.standardError.write(renderer.render(d, source: source))
            case .report(let text):
                if count > 0 { emitResult("\n") }
                count += 1
                emitResult(text.hasSuffix("\n") ? text : text + "\n")
            case .document(let d):
                // Text is set apart from what came before, as a report is; a table or JSON as a result is.
                if count > 0 && [.table, .markdown, .line].contains(format) { emitResult("\n") }
                count += 1
                emitResult(format.render(d))
            }
        }
        results = count
        return summary
    }
}

extension ScriptRunner {
    private func emitResult(_ text: String) {
        if outputPath != nil { collected.text += text } else { print(text, terminator: "") }
    }
}

/// Results collected for `--output`.
final class OutputBuffer {
    var text = ""
}

/// Writes a file whole or not at all: a temporary file in the same directory, then rename(2).
enum AtomicFile {
    static func write(_ text: String, to path: String) -> String? {
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).dirq-\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8)) else {
            return "cannot create a file in \(dir.isEmpty ? "." : dir)"
        }
        if rename(tmp, path) != 0 {
            let why = String(cString: strerror(errno))
            unlink(tmp)
            return why
        }
        return nil
    }
}

enum Terminal {
    /// Width of the terminal on standard output, or 100.
    static func columns() -> Int { size().columns }

    /// Columns and rows of the terminal on standard output (100 × 40 when unknown).
    static func size() -> (columns: Int, rows: Int) {
        var w = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0 { return (Int(w.ws_col), Int(max(w.ws_row, 10))) }
        return (100, 40)
    }
}

extension FileHandle {
    /// Writes text; before writing to standard error, flushes standard output so that messages
    /// and results appear in the order they happened.
    func write(_ s: String) {
        if self === FileHandle.standardError { fflush(nil) }
        write(Data(s.utf8))
    }
}
