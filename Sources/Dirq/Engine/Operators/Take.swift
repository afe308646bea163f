import DirqModel
import DirqSyntax

/// `take n`: the first n rows.
struct Take: PlanOperator {
    let range: Range<Int>
    let count: Int
    let output: Shape

    var summary: String { "take \(count)" }

    func run(_ input: Relation, _ x: Execution) throws(Diagnostic) -> Relation {
        var out = input
        out.rows = Array(input.rows.prefix(max(0, count)))
        return out
    }
}
