import Foundation
import DirqModel
import DirqSyntax

/// Turns a parsed query into a plan: resolves its source and every clause's names, functions,
/// arities and literal types against the shape of the rows that clause will see (the snapshot's
/// schema, `let` tables and scalars, computed columns, group rows, join aliases), and chooses an
/// operator for each clause. Every error it finds carries the range of the text at fault, and
/// all of them come before a row is read: `users group by upn sort by upm` fails at `upm`
/// before a user is grouped.
package struct Binder {
    package let sourceName: String
    /// In checks, a name no object has is an empty value, not an error: a check must run on
    /// exports that lack optional attributes.
    package var lenient = false
    /// Names that are never attributes but always mean something.
    package static let pseudoAttributes = ["object", "kind", "anchor", "side", "snapshot"]
    /// Scalars from `let name = expr` and `--set name=value`, by lower-cased name. A variable
    /// wins over an attribute of the same name (the session refuses such a `let`).
    package var variables: [String: Value] = [:]
    /// What `now()` returns: one instant for the whole statement.
    package var now = DirDate(seconds: Date().timeIntervalSince1970.rounded(.down))
    /// The rows a source names (a query's, a join's, the one inside `in (…)`); nil where only
    /// expressions are bound.
    package var resolve: ((SourceRef) throws(Diagnostic) -> Relation)?
    /// The plans of the `x in (query)` met while binding the current plan.
    package var subqueries = Subqueries()

    /// Subquery plans, numbered in the order they are met (shared by copies of one binder while
    /// it binds one plan).
    package final class Subqueries {
        private(set) var plans: [Plan] = []

        package func add(_ plan: Plan) -> Int {
            plans.append(plan)
            return plans.count - 1
        }
    }

    package init(sourceName: String, lenient: Bool = false) {
        self.sourceName = sourceName
        self.lenient = lenient
    }

    /// `source clause …`: the source resolved, then each clause bound in the shape the one
    /// before it makes.
    package func plan(_ q: Query) throws(Diagnostic) -> Plan {
        guard let resolve else {
            throw Diagnostic("bind.subquery", .error, "a query is not available here", range: q.range, sourceName: sourceName)
        }
        return try plan(q.clauses, on: try resolve(q.source))
    }

    /// The clauses bound over the rows of `source`.
    package func plan(_ clauses: [Clause], on source: Relation) throws(Diagnostic) -> Plan {
        var b = self
        b.subqueries = Subqueries()  // this plan's own, numbered from 0
        var shape = source.shape
        var ops: [any PlanOperator] = []
        var i = 0
        while i < clauses.count {
            let c = clauses[i]
            // `expand … [where …] group by …`: the expanded rows are grouped as they are made,
            // and only the rows of the groups that are kept are built.
            if case .expand(let e, let alias) = c.kind {
                var j = i + 1
                while j < clauses.count, case .where = clauses[j].kind { j += 1 }
                if j < clauses.count, case .groupBy(let keys, let having) = clauses[j].kind {
                    let expand = try b.bindExpand(e, alias: alias, range: c.range, in: shape)
                    var filters: [BoundExpr] = []
                    for w in clauses[(i + 1)..<j] {
                        if case .where(let x) = w.kind { filters.append(try b.bind(x, in: expand.output)) }
                    }
                    let group = try b.bindGroup(keys, having: having, range: clauses[j].range, in: expand.output)
                    ops.append(ExpandGroup(expand: expand, filters: filters, group: group))
                    shape = group.output
                    i = j + 1
                    continue
                }
            }
            var op = try b.bind(c, in: shape)
            i += 1
            // `expand … | where …`: the `where`s run on each value as it is made.
            if var expand = op as? Expand {
                while i < clauses.count, case .where(let x) = clauses[i].kind {
                    expand.filters.append(try b.bind(x, in: expand.output))
                    i += 1
                }
                op = expand
            }
            // `join … | where c.x …`: a `where` that reads only the joined row runs on the joined
            // source before the join (an inner join keeps the same pairs either way).
            if var join = op as? Join, join.kind == .inner {
                // A name the joined source lacks stays where it was: on a joined row it is empty.
                while i < clauses.count, case .where(let x) = clauses[i].kind,
                      let mine = Join.onlyJoined(alias: join.alias, x),
                      let bound = try? b.bind(mine, in: join.other.shape) {
                    join.rightFilters.append(bound)
                    i += 1
                }
                op = join
            }
            ops.append(op)
            shape = op.output
        }
        // A group that only `count` reads need not build its groups.
        for k in ops.indices.dropLast() where ops[k + 1] is Count {
            if var group = ops[k] as? Group {
                group.onlyCounted = true
                ops[k] = group
            } else if var fused = ops[k] as? ExpandGroup {
                fused.group.onlyCounted = true
                ops[k] = fused
            }
        }
        return Plan(source: source, operators: ops, subqueries: b.subqueries.plans)
    }

    /// An expression on no rows (`let n = expr`), as a plan of one row and one column.
    package func plan(value e: Expr) throws(Diagnostic) -> Plan {
        var b = self
        b.subqueries = Subqueries()
        let shape = Shape(snapshot: nil, kinds: nil, fields: [], hasObject: false)
        let bound = try b.bind(e, in: shape)
        let project = Project(range: e.range, input: shape, items: [bound],
                              output: Shape(snapshot: nil, kinds: nil, fields: ["value"], hasObject: false))
        return Plan(source: Relation(shape: shape, rows: [Row(object: -1, values: [])]), operators: [project],
                    subqueries: b.subqueries.plans)
    }

    /// One clause over rows of `shape`.
    private func bind(_ clause: Clause, in shape: Shape) throws(Diagnostic) -> any PlanOperator {
        let range = clause.range
        switch clause.kind {
        case .where(let e):
            return Filter(range: range, condition: try bind(e, in: shape), output: shape)
        case .select(let items):
            let bound = try bindAll(items.map(\.expr), in: shape)
            return Project(range: range, input: shape, items: bound,
                           output: Shape(snapshot: nil, kinds: nil, fields: items.map(\.name), hasObject: false))
        case .groupBy(let keys, let having):
            return try bindGroup(keys, having: having, range: range, in: shape)
        case .sort(let keys):
            return Sort(range: range, keys: try bindAll(keys.map(\.expr), in: shape), descending: keys.map(\.descending),
                        output: shape)
        case .take(let n):
            return Take(range: range, count: n, output: shape)
        case .expand(let e, let alias):
            return try bindExpand(e, alias: alias, range: range, in: shape)
        case .distinct(let exprs):
            return Distinct(range: range, keys: try bindAll(exprs, in: shape), output: shape)
        case .ungroup:
            guard let output = Ungroup.shape(after: shape) else {
                throw Diagnostic("bind.ungroup", .error, "'ungroup' needs rows made by 'group by'", range: range,
                                 sourceName: sourceName)
            }
            return Ungroup(range: range, output: output)
        case .join(let kind, let ref, let alias, let left, let right):
            guard let resolve else {
                throw Diagnostic("bind.subquery", .error, "'join' is not available here", range: range, sourceName: sourceName)
            }
            let other = try resolve(ref)
            let name = alias ?? (ref.match == nil ? ref.name : "twin")
            let lb = try bind(left, in: shape)
            let rb = try bind(Join.strip(alias: name, from: right), in: other.shape)
            return Join(range: range, kind: kind, sourceName: ref.name,
                        label: (ref.snapshot.map { $0 + "." } ?? "") + ref.name, alias: name, other: other, input: shape, left: lb, right: rb,
                        output: kind == .anti ? shape : shape.adding(field: name))
        case .count:
            return Count(range: range)
        }
    }

    private func bindExpand(_ e: Expr, alias: String?, range: Range<Int>, in shape: Shape) throws(Diagnostic) -> Expand {
        let value = try bind(e, in: shape)
        var name = alias
        if name == nil, case .name(let n) = e.kind { name = n }
        return Expand(range: range, input: shape, value: value, name: name, output: shape.adding(field: name ?? "value"))
    }

    /// `group by keys [having cond]`: the keys in the rows' shape, `having` in the group rows'.
    private func bindGroup(_ keys: [NamedExpr], having: Expr?, range: Range<Int>, in shape: Shape) throws(Diagnostic) -> Group {
        let bound = try bindAll(keys.map(\.expr), in: shape)
        let withMembers = Group.hasMembers(shape)
        var fields = keys.map(\.name) + ["count"]
        if withMembers { fields.append("members") }
        let exprs: [String?] = keys.map { Printer.print($0.expr) } + fields.dropFirst(keys.count).map { _ in nil }
        let output = Shape(snapshot: nil, kinds: nil, fields: fields, fieldExprs: exprs, hasObject: false, members: shape)
        var h: Having?
        if let having {
            h = Having(condition: try bind(having, in: output), shape: output, countColumn: keys.count,
                       membersColumn: withMembers ? fields.count - 1 : nil)
        }
        return Group(range: range, input: shape, keys: bound, keyNames: keys.map(\.name), having: h,
                     withMembers: withMembers, keyColumn: bound.count == 1 ? JoinProbe.keyColumn(bound[0], shape) : nil,
                     output: output)
    }
}
