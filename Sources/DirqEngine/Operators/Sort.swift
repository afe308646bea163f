import DirqModel
import DirqSyntax

/// `sort by k [desc], …`: the rows in the order of their keys (`Compare.sortOrder`: missing
/// values last, values of different types by type), ties in their input order.
package struct Sort: PlanOperator {
    package let range: Range<Int>
    package let keys: [BoundExpr]
    package let descending: [Bool]
    package let output: Shape

    package var summary: String {
        "sort by \(keys.count) key\(keys.count == 1 ? "" : "s")" + (descending.contains(true) ? " (" + descending.map { $0 ? "desc" : "asc" }.joined(separator: ", ") + ")" : "")
    }

    package func run(_ input: Relation, _ x: Execution) throws(Diagnostic) -> Relation {
        var decorated: [(Int, [Value])] = []
        decorated.reserveCapacity(input.rows.count)
        for (i, r) in input.rows.enumerated() {
            try x.checkCancelled(range, row: i)
            decorated.append((i, try x.evaluator.evalAll(keys, r, output)))
        }
        decorated.sort { a, b in
            for k in keys.indices {
                let o = Compare.sortOrder(a.1[k], b.1[k])
                if o != 0 { return descending[k] ? o > 0 : o < 0 }
            }
            return a.0 < b.0  // stable
        }
        var out = input
        out.rows = decorated.map { input.rows[$0.0] }
        return out
    }
}
