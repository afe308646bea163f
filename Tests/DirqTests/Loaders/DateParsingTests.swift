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
        #expect(DateParsing.parse(text)?.seconds == unix)
    }

    /// Seven fractional digits (.NET's tick precision, as Graph writes them).
    @Test func sevenFractionalDigits() throws {
        let t = try #require(DateParsing.parse("2024-05-01T10:00:00.1234567Z"))
        #expect(t.ticks == 17_145_576_001_234_567)
        #expect(t.text == "2024-05-01T10:00:00.1234567Z")
        // Digits below a tick do not count.
        let t9 = try #require(DateParsing.parse("2024-05-01T10:00:00.123456789Z"))
        #expect(t9.ticks == 17_145_576_001_234_567)
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

    // MARK: en-US DateTime.ToString() (Windows PowerShell's Export-Csv and Format-List)

    /// Month first, 12-hour with AM/PM or 24-hour, read as UTC; exact values from Python's `datetime`.
    @Test(arguments: [
        ("11/26/2026 3:04:05 PM", 1_795_705_445.0),
        ("11/26/2026 15:04:05", 1_795_705_445),
        ("11/26/2026 03:04:05 PM", 1_795_705_445),
        ("11/26/2026 3:04:05 pm", 1_795_705_445),
        ("11/26/2026 3:04:05\u{202F}PM", 1_795_705_445),  // .NET 5+ with ICU 72: narrow no-break space
        ("11/26/2026 12:04:05 AM", 1_795_651_445),         // 12 AM is midnight
        ("11/26/2026 0:04:05", 1_795_651_445),
        ("11/26/2026 12:04:05 PM", 1_795_694_645),         // 12 PM is noon
        ("11/26/2026 12:04:05", 1_795_694_645),
        ("1/1/2026 12:00:00 AM", 1_767_225_600),
        ("01/01/2026 00:00:00", 1_767_225_600),
        ("2/28/2026 11:59:59 PM", 1_772_323_199),
        ("2/29/2024 12:00:00 PM", 1_709_208_000),
        ("5/1/2024 10:00:00 AM", 1_714_557_600),
        ("1/15/2024 10:02:14 AM", 1_705_312_934),
        // ISO with a space and milliseconds, no zone (SQL Server's datetime text): UTC.
        ("2024-05-01 10:00:00.000", 1_714_557_600),
        ("2024-05-01 10:00:00.500", 1_714_557_600.5),
    ])
    func enUS(text: String, unix: Double) {
        #expect(DateParsing.parse(text)?.seconds == unix, "\(text)")
    }

    @Test(arguments: [
        "11/26/2026", "11/26/2026 3:04 PM", "11/26/2026 3:04", "11/26/26 3:04:05 PM", "13/26/2026 3:04:05 PM",
        "11/31/2026 3:04:05 PM", "2/29/2026 3:04:05 PM", "0/26/2026 3:04:05 PM",
        "11/26/2026 13:04:05 PM", "11/26/2026 0:04:05 AM", "11/26/2026 24:00:00", "11/26/2026 3:60:05 PM",
        "11/26/2026 3:04:61", "11/26/2026 3:04:05 XM", "11/26/2026 3:04:05 P", "11/26/2026 3:04:05 PMx",
        "11/26/2026  3:04:05 PM", "11/26/2026 3:04:05PM", "11/26/2026 3:04:05 PM ", "11/26/2026T3:04:05",
        "11-26-2026 3:04:05 PM", "111/26/2026 3:04:05", "1/2/3/4/5/6/7", "3/4 of 1234",
    ])
    func enUSRejected(text: String) {
        #expect(DateParsing.parse(text) == nil, "\(text)")
    }

    // MARK: TimeSpan

    /// `TimeSpan.ToString()`: `[-][d.]hh:mm:ss[.fffffff]`.
    @Test(arguments: [
        ("00:30:00", 1800.0),
        ("00:00:00", 0),
        ("23:59:59", 86399),
        ("1:02:03", 3723),
        ("7.00:00:00", 604_800),
        ("1.02:03:04", 93784),
        ("10675199.02:48:05", 922_337_203_685),
        ("00:00:01.5000000", 1.5),
        ("00:00:00.0000001", 0.0000001),
        ("01:00:00.25", 3600.25),
        ("-00:30:00", -1800),
        ("-1.00:00:00", -86400),
    ])
    func timeSpans(text: String, seconds: Double) throws {
        let t = try #require(DateParsing.timeSpanSeconds(text), "\(text)")
        #expect(abs(t - seconds) < 1e-9, "\(text)")
    }

    @Test(arguments: [
        "", "30", "00:30", "24:00:00", "00:60:00", "00:00:60", "1.24:00:00", "00:30:00.", "00:00:00.12345678",
        "00:30:00 ", " 00:30:00", "1:2:3", "00:3:00", "1.2.03:00:00", "11/26/2026 3:04:05 PM", "2024-05-01",
        "+00:30:00", "--00:30:00", "123456789.00:00:00", "00:30:00Z", "Delta",
    ])
    func timeSpansRejected(text: String) {
        #expect(DateParsing.timeSpanSeconds(text) == nil, "\(text)")
    }

    /// The byte entry point agrees with the string one.
    @Test func bytesEntryPoint() {
        let bytes = Array("2024-05-01T10:00:00Z".utf8)
        #expect(bytes.withUnsafeBufferPointer { DateParsing.parse(utf8: $0) } == DirDate(ticks: 17_145_576_000_000_000))
    }
}
