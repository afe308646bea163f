import DirqModel
import DirqSyntax

/// `take n`: the first n rows.
package struct Take: PlanOperator {
    package let range: Range<Int>
    package let count: Int
    package let output: Shape

    package var summary: String { "take \(count)" }

    package func run(_ input: Relation, _ x: Execution) throws(Diagnostic) -> Relation {
        var out = input
        out.rows = Array(input.rows.prefix(max(0, count)))
        return out
    }
}
