import Foundation
import DirqModel
import DirqSyntax

/// Binding expressions: names against a shape (columns, then `let` scalars, then the snapshot's
/// attributes and pseudo-attributes, then a group's members), functions against the function
/// table with their arity, literals against typed attributes. Unknown names get a suggestion.
extension Binder {
    package func bindAll(_ es: [Expr], in shape: Shape) throws(Diagnostic) -> [BoundExpr] {
        var out: [BoundExpr] = []
        for e in es { out.append(try bind(e, in: shape)) }
        return out
    }

    package func bind(_ e: Expr, in shape: Shape) throws(Diagnostic) -> BoundExpr {
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
                let bound = try bindAll(items, in: shape)
                // `in` is `=` to each item, with `=`'s errors.
                for b in bound { try checkComparable(bx, b, in: shape, range: e.range) }
                return .inList(bx, bound, negated: neg, e.range)
            } catch let d where d.id == "bind.type" {
                throw d
            } catch {
                // `x in (dupes)`: a let table of one column, when the name is no attribute or column.
                guard items.count == 1, case .name(let n) = items[0].kind, resolve != nil,
                      let sub = try? plan(Query(source: SourceRef(snapshot: nil, name: n, range: items[0].range),
                                                clauses: [], range: items[0].range)),
                      sub.output.fields.count == 1, sub.output.columns.isEmpty, !sub.output.hasObject
                else { throw error }
                return .inQuery(bx, query: subqueries.add(sub), negated: neg)
            }
        case .text(let op, let l, let r, let neg):
            var regex: NSRegularExpression?
            if op == .matches, case .literal(.string(let p)) = r.kind { regex = TextMatching.regex(p) }
            return .text(op, try bind(l, in: shape), try bind(r, in: shape), negated: neg, regex, e.range)
        case .exists(let x): return .exists(try bind(x, in: shape))
        case .isEmpty(let x, let neg): return .isEmpty(try bind(x, in: shape), negated: neg)
        case .inQuery(let x, let q, _, let neg):
            let bx = try bind(x, in: shape)
            guard resolve != nil else {
                throw Diagnostic("bind.subquery", .error, "'in (query)' is not available here", range: e.range,
                                 sourceName: sourceName)
            }
            // Bound now, with everything else; run once by the executor before this plan's rows.
            let sub = try plan(q)
            let out = sub.output
            guard out.fields.count == 1, out.columns.isEmpty, !out.hasObject else {
                let names = out.columnNames
                let cols = out.hasObject ? "whole objects" : "\(names.count) columns (\(names.joined(separator: ", ")))"
                throw Diagnostic("bind.subquery-columns", .error, "the query in 'in ( … )' must yield one column; it yields \(cols)",
                                 range: q.range, sourceName: sourceName,
                                 notes: ["end it with 'select' and one column, e.g. … | select upn"])
            }
            return .inQuery(bx, query: subqueries.add(sub), negated: neg)
        case .quantifier(let q, let v, let list, let cond):
            let bl = try bind(list, in: shape)
            let inner = shape.adding(field: v)
            return .quantifier(q, bl, try bind(cond, in: inner), slot: inner.fields.count - 1, inner)
        }
    }

    /// A typed attribute (every value a number, date, boolean, GUID, SID or bytes) compared with a
    /// literal that is no value of its type is an error before a row is read, even when no row
    /// would test it (`createdDateTime > 5`, `accountEnabled = "yes"`, `userAccountControl = true`,
    /// `objectGUID = "garbage"`): the same rule for every type, worded by `Compare.literalMismatch`.
    private func checkComparable(_ a: BoundExpr, _ b: BoundExpr, in shape: Shape, range: Range<Int>) throws(Diagnostic) {
        guard case .attribute(let id) = a, case .literal(let v) = b, let snap = shape.snapshot else { return }
        let bits = snap.schema[id].typeBits & ~UInt16(1 << Value.null.typeCode)
        let sample: Value, plural: String
        switch bits {
        case 1 << Value.int(0).typeCode: (sample, plural) = (.int(0), "numbers")
        case 1 << Value.date(DirDate(ticks: 0)).typeCode: (sample, plural) = (.date(DirDate(ticks: 0)), "dates")
        case 1 << Value.bool(true).typeCode: (sample, plural) = (.bool(true), "booleans")
        case 1 << Value.bytes([]).typeCode: (sample, plural) = (.bytes([]), "bytes")
        case 1 << 8: (sample, plural) = (.guid(GUIDValue(bytes: [UInt8](repeating: 0, count: 16))!), "GUIDs")
        case 1 << 9: (sample, plural) = (.sid(SIDValue(bytes: [1, 0, 0, 0, 0, 0, 0, 5])!), "SIDs")
        default: return
        }
        for x in v.elements {
            if let why = Compare.literalMismatch(sample, x) {
                throw Diagnostic("bind.type", .error, why, range: range, sourceName: sourceName,
                                 notes: ["'\(snap.schema[id].name)' holds \(plural) in snapshot '\(snap.name)'"])
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
        if let k = shape.columnIndex(name) { return .column(k) }
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
        var candidates = shape.columnNames
        var s: Shape? = shape
        var where_ = "these rows"
        while let sh = s {
            candidates += sh.columnNames
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
            notes.append("the columns here are: " + shape.columnNames.joined(separator: ", "))
        }
        return Diagnostic("bind.unknown-attribute", .error, "unknown attribute or column '\(name)'", range: range,
                          sourceName: sourceName, notes: notes)
    }
}
