import DirqModel

/// A diagnostic's stable identifier with what it means: one table of every id dirq emits.
/// Scripts, tests and people match on the id (`bind.unknown-attribute`), so it never changes once
/// released; the message is free to improve. `.help diagnostics` lists this table, and
/// `DiagnosticIDTests` fails when an emission site uses an id that is not here, or an id here is
/// emitted nowhere. Loader ids are the reader's `LoadError`/`LoadWarning` id after `load.`.
public struct DiagnosticID: Sendable, Hashable {
    public let id: String
    /// One line: what the person did or what the file holds.
    public let summary: String

    init(_ id: String, _ summary: String) {
        self.id = id
        self.summary = summary
    }
}

extension DiagnosticID {
    public static let apiNotAQuery = DiagnosticID("api.not-a-query", "Session.query was given text that is not exactly one query")
    public static let bindArity = DiagnosticID("bind.arity", "a function is called with the wrong number of arguments")
    public static let bindBadRegex = DiagnosticID("bind.bad-regex", "a matches pattern is not a valid regular expression")
    public static let bindDiffSides = DiagnosticID("bind.diff-sides", "diff names two snapshots of different sides")
    public static let bindMatchSides = DiagnosticID("bind.match-sides", "match needs an on-prem and a cloud snapshot")
    public static let bindNoSnapshot = DiagnosticID("bind.no-snapshot", "a query reads objects or identities before any snapshot is loaded")
    public static let bindRegexLiteral = DiagnosticID("bind.regex-literal", "matches needs a literal pattern")
    public static let bindSubquery = DiagnosticID("bind.subquery", "x in (query) with a query that cannot be used there")
    public static let bindSubqueryColumns = DiagnosticID("bind.subquery-columns", "x in (query) with a query of more than one column")
    public static let bindType = DiagnosticID("bind.type", "a date or boolean attribute compared with a literal of another type")
    public static let bindUngroup = DiagnosticID("bind.ungroup", "ungroup without a group by before it")
    public static let bindUnknownAttribute = DiagnosticID("bind.unknown-attribute", "a name that is no attribute or column of the source")
    public static let bindUnknownFunction = DiagnosticID("bind.unknown-function", "a call of a function dirq does not have")
    public static let bindUnknownSnapshot = DiagnosticID("bind.unknown-snapshot", "a name that is no loaded snapshot (nor onprem/cloud)")
    public static let bindUnknownSource = DiagnosticID("bind.unknown-source", "a query reads a name that is no source, snapshot or let table")
    public static let checkFailed = DiagnosticID("check.failed", "a check's detection failed while it ran")
    public static let checkOn = DiagnosticID("check.on", "check … on names a second snapshot of one side")
    public static let checkUnknown = DiagnosticID("check.unknown", "check names no check")
    public static let evalCompare = DiagnosticID("eval.compare", "two values that cannot be ordered are compared")
    public static let evalDivisionByZero = DiagnosticID("eval.division-by-zero", "division by zero")
    public static let evalFunction = DiagnosticID("eval.function", "a function got a value it cannot use")
    public static let evalInterrupted = DiagnosticID("eval.interrupted", "Ctrl-C stopped the running statement")
    public static let evalJoinTooLarge = DiagnosticID("eval.join-too-large", "a join's rows would not fit in memory")
    public static let evalMember = DiagnosticID("eval.member", "r.field or p.part of a value that has no such member")
    public static let evalOutOfMemory = DiagnosticID("eval.out-of-memory", "an intermediate result would not fit in memory")
    public static let evalRegexBudget = DiagnosticID("eval.regex-budget", "a regular expression took too long on a value")
    public static let evalType = DiagnosticID("eval.type", "an operator got a value of the wrong type")
    public static let exerciseAnswerFailed = DiagnosticID("exercise.answer-failed", "an exercise's own answer did not run on the sample tenant")
    public static let exerciseLoadFailed = DiagnosticID("exercise.load-failed", "an exercise's sample file did not load")
    public static let exerciseNoResult = DiagnosticID("exercise.no-result", "submit before any query ran")
    public static let exerciseNoSample = DiagnosticID("exercise.no-sample", "the sample tenant (Examples/contoso) is not found")
    public static let exerciseNone = DiagnosticID("exercise.none", "submit or hint without a started exercise")
    public static let exerciseUnknown = DiagnosticID("exercise.unknown", "exercise names no exercise")
    public static let explainNotFound = DiagnosticID("explain.not-found", "explain's value names no loaded object")
    public static let fixUnknown = DiagnosticID("fix.unknown", "fix names no check")
    public static let healthBadTime = DiagnosticID("health.bad-time", "health at is given a time dirq cannot read")
    public static let healthNoExports = DiagnosticID("health.no-exports", "health without any sync-engine export loaded")
    public static let lessonUnknown = DiagnosticID("lesson.unknown", "lesson names no lesson")
    public static let letReserved = DiagnosticID("let.reserved", "let would rename users, groups, contacts or objects")
    public static let letShadowsAttribute = DiagnosticID("let.shadows-attribute", "let would hide an attribute of the current snapshot")
    public static let lexUnexpectedCharacter = DiagnosticID("lex.unexpected-character", "a character that starts no token")
    public static let lexUnterminatedName = DiagnosticID("lex.unterminated-name", "a `quoted name` without its closing backquote")
    public static let lexUnterminatedString = DiagnosticID("lex.unterminated-string", "a string without its closing quote")
    public static let loadCsvAfterQuote = DiagnosticID("load.csv.after-quote", "text after a quoted CSV field's closing quote")
    public static let loadCsvBomInside = DiagnosticID("load.csv.bom-inside", "a byte-order mark in the middle of a CSV file")
    public static let loadCsvDuplicateColumn = DiagnosticID("load.csv.duplicate-column", "two CSV columns with the same name")
    public static let loadCsvEmpty = DiagnosticID("load.csv.empty", "a CSV file without a header line")
    public static let loadCsvEmptyColumnName = DiagnosticID("load.csv.empty-column-name", "a CSV header column without a name")
    public static let loadCsvFieldCount = DiagnosticID("load.csv.field-count", "a CSV record with more fields than the header")
    public static let loadCsvMultivalueAmbiguous = DiagnosticID("load.csv.multivalue-ambiguous", "a CSV cell that may hold several values joined ambiguously (warning)")
    public static let loadCsvNoRows = DiagnosticID("load.csv.no-rows", "a CSV file with a header and no rows (warning)")
    public static let loadCsvTypeName = DiagnosticID("load.csv.type-name", "a CSV cell holds a .NET type name instead of values (warning)")
    public static let loadCsvUnterminatedQuote = DiagnosticID("load.csv.unterminated-quote", "a quoted CSV field that never closes")
    public static let loadCsvWindows1252 = DiagnosticID("load.csv.windows-1252", "a CSV file that is not UTF-8, read as Windows-1252 (warning)")
    public static let loadDatesAmbiguousOrder = DiagnosticID("load.dates.ambiguous-order", "slash dates that could be day or month first (warning)")
    public static let loadDatesMixedOrder = DiagnosticID("load.dates.mixed-order", "slash dates written both day first and month first (warning)")
    public static let loadFailed = DiagnosticID("load.failed", "a load failed for a reason no reader names")
    public static let loadFileBadUtf16 = DiagnosticID("load.file.bad-utf16", "a UTF-16 file with broken surrogates or an odd length")
    public static let loadFileDirectory = DiagnosticID("load.file.directory", "load names a directory")
    public static let loadFileMissing = DiagnosticID("load.file.missing", "load names no file")
    public static let loadFileNotRegular = DiagnosticID("load.file.not-regular", "load names a pipe, socket or device")
    public static let loadFileTooLarge = DiagnosticID("load.file.too-large", "the file cannot fit in the memory available")
    public static let loadFileUnreadable = DiagnosticID("load.file.unreadable", "the file cannot be opened or read")
    public static let loadFileUnsupported = DiagnosticID("load.file.unsupported", "a workbook, PDF, archive or other file dirq does not read")
    public static let loadJsonBadEscape = DiagnosticID("load.json.bad-escape", "an invalid escape in a JSON string")
    public static let loadJsonBadSurrogate = DiagnosticID("load.json.bad-surrogate", "an unpaired surrogate escape in a JSON string")
    public static let loadJsonBadUtf8 = DiagnosticID("load.json.bad-utf8", "bytes that are not UTF-8 in a JSON file")
    public static let loadJsonControlChar = DiagnosticID("load.json.control-char", "a raw control character in a JSON string")
    public static let loadJsonDuplicateKey = DiagnosticID("load.json.duplicate-key", "a JSON object with a key twice (warning)")
    public static let loadJsonEnvelopeMember = DiagnosticID("load.json.envelope-member", "an unexpected member beside a Graph envelope's value (warning)")
    public static let loadJsonNotObject = DiagnosticID("load.json.not-object", "a JSON value that is not an object where objects are expected")
    public static let loadJsonNumberRange = DiagnosticID("load.json.number-range", "a JSON number out of range")
    public static let loadJsonSyntax = DiagnosticID("load.json.syntax", "JSON that is not well-formed")
    public static let loadJsonTooDeep = DiagnosticID("load.json.too-deep", "JSON nested deeper than dirq reads")
    public static let loadLdifBadAttribute = DiagnosticID("load.ldif.bad-attribute", "an LDIF attribute description that is not valid")
    public static let loadLdifBadBase64 = DiagnosticID("load.ldif.bad-base64", "an LDIF :: value that is not valid base64")
    public static let loadLdifChangeRecord = DiagnosticID("load.ldif.change-record", "an LDIF change record other than add")
    public static let loadLdifContinuationFirst = DiagnosticID("load.ldif.continuation-first", "an LDIF continuation line with nothing to continue")
    public static let loadLdifCutShort = DiagnosticID("load.ldif.cut-short", "an LDIF file that ends mid-line (warning)")
    public static let loadLdifDashSeparator = DiagnosticID("load.ldif.dash-separator", "an LDIF - separator outside a change record")
    public static let loadLdifMissingDn = DiagnosticID("load.ldif.missing-dn", "an LDIF record that does not start with dn:")
    public static let loadLdifNoColon = DiagnosticID("load.ldif.no-colon", "an LDIF line without a colon")
    public static let loadLdifNotUtf8 = DiagnosticID("load.ldif.not-utf8", "an LDIF value that is not UTF-8 (warning)")
    public static let loadLdifNul = DiagnosticID("load.ldif.nul", "an LDIF value holding a NUL character (warning)")
    public static let loadLdifSearchResult = DiagnosticID("load.ldif.search-result", "ldapsearch result lines reporting an error or a partial result (warning)")
    public static let loadLdifSecondDn = DiagnosticID("load.ldif.second-dn", "a second dn: line in one LDIF record")
    public static let loadLdifUrlValue = DiagnosticID("load.ldif.url-value", "an LDIF :< URL value (refused)")
    public static let loadLdifVersion = DiagnosticID("load.ldif.version", "an LDIF version other than 1")
    public static let loadListEmpty = DiagnosticID("load.list.empty", "a Format-List file without Name : Value lines")
    public static let loadListSyntax = DiagnosticID("load.list.syntax", "a Format-List line that is not Name : Value")
    public static let loadListTruncated = DiagnosticID("load.list.truncated", "a Format-List value cut short with … (warning)")
    public static let loadListWindows1252 = DiagnosticID("load.list.windows-1252", "a Format-List file that is not UTF-8, read as Windows-1252 (warning)")
    public static let loadXmlBadBase64 = DiagnosticID("load.xml.bad-base64", "a csexport binary value that is not valid base64 (warning)")
    public static let loadXmlEmptyPi = DiagnosticID("load.xml.empty-pi", "an empty XML processing instruction")
    public static let loadXmlEncoding = DiagnosticID("load.xml.encoding", "an XML encoding dirq does not read")
    public static let loadXmlEntities = DiagnosticID("load.xml.entities", "a DTD or entity in XML (refused)")
    public static let loadXmlNotCsexport = DiagnosticID("load.xml.not-csexport", "XML that is not a csexport export")
    public static let loadXmlSyntax = DiagnosticID("load.xml.syntax", "XML that is not well-formed")
    public static let parseBadFormat = DiagnosticID("parse.bad-format", "load … format names no format")
    public static let parseBadKind = DiagnosticID("parse.bad-kind", "load … kind names no kind")
    public static let parseBadRegex = DiagnosticID("parse.bad-regex", "a regular expression literal that does not compile")
    public static let parseBadSide = DiagnosticID("parse.bad-side", "load … side names no side")
    public static let parseExpectedClause = DiagnosticID("parse.expected-clause", "something other than a clause after a query's source")
    public static let parseExpectedEmpty = DiagnosticID("parse.expected-empty", "is [not] without empty")
    public static let parseExpectedEnd = DiagnosticID("parse.expected-end", "more text after a complete statement")
    public static let parseExpectedExpression = DiagnosticID("parse.expected-expression", "an operator or clause without its expression")
    public static let parseExpectedKeyword = DiagnosticID("parse.expected-keyword", "a statement's keyword is missing (to, by, on, …)")
    public static let parseExpectedName = DiagnosticID("parse.expected-name", "a name is missing (a snapshot, alias, let name)")
    public static let parseExpectedNumber = DiagnosticID("parse.expected-number", "take without a number")
    public static let parseExpectedObject = DiagnosticID("parse.expected-object", "explain without a value")
    public static let parseExpectedPath = DiagnosticID("parse.expected-path", "load without a path")
    public static let parseExpectedSymbol = DiagnosticID("parse.expected-symbol", "a symbol is missing (a parenthesis, comma, =)")
    public static let parseExpectedTime = DiagnosticID("parse.expected-time", "health at without a time")
    public static let parseJoinCondition = DiagnosticID("parse.join-condition", "a join condition that is not left = right")
    public static let parseLikeWildcard = DiagnosticID("parse.like-wildcard", "a like pattern that cannot match as written")
    public static let parseNumberRange = DiagnosticID("parse.number-range", "a number literal out of range")
    public static let parseRegexLiteral = DiagnosticID("parse.regex-literal", "a regular expression literal where none may stand")
    public static let parseTooDeep = DiagnosticID("parse.too-deep", "an expression nested deeper than dirq parses")
    public static let reportWriteFailed = DiagnosticID("report.write-failed", "report cannot write its file")

    /// Every id, sorted.
    public static let all: [DiagnosticID] = [
        apiNotAQuery,
        bindArity,
        bindBadRegex,
        bindDiffSides,
        bindMatchSides,
        bindNoSnapshot,
        bindRegexLiteral,
        bindSubquery,
        bindSubqueryColumns,
        bindType,
        bindUngroup,
        bindUnknownAttribute,
        bindUnknownFunction,
        bindUnknownSnapshot,
        bindUnknownSource,
        checkFailed,
        checkOn,
        checkUnknown,
        evalCompare,
        evalDivisionByZero,
        evalFunction,
        evalInterrupted,
        evalJoinTooLarge,
        evalMember,
        evalOutOfMemory,
        evalRegexBudget,
        evalType,
        exerciseAnswerFailed,
        exerciseLoadFailed,
        exerciseNoResult,
        exerciseNoSample,
        exerciseNone,
        exerciseUnknown,
        explainNotFound,
        fixUnknown,
        healthBadTime,
        healthNoExports,
        lessonUnknown,
        letReserved,
        letShadowsAttribute,
        lexUnexpectedCharacter,
        lexUnterminatedName,
        lexUnterminatedString,
        loadCsvAfterQuote,
        loadCsvBomInside,
        loadCsvDuplicateColumn,
        loadCsvEmpty,
        loadCsvEmptyColumnName,
        loadCsvFieldCount,
        loadCsvMultivalueAmbiguous,
        loadCsvNoRows,
        loadCsvTypeName,
        loadCsvUnterminatedQuote,
        loadCsvWindows1252,
        loadDatesAmbiguousOrder,
        loadDatesMixedOrder,
        loadFailed,
        loadFileBadUtf16,
        loadFileDirectory,
        loadFileMissing,
        loadFileNotRegular,
        loadFileTooLarge,
        loadFileUnreadable,
        loadFileUnsupported,
        loadJsonBadEscape,
        loadJsonBadSurrogate,
        loadJsonBadUtf8,
        loadJsonControlChar,
        loadJsonDuplicateKey,
        loadJsonEnvelopeMember,
        loadJsonNotObject,
        loadJsonNumberRange,
        loadJsonSyntax,
        loadJsonTooDeep,
        loadLdifBadAttribute,
        loadLdifBadBase64,
        loadLdifChangeRecord,
        loadLdifContinuationFirst,
        loadLdifCutShort,
        loadLdifDashSeparator,
        loadLdifMissingDn,
        loadLdifNoColon,
        loadLdifNotUtf8,
        loadLdifNul,
        loadLdifSearchResult,
        loadLdifSecondDn,
        loadLdifUrlValue,
        loadLdifVersion,
        loadListEmpty,
        loadListSyntax,
        loadListTruncated,
        loadListWindows1252,
        loadXmlBadBase64,
        loadXmlEmptyPi,
        loadXmlEncoding,
        loadXmlEntities,
        loadXmlNotCsexport,
        loadXmlSyntax,
        parseBadFormat,
        parseBadKind,
        parseBadRegex,
        parseBadSide,
        parseExpectedClause,
        parseExpectedEmpty,
        parseExpectedEnd,
        parseExpectedExpression,
        parseExpectedKeyword,
        parseExpectedName,
        parseExpectedNumber,
        parseExpectedObject,
        parseExpectedPath,
        parseExpectedSymbol,
        parseExpectedTime,
        parseJoinCondition,
        parseLikeWildcard,
        parseNumberRange,
        parseRegexLiteral,
        parseTooDeep,
        reportWriteFailed,
    ]
}

extension Diagnostic {
    /// A diagnostic with an id from the table.
    public init(_ id: DiagnosticID, _ severity: Severity = .error, _ message: String, range: Range<Int>?,
                sourceName: String, notes: [String] = [], isIncomplete: Bool = false,
                fileLocation: SourceLocation? = nil) {
        self.init(id.id, severity, message, range: range, sourceName: sourceName, notes: notes,
                  isIncomplete: isIncomplete, fileLocation: fileLocation)
    }
}
