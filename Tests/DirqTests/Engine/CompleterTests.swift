import Testing
@testable import Dirq

/// Completion: the text before the cursor → the candidates offered.
@Suite struct CompleterTests {
    let completer = Completer(session: TestTenant.session(), dotCommands: [".help", ".load", ".last", ".quit"])

    @Test(arguments: [
        ("users gr", ["group by"]),
        ("users group by u", ["upn", "upnproblem", "upnproblem_detail", "upper", "userAccountControl", "userPrincipalName"]),
        ("users where dep", ["department"]),
        ("users where department = \"x\" a", ["and"]),
        ("users sort by upn d", ["desc", "distinct"]),
        ("users where upn st", ["starts with"]),
        ("us", ["use", "users"]),
        ("onprem.us", ["users"]),
        ("use on", ["onprem"]),
        ("users sel", ["select"]),
        ("users select lo", ["localpart", "lower"]),
        ("users where upn ends ", ["with"]),
        (".l", [".last", ".load"]),
        ("users group by upn having co", ["coalesce", "count"]),
        ("users; groups wh", ["where"]),
        ("fi", ["fix"]),
        ("fix a", ["all", "anchor-changed"]),
        ("fix duplicate-", ["duplicate-proxy", "duplicate-upn"]),
        ("check orph", ["orphaned-cloud-object"]),
        ("rep", ["report"]),
        ("exercise dup", ["duplicate-smtp", "duplicate-upn"]),
        ("sub", ["submit"]),
        // Every statement at the first word; names after check / lesson; the new clauses.
        ("ch", ["check"]), ("e", ["exercise", "explain", "exporterrors"]), ("l", ["lesson", "let", "load"]),
        ("h", ["health", "hint"]), ("m", ["match"]), ("d", ["describe", "diff"]),
        ("check dup", ["duplicate-proxy", "duplicate-upn"]), ("check a", ["all", "anchor-changed"]),
        ("lesson inv", ["invalid-proxy", "invalid-soft-match", "invalid-upn"]),
        ("match onprem t", ["to"]), ("match onprem to o", ["onprem"]), ("match o", ["onprem"]),
        // After .help: the help topics (statements, sources, clauses, functions, checks, exercises).
        (".help upn", ["upnproblem", "upnproblem_detail"]), (".help dup", ["duplicate-proxy", "duplicate-smtp", "duplicate-upn"]),
        (".he tak", ["take", "takeover"]), (".help exp", ["expand", "explain", "export-errors", "exporterrors"]),
        (".help us", ["use", "users"]), (".load x", []),
        ("users un", ["ungroup"]), ("users j", ["join"]),
        ("users where an", ["any"]), ("users select pa", ["parent"]), ("users select sub", ["substring"]),
    ])
    func candidates(text: String, expected: [String]) {
        #expect(completer.complete(text).candidates == expected, "\(text)")
    }

    @Test func dotCommandArguments() {
        let c = Completer(session: TestTenant.session(), dotCommands: [".mode", ".pager"],
                          dotArguments: [".mode": ["auto", "table", "line"], ".pager": ["on", "off"]])
        #expect(c.complete(".mode l").candidates == ["line"])
        #expect(c.complete(".mo ").candidates == ["auto", "line", "table"])
        #expect(c.complete(".pager o").candidates == ["off", "on"])
        #expect(c.complete(".pager o").start == 7)
    }

    @Test func theWordStartIsWhereTheReplacementGoes() {
        #expect(completer.complete("users where dep").start == 12)
        #expect(completer.complete(".l").start == 0)
    }

    @Test func filePathsInsideLoad() {
        let c = completer.complete("load \"/etc/host")
        // A file closes the string, so the prompt adds no space inside the quotes.
        #expect(c.candidates.contains("/etc/hostname\""))
        #expect(completer.complete("load \"/et").candidates == ["/etc/"])
        #expect(c.start == 6)
    }
}
