/// `contains`, `starts with` and `ends with` on the bytes, when both texts are ASCII: the answer
/// the Unicode-aware tests give (`range(of:options: .caseInsensitive)`, `caseFolded.hasPrefix`),
/// with A–Z folded as the bytes are compared and no string made. Nil when either text holds
/// anything else, or when a CR LF pair could straddle the edge of a prefix or suffix (Swift
/// compares those as one character): then the caller asks the Unicode way.
enum ASCIIText {
    enum Test { case contains, prefix, suffix }

    static func test(_ test: Test, _ s: String, _ pattern: String) -> Bool? {
        var s = s, pattern = pattern
        return s.withUTF8 { t in
            pattern.withUTF8 { p -> Bool? in
                guard isASCII(t), isASCII(p) else { return nil }
                switch test {
                case .contains:
                    return find(p, in: t)
                case .prefix:
                    if p.last == 0x0D || t.count < p.count { return p.last == 0x0D ? nil : false }
                    return equal(t, at: 0, p)
                case .suffix:
                    if p.first == 0x0A || t.count < p.count { return p.first == 0x0A ? nil : false }
                    return equal(t, at: t.count - p.count, p)
                }
            }
        }
    }

    private static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var or: UInt8 = 0
        for x in b { or |= x }
        return or < 0x80
    }

    @inline(__always) private static func fold(_ b: UInt8) -> UInt8 { b &- 65 < 26 ? b | 0x20 : b }

    private static func equal(_ t: UnsafeBufferPointer<UInt8>, at start: Int, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        for k in 0..<p.count where fold(t[start + k]) != fold(p[k]) { return false }
        return true
    }

    private static func find(_ p: UnsafeBufferPointer<UInt8>, in t: UnsafeBufferPointer<UInt8>) -> Bool {
        // Foundation finds no empty text, not even in an empty one.
        guard !p.isEmpty else { return false }
        guard t.count >= p.count else { return false }
        let first = fold(p[0])
        for i in 0...(t.count - p.count) where fold(t[i]) == first && equal(t, at: i, p) { return true }
        return false
    }
}
