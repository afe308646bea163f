import DirqModel
import DirqSyntax

/// `count`: one row, one column: how many rows came in.
package struct Count: PlanOperator {
    package let range: Range<Int>
    package let output = Shape(snapshot: nil, kinds: nil, fields: ["count"], hasObject: false)

    package var summary: String { "count" }

    package func run(_ input: Relation, _ x: Execution) throws(Diagnostic) -> Relation {
        Relation(shape: output, rows: [Row(object: -1, values: [.int(Int64(input.rows.count))])], notes: input.notes)
    }
}
