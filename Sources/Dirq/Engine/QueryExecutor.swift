/// Runs a query's clauses left to right over a relation.
struct QueryExecutor {
    let binder: Binder
    let evaluator: Evaluator

    init(sourceName: String) {
        binder = Binder(sourceName: sourceName)
        evaluator = Evaluator(sourceName: sourceName)
    }

    func run(_ clauses: [Clause], on input: Relation) throws(Diagnostic) -> Relation {
        var rel = input
        for c in clauses { rel = try apply(c, to: rel) }
        return rel
    }

    private func apply(_ clause: Clause, to rel: Relation) throws(Diagnostic) -> Relation {
        let shape = rel.shape
        switch clause.kind {
        case .where(let e):
            let b = try binder.bind(e, in: shape)
            var out = rel
            out.rows = []
            for r in rel.rows where evaluator.truthy(try evaluator.eval(b, r, shape)) { out.rows.append(r) }
            return out

        case .select(let items):
            let bound = try binder.bindAll(items.map(\.expr), in: shape)
            let newShape = Shape(snapshot: nil, kinds: nil, fields: items.map(\.name), hasObject: false)
            var rows: [Row] = []
            rows.reserveCapacity(rel.rows.count)
            for r in rel.rows {
                rows.append(Row(object: -1, values: try evaluator.evalAll(bound, r, shape)))
            }
            return Relation(shape: newShape, rows: rows, notes: rel.notes)

        case .groupBy(let keys, let having):
            return try group(rel, keys: keys, having: having)

        case .sort(let keys):
            let bound = try binder.bindAll(keys.map(\.expr), in: shape)
            var decorated: [(Int, [Value])] = []
            for (i, r) in rel.rows.enumerated() {
                decorated.append((i, try evaluator.evalAll(bound, r, shape)))
            }
            decorated.sort { a, b in
                for (k, key) in keys.enumerated() {
                    let o = Compare.sortOrder(a.1[k], b.1[k])
                    if o != 0 { return key.descending ? o > 0 : o < 0 }
                }
                return a.0 < b.0  // stable
            }
            var out = rel
            out.rows = decorated.map { rel.rows[$0.0] }
            return out

        case .take(let n):
            var out = rel
            out.rows = Array(rel.rows.prefix(max(0, n)))
            return out

        case .expand(let e, let alias):
            let b = try binder.bind(e, in: shape)
            var name = alias
            if name == nil, case .name(let n) = e.kind { name = n }
            let newShape = shape.adding(field: name ?? "value")
            var out = Relation(shape: newShape, rows: [], notes: rel.notes)
            var dropped = 0
            for r in rel.rows {
                let els = try evaluator.eval(b, r, shape).elements
                if els.isEmpty { dropped += 1 }
                for v in els {
                    var nr = r
                    nr.values.append(v)
                    out.rows.append(nr)
                }
            }
            if dropped > 0 {
                out.notes.append("expand: \(dropped) row\(dropped == 1 ? "" : "s") without a value of \(name ?? "the expression") produced no rows")
            }
            return out

        case .distinct:
            var seen = Set<[GroupKey]>()
            var out = rel
            out.rows = []
            for r in rel.rows {
                var key = r.values.map(GroupKey.init)
                if r.object >= 0 { key.append(.number(Double(r.object))) }
                if seen.insert(key).inserted { out.rows.append(r) }
            }
            return out

        case .count:
            return Relation(shape: Shape(snapshot: nil, kinds: nil, fields: ["count"], hasObject: false),
                            rows: [Row(object: -1, values: [.int(Int64(rel.rows.count))])], notes: rel.notes)
        }
    }

    /// `group by`: one row per distinct key (compared as the directory compares: case-insensitive),
    /// with the key columns, `count`, and — when the rows are objects — `members`, the identities of
    /// the objects in the group. Groups come sorted by key. Rows whose key is empty are left out and
    /// counted in a note: a missing UPN is not a duplicate UPN.
    private func group(_ rel: Relation, keys: [NamedExpr], having: Expr?) throws(Diagnostic) -> Relation {
        let shape = rel.shape
        let bound = try binder.bindAll(keys.map(\.expr), in: shape)
        var index: [[GroupKey]: Int] = [:]
        var groups: [(key: [Value], rows: [Row])] = []
        var skipped = 0
        for r in rel.rows {
            let values = try evaluator.evalAll(bound, r, shape)
            if values.allSatisfy(\.isEmpty) {
                skipped += 1
                continue
            }
            let k = values.map(GroupKey.init)
            if let g = index[k] {
                groups[g].rows.append(r)
            } else {
                index[k] = groups.count
                groups.append((values.map(\.normalizedForKey), [r]))
            }
        }
        groups.sort { a, b in
            for (x, y) in zip(a.key, b.key) {
                let o = Compare.sortOrder(x, y)
                if o != 0 { return o < 0 }
            }
            return false
        }
        let withMembers = shape.hasObject || shape.members != nil
        var fields = keys.map(\.name) + ["count"]
        if withMembers { fields.append("members") }
        let exprs: [String?] = keys.map { Printer.print($0.expr) } + fields.dropFirst(keys.count).map { _ in nil }
        let newShape = Shape(snapshot: nil, kinds: nil, fields: fields, fieldExprs: exprs, hasObject: false, members: shape)
        var rows: [Row] = []
        for g in groups {
            var values = g.key + [.int(Int64(g.rows.count))]
            if withMembers {
                var seen = Set<String>()
                var ids: [Value] = []
                for m in g.rows {
                    let id = memberIdentity(m, shape)
                    if seen.insert(id).inserted { ids.append(.string(id)) }
                }
                values.append(.list(ids))
            }
            rows.append(Row(object: -1, values: values, members: g.rows))
        }
        var out = Relation(shape: newShape, rows: rows, notes: rel.notes)
        if skipped > 0 {
            let what = keys.map(\.name).joined(separator: ", ")
            out.notes.append("group by: \(skipped) row\(skipped == 1 ? "" : "s") without a value for \(what) left out")
        }
        if let having {
            let h = try binder.bind(having, in: newShape)
            var kept: [Row] = []
            for r in out.rows where evaluator.truthy(try evaluator.eval(h, r, newShape)) { kept.append(r) }
            out.rows = kept
        }
        return out
    }

    private func memberIdentity(_ r: Row, _ shape: Shape) -> String {
        if r.object >= 0, let snap = shape.snapshot { return snap.identity(of: snap.objects[r.object]) }
        if let ms = r.members, let inner = shape.members {
            return ms.map { memberIdentity($0, inner) }.joined(separator: ", ")
        }
        return r.values.map(\.text).joined(separator: " ")
    }
}
