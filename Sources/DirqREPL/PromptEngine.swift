/// What the prompt needs from the language; the lead implements it over the Dirq library later.
///
/// The prompt calls every method on the thread that called `REPL.run()`, except `interrupt()`,
/// which arrives on a background thread while `execute` is running.
public protocol PromptEngine: AnyObject {
    /// nil when `text` (possibly several lines) is a complete statement or a definite error;
    /// otherwise the reason it is incomplete (open string, trailing operator…): the prompt then
    /// asks for a continuation line.
    func incompleteReason(_ text: String) -> String?

    /// Completion candidates for the text before the cursor (the whole buffer so far, including
    /// earlier continuation lines), and the start offset (in UTF-8 bytes within the current line)
    /// of the word being completed.
    ///
    /// - Parameters:
    ///   - buffer: earlier lines of the statement joined with "\n", then "\n" and the current
    ///     line up to the cursor (just the current line up to the cursor on a first line).
    ///   - cursorLine: the whole line being edited (it may itself hold "\n" when a multi-line
    ///     history entry was recalled).
    ///   - cursor: the cursor's offset in `cursorLine`, in UTF-8 bytes.
    /// - Returns: `start` (UTF-8 byte offset in `cursorLine`, at most `cursor`): the candidates
    ///   replace `cursorLine[start..<cursor]`.
    func completions(buffer: String, cursorLine: String, cursor: Int) -> (start: Int, candidates: [String])

    /// Runs a complete statement text; returns true to keep going, false to quit.
    func execute(_ text: String) -> Bool

    /// Called when the user presses Ctrl-C while `execute` is running. It is called on a
    /// background thread (never inside the signal handler itself), concurrently with `execute`:
    /// just set an atomic flag that `execute` polls.
    func interrupt()

    /// The prompt for a statement's first line, read before each statement: `dirq onprem> `
    /// names the current snapshot. The default is `dirq> `.
    var promptText: String { get }
}

extension PromptEngine {
    public var promptText: String { LineEditor.primaryPrompt }
}
