/// Fuzz target: query text run through `Session.run` against a small tenant built in code
/// (`FuzzTenant`), and every result rendered in every output format; tab completion of the text. Syntax errors and binding
/// or run-time diagnostics are fine; a crash or a hang is not. Inputs with a `load` statement are
/// skipped: the fuzzer must not read arbitrary files of this machine.
import Dirq
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = SourceText(name: "<fuzz>", text: FuzzSupport.text(data, size))
    let (statements, _) = Session.parse(source)
    if statements.contains(where: { if case .load = $0.kind { return true } else { return false } }) { return -1 }
    let session = Session()
    for s in FuzzTenant.snapshots { session.add(s) }
    // Tab completion sees whatever is typed: the whole text, and the text up to a cursor in the
    // middle. Not inside `load "…` (it would list this machine's folders).
    if !source.text.contains("load") {
        let completer = Completer(session: session, dotCommands: [".help", ".quit"])
        _ = completer.complete(source.text)
        _ = completer.complete(String(source.text.prefix(source.text.count / 2)))
    }
    session.run(source) { event in
        switch event {
        case .result(let table):
            for format in OutputFormat.allCases { _ = format.render(table, maxWidth: 80, maxRows: 20) }
        case .diagnostic(let d):
            _ = DiagnosticRenderer().render(d, source: source)
        default:
            break
        }
    }
    return 0
}

FuzzSupport.run { data, size in fuzz(data ?? FuzzSupport.empty, size) }
