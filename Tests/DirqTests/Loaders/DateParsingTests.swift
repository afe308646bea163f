import Testing
@testable import Dirq

@Suite struct DateParsingTests {
    /// Every recognised form, with its exact unix time (checked against Python's `datetime`).
    @Test(arguments: [
        // .NET JSON dates (ConvertTo-Json in Windows PowerShell): ms since the epoch.
        ("/Date(1700000000000)/", 1_700_000_000.0),
        ("/Date(1700000000000+0100)/", 1_700_000_000),
        ("/Date(1700000000123-0530)/", 1_700_000_000.123),
        ("/Date(0)/", 0),
        ("/Date(-86400000)/", -86400),
        // ISO 8601 / RFC 3339.
        ("2024-05-01T10:00:00Z", 1_714_557_600),
        ("2024-05-01t10:00:00z", 1_714_557_600),
        ("2024-05-01 10:00:00Z", 1_714_557_600),
        ("2024-05-01T10:00:00", 1_714_557_600),
        ("2024-05-01T10:00Z", 1_714_557_600),
        ("2024-05-01T10:00:00.5Z", 1_714_557_600.5),
        ("2024-05-01T10:00:00.25", 1_714_557_600.25),
        ("2024-05-01T10:00:00.000Z", 1_714_557_600),
        ("2024-05-01 10:00:00.000", 1_714_557_600),  // csexport (first-occurred, date-occurred)
        ("2024-05-01T12:00:00+02:00", 1_714_557_600),
        ("2024-05-01T12:00:00+0200", 1_714_557_600),
        ("2024-05-01T12:00:00+02", 1_714_557_600),
        ("2024-05-01T05:00:00-05:00", 1_714_557_600),
        ("2024-05-01T15:30:00.000+05:30", 1_714_557_600),
        ("2024-05-01", 1_714_521_600),
        ("2024-02-29T23:59:59Z", 1_709_251_199),
        ("2000-03-01", 951_868_800),
        ("1969-12-31T23:59:59Z", -1),
        ("0001-01-01T00:00:00Z", -62_135_596_800),
        ("9999-12-31T23:59:59Z", 253_402_300_799),
        // LDAP generalized time (whenCreated, whenChanged).
        ("20240501100000.0Z", 1_714_557_600),
        ("20240501100000Z", 1_714_557_600),
        ("20240501120000+0200", 1_714_557_600),
    ])
    func recognised(text: String, unix: Double) {
        #expect(DateParsing.parse(text) == unix)
    }

    /// Seven fractional digits (.NET's tick precision, as Graph writes them).
    @Test func sevenFractionalDigits() throws {
        let t = try #require(DateParsing.parse("2024-05-01T10:00:00.1234567Z"))
        #expect(abs(t - 1_714_557_600.1234567) < 1e-6)
        let t9 = try #require(DateParsing.parse("2024-05-01T10:00:00.123456789Z"))
        #expect(abs(t9 - 1_714_557_600.123456789) < 1e-6)
    }

    /// Only whole strings in one of the forms are dates; near misses stay strings.
    @Test(arguments: [
        "", "2024", "2024-05", "1714557600", "6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0",
        "12345678-1234-1234-1234-123456789012", "2024-13-01", "2024-00-10", "2024-02-30", "2023-02-29",
        "2024-05-32", "2024-5-01", "2024-05-01T24:00:00Z", "2024-05-01T10:60:00Z", "2024-05-01T10:00:61Z",
        "2024-05-01T10:00:00Zx", "2024-05-01T10:00:00+25:00", "2024-05-01T10:00:00+02:60",
        "2024-05-01T10:00:00.Z", "2024-05-01T10:00:00.1234567890Z", "2024-05-01T10", "2024-05-01x",
        " 2024-05-01", "2024-05-01 ", "/Date()/", "/Date(abc)/", "/Date(1700000000000)", "/Date(1700000000000+01)/",
        "/date(1700000000000)/", "Date(1700000000000)", "20240501100000", "20240501100000.0", "202405011000Z",
        "20240501100000+02:00", "+33 1 23 45 67 89", "2024-05-01T10:00:00 Z",
    ])
    func rejected(text: String) {
        #expect(DateParsing.parse(text) == nil)
    }

    /// The byte entry point agrees with the string one.
    @Test func bytesEntryPoint() {
        let bytes = Array("2024-05-01T10:00:00Z".utf8)
        #expect(bytes.withUnsafeBufferPointer { DateParsing.parse(utf8: $0) } == 1_714_557_600)
    }
}
