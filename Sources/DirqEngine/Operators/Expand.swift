import DirqModel
import DirqSyntax

/// `expand e [as name]`: one row per value of `e` (a multi-valued attribute gives one row per
/// value), with the value as a new last column. Rows where `e` has no value give no row, counted
/// in a note. The `where`s right after it run on each value as it is made (`filters`), so that
/// only the rows that pass are built: `objects expand proxyAddresses as p where …` keeps a few
/// of three million.
package struct Expand: PlanOperator {
    package let range: Range<Int>
    package let input: Shape
    package let value: BoundExpr
    /// The new column's name, for the note.
    package let name: String?
    package let output: Shape
    /// The `where`s after the expand, bound in `output`.
    package var filters: [BoundExpr] = []

    package var summary: String {
        "expand as \(output.fields.last ?? "value")" + (filters.isEmpty ? "" : ", filter (fused: only rows that pass are built)")
    }

    package func run(_ rel: Relation, _ x: Execution) throws(Diagnostic) -> Relation {
        var out = Relation(shape: output, rows: [], notes: rel.notes)
        var dropped = 0
        let rowBytes = Execution.rowBytes(values: output.fields.count)
        var scratch = Row(object: -1, values: [], members: nil)
        for (i, r) in rel.rows.enumerated() {
            try x.checkCancelled(range, row: i)
            let els = try x.evaluator.eval(value, r, input).elements
            if els.isEmpty { dropped += 1 }
            if (out.rows.count & Execution.memoryCheckMask) + els.count > Execution.memoryCheckMask {
                try x.checkMemory(forMore: Execution.memoryCheckMask + 1, rowBytes: rowBytes, after: out.rows.count,
                                  what: "expand", range: range)
            }
            for v in els {
                guard try Self.passes(filters, r, v, &scratch, output, x) else { continue }
                var nr = r
                nr.values.append(v)
                out.rows.append(nr)
            }
        }
        if let note = Self.note(dropped: dropped, name: name) { out.notes.append(note) }
        return out
    }

    /// Whether row `r` with `v` as its new last column passes every `where` of `filters` (bound in
    /// `shape`), asked on `scratch` (whose storage is reused from value to value).
    static func passes(_ filters: [BoundExpr], _ r: Row, _ v: Value, _ scratch: inout Row, _ shape: Shape,
                       _ x: Execution) throws(Diagnostic) -> Bool {
        guard !filters.isEmpty else { return true }
        scratch.object = r.object
        scratch.members = r.members
        scratch.values.removeAll(keepingCapacity: true)
        scratch.values.append(contentsOf: r.values)
        scratch.values.append(v)
        for f in filters where !x.evaluator.truthy(try x.evaluator.eval(f, scratch, shape)) { return false }
        return true
    }

    /// What the person is told about rows that expanded to nothing.
    package static func note(dropped: Int, name: String?) -> String? {
        guard dropped > 0 else { return nil }
        return "expand: \(dropped) row\(dropped == 1 ? "" : "s") without a value of \(name ?? "the expression") produced no rows"
    }
}

/// `expand e as name`, then `where`s, then `group by`, as one operator: the expanded rows are
/// grouped as they are made, and only the rows of the groups that are kept are built. The same
/// rows, notes and errors as the clauses one by one.
package struct ExpandGroup: PlanOperator {
    package let expand: Expand
    /// The `where`s between them, bound in the expanded rows' shape.
    package let filters: [BoundExpr]
    package var group: Group

    package var range: Range<Int> { expand.range }
    package var output: Shape { group.output }
    package var summary: String {
        var grouping = group.summary
        if computedKeyColumn != nil {
            grouping = grouping.replacingOccurrences(of: "hash group on evaluated keys", with: "hash group on the column's element keys")
        }
        return "\(expand.summary), \(filters.isEmpty ? "" : "filter, ")\(grouping) (fused: only kept groups' rows are built)"
    }

    package func run(_ rel: Relation, _ x: Execution) throws(Diagnostic) -> Relation {
        if let numbered = try runOnElementKeys(rel, x) { return numbered }
        if let numbered = try runOnComputedKeys(rel, x) { return numbered }
        let shape = expand.output
        var expanded = ExpandedRows(input: rel)
        var dropped = 0
        var scratch = Row(object: -1, values: [], members: nil)
        for (i, r) in rel.rows.enumerated() {
            try x.checkCancelled(range, row: i)
            let els = try x.evaluator.eval(expand.value, r, expand.input).elements
            if els.isEmpty { dropped += 1 }
            for v in els where try Expand.passes(filters, r, v, &scratch, shape, x) {
                expanded.row.append(Int32(i))
                expanded.value.append(v)
            }
        }
        var notes = rel.notes
        if let note = Expand.note(dropped: dropped, name: expand.name) { notes.append(note) }
        return try group.run(expanded, notes: notes, x)
    }
}

/// The rows of an `expand` that passed the `where`s after it, kept as (input row, value) pairs
/// rather than as rows: a row is built only when a group keeps it.
package struct ExpandedRows {
    package var input: Relation
    package var row: [Int32] = []
    package var value: [Value] = []
    /// Instead of `value`: the values are elements of an attribute of the input rows' objects, or
    /// of a computed column of theirs, each read (at position `element` of the row's list) only
    /// when needed.
    package var elements: (source: ElementSource, element: [UInt32])?

    package enum ElementSource {
        case attribute(ObjectStore.Column)
        case computed(ComputedColumn)
    }

    package var count: Int { row.count }

    /// The value of expanded row `i`.
    package func value(_ i: Int) -> Value {
        guard let (source, element) = elements else { return value[i] }
        let object = input.rows[Int(row[i])].object
        switch source {
        case .attribute(let column): return (column.value(object) ?? .null).elements[Int(element[i])]
        case .computed(let column): return column.value(object).elements[Int(element[i])]
        }
    }

    /// The expanded row `i`: its input row with the value as the last column.
    package func make(_ i: Int) -> Row {
        let r = input.rows[Int(row[i])]
        var values = r.values
        values.reserveCapacity(values.count + 1)
        values.append(value(i))
        return Row(object: r.object, values: values, members: r.members)
    }

    /// `make(i)` of each `i` of `indices`, in their order: the elements are read for all of them
    /// at once (`ObjectStore.Column.values(of:)`), which at a million objects lets their cache
    /// misses overlap.
    package func make(_ indices: [Int]) -> [Row] {
        let values: [Value]
        if let (source, element) = elements, case .attribute(let column) = source {
            values = column.elements(of: indices.map { input.rows[Int(row[$0])].object },
                                     indices.map { Int(element[$0]) })
        } else {
            values = indices.map(value)
        }
        return zip(indices, values).map { i, v in
            let r = input.rows[Int(row[i])]
            var values = r.values
            values.reserveCapacity(values.count + 1)
            values.append(v)
            return Row(object: r.object, values: values, members: r.members)
        }
    }

    /// What `e` (bound in the expanded rows' shape) gives for expanded row `i`, reading no more of
    /// the row than it needs: an expression of the value alone reads `scratch`'s last column (sized
    /// once), one that does not read the value reads the input row as it is, and only one that
    /// reads both copies the input row into `scratch`.
    package func eval(_ e: BoundExpr, reads: ExpandedRows.Reads, _ i: Int, _ scratch: inout Row, _ shape: Shape,
                      _ ev: Evaluator) throws(Diagnostic) -> Value {
        switch reads {
        case .input:
            return try ev.eval(e, input.rows[Int(row[i])], shape)
        case .value:
            let slot = shape.fields.count - 1
            if scratch.values.count != slot + 1 || scratch.object != -1 || scratch.members != nil {
                scratch = Row(object: -1, values: [Value](repeating: .null, count: slot + 1), members: nil)
            }
            scratch.values[slot] = value(i)
            return try ev.eval(e, scratch, shape)
        case .both:
            fill(&scratch, i)
            return try ev.eval(e, scratch, shape)
        }
    }

    /// Which part of an expanded row an expression reads (see `eval(_:reads:…)`).
    package enum Reads {
        case input, value, both

        package init(_ e: BoundExpr, in shape: Shape) {
            let slot = shape.fields.count - 1
            self = e.readsOnly(field: slot) ? .value : e.usesField(slot) ? .both : .input
        }
    }

    /// The same, written into `scratch` (whose storage is reused from row to row).
    package func fill(_ scratch: inout Row, _ i: Int) {
        let r = input.rows[Int(row[i])]
        scratch.object = r.object
        scratch.members = r.members
        scratch.values.removeAll(keepingCapacity: true)
        scratch.values.append(contentsOf: r.values)
        scratch.values.append(value(i))
    }
}
