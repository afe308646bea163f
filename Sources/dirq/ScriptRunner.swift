import Dirq
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
    let session = Session()

    /// Runs the inputs; with no script or statement among them, reads standard input as a script.
    /// Returns the exit status.
    func run(inputs: [Input]) -> Int32 {
        var errors = 0, warnings = 0, findings = 0
        let hasScript = inputs.contains { if case .export = $0 { return false } else { return true } }
        var results = 0
        for input in inputs {
            let source: SourceText
            var base: String?
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
            let s = runSource(source, base: base, results: &results)
            errors += s.errors
            warnings += s.warnings
            findings += s.errorFindings
        }
        if !hasScript {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            let s = runSource(SourceText(name: "<stdin>", text: String(decoding: data, as: UTF8.self)), base: nil,
                              results: &results)
            errors += s.errors
            warnings += s.warnings
            findings += s.errorFindings
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
        let terminal = isatty(1) == 1
        let width = terminal ? Terminal.columns() : nil
        var count = results
        let summary = session.run(source, baseDirectory: base) { event in
            switch event {
            case .result(let table):
                if count > 0 && format == .table { print("") }
                count += 1
                print(format.render(table, maxWidth: width, maxRows: terminal ? 200 : nil), terminator: "")
            case .loaded(_, let line):
                FileHandle.standardError.write(line + "\n")
            case .info(let text):
                FileHandle.standardError.write("note: \(text)\n")
            case .diagnostic(let d):
                FileHandle.standardError.write(renderer.render(d, source: source))
            case .report(let text):
                if count > 0 { print("") }
                count += 1
                print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            }
        }
        results = count
        return summary
    }
}

enum Terminal {
    /// Width of the terminal on standard output, or 100.
    static func columns() -> Int {
        var w = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0 { return Int(w.ws_col) }
        return 100
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
