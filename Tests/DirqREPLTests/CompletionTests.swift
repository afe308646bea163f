import Testing
@testable import DirqREPL

@Suite struct CompletionTests {
    /// `line` with "|" marking the cursor.
    func edit(_ marked: String, start: Int, _ candidates: [String]) -> CompletionEdit? {
        let bytes = Array(marked.utf8)
        let cursor = bytes.firstIndex(of: UInt8(ascii: "|"))!
        var line = bytes
        line.remove(at: cursor)
        return CompletionEdit.make(line: line, cursor: cursor, start: start, candidates: candidates)
    }

    @Test func singleCandidateCompletesWithASpace() {
        #expect(edit("users wh|", start: 6, ["where"]) == CompletionEdit(deleteScalars: 0, insert: "ere ", listing: []))
    }

    @Test(arguments: ["snapshots/", "\"Anaïs\""])
    func noSpaceAfterAPathOrAString(candidate: String) {
        #expect(edit("load |", start: 5, [candidate])?.insert == candidate)
    }

    @Test func alreadyCompleteWordGetsItsSpace() {
        #expect(edit("users|", start: 0, ["users"]) == CompletionEdit(deleteScalars: 0, insert: " ", listing: []))
    }

    @Test func severalCandidatesInsertTheCommonPrefixAndList() {
        #expect(edit("gr|", start: 0, ["groups", "group by"])
            == CompletionEdit(deleteScalars: 0, insert: "oup", listing: ["groups", "group by"]))
    }

    @Test func noCommonProgressOnlyLists() {
        #expect(edit("u|", start: 0, ["users", "upn"]) == CompletionEdit(deleteScalars: 0, insert: "", listing: ["users", "upn"]))
    }

    /// The engine's word may start before a space: "group b" is one word for it.
    @Test func wordsMayContainSpaces() {
        #expect(edit("group b|", start: 0, ["group by"]) == CompletionEdit(deleteScalars: 0, insert: "y ", listing: []))
    }

    /// A case-insensitive engine: what was typed is replaced, never just appended to.
    @Test func replacesTypedTextThatTheCandidateDoesNotExtend() {
        #expect(edit("where UserP|", start: 6, ["userPrincipalName"])
            == CompletionEdit(deleteScalars: 5, insert: "userPrincipalName ", listing: []))
        #expect(edit("GR|", start: 0, ["groups", "group by"])
            == CompletionEdit(deleteScalars: 2, insert: "group", listing: ["groups", "group by"]))
    }

    /// A shorter common prefix (fuzzy match) must not eat what was typed.
    @Test func neverShortensTheTypedWord() {
        #expect(edit("usrs|", start: 0, ["users", "userPrincipalName"])
            == CompletionEdit(deleteScalars: 0, insert: "", listing: ["users", "userPrincipalName"]))
    }

    /// Offsets are bytes, deletions are characters (libedit counts wide characters).
    @Test func countsCharactersNotBytes() {
        #expect(edit("name = \"Anaï|", start: 7, ["\"Anaïs\""]) == CompletionEdit(deleteScalars: 0, insert: "s\"", listing: []))
        #expect(edit("x Ånä|", start: 2, ["ÅNÄS"]) == CompletionEdit(deleteScalars: 3, insert: "ÅNÄS ", listing: []))
    }

    @Test func startInsideAMultiByteCharacterMovesBackToItsStart() {
        // "ï" is bytes 3 and 4 of "Anaï"; a start of 4 points inside it.
        #expect(edit("Anaï|", start: 4, ["ïs"]) == CompletionEdit(deleteScalars: 0, insert: "s ", listing: []))
    }

    @Test func startIsClampedToTheLine() {
        #expect(edit("ab|", start: 9, ["x"]) == CompletionEdit(deleteScalars: 0, insert: "x ", listing: []))
        #expect(edit("ab|", start: -3, ["abc"]) == CompletionEdit(deleteScalars: 0, insert: "c ", listing: []))
    }

    @Test func noCandidatesMeansNoEdit() {
        #expect(edit("zz|", start: 0, []) == nil)
        #expect(edit("zz|", start: 0, [""]) == nil)
    }

    @Test func duplicatesAreDroppedKeepingTheEnginesOrder() {
        #expect(edit("u|", start: 0, ["upn", "users", "upn"])?.listing == ["upn", "users"])
        #expect(edit("u|", start: 0, ["upn", "upn"]) == CompletionEdit(deleteScalars: 0, insert: "pn ", listing: []))
    }

    @Test(arguments: [
        (["groups", "group by"], "group"),
        (["Anaïs", "Anaïse", "Anaï"], "Anaï"),
        (["a", "b"], ""),
        (["same"], "same"),
    ])
    func commonPrefix(words: [String], prefix: String) {
        #expect(CompletionEdit.commonPrefix(words) == prefix)
    }

    // MARK: Listing

    @Test func listsInColumnsDownThenAcross() {
        let items = ["a1", "a2", "a3", "a4", "a5"]
        // width 4 per column ("a1" + 2): 12 columns wide fits 3 columns, so 2 rows.
        #expect(CompletionListing.lines(items, width: 12) == ["a1  a3  a5", "a2  a4"])
        #expect(CompletionListing.lines(items, width: 3) == items)
        #expect(CompletionListing.lines(["groups", "group by"], width: 120) == ["groups    group by"])
        #expect(CompletionListing.lines([], width: 80) == [])
    }

    @Test func widthCountsTerminalColumns() {
        TerminalLocale.ensureUTF8()
        #expect(CompletionListing.displayWidth("Anaïs") == 5)
        #expect(CompletionListing.displayWidth("漢字") == 4)
        #expect(CompletionListing.lines(["漢字", "ab", "cd"], width: 12) == ["漢字  cd", "ab"])
    }
}
