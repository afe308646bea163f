/// Recognises the date forms directory exports write, and turns them into `DirDate`s (exact to
/// the 100-ns tick, the written offset kept for display).
///
/// Loaders call it on every string value, so it must reject ordinary strings in a byte or two:
/// a date starts with a digit or `/`, and only a *whole* string that matches one of the forms below
/// is a date (`"2024"`, a GUID, a phone number stay strings).
///
///     /Date(<ms>)/  /Date(<ms>±HHMM)/          .NET JSON (ConvertTo-Json in Windows PowerShell);
///                                             ms since the epoch; the offset is display-only
///     YYYY-MM-DD                              a plain date, midnight UTC
///     YYYY-MM-DD(T|t|' ')HH:MM[:SS[.f{1,9}]][zone]
///                                             ISO 8601 / RFC 3339 (Graph, PowerShell 7, Connect
///                                             Health); zone = Z | ±HH[[:]MM]; no zone = UTC
///     YYYYMMDDHHMMSS[.f{1,9}](Z|±HHMM)        LDAP generalized time (`whenCreated: 20240501100000.0Z`);
///                                             the zone is required so 14-digit numbers stay numbers
///     M/D/YYYY h:MM:SS (AM|PM)                .NET `DateTime.ToString()` in en-US (Windows PowerShell's
///     M/D/YYYY H:MM:SS                        Export-Csv and Format-List, `Get-ADSyncScheduler`); 12- or
///     D/M/YYYY H:MM:SS                        24-hour; en-GB, fr-FR and others write the day first;
///                                             read as UTC (the sync engine's own times are UTC, and the
///                                             text carries no zone to say otherwise)
///     D.M.YYYY H:MM[:SS]                      de-DE, ru-RU, pl-PL and the other cultures that write
///                                             dots: always day first
///
/// Day or month first, for slashes: a first number over 12 can only be a day (`26/11/2026`), a
/// second over 12 only a day too (`11/26/2026`); when both are 12 or less (`05/01/2023`) the date is
/// ambiguous and `order` decides: month first (en-US, what Windows PowerShell writes on an
/// en-US machine) unless the load says `--date-order dmy`. `SnapshotBuilder` notes the evidence of
/// each file and warns when a file shows day-first dates while ambiguous ones were read month
/// first: never a silent swap.
///
/// `timeSpanSeconds` reads .NET `TimeSpan` text (`00:30:00`, `7.00:00:00`), which Format-List and
/// Export-Csv write for intervals; TimeSpans stay strings in snapshots, and the engine converts them.
public enum DateParsing {
    /// Which comes first in an ambiguous slash date (`05/01/2023`).
    public enum DayMonthOrder: String, Sendable, CaseIterable {
        case monthFirst = "mdy"
        case dayFirst = "dmy"
    }

    /// What a slash date's numbers say about its order.
    public enum SlashEvidence: Sendable, Equatable {
        case notSlashDate, ambiguous, dayFirst, monthFirst
    }

    /// The date `s` names, if the whole string is a date in one of the recognised forms.
    public static func parse(_ s: String, order: DayMonthOrder = .monthFirst) -> DirDate? {
        guard let first = s.utf8.first, isDigit(first) || first == slash else { return nil }
        var copy = s
        return copy.withUTF8 { parse(utf8: $0, order: order) }
    }

    /// The same on UTF-8 bytes, so loaders can test a value before making a `String` of it.
    public static func parse(utf8 b: UnsafeBufferPointer<UInt8>, order: DayMonthOrder = .monthFirst) -> DirDate? {
        guard b.count >= 9, b.count <= 48 else { return nil }
        if b[0] == slash { return parseDotNet(b) }
        guard isDigit(b[0]) else { return nil }
        if b[1] == slash || b[2] == slash { return parseSlashed(b, order: order) }
        if b[1] == dot || b[2] == dot { return parseDotted(b) }
        if b[4] == minus { return parseISO(b) }
        return parseGeneralized(b)
    }

    /// What the first two numbers of a slash date (`D/M/…` or `M/D/…`) say about day and month;
    /// `.notSlashDate` when `s` does not start like one. Reads at most six bytes and allocates
    /// nothing: loaders ask it for every date they read (of a value that did read as a date).
    public static func slashEvidence(_ s: String) -> SlashEvidence {
        var numbers = (0, 0), count = 0, digits = 0
        for c in s.utf8.prefix(6) {
            if isDigit(c) {
                guard digits < 2 else { return .notSlashDate }
                if count == 0 { numbers.0 = numbers.0 * 10 + Int(c &- 0x30) } else { numbers.1 = numbers.1 * 10 + Int(c &- 0x30) }
                digits += 1
            } else if c == slash, digits > 0 {
                count += 1
                digits = 0
                if count == 2 { break }
            } else {
                return .notSlashDate
            }
        }
        guard count == 2 else { return .notSlashDate }
        if numbers.0 > 12 { return .dayFirst }
        if numbers.1 > 12 { return .monthFirst }
        return .ambiguous
    }

    // MARK: - Forms

    /// `/Date(-?<digits>([+-]HHMM)?)/`
    private static func parseDotNet(_ b: UnsafeBufferPointer<UInt8>) -> DirDate? {
        var c = Cursor(b: b)
        for ch in "/Date(".utf8 where !c.eat(ch) { return nil }
        let negative = c.eat(minus)
        guard let ms = c.number(minDigits: 1, maxDigits: 17) else { return nil }
        var offsetMinutes = 0
        if c.peek == plus || c.peek == minus {
            let sign = c.peek == minus ? -1 : 1
            c.i += 1
            guard let offset = c.number(minDigits: 4, maxDigits: 4), offset % 100 < 60, offset / 100 < 24 else { return nil }
            offsetMinutes = sign * (offset / 100 * 60 + offset % 100)
        }
        guard c.eat(UInt8(ascii: ")")), c.eat(slash), c.atEnd else { return nil }
        return DirDate(ticks: Int64(negative ? -ms : ms) * 10_000, offsetMinutes: Int16(offsetMinutes))
    }

    /// The date of a civil time `offset` seconds east of UTC, plus `fraction` ticks.
    private static func date(days: Int, hour: Int, minute: Int, second: Int, fraction: Int64, offset: Int) -> DirDate {
        let secs = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second - offset)
        return DirDate(ticks: secs * DirDate.ticksPerSecond + fraction, offsetMinutes: Int16(offset / 60))
    }

    /// `YYYY-MM-DD[(T|t|' ')HH:MM[:SS[.fraction]][zone]]`
    private static func parseISO(_ b: UnsafeBufferPointer<UInt8>) -> DirDate? {
        var c = Cursor(b: b)
        guard let year = c.number(minDigits: 4, maxDigits: 4), c.eat(minus),
              let month = c.number(minDigits: 2, maxDigits: 2), c.eat(minus),
              let day = c.number(minDigits: 2, maxDigits: 2),
              let days = daysSinceEpoch(year: year, month: month, day: day)
        else { return nil }
        if c.atEnd { return date(days: days, hour: 0, minute: 0, second: 0, fraction: 0, offset: 0) }
        guard c.eat(UInt8(ascii: "T")) || c.eat(UInt8(ascii: "t")) || c.eat(UInt8(ascii: " ")),
              let hour = c.number(minDigits: 2, maxDigits: 2), hour < 24, c.eat(colon),
              let minute = c.number(minDigits: 2, maxDigits: 2), minute < 60
        else { return nil }
        var second = 0, fraction: Int64 = 0
        if c.eat(colon) {
            guard let s = c.number(minDigits: 2, maxDigits: 2), s <= 60 else { return nil }
            second = s
            if c.eat(UInt8(ascii: ".")) || c.eat(UInt8(ascii: ",")) {
                guard let f = c.fractionTicks() else { return nil }
                fraction = f
            }
        }
        guard let offset = c.zone(iso: true), c.atEnd else { return nil }
        return date(days: days, hour: hour, minute: minute, second: second, fraction: fraction, offset: offset)
    }

    /// `YYYYMMDDHHMMSS[.fraction](Z|±HHMM)`
    private static func parseGeneralized(_ b: UnsafeBufferPointer<UInt8>) -> DirDate? {
        var c = Cursor(b: b)
        guard let year = c.number(minDigits: 4, maxDigits: 4),
              let month = c.number(minDigits: 2, maxDigits: 2),
              let day = c.number(minDigits: 2, maxDigits: 2),
              let days = daysSinceEpoch(year: year, month: month, day: day),
              let hour = c.number(minDigits: 2, maxDigits: 2), hour < 24,
              let minute = c.number(minDigits: 2, maxDigits: 2), minute < 60,
              let s = c.number(minDigits: 2, maxDigits: 2), s <= 60
        else { return nil }
        var fraction: Int64 = 0
        if c.eat(UInt8(ascii: ".")) {
            guard let f = c.fractionTicks() else { return nil }
            fraction = f
        }
        guard !c.atEnd, let offset = c.zone(iso: false), c.atEnd else { return nil }
        return date(days: days, hour: hour, minute: minute, second: s, fraction: fraction, offset: offset)
    }

    /// `D.M.YYYY H:MM[:SS]`: the day first, always (the cultures that write dots).
    private static func parseDotted(_ b: UnsafeBufferPointer<UInt8>) -> DirDate? {
        var c = Cursor(b: b)
        guard let day = c.number(minDigits: 1, maxDigits: 2), c.eat(dot),
              let month = c.number(minDigits: 1, maxDigits: 2), c.eat(dot),
              let year = c.number(minDigits: 4, maxDigits: 4),
              let days = daysSinceEpoch(year: year, month: month, day: day),
              c.eat(UInt8(ascii: " ")),
              let hour = c.number(minDigits: 1, maxDigits: 2), hour < 24, c.eat(colon),
              let minute = c.number(minDigits: 2, maxDigits: 2), minute < 60
        else { return nil }
        var second = 0
        if c.eat(colon) {
            guard let s = c.number(minDigits: 2, maxDigits: 2), s <= 60 else { return nil }
            second = s
        }
        guard c.atEnd else { return nil }
        return date(days: days, hour: hour, minute: minute, second: second, fraction: 0, offset: 0)
    }

    /// `M/D/YYYY h:MM:SS AM`, `M/D/YYYY H:MM:SS` or the day first: day and month of one or two
    /// digits (which is which: see the type's comment), the hour of one or two (1–12 with AM/PM,
    /// else 0–23), minutes and seconds of two. .NET 5+ with ICU 72 writes a narrow no-break space
    /// (U+202F) before AM/PM, older ones a space; both are read.
    private static func parseSlashed(_ b: UnsafeBufferPointer<UInt8>, order: DayMonthOrder) -> DirDate? {
        var c = Cursor(b: b)
        guard let first = c.number(minDigits: 1, maxDigits: 2), c.eat(slash),
              let second = c.number(minDigits: 1, maxDigits: 2), c.eat(slash),
              let year = c.number(minDigits: 4, maxDigits: 4)
        else { return nil }
        let dayFirst = first > 12 || (second <= 12 && order == .dayFirst)
        let (month, day) = dayFirst ? (second, first) : (first, second)
        guard let days = daysSinceEpoch(year: year, month: month, day: day),
              c.eat(UInt8(ascii: " ")),
              var hour = c.number(minDigits: 1, maxDigits: 2), c.eat(colon),
              let minute = c.number(minDigits: 2, maxDigits: 2), minute < 60, c.eat(colon),
              let second = c.number(minDigits: 2, maxDigits: 2), second <= 60
        else { return nil }
        if c.atEnd {
            guard hour < 24 else { return nil }
        } else {
            guard c.eat(UInt8(ascii: " ")) || c.eatNarrowNoBreakSpace(), hour >= 1, hour <= 12 else { return nil }
            let pm: Bool
            switch c.peek | 0x20 {
            case UInt8(ascii: "a"): pm = false
            case UInt8(ascii: "p"): pm = true
            default: return nil
            }
            c.i += 1
            guard c.peek | 0x20 == UInt8(ascii: "m") else { return nil }
            c.i += 1
            guard c.atEnd else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        return date(days: days, hour: hour, minute: minute, second: second, fraction: 0, offset: 0)
    }

    /// Seconds in a .NET `TimeSpan` as `TimeSpan.ToString()` writes it (the constant format "c"):
    ///
    ///     [-][d.]hh:mm:ss[.fffffff]       00:30:00  7.00:00:00  1.02:03:04  00:00:01.5000000
    ///
    /// Days are 1–8 digits, hours 1–2 digits below 24, minutes and seconds two digits below 60,
    /// the fraction 1–7 digits. Nil for anything else (`10:00` without seconds is not read, so a
    /// clock time is not mistaken for an interval).
    public static func timeSpanSeconds(_ s: String) -> Double? {
        var copy = s
        return copy.withUTF8 { b -> Double? in
            guard b.count >= 7, b.count <= 32 else { return nil }
            var c = Cursor(b: b)
            let negative = c.eat(minus)
            guard let first = c.number(minDigits: 1, maxDigits: 8) else { return nil }
            var days = 0, hours = first
            if c.eat(UInt8(ascii: ".")) {
                days = first
                guard let h = c.number(minDigits: 1, maxDigits: 2) else { return nil }
                hours = h
            }
            guard hours < 24, c.eat(colon),
                  let minutes = c.number(minDigits: 2, maxDigits: 2), minutes < 60, c.eat(colon),
                  let seconds = c.number(minDigits: 2, maxDigits: 2), seconds < 60
            else { return nil }
            var total = Double(days * 86400 + hours * 3600 + minutes * 60 + seconds)
            if c.eat(UInt8(ascii: ".")) {
                guard let f = c.fractionTicks(maxDigits: 7) else { return nil }
                total += Double(f) / Double(DirDate.ticksPerSecond)
            }
            guard c.atEnd else { return nil }
            return negative ? -total : total
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date, or nil for an impossible date
    /// (`2024-02-30`). Howard Hinnant's `days_from_civil`: exact, no tables, no Foundation.
    package static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int? {
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: - Bytes

    private static let slash = UInt8(ascii: "/"), minus = UInt8(ascii: "-"), plus = UInt8(ascii: "+")
    private static let dot = UInt8(ascii: ".")
    private static let colon = UInt8(ascii: ":")

    @inline(__always)
    private static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    /// A read position in the candidate string; every read is bounds-checked so a short string
    /// simply fails to match.
    private struct Cursor {
        package let b: UnsafeBufferPointer<UInt8>
        package var i = 0

        package var atEnd: Bool { i == b.count }
        package var peek: UInt8 { i < b.count ? b[i] : 0 }

        package mutating func eat(_ ch: UInt8) -> Bool {
            guard i < b.count, b[i] == ch else { return false }
            i += 1
            return true
        }

        /// `minDigits...maxDigits` decimal digits; stops after `maxDigits` so fixed-width fields
        /// (`YYYYMMDD…`) can follow each other; the caller checks what comes next.
        package mutating func number(minDigits: Int, maxDigits: Int) -> Int? {
            var n = 0, k = 0
            while k < maxDigits, i < b.count, isDigit(b[i]) {
                n = n * 10 + Int(b[i] &- 0x30)
                i += 1
                k += 1
            }
            return k >= minDigits ? n : nil
        }

        /// U+202F NARROW NO-BREAK SPACE (`E2 80 AF`).
        package mutating func eatNarrowNoBreakSpace() -> Bool {
            guard i + 3 <= b.count, b[i] == 0xE2, b[i + 1] == 0x80, b[i + 2] == 0xAF else { return false }
            i += 3
            return true
        }

        /// The digits after the decimal point (1 to `maxDigits` of them) as 100-ns ticks; digits
        /// past the seventh are below a tick and do not count.
        package mutating func fractionTicks(maxDigits: Int = 9) -> Int64? {
            var n: Int64 = 0, k = 0
            while k < maxDigits, i < b.count, isDigit(b[i]) {
                if k < 7 { n = n * 10 + Int64(b[i] &- 0x30) }
                i += 1
                k += 1
            }
            guard k > 0 else { return nil }
            for _ in min(k, 7)..<7 { n *= 10 }
            return n
        }

        /// The zone as seconds east of UTC: `Z`, or in ISO form `±HH`, `±HHMM`, `±HH:MM`; in
        /// generalized time only `±HHMM`. 0 when there is no zone at all (the caller decides
        /// whether that is allowed).
        package mutating func zone(iso: Bool) -> Int? {
            if atEnd { return 0 }
            if eat(UInt8(ascii: "Z")) || eat(UInt8(ascii: "z")) { return 0 }
            let sign: Int
            if eat(plus) { sign = 1 } else if eat(minus) { sign = -1 } else { return nil }
            guard let hh = number(minDigits: 2, maxDigits: 2), hh < 24 else { return nil }
            var mm = 0
            if iso && eat(colon) {
                guard let m = number(minDigits: 2, maxDigits: 2) else { return nil }
                mm = m
            } else if !atEnd {
                guard let m = number(minDigits: 2, maxDigits: 2) else { return nil }
                mm = m
            } else if !iso {
                return nil
            }
            guard mm < 60 else { return nil }
            return sign * (hh * 3600 + mm * 60)
        }
    }
}
