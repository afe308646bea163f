import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one read at the prompt produced.
enum PromptInput: Equatable {
    /// A complete statement (its lines joined with "\n").
    case statement(String)
    /// Ctrl-C while typing: the statement (all its lines so far) was dropped.
    case interrupted
    /// Ctrl-D on an empty line, or the terminal went away.
    case endOfInput
}

/// The interactive line editor: libedit's native API (histedit.h) in emacs mode.
///
/// Why the native API and not libedit's readline emulation:
/// - `el_gets` tells end-of-file (count 0) from an interrupted read (count -1, EINTR);
///   `readline()` returns NULL for both.
/// - `el_line` gives the cursor as a byte offset into the UTF-8 line. In the emulation,
///   `rl_point` is overwritten with a *character* offset before the completion callback runs.
/// - Our key functions return the redisplay code they need; functions added with
///   `rl_add_defun` always return CC_NORM (no redraw), and `rl_redisplay` works by pushing
///   the terminal's reprint character (^R), which we bind to reverse search.
///
/// A statement may take several lines: after each line the engine is asked whether the text
/// so far is complete, and while it is not, the next line is read with the continuation
/// prompt. The whole statement is then one history entry; recalling it puts all its lines
/// in the edit buffer (libedit shows the embedded line feeds as line breaks, without the
/// continuation prompt).
final class LineEditor {
    static let primaryPrompt = "dirq> "
    static let continuationPrompt = " ...> "
    /// More candidates than this and Tab asks before listing them (readline's default).
    static let listingQueryThreshold = 100

    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let engine: PromptEngine
    private let output: UnsafeMutablePointer<FILE>
    private var primary: UnsafeMutablePointer<CChar>
    private var primaryText = LineEditor.primaryPrompt
    private let continuation: UnsafeMutablePointer<CChar>
    /// The prompt the next redraw shows.
    private var prompt: UnsafeMutablePointer<CChar>
    /// Earlier lines of the statement being typed (context for completion).
    private var accumulator = StatementAccumulator()
    /// False when SIGTSTP was ignored when we started (a shell without job control): then
    /// nothing could resume us, and Ctrl-Z just beeps.
    private let suspendAllowed: Bool

    /// Sets up libedit on stdin and `output` (a terminal); nil if libedit cannot start.
    init?(engine: PromptEngine, output: UnsafeMutablePointer<FILE>, historyLimit: Int) {
        guard let editLine = el_init("dirq", dirq_stdin(), output, dirq_stderr()) else { return nil }
        guard let history = history_init() else {
            el_end(editLine)
            return nil
        }
        self.editLine = editLine
        self.history = history
        self.engine = engine
        self.output = output
        self.primary = strdup(Self.primaryPrompt)
        self.continuation = strdup(Self.continuationPrompt)
        self.prompt = primary
        var tstp = sigaction()
        sigaction(SIGTSTP, nil, &tstp)
        #if canImport(Glibc)
        self.suspendAllowed = unsafeBitCast(tstp.__sigaction_handler.sa_handler, to: Int.self) != unsafeBitCast(SIG_IGN, to: Int.self)
        #else
        self.suspendAllowed = unsafeBitCast(tstp.__sigaction_u.__sa_handler, to: Int.self) != unsafeBitCast(SIG_IGN, to: Int.self)
        #endif

        dirq_history_set_size(history, Int32(historyLimit))
        dirq_history_set_unique(history, 1)
        dirq_el_set_history(editLine, history)
        dirq_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        dirq_el_set_prompt(editLine) { el in
            guard let editor = LineEditor.owning(el) else { return nil }
            return editor.prompt
        }
        dirq_el_set_signal(editLine, 1)
        dirq_el_set_editor(editLine, "emacs")
        installKeyBindings()
        // ~/.editrc (lines may be prefixed "dirq:") can override any binding above.
        el_source(editLine, nil)
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(primary)
        free(continuation)
    }

    private static func owning(_ el: OpaquePointer?) -> LineEditor? {
        guard let el, let data = dirq_el_clientdata(el) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }

    /// Emacs bindings on top of libedit's defaults (which already give ^A ^E ^B ^F ^K ^Y ^T,
    /// M-b M-f M-d, arrows and history), mostly the ones libedit's readline emulation adds.
    private func installKeyBindings() {
        dirq_el_addfn(editLine, "dirq-complete", "Complete the word before the cursor") { el, _ in
            LineEditor.owning(el)?.complete() ?? UInt8(CC_ERROR)
        }
        dirq_el_addfn(editLine, "dirq-suspend", "Suspend dirq (Ctrl-Z)") { el, _ in
            LineEditor.owning(el)?.suspend() ?? UInt8(CC_ERROR)
        }
        let bindings: [(String, String)] = [
            ("^I", "dirq-complete"),
            ("^Z", "dirq-suspend"),
            ("^R", "em-inc-search-prev"),  // libedit's emacs default is ed-redisplay
            ("^W", "ed-delete-prev-word"),  // libedit's default kills the region
            // Home / End, as the common terminals send them.
            ("\\e[1~", "ed-move-to-beg"), ("\\e[7~", "ed-move-to-beg"),
            ("\\e[H", "ed-move-to-beg"), ("\\eOH", "ed-move-to-beg"),
            ("\\e[4~", "ed-move-to-end"), ("\\e[8~", "ed-move-to-end"),
            ("\\e[F", "ed-move-to-end"), ("\\eOF", "ed-move-to-end"),
            ("\\e[3~", "ed-delete-next-char"),
            // Ctrl/Alt + Left/Right: by word.
            ("\\e[1;5C", "em-next-word"), ("\\e[1;5D", "ed-prev-word"),
            ("\\e[1;3C", "em-next-word"), ("\\e[1;3D", "ed-prev-word"),
            ("\\e[5C", "em-next-word"), ("\\e[5D", "ed-prev-word"),
            ("\\e\\e[C", "em-next-word"), ("\\e\\e[D", "ed-prev-word"),
        ]
        for (keys, function) in bindings { dirq_el_bind(editLine, keys, function) }
    }

    /// Puts the terminal in libedit's editing mode before `el_gets`, with ^Z as a plain key.
    ///
    /// - `el_gets` prints the prompt and only then leaves cooked mode: keys typed in between
    ///   (a fast typist, a paste, a test driver) would meet the cooked terminal, where ^D is
    ///   end-of-file for the driver and is lost. Switching first closes that window.
    /// - libedit keeps the suspend character, so ^Z makes the terminal send SIGTSTP, and
    ///   libedit's handler then sends the process group a *second* SIGTSTP with kill(0, …)
    ///   (the libedit in Debian 12 does; newer ones use raise()). When dirq runs under a
    ///   wrapper shell, the shell stops on the first one, `fg` can come before dirq's handler
    ///   sends the second, and the job stops again (we saw it, and once a crash). With the
    ///   suspend character off, ^Z reaches `suspend()` below, which sends exactly one.
    private func enterEditMode() {
        dirq_el_prep_term(editLine, 1)
        dirq_disable_suspend_char(STDIN_FILENO)
    }

    /// Ctrl-Z: does what the terminal's suspend character would: stops the foreground
    /// process group (us and any wrapper shell) with one SIGTSTP, the terminal in cooked
    /// mode meanwhile. libedit's SIGTSTP handler is set aside so it does not add a second
    /// signal. On `fg`, libedit's SIGCONT handler (if still installed) returns to raw mode
    /// and redraws; we then make sure of the editing mode and redraw the line.
    private func suspend() -> UInt8 {
        guard suspendAllowed else { return UInt8(CC_ERROR) }
        dirq_el_prep_term(editLine, 0)
        var defaultAction = sigaction()
        #if canImport(Glibc)
        defaultAction.__sigaction_handler.sa_handler = SIG_DFL
        #else
        defaultAction.__sigaction_u.__sa_handler = SIG_DFL
        #endif
        sigemptyset(&defaultAction.sa_mask)
        var libeditAction = sigaction()
        sigaction(SIGTSTP, &defaultAction, &libeditAction)
        kill(0, SIGTSTP)  // the process stops here until SIGCONT
        sigaction(SIGTSTP, &libeditAction, nil)
        enterEditMode()
        return UInt8(CC_REDISPLAY)
    }

    // MARK: History

    /// Puts `entries` (oldest first) in the in-memory history Up/Down and ^R walk through.
    func loadHistory(_ entries: [String]) {
        for entry in entries { dirq_history_enter(history, entry) }
    }

    func addHistory(_ entry: String) {
        dirq_history_enter(history, entry)
    }

    // MARK: Reading

    /// Reads lines until they form a complete statement, Ctrl-C drops them, or input ends.
    func readStatement() -> PromptInput {
        accumulator.reset()
        // The engine's prompt may change between statements (`use cloud` → `dirq cloud> `).
        let wanted = engine.promptText
        if wanted != primaryText {
            free(primary)
            primary = strdup(wanted)
            primaryText = wanted
        }
        while true {
            prompt = accumulator.isEmpty ? primary : continuation
            Interrupts.resetCount()
            enterEditMode()
            var count: Int32 = 0
            let raw = el_gets(editLine, &count)
            let readErrno = errno
            guard let raw, count > 0 else {
                writeOutput("\n")
                if count < 0 && (Interrupts.received || readErrno == EINTR) {
                    accumulator.reset()
                    return .interrupted
                }
                return .endOfInput
            }
            var bytes = Array(UnsafeRawBufferPointer(start: raw, count: Int(count)))
            if bytes.last == 0x0A { bytes.removeLast() }
            let line = String(decoding: bytes, as: UTF8.self)
            if let statement = accumulator.add(line, isIncomplete: { engine.incompleteReason($0) != nil }) {
                return .statement(statement)
            }
        }
    }

    private func writeOutput(_ text: String) {
        fputs(text, output)
        fflush(output)
    }

    // MARK: Completion

    /// Tab: asks the engine, edits the line, lists the candidates when there are several.
    private func complete() -> UInt8 {
        guard let info = el_line(editLine) else { return UInt8(CC_ERROR) }
        let buffer = info.pointee.buffer!
        let length = buffer.distance(to: info.pointee.lastchar)
        let cursor = buffer.distance(to: info.pointee.cursor)
        let line = Array(UnsafeRawBufferPointer(start: buffer, count: length))
        let cursorLine = String(decoding: line, as: UTF8.self)
        let beforeCursor = String(decoding: line[..<cursor], as: UTF8.self)
        let context = accumulator.isEmpty ? beforeCursor : accumulator.text + "\n" + beforeCursor

        let answer = engine.completions(buffer: context, cursorLine: cursorLine, cursor: cursor)
        guard let edit = CompletionEdit.make(line: line, cursor: cursor, start: answer.start,
                                             candidates: answer.candidates) else {
            return UInt8(CC_REFRESH_BEEP)
        }
        if edit.deleteScalars > 0 { el_deletestr(editLine, Int32(edit.deleteScalars)) }
        if !edit.insert.isEmpty { el_insertstr(editLine, edit.insert) }
        guard !edit.listing.isEmpty else { return UInt8(CC_REFRESH) }
        showListing(edit.listing)
        return UInt8(CC_NORM)
    }

    /// Prints the candidates below the line, then redraws prompt and line under them.
    private func showListing(_ items: [String]) {
        writeOutput("\n")
        var show = true
        if items.count > Self.listingQueryThreshold {
            writeOutput("Display all \(items.count) possibilities? (y or n) ")
            var answer: CChar = 0
            show = el_getc(editLine, &answer) == 1 && (answer == CChar(UInt8(ascii: "y")) || answer == CChar(UInt8(ascii: "Y")))
            writeOutput("\n")
        }
        if show {
            let width = Int(dirq_el_columns(editLine))
            for row in CompletionListing.lines(items, width: width) { writeOutput(row + "\n") }
        }
        // libedit still thinks the cursor is on the edit line: make it redraw from here.
        dirq_el_refresh(editLine)
    }
}
