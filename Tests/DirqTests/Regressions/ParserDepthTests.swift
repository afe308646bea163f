import Testing
@testable import Dirq

/// The recursive-descent parser overflowed the stack (a crash, SIGSEGV) on deeply nested input:
/// a few thousand `(`, `-` or `not`, or nested calls and `in` lists. Found while fuzzing the
/// `parser` target: `users where a in ((((…` with 3,000 `(` overflowed under ASan. Nesting is
/// now limited (`Parser.maxDepth`) and reported as `parse.too-deep`.
@Suite("Regressions: deeply nested expressions")
struct ParserDepthTests {
    static let deep = 100_000

    static func diagnostics(_ text: String) -> [Diagnostic] {
        Session.parse(SourceText(name: "<deep>", text: text)).diagnostics
    }

    /// 100,000 levels of each kind of nesting (named, so that the test log stays short).
    static let inputs: KeyValuePairs<String, String> = [
        "parentheses": "users where " + String(repeating: "(", count: deep) + "a" + String(repeating: ")", count: deep),
        "open in-lists": "users where a in " + String(repeating: "(", count: deep),
        "unary minus": "users where " + String(repeating: "-", count: deep) + "a",
        "not": "users where " + String(repeating: "not ", count: deep) + "a",
        "calls": "users select " + String(repeating: "lower(", count: deep) + "a" + String(repeating: ")", count: deep),
        "exists": "users where " + String(repeating: "exists (", count: deep) + "a" + String(repeating: ")", count: deep),
    ]

    @Test("deep nesting is a located syntax error, not a crash",
          arguments: ["parentheses", "open in-lists", "unary minus", "not", "calls", "exists"])
    func deepNestingIsAnError(_ kind: String) throws {
        let text = try #require(Self.inputs.first { $0.key == kind }?.value)
        let d = try #require(Self.diagnostics(text).first)
        #expect(d.id == "parse.too-deep")
        #expect(d.message == "the expression is nested more than 128 levels deep")
        #expect(!d.isIncomplete)
        let range = try #require(d.range)
        #expect(range.lowerBound > 128 && range.upperBound <= text.utf8.count)
    }

    @Test("nesting up to the limit still parses and runs")
    func nestingWithinTheLimitParses() throws {
        let session = TestTenant.session()
        let text = "users where " + String(repeating: "(", count: 100) + "department = \"IT\"" + String(repeating: ")", count: 100)
            + " select x = " + String(repeating: "- ", count: 100) + "1"
        #expect(Self.diagnostics(text).isEmpty)
        let table = try session.query(text)
        #expect(table.rows.count == 2)
    }

    @Test("an error in a deep expression does not leak depth into the next statement")
    func depthIsResetAfterAnError() {
        let deep = "users where " + String(repeating: "(", count: 150) + "a"
        let fine = "users where " + String(repeating: "(", count: 120) + "a" + String(repeating: ")", count: 120)
        let diags = Self.diagnostics(deep + "\n" + fine + "\n" + fine)
        #expect(diags.map(\.id) == ["parse.too-deep"])
    }
}
