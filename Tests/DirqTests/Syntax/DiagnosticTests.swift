import Testing
@testable import Dirq

/// The exact text a person sees for errors: location, source line, caret, notes.
@Suite struct DiagnosticTests {
    func rendered(_ text: String, session: Session = TestTenant.session()) -> String {
        let source = SourceText(name: "inv.dirq", text: text)
        var out = ""
        session.run(source) { event in
            if case .diagnostic(let d) = event { out += DiagnosticRenderer().render(d, source: source) }
        }
        return out
    }

    @Test func unknownAttributeWithSuggestion() {
        #expect(rendered("users\n  group by usrPrincipalName having count > 1") == """
            inv.dirq:2:12: error: unknown attribute or column 'usrPrincipalName'
             2 |   group by usrPrincipalName having count > 1
               |            ^~~~~~~~~~~~~~~~
              = did you mean 'userPrincipalName'?
              = no object in snapshot 'onprem' has an attribute named 'usrPrincipalName'; `describe` lists the attributes

            """)
    }

    @Test func misspelledClauseKeyword() {
        #expect(rendered("users wehre upn = 1") == """
            inv.dirq:1:7: error: expected a clause or the end of the statement, found 'wehre'
             1 | users wehre upn = 1
               |       ^~~~~
              = did you mean 'where'?
              = clauses: where, select, group by, sort by, take, expand, distinct, count, ungroup, join

            """)
    }

    @Test func unknownSourceAndSnapshot() {
        #expect(rendered("usres count").hasPrefix("inv.dirq:1:1: error: unknown source 'usres'\n"))
        #expect(rendered("usres count").contains("= did you mean 'users'?"))
        #expect(rendered("cloud.users count").hasPrefix("inv.dirq:1:1: error: no snapshot named 'cloud'"))
    }

    @Test func unknownFunction() {
        #expect(rendered("users select lowr(upn)").hasPrefix("""
            inv.dirq:1:14: error: unknown function 'lowr'
             1 | users select lowr(upn)
               |              ^~~~~~~~~
              = did you mean 'lower'?
            """))
    }

    @Test func caretCountsCharactersNotBytes() {
        // "Anaïs" has a two-byte character before the error: the caret must still line up.
        #expect(rendered("users where department = \"Anaïs\" and fo = 1").contains("""
             1 | users where department = "Anaïs" and fo = 1
               |                                      ^~
            """))
    }

    @Test func missingFileIsLocatedAtTheLoad() {
        let out = rendered("load \"/nonexistent/x.ldif\"")
        #expect(out.hasPrefix("/nonexistent/x.ldif:1:1: error: no such file"))
    }
}
