import Foundation
import Testing
@testable import Dirq

/// The lists of keywords, statements, clauses, functions and checks that the parser, the
/// completer, the help and the README each hold must agree with Grammar/dirq.ebnf: a keyword added
/// to one and not the others fails here, which is how the completer drifted before (`join`,
/// `ungroup` were missing).
@Suite struct KeywordTableTests {
    static let grammar = (try? String(contentsOf: Paths.root.appendingPathComponent("Grammar/dirq.ebnf"), encoding: .utf8)) ?? ""
    static let readme = (try? String(contentsOf: Paths.root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""

    /// The grammar without its comments.
    static var rules: String {
        let comments = try! NSRegularExpression(pattern: "\\(\\*.*?\\*\\)", options: [.dotMatchesLineSeparators])
        return comments.stringByReplacingMatches(in: grammar, range: NSRange(grammar.startIndex..., in: grammar), withTemplate: "")
    }

    /// The rules whose words are names from a table, not keywords.
    static let nameRules = ["check-name", "exercise-name", "function"]

    /// The quoted words of one rule (`function = "lower" | … ;`), in order; empty when it is missing.
    static func words(ofRule name: String) -> [String] {
        let g = rules
        let def = try! NSRegularExpression(pattern: "(?m)^" + NSRegularExpression.escapedPattern(for: name) + "\\s*=([^;]*);")
        guard let m = def.firstMatch(in: g, range: NSRange(g.startIndex..., in: g)) else { return [] }
        let body = String(g[Range(m.range(at: 1), in: g)!])
        let quoted = try! NSRegularExpression(pattern: "\"([^\"]+)\"")
        return quoted.matches(in: body, range: NSRange(body.startIndex..., in: body)).map { String(body[Range($0.range(at: 1), in: body)!]) }
    }

    /// The quoted words of the grammar's rules (comments and the name tables left out): `"where"`, `"by"`, …
    static var grammarWords: Set<String> {
        var out: Set<String> = []
        let re = try! NSRegularExpression(pattern: "\"([a-z]+)\"")
        var g = rules
        for name in nameRules {
            let def = try! NSRegularExpression(pattern: "(?m)^" + NSRegularExpression.escapedPattern(for: name) + "\\s*=[^;]*;")
            g = def.stringByReplacingMatches(in: g, range: NSRange(g.startIndex..., in: g), withTemplate: "")
        }
        for m in re.matches(in: g, range: NSRange(g.startIndex..., in: g)) {
            out.insert(String(g[Range(m.range(at: 1), in: g)!]))
        }
        return out
    }

    /// The grammar lists every function, check and exercise of the tables, in the tables' order, and nothing else.
    @Test func theGrammarsNameRulesAreTheTables() {
        #expect(Self.words(ofRule: "function") == Function.allCases.map(\.rawValue))
        #expect(Self.words(ofRule: "check-name") == Checks.all.map(\.name))
        #expect(Self.words(ofRule: "exercise-name") == Exercises.all.map(\.name))
        // The statements use them.
        for (rule, uses) in [("check", "check-name"), ("fix", "check-name"), ("lesson", "check-name"),
                             ("exercise", "exercise-name"), ("primary", "function")] {
            let def = try! NSRegularExpression(pattern: "(?m)^" + rule + "\\s*=([^;]*);")
            let g = Self.rules
            let body = def.firstMatch(in: g, range: NSRange(g.startIndex..., in: g)).map { String(g[Range($0.range(at: 1), in: g)!]) } ?? ""
            #expect(body.contains(uses), "rule \(rule) does not use \(uses)")
        }
    }

    /// `Help.page` (what `.help NAME` and `dirq help NAME` print) has a page for every name of
    /// every table, and a name on two tables shows both pages.
    @Test func helpHasAPageForEveryNameOfEveryTable() throws {
        let names = Keywords.statements + Keywords.statementSources + ["users", "groups", "contacts", "objects"]
            + Keywords.clauses.filter { !Keywords.clauseSynonyms.contains($0) }
            + Function.allCases.map(\.rawValue) + Checks.all.map(\.name) + Exercises.all.map(\.name)
        for n in names { #expect(Help.page(n) != nil, "no help page for '\(n)'") }
        let count = try #require(Help.page("count"))
        #expect(count.contains("count — the number of rows") && count.contains("count(x): number of values"), "\(count)")
        let dup = try #require(Help.page("duplicate-upn"))
        #expect(dup.contains("What you see: AttributeValueMustBeUnique") && dup.contains("exercise duplicate-upn: Find every UPN"))
        #expect(Help.page("takeover")?.hasPrefix("exercise takeover: ") == true)
        #expect(Help.page("ungr")?.hasPrefix("ungroup") == true)
        #expect(Help.page("no-such-topic") == nil)
        #expect(Set(Help.topicNames().map { $0.lowercased() }).count == Help.topicNames().count)
    }

    /// Completion offers every name of every table where it fits.
    @Test func theCompleterOffersEveryNameOfEveryTable() {
        let c = Completer(session: TestTenant.session())
        #expect(c.complete("check ").candidates == (["all"] + Checks.all.map(\.name)).sorted())
        #expect(c.complete("lesson ").candidates == Checks.all.map(\.name).sorted())
        #expect(c.complete("exercise ").candidates == Exercises.all.map(\.name).sorted())
        let operands = Set(c.complete("users where ").candidates)
        for f in Function.allCases { #expect(operands.contains(f.rawValue), "function \(f.rawValue) not offered") }
        #expect(Set(c.complete(".help ").candidates) == Set(Help.topicNames()))
    }

    @Test func theGrammarNamesEveryStatementAndClauseTheParserKnows() {
        #expect(!Self.grammar.isEmpty)
        let words = Self.grammarWords
        for k in Parser.statementKeywords.union(Parser.clauseKeywords).sorted() {
            #expect(words.contains(k), "'\(k)' is a parser keyword missing from Grammar/dirq.ebnf")
        }
        for q in Quantifier.allCases { #expect(words.contains(q.rawValue), "quantifier '\(q.rawValue)'") }
    }

    @Test func everyGrammarKeywordIsOneTheParserReads() {
        // Words the parser reads in context rather than as reserved words.
        let contextual: Set<String> = ["side", "format", "onprem", "cloud", "ldif", "csv", "json", "xml", "list", "to",
                                       "diff", "at", "inner", "left", "anti", "with", "any", "all",
                                       "d", "h", "m", "s",  // duration units
                                       "kind", "user", "group", "contact"]  // load … kind user
        for w in Self.grammarWords.sorted() {
            #expect(Parser.reserved.contains(w) || Parser.statementKeywords.contains(w) || Parser.clauseKeywords.contains(w)
                    || contextual.contains(w), "'\(w)' is in the grammar but the parser does not know it")
        }
    }

    @Test func theCompleterOffersEveryStatementAndClause() {
        let starts = Set(Completer.statementStarts)
        for k in Parser.statementKeywords.sorted() { #expect(starts.contains(k), "statement '\(k)' not offered at the first word") }
        for k in ["match", "diff"] { #expect(starts.contains(k)) }
        let clauses = Set(Completer.clauseStarts.map { String($0.split(separator: " ")[0]) })
        for k in Parser.clauseKeywords.subtracting(Keywords.clauseSynonyms).sorted() {
            #expect(clauses.contains(k), "clause '\(k)' not offered by the completer")
        }
        for c in clauses { #expect(Parser.clauseKeywords.contains(c), "the completer offers '\(c)', which is no clause") }
    }

    @Test func helpListsTheClausesInTheTablesOrder() {
        #expect(Help.clauses.map(\.0) == Keywords.clauses.filter { !Keywords.clauseSynonyms.contains($0) })
        #expect(Set(Help.statements.map(\.0)).isSuperset(of: Keywords.statements))
    }

    @Test func helpHasAPageForEveryStatementClauseFunctionAndCheck() {
        let topics = Set(Help.topics().map { $0.0.lowercased() })
        for k in Parser.statementKeywords.union(Parser.clauseKeywords).subtracting(Keywords.clauseSynonyms).sorted() {
            #expect(topics.contains(k), "no help page for '\(k)'")
        }
        for f in Function.allCases { #expect(topics.contains(f.rawValue)) }
        for c in Checks.all { #expect(topics.contains(c.name)) }
    }

    @Test func theReadmesFunctionParagraphNamesEveryFunction() throws {
        let start = try #require(Self.readme.range(of: "**Functions**"))
        let rest = Self.readme[start.lowerBound...]
        let paragraph = String(rest[..<(rest.range(of: "\n\n")?.lowerBound ?? rest.endIndex)])
        for f in Function.allCases {
            let re = try NSRegularExpression(pattern: "(^|[^a-z_])" + f.rawValue + "([^a-z_]|$)")
            #expect(re.firstMatch(in: paragraph, range: NSRange(paragraph.startIndex..., in: paragraph)) != nil,
                    "README's Functions paragraph does not name \(f.rawValue)")
        }
    }
}
