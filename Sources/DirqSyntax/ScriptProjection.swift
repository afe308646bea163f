import DirqModel

/// How a parsed script decides its `Projection`: the attribute names it reads, or nil when some
/// statement needs whole objects. Lives with the syntax because it is a walk over the AST.
extension Projection {
    /// The projection of a whole script, or nil when some statement needs every attribute.
    public static func of(_ statements: [Statement]) -> Projection? {
        var names: Set<String> = []
        for s in statements {
            switch s.kind {
            case .load, .use: continue
            case .let(_, let q), .query(let q):
                guard collect(q, into: &names) else { return nil }
            case .letValue(_, let e):
                collect(e, into: &names)
            case .describe, .check, .explain, .lesson, .health, .fix, .report, .exercise, .submit, .hint:
                return nil
            }
        }
        if names.contains(wholeMarker) { return nil }
        return Projection(names: names)
    }

    /// Put in the set by an `in (query)` whose query needs whole objects.
    private static let wholeMarker = "\u{0}whole"

    /// Adds the names a query reads; false when it needs whole objects.
    private static func collect(_ q: Query, into names: inout Set<String>) -> Bool {
        guard source(q.source) else { return false }
        // Rows that stay objects to the end are shown with the default columns.
        if !q.clauses.contains(where: \.makesComputedRows) || q.clauses.contains(where: { $0.kind == .ungroup }) {
            for n in Projection.defaultColumns { names.insert(n.caseFolded) }
        }
        for c in q.clauses {
            switch c.kind {
            case .where(let e): collect(e, into: &names)
            case .select(let items): for i in items { collect(i.expr, into: &names) }
            case .groupBy(let keys, let having):
                for k in keys { collect(k.expr, into: &names) }
                if let having { collect(having, into: &names) }
            case .sort(let keys): for k in keys { collect(k.expr, into: &names) }
            case .take, .count, .ungroup: break
            case .expand(let e, _): collect(e, into: &names)
            case .distinct(let es): for e in es { collect(e, into: &names) }
            case .join(let kind, let ref, _, let left, let right):
                // Inner and left joins put the whole joined object in a column.
                guard kind == .anti, source(ref) else { return false }
                collect(left, into: &names)
                collect(right, into: &names)
            }
        }
        return true
    }

    /// Sources built from whole objects rather than from attributes the query names.
    private static func source(_ ref: SourceRef) -> Bool {
        guard ref.match == nil, ref.diff == nil else { return false }
        return !["identities", "health", "exporterrors"].contains(ref.name.caseFolded)
    }

    private static func collect(_ e: Expr, into names: inout Set<String>) {
        switch e.kind {
        case .literal: break
        case .name(let n): add(n, into: &names)
        case .member(let base, let field):
            collect(base, into: &names)
            add(field, into: &names)  // `c.attr` of a join's other side
        case .call(_, let args): for a in args { collect(a, into: &names) }
        case .unary(_, let x), .exists(let x), .isEmpty(let x, _): collect(x, into: &names)
        case .binary(_, let a, let b), .text(_, let a, let b, _):
            collect(a, into: &names)
            collect(b, into: &names)
        case .inList(let x, let items, _):
            collect(x, into: &names)
            for i in items { collect(i, into: &names) }
        case .inQuery(let x, let q, _, _):
            collect(x, into: &names)
            if !collect(q, into: &names) { names.insert(wholeMarker) }
        case .quantifier(_, _, let list, let cond):
            collect(list, into: &names)
            collect(cond, into: &names)
        }
    }

    private static func add(_ name: String, into names: inout Set<String>) {
        names.insert(name.caseFolded)
        if name.caseFolded == "anchor" { for n in anchorAttributes { names.insert(n.caseFolded) } }
        for real in AttributeCatalog.aliases[name.caseFolded] ?? [] { names.insert(real.caseFolded) }
    }}

extension Clause {
    /// True when the clause turns object rows into computed rows (whose columns are named).
    fileprivate var makesComputedRows: Bool {
        switch kind {
        case .select, .groupBy, .count: return true
        default: return false
        }
    }
}
