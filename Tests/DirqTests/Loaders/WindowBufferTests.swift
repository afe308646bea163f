import Foundation
import Testing
@testable import Dirq

/// The pieces the windowed readers share: the reused window buffer, and the UTF-8 scan cut into
/// pieces on several threads, which must find what one scan of the whole finds.
@Suite struct WindowBufferTests {
    @Test func fillsAndCarriesOverLikeOneRead() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-wb-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        let file = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try Data(file).write(to: url)
        let fd = try InputFile.openForReading(url.path)
        defer { close(fd) }
        var buffer = WindowBuffer()
        var seen: [UInt8] = []
        var reads = 0
        while try buffer.fill(fd, window: 700, path: url.path) > 0 {
            reads += 1
            // Take all but the last 123 bytes held (they move to the front for the next window),
            // as a reader keeps a cut-off record.
            let take = max(buffer.count - 123, 0)
            buffer.withBytes { seen += $0[..<take] }
            buffer.removeFirst(take)
            #expect(buffer.count == min(123, buffer.count))
        }
        buffer.withBytes { seen += $0 }
        #expect(seen == file)
        #expect(reads == 8)  // 700 new bytes per window: 5000 bytes in 8 reads
    }

    @Test(arguments: [
        ("plain ascii\nline two\n", nil as Int?, nil as Int?),
        ("ok\nbad \u{FF} byte\n", 7, nil),
        ("ok\nbom \u{FEFF} here\nmore\n", nil, 7),
        ("é\nà\n\u{FEFF}\n\u{FF}\n", 10, 6),
    ])
    func scanInPiecesFindsTheFirstOfEach(text: String, invalid: Int?, bom: Int?) {
        // U+00FF written as the one byte 0xFF (not UTF-8); everything else as UTF-8.
        let bytes: [UInt8] = text.unicodeScalars.flatMap { $0 == "\u{FF}" ? [0xFF] : Array(String($0).utf8) }
        for parts in 1...6 {
            let scan = bytes.withUnsafeBufferPointer { EncodingScan.inParts($0, parts) }
            #expect(scan.firstInvalid == invalid, "parts \(parts)")
            #expect(scan.firstBOM == bom, "parts \(parts)")
        }
        let whole = bytes.withUnsafeBufferPointer { EncodingScan($0) }
        #expect(whole.firstInvalid == invalid && whole.firstBOM == bom)
    }

    @Test func scanInPiecesAgreesOnRandomText() {
        var rng = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [[0x0A], Array("abc".utf8), Array("é".utf8), [0xEF, 0xBB, 0xBF], [0xC3], [0x80], [0xFF]]
        for _ in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<60, using: &rng) { bytes += pieces.randomElement(using: &rng)! }
            let whole = bytes.withUnsafeBufferPointer { EncodingScan($0) }
            for parts in [2, 3, 5] {
                let split = bytes.withUnsafeBufferPointer { EncodingScan.inParts($0, parts) }
                #expect(split.firstInvalid == whole.firstInvalid && split.firstBOM == whole.firstBOM, "\(bytes) parts \(parts)")
            }
        }
    }
}
