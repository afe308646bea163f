import Testing
@testable import Dirq

/// Findings sorted with their texts prepared once (`Finding.sortedByValue`) come in the order
/// the pairwise comparison (`Finding.byValue`, `Compare.sortOrder` on each field) gives, ties
/// kept in the order found.
@Suite struct FindingOrderTests {
    static let values: [Value] = [
        .string("joe@contoso.com"), .string("JOE@contoso.com"), .string("Joe@Contoso.com"), .string("ann@contoso.com"),
        .string("9"), .string("10"), .string("010"), .string("-3"), .string("Renée"), .string("RENE\u{301}E"),
        .string("Straße"), .string("strasse"), .string(""), .int(5), .int(12), .date(DirDate(seconds: 1_705_276_800)),
        .null, .list([.string("a"), .string("b")]),
    ]
    static let texts = ["onprem", "cloud", "Cloud", "CN=A,DC=x", "cn=a,dc=x", "CN=B,DC=x", "2", "10", "userPrincipalName",
                        "proxyAddresses"]

    @Test(arguments: [1, 2, 3, 4, 5])
    func preparedOrderIsThePairwiseOrder(seed: UInt64) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let findings = (0..<400).map { i in
            Finding(check: "c", severity: .error, snapshot: Self.texts[next(3)], object: Self.texts[next(Self.texts.count)],
                    attribute: Self.texts[8 + next(2)], value: Self.values[next(Self.values.count)], detail: "\(i)")
        }
        let expected = findings.sorted(by: Finding.byValue)
        #expect(Finding.sortedByValue(findings).map(\.detail) == expected.map(\.detail))
    }
}
