import DirqModel
import DirqSyntax

/// `select a, b = expr, …`: one row of computed columns per input row. The rows are no longer
/// objects: later clauses see only the selected names.
struct Project: PlanOperator {
    let range: Range<Int>
    let input: Shape
    let items: [BoundExpr]
    let output: Shape

    var summary: String { "project " + output.fields.joined(separator: ", ") }

    func run(_ rel: Relation, _ x: Execution) throws(Diagnostic) -> Relation {
        var rows: [Row] = []
        rows.reserveCapacity(rel.rows.count)
        for (i, r) in rel.rows.enumerated() {
            try x.checkCancelled(range, row: i)
            rows.append(Row(object: -1, values: try x.evaluator.evalAll(items, r, input)))
        }
        return Relation(shape: output, rows: rows, notes: rel.notes)
    }
}
