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

    /// The quoted words of the grammar's rules (comments left out): `"where"`, `"by"`, …
    static var grammarWords: Set<String> {
        var out: Set<String> = []
        let re = try! NSRegularExpression(pattern: "\"([a-z]+)\"")
        let comments = try! NSRegularExpression(pattern: "\\(\\*.*?\\*\\)", options: [.dotMatchesLineSeparators])
        let g = comments.stringByReplacingMatches(in: grammar, range: NSRange(grammar.startIndex..., in: grammar), withTemplate: "")
        for m in re.matches(in: g, range: NSRange(g.startIndex..., in: g)) {
            out.insert(String(g[Range(m.range(at: 1), in: g)!]))
        }
        return out
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
