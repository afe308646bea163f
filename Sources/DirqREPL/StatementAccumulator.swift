/// Collects input lines until they form a complete statement.
///
/// Shared by the interactive prompt and the piped-input reader so both split statements the
/// same way: a line is added, and the text so far is a statement as soon as the engine no
/// longer calls it incomplete. Blank lines before a statement starts are skipped (an empty
/// Enter just shows a new prompt); blank lines inside a statement belong to it.
struct StatementAccumulator {
    /// The lines of the statement being collected.
    private(set) var lines: [String] = []

    /// True when no line of a statement has been collected yet.
    var isEmpty: Bool { lines.isEmpty }

    /// The statement text so far: the lines joined with "\n".
    var text: String { lines.joined(separator: "\n") }

    /// Adds one line (without its line terminator); returns the statement text when it is
    /// complete (and starts over), nil when more lines are needed or the line was skipped.
    mutating func add(_ line: String, isIncomplete: (String) -> Bool) -> String? {
        if lines.isEmpty && line.allSatisfy(\.isWhitespace) { return nil }
        lines.append(line)
        let statement = text
        if isIncomplete(statement) { return nil }
        lines.removeAll()
        return statement
    }

    /// Forgets the lines collected so far (Ctrl-C at a continuation prompt).
    mutating func reset() { lines.removeAll() }

    /// At end of input: the unfinished statement, if any, so the engine can report it.
    mutating func finish() -> String? {
        defer { lines.removeAll() }
        return lines.isEmpty ? nil : text
    }
}
