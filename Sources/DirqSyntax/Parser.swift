import DirqModel

/// Recursive-descent parser for dirq (the grammar is `Grammar/dirq.ebnf`; each parse function
/// quotes its rule). It recovers at statement boundaries, so one run reports every syntax error of
/// a script, and it marks errors caused by the input ending early as incomplete.
public struct Parser: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    private let source: SourceText
    private var tokens: [Token]
    private var pos = 0
    /// How many expressions (parentheses, calls, `in` lists, `not`, unary `-`) enclose the one
    /// being parsed.
    private var depth = 0

    /// Deeper nesting is an error rather than a stack overflow of the recursive descent.
    package static let maxDepth = 128
    /// Operators of chains (`a or b or …`, `a + b + …`, `x.a.b…`) in the current top-level
    /// expression. A chain nests to the left without recursion here, but the binder, evaluator and
    /// printer walk the tree recursively: with `maxDepth`, this bounds the tree's height.
    private var chainOperators = 0
    package static let maxChainOperators = 256

    /// Words that start a clause: a line beginning with one continues the statement above.
    package static let clauseKeywords = Set(Keywords.clauses)
    /// Words that start a statement.
    package static let statementKeywords = Set(Keywords.statements)
    /// Words that may not be used as bare names.
    package static let reserved: Set<String> = clauseKeywords.union(statementKeywords).union([
        "and", "or", "not", "in", "contains", "starts", "ends", "like", "matches", "exists", "is", "empty", "by",
        "as", "asc", "desc", "true", "false", "null", "match", "on",
    ]).subtracting(["count", "health", "fix", "report", "exercise", "submit", "hint"])

    public init(_ source: SourceText) {
        self.source = source
        var lexer = Lexer(source)
        self.tokens = lexer.tokenize()
        self.diagnostics = lexer.diagnostics
    }

    /// Parses a whole script.
    ///
    ///     script = { [ statement ] ( ";" | line-break ) }
    public mutating func parseScript() -> [Statement] {
        var statements: [Statement] = []
        while true {
            while peek.isSymbol(";") { advance() }
            if peek.kind == .endOfInput { break }
            let before = pos
            do {
                let s = try parseStatement()
                statements.append(s)
                // A statement ends at `;`, at the end, or where a new line starts.
                if !(peek.isSymbol(";") || peek.kind == .endOfInput || peek.atLineStart) {
                    throw error("parse.expected-end", "expected the end of the statement, found \(describe(peek))",
                                at: peek, notes: ["separate statements with ';' or a line break"])
                }
            } catch let d as Diagnostic {
                diagnostics.append(d)
                recover()
            } catch {}
            if pos == before { advance() }  // always make progress
        }
        return statements
    }

    /// True when the only problems are that the input ended too early.
    public var isIncomplete: Bool {
        !diagnostics.isEmpty && diagnostics.contains { $0.isIncomplete }
    }

    // MARK: - Statements

    /// statement = load | use | let | describe | query
    package mutating func parseStatement() throws -> Statement {
        let t = peek
        let start = t.range.lowerBound
        if t.isKeyword("load") { return try parseLoad() }
        if t.isKeyword("use") {
            advance()
            let name = try expectName("a snapshot name after 'use'")
            return Statement(kind: .use(name.text), range: start..<name.range.upperBound)
        }
        if t.isKeyword("let") {
            advance()
            let name = try expectName("a name after 'let'")
            try expectSymbol("=", "'=' after 'let \(name.text)'")
            guard startsQuery(closing: nil) else {
                let e = try parseExpr(after: "'let \(name.text) ='")
                return Statement(kind: .letValue(name.text, e), range: start..<e.range.upperBound)
            }
            let q = try parseQuery()
            return Statement(kind: .let(name.text, q), range: start..<q.range.upperBound)
        }
        if t.isKeyword("describe") {
            advance()
            let src = try parseSource()
            return Statement(kind: .describe(src), range: start..<src.range.upperBound)
        }
        if t.isKeyword("check") {
            advance()
            let n = try expectName("a check name or 'all' after 'check'")
            // check = "check" ( name | "all" ) [ "on" name { "," name } ]
            var on: [String] = []
            var end = n.range.upperBound
            if peek.isKeyword("on") && !peek.atLineStart {
                advance()
                repeat {
                    let s = try expectName("a snapshot name after 'on' (check all on onprem, cloud2)")
                    on.append(s.text)
                    end = s.range.upperBound
                } while peek.isSymbol(",") && { advance(); return true }()
            }
            return Statement(kind: .check(n.text, on: on), range: start..<end)
        }
        if t.isKeyword("explain") {
            advance()
            let v = peek
            guard v.kind == .string || v.kind == .identifier || v.kind == .quotedIdentifier else {
                throw error("parse.expected-object", "expected a UPN, DN, id, address or anchor in quotes after 'explain'",
                            at: v, notes: ["for example: explain \"jane.doe@contoso.com\""])
            }
            advance()
            return Statement(kind: .explain(v.text), range: start..<v.range.upperBound)
        }
        if t.isKeyword("health"), peekAt(1).atLineStart || peekAt(1).isKeyword("at") || peekAt(1).isSymbol(";")
            || peekAt(1).kind == .endOfInput {
            advance()
            if peek.isKeyword("at"), !peek.atLineStart {
                advance()
                guard peek.kind == .string else {
                    throw error("parse.expected-time", "expected a time in quotes after 'at', e.g. \"2026-11-26T15:00:00Z\"", at: peek)
                }
                let when = advance()
                return Statement(kind: .health(at: when.text), range: start..<when.range.upperBound)
            }
            return Statement(kind: .health(at: nil), range: t.range)
        }
        // `fix` and `report` are statements only when what follows fits; otherwise they are names
        // (an attribute or `let` table called `report` keeps working).
        if t.isKeyword("fix"), peekAt(1).kind == .identifier, !peekAt(1).atLineStart {
            return try parseFix()
        }
        if t.isKeyword("report"), peekAt(1).kind == .string, !peekAt(1).atLineStart {
            return try parseReport()
        }
        // `exercise [name]`, `submit`, `hint`: statements when alone on their line (or before `;`),
        // or `exercise` followed by a name; otherwise names.
        let alone = peekAt(1).atLineStart || peekAt(1).isSymbol(";") || peekAt(1).kind == .endOfInput
        if t.isKeyword("exercise"), alone || (peekAt(1).kind == .identifier && !Self.reserved.contains(peekAt(1).text.lowercased())) {
            advance()
            if !alone {
                let n = advance()
                return Statement(kind: .exercise(n.text), range: start..<n.range.upperBound)
            }
            return Statement(kind: .exercise(nil), range: t.range)
        }
        if t.isKeyword("submit"), alone {
            advance()
            return Statement(kind: .submit, range: t.range)
        }
        if t.isKeyword("hint"), alone {
            advance()
            return Statement(kind: .hint, range: t.range)
        }
        if t.isKeyword("lesson") {
            advance()
            if !peek.atLineStart, peek.kind == .identifier {
                let n = advance()
                return Statement(kind: .lesson(n.text), range: start..<n.range.upperBound)
            }
            return Statement(kind: .lesson(nil), range: t.range)
        }
        let q = try parseQuery()
        return Statement(kind: .query(q), range: q.range)
    }

    /// fix = "fix" ( name | "all" )
    package mutating func parseFix() throws -> Statement {
        let start = advance().range.lowerBound
        let n = try expectName("a check name or 'all' after 'fix'")
        return Statement(kind: .fix(n.text), range: start..<n.range.upperBound)
    }

    /// report = "report" string
    package mutating func parseReport() throws -> Statement {
        let start = advance().range.lowerBound
        let path = advance()  // a string: parseStatement looked
        return Statement(kind: .report(path: path.text), range: start..<path.range.upperBound)
    }

    /// load = "load" string [ "as" name ] [ "side" ( "onprem" | "cloud" ) ]
    ///        [ "format" ( "ldif" | "csv" | "json" | "xml" | "list" ) ] [ "kind" ( "user" | "group" | "contact" ) ]
    package mutating func parseLoad() throws -> Statement {
        let start = advance().range.lowerBound
        guard peek.kind == .string else {
            throw error("parse.expected-path", "expected a file path in quotes after 'load'", at: peek,
                        notes: ["for example: load \"exports/onprem.ldif\" as onprem"])
        }
        let path = advance()
        var end = path.range.upperBound
        var name: String?, side: Side?, format: SnapshotFormat?, kind: ObjectKind?
        while !peek.atLineStart {
            if peek.isKeyword("as") {
                advance()
                let n = try expectName("a snapshot name after 'as'")
                name = n.text
                end = n.range.upperBound
            } else if peek.isKeyword("side") {
                advance()
                let s = try expectName("'onprem' or 'cloud' after 'side'")
                switch s.text.lowercased() {
                case "onprem", "on-prem", "ad": side = .onPrem
                case "cloud", "entra", "aad": side = .cloud
                default:
                    throw error("parse.bad-side", "unknown side '\(s.text)'", at: s, notes: ["use 'onprem' or 'cloud'"])
                }
                end = s.range.upperBound
            } else if peek.isKeyword("format") {
                advance()
                let f = try expectName("'ldif', 'csv' or 'json' after 'format'")
                guard let fmt = SnapshotFormat(rawValue: f.text.lowercased()) else {
                    throw error("parse.bad-format", "unknown format '\(f.text)'", at: f,
                                notes: ["use 'ldif', 'csv' or 'json'"])
                }
                format = fmt
                end = f.range.upperBound
            } else if peek.isKeyword("kind") {
                advance()
                // `group` is a clause keyword elsewhere; after `kind` it is a word.
                guard peek.kind == .identifier || peek.kind == .quotedIdentifier, !peek.atLineStart else {
                    throw error("parse.expected-name", "expected 'user', 'group' or 'contact' after 'kind', found \(describe(peek))",
                                at: peek, incomplete: peek.kind == .endOfInput)
                }
                let k = advance()
                switch k.text.lowercased() {
                case "user", "users": kind = .user
                case "group", "groups": kind = .group
                case "contact", "contacts": kind = .contact
                default:
                    throw error("parse.bad-kind", "unknown kind '\(k.text)'", at: k,
                                notes: ["use 'user', 'group' or 'contact': the kind of the objects whose columns name no class"])
                }
                end = k.range.upperBound
            } else {
                break
            }
        }
        return Statement(kind: .load(path: path.text, name: name, side: side, format: format, kind: kind), range: start..<end)
    }

    /// source = "match" name "to" name | "diff" name name | name [ "." name ]
    package mutating func parseSource() throws -> SourceRef {
        if peek.isKeyword("diff"), peekAt(1).kind == .identifier || peekAt(1).kind == .quotedIdentifier, !peekAt(1).atLineStart {
            let d = advance()
            let old = try expectName("the older snapshot after 'diff'")
            let new = try expectName("the newer snapshot after 'diff \(old.text)'")
            return SourceRef(snapshot: nil, name: "diff", range: d.range.lowerBound..<new.range.upperBound,
                             diff: .init(from: old.text, to: new.text))
        }
        if peek.isKeyword("match") {
            let m = advance()
            let from = try expectName("a snapshot or side (onprem, cloud) after 'match'")
            try expectKeyword("to", "'to' after 'match \(from.text)'")
            let to = try expectName("a snapshot or side (onprem, cloud) after 'to'")
            return SourceRef(snapshot: nil, name: "match", range: m.range.lowerBound..<to.range.upperBound,
                             match: .init(from: from.text, to: to.text))
        }
        let first = try expectName("a source: users, groups, contacts, objects, or a snapshot or let name")
        if peek.isSymbol("."), !peek.atLineStart {
            advance()
            let second = try expectName("users, groups, contacts or objects after '\(first.text).'")
            return SourceRef(snapshot: first.text, name: second.text, range: first.range.lowerBound..<second.range.upperBound)
        }
        return SourceRef(snapshot: nil, name: first.text, range: first.range)
    }

    /// True when the tokens ahead are a query rather than an expression: `match …`, `diff a b`, or a
    /// source (`name` or `name.name`) followed by a clause, `|` or the end. With `closing` (inside
    /// `in ( … )`) a source alone is an expression, so `x in (a)` stays a list; without it (after
    /// `let x =`) a name alone is a query, and the session reads it as a scalar when it names one.
    package func startsQuery(closing: String?) -> Bool {
        let t = peek
        if t.isKeyword("match") { return true }
        // `diff A B` is a source; `diff not in (…)` compares an attribute named diff.
        if t.isKeyword("diff"), peekAt(1).kind == .quotedIdentifier
            || (peekAt(1).kind == .identifier && !Self.reserved.contains(peekAt(1).text.lowercased())) { return true }
        guard (t.kind == .identifier && !Self.reserved.contains(t.text.lowercased())) || t.kind == .quotedIdentifier,
              !peekAt(1).isSymbol("(") else { return false }
        var k = 1
        if peekAt(1).isSymbol("."), peekAt(2).kind == .identifier || peekAt(2).kind == .quotedIdentifier { k = 3 }
        let after = peekAt(k)
        if isClauseStart(after) || after.isSymbol("|") { return true }
        if closing != nil { return false }
        return after.kind == .endOfInput || after.isSymbol(";") || after.atLineStart
    }

    /// query = source { [ "|" ] clause }
    ///
    /// Inside `in ( … )` (`inParentheses`) the query ends at the closing parenthesis.
    package mutating func parseQuery(inParentheses: Bool = false) throws -> Query {
        let src = try parseSource()
        var clauses: [Clause] = []
        var end = src.range.upperBound
        while true {
            let t = peek
            if t.kind == .endOfInput || t.isSymbol(";") { break }
            if inParentheses, t.isSymbol(")") { break }
            if t.isSymbol("|") {
                advance()
                guard isClauseStart(peek) else {
                    throw error("parse.expected-clause", "expected a clause after '|', found \(describe(peek))",
                                at: peek, notes: ["clauses: " + Keywords.clauseCompletions.joined(separator: ", ")])
                }
                continue
            }
            if isClauseStart(t) {
                let c = try parseClause()
                clauses.append(c)
                end = c.range.upperBound
                continue
            }
            if t.atLineStart { break }
            var notes = ["clauses: " + Keywords.clauseCompletions.joined(separator: ", ")]
            if let s = suggest(t.text, among: Array(Self.clauseKeywords)), t.kind == .identifier {
                notes.insert("did you mean '\(s)'?", at: 0)
            }
            throw error("parse.expected-clause", "expected a clause or the end of the statement, found \(describe(t))",
                        at: t, notes: notes)
        }
        return Query(source: src, clauses: clauses, range: src.range.lowerBound..<end)
    }

    private func isClauseStart(_ t: Token) -> Bool {
        t.kind == .identifier && Self.clauseKeywords.contains(t.text.lowercased()) && !t.isKeyword("having")
    }

    /// clause = "where" expr | "select" named { "," named } | "group" "by" named { "," named } [ "having" expr ]
    ///        | ( "sort" | "order" ) "by" sortkey { "," sortkey } | ( "take" | "limit" ) number
    ///        | "expand" expr [ "as" name ] | "distinct" [ expr { "," expr } ] | "count" | "ungroup"
    ///        | "join" [ "inner" | "left" | "anti" ] source [ "as" name ] "on" expr "=" expr
    package mutating func parseClause() throws -> Clause {
        let kw = advance()
        let start = kw.range.lowerBound
        switch kw.text.lowercased() {
        case "where":
            let e = try parseExpr(after: "'where'")
            return Clause(kind: .where(e), range: start..<e.range.upperBound)
        case "select":
            let items = try parseNamedList(after: "'select'")
            return Clause(kind: .select(items), range: start..<items.last!.expr.range.upperBound)
        case "group":
            try expectKeyword("by", "'by' after 'group'")
            let keys = try parseNamedList(after: "'group by'")
            var end = keys.last!.expr.range.upperBound
            var having: Expr?
            if peek.isKeyword("having") {
                advance()
                let h = try parseExpr(after: "'having'")
                having = h
                end = h.range.upperBound
            }
            return Clause(kind: .groupBy(keys, having: having), range: start..<end)
        case "sort", "order":
            try expectKeyword("by", "'by' after '\(kw.text)'")
            var keys: [SortKey] = []
            var end = kw.range.upperBound
            repeat {
                let e = try parseExpr(after: "'sort by'")
                end = e.range.upperBound
                var desc = false
                if peek.isKeyword("desc") || peek.isKeyword("asc") {
                    desc = peek.isKeyword("desc")
                    end = advance().range.upperBound
                }
                keys.append(SortKey(expr: e, descending: desc))
            } while acceptSymbol(",")
            return Clause(kind: .sort(keys), range: start..<end)
        case "take", "limit":
            guard peek.kind == .number, let n = Int(peek.text) else {
                throw error("parse.expected-number", "expected a number after '\(kw.text)', found \(describe(peek))",
                            at: peek, incomplete: peek.kind == .endOfInput)
            }
            let t = advance()
            return Clause(kind: .take(n), range: start..<t.range.upperBound)
        case "expand":
            let e = try parseExpr(after: "'expand'")
            var alias: String?
            var end = e.range.upperBound
            if peek.isKeyword("as") {
                advance()
                let n = try expectName("a name after 'as'")
                alias = n.text
                end = n.range.upperBound
            }
            return Clause(kind: .expand(e, alias: alias), range: start..<end)
        case "distinct":
            var keys: [Expr] = []
            var end = kw.range.upperBound
            if !(peek.kind == .endOfInput || peek.isSymbol(";") || peek.isSymbol("|") || peek.atLineStart || isClauseStart(peek)) {
                repeat {
                    let e = try parseExpr(after: keys.isEmpty ? "'distinct'" : "','")
                    keys.append(e)
                    end = e.range.upperBound
                } while acceptSymbol(",")
            }
            return Clause(kind: .distinct(keys), range: start..<end)
        case "ungroup":
            return Clause(kind: .ungroup, range: kw.range)
        case "join":
            var kind = JoinKind.inner
            if peek.kind == .identifier, let k = JoinKind(rawValue: peek.text.lowercased()) {
                advance()
                kind = k
            }
            let src = try parseSource()
            var alias: String?
            if peek.isKeyword("as") {
                advance()
                alias = try expectName("a name after 'as'").text
            }
            try expectKeyword("on", "'on' after the joined source")
            let cond = try parseExpr(after: "'on'")
            guard case .binary(.eq, let l, let r) = cond.kind else {
                throw error("parse.join-condition", "a join condition is 'left = right'", at: cond.range,
                            notes: ["for example: join cloud.users as c on anchor = c.onPremisesImmutableId"])
            }
            return Clause(kind: .join(kind, src, alias: alias, left: l, right: r), range: start..<cond.range.upperBound)
        default:  // count
            return Clause(kind: .count, range: kw.range)
        }
    }

    /// named = name "=" expr | expr [ "as" name ]
    package mutating func parseNamedList(after what: String) throws -> [NamedExpr] {
        var items: [NamedExpr] = []
        repeat {
            if (peek.kind == .identifier || peek.kind == .quotedIdentifier), peekAt(1).isSymbol("="),
               !Self.reserved.contains(peek.text.lowercased()) {
                let n = advance()
                advance()
                let e = try parseExpr(after: "'\(n.text) ='")
                items.append(NamedExpr(name: n.text, expr: e))
            } else {
                let e = try parseExpr(after: items.isEmpty ? what : "','")
                var name = source.slice(e.range)
                if case .name(let n) = e.kind { name = n }
                if peek.isKeyword("as") {
                    advance()
                    name = try expectName("a column name after 'as'").text
                }
                items.append(NamedExpr(name: name, expr: e))
            }
        } while acceptSymbol(",")
        return items
    }

    // MARK: - Expressions

    /// expr = or
    package mutating func parseExpr(after what: String) throws -> Expr {
        if peek.kind == .endOfInput || peek.isSymbol(";") || (peek.atLineStart && isClauseStart(peek)) {
            throw error("parse.expected-expression", "expected an expression after \(what)", at: peek,
                        incomplete: peek.kind == .endOfInput)
        }
        if depth == 0 { chainOperators = 0 }
        return try nested(at: peek) { try $0.parseOr() }
    }

    /// Parses one level deeper, or reports input nested too deeply to parse safely.
    private mutating func nested(at t: Token, _ parse: (inout Parser) throws -> Expr) throws -> Expr {
        guard depth < Self.maxDepth else {
            throw error("parse.too-deep", "the expression is nested more than \(Self.maxDepth) levels deep", at: t,
                        notes: ["remove redundant parentheses, 'not' or '-'"])
        }
        depth += 1
        defer { depth -= 1 }
        return try parse(&self)
    }

    /// Counts one more operator of a chain, or reports a chain too long to evaluate safely.
    private mutating func countChainOperator(at t: Token) throws {
        guard chainOperators < Self.maxChainOperators else {
            throw error("parse.too-deep", "the expression has more than \(Self.maxChainOperators) operators in chains", at: t,
                        notes: ["write many alternatives as x in (a, b, …)"])
        }
        chainOperators += 1
    }

    /// or = and { "or" and }
    package mutating func parseOr() throws -> Expr {
        var lhs = try parseAnd()
        while peek.isKeyword("or") {
            try countChainOperator(at: peek)
            advance()
            let rhs = try parseOperand(after: "'or'") { try $0.parseAnd() }
            lhs = Expr(.binary(.or, lhs, rhs), lhs.range.lowerBound..<rhs.range.upperBound)
        }
        return lhs
    }

    /// and = not { "and" not }
    package mutating func parseAnd() throws -> Expr {
        var lhs = try parseNot()
        while peek.isKeyword("and") {
            try countChainOperator(at: peek)
            advance()
            let rhs = try parseOperand(after: "'and'") { try $0.parseNot() }
            lhs = Expr(.binary(.and, lhs, rhs), lhs.range.lowerBound..<rhs.range.upperBound)
        }
        return lhs
    }

    /// not = "not" not | "exists" postfix | comparison
    package mutating func parseNot() throws -> Expr {
        if peek.isKeyword("not") {
            let t = advance()
            let e = try nested(at: t) { try $0.parseOperand(after: "'not'") { try $0.parseNot() } }
            return Expr(.unary(.not, e), t.range.lowerBound..<e.range.upperBound)
        }
        if peek.isKeyword("exists") {
            let t = advance()
            let e = try parseOperand(after: "'exists'") { try $0.parsePostfix() }
            return Expr(.exists(e), t.range.lowerBound..<e.range.upperBound)
        }
        return try parseComparison()
    }

    /// comparison = additive [ compop additive | [ "not" ] "in" "(" expr { "," expr } ")"
    ///            | [ "not" ] ( "contains" | "starts" "with" | "ends" "with" | "like" | "matches" ) additive
    ///            | "is" [ "not" ] "empty" ]
    package mutating func parseComparison() throws -> Expr {
        let lhs = try parseAdditive()
        let t = peek
        if t.kind == .symbol, let op = BinaryOp(rawValue: t.text), op.isComparison {
            advance()
            let rhs = try parseOperand(after: "'\(t.text)'") { try $0.parseAdditive() }
            return Expr(.binary(op, lhs, rhs), lhs.range.lowerBound..<rhs.range.upperBound)
        }
        var negated = false
        if t.isKeyword("not"), let n = textOrIn(peekAt(1)), n != "" {
            advance()
            negated = true
        }
        let w = peek
        if w.isKeyword("in") {
            advance()
            try expectSymbol("(", "'(' after 'in'")
            if startsQuery(closing: ")") {
                // x in (query): the query's one column.
                let q = try parseQuery(inParentheses: true)
                let close = peek
                try expectSymbol(")", "')' to close the query of 'in'")
                return Expr(.inQuery(lhs, q, text: source.slice(q.range), negated: negated),
                            lhs.range.lowerBound..<close.range.upperBound)
            }
            var items: [Expr] = []
            if !peek.isSymbol(")") {
                repeat { items.append(try parseExpr(after: items.isEmpty ? "'in ('" : "','")) } while acceptSymbol(",")
            }
            let close = peek
            try expectSymbol(")", "')' to close the 'in' list")
            return Expr(.inList(lhs, items, negated: negated), lhs.range.lowerBound..<close.range.upperBound)
        }
        if let opName = textOrIn(w), !opName.isEmpty, opName != "in" {
            advance()
            var op: TextOp
            switch opName {
            case "starts": try expectKeyword("with", "'with' after 'starts'"); op = .startsWith
            case "ends": try expectKeyword("with", "'with' after 'ends'"); op = .endsWith
            case "contains": op = .contains
            case "like": op = .like
            default: op = .matches
            }
            let rhs = try parseOperand(after: "'\(op.rawValue)'") { try $0.parseAdditive() }
            if op == .like, case .literal(.string(let pattern)) = rhs.kind,
               pattern.contains(where: { $0 == "%" || $0 == "_" }), !pattern.contains(where: { $0 == "*" || $0 == "?" }) {
                // SQL's wildcards quietly find nothing here: say what dirq's are.
                let fixed = String(pattern.map { $0 == "%" ? "*" : $0 == "_" ? "?" : $0 })
                throw error("parse.like-wildcard", "'like' uses '*' and '?' as wildcards, not SQL's '%' and '_'",
                            at: rhs.range,
                            notes: ["dirq's wildcards are '*' (any run of characters) and '?' (one character): like \(Printer.literal(.string(fixed)))",
                                    "to find a '%' or '_' as written, use contains or ="])
            }
            if op == .matches {
                guard case .literal(.string(let pattern)) = rhs.kind else {
                    throw error("parse.regex-literal", "'matches' needs a regular expression in quotes", at: rhs.range)
                }
                if let problem = TextMatching.regexProblem(pattern) {
                    throw error("parse.bad-regex", "invalid regular expression: \(problem)", at: rhs.range)
                }
            }
            return Expr(.text(op, lhs, rhs, negated: negated), lhs.range.lowerBound..<rhs.range.upperBound)
        }
        if w.isKeyword("is") {
            advance()
            var neg = false
            if peek.isKeyword("not") { advance(); neg = true }
            let e = peek
            if e.isKeyword("empty") || e.isKeyword("null") {
                advance()
                return Expr(.isEmpty(lhs, negated: neg), lhs.range.lowerBound..<e.range.upperBound)
            }
            throw error("parse.expected-empty", "expected 'empty' after 'is\(neg ? " not" : "")'", at: e,
                        incomplete: e.kind == .endOfInput)
        }
        return lhs
    }

    /// The text operator a token starts (`contains`, `starts`, `ends`, `like`, `matches`, `in`), or nil.
    private func textOrIn(_ t: Token) -> String? {
        guard t.kind == .identifier else { return nil }
        let w = t.text.lowercased()
        return ["contains", "starts", "ends", "like", "matches", "in"].contains(w) ? w : nil
    }

    /// additive = multiplicative { ( "+" | "-" ) multiplicative }
    package mutating func parseAdditive() throws -> Expr {
        var lhs = try parseMultiplicative()
        while peek.isSymbol("+") || peek.isSymbol("-") {
            try countChainOperator(at: peek)
            let t = advance()
            let rhs = try parseOperand(after: "'\(t.text)'") { try $0.parseMultiplicative() }
            lhs = Expr(.binary(t.text == "+" ? .add : .sub, lhs, rhs), lhs.range.lowerBound..<rhs.range.upperBound)
        }
        return lhs
    }

    /// multiplicative = unary { ( "*" | "/" ) unary }
    package mutating func parseMultiplicative() throws -> Expr {
        var lhs = try parseUnary()
        while peek.isSymbol("*") || peek.isSymbol("/") {
            try countChainOperator(at: peek)
            let t = advance()
            let rhs = try parseOperand(after: "'\(t.text)'") { try $0.parseUnary() }
            lhs = Expr(.binary(t.text == "*" ? .mul : .div, lhs, rhs), lhs.range.lowerBound..<rhs.range.upperBound)
        }
        return lhs
    }

    /// unary = "-" unary | postfix
    package mutating func parseUnary() throws -> Expr {
        if peek.isSymbol("-") {
            let t = advance()
            let e = try nested(at: t) { try $0.parseOperand(after: "'-'") { try $0.parseUnary() } }
            return Expr(.unary(.negate, e), t.range.lowerBound..<e.range.upperBound)
        }
        return try parsePostfix()
    }

    /// postfix = primary { "." name }
    package mutating func parsePostfix() throws -> Expr {
        var e = try parsePrimary()
        while peek.isSymbol("."), !peek.atLineStart {
            try countChainOperator(at: peek)
            advance()
            let n = try expectName("a field name after '.' (type, address, primary, or a record field)")
            e = Expr(.member(e, n.text), e.range.lowerBound..<n.range.upperBound)
        }
        return e
    }

    /// primary = number | string | "true" | "false" | "null" | name "(" [ expr { "," expr } ] ")" | name | "(" expr ")"
    package mutating func parsePrimary() throws -> Expr {
        let t = peek
        switch t.kind {
        case .number:
            advance()
            if let i = Int64(t.text) { return Expr(.literal(.int(i)), t.range) }
            guard let d = Double(t.text), d.isFinite else {
                throw error("parse.number-range", "the number \(t.text.prefix(20))\(t.text.count > 20 ? "…" : "") is too large", at: t)
            }
            return Expr(.literal(.double(d)), t.range)
        case .string:
            advance()
            return Expr(.literal(.string(t.text)), t.range)
        case .duration:
            advance()
            guard let ticks = Value.parseDuration(t.text) else {
                throw error("parse.number-range", "the duration \(t.text.prefix(20)) is too long", at: t)
            }
            return Expr(.literal(.duration(ticks)), t.range)
        case .quotedIdentifier:
            advance()
            return Expr(.name(t.text), t.range)
        case .identifier:
            let w = t.text.lowercased()
            if w == "true" || w == "false" { advance(); return Expr(.literal(.bool(w == "true")), t.range) }
            if w == "null" { advance(); return Expr(.literal(.null), t.range) }
            if peekAt(1).isSymbol("("), !peekAt(1).atLineStart, let q = Quantifier(rawValue: w),
               peekAt(2).kind == .identifier || peekAt(2).kind == .quotedIdentifier, peekAt(3).isKeyword("in"),
               q != .count || !peekAt(4).isSymbol("(") || whereFollowsParentheses(at: 4) {
                return try parseQuantifier(q)
            }
            if peekAt(1).isSymbol("("), !peekAt(1).atLineStart {
                advance()
                advance()
                var args: [Expr] = []
                if !peek.isSymbol(")") {
                    repeat { args.append(try parseExpr(after: args.isEmpty ? "'\(t.text)('" : "','")) } while acceptSymbol(",")
                }
                let close = peek
                try expectSymbol(")", "')' to close the call of \(t.text)")
                return Expr(.call(t.text, args), t.range.lowerBound..<close.range.upperBound)
            }
            if Self.reserved.contains(w) {
                throw error("parse.expected-expression", "expected an expression, found the keyword '\(t.text)'", at: t,
                            notes: ["to use an attribute with this name, write it in backticks: `\(t.text)`"])
            }
            advance()
            return Expr(.name(t.text), t.range)
        case .symbol where t.text == "(":
            advance()
            let e = try parseExpr(after: "'('")
            let close = peek
            try expectSymbol(")", "')' to close '('")
            return Expr(e.kind, t.range.lowerBound..<close.range.upperBound)
        case .endOfInput:
            throw error("parse.expected-expression", "expected an expression", at: t, incomplete: true)
        default:
            var notes: [String] = []
            if t.isSymbol("=") { notes.append("compare with '=' between two values, e.g. upn = \"a@b.com\"") }
            throw error("parse.expected-expression", "expected an expression, found \(describe(t))", at: t, notes: notes)
        }
    }

    /// True when a `where` follows at this call's own level, before its closing parenthesis:
    /// `count(v in (a, b) where …)` is a quantifier, `count(x in (a, b))` a count of a
    /// membership test.
    private func whereFollowsParentheses(at k: Int) -> Bool {
        var depth = 0, i = pos + k
        while i < tokens.count {
            let t = tokens[i]
            if t.kind == .endOfInput { return false }
            if t.isSymbol("(") { depth += 1 }
            if t.isSymbol(")") {
                if depth == 0 { return false }
                depth -= 1
            }
            if depth == 0, t.isSymbol(",") { return false }
            if depth == 0, t.isKeyword("where") { return true }
            i += 1
        }
        return false
    }

    /// quantifier = ( "any" | "all" | "count" ) "(" name "in" additive "where" expr ")"
    package mutating func parseQuantifier(_ q: Quantifier) throws -> Expr {
        let start = advance().range.lowerBound
        advance()  // (
        let v = try expectName("a name for each value after '\(q.rawValue)('")
        try expectKeyword("in", "'in' after '\(q.rawValue)(\(v.text)'")
        let list = try parseOperand(after: "'in'") { try $0.parseAdditive() }
        try expectKeyword("where", "'where' and a condition after '\(q.rawValue)(\(v.text) in …'")
        let cond = try parseExpr(after: "'where'")
        let close = peek
        try expectSymbol(")", "')' to close '\(q.rawValue)('")
        return Expr(.quantifier(q, variable: v.text, list: list, condition: cond), start..<close.range.upperBound)
    }

    /// Parses the operand after a binary operator; a missing operand at the end of input is incomplete.
    private mutating func parseOperand(after what: String, _ parse: (inout Parser) throws -> Expr) throws -> Expr {
        if peek.kind == .endOfInput || peek.isSymbol(";") || (peek.atLineStart && isClauseStart(peek)) {
            throw error("parse.expected-expression", "expected an expression after \(what)", at: peek,
                        incomplete: peek.kind == .endOfInput)
        }
        return try parse(&self)
    }

    // MARK: - Tokens

    private var peek: Token { tokens[pos] }
    private func peekAt(_ k: Int) -> Token { tokens[min(pos + k, tokens.count - 1)] }

    @discardableResult
    private mutating func advance() -> Token {
        let t = tokens[pos]
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    private mutating func acceptSymbol(_ s: String) -> Bool {
        if peek.isSymbol(s) { advance(); return true }
        return false
    }

    private mutating func expectSymbol(_ s: String, _ what: String) throws {
        guard peek.isSymbol(s) else {
            throw error("parse.expected-symbol", "expected \(what), found \(describe(peek))", at: peek,
                        incomplete: peek.kind == .endOfInput)
        }
        advance()
    }

    private mutating func expectKeyword(_ k: String, _ what: String) throws {
        guard peek.isKeyword(k) else {
            throw error("parse.expected-keyword", "expected \(what), found \(describe(peek))", at: peek,
                        incomplete: peek.kind == .endOfInput)
        }
        advance()
    }

    private mutating func expectName(_ what: String) throws -> Token {
        let t = peek
        guard (t.kind == .identifier && !Self.reserved.contains(t.text.lowercased())) || t.kind == .quotedIdentifier else {
            throw error("parse.expected-name", "expected \(what), found \(describe(t))", at: t,
                        incomplete: t.kind == .endOfInput)
        }
        return advance()
    }

    /// Skips to the start of the next statement: past a `;`, or to a token at the start of a line
    /// that is not a clause keyword or `|`.
    private mutating func recover() {
        while peek.kind != .endOfInput {
            let t = advance()
            if t.isSymbol(";") { return }
            if peek.atLineStart && !isClauseStart(peek) && !peek.isSymbol("|") { return }
        }
    }

    private func describe(_ t: Token) -> String {
        switch t.kind {
        case .endOfInput: return "the end of the input"
        case .string: return "the string \"\(t.text)\""
        case .number: return "the number \(t.text)"
        case .duration: return "the duration \(t.text)"
        case .symbol: return "'\(t.text)'"
        case .identifier, .quotedIdentifier: return "'\(t.text)'"
        }
    }

    private func error(_ id: String, _ message: String, at t: Token, notes: [String] = [],
                       incomplete: Bool = false) -> Diagnostic {
        error(id, message, at: t.range, notes: notes, incomplete: incomplete || t.kind == .endOfInput)
    }

    private func error(_ id: String, _ message: String, at range: Range<Int>, notes: [String] = [],
                       incomplete: Bool = false) -> Diagnostic {
        Diagnostic(id, .error, message, range: range, sourceName: source.name, notes: notes, isIncomplete: incomplete)
    }
}
