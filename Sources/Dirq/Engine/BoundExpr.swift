import Foundation

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
}

/// Resolves names in expressions, reporting unknown ones with a suggestion.
struct Binder {
    let sourceName: String
    /// In checks, a name no object has is an empty value, not an error: a check must run on
    /// exports that lack optional attributes.
    var lenient = false
    /// Names that are never attributes but always mean something.
    static let pseudoAttributes = ["object", "kind", "anchor", "side", "snapshot"]

    func bindAll(_ es: [Expr], in shape: Shape) throws(Diagnostic) -> [BoundExpr] {
        var out: [BoundExpr] = []
        for e in es { out.append(try bind(e, in: shape)) }
        return out
    }

    func bind(_ e: Expr, in shape: Shape) throws(Diagnostic) -> BoundExpr {
        if shape.members != nil, case .member = e.kind {
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
                throw Diagnostic("bind.arity", .error,
                                 "\(f.rawValue)() takes \(f.arity.lowerBound == f.arity.upperBound ? "\(f.arity.lowerBound)" : "\(f.arity.lowerBound) or more") argument\(f.arity.upperBound == 1 ? "" : "s"), got \(args.count)",
                                 range: e.range, sourceName: sourceName, notes: [f.summary])
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
            default: return .compare(op, bl, br, e.range)
            }
        case .inList(let x, let items, let neg):
            return .inList(try bind(x, in: shape), try bindAll(items, in: shape), negated: neg, e.range)
        case .text(let op, let l, let r, let neg):
            var regex: NSRegularExpression?
            if op == .matches, case .literal(.string(let p)) = r.kind { regex = TextMatching.regex(p) }
            return .text(op, try bind(l, in: shape), try bind(r, in: shape), negated: neg, regex, e.range)
        case .exists(let x): return .exists(try bind(x, in: shape))
        case .isEmpty(let x, let neg): return .isEmpty(try bind(x, in: shape), negated: neg)
        }
    }

    private func bindName(_ name: String, range: Range<Int>, in shape: Shape) throws(Diagnostic) -> BoundExpr {
        if let i = shape.fieldIndex(name) { return .field(i) }
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
        }
    }
}
