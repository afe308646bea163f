import DirqModel
import DirqSyntax

/// `where cond`: the rows for which the condition holds, in their order.
package struct Filter: PlanOperator {
    package let range: Range<Int>
    package let condition: BoundExpr
    /// The input's names, which are also the output's.
    package let output: Shape

    package var summary: String { "filter" }

    package func run(_ input: Relation, _ x: Execution) throws(Diagnostic) -> Relation {
        var out = input
        out.rows = []
        for (i, r) in input.rows.enumerated() {
            try x.checkCancelled(range, row: i)
            if x.evaluator.truthy(try x.evaluator.eval(condition, r, output)) { out.rows.append(r) }
        }
        return out
    }
}
