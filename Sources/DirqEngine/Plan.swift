import DirqModel
import DirqSyntax

/// A query after binding: its source's rows, the operators that run over them in order, and the
/// queries of `x in (query)` that run once before them. Every name, function, arity and type in it
/// has been resolved (`Binder`), so running it (`Executor`) can fail only on a value — a division
/// by zero, a date compared with text that is no date, a join too large — never on a name.
package struct Plan {
    /// The rows the first operator reads (objects of a snapshot, a `let` table, `match`, …).
    package var source: Relation
    package var operators: [any PlanOperator]
    /// The plans of the `x in (query)` tests in this plan's expressions; `BoundExpr.inQuery`
    /// names one by its index here.
    package var subqueries: [Plan]

    /// The names the result's rows answer to.
    package var output: Shape { operators.last?.output ?? source.shape }

    /// The plan as text, one operator a line, subqueries indented under the plan that uses them:
    /// what the tests pin and a person reads to see which strategy each clause got.
    package var description: String {
        var lines = ["source \(Self.describe(source.shape))"]
        for op in operators { lines.append(op.summary) }
        for (i, sub) in subqueries.enumerated() {
            lines.append("subquery \(i):")
            lines += sub.description.split(separator: "\n").map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// `objects of onprem (users)`, `columns a, b`.
    package static func describe(_ shape: Shape) -> String {
        var parts: [String] = []
        if shape.hasObject, let snap = shape.snapshot {
            let kinds = shape.kinds.map { " (" + $0.map(\.rawValue).sorted().joined(separator: ", ") + ")" } ?? ""
            parts.append("objects of \(snap.name)\(kinds)")
        }
        if !shape.columnNames.isEmpty { parts.append("columns " + shape.columnNames.joined(separator: ", ")) }
        if shape.members != nil { parts.append("with members") }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }
}

/// One step of a plan, made by the binder from a clause (or from a few clauses it fuses, such as
/// `expand … where … group by …`). Each operator is a file of `Operators/`.
package protocol PlanOperator {
    /// The text of the clause it came from: where an error while it runs points.
    var range: Range<Int> { get }
    /// The names its output rows answer to (known before any row is read).
    var output: Shape { get }
    /// One line for `Plan.description`: the operator and the strategy it uses.
    var summary: String { get }
    func run(_ input: Relation, _ x: Execution) throws(Diagnostic) -> Relation
}
