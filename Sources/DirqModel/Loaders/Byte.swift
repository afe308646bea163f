/// The ASCII bytes the text readers look for, by name.
package enum Byte {
    package static let lf = UInt8(ascii: "\n")
    package static let cr = UInt8(ascii: "\r")
    package static let tab = UInt8(ascii: "\t")
    package static let space = UInt8(ascii: " ")
    package static let quote = UInt8(ascii: "\"")
    package static let apostrophe = UInt8(ascii: "'")
    package static let comma = UInt8(ascii: ",")
    package static let semicolon = UInt8(ascii: ";")
    package static let colon = UInt8(ascii: ":")
    package static let dot = UInt8(ascii: ".")
    package static let minus = UInt8(ascii: "-")
    package static let openBrace = UInt8(ascii: "{")
    package static let closeBrace = UInt8(ascii: "}")
    package static let bigX = UInt8(ascii: "X")

    /// How many line feeds `b` holds, counted eight bytes at a time. (No `nonzeroBitCount` per
    /// word: without a POPCNT instruction in the baseline x86-64 target it is a dozen
    /// instructions, which made counting the line feeds of a 718 MB LDIF file take 0.2 s.)
    package static func lineFeeds(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = b.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101, low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let evenBytes: UInt64 = 0x00FF_00FF_00FF_00FF
        var n = 0, i = 0
        while i + 8 <= b.count {
            // Per byte lane, how many line feeds it has seen (at most 255 words per round).
            var lanes: UInt64 = 0
            var words = 0
            while words < 255 && i + 8 <= b.count {
                // A byte of x is zero exactly where the word holds a line feed; y has the high bit
                // of each zero byte of x set, and no other bit (no borrow crosses bytes).
                let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ (ones &* 0x0A)
                let y = ~(((x & low7) &+ low7) | x | low7)
                lanes &+= y >> 7
                words += 1
                i += 8
            }
            // The eight lane counts added: pairs into 16-bit lanes, then those by one multiply.
            let pairs = (lanes & evenBytes) &+ ((lanes >> 8) & evenBytes)
            n += Int((pairs &* 0x0001_0001_0001_0001) >> 48)
        }
        while i < b.count {
            if b[i] == 0x0A { n += 1 }
            i += 1
        }
        return n
    }
}
