import DirqModel
import DirqSyntax

/// `select a, b = expr, …`: one row of computed columns per input row. The rows are no longer
/// objects: later clauses see only the selected names.
package struct Project: PlanOperator {
    package let range: Range<Int>
    package let input: Shape
    package let items: [BoundExpr]
    package let output: Shape

    package var summary: String { "project " + output.fields.joined(separator: ", ") }

    package func run(_ rel: Relation, _ x: Execution) throws(Diagnostic) -> Relation {
        var rows: [Row] = []
        rows.reserveCapacity(rel.rows.count)
        for (i, r) in rel.rows.enumerated() {
            try x.checkCancelled(range, row: i)
            rows.append(Row(object: -1, values: try x.evaluator.evalAll(items, r, input)))
        }
        return Relation(shape: output, rows: rows, notes: rel.notes)
    }
}
