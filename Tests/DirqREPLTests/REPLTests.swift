import Testing
@testable import DirqREPL

/// Records what the REPL asks; statements are incomplete while they end with "|" (blank
/// lines after it do not count).
final class RecordingEngine: PromptEngine {
    var executed: [String] = []
    var quitOn: String?

    func incompleteReason(_ text: String) -> String? {
        text.split(whereSeparator: \.isWhitespace).last?.hasSuffix("|") == true ? "trailing |" : nil
    }
    func completions(buffer: String, cursorLine: String, cursor: Int) -> (start: Int, candidates: [String]) { (cursor, []) }
    func execute(_ text: String) -> Bool {
        executed.append(text)
        return text != quitOn
    }
    func interrupt() {}
}

@Suite struct REPLTests {
    func run(_ lines: [String], quitOn: String? = nil) -> (executed: [String], linesRead: Int) {
        let engine = RecordingEngine()
        engine.quitOn = quitOn
        var remaining = lines[...]
        var read = 0
        REPL(engine: engine, historyPath: nil).runPiped {
            guard let line = remaining.popFirst() else { return nil }
            read += 1
            return line
        }
        return (engine.executed, read)
    }

    @Test func pipedLinesAreCollectedIntoStatements() {
        #expect(run(["users |", "where x", "", "  ", "groups", "a |", "", "b"]).executed
            == ["users |\nwhere x", "groups", "a |\n\nb"])
    }

    @Test func anUnfinishedStatementAtEndOfInputIsStillExecuted() {
        #expect(run(["users", "where |"]).executed == ["users", "where |"])
    }

    @Test func executeReturningFalseStopsReading() {
        let result = run(["a", ".quit", "never"], quitOn: ".quit")
        #expect(result.executed == ["a", ".quit"])
        #expect(result.linesRead == 2)
    }

    @Test func accumulatorSkipsLeadingBlankLinesAndResets() {
        var acc = StatementAccumulator()
        let incomplete: (String) -> Bool = { $0.hasSuffix("|") }
        #expect(acc.add("   ", isIncomplete: incomplete) == nil)
        #expect(acc.isEmpty)
        #expect(acc.add("a |", isIncomplete: incomplete) == nil)
        #expect(acc.text == "a |")
        acc.reset()
        #expect(acc.isEmpty)
        #expect(acc.add("b", isIncomplete: incomplete) == "b")
        #expect(acc.finish() == nil)
    }
}
