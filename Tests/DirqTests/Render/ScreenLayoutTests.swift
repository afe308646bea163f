import Testing
@testable import Dirq

/// How the prompt lays out one result on a terminal (`ScreenLayout`): `.mode auto` picks a table
/// or one field per line by width; a result taller than the screen is paged whole, or with the
/// pager off cut to the screen with a note.
@Suite struct ScreenLayoutTests {
    /// `n` users with a UPN and a DN: about 70 columns wide as a table.
    static func users(_ n: Int) -> ResultTable {
        ResultTable(columns: ["upn", "dn"], rows: (0..<n).map { i in
            [.string("user\(i)@contoso.com"), .string("CN=User \(i),OU=Sales,OU=Staff,DC=contoso,DC=com")]
        })
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var table: ResultTable
        var mode: DisplayMode
        var columns: Int, rows: Int, paging: Bool
        var format: OutputFormat
        var paged: Bool
        /// Text the output must hold, and must not.
        var has: [String] = []
        var lacks: [String] = []
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "auto: a narrow result is a table", table: users(3), mode: .auto, columns: 120, rows: 30, paging: true,
             format: .table, paged: false, has: ["upn", "-----", "user2@contoso.com  CN=User 2", "(3 rows)"]),
        Case(name: "auto: a result wider than the terminal is one field per line", table: users(3), mode: .auto,
             columns: 60, rows: 30, paging: true, format: .line, paged: false,
             has: ["upn = user0@contoso.com", " dn = CN=User 0,OU=Sales,OU=Staff,DC=contoso,DC=com", "(3 rows)"], lacks: ["…"]),
        Case(name: "auto: no rows stays a table (its header)", table: users(0), mode: .auto, columns: 10, rows: 30,
             paging: true, format: .table, paged: false, has: ["(0 rows)"]),
        Case(name: "table forced: cells cut to the width", table: users(3), mode: .fixed(.table), columns: 60, rows: 30,
             paging: true, format: .table, paged: false, has: ["…", "3 cells cut to fit the terminal"]),
        Case(name: "taller than the screen, pager on: all rows, paged", table: users(40), mode: .auto, columns: 120,
             rows: 30, paging: true, format: .table, paged: true, has: ["user39@contoso.com", "(40 rows)"],
             lacks: ["not shown"]),
        Case(name: "taller than the screen, pager off: cut with a note", table: users(40), mode: .auto, columns: 120,
             rows: 30, paging: false, format: .table, paged: false, has: ["user23@contoso.com", "(40 rows)",
                                                                          "[16 more rows not shown"],
             lacks: ["user24@contoso.com"]),
        Case(name: "one row short of the screen: not paged", table: users(26), mode: .auto, columns: 120, rows: 30,
             paging: true, format: .table, paged: false),
        Case(name: "the prompt's line too would not fit: paged", table: users(27), mode: .auto, columns: 120, rows: 30,
             paging: true, format: .table, paged: true),
        Case(name: "line mode, tall, pager on: every object, paged", table: users(12), mode: .auto, columns: 60, rows: 30,
             paging: true, format: .line, paged: true, has: ["upn = user11@contoso.com"], lacks: ["not shown"]),
        Case(name: "line mode, tall, pager off: the objects that fit, and a note", table: users(12), mode: .fixed(.line),
             columns: 120, rows: 30, paging: false, format: .line, paged: false,
             has: ["upn = user7@contoso.com", "(12 rows)", "[4 more rows not shown"], lacks: ["user8@"]),
        Case(name: "csv is never cut, and paged when tall", table: users(40), mode: .fixed(.csv), columns: 120, rows: 30,
             paging: true, format: .csv, paged: true, has: ["user39@contoso.com,"]),
        Case(name: "csv with the pager off: whole", table: users(40), mode: .fixed(.csv), columns: 120, rows: 30,
             paging: false, format: .csv, paged: false, has: ["user39@contoso.com,"]),
        Case(name: "long lines wrap: counted as the rows they take", table: ResultTable(columns: ["v"], rows: (0..<10).map { _ in
                [.string(String(repeating: "x", count: 100))] }), mode: .fixed(.csv), columns: 40, rows: 30,
             paging: true, format: .csv, paged: true),
    ]

    @Test(arguments: cases) func layout(_ c: Case) {
        let out = ScreenLayout(columns: c.columns, rows: c.rows, paging: c.paging).layout(c.table, mode: c.mode)
        #expect(out.format == c.format)
        #expect(out.paged == c.paged)
        for s in c.has { #expect(out.text.contains(s), "missing '\(s)' in:\n\(out.text)") }
        for s in c.lacks { #expect(!out.text.contains(s), "unexpected '\(s)' in:\n\(out.text)") }
    }

    @Test func fitsIsTheTablesNaturalWidth() {
        let t = Self.users(10)
        let width = TableRenderer().render(t).split(separator: "\n").map { TextWidth.columns(String($0)) }.max()!
        #expect(TableRenderer.fits(t, columns: width))
        #expect(!TableRenderer.fits(t, columns: width - 1))
        // Wide characters count two columns.
        let wide = ResultTable(columns: ["n"], rows: [[.string("東京都")]])
        #expect(TableRenderer.fits(wide, columns: 6))
        #expect(!TableRenderer.fits(wide, columns: 5))
    }

    @Test func textIsPagedWhenTaller() {
        let screen = ScreenLayout(columns: 80, rows: 10, paging: true)
        #expect(!screen.layout(text: String(repeating: "line\n", count: 9)).paged)
        #expect(screen.layout(text: String(repeating: "line\n", count: 10)).paged)
        #expect(!ScreenLayout(columns: 80, rows: 10, paging: false).layout(text: String(repeating: "line\n", count: 50)).paged)
    }

    @Test(arguments: [("auto", DisplayMode.auto), ("TABLE", .fixed(.table)), ("line", .fixed(.line)),
                      ("markdown", .fixed(.markdown))])
    func modeNames(_ name: String, _ mode: DisplayMode) {
        #expect(DisplayMode(name: name) == mode)
        #expect(DisplayMode.names.contains(mode.name))
    }

    @Test func unknownModeIsNil() {
        #expect(DisplayMode(name: "wide") == nil)
    }
}
