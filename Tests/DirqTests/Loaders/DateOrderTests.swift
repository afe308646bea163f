import Foundation
import Testing
@testable import Dirq

/// Dates as other cultures write them (issue 12): day first with dots (de-DE), day or month first
/// with slashes; an ambiguous one (`05/01/2023`) follows a stated rule and never swaps silently.
@Suite struct DateOrderTests {
    @Test(arguments: [
        ("05.01.2023 20:28:37", DateParsing.DayMonthOrder.monthFirst, "2023-01-05T20:28:37Z"),
        ("5.1.2023 08:05", .monthFirst, "2023-01-05T08:05:00Z"),
        ("26/11/2026 15:04:05", .monthFirst, "2026-11-26T15:04:05Z"),   // only day first
        ("11/26/2026 3:04:05 PM", .dayFirst, "2026-11-26T15:04:05Z"),   // only month first
        ("05/01/2023 20:28:37", .monthFirst, "2023-05-01T20:28:37Z"),   // ambiguous: the order
        ("05/01/2023 20:28:37", .dayFirst, "2023-01-05T20:28:37Z"),
        ("2023-01-05 20:28:37", .dayFirst, "2023-01-05T20:28:37Z"),
    ])
    func reads(_ text: String, _ order: DateParsing.DayMonthOrder, _ iso: String) {
        #expect(DateParsing.parse(text, order: order)?.text == iso, "\(text)")
    }

    @Test(arguments: ["31.02.2024 10:00:00", "13/13/2024 10:00:00", "05.01.2023", "1.2.3 4:05"])
    func refuses(_ text: String) {
        #expect(DateParsing.parse(text) == nil && DateParsing.parse(text, order: .dayFirst) == nil, "\(text)")
    }

    @Test(arguments: [
        ("05/01/2023 20:28:37", DateParsing.SlashEvidence.ambiguous),
        ("31/01/2024 10:00:00", .dayFirst),
        ("1/31/2024 10:00:00 AM", .monthFirst),
        ("2024-01-31", .notSlashDate),
        ("12/ab/2024", .notSlashDate),
    ])
    func evidence(_ text: String, _ expected: DateParsing.SlashEvidence) {
        #expect(DateParsing.slashEvidence(text) == expected)
    }

    static func load(_ csv: String, order: DateParsing.DayMonthOrder? = nil) throws -> Snapshot {
        let input = try InputFile.decode(path: "dates.csv", data: Array(csv.utf8))
        var builder = SnapshotBuilder(path: "dates.csv", format: .csv)
        builder.dateOrder = order
        try CSVReader.read(input, into: &builder)
        return builder.build(name: "t")
    }

    static let dayFirstFile = "sAMAccountName,whenCreated\na,05/01/2023 20:28:37\nb,31/01/2024 10:00:00\n"

    @Test func aDayFirstFileWarnsAboutAmbiguousDatesReadMonthFirst() throws {
        let s = try Self.load(Self.dayFirstFile)
        #expect(s.value(of: s.objects[0], "whenCreated")?.text == "2023-05-01T20:28:37Z")
        #expect(s.value(of: s.objects[1], "whenCreated")?.text == "2024-01-31T10:00:00Z")
        let w = try #require(s.warnings.first { $0.id == "dates.ambiguous-order" })
        #expect(w.location.line == 2)
        #expect(w.message.contains("'05/01/2023 20:28:37'") && w.message.contains("'31/01/2024 10:00:00' (line 3)"))
        #expect(w.hint.contains("--date-order dmy"))
    }

    @Test func theOptionReadsThemDayFirstWithoutAWarning() throws {
        let s = try Self.load(Self.dayFirstFile, order: .dayFirst)
        #expect(s.value(of: s.objects[0], "whenCreated")?.text == "2023-01-05T20:28:37Z")
        #expect(s.warnings.isEmpty)
    }

    @Test func aFileOfBothOrdersWarns() throws {
        let s = try Self.load("sAMAccountName,whenCreated\na,31/01/2024 10:00:00\nb,1/31/2024 10:00:00 AM\n")
        #expect(s.warnings.map(\.id) == ["dates.mixed-order"])
    }

    @Test func anEnUSFileDoesNotWarn() throws {
        let s = try Self.load("sAMAccountName,whenCreated\na,05/01/2023 8:28:37 PM\nb,1/31/2024 10:00:00 AM\n")
        #expect(s.warnings.isEmpty)
        #expect(s.value(of: s.objects[0], "whenCreated")?.text == "2023-05-01T20:28:37Z")
    }
}
