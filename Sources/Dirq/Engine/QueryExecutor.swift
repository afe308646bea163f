import DirqModel
import DirqSyntax

/// Runs a query's clauses left to right over a relation.
struct QueryExecutor {
    let binder: Binder
    let evaluator: Evaluator
    /// Resolves the source of a `join`.
    let resolve: (SourceRef) throws(Diagnostic) -> Relation
    let cancellation: Cancellation?
    /// What `join` and `expand` check their output against before it outgrows the memory left.
    let memory: MemoryBudget

    init(sourceName: String, lenient: Bool = false, cancellation: Cancellation? = nil, memory: MemoryBudget = .system,
         binder configured: Binder? = nil, resolve: @escaping (SourceRef) throws(Diagnostic) -> Relation) {
        binder = configured ?? Binder(sourceName: sourceName, lenient: lenient)
        evaluator = Evaluator(sourceName: sourceName)
        self.cancellation = cancellation
        self.memory = memory
        self.resolve = resolve
    }

    func run(_ clauses: [Clause], on input: Relation) throws(Diagnostic) -> Relation {
        var rel = input
        var i = 0
        while i < clauses.count {
            let c = clauses[i]
            try checkCancelled(c.range)
            // `expand … [where …] group by …`: the expanded rows are grouped as they are made,
            // and only the rows of the groups that are kept are built.
            if case .expand(let e, let alias) = c.kind {
                var j = i + 1
                while j < clauses.count, case .where = clauses[j].kind { j += 1 }
                if j < clauses.count, case .groupBy(let keys, let having) = clauses[j].kind {
                    rel = try expandThenGroup(rel, e, alias: alias, range: c.range, wheres: Array(clauses[(i + 1)..<j]),
                                              keys: keys, having: having)
                    i = j + 1
                    continue
                }
            }
            rel = try apply(c, to: rel)
            i += 1
        }
        return rel
    }

    /// The rows of an `expand` that passed the `where`s after it, kept as (input row, value)
    /// pairs rather than as rows: a row is built only when a group keeps it.
    struct ExpandedRows {
        var input: Relation
        var row: [Int32] = []
        var value: [Value] = []

        var count: Int { row.count }

        /// The expanded row `i`: its input row with the value as the last column.
        func make(_ i: Int) -> Row {
            let r = input.rows[Int(row[i])]
            var values = r.values
            values.reserveCapacity(values.count + 1)
            values.append(value[i])
            return Row(object: r.object, values: values, members: r.members)
        }

        /// The same, written into `scratch` (whose storage is reused from row to row).
        func fill(_ scratch: inout Row, _ i: Int) {
            let r = input.rows[Int(row[i])]
            scratch.object = r.object
            scratch.members = r.members
            scratch.values.removeAll(keepingCapacity: true)
            scratch.values.append(contentsOf: r.values)
            scratch.values.append(value[i])
        }
    }

    /// `expand e as alias`, then `where`s, then `group by`, without building the expanded rows
    /// that no group keeps. The same rows, notes and errors as running the clauses one by one.
    private func expandThenGroup(_ rel: Relation, _ e: Expr, alias: String?, range: Range<Int>, wheres: [Clause],
                                 keys: [NamedExpr], having: Expr?) throws(Diagnostic) -> Relation {
        let shape = rel.shape
        let b = try binder.bind(e, in: shape)
        var name = alias
        if name == nil, case .name(let n) = e.kind { name = n }
        let newShape = shape.adding(field: name ?? "value")
        var predicates: [BoundExpr] = []
        for w in wheres {
            if case .where(let x) = w.kind { predicates.append(try binder.bind(x, in: newShape)) }
        }
        var expanded = ExpandedRows(input: rel)
        var dropped = 0
        var scratch = Row(object: -1, values: [], members: nil)
        for (i, r) in rel.rows.enumerated() {
            try checkCancelled(range, row: i)
            let els = try evaluator.eval(b, r, shape).elements
            if els.isEmpty { dropped += 1 }
            scratch.object = r.object
            scratch.members = r.members
            for v in els {
                scratch.values.removeAll(keepingCapacity: true)
                scratch.values.append(contentsOf: r.values)
                scratch.values.append(v)
                var kept = true
                for p in predicates where !evaluator.truthy(try evaluator.eval(p, scratch, newShape)) {
                    kept = false
                    break
                }
                if kept {
                    expanded.row.append(Int32(i))
                    expanded.value.append(v)
                }
            }
        }
        var notes = rel.notes
        if dropped > 0 {
            notes.append("expand: \(dropped) row\(dropped == 1 ? "" : "s") without a value of \(name ?? "the expression") produced no rows")
        }
        return try group(Relation(shape: newShape, rows: [], notes: notes), keys: keys, having: having, expanded: expanded)
    }

    /// Stops when the person pressed Ctrl-C; called between clauses and every 4096 rows.
    @inline(__always)
    private func checkCancelled(_ range: Range<Int>, row: Int = 0) throws(Diagnostic) {
        guard row & 4095 == 0, let cancellation, cancellation.isCancelled else { return }
        throw Diagnostic("eval.interrupted", .error, "interrupted", range: range, sourceName: binder.sourceName)
    }

    private func apply(_ clause: Clause, to rel: Relation) throws(Diagnostic) -> Relation {
        let shape = rel.shape
        switch clause.kind {
        case .where(let e):
            let b = try binder.bind(e, in: shape)
            var out = rel
            out.rows = []
            for (i, r) in rel.rows.enumerated() {
                try checkCancelled(clause.range, row: i)
                if evaluator.truthy(try evaluator.eval(b, r, shape)) { out.rows.append(r) }
            }
            return out

        case .select(let items):
            let bound = try binder.bindAll(items.map(\.expr), in: shape)
            let newShape = Shape(snapshot: nil, kinds: nil, fields: items.map(\.name), hasObject: false)
            var rows: [Row] = []
            rows.reserveCapacity(rel.rows.count)
            for (i, r) in rel.rows.enumerated() {
                try checkCancelled(clause.range, row: i)
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
            for (i, r) in rel.rows.enumerated() {
                try checkCancelled(clause.range, row: i)
                let els = try evaluator.eval(b, r, shape).elements
                if els.isEmpty { dropped += 1 }
                if (out.rows.count & Self.memoryCheckMask) + els.count > Self.memoryCheckMask {
                    try checkMemory(forMore: Self.memoryCheckMask + 1, rowBytes: Self.rowBytes(values: newShape.fields.count),
                                    after: out.rows.count, what: "expand", range: clause.range)
                }
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

        case .distinct(let exprs):
            let bound = try binder.bindAll(exprs, in: shape)
            var seen = Set<[GroupKey]>()
            var out = rel
            out.rows = []
            for r in rel.rows {
                var key: [GroupKey]
                if bound.isEmpty {
                    key = r.values.map(GroupKey.init)
                    if r.object >= 0 { key.append(.number(Double(r.object))) }
                } else {
                    key = try evaluator.evalAll(bound, r, shape).map(GroupKey.init)
                }
                if seen.insert(key).inserted { out.rows.append(r) }
            }
            return out

        case .ungroup:
            guard let inner = shape.members else {
                throw Diagnostic("eval.ungroup", .error, "'ungroup' needs rows made by 'group by'", range: clause.range,
                                 sourceName: binder.sourceName)
            }
            var fields = inner.fields, exprs = inner.fieldExprs
            fields += shape.fields
            exprs += shape.fieldExprs
            let newShape = Shape(snapshot: inner.snapshot, kinds: inner.kinds, fields: fields, fieldExprs: exprs,
                                 hasObject: inner.hasObject, members: inner.members)
            var rows: [Row] = []
            for g in rel.rows {
                for m in g.members ?? [] {
                    rows.append(Row(object: m.object, values: m.values + g.values, members: m.members))
                }
            }
            return Relation(shape: newShape, rows: rows, notes: rel.notes)

        case .join(let kind, let ref, let alias, let left, let right):
            return try join(rel, kind: kind, ref: ref, alias: alias, left: left, right: right, range: clause.range)

        case .count:
            return Relation(shape: Shape(snapshot: nil, kinds: nil, fields: ["count"], hasObject: false),
                            rows: [Row(object: -1, values: [.int(Int64(rel.rows.count))])], notes: rel.notes)
        }
    }

    /// `group by`: one row per distinct key (compared as the directory compares: case-insensitive),
    /// with the key columns, `count`, and — when the rows are objects — `members`, the identities of
    /// the objects in the group. Groups come sorted by key. Rows whose key is empty are left out and
    /// counted in a note: a missing UPN is not a duplicate UPN.
    /// With `expanded`, the rows are those pairs (and `rel.rows` is empty).
    private func group(_ rel: Relation, keys: [NamedExpr], having: Expr?,
                       expanded: ExpandedRows? = nil) throws(Diagnostic) -> Relation {
        let shape = rel.shape
        let bound = try binder.bindAll(keys.map(\.expr), in: shape)
        var skipped = 0
        // The shape of the group rows (needed up front to bind `having`).
        let withMembers = shape.hasObject || shape.members != nil || shape.fieldIndex("object") != nil || shape.fieldIndex("identity") != nil
        var fields = keys.map(\.name) + ["count"]
        if withMembers { fields.append("members") }
        let exprs: [String?] = keys.map { Printer.print($0.expr) } + fields.dropFirst(keys.count).map { _ in nil }
        let newShape = Shape(snapshot: nil, kinds: nil, fields: fields, fieldExprs: exprs, hasObject: false, members: shape)
        var h: BoundExpr?
        if let having { h = try binder.bind(having, in: newShape) }

        // Pass 1: the group of every row, and per group its size and first row. Nothing is
        // built per group yet: `having count > 1` usually drops most of them.
        let rowCount = expanded?.count ?? rel.rows.count
        var scratch = Row(object: -1, values: [], members: nil)
        var groupOfRow = [Int32](repeating: -1, count: rowCount)
        var counts: [Int] = []
        var firstRow: [Int] = []
        /// Row `i` joins the group of key `k`, which is numbered when first seen.
        func place<K: Hashable>(_ k: K, row i: Int, in number: inout [K: Int32]) {
            if let g = number[k] {
                groupOfRow[i] = g
                counts[Int(g)] += 1
            } else {
                number[k] = Int32(counts.count)
                groupOfRow[i] = Int32(counts.count)
                counts.append(1)
                firstRow.append(i)
            }
        }
        if expanded == nil, bound.count == 1, let snap = shape.snapshot, let source = Self.keyColumnSource(bound[0]),
           rel.rows.allSatisfy({ $0.object >= 0 && $0.object < snap.objects.count }) {
            // Objects grouped by an attribute: its keys are numbered once per snapshot, so a row
            // costs an array lookup, not a case fold and a hash.
            let column = snap.keyColumns.column(source, of: snap)
            var slot = [Int32](repeating: -1, count: column.keys.count)
            for (i, r) in rel.rows.enumerated() {
                try checkCancelled(0..<0, row: i)
                let code = Int(column.codes[r.object])
                if code < 0 {
                    skipped += 1
                } else if slot[code] >= 0 {
                    groupOfRow[i] = slot[code]
                    counts[Int(slot[code])] += 1
                } else {
                    slot[code] = Int32(counts.count)
                    groupOfRow[i] = slot[code]
                    counts.append(1)
                    firstRow.append(i)
                }
            }
        } else if bound.count == 1 {
            var number: [GroupKey: Int32] = [:]  // one key (the usual case): no array per row
            // Sized for every row a group of its own (the common case of duplicate hunting: most
            // keys are distinct), so the table is not rehashed ~20 times on the way to a million.
            number.reserveCapacity(rowCount)
            for i in 0..<rowCount {
                try checkCancelled(0..<0, row: i)
                let v: Value
                if let expanded {
                    expanded.fill(&scratch, i)
                    v = try evaluator.eval(bound[0], scratch, shape)
                } else {
                    v = try evaluator.eval(bound[0], rel.rows[i], shape)
                }
                if v.isEmpty {
                    skipped += 1
                    continue
                }
                place(GroupKey(v), row: i, in: &number)
            }
        } else {
            var number: [[GroupKey]: Int32] = [:]
            number.reserveCapacity(rowCount)
            for i in 0..<rowCount {
                try checkCancelled(0..<0, row: i)
                let values: [Value]
                if let expanded {
                    expanded.fill(&scratch, i)
                    values = try evaluator.evalAll(bound, scratch, shape)
                } else {
                    values = try evaluator.evalAll(bound, rel.rows[i], shape)
                }
                if values.allSatisfy(\.isEmpty) {
                    skipped += 1
                    continue
                }
                place(values.map(GroupKey.init), row: i, in: &number)
            }
        }
        // `having` that reads only the count runs on the counts.
        var keep = [Bool](repeating: true, count: counts.count)
        var havingApplied = false
        if let h, h.readsOnly(field: keys.count) {
            var scratch = Row(object: -1, values: [Value](repeating: .null, count: fields.count), members: nil)
            for g in counts.indices {
                scratch.values[keys.count] = .int(Int64(counts[g]))
                keep[g] = evaluator.truthy(try evaluator.eval(h, scratch, newShape))
            }
            havingApplied = true
        }
        // Pass 2: the kept groups, keyed as their first row wrote the key (`Human Resources`, not
        // its folded form), with their rows.
        var groups: [(key: [Value], rows: [Row])] = []
        var keptIndex = [Int32](repeating: -1, count: counts.count)
        for g in counts.indices where keep[g] {
            keptIndex[g] = Int32(groups.count)
            var rows: [Row] = []
            rows.reserveCapacity(counts[g])
            let first = expanded?.make(firstRow[g]) ?? rel.rows[firstRow[g]]
            let key = try evaluator.evalAll(bound, first, shape)
            groups.append((key.map { v in
                if case .list(let l) = v, l.count == 1 { return l[0] }
                return v
            }, rows))
        }
        for i in 0..<rowCount {
            let g = groupOfRow[i]
            guard g >= 0, keptIndex[Int(g)] >= 0 else { continue }
            groups[Int(keptIndex[Int(g)])].rows.append(expanded?.make(i) ?? rel.rows[i])
        }
        var rows: [Row] = []
        rows.reserveCapacity(groups.count)
        for g in groups {
            var values = g.key + [.int(Int64(g.rows.count))]
            if withMembers { values.append(.null) }  // filled below, for the groups that are kept
            rows.append(Row(object: -1, values: values, members: g.rows))
        }
        groups = []
        var out = Relation(shape: newShape, rows: rows, notes: rel.notes)
        if skipped > 0 {
            let what = keys.map(\.name).joined(separator: ", ")
            out.notes.append("group by: \(skipped) row\(skipped == 1 ? "" : "s") without a value for \(what) left out")
        }
        // `members` lists the identities of a group's objects: costly for many groups, and
        // `having count > 1` usually keeps few. Fill it after `having` unless `having` reads it.
        let membersColumn = fields.count - 1
        if havingApplied { h = nil }
        let membersFirst = withMembers && (h?.usesField(membersColumn) ?? false)
        if membersFirst { fillMembers(&out.rows, column: membersColumn, shape) }
        if let h {
            var kept: [Row] = []
            for r in out.rows where evaluator.truthy(try evaluator.eval(h, r, newShape)) { kept.append(r) }
            out.rows = kept
        }
        if withMembers && !membersFirst { fillMembers(&out.rows, column: membersColumn, shape) }
        // Sort the groups that are left by key, in the directory's order: strings by their folded
        // form, folded once per group rather than per comparison.
        let n = keys.count
        let folded: [[Value]] = out.rows.map { r in
            (0..<n).map { k in
                if case .string(let s) = r.values[k] { return .string(s.caseFolded) }
                return r.values[k]
            }
        }
        let order = out.rows.indices.sorted { i, j in
            for k in 0..<n {
                let x = folded[i][k], y = folded[j][k]
                if case .string(let s) = x, case .string(let t) = y {
                    if s != t { return s < t }
                    continue
                }
                let o = Compare.sortOrder(x, y)
                if o != 0 { return o < 0 }
            }
            return false
        }
        out.rows = order.map { out.rows[$0] }
        return out
    }

    /// `join`: hash join on the key (compared as group keys are: strings case-insensitively, bytes
    /// exactly). Every pair of matching rows is kept — a duplicate key on the right gives several
    /// rows and a note, never a silent pick. The right row becomes a record column (`as name`).
    private func join(_ rel: Relation, kind: JoinKind, ref: SourceRef, alias: String?, left: Expr, right: Expr,
                      range: Range<Int>) throws(Diagnostic) -> Relation {
        let other = try resolve(ref)
        let name = alias ?? (ref.match == nil ? ref.name : "twin")
        let lb = try binder.bind(left, in: rel.shape)
        let rb = try binder.bind(Self.strip(alias: name, from: right), in: other.shape)
        let probe = try JoinProbe(left: lb, rel, right: rb, other, evaluator: evaluator)
        let duplicated = probe.duplicatedKeys
        // Count before building: a join on a key most rows share can explode.
        if kind != .anti {
            var total = 0
            for r in rel.rows {
                total += max(try probe.matches(r).count, kind == .left ? 1 : 0)
                if total > Self.maxJoinRows {
                    throw Diagnostic("eval.join-too-large", .error,
                                     "this join would produce more than \(Self.maxJoinRows) rows: its key is shared by too many rows",
                                     range: range, sourceName: binder.sourceName,
                                     notes: ["narrow both sides with 'where' first, or join on a more selective attribute"])
                }
            }
            // Each row carries the matched row as a record: its object's attributes and columns.
            var fields = other.shape.fields.count + 2
            if let snap = other.shape.snapshot, !other.rows.isEmpty {
                fields += other.rows.reduce(0) { $0 + ($1.object >= 0 ? snap.objects[$1.object].fields.count : 0) } / other.rows.count
            }
            let rowBytes = Self.rowBytes(values: rel.shape.fields.count + 1) + 32 + fields * MemoryLayout<Record.Field>.stride
            try checkMemory(forMore: total, rowBytes: rowBytes, after: 0, what: "join", range: range)
        }
        let newShape = kind == .anti ? rel.shape : rel.shape.adding(field: name)
        var out = Relation(shape: newShape, rows: [], notes: rel.notes)
        for r in rel.rows {
            let matches = try probe.matches(r)
            switch kind {
            case .anti:
                if matches.isEmpty { out.rows.append(r) }
            case .left where matches.isEmpty:
                var nr = r
                nr.values.append(.null)
                out.rows.append(nr)
            default:
                for m in matches {
                    var nr = r
                    nr.values.append(.record(Self.record(other.rows[m], other.shape)))
                    out.rows.append(nr)
                }
            }
        }
        if duplicated > 0 && kind != .anti {
            out.notes.append("join: \(duplicated) key\(duplicated == 1 ? "" : "s") occur on more than one row of \(ref.name); each match is a row of its own")
        }
        return out
    }

    static let maxJoinRows = 10_000_000

    /// The key column an expression reads, when it is an attribute of the rows' objects.
    static func keyColumnSource(_ e: BoundExpr) -> KeyColumnSource? {
        switch e {
        case .attribute(let id): return .attribute(id)
        case .anchor: return .anchor
        default: return nil
        }
    }

    /// `expand` checks the memory left every 2^20 rows it makes.
    static let memoryCheckMask = (1 << 20) - 1

    /// The least a row of `values` columns takes: the row and its array of values (the values'
    /// own storage is shared with the rows they came from).
    static func rowBytes(values: Int) -> Int {
        MemoryLayout<Row>.stride + 32 + values * MemoryLayout<Value>.stride
    }

    /// Stops a clause whose next `rows` rows of `rowBytes` each would not fit in the memory left:
    /// an error now rather than the OOM killer later.
    private func checkMemory(forMore rows: Int, rowBytes: Int, after made: Int, what: String,
                             range: Range<Int>) throws(Diagnostic) {
        let need = rows.multipliedReportingOverflow(by: rowBytes)
        guard let room = memory.shortfall(need.overflow ? Int.max : need.partialValue) else { return }
        let so = made > 0 ? "after \(made) rows, the next \(rows)" : "its \(rows) rows"
        throw Diagnostic("eval.out-of-memory", .error,
                         "\(what): \(so) would need about \(MemoryBudget.describe(bytes: need.overflow ? Int.max : need.partialValue)) of memory, but only \(MemoryBudget.describe(bytes: room.bytes)) is available (\(room.source))",
                         range: range, sourceName: binder.sourceName,
                         notes: ["narrow the rows first with 'where', or select fewer columns before '\(what)'"])
    }

    /// `c.attr` on the right of a join condition means `attr` of the joined source.
    static func strip(alias: String, from e: Expr) -> Expr {
        var e = e
        switch e.kind {
        case .member(let base, let f):
            if case .name(let n) = base.kind, n.caseInsensitiveEquals(alias) { return Expr(.name(f), e.range) }
            e.kind = .member(strip(alias: alias, from: base), f)
        case .call(let f, let args): e.kind = .call(f, args.map { strip(alias: alias, from: $0) })
        default: break
        }
        return e
    }

    /// A row as a record: an object's identity, kind and every attribute, plus computed columns.
    static func record(_ r: Row, _ shape: Shape) -> Record {
        var fields: [Record.Field] = []
        if r.object >= 0, let snap = shape.snapshot {
            let o = snap.objects[r.object]
            fields.append(.init(name: "object", value: .string(snap.identity(of: o))))
            fields.append(.init(name: "kind", value: .string(o.kind.rawValue)))
            for f in o.fields { fields.append(.init(name: snap.schema[f.attribute].name, value: f.value)) }
        }
        for (i, n) in shape.fields.enumerated() where i < r.values.count {
            fields.append(.init(name: n, value: r.values[i]))
        }
        return Record(fields)
    }

    /// Sets column `column` of each group row to the distinct identities of its members.
    private func fillMembers(_ rows: inout [Row], column: Int, _ memberShape: Shape) {
        for i in rows.indices {
            var seen = Set<String>()
            var ids: [Value] = []
            for m in rows[i].members ?? [] {
                let id = memberIdentity(m, memberShape)
                if seen.insert(id).inserted { ids.append(.string(id)) }
            }
            rows[i].values[column] = .list(ids)
        }
    }

    private func memberIdentity(_ r: Row, _ shape: Shape) -> String {
        if r.object >= 0, let snap = shape.snapshot { return snap.identity(of: snap.objects[r.object]) }
        for name in ["identity", "object"] {
            if let i = shape.fieldIndex(name), i < r.values.count { return r.values[i].text }
        }
        if let ms = r.members, let inner = shape.members {
            return ms.map { memberIdentity($0, inner) }.joined(separator: ", ")
        }
        return r.values.map(\.text).joined(separator: " ")
    }
}
