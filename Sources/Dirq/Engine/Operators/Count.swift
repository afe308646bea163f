import DirqModel
import DirqSyntax

/// `count`: one row, one column: how many rows came in.
struct Count: PlanOperator {
    let range: Range<Int>
    let output = Shape(snapshot: nil, kinds: nil, fields: ["count"], hasObject: false)

    var summary: String { "count" }

    func run(_ input: Relation, _ x: Execution) throws(Diagnostic) -> Relation {
        Relation(shape: output, rows: [Row(object: -1, values: [.int(Int64(input.rows.count))])], notes: input.notes)
    }
}
