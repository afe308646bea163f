import DirqModel
import DirqSyntax
import DirqEngine

/// Terminal columns of text, for aligning tables: one per grapheme cluster (so a decomposed
/// `é`, `e` plus a combining accent, is one column), two for East Asian wide and full-width
/// characters and emoji. Foundation's `padding(toLength:)` counts UTF-16 units instead, which
/// cut `Renée Ürik` written in NFD to `Renée Üri`.
enum TextWidth {
    static func columns(_ s: String) -> Int {
        if let ascii = s.utf8.withContiguousStorageIfAvailable(asciiColumns) ?? nil { return ascii }
        return columnsByCharacter(s)
    }

    /// `columns` one grapheme cluster at a time (what it answers for any text).
    static func columnsByCharacter(_ s: String) -> Int {
        var n = 0
        for ch in s { n += columns(ch) }
        return n
    }

    /// The columns of ASCII text read from its bytes: one per byte, a CR LF pair (one grapheme
    /// cluster) one; nil for text that is not ASCII. Walking the clusters cost more than anything
    /// else in printing the 80 000 findings of `check all` at a million users as a table.
    private static func asciiColumns(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var n = b.count
        for i in 0..<b.count {
            if b[i] >= 0x80 { return nil }
            if b[i] == 0x0A && i > 0 && b[i - 1] == 0x0D { n -= 1 }
        }
        return n
    }

    static func columns(_ ch: Character) -> Int {
        guard let first = ch.unicodeScalars.first else { return 0 }
        if ch.isASCII { return 1 }
        return isWide(first.value) ? 2 : 1
    }

    /// `s` padded with spaces to `width` columns (never cut).
    static func pad(_ s: String, to width: Int) -> String {
        let w = columns(s)
        return w >= width ? s : s + String(repeating: " ", count: width - w)
    }

    /// The longest prefix of `s` that fits in `width` columns.
    static func prefix(_ s: String, columns width: Int) -> String {
        var out = "", used = 0
        for ch in s {
            let w = columns(ch)
            if used + w > width { break }
            out.append(ch)
            used += w
        }
        return out
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges of Unicode's EastAsianWidth.txt, and the
    /// emoji blocks terminals draw two columns wide.
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
             0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
             0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18AFF, 0x1B000...0x1B2FF,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F,
             0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
