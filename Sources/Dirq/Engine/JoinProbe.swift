import DirqModel
import DirqSyntax

/// The hash side of a join: finds the rows of the right relation whose key equals a left row's
/// key, with the equality of `where` (`Compare.equal`): strings case-insensitively, typed values
/// by value, and a string meeting a typed value read as that type (`Compare.coerce`), so
/// `onPremisesImmutableId = immutableid(o.anchor)` pairs what the same comparison in `where`
/// finds equal. A multi-valued key matches on any of its values.
///
/// When both keys are attributes (or `anchor`) of the rows' objects, single-valued and of one and
/// the same kind, it works on the snapshots' key columns: the right side's keys are numbered
/// already, each distinct left key is looked up once, and a row costs two array reads. Otherwise it
/// evaluates the key expressions row by row and hashes every value.
struct JoinProbe {
    private enum Index {
        /// Right row indexes per right key number; the right key number per left key number (-1: none).
        case columns(left: KeyColumn, rightNumber: [Int32], rows: [[Int]])
        case values(left: BoundExpr, shape: Shape, index: [GroupKey: [Int]], coerced: CoercedIndexes)
    }

    private let index: Index
    private let evaluator: Evaluator
    /// Keys that occur on more than one right row.
    let duplicatedKeys: Int

    init(left lb: BoundExpr, _ rel: Relation, right rb: BoundExpr, _ other: Relation,
         evaluator: Evaluator) throws(Diagnostic) {
        self.evaluator = evaluator
        if let l = Self.column(lb, rel), let r = Self.column(rb, other), !l.multiValued, !r.multiValued,
           l.kinds == r.kinds, l.kinds.nonzeroBitCount <= 1 {
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
        let coerced = CoercedIndexes()
        for (i, r) in other.rows.enumerated() {
            for v in try evaluator.eval(rb, r, other.shape).elements where !v.isEmpty {
                byKey[GroupKey(v), default: []].append(i)
                coerced.note(v, row: i)
            }
        }
        index = .values(left: lb, shape: rel.shape, index: byKey, coerced: coerced)
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
        case .values(let lb, let shape, let byKey, let coerced):
            var matches: [Int] = []
            for v in try evaluator.eval(lb, row, shape).elements where !v.isEmpty {
                for m in byKey[GroupKey(v)] ?? [] where !matches.contains(m) { matches.append(m) }
                for m in coerced.matches(v) where !matches.contains(m) { matches.append(m) }
            }
            return matches
        }
    }
}

/// The right side's keys that another type reads differently: where a left value and a right
/// value are of different types, `Compare` reads the string one as the other's type, and so does
/// this. Right strings are indexed again per left type met (on first use); a left string is read
/// as each right type present.
final class CoercedIndexes {
    /// One right value per type code other than string (the type a left string is read as).
    private var samples: [Int: Value] = [:]
    /// The right rows holding string keys, with the strings.
    private var strings: [(String, Int)] = []
    /// Right strings read as a left value's type, per type code.
    private var byType: [Int: [GroupKey: [Int]]] = [:]
    /// Right rows per key of each typed right value (for a left string read as that type).
    private var typed: [GroupKey: [Int]] = [:]

    func note(_ v: Value, row: Int) {
        switch v {
        case .string(let s): strings.append((s, row))
        case .list, .record, .null: break
        default:
            if samples[v.typeCode] == nil { samples[v.typeCode] = v }
            typed[GroupKey(v), default: []].append(row)
        }
    }

    /// Right rows equal to `v` through a coercion (never those equal by key alone).
    func matches(_ v: Value) -> [Int] {
        switch v {
        case .string(let s):
            var out: [Int] = []
            for sample in samples.values {
                guard let c = Compare.coerce(s, like: sample), case let k = GroupKey(c) else { continue }
                out += typed[k] ?? []
            }
            return out
        case .list, .record, .null:
            return []
        default:
            guard !strings.isEmpty else { return [] }
            let code = v.typeCode
            if byType[code] == nil {
                var index: [GroupKey: [Int]] = [:]
                for (s, row) in strings {
                    if let c = Compare.coerce(s, like: v) { index[GroupKey(c), default: []].append(row) }
                }
                byType[code] = index
            }
            return byType[code]?[GroupKey(v)] ?? []
        }
    }
}
