import DirqModel
import DirqSyntax

/// `distinct [e, …]`: the first row of each key (the values of `e, …`, or of the whole row and its
/// object), keys compared as group keys are (strings case-insensitively).
package struct Distinct: PlanOperator {
    package let range: Range<Int>
    /// Empty: the whole row is the key.
    package let keys: [BoundExpr]
    package let output: Shape

    package var summary: String { keys.isEmpty ? "distinct rows" : "distinct on \(keys.count) key\(keys.count == 1 ? "" : "s")" }

    package func run(_ input: Relation, _ x: Execution) throws(Diagnostic) -> Relation {
        var seen = Set<[GroupKey]>()
        var out = input
        out.rows = []
        for (i, r) in input.rows.enumerated() {
            try x.checkCancelled(range, row: i)
            var key: [GroupKey]
            if keys.isEmpty {
                key = r.values.map(GroupKey.init)
                if output.hasObject {
                    if r.object >= 0 { key.append(.number(Double(r.object))) }
                } else {
                    // Rows of computed columns are equal when their values are.
                    key += output.computedValues(r).map(GroupKey.init)
                }
            } else {
                key = try x.evaluator.evalAll(keys, r, output).map(GroupKey.init)
            }
            if seen.insert(key).inserted { out.rows.append(r) }
        }
        return out
    }
}
