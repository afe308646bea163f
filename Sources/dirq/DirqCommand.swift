import ArgumentParser
import Dirq
import Foundation

/// The `dirq` command. Without a subcommand name it is `dirq run` (`RunCommand`), so
/// `dirq FILE…` and `dirq -e …` work as they always did; `dirq generate` writes a synthetic tenant.
@main
struct DirqCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dirq",
        abstract: "Query AD and Entra ID exports to find why directory sync fails.",
        discussion: RunCommand.configuration.discussion + """


        Options of the default command (-e, --format, --strict, --no-color): dirq help run.
        """,
        version: "dirq 0.1.0",
        subcommands: [RunCommand.self, GenerateCommand.self, TopicCommand.self, ManualCommand.self],
        defaultSubcommand: RunCommand.self
    )

    /// `dirq help NAME` for a statement, clause, function or check prints its help page (as
    /// `dirq topic NAME`); `dirq help run|generate|topic|manual` stays the subcommand's help.
    static func main() {
        Allocator.configure()
        let args = Array(CommandLine.arguments.dropFirst())
        let subcommands = ["run", "generate", "topic", "manual", "help"]
        if args.count == 2, args[0] == "help", !subcommands.contains(args[1].lowercased()) {
            do {
                var topic = try TopicCommand.parse([args[1]])
                try topic.run()
                Foundation.exit(0)
            } catch {
                TopicCommand.exit(withError: error)
            }
        }
        main(nil)
    }
}

/// `dirq run` (the default): loads exports, runs scripts and statements, prints results.
/// All the work is in the Dirq library; this file only maps the command line onto a `Session`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Load exports and run scripts and statements (the default command).",
        discussion: """
        FILE arguments ending in .dirq are scripts; other files are exports (LDIF, CSV, JSON) \
        loaded as snapshots named after the file. Statements from -e and scripts run in the order \
        given, as one script. With no script and no -e, statements are read from standard input.

        Examples:
          dirq -e 'load "Examples/contoso/onprem.ldif" as onprem' -e 'users group by upn having count > 1'
          dirq Examples/01-duplicate-upn.dirq
          dirq --format csv Examples/01-duplicate-upn.dirq > dupes.csv
          echo 'load "x.csv"; users where upn ends with ".local" select upn, sam' | dirq

        Exit status:
          0   success
          1   a check found an error-severity problem
          64  usage error (unknown option, format or help topic)
          65  a query or data error (a syntax error, an unknown name, a file that does not load)
          66  a script file cannot be read
          70  internal error
          73  --output FILE cannot be written
        """
    )

    @Option(name: [.short, .customLong("execute")], help: "Run a statement (repeatable; runs in order with scripts).")
    var execute: [String] = []

    @Option(name: [.short, .long],
            help: "Result format: table, csv, json, tsv, markdown, line (default: from --output's extension .csv .json .tsv .md, else table).")
    var format: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Set a scalar for the script, as 'let NAME = VALUE' would (repeatable).",
                                                         valueName: "NAME=VALUE"))
    var set: [String] = []

    @Flag(name: .customLong("no-color"), help: "No colour in messages (also when NO_COLOR is set).")
    var noColor = false

    @Flag(name: .long, help: "Treat load warnings as errors (exit 65).")
    var strict = false

    @Option(name: [.short, .long], help: "Write results to this file instead of standard output (written whole, or not at all).")
    var output: String?

    @Flag(name: .long, help: "At exit, print the run time and peak memory to standard error.")
    var stats = false

    @Flag(name: .long, help: "After each script, -e statement or file, print how long it took to standard error.")
    var timer = false

    @Flag(name: .customLong("all-attributes"),
          help: "Read every attribute of loaded files, not only those the script uses (slower; checks every value).")
    var allAttributes = false

    @Option(name: .customLong("date-order"),
            help: "How to read a date like 05/01/2023 in CSV and Format-List exports: mdy (month first, en-US; the default) or dmy (day first). Dates whose numbers decide are always read the only way they can be.")
    var dateOrder: String?

    @Flag(name: [.short, .long], help: "Open the prompt after running the scripts and statements given.")
    var interactive = false

    @Argument(help: "Scripts (.dirq) to run and export files to load.")
    var files: [String] = []

    /// The format asked for, else the one `--output`'s extension names, else a table.
    var effectiveFormat: OutputFormat {
        if let format, let f = OutputFormat(rawValue: format.lowercased()) { return f }
        if let output {
            switch (output as NSString).pathExtension.lowercased() {
            case "csv": return .csv
            case "json": return .json
            case "tsv", "tab": return .tsv
            case "md", "markdown": return .markdown
            default: break
            }
        }
        return .table
    }

    mutating func validate() throws {
        if let d = dateOrder, DateParsing.DayMonthOrder(rawValue: d.lowercased()) == nil {
            throw ValidationError("unknown date order '\(d)'; use mdy (month first) or dmy (day first)")
        }
        for s in set {
            guard let eq = s.firstIndex(of: "="), !s[..<eq].isEmpty,
                  s[..<eq].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ValidationError("--set needs NAME=VALUE, e.g. --set domain=fabrikam.com; got '\(s)'")
            }
        }
        guard let format else { return }
        guard OutputFormat(rawValue: format.lowercased()) != nil else {
            throw ValidationError("unknown format '\(format)'; use one of: "
                + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    func run() throws {
        var runner = ScriptRunner(format: effectiveFormat,
                                  color: !noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
                                      && isatty(2) == 1,
                                  strict: strict, outputPath: output)
        runner.timer = timer
        if format != nil || output != nil { runner.promptMode = .fixed(effectiveFormat) }
        runner.session.dateOrder = dateOrder.flatMap { DateParsing.DayMonthOrder(rawValue: $0.lowercased()) }
        for s in set {
            let eq = s.firstIndex(of: "=")!
            runner.session.setVariable(String(s[..<eq]), text: String(s[s.index(after: eq)...]))
        }
        let inputs = orderedInputs()
        let onlyExports = inputs.allSatisfy { if case .export = $0 { return true } else { return false } }
        // `dirq` or `dirq FILE…` at a terminal opens the prompt; scripts and -e run and exit unless -i.
        let prompt = interactive || (onlyExports && isatty(0) == 1 && output == nil)
        let started = Date()
        // A whole script known up front lets loads skip the attributes it never reads; the
        // prompt can ask anything later, so it gets whole objects. --strict checks every value.
        if !prompt && !allAttributes && !strict { runner.projectFromScript(inputs) }
        let code = runner.run(inputs: inputs, interactive: prompt)
        if stats {
            FileHandle.standardError.write(String(format: "stats: %.3f s, peak memory %d KiB\n",
                                                  Date().timeIntervalSince(started), Self.peakMemoryKiB()))
            for snap in runner.session.snapshots where !snap.objects.isEmpty {
                let bytes = snap.objects.estimatedBytes
                FileHandle.standardError.write("stats: \(snap.name) holds \(snap.objects.count) objects in about "
                    + String(format: "%.1f MiB (%d bytes per object)\n", Double(bytes) / 1_048_576, bytes / snap.objects.count))
            }
        }
        // Leave now: tearing down a loaded snapshot object by object costs about a tenth of the
        // load time and frees memory the system takes back anyway.
        fflush(nil)
        Foundation.exit(code)
    }

    /// This process's peak resident memory. On Linux `VmHWM` of /proc/self/status: `ru_maxrss`
    /// carries over the parent's peak through fork and exec, so dirq started by a large process
    /// (a test runner, a script host) reported the parent's memory as its own.
    static func peakMemoryKiB() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kib = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({ Int($0) }) {
            return kib
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)
    }

    /// `-e` statements and file arguments in the order they appeared on the command line.
    private func orderedInputs() -> [ScriptRunner.Input] {
        var inputs: [ScriptRunner.Input] = []
        var exprs = execute[...]
        var rest = files[...]
        var args = CommandLine.arguments.dropFirst()[...]
        while let a = args.popFirst() {
            if a == "-e" || a == "--execute" {
                if args.popFirst() != nil, let e = exprs.popFirst() { inputs.append(.statement(e)) }
            } else if a.hasPrefix("--execute=") {
                if let e = exprs.popFirst() { inputs.append(.statement(e)) }
            } else if a == "-f" || a == "--format" || a == "-o" || a == "--output" || a == "--set" || a == "--date-order" {
                _ = args.popFirst()
            } else if let f = rest.first, a == f {
                rest.removeFirst()
                inputs.append(f.lowercased().hasSuffix(".dirq") ? .script(f) : .export(f))
            }
        }
        inputs += exprs.map { .statement($0) }
        inputs += rest.map { $0.lowercased().hasSuffix(".dirq") ? .script($0) : .export($0) }
        return inputs
    }
}
