import PropertyBased
import Testing
@testable import Dirq

/// The printer's promise (`Printer`): printing an expression and parsing the text gives the same
/// tree back, so printing it again gives the same text. Trees come from `Generators.expr`.
@Suite("Properties: printer round trip")
struct PrinterProperties {
    @Test("print → parse → print gives the same text and the same tree")
    func printParsePrint() async {
        await propertyCheck(count: 1000, input: Generators.expression) { e in
            let printed = Printer.print(e)
            switch Generators.parseCondition(printed) {
            case .failure(let f):
                Issue.record("printed text does not parse: \(printed.debugDescription): \(f)")
            case .success(let again):
                #expect(Printer.print(again) == printed)
                // Text alone would hide a missing pair of parentheses (a - (b - c) printed as
                // a - b - c prints the same twice), so the trees are compared too.
                #expect(Generators.stripped(again) == Generators.stripped(e), "printed as \(printed.debugDescription)")
            }
        }
    }

    @Test("parsing printed text is stable: parse → print → parse → print")
    func reparseIsStable() async {
        // Start from text rather than a tree: any condition the parser accepts prints to text that
        // parses to the same tree.
        await propertyCheck(count: 500, input: Generators.expression) { e in
            guard case .success(let first) = Generators.parseCondition(Printer.print(e)) else { return }
            let text = Printer.print(first)
            guard case .success(let second) = Generators.parseCondition(text) else {
                Issue.record("reprinted text does not parse: \(text.debugDescription)")
                return
            }
            #expect(Generators.stripped(second) == Generators.stripped(first))
        }
    }
}
