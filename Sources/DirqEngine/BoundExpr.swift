import Foundation
import DirqModel
import DirqSyntax

/// An expression with its names resolved against a shape: what the evaluator runs per row.
package indirect enum BoundExpr {
    case literal(Value)
    case field(Int)
    /// A computed column of the row's source (`Shape.columns`), by index.
    case column(Int)
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
    /// `x [not] in (query)`: the values of the plan's subquery number `query` (run once, before
    /// the plan's rows; see `Plan.subqueries`).
    case inQuery(BoundExpr, query: Int, negated: Bool)
    /// `any|all|count(v in list where cond)`: `cond` is bound in `shape`, this row's shape with
    /// `v` as one more column (index `slot`), which holds each value of `list` in turn.
    case quantifier(Quantifier, BoundExpr, BoundExpr, slot: Int, Shape)
    /// `extract(s, regex[, group])`, with the pattern compiled once.
    case extract(BoundExpr, NSRegularExpression, pattern: String, group: BoundExpr?, Range<Int>)
}

extension BoundExpr {
    /// True when the expression reads computed column `i` of its row (so that a column that is
    /// costly to fill, such as a group's `members`, is filled before an expression that needs it).
    package func usesField(_ i: Int) -> Bool {
        switch self {
        case .field(let j): return i == j
        case .literal, .column, .attribute, .identity, .kind, .anchor, .side, .snapshotName: return false
        // Over the members of a group: their columns, not this row's.
        case .members: return false
        case .member(let b, _, _), .not(let b), .negate(let b, _), .exists(let b), .isEmpty(let b, _):
            return b.usesField(i)
        case .call(_, let args, _): return args.contains { $0.usesField(i) }
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b, _), .arithmetic(_, let a, let b, _):
            return a.usesField(i) || b.usesField(i)
        case .inList(let a, let list, _, _): return a.usesField(i) || list.contains { $0.usesField(i) }
        case .text(_, let a, let b, _, _, _): return a.usesField(i) || b.usesField(i)
        case .inQuery(let a, _, _): return a.usesField(i)
        case .quantifier(_, let l, let c, _, _): return l.usesField(i) || c.usesField(i)
        case .extract(let a, _, _, let g, _): return a.usesField(i) || (g?.usesField(i) ?? false)
        }
    }
}

extension BoundExpr {
    /// True when the only thing of its row the expression reads is computed column `i` (so it
    /// can run on a scratch row that holds just that column: `having count > 1`).
    package func readsOnly(field i: Int) -> Bool {
        switch self {
        case .field(let j): return i == j
        case .literal: return true
        case .column, .attribute, .identity, .kind, .anchor, .side, .snapshotName, .members: return false
        case .member(let b, _, _), .not(let b), .negate(let b, _), .exists(let b), .isEmpty(let b, _):
            return b.readsOnly(field: i)
        case .call(_, let args, _): return args.allSatisfy { $0.readsOnly(field: i) }
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b, _), .arithmetic(_, let a, let b, _):
            return a.readsOnly(field: i) && b.readsOnly(field: i)
        case .inList(let a, let list, _, _): return a.readsOnly(field: i) && list.allSatisfy { $0.readsOnly(field: i) }
        case .text(_, let a, let b, _, _, _): return a.readsOnly(field: i) && b.readsOnly(field: i)
        case .inQuery(let a, _, _): return a.readsOnly(field: i)
        // The condition reads the value's own column too: never on a scratch row.
        case .quantifier: return false
        case .extract(let a, _, _, let g, _): return a.readsOnly(field: i) && (g?.readsOnly(field: i) ?? true)
        }
    }
}

extension BoundExpr {
    /// The expression with the parts `replace` takes replaced: it is asked of each part, outermost
    /// first, and answers nil to look inside the part, `.some(nil)` when the part cannot be
    /// replaced (the whole answer is then nil), or the part's replacement. A `.members(e)` it does
    /// not replace, and a quantifier, make the answer nil (a quantifier's condition is bound in a
    /// shape of its own, one column past its row's).
    package func replacingMembers(_ replace: (BoundExpr) -> BoundExpr??) -> BoundExpr? {
        if let r = replace(self) { return r }
        func all(_ es: [BoundExpr]) -> [BoundExpr]? {
            var out: [BoundExpr] = []
            for e in es {
                guard let r = e.replacingMembers(replace) else { return nil }
                out.append(r)
            }
            return out
        }
        switch self {
        case .literal, .field, .column, .attribute, .identity, .kind, .anchor, .side, .snapshotName: return self
        case .members, .quantifier: return nil
        case .member(let b, let name, let r): return b.replacingMembers(replace).map { .member($0, name, r) }
        case .call(let f, let args, let r): return all(args).map { .call(f, $0, r) }
        case .not(let b): return b.replacingMembers(replace).map { .not($0) }
        case .negate(let b, let r): return b.replacingMembers(replace).map { .negate($0, r) }
        case .and(let a, let b): return all([a, b]).map { .and($0[0], $0[1]) }
        case .or(let a, let b): return all([a, b]).map { .or($0[0], $0[1]) }
        case .compare(let op, let a, let b, let r): return all([a, b]).map { .compare(op, $0[0], $0[1], r) }
        case .arithmetic(let op, let a, let b, let r): return all([a, b]).map { .arithmetic(op, $0[0], $0[1], r) }
        case .inList(let a, let list, let negated, let r):
            return all([a] + list).map { .inList($0[0], Array($0.dropFirst()), negated: negated, r) }
        case .text(let op, let a, let b, let negated, let regex, let r):
            return all([a, b]).map { .text(op, $0[0], $0[1], negated: negated, regex, r) }
        case .exists(let b): return b.replacingMembers(replace).map { .exists($0) }
        case .isEmpty(let b, let negated): return b.replacingMembers(replace).map { .isEmpty($0, negated: negated) }
        case .inQuery(let a, let q, let negated): return a.replacingMembers(replace).map { .inQuery($0, query: q, negated: negated) }
        case .extract(let a, let re, let pattern, let g, let r):
            guard let a2 = a.replacingMembers(replace) else { return nil }
            guard let g else { return .extract(a2, re, pattern: pattern, group: nil, r) }
            return g.replacingMembers(replace).map { .extract(a2, re, pattern: pattern, group: $0, r) }
        }
    }
}
