import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The edit one Tab press makes, computed from the engine's candidates (no terminal here, so
/// it is unit-testable).
///
/// Behaviour (readline's, with the listing shown on the first ambiguous Tab):
/// - one candidate: it replaces the word, followed by a space unless it ends with `/` or `"`
///   (a path or a string the user may go on typing);
/// - several: the word becomes their longest common prefix when that is longer than what was
///   typed, and the candidates are listed below the line;
/// - none: nothing changes (the caller beeps).
struct CompletionEdit: Equatable {
    /// Unicode scalars to delete before the cursor (libedit counts characters, not bytes).
    var deleteScalars: Int
    /// Text to insert at the cursor after the deletion.
    var insert: String
    /// Candidates to list below the line; empty when there is nothing to list.
    var listing: [String]

    /// True when the edit changes the line.
    var changesLine: Bool { deleteScalars > 0 || !insert.isEmpty }

    /// - Parameters:
    ///   - line: the edited line's UTF-8 bytes.
    ///   - cursor: the cursor's byte offset in `line`.
    ///   - start: the engine's start of the word being completed (clamped to `0...cursor` and
    ///     moved back to a character boundary if it points inside a UTF-8 sequence).
    ///   - candidates: the engine's candidates, in its order (duplicates and empty ones dropped).
    static func make(line: [UInt8], cursor: Int, start: Int, candidates: [String]) -> CompletionEdit? {
        let cursor = min(max(0, cursor), line.count)
        var start = min(max(0, start), cursor)
        while start > 0 && start < line.count && (line[start] & 0xC0) == 0x80 { start -= 1 }
        var seen = Set<String>()
        let unique = candidates.filter { !$0.isEmpty && seen.insert($0).inserted }
        guard !unique.isEmpty else { return nil }

        let typed = String(decoding: line[start..<cursor], as: UTF8.self)
        let typedCount = typed.unicodeScalars.count
        if unique.count == 1 {
            let word = unique[0]
            let suffix = word.hasSuffix("/") || word.hasSuffix("\"") ? "" : " "
            return replacing(typed, with: word, count: typedCount, then: suffix, listing: [])
        }
        let prefix = commonPrefix(unique)
        // Replace only when it adds something: a shorter prefix (the engine matched
        // case-insensitively or fuzzily) would throw away what the user typed.
        if prefix.unicodeScalars.count > typedCount {
            return replacing(typed, with: prefix, count: typedCount, then: "", listing: unique)
        }
        return CompletionEdit(deleteScalars: 0, insert: "", listing: unique)
    }

    /// The edit turning `typed` into `word` + `suffix`: when `word` extends `typed`, only the
    /// rest is inserted (nothing before the cursor is redrawn); otherwise `typed` is replaced.
    private static func replacing(_ typed: String, with word: String, count typedCount: Int,
                                  then suffix: String, listing: [String]) -> CompletionEdit {
        if word.unicodeScalars.starts(with: typed.unicodeScalars) {
            let rest = String(String.UnicodeScalarView(word.unicodeScalars.dropFirst(typedCount)))
            return CompletionEdit(deleteScalars: 0, insert: rest + suffix, listing: listing)
        }
        return CompletionEdit(deleteScalars: typedCount, insert: word + suffix, listing: listing)
    }

    /// The longest common prefix of `words`, by Unicode scalar.
    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map({ Array($0.unicodeScalars) }) else { return "" }
        for word in words.dropFirst() {
            var n = 0
            for scalar in word.unicodeScalars {
                guard n < prefix.count, prefix[n] == scalar else { break }
                n += 1
            }
            prefix.removeSubrange(n...)
        }
        return String(String.UnicodeScalarView(prefix))
    }
}

/// Lays candidates out in columns like `ls`: down each column, then across, each column as
/// wide as the widest candidate plus two spaces, as many columns as fit in `width`.
enum CompletionListing {
    static func lines(_ items: [String], width: Int) -> [String] {
        guard !items.isEmpty else { return [] }
        let widths = items.map(displayWidth)
        let columnWidth = (widths.max() ?? 0) + 2
        let columns = max(1, min(items.count, max(1, width) / columnWidth))
        let rows = (items.count + columns - 1) / columns
        var out: [String] = []
        for row in 0..<rows {
            var line = ""
            for column in 0..<columns {
                let index = column * rows + row
                guard index < items.count else { break }
                line += items[index]
                let isLast = column == columns - 1 || (column + 1) * rows + row >= items.count
                if !isLast { line += String(repeating: " ", count: columnWidth - widths[index]) }
            }
            out.append(line)
        }
        return out
    }

    /// Terminal columns `text` takes (wcwidth per scalar; control characters count 1).
    static func displayWidth(_ text: String) -> Int {
        var total = 0
        for scalar in text.unicodeScalars {
            let w = Int(dirq_wcwidth(scalar.value))
            total += w < 0 ? 1 : w
        }
        return total
    }
}
