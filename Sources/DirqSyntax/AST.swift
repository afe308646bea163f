import DirqModel

/// The syntax tree of dirq. Every node carries the byte range of its text.

/// An expression in `where`, `select`, `group by`, `sort by`, `having`, `expand`.
public struct Expr: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case literal(Value)
        /// An attribute, alias, column or `let` name.
        case name(String)
        /// `expr.field`: a proxy address's `.type`/`.address`/`.primary`, or a record field.
        case member(Expr, String)
        case call(String, [Expr])
        case unary(UnaryOp, Expr)
        case binary(BinaryOp, Expr, Expr)
        /// `x [not] in (a, b, …)`
        case inList(Expr, [Expr], negated: Bool)
        /// `x [not] contains|starts with|ends with|like|matches y`
        case text(TextOp, Expr, Expr, negated: Bool)
        /// `exists x`
        case exists(Expr)
        /// `x is [not] empty`
        case isEmpty(Expr, negated: Bool)
        /// `x [not] in (query)`: the query yields one column; `text` is the query as written.
        case inQuery(Expr, Query, text: String, negated: Bool)
        /// `any(v in list where cond)`, `all(…)`, `count(…)`: `cond` tested on each value of `list`,
        /// with `v` naming the value.
        case quantifier(Quantifier, variable: String, list: Expr, condition: Expr)
    }

    public var kind: Kind
    public var range: Range<Int>

    public init(_ kind: Kind, _ range: Range<Int>) {
        self.kind = kind
        self.range = range
    }
}

/// What `any(v in list where cond)` and its kin say about the values that satisfy `cond`.
public enum Quantifier: String, Sendable, Hashable, CaseIterable { case any, all, count }

public enum UnaryOp: String, Sendable, Hashable { case not, negate = "-" }

public enum BinaryOp: String, Sendable, Hashable {
    case and, or
    case eq = "=", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case add = "+", sub = "-", mul = "*", div = "/"

    package var isComparison: Bool { [.eq, .ne, .lt, .le, .gt, .ge].contains(self) }
}

public enum TextOp: String, Sendable, Hashable {
    case contains, startsWith = "starts with", endsWith = "ends with", like, matches
}

/// `name = expr` or `expr [as name]` in `select` and `group by`.
public struct NamedExpr: Sendable, Hashable {
    public var name: String
    public var expr: Expr
}

public struct SortKey: Sendable, Hashable {
    public var expr: Expr
    public var descending: Bool
}

/// One step of a query's pipeline.
public struct Clause: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case `where`(Expr)
        case select([NamedExpr])
        case groupBy([NamedExpr], having: Expr?)
        case sort([SortKey])
        case take(Int)
        case expand(Expr, alias: String?)
        /// `distinct [expr, …]`: drop repeated rows, or keep the first row of each key.
        case distinct([Expr])
        case count
        /// `ungroup`: after `group by`, the member rows again, each with its group's columns.
        case ungroup
        /// `join [inner|left|anti] source [as name] on left = right`
        case join(JoinKind, SourceRef, alias: String?, left: Expr, right: Expr)
    }

    public var kind: Kind
    public var range: Range<Int>
}

public enum JoinKind: String, Sendable, Hashable { case inner, left, anti }

/// What a query reads: `users`, `onprem.users`, a `let` name, a snapshot name, `identities`, or
/// `match A to B`.
public struct SourceRef: Sendable, Hashable {
    /// The snapshot, when qualified (`onprem.users`).
    public var snapshot: String?
    public var name: String
    public var range: Range<Int>
    /// `match from to to`: the two snapshots (or side names) to pair.
    public var match: MatchSpec?
    /// `diff old new`: what changed between two snapshots of the same side.
    public var diff: MatchSpec?

    public struct MatchSpec: Sendable, Hashable {
        public var from: String
        public var to: String
    }

    public init(snapshot: String?, name: String, range: Range<Int>, match: MatchSpec? = nil, diff: MatchSpec? = nil) {
        self.snapshot = snapshot
        self.name = name
        self.range = range
        self.match = match
        self.diff = diff
    }
}

public struct Query: Sendable, Hashable {
    public var source: SourceRef
    public var clauses: [Clause]
    public var range: Range<Int>

    package init(source: SourceRef, clauses: [Clause], range: Range<Int>) {
        self.source = source
        self.clauses = clauses
        self.range = range
    }
}

/// A statement of a script or of one prompt entry.
public struct Statement: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `load "path" [as name] [side onprem|cloud] [format ldif|csv|json]`
        /// `kind user|group|contact`: the kind of objects whose content names no class.
        case load(path: String, name: String?, side: Side?, format: SnapshotFormat?, kind: ObjectKind?)
        /// `use name`
        case use(String)
        /// `let name = query`
        case `let`(String, Query)
        /// `let name = expr`: a scalar (text, number, date, duration, list) used by name later.
        case letValue(String, Expr)
        case query(Query)
        /// `describe source`
        case describe(SourceRef)
        /// `check name` / `check all`
        /// `check NAME [on A, B]`: the snapshots to compare, when not the latest of each side.
        case check(String, on: [String] = [])
        /// `explain "value"`: an object by UPN, DN, id, address or anchor, and everything about it.
        case explain(String)
        /// `lesson [name]`
        case lesson(String?)
        /// `health [at "time"]`: the troubleshooting guide's first step, from the engine's exports.
        case health(at: String?)
        /// `fix name` / `fix all`: a PowerShell script for the current findings, printed for review.
        case fix(String)
        /// `exercise [name]`: list the course, or start an exercise on the sample tenant.
        case exercise(String?)
        /// `submit`: compare the last result with the exercise's answer.
        case submit
        /// `hint`: the exercise's next hint.
        case hint
        /// `report "file.html"`: the findings, lessons, explanations and fix script as one page.
        case report(path: String)
    }

    public var kind: Kind
    public var range: Range<Int>
}
