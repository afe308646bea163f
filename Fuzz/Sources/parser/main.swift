/// Fuzz target: text → `Session.parse` (lexer and parser), the diagnostics rendered against the
/// text, `Session.incompleteReason`, and for every expression that parsed, the printer's round
/// trip (print, parse the printed text, print again: the same text). A round trip that differs is
/// a printer bug but not a crash: it is reported on stderr (`round-trip:` lines, the first few of
/// each kind) and fuzzing goes on; with FUZZ_STRICT_ROUNDTRIP=1 it stops like a crash.
import Dirq
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = FuzzSupport.text(data, size)
    let source = SourceText(name: "<fuzz>", text: text)
    let (statements, diagnostics) = Session.parse(source)
    let renderer = DiagnosticRenderer()
    for d in diagnostics {
        if let r = d.range, r.lowerBound < 0 || r.upperBound > source.bytes.count {
            fatalError("diagnostic \(d.id) has range \(r) outside the \(source.bytes.count)-byte text")
        }
        _ = renderer.render(d, source: source)
    }
    _ = Session.incompleteReason(text)
    for s in statements {
        if s.range.lowerBound < 0 || s.range.upperBound > source.bytes.count {
            fatalError("statement range \(s.range) outside the \(source.bytes.count)-byte text")
        }
        for e in FuzzSupport.expressions(of: s) {
            if let (first, second) = FuzzSupport.roundTripFailure(e) {
                FuzzSupport.reportRoundTrip(first, second)
            }
        }
    }
    return 0
}

FuzzSupport.run { data, size in fuzz(data ?? FuzzSupport.empty, size) }
