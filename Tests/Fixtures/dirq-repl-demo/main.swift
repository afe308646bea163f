// A toy language behind the real prompt, to test the terminal layer (Tests/terminal/run.sh)
// before the dirq engine is plugged in.
//
//   - a statement is incomplete while its parentheses are unbalanced or it ends with `|`;
//   - Tab completes from a fixed keyword list by prefix (a keyword may contain a space; the
//     150 names m000…m149 are there to make a long list);
//   - running a statement prints `ran: <text>` (and its UTF-8 bytes when not ASCII);
//   - `.quit` leaves; `.sleep` waits up to 10 s, stopped early by Ctrl-C; `.stubborn` waits
//     10 s and ignores Ctrl-C, printing `ignored interrupt N` for each (the REPL ends the
//     process on the third one).
import DirqREPL
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

final class ToyEngine: PromptEngine {
    /// The fixed list, plus m000…m149 to exercise the "Display all N possibilities?" question.
    static let keywords = ["users", "groups", "group by", "where", "userPrincipalName", "upn", "userAccountControl"]
        + (0..<150).map { "m" + String(1000 + $0).dropFirst() }
    let interrupted = Atomic<Bool>(false)
    /// interrupt() calls since `.stubborn` started.
    let interrupts = Atomic<Int>(0)

    func incompleteReason(_ text: String) -> String? {
        var depth = 0
        for ch in text {
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1 }
        }
        if depth > 0 { return "unclosed parenthesis" }
        if text.trimmingSuffix(while: \.isWhitespace).hasSuffix("|") { return "trailing |" }
        return nil
    }

    /// The word starts at the leftmost word boundary from which the text up to the cursor is
    /// a prefix of some keyword, so `group b` completes as one word to `group by`.
    func completions(buffer: String, cursorLine: String, cursor: Int) -> (start: Int, candidates: [String]) {
        let bytes = Array(cursorLine.utf8.prefix(cursor))
        for start in 0...bytes.count {
            let atBoundary = start == 0 || [UInt8(ascii: " "), UInt8(ascii: "("), UInt8(ascii: "\n")].contains(bytes[start - 1])
            guard atBoundary else { continue }
            let fragment = String(decoding: bytes[start...], as: UTF8.self)
            let matches = Self.keywords.filter { $0.hasPrefix(fragment) }
            if !matches.isEmpty { return (start, matches) }
        }
        return (cursor, [])
    }

    func execute(_ text: String) -> Bool {
        if text == ".quit" { return false }
        if text == ".sleep" {
            interrupted.store(false, ordering: .relaxed)
            print("sleeping")
            for _ in 0..<200 {
                if interrupted.load(ordering: .relaxed) {
                    print("interrupted")
                    return true
                }
                usleep(50_000)
            }
            print("slept")
            return true
        }
        if text == ".stubborn" {
            // Deaf to interrupt(), but says when one arrived, so a test can send the next
            // Ctrl-C only once the last was delivered (pending signals of one kind merge).
            interrupts.store(0, ordering: .relaxed)
            print("stubborn")
            fflush(nil)
            var seen = 0
            for _ in 0..<200 {
                usleep(50_000)
                let now = interrupts.load(ordering: .relaxed)
                while seen < now {
                    seen += 1
                    print("ignored interrupt \(seen)")
                    fflush(nil)
                }
            }
            print("done")
            return true
        }
        print("ran: \(text)")
        if !text.utf8.allSatisfy({ $0 < 0x80 }) {
            print("utf8: " + text.utf8.map { hex($0) }.joined(separator: " "))
        }
        return true
    }

    func interrupt() {
        interrupts.add(1, ordering: .relaxed)
        interrupted.store(true, ordering: .relaxed)
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}

extension String {
    func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[..<end]
    }
}

REPL(engine: ToyEngine(), banner: "dirq-repl-demo (toy engine). .quit or Ctrl-D to leave.").run()
