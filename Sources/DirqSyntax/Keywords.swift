import DirqModel

/// One table of dirq's words, read by the parser (what starts a statement or a clause), the
/// completer (what Tab offers) and the help (`KeywordTableTests` holds them to
/// `Grammar/dirq.ebnf` and to the help pages). Add a statement or clause here, and the parser,
/// Tab and the tests all see it.
public enum Keywords {
    /// Words that start a statement.
    public static let statements = ["load", "use", "let", "describe", "check", "fix", "report", "explain", "lesson",
                                    "health", "exercise", "submit", "hint"]
    /// Sources that start a query as a statement would, offered with the statements at the first word.
    public static let statementSources = ["match", "diff", "identities", "exporterrors"]
    /// Words that start a clause, in the order the help lists them, with their synonyms after.
    public static let clauses = ["where", "select", "group", "sort", "take", "expand", "distinct", "count", "ungroup",
                                 "join", "order", "limit", "having"]
    /// Synonyms and parts of a clause (`order by` is `sort by`, `limit` is `take`, `having` belongs
    /// to `group by`): the parser reads them, Tab does not offer them at a clause's start.
    public static let clauseSynonyms: Set<String> = ["order", "limit", "having"]
    /// Clauses whose keyword is followed by `by`.
    package static let takesBy: Set<String> = ["group", "sort", "order"]

    /// What Tab offers where a clause can start: `group by`, `sort by`, `where`, …
    public static var clauseCompletions: [String] {
        clauses.filter { !clauseSynonyms.contains($0) }.map { takesBy.contains($0) ? $0 + " by" : $0 }
    }
}
