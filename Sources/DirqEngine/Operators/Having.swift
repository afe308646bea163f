import DirqModel
import DirqSyntax

/// `having cond` after `group by`: the groups for which the condition holds. It runs inside the
/// group operator, which asks it how early it can run: a condition that reads only the count
/// (`having count > 1`, the usual duplicate hunt) runs on the counts before any group is built;
/// one that reads `members` runs after they are filled; any other after the groups are built and
/// before `members` is filled for the ones that are left. A condition over the members' values
/// (`count(distinct(identity)) > 1`) runs on each group's member indexes, so that only the
/// groups it keeps are built.
package struct Having {
    package let condition: BoundExpr
    /// The group rows' shape, which the condition is bound in.
    package let shape: Shape
    /// The column of the group's size.
    package let countColumn: Int
    /// The column of `members`, when the groups have one.
    package let membersColumn: Int?

    /// Reads nothing but the count: can run on the counts alone.
    package var readsOnlyCount: Bool { condition.readsOnly(field: countColumn) }
    /// Reads `members`, which must be filled first.
    package var readsMembers: Bool { membersColumn.map { condition.usesField($0) } ?? false }

    package var summary: String {
        readsOnlyCount ? "having (on the counts, before groups are built)"
            : (countConjuncts.isEmpty ? "" : "groups pruned on the counts first, then ")
            + (readsMembers ? "having (after members are filled)"
                : overMemberColumns != nil ? "having (on the members' values, before groups are built)" : "having")
    }

    /// The parts of a condition `a and b and …` that read nothing but the count: a group they
    /// reject is rejected by the whole condition, so `having count > 1 and count(distinct(x)) > 1`
    /// builds only the groups of two or more.
    package var countConjuncts: [BoundExpr] {
        func parts(_ e: BoundExpr) -> [BoundExpr] {
            if case .and(let a, let b) = e { return parts(a) + parts(b) }
            return [e]
        }
        return parts(condition).filter { $0.readsOnly(field: countColumn) }
    }

    /// What a column past the group row's holds, computed from the group's members (see
    /// `overMemberColumns`).
    package enum MemberColumn {
        /// `members(e)`: the values of `e` over the members, as one list.
        case values(BoundExpr)
        /// `count(distinct(members(e)))`, counted without building either list.
        case distinctCount(BoundExpr)
    }

    /// The condition with each `.members(e)` (and each `count(distinct(…))` of one) read from a
    /// column of its own past the group row's (column `shape.fields.count + k` holds the k-th of
    /// `members`), so that it can run on a group's member indexes before any group or member row
    /// is built (`having count(distinct(identity)) > 1`: most groups are two rows of one
    /// identity). Nil when it reads the `members` column or holds a quantifier.
    package var overMemberColumns: (condition: BoundExpr, members: [MemberColumn])? {
        guard !readsMembers else { return nil }
        var members: [MemberColumn] = []
        let base = shape.fields.count
        guard let c = condition.replacingMembers({ (e: BoundExpr) -> BoundExpr?? in
            switch e {
            case .call(.count, let args, _) where args.count == 1:
                guard case .call(.distinct, let inner, _) = args[0], inner.count == 1,
                      case .members(let m) = inner[0] else { return nil }
                members.append(.distinctCount(m))
            case .members(let m):
                members.append(.values(m))
            default:
                return nil
            }
            return .some(.field(base + members.count - 1))
        }) else { return nil }
        return (c, members)
    }

    /// Which groups of these sizes the condition keeps (for `readsOnlyCount`), or, given
    /// `conditions` (`countConjuncts`), which groups those keep.
    package func keep(counts: [Int32], conditions: [BoundExpr]? = nil, _ x: Execution) throws(Diagnostic) -> [Bool] {
        var scratch = Row(object: -1, values: [Value](repeating: .null, count: shape.fields.count), members: nil)
        var keep = [Bool](repeating: false, count: counts.count)
        let tests = conditions ?? [condition]
        // The answer depends on the count alone, and a million groups have a handful of sizes:
        // each size is tested once.
        var answer: [Int: Bool] = [:]
        var small = [UInt8](repeating: 2, count: 64)  // sizes below 64: 0 no, 1 yes, 2 not yet tested
        for g in counts.indices {
            let n = Int(counts[g])
            if n < small.count, small[n] != 2 {
                keep[g] = small[n] == 1
                continue
            }
            if n >= small.count, let known = answer[n] {
                keep[g] = known
                continue
            }
            scratch.values[countColumn] = .int(Int64(counts[g]))
            keep[g] = true
            for t in tests where !x.evaluator.truthy(try x.evaluator.eval(t, scratch, shape)) {
                keep[g] = false
                break
            }
            if n < small.count { small[n] = keep[g] ? 1 : 0 } else { answer[n] = keep[g] }
        }
        return keep
    }

    /// The group rows the condition keeps.
    package func filter(_ rows: [Row], _ x: Execution) throws(Diagnostic) -> [Row] {
        var kept: [Row] = []
        for r in rows where x.evaluator.truthy(try x.evaluator.eval(condition, r, shape)) { kept.append(r) }
        return kept
    }
}
