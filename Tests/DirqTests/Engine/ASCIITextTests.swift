import Foundation
import Testing
@testable import DirqEngine
@testable import Dirq

/// The byte path for `contains`, `starts with` and `ends with` gives the Unicode path's answer on
/// every ASCII text, and declines anything else.
@Suite struct ASCIITextTests {
    static func unicode(_ t: ASCIIText.Test, _ s: String, _ p: String) -> Bool {
        switch t {
        case .contains: return s.range(of: p, options: [.caseInsensitive]) != nil
        case .prefix: return s.caseFolded.hasPrefix(p.caseFolded)
        case .suffix: return s.caseFolded.hasSuffix(p.caseFolded)
        }
    }

    static let texts = ["", "a", "A", "abc", "ABC", "xAbCx", "CN=Jane\\0ACNF:1234,DC=x", "$DUPLICATE-1f2", "a\r\nb", "x\r\n",
                        "\r\n", "@contoso.com", "Z[", "z{", "@`", "ab ab"]
    static let patterns = ["", "a", "B", "abc", "\\0acnf:", "$duplicate-", "\r", "\n", "\r\n", "a\r", "\nb", "[", "{", "`", "@",
                           ".COM", "b a", "ab ab ab"]

    @Test func answersAsTheUnicodePathOnASCII() {
        for s in Self.texts {
            for p in Self.patterns {
                for t in [ASCIIText.Test.contains, .prefix, .suffix] {
                    if let fast = ASCIIText.test(t, s, p) {
                        #expect(fast == Self.unicode(t, s, p), "\(t) \(s.debugDescription) \(p.debugDescription)")
                    }
                }
            }
        }
        // Random ASCII, letters and the bytes next to A–Z and a–z.
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("aAbBzZ@[`{ -\r\n".utf8)
        for _ in 0..<3000 {
            let s = String(decoding: (0..<Int.random(in: 0...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }, as: UTF8.self)
            let p = String(decoding: (0..<Int.random(in: 0...3, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }, as: UTF8.self)
            for t in [ASCIIText.Test.contains, .prefix, .suffix] {
                if let fast = ASCIIText.test(t, s, p) {
                    #expect(fast == Self.unicode(t, s, p), "\(t) \(s.debugDescription) \(p.debugDescription)")
                }
            }
        }
    }

    @Test func declinesWhatIsNotASCIIOrStraddlesACRLF() {
        #expect(ASCIIText.test(.contains, "Renée", "e") == nil)
        #expect(ASCIIText.test(.prefix, "abc", "Ä") == nil)
        #expect(ASCIIText.test(.prefix, "a\r\nb", "a\r") == nil)
        #expect(ASCIIText.test(.suffix, "a\r\nb", "\nb") == nil)
        #expect(ASCIIText.test(.contains, "CN=X\\0ACNF:1,DC=x", "\\0acnf:") == true)
        #expect(ASCIIText.test(.prefix, "$DUPLICATE-9", "$duplicate-") == true)
        #expect(ASCIIText.test(.contains, "abc", "") == false)
    }
}
