/// The hash side of a join: finds the rows of the right relation whose key equals a left row's
/// key (compared as group keys are: strings case-insensitively, bytes exactly). A multi-valued
/// key matches on any of its values.
///
/// When both keys are attributes (or `anchor`) of the rows' objects and single-valued, it works
/// on the snapshots' key columns: the right side's keys are numbered already, each distinct left
/// key is looked up once, and a row costs two array reads. Otherwise it evaluates the key
/// expressions row by row and hashes every value.
struct JoinProbe {
    private enum Index {
        /// Right row indexes per right key number; the right key number per left key number (-1: none).
        case columns(left: KeyColumn, rightNumber: [Int32], rows: [[Int]])
        case values(left: BoundExpr, shape: Shape, index: [GroupKey: [Int]])
    }

    private let index: Index
    private let evaluator: Evaluator
    /// Keys that occur on more than one right row.
    let duplicatedKeys: Int

    init(left lb: BoundExpr, _ rel: Relation, right rb: BoundExpr, _ other: Relation,
         evaluator: Evaluator) throws(Diagnostic) {
        self.evaluator = evaluator
        if let l = Self.column(lb, rel), let r = Self.column(rb, other), !l.multiValued, !r.multiValued {
            var rows = [[Int]](repeating: [], count: r.keys.count)
            for (i, row) in other.rows.enumerated() {
                let c = r.codes[row.object]
                if c >= 0 { rows[Int(c)].append(i) }
            }
            var rightNumber = [Int32](repeating: -1, count: l.keys.count)
            for (n, key) in l.keys.enumerated() { rightNumber[n] = r.numbers[key] ?? -1 }
            index = .columns(left: l, rightNumber: rightNumber, rows: rows)
            duplicatedKeys = rows.count { $0.count > 1 }
            return
        }
        var byKey: [GroupKey: [Int]] = [:]
        for (i, r) in other.rows.enumerated() {
            for v in try evaluator.eval(rb, r, other.shape).elements where !v.isEmpty {
                byKey[GroupKey(v), default: []].append(i)
            }
        }
        index = .values(left: lb, shape: rel.shape, index: byKey)
        duplicatedKeys = byKey.values.count { $0.count > 1 }
    }

    /// The key column of `e` when every row of `rel` is an object of its snapshot.
    private static func column(_ e: BoundExpr, _ rel: Relation) -> KeyColumn? {
        guard let source = QueryExecutor.keyColumnSource(e), let snap = rel.shape.snapshot,
              rel.rows.allSatisfy({ $0.object >= 0 && $0.object < snap.objects.count }) else { return nil }
        return snap.keyColumns.column(source, of: snap)
    }

    /// Indexes of the right rows that match `row`, each once, in right-row order per key value.
    func matches(_ row: Row) throws(Diagnostic) -> [Int] {
        switch index {
        case .columns(let left, let rightNumber, let rows):
            let c = left.codes[row.object]
            guard c >= 0 else { return [] }
            let n = rightNumber[Int(c)]
            return n >= 0 ? rows[Int(n)] : []
        case .values(let lb, let shape, let byKey):
            var matches: [Int] = []
            for v in try evaluator.eval(lb, row, shape).elements where !v.isEmpty {
                for m in byKey[GroupKey(v)] ?? [] where !matches.contains(m) { matches.append(m) }
            }
            return matches
        }
    }
}
