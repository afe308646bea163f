import DirqModel
import DirqSyntax

/// `join [inner|left|anti] source [as name] on left = right`: a hash join with `where`'s equality
/// (`EqualityIndex`). Every pair of matching rows is kept — a duplicate key on the right gives
/// several rows and a note, never a silent pick. The right row becomes a record column (`as name`).
package struct Join: PlanOperator {
    package let range: Range<Int>
    package let kind: JoinKind
    /// The joined source's name (for the note) and, for the plan, with its snapshot.
    package let sourceName: String
    package let label: String
    /// The name the right row takes (`as name`).
    package let alias: String
    /// The joined rows, resolved when the join was bound.
    package let other: Relation
    package let input: Shape
    package let left: BoundExpr
    /// Bound in `other`'s shape (`c.attr` read as `attr`).
    package let right: BoundExpr
    /// The `where`s right after an inner join that read only the joined row (`where c.x = 1`),
    /// bound in `other`'s shape: they run on the joined rows before the hash side is built,
    /// instead of on every joined pair after it (the same rows come out).
    package var rightFilters: [BoundExpr] = []
    package let output: Shape

    package var summary: String {
        let how = JoinProbe.keyColumn(left, input) != nil && JoinProbe.keyColumn(right, other.shape) != nil
            ? "on the snapshots' key columns when both are single-valued of one kind, else an equality index"
            : "on an equality index of the right keys"
        let first = rightFilters.isEmpty ? "" : ", the where on \(alias) run on \(label) first"
        return "join \(kind.rawValue) \(label) as \(alias): hash join \(how)\(first)"
    }

    package static let maxJoinRows = 10_000_000

    package func run(_ rel: Relation, _ x: Execution) throws(Diagnostic) -> Relation {
        var other = self.other
        // Right rows on which a `where` failed with an error (a date compared with text that is
        // not one): kept, and asked again only if they pair with a left row, so that the query
        // fails exactly when the `where` after the join would have.
        var undecided = Set<Int>()
        if !rightFilters.isEmpty {
            other.rows = []
            for (i, r) in self.other.rows.enumerated() {
                try x.checkCancelled(range, row: i)
                do throws(Diagnostic) {
                    if try passesRightFilters(r, x) { other.rows.append(r) }
                } catch {
                    undecided.insert(other.rows.count)
                    other.rows.append(r)
                }
            }
        }
        let probe = try JoinProbe(left: left, rel, right: right, other, evaluator: x.evaluator, rowsNeeded: kind != .anti)
        let duplicated = probe.duplicatedKeys
        // Count before building: a join on a key most rows share can explode. The matches are
        // kept (row `i`'s end at `matchEnds[i]` of `matched`), so each left row probes once.
        var matched: [Int] = [], matchEnds: [Int] = []
        if kind != .anti {
            var total = 0
            matchEnds.reserveCapacity(rel.rows.count)
            for (i, r) in rel.rows.enumerated() {
                try x.checkCancelled(range, row: i)
                let m = try probe.matches(r)
                matched.append(contentsOf: m)
                matchEnds.append(matched.count)
                total += max(m.count, kind == .left ? 1 : 0)
                if total > Self.maxJoinRows {
                    throw Diagnostic("eval.join-too-large", .error,
                                     "this join would produce more than \(Self.maxJoinRows) rows: its key is shared by too many rows",
                                     range: range, sourceName: x.sourceName,
                                     notes: ["narrow both sides with 'where' first, or join on a more selective attribute"])
                }
            }
            // Each row carries the matched row as a record: its columns (its object's attributes
            // are read from the snapshot when asked for).
            let fields = other.shape.fields.count + 2
            let rowBytes = Execution.rowBytes(values: input.fields.count + 1) + 32 + fields * MemoryLayout<Record.Field>.stride
            try x.checkMemory(forMore: total, rowBytes: rowBytes, after: 0, what: "join", range: range)
        }
        var out = Relation(shape: output, rows: [], notes: rel.notes)
        let objects = other.shape.snapshot.map(ObjectRecords.init)
        if kind == .anti {
            let range = self.range
            for i in try probe.unmatched(rel.rows, { i throws(Diagnostic) in try x.checkCancelled(range, row: i) }) {
                out.rows.append(rel.rows[i])
            }
            return out
        }
        for (i, r) in rel.rows.enumerated() {
            try x.checkCancelled(range, row: i)
            let matches = matched[(i == 0 ? 0 : matchEnds[i - 1])..<matchEnds[i]]
            switch kind {
            case .left where matches.isEmpty:
                var nr = r
                nr.values.append(.null)
                out.rows.append(nr)
            default:
                for m in matches {
                    if undecided.contains(m), try !passesRightFilters(other.rows[m], x) { continue }
                    var nr = r
                    nr.values.append(.record(Self.record(other.rows[m], other.shape, objects)))
                    out.rows.append(nr)
                }
            }
        }
        if duplicated > 0 && kind != .anti {
            out.notes.append("join: \(duplicated) key\(duplicated == 1 ? "" : "s") occur on more than one row of \(sourceName); each match is a row of its own")
        }
        return out
    }

    /// Whether a right row passes every `where` moved before the join.
    private func passesRightFilters(_ r: Row, _ x: Execution) throws(Diagnostic) -> Bool {
        for f in rightFilters where !x.evaluator.truthy(try x.evaluator.eval(f, r, other.shape)) { return false }
        return true
    }

    /// `e` with every `alias.x` read as `x` of the joined source, when that is all of the row it
    /// reads (no other name, no subquery or quantifier, whose names could be anything); else nil.
    package static func onlyJoined(alias: String, _ e: Expr) -> Expr? {
        var e = e
        switch e.kind {
        case .literal: return e
        case .name, .inQuery, .quantifier: return nil
        case .member(let base, let f):
            if case .name(let n) = base.kind { return n.caseInsensitiveEquals(alias) ? Expr(.name(f), e.range) : nil }
            guard let b = onlyJoined(alias: alias, base) else { return nil }
            e.kind = .member(b, f)
        case .call(let f, let args):
            var out: [Expr] = []
            for a in args {
                guard let b = onlyJoined(alias: alias, a) else { return nil }
                out.append(b)
            }
            e.kind = .call(f, out)
        case .unary(let op, let a):
            guard let b = onlyJoined(alias: alias, a) else { return nil }
            e.kind = .unary(op, b)
        case .binary(let op, let a, let c):
            guard let l = onlyJoined(alias: alias, a), let r = onlyJoined(alias: alias, c) else { return nil }
            e.kind = .binary(op, l, r)
        case .inList(let a, let list, let negated):
            guard let l = onlyJoined(alias: alias, a) else { return nil }
            var out: [Expr] = []
            for x in list {
                guard let b = onlyJoined(alias: alias, x) else { return nil }
                out.append(b)
            }
            e.kind = .inList(l, out, negated: negated)
        case .text(let op, let a, let c, let negated):
            guard let l = onlyJoined(alias: alias, a), let r = onlyJoined(alias: alias, c) else { return nil }
            e.kind = .text(op, l, r, negated: negated)
        case .exists(let a):
            guard let b = onlyJoined(alias: alias, a) else { return nil }
            e.kind = .exists(b)
        case .isEmpty(let a, let negated):
            guard let b = onlyJoined(alias: alias, a) else { return nil }
            e.kind = .isEmpty(b, negated: negated)
        }
        return e
    }

    /// `c.attr` on the right of a join condition means `attr` of the joined source.
    package static func strip(alias: String, from e: Expr) -> Expr {
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

    /// A row as a record: an object's identity, kind and every attribute (read from `objects`,
    /// its snapshot, when asked for), plus computed columns.
    package static func record(_ r: Row, _ shape: Shape, _ objects: ObjectRecords? = nil) -> Record {
        var fields: [Record.Field] = []
        for (c, v) in zip(shape.columns, shape.computedValues(r)) { fields.append(.init(name: c.name, value: v)) }
        for (i, n) in shape.fields.enumerated() where i < r.values.count {
            fields.append(.init(name: n, value: r.values[i]))
        }
        if r.object >= 0, let snap = shape.snapshot {
            return Record(object: r.object, of: objects ?? ObjectRecords(snap), then: fields)
        }
        return Record(fields)
    }
}

/// The hash side of a join: the right rows whose key equals a left row's key. A multi-valued key
/// matches on any of its values.
///
/// When both keys are attributes (or `anchor`) of the rows' objects, single-valued and of one and
/// the same kind, it works on the snapshots' key columns: the right side's keys are numbered
/// already, each distinct left key is looked up once, and a row costs two array reads (for one
/// kind, equal group keys are `Compare.equal`). Otherwise it evaluates the right keys into an
/// `EqualityIndex` and probes it with each left row's key.
package struct JoinProbe {
    private enum Index {
        /// The right key number per left key number (-1: none), and the right rows of right key
        /// number k: `rows[start[k] ..< start[k + 1]]`.
        case columns(left: KeyColumn, rightNumber: [Int32], start: [Int], rows: [Int])
        /// For an anti join, which needs no right rows: per left key number, whether some right
        /// row has that key.
        case present(left: KeyColumn, present: [Bool])
        case values(left: BoundExpr, shape: Shape, index: EqualityIndex)
    }

    private let index: Index
    private let evaluator: Evaluator
    /// Keys that occur on more than one right row.
    package let duplicatedKeys: Int

    /// `rowsNeeded` false (an anti join): only whether a left row has a match is asked.
    package init(left lb: BoundExpr, _ rel: Relation, right rb: BoundExpr, _ other: Relation,
         evaluator: Evaluator, rowsNeeded: Bool = true) throws(Diagnostic) {
        self.evaluator = evaluator
        // Numbers are left to the index: two integers past 2^53 share a group key, not a value.
        if let (ls, l) = Self.column(lb, rel), let (rs, r) = Self.column(rb, other), !l.multiValued, !r.multiValued,
           l.kinds == r.kinds, l.kinds.nonzeroBitCount <= 1, l.kinds != GroupKey.number(0).kindBit,
           let lsnap = rel.shape.snapshot, let rsnap = other.shape.snapshot {
            // Which right key each left key is: looked up once per pair of snapshots.
            let rightNumber = lsnap.keyColumns.numbers(of: ls, in: lsnap, rs, of: rsnap)
            if !rowsNeeded {
                var held = [Bool](repeating: false, count: r.keyCount)
                other.rows.withUnsafeBufferPointer { rows in
                    for i in rows.indices {
                        let c = r.codes[rows[i].object]
                        if c >= 0 { held[Int(c)] = true }
                    }
                }
                index = .present(left: l, present: rightNumber.map { $0 >= 0 && held[Int($0)] })
                duplicatedKeys = 0
                return
            }
            // The right rows grouped by key number, in two flat arrays (a counting sort).
            var start = [Int](repeating: 0, count: r.keyCount + 1)
            for row in other.rows {
                let c = r.codes[row.object]
                if c >= 0 { start[Int(c) + 1] += 1 }
            }
            var duplicated = 0
            for k in 0..<r.keyCount {
                if start[k + 1] > 1 { duplicated += 1 }
                start[k + 1] += start[k]
            }
            var next = start
            var rows = [Int](repeating: 0, count: start[r.keyCount])
            for (i, row) in other.rows.enumerated() {
                let c = Int(r.codes[row.object])
                if c >= 0 {
                    rows[next[c]] = i
                    next[c] += 1
                }
            }
            index = .columns(left: l, rightNumber: rightNumber, start: start, rows: rows)
            duplicatedKeys = duplicated
            return
        }
        let byValue = EqualityIndex()
        for (i, r) in other.rows.enumerated() {
            byValue.insert(try evaluator.eval(rb, r, other.shape), row: i)
        }
        byValue.sparsen()
        index = .values(left: lb, shape: rel.shape, index: byValue)
        duplicatedKeys = byValue.duplicatedKeys
    }

    /// The key column an expression reads, when it is an attribute of a shape's objects.
    package static func keyColumn(_ e: BoundExpr, _ shape: Shape) -> KeyColumnSource? {
        guard shape.hasObject, shape.snapshot != nil else { return nil }
        switch e {
        case .attribute(let id): return .attribute(id)
        case .anchor: return .anchor
        default: return nil
        }
    }

    /// The key column of `e` (and what it is computed from) when every row of `rel` is an object
    /// of its snapshot.
    private static func column(_ e: BoundExpr, _ rel: Relation) -> (KeyColumnSource, KeyColumn)? {
        guard let source = keyColumn(e, rel.shape), let snap = rel.shape.snapshot,
              rel.rowsAreObjects else { return nil }
        return (source, snap.keyColumns.column(source, of: snap))
    }

    /// Whether some right row matches `row`.
    package func hasMatch(_ row: Row) throws(Diagnostic) -> Bool {
        switch index {
        case .present(let left, let present):
            let c = left.codes[row.object]
            return c >= 0 && present[Int(c)]
        case .columns(let left, let rightNumber, let start, _):
            let c = left.codes[row.object]
            guard c >= 0 else { return false }
            let n = Int(rightNumber[Int(c)])
            return n >= 0 && start[n + 1] > start[n]
        case .values:
            return try !matches(row).isEmpty
        }
    }

    /// The indexes of the rows of `rows` that no right row matches (an anti join), in order;
    /// `checked(i)` is called before row `i` (for Ctrl-C). The rows are read in place and the
    /// index taken apart once: `hasMatch` per row copied its key column, a retain and a release
    /// of each of its arrays per row.
    package func unmatched(_ rows: [Row], _ checked: (Int) throws(Diagnostic) -> Void) throws(Diagnostic) -> [Int] {
        var out: [Int] = []
        switch index {
        case .present(let left, let present):
            let codes = left.codes
            try rows.withUnsafeBufferPointer { r throws(Diagnostic) in
                for i in r.indices {
                    try checked(i)
                    let c = codes[r[i].object]
                    if c < 0 || !present[Int(c)] { out.append(i) }
                }
            }
        case .columns, .values:
            for i in rows.indices {
                try checked(i)
                if try !hasMatch(rows[i]) { out.append(i) }
            }
        }
        return out
    }

    /// Indexes of the right rows that match `row`, each once, in right-row order per key value
    /// (not for a probe made with `rowsNeeded` false).
    package func matches(_ row: Row) throws(Diagnostic) -> ArraySlice<Int> {
        switch index {
        case .present:
            preconditionFailure("an anti join's probe keeps no right rows")
        case .columns(let left, let rightNumber, let start, let rows):
            let c = left.codes[row.object]
            guard c >= 0 else { return [] }
            let n = Int(rightNumber[Int(c)])
            return n >= 0 ? rows[start[n]..<start[n + 1]] : []
        case .values(let lb, let shape, let byValue):
            return byValue.rows(matching: try evaluator.eval(lb, row, shape))[...]
        }
    }
}
