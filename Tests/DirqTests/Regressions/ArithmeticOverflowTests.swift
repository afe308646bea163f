import Testing
@testable import Dirq

/// Negating the smallest Int64 trapped (arithmetic overflow, a crash): `-(0 - 9223372036854775807 - 1)`.
/// Found by reading the evaluator after fuzzing (the `query` target then crashed on it at once);
/// now it gives a double, as `+`, `-` and `*` do when the result does not fit.
@Suite("Regressions: integer overflow")
struct ArithmeticOverflowTests {
    static func value(_ expr: String) throws -> Value {
        let t = try TestTenant.session().query("users take 1 select x = \(expr)")
        return try #require(t.rows.first?.last)
    }

    @Test("-Int64.min is a double, not a crash")
    func negatingTheSmallestInteger() throws {
        #expect(try Self.value("-(0 - 9223372036854775807 - 1)") == .double(9_223_372_036_854_775_808))
        #expect(try Self.value("- -(0 - 9223372036854775807 - 1)") == .double(-9_223_372_036_854_775_808))
    }

    @Test("other overflows still give doubles and in-range results stay integers", arguments: [
        ("-(0 - 9223372036854775807)", Value.int(9_223_372_036_854_775_807)),
        ("9223372036854775807 + 1", .double(9_223_372_036_854_775_808)),
        ("0 - 9223372036854775807 - 2", .double(-9_223_372_036_854_775_809)),
        ("9223372036854775807 * 2", .double(18_446_744_073_709_551_614)),
        ("-5", .int(-5)),
    ])
    func overflowGivesDoubles(_ expr: String, _ expected: Value) throws {
        #expect(try Self.value(expr) == expected)
    }
}
