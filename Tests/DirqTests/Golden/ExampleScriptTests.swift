import Foundation
import Testing
@testable import Dirq

/// Every `Examples/*.dirq` script runs through the `dirq` binary and its transcript (standard
/// output, then standard error) must equal `Examples/<name>.expected`. Set DIRQ_RECORD=1 to
/// re-record the expected files after an intended change, and review the diff.
@Suite struct ExampleScriptTests {
    static var scripts: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Paths.examples.path)) ?? []
        return names.filter { $0.hasSuffix(".dirq") }.sorted()
    }

    @Test func thereAreExamples() {
        #expect(Self.scripts.count >= 3)
    }

    @Test(arguments: scripts)
    func exampleMatchesItsExpectedOutput(_ script: String) throws {
        let r = try Paths.run(Paths.product("dirq"), ["--no-color", "Examples/" + script])
        let transcript = r.out + (r.err.isEmpty ? "" : "--- stderr\n" + r.err) + "--- exit \(r.status)\n"
        let expectedURL = Paths.examples.appendingPathComponent(String(script.dropLast(5)) + ".expected")
        if ProcessInfo.processInfo.environment["DIRQ_RECORD"] != nil {
            try transcript.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(transcript == expected, "\(script): run with DIRQ_RECORD=1 to re-record, then review the diff")
    }

    /// Every function is called in some example, so each has a golden output (a function added to
    /// `Function` without one fails here).
    @Test func everyFunctionIsInAGoldenExample() throws {
        let text = try Self.scripts.map { try String(contentsOf: Paths.examples.appendingPathComponent($0), encoding: .utf8) }
            .joined(separator: "\n").lowercased()
        for f in Function.allCases {
            let re = try NSRegularExpression(pattern: "(^|[^a-z_])" + f.rawValue + "\\(")
            #expect(re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil, "no example calls \(f.rawValue)()")
        }
    }

    /// Every example parses (so Grammar/ and the parser cannot drift apart from the examples).
    @Test(arguments: scripts)
    func exampleParses(_ script: String) throws {
        let text = try String(contentsOf: Paths.examples.appendingPathComponent(script), encoding: .utf8)
        #expect(Session.parse(SourceText(name: script, text: text)).diagnostics.isEmpty)
    }
}
