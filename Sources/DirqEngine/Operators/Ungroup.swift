import DirqModel
import DirqSyntax

/// `ungroup`: after `group by`, each group's member rows again, each with its group's columns
/// after its own.
package struct Ungroup: PlanOperator {
    package let range: Range<Int>
    package let output: Shape

    package var summary: String { "ungroup" }

    /// The shape of `ungroup`'s rows after rows of `shape`; nil when they are not group rows.
    package static func shape(after shape: Shape) -> Shape? {
        guard let inner = shape.members else { return nil }
        return Shape(snapshot: inner.snapshot, kinds: inner.kinds, fields: inner.fields + shape.fields,
                     fieldExprs: inner.fieldExprs + shape.fieldExprs, hasObject: inner.hasObject, members: inner.members,
                     columns: inner.columns)
    }

    package func run(_ input: Relation, _ x: Execution) throws(Diagnostic) -> Relation {
        var rows: [Row] = []
        for (i, g) in input.rows.enumerated() {
            try x.checkCancelled(range, row: i)
            for m in g.members ?? [] {
                rows.append(Row(object: m.object, values: m.values + g.values, members: m.members))
            }
        }
        return Relation(shape: output, rows: rows, notes: input.notes)
    }
}
