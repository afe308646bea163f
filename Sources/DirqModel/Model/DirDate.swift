/// A point in time as a directory attribute holds it: exact to the 100-nanosecond tick (the
/// resolution of AD's Large-Integer times and of .NET's `DateTime`), with the UTC offset it was
/// written in kept for display only.
///
/// Two dates are equal when they name the same instant: `2024-01-15T12:00:00+02:00` equals
/// `2024-01-15T10:00:00Z`, and each prints as it was written.
public struct DirDate: Sendable, Hashable, Comparable {
    public static let ticksPerSecond: Int64 = 10_000_000
    /// FILETIME ticks (since 1601-01-01) of 1970-01-01T00:00:00Z.
    package static let fileTimeEpochTicks: Int64 = 116_444_736_000_000_000

    /// 100-ns ticks since 1970-01-01T00:00:00Z (negative before).
    public var ticks: Int64
    /// Minutes east of UTC the value was written in (0 for `Z` or no zone); display only.
    public var offsetMinutes: Int16

    public init(ticks: Int64, offsetMinutes: Int16 = 0) {
        self.ticks = ticks
        self.offsetMinutes = offsetMinutes
    }

    /// Unix seconds (fractions kept to the tick).
    public init(seconds: Double) {
        self.init(ticks: Int64((seconds * Double(Self.ticksPerSecond)).rounded()))
    }

    /// An AD Large-Integer time (FILETIME: ticks since 1601-01-01 UTC).
    public init(fileTime: Int64) {
        self.init(ticks: fileTime &- Self.fileTimeEpochTicks)
    }

    /// Unix seconds, for arithmetic that does not need ticks.
    public var seconds: Double { Double(ticks) / Double(Self.ticksPerSecond) }

    public static func == (a: DirDate, b: DirDate) -> Bool { a.ticks == b.ticks }
    public func hash(into h: inout Hasher) { h.combine(ticks) }
    public static func < (a: DirDate, b: DirDate) -> Bool { a.ticks < b.ticks }

    /// ISO 8601 in the offset it was written in: `2024-01-15T10:02:11.123Z`,
    /// `2024-01-15T12:02:11+02:00`; the fraction shows only the digits it has.
    public var text: String {
        let local = ticks &+ Int64(offsetMinutes) * 60 * Self.ticksPerSecond
        var secs = local / Self.ticksPerSecond
        var frac = local % Self.ticksPerSecond
        if frac < 0 {
            frac += Self.ticksPerSecond
            secs -= 1
        }
        var days = secs / 86400
        var rem = secs % 86400
        if rem < 0 {
            rem += 86400
            days -= 1
        }
        let (y, m, d) = Self.civil(fromDays: days)
        var s = Self.pad(y, 4) + "-" + Self.pad(m, 2) + "-" + Self.pad(d, 2) + "T"
        s += Self.pad(rem / 3600, 2) + ":" + Self.pad(rem / 60 % 60, 2) + ":" + Self.pad(rem % 60, 2)
        if frac > 0 {
            var digits = Self.pad(frac, 7)
            while digits.hasSuffix("0") { digits.removeLast() }
            s += "." + digits
        }
        if offsetMinutes == 0 { return s + "Z" }
        let o = Int64(abs(Int(offsetMinutes)))
        return s + (offsetMinutes < 0 ? "-" : "+") + Self.pad(o / 60, 2) + ":" + Self.pad(o % 60, 2)
    }

    private static func pad(_ n: Int64, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Proleptic Gregorian year, month, day of a day count since 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`, the inverse of `DateParsing.daysSinceEpoch`).
    package static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
