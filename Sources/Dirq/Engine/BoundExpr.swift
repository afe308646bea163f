import Foundation
import DirqModel
import DirqSyntax

/// An expression with its names resolved against a shape: what the evaluator runs per row.
indirect enum BoundExpr {
    case literal(Value)
    case field(Int)
    case attribute(Schema.ID)
    /// The object's identity: its DN on-prem, its id in the cloud.
    case identity
    case kind
    /// The source anchor (on-prem) or ImmutableId (cloud), as bytes.
    case anchor
    /// `onprem` or `cloud`.
    case side
    case snapshotName
    /// In a group row: the expression over every member, as one list.
    case members(BoundExpr)
    case member(BoundExpr, String, Range<Int>)
    case call(Function, [BoundExpr], Range<Int>)
    case not(BoundExpr)
    case negate(BoundExpr, Range<Int>)
    case and(BoundExpr, BoundExpr)
    case or(BoundExpr, BoundExpr)
    case compare(BinaryOp, BoundExpr, BoundExpr, Range<Int>)
    case arithmetic(BinaryOp, BoundExpr, BoundExpr, Range<Int>)
    case inList(BoundExpr, [BoundExpr], negated: Bool, Range<Int>)
    case text(TextOp, BoundExpr, BoundExpr, negated: Bool, NSRegularExpression?, Range<Int>)
    case exists(BoundExpr)
    case isEmpty(BoundExpr, negated: Bool)
    /// `x [not] in (query)`: the query ran once, when the expression was bound.
    case inSet(BoundExpr, ValueSet, negated: Bool)
    /// `any|all|count(v in list where cond)`: `cond` is bound in `shape`, this row's shape with
    /// `v` as one more column (index `slot`), which holds each value of `list` in turn.
    case quantifier(Quantifier, BoundExpr, BoundExpr, slot: Int, Shape)
    /// `extract(s, regex[, group])`, with the pattern compiled once.
    case extract(BoundExpr, NSRegularExpression, pattern: String, group: BoundExpr?, Range<Int>)
}

/// The values of a one-column query, for `x in (query)`: a hash set of group keys (the rule of
/// `=`), and the values themselves for a value of a kind the set does not hold (`"512"` against
/// numbers), which is compared one by one as `=` would.
final class ValueSet: @unchecked Sendable {
    let keys: Set<GroupKey>
    let values: [Value]
    let kinds: UInt16

    init(_ values: [Value]) {
        self.values = values.filter { !$0.isEmpty }
        let keys = Set(self.values.map(GroupKey.init))
        self.keys = keys
        self.kinds = keys.reduce(0) { $0 | $1.kindBit }
    }

    func contains(_ v: Value) -> Bool {
        if v.isEmpty { return false }
        let k = GroupKey(v)
        if keys.contains(k) { return true }
        // Of a kind the set holds: the hash answers (equal values have equal keys).
        if k.kindBit & kinds == k.kindBit, k.kindBit & (1 << 1 | 1 << 2 | 1 << 4 | 1 << 7) != 0 { return false }
        return values.contains { Compare.equal(v, $0) }
    }
}

/// Resolves names in expressions, reporting unknown ones with a suggestion.
struct Binder {
    let sourceName: String
    /// In checks, a name no object has is an empty value, not an error: a check must run on
    /// exports that lack optional attributes.
    var lenient = false
    /// Names that are never attributes but always mean something.
    static let pseudoAttributes = ["object", "kind", "anchor", "side", "snapshot"]
    /// Scalars from `let name = expr` and `--set name=value`, by lower-cased name. A variable
    /// wins over an attribute of the same name (the session refuses such a `let`).
    var variables: [String: Value] = [:]
    /// What `now()` returns: one instant for the whole statement.
    var now = DirDate(seconds: Date().timeIntervalSince1970.rounded(.down))
    /// Runs the query of `x in (query)`.
    var subquery: ((Query) throws(Diagnostic) -> Relation)?

    func bindAll(_ es: [Expr], in shape: Shape) throws(Diagnostic) -> [BoundExpr] {
        var out: [BoundExpr] = []
        for e in es { out.append(try bind(e, in: shape)) }
        return out
    }

    func bind(_ e: Expr, in shape: Shape) throws(Diagnostic) -> BoundExpr {
        // In a group row, an expression that is a key (`group by parent(dn)`, `group by p.address`)
        // reads the key column, not the members.
        if shape.members != nil, isKeyLike(e) {
            let canonical = Printer.print(e)
            if let i = shape.fieldExprs.lastIndex(where: { $0?.caseInsensitiveEquals(canonical) ?? false }) { return .field(i) }
        }
        switch e.kind {
        case .literal(let v): return .literal(v)
        case .name(let n): return try bindName(n, range: e.range, in: shape)
        case .member(let base, let field):
            return .member(try bind(base, in: shape), field, e.range)
        case .call(let name, let args):
            guard let f = Function(rawValue: name.lowercased()) else {
                var notes: [String] = []
                if let s = suggest(name, among: Function.allCases.map(\.rawValue)) { notes.append("did you mean '\(s)'?") }
                notes.append("functions: " + Function.allCases.map(\.rawValue).joined(separator: ", "))
                throw Diagnostic("bind.unknown-function", .error, "unknown function '\(name)'", range: e.range,
                                 sourceName: sourceName, notes: notes)
            }
            guard f.arity.contains(args.count) else {
                let takes = f.arity.lowerBound == f.arity.upperBound ? "\(f.arity.lowerBound)"
                    : f.arity.upperBound - f.arity.lowerBound == 1 ? "\(f.arity.lowerBound) or \(f.arity.upperBound)"
                    : "\(f.arity.lowerBound) or more"
                throw Diagnostic("bind.arity", .error,
                                 "\(f.rawValue)() takes \(takes) argument\(f.arity.upperBound == 1 ? "" : "s"), got \(args.count)",
                                 range: e.range, sourceName: sourceName, notes: [f.summary])
            }
            switch f {
            case .now: return .literal(.date(now))
            case .extract:
                guard case .literal(.string(let p)) = args[1].kind else {
                    throw Diagnostic("bind.regex-literal", .error, "extract() needs a regular expression in quotes",
                                     range: args[1].range, sourceName: sourceName, notes: [f.summary])
                }
                guard TextMatching.regexProblem(p) == nil, let re = TextMatching.regex(p) else {
                    throw Diagnostic("bind.bad-regex", .error,
                                     "invalid regular expression: \(TextMatching.regexProblem(p) ?? "it does not compile")",
                                     range: args[1].range, sourceName: sourceName)
                }
                return .extract(try bind(args[0], in: shape), re, pattern: p,
                                group: args.count > 2 ? try bind(args[2], in: shape) : nil, e.range)
            default: break
            }
            return .call(f, try bindAll(args, in: shape), e.range)
        case .unary(.not, let x): return .not(try bind(x, in: shape))
        case .unary(.negate, let x): return .negate(try bind(x, in: shape), e.range)
        case .binary(let op, let l, let r):
            let bl = try bind(l, in: shape), br = try bind(r, in: shape)
            switch op {
            case .and: return .and(bl, br)
            case .or: return .or(bl, br)
            case .add, .sub, .mul, .div: return .arithmetic(op, bl, br, e.range)
            default:
                try checkComparable(bl, br, in: shape, range: e.range)
                try checkComparable(br, bl, in: shape, range: e.range)
                return .compare(op, bl, br, e.range)
            }
        case .inList(let x, let items, let neg):
            let bx = try bind(x, in: shape)
            do {
                return .inList(bx, try bindAll(items, in: shape), negated: neg, e.range)
            } catch {
                // `x in (dupes)`: a let table of one column, when the name is no attribute or column.
                guard items.count == 1, case .name(let n) = items[0].kind, let subquery,
                      let rel = try? subquery(Query(source: SourceRef(snapshot: nil, name: n, range: items[0].range),
                                                    clauses: [], range: items[0].range)),
                      rel.shape.fields.count == 1, !rel.shape.hasObject
                else { throw error }
                return .inSet(bx, ValueSet(rel.rows.flatMap { ($0.values.first ?? .null).elements }), negated: neg)
            }
        case .text(let op, let l, let r, let neg):
            var regex: NSRegularExpression?
            if op == .matches, case .literal(.string(let p)) = r.kind { regex = TextMatching.regex(p) }
            return .text(op, try bind(l, in: shape), try bind(r, in: shape), negated: neg, regex, e.range)
        case .exists(let x): return .exists(try bind(x, in: shape))
        case .isEmpty(let x, let neg): return .isEmpty(try bind(x, in: shape), negated: neg)
        case .inQuery(let x, let q, _, let neg):
            let bx = try bind(x, in: shape)
            guard let subquery else {
                throw Diagnostic("bind.subquery", .error, "'in (query)' is not available here", range: e.range,
                                 sourceName: sourceName)
            }
            let rel = try subquery(q)
            guard rel.shape.fields.count == 1, !rel.shape.hasObject else {
                let cols = rel.shape.hasObject ? "whole objects" : "\(rel.shape.fields.count) columns (\(rel.shape.fields.joined(separator: ", ")))"
                throw Diagnostic("bind.subquery-columns", .error, "the query in 'in ( … )' must yield one column; it yields \(cols)",
                                 range: q.range, sourceName: sourceName,
                                 notes: ["end it with 'select' and one column, e.g. … | select upn"])
            }
            return .inSet(bx, ValueSet(rel.rows.flatMap { ($0.values.first ?? .null).elements }), negated: neg)
        case .quantifier(let q, let v, let list, let cond):
            let bl = try bind(list, in: shape)
            let inner = shape.adding(field: v)
            return .quantifier(q, bl, try bind(cond, in: inner), slot: inner.fields.count - 1, inner)
        }
    }

    /// A typed attribute (every value a date, or every value a boolean) compared with a literal
    /// that is no value of its type is an error before a row is read, with the same words as the
    /// evaluator's (`createdDateTime > 5`, `accountEnabled = "yes"`), even when no row would test it.
    private func checkComparable(_ a: BoundExpr, _ b: BoundExpr, in shape: Shape, range: Range<Int>) throws(Diagnostic) {
        guard case .attribute(let id) = a, case .literal(let v) = b, let snap = shape.snapshot else { return }
        let bits = snap.schema[id].typeBits & ~UInt16(1 << Value.null.typeCode)
        let sample: Value
        switch bits {
        case 1 << 4: sample = .date(DirDate(ticks: 0))
        case 1 << 3: sample = .bool(true)
        default: return
        }
        for x in v.elements where Compare.order(sample, x) == nil {
            if let why = Compare.mismatch(sample, x) {
                throw Diagnostic("bind.type", .error, why, range: range, sourceName: sourceName,
                                 notes: ["'\(snap.schema[id].name)' holds \(sample.typeName == "bool" ? "booleans" : "dates") in snapshot '\(snap.name)'"])
            }
        }
    }

    private func isKeyLike(_ e: Expr) -> Bool {
        switch e.kind {
        case .member, .call, .binary: return true
        default: return false
        }
    }

    private func bindName(_ name: String, range: Range<Int>, in shape: Shape) throws(Diagnostic) -> BoundExpr {
        if let i = shape.fieldIndex(name) { return .field(i) }
        if let v = variables[name.lowercased()] { return .literal(v) }
        if shape.hasObject {
            let lower = name.lowercased()
            if lower == "object" { return .identity }
            if lower == "kind" { return .kind }
            if let snap = shape.snapshot, let id = snap.schema.resolve(name) { return .attribute(id) }
            switch lower {
            case "anchor": return .anchor
            case "side": return .side
            case "snapshot": return .snapshotName
            default: break
            }
        }
        if let m = shape.members, let inner = try? bindName(name, range: range, in: m) {
            return .members(inner)
        }
        if lenient { return .literal(.null) }
        throw unknownName(name, range: range, in: shape)
    }

    private func unknownName(_ name: String, range: Range<Int>, in shape: Shape) -> Diagnostic {
        var candidates = shape.fields
        var s: Shape? = shape
        var where_ = "these rows"
        while let sh = s {
            candidates += sh.fields
            if sh.hasObject, let snap = sh.snapshot {
                candidates += snap.schema.names(for: sh.kinds) + Array(AttributeCatalog.aliases.keys) + Self.pseudoAttributes
                where_ = "snapshot '\(snap.name)'"
            }
            s = sh.members
        }
        var notes: [String] = []
        if let sug = suggest(name, among: candidates.filter { !$0.caseInsensitiveEquals(name) }) { notes.append("did you mean '\(sug)'?") }
        if shape.hasObject {
            notes.append("no object in \(where_) has an attribute named '\(name)'; `describe` lists the attributes")
        } else {
            notes.append("the columns here are: " + shape.fields.joined(separator: ", "))
        }
        return Diagnostic("bind.unknown-attribute", .error, "unknown attribute or column '\(name)'", range: range,
                          sourceName: sourceName, notes: notes)
    }
}

extension BoundExpr {
    /// True when the expression reads computed column `i` of its row (so that a column that is
    /// costly to fill, such as a group's `members`, is filled before an expression that needs it).
    func usesField(_ i: Int) -> Bool {
        switch self {
        case .field(let j): return i == j
        case .literal, .attribute, .identity, .kind, .anchor, .side, .snapshotName: return false
        // Over the members of a group: their columns, not this row's.
        case .members: return false
        case .member(let b, _, _), .not(let b), .negate(let b, _), .exists(let b), .isEmpty(let b, _):
            return b.usesField(i)
        case .call(_, let args, _): return args.contains { $0.usesField(i) }
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b, _), .arithmetic(_, let a, let b, _):
            return a.usesField(i) || b.usesField(i)
        case .inList(let a, let list, _, _): return a.usesField(i) || list.contains { $0.usesField(i) }
        case .text(_, let a, let b, _, _, _): return a.usesField(i) || b.usesField(i)
        case .inSet(let a, _, _): return a.usesField(i)
        case .quantifier(_, let l, let c, _, _): return l.usesField(i) || c.usesField(i)
        case .extract(let a, _, _, let g, _): return a.usesField(i) || (g?.usesField(i) ?? false)
        }
    }
}

extension BoundExpr {
    /// True when the only thing of its row the expression reads is computed column `i` (so it
    /// can run on a scratch row that holds just that column: `having count > 1`).
    func readsOnly(field i: Int) -> Bool {
        switch self {
        case .field(let j): return i == j
        case .literal: return true
        case .attribute, .identity, .kind, .anchor, .side, .snapshotName, .members: return false
        case .member(let b, _, _), .not(let b), .negate(let b, _), .exists(let b), .isEmpty(let b, _):
            return b.readsOnly(field: i)
        case .call(_, let args, _): return args.allSatisfy { $0.readsOnly(field: i) }
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b, _), .arithmetic(_, let a, let b, _):
            return a.readsOnly(field: i) && b.readsOnly(field: i)
        case .inList(let a, let list, _, _): return a.readsOnly(field: i) && list.allSatisfy { $0.readsOnly(field: i) }
        case .text(_, let a, let b, _, _, _): return a.readsOnly(field: i) && b.readsOnly(field: i)
        case .inSet(let a, _, _): return a.readsOnly(field: i)
        // The condition reads the value's own column too: never on a scratch row.
        case .quantifier: return false
        case .extract(let a, _, _, let g, _): return a.readsOnly(field: i) && (g?.readsOnly(field: i) ?? true)
        }
    }
}
