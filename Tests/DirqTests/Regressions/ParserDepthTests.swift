import Testing
@testable import Dirq

/// The recursive-descent parser overflowed the stack (a crash, SIGSEGV) on deeply nested input:
/// a few thousand `(`, `-` or `not`, or nested calls and `in` lists. Found while fuzzing the
/// `parser` target: `users where a in ((((…` with 3,000 `(` overflowed under ASan. Nesting is
/// now limited (`Parser.maxDepth`) and reported as `parse.too-deep`.
///
/// A long chain (`a or b or …` with 20,000 operands, `x.a.b.…`) parsed without recursion but made
/// a tree 20,000 levels deep, which overflowed the stack in the binder and the printer (both
/// recursive) — the `query` and `parser` targets crashed on such input. The tree's depth is now
/// limited too: at most 256 chain operators per expression (`Parser.maxChainOperators`), which with
/// the nesting limit bounds the tree's height (a debug build evaluating a 600-operand `or` chain
/// overflowed the stack of a Swift Testing thread).
@Suite("Regressions: deeply nested expressions")
struct ParserDepthTests {
    static let deep = 5_000

    static func diagnostics(_ text: String) -> [Diagnostic] {
        Session.parse(SourceText(name: "<deep>", text: text)).diagnostics
    }

    /// 5,000 levels of each kind of nesting (named, so that the test log stays short).
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
        try Self.expectTooDeep(text, "the expression is nested more than 128 levels deep", after: 128)
    }

    static func expectTooDeep(_ text: String, _ message: String, after offset: Int) throws {
        let d = try #require(Self.diagnostics(text).first)
        #expect(d.id == "parse.too-deep")
        #expect(d.message == message)
        #expect(!d.isIncomplete)
        let range = try #require(d.range)
        #expect(range.lowerBound > offset && range.upperBound <= text.utf8.count)
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

    /// 5,000 operands in a chain, each kind of operator, all valid (so that they bind and evaluate).
    static let chains: KeyValuePairs<String, String> = [
        "or": "users where " + String(repeating: "department = \"x\" or ", count: deep) + "department = \"IT\"",
        "and": "users where " + String(repeating: "exists upn and ", count: deep) + "department = \"IT\"",
        "plus": "users select x = " + String(repeating: "1 + ", count: deep) + "1",
        "times": "users select x = " + String(repeating: "1 * ", count: deep) + "1",
        "members": "users select x = proxyAddresses" + String(repeating: ".address", count: deep),
    ]

    @Test("a chain deeper than the tree limit is a syntax error, not a crash",
          arguments: ["or", "and", "plus", "times", "members"])
    func longChainIsAnError(_ kind: String) throws {
        let text = try #require(Self.chains.first { $0.key == kind }?.value)
        // Running it (binding and evaluating the tree) is where the stack overflowed.
        #expect { try TestTenant.session().query(text) } throws: { ($0 as? Diagnostic)?.id == "parse.too-deep" }
        try Self.expectTooDeep(text, "the expression has more than 256 operators in chains", after: 256)
    }

    @Test("chains within the limit parse and run, also nested in parentheses")
    func chainsWithinTheLimitRun() throws {
        let session = TestTenant.session()
        let ors = "users where " + String(repeating: "department = \"IT\" or ", count: 250) + "department = \"IT\""
        #expect(try session.query(ors).rows.count == 2)
        let sum = "users take 1 select x = " + String(repeating: "1 + ", count: 250) + "1"
        #expect(try session.query(sum).rows.first?.last == .int(251))
        // The deepest tree the limits allow is evaluated without overflowing the stack: a
        // 250-operand chain whose last operand nests 60 levels of `not (…)`.
        let deepest = "users where " + String(repeating: "department = \"x\" or ", count: 250)
            + String(repeating: "not (", count: 60) + "department = \"IT\"" + String(repeating: ")", count: 60)
        #expect(try session.query(deepest).rows.count == 2)
        // Chains nested in parentheses add up: 100 levels of a 20-operand chain is too deep.
        var nestedChains = "a"
        for _ in 0..<100 { nestedChains = "(" + nestedChains + String(repeating: " or a", count: 20) + ")" }
        let d = try #require(Self.diagnostics("users where " + nestedChains).first)
        #expect(d.id == "parse.too-deep")
    }
}
