import PropertyBased
import Testing
@testable import Dirq

/// `--format csv` output loads back into dirq: a table written by `DelimitedRenderer(separator: ",")`
/// and read by `CSVReader` gives the same strings, whatever the cells hold (the delimiter,
/// quotes, line breaks, non-ASCII text, leading and trailing blanks).
///
/// What the reader does on purpose is allowed for: an empty cell reads as null, and the column
/// names are neutral (`c1`, `c2`, …) so that no cell is split as a multi-valued attribute. Cells
/// never hold `X'…'` (csvde's hex notation, read as bytes) or a byte-order mark (the reader takes
/// U+FEFF anywhere in a file for the start of a second file run together: `csv.bom-inside`).
@Suite("Properties: CSV output loads back")
struct CSVRoundTripProperties {
    /// Scalars for cells: everything RFC 4180 quoting must protect (delimiter, quote, LF, CR),
    /// and some that it need not: a combining mark (after a quote or comma it joins them into one
    /// Character), NUL, tab, NEL, U+2028, emoji sequences.
    static let cellScalars: [Unicode.Scalar] = Array("ab Z9,,\"\"\n\r;\t'#é日😀👩🇩🇪".unicodeScalars)
        + ["\u{0301}", "\u{0000}", "\u{0085}", "\u{2028}", "\u{200D}", "\u{FE0F}"]

    struct Table: Sendable, CustomStringConvertible {
        var columns: Int
        var rows: [[String]]
        var description: String { "\(columns) columns: \(rows)" }
    }

    /// 1…4 columns and 0…5 rows.
    static let table = Generator { rng in
        let columns = Int.random(in: 1...4, using: &rng)
        let rows = (0..<Int.random(in: 0...5, using: &rng)).map { _ in
            (0..<columns).map { _ in Generators.string(&rng, max: 8, from: cellScalars) }
        }
        return Table(columns: columns, rows: rows)
    }

    static func roundTrip(_ t: Table) throws -> (snapshot: Snapshot, names: [String]) {
        let names = (1...t.columns).map { "c\($0)" }
        let csv = DelimitedRenderer(separator: ",").render(
            ResultTable(columns: names, rows: t.rows.map { $0.map { .string($0) } }))
        let input = try InputFile.decode(path: "out.csv", data: Array(csv.utf8))
        var builder = SnapshotBuilder(path: "out.csv", format: .csv)
        try CSVReader.read(input, into: &builder)
        return (builder.build(name: "out"), names)
    }

    static func expectSameCells(_ t: Table) throws {
        let (snap, names) = try roundTrip(t)
        try #require(snap.objects.count == t.rows.count, "rows written \(t.rows.count), read \(snap.objects.count)")
        for (r, row) in t.rows.enumerated() {
            for (c, cell) in row.enumerated() {
                let read = snap.value(of: snap.objects[r], names[c]) ?? .null
                #expect(read == (cell.isEmpty ? .null : .string(cell)), "row \(r + 1), \(names[c])")
            }
        }
    }

    @Test("rendered CSV reads back to the same cells")
    func renderedCSVReadsBack() async throws {
        await propertyCheck(count: 500, input: Self.table) { t in
            try Self.expectSameCells(t)
        }
    }
}
