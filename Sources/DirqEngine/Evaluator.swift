import Foundation
import DirqModel
import DirqSyntax

/// Evaluates bound expressions on rows. Pure: the same rows give the same values.
///
/// Multi-valued semantics: a comparison or text test on a list holds when any value satisfies it;
/// scalar functions apply to each value.
package struct Evaluator {
    package let sourceName: String
    /// The values of the plan's subqueries (`x in (query)`), by number.
    package var subqueries: [ValueSet] = []

    package func eval(_ e: BoundExpr, _ row: Row, _ shape: Shape) throws(Diagnostic) -> Value {
        switch e {
        case .literal(let v): return v
        case .field(let i): return i < row.values.count ? row.values[i] : .null
        case .column(let k):
            guard row.object >= 0, k < shape.columns.count else { return .null }
            return shape.columns[k].value(row.object)
        case .attribute(let id):
            guard row.object >= 0, row.object < shape.objectCount else { return .null }
            return shape.objects[row.object].value(id) ?? .null
        case .identity:
            guard row.object >= 0, let snap = shape.snapshot else { return .null }
            return .string(snap.identity(at: row.object))
        case .kind:
            guard row.object >= 0, let snap = shape.snapshot else { return .null }
            return .string(snap.objects[row.object].kind.rawValue)
        case .anchor:
            guard row.object >= 0, let snap = shape.snapshot else { return .null }
            return snap.anchor(of: snap.objects[row.object]) ?? .null
        case .side:
            guard let snap = shape.snapshot else { return .null }
            return .string(snap.side.keyword)
        case .snapshotName:
            guard let snap = shape.snapshot else { return .null }
            return .string(snap.name)
        case .members(let inner):
            guard let members = row.members, let ms = shape.members else { return .null }
            var out: [Value] = []
            for m in members { out.append(contentsOf: try eval(inner, m, ms).elements) }
            return .list(out)
        case .member(let base, let field, let range):
            return try memberAccess(try eval(base, row, shape), field, range)
        case .call(let f, let args, let range):
            let values = try evalAll(args, row, shape)
            do {
                return try f.apply(values)
            } catch {
                throw Diagnostic("eval.function", .error, error.message, range: range, sourceName: sourceName)
            }
        case .not(let x): return .bool(!truthy(try eval(x, row, shape)))
        case .negate(let x, let range):
            let v = try eval(x, row, shape)
            switch v {
            case .int(let i):
                // -Int64.min does not fit in an Int64: a double, as + - * give on overflow.
                let (r, overflow) = Int64(0).subtractingReportingOverflow(i)
                return overflow ? .double(-Double(i)) : .int(r)
            case .null: return .null
            default:
                guard let d = Compare.number(v) else {
                    throw Diagnostic("eval.type", .error, "cannot negate \(v.typeName) '\(v.text)'", range: range, sourceName: sourceName)
                }
                return .double(-d)
            }
        case .and(let l, let r):
            if !truthy(try eval(l, row, shape)) { return .bool(false) }
            return .bool(truthy(try eval(r, row, shape)))
        case .or(let l, let r):
            if truthy(try eval(l, row, shape)) { return .bool(true) }
            return .bool(truthy(try eval(r, row, shape)))
        case .compare(let op, let l, let r, let range):
            return .bool(try compare(op, try eval(l, row, shape), try eval(r, row, shape), range))
        case .arithmetic(let op, let l, let r, let range):
            return try arithmetic(op, try eval(l, row, shape), try eval(r, row, shape), range)
        case .inList(let x, let items, let negated, let range):
            let v = try eval(x, row, shape)
            let candidates = try evalAll(items, row, shape).flatMap(\.elements)
            // `in` is `=` to each item, with `=`'s errors (a date `in (5)`).
            for a in v.elements {
                for c in candidates {
                    guard let o = Compare.order(a, c) else {
                        if let why = Compare.mismatch(a, c) {
                            throw Diagnostic("eval.compare", .error, why, range: range, sourceName: sourceName)
                        }
                        continue
                    }
                    if o == 0 { return .bool(!negated) }
                }
            }
            return .bool(negated)
        case .text(let op, let l, let r, let negated, let regex, let range):
            let lv = try eval(l, row, shape), rv = try eval(r, row, shape)
            guard case .string(let pattern) = rv.firstElement ?? .null else {
                if case .null = rv { return .bool(negated) }
                throw Diagnostic("eval.type", .error, "'\(op.rawValue)' needs text on its right, got \(rv.typeName)",
                                 range: range, sourceName: sourceName)
            }
            var hit = false
            for v in lv.elements where try textTest(op, v, pattern, regex, range) {
                hit = true
                break
            }
            return .bool(hit != negated)
        case .inQuery(let x, let query, let negated):
            let set = subqueries[query]
            let hit = try eval(x, row, shape).elements.contains { set.contains($0) }
            return .bool(hit != negated)
        case .quantifier(let q, let list, let cond, let slot, let inner):
            var scratch = row
            while scratch.values.count < slot { scratch.values.append(.null) }
            scratch.values.append(.null)
            var n: Int64 = 0
            for v in try eval(list, row, shape).elements {
                scratch.values[slot] = v
                let ok = truthy(try eval(cond, scratch, inner))
                switch q {
                case .any: if ok { return .bool(true) }
                case .all: if !ok { return .bool(false) }
                case .count: if ok { n += 1 }
                }
            }
            switch q {
            case .any: return .bool(false)
            case .all: return .bool(true)
            case .count: return .int(n)
            }
        case .extract(let x, let re, let pattern, let groupExpr, let range):
            var group: Int?
            if let groupExpr {
                let g = try eval(groupExpr, row, shape)
                guard let i = Function.integer(g), i >= 0, i <= re.numberOfCaptureGroups else {
                    throw Diagnostic("eval.function", .error,
                                     "extract(): the pattern has \(re.numberOfCaptureGroups) group\(re.numberOfCaptureGroups == 1 ? "" : "s"); \(g.text) is not one of 0…\(re.numberOfCaptureGroups)",
                                     range: range, sourceName: sourceName)
                }
                group = Int(i)
            }
            let g = group ?? (re.numberOfCaptureGroups > 0 ? 1 : 0)
            func one(_ v: Value) throws(Diagnostic) -> Value {
                if v.isEmpty { return .null }
                let s = v.stringValue ?? v.text
                let m: NSTextCheckingResult?
                do { m = try TextMatching.firstMatch(re, in: s) } catch {
                    throw TextMatching.budgetError(pattern, range: range, sourceName: sourceName)
                }
                guard let m, let r = Range(m.range(at: g), in: s) else { return .null }
                return .string(String(s[r]))
            }
            let v = try eval(x, row, shape)
            if case .list(let l) = v {
                var out: [Value] = []
                for e in l { out.append(try one(e)) }
                return .list(out)
            }
            return try one(v)
        case .exists(.attribute(let id)):
            return .bool(row.object >= 0 && row.object < shape.objectCount && !shape.objects.isEmpty(row.object, id))
        case .isEmpty(.attribute(let id), let negated):
            let empty = row.object < 0 || row.object >= shape.objectCount || shape.objects.isEmpty(row.object, id)
            return .bool(empty != negated)
        case .exists(let x): return .bool(!(try eval(x, row, shape)).isEmpty)
        case .isEmpty(let x, let negated): return .bool((try eval(x, row, shape)).isEmpty != negated)
        }
    }

    package func evalAll(_ es: [BoundExpr], _ row: Row, _ shape: Shape) throws(Diagnostic) -> [Value] {
        var out: [Value] = []
        out.reserveCapacity(es.count)
        for e in es { out.append(try eval(e, row, shape)) }
        return out
    }

    package func truthy(_ v: Value) -> Bool {
        switch v {
        case .bool(let b): return b
        case .null: return false
        case .int(let i): return i != 0
        case .string(let s): return s.lowercased() == "true"
        case .list(let l): return l.contains(where: truthy)
        default: return true
        }
    }

    /// One rule for multi-valued operands (see `Compare`): `=`, `<`, `<=`, `>`, `>=` hold when they
    /// hold for any pair of values; `!=` is the negation of `=`, so it holds when no value is equal.
    /// `x = null` asks whether x is missing.
    private func compare(_ op: BinaryOp, _ a: Value, _ b: Value, _ range: Range<Int>) throws(Diagnostic) -> Bool {
        if op == .ne { return try !compare(.eq, a, b, range) }
        if case .null = b, op == .eq || op == .ne { return a.isEmpty == (op == .eq) }
        if case .null = a, op == .eq || op == .ne { return b.isEmpty == (op == .eq) }
        switch (a, b) {
        case (.list, _), (_, .list): break
        default: return try compareOne(op, a, b, range)  // no arrays for two single values
        }
        let la = a.elements, lb = b.elements
        for x in la {
            for y in lb {
                guard let o = Compare.order(x, y) else {
                    if let why = Compare.mismatch(x, y) {
                        throw Diagnostic("eval.compare", .error, why, range: range, sourceName: sourceName)
                    }
                    continue
                }
                let hit: Bool
                switch op {
                case .eq: hit = o == 0
                case .ne: hit = o != 0
                case .lt: hit = o < 0
                case .le: hit = o <= 0
                case .gt: hit = o > 0
                default: hit = o >= 0
                }
                if hit { return true }
            }
        }
        return false
    }

    private func compareOne(_ op: BinaryOp, _ x: Value, _ y: Value, _ range: Range<Int>) throws(Diagnostic) -> Bool {
        guard let o = Compare.order(x, y) else {
            if let why = Compare.mismatch(x, y) {
                throw Diagnostic("eval.compare", .error, why, range: range, sourceName: sourceName)
            }
            return op == .ne
        }
        switch op {
        case .eq: return o == 0
        case .ne: return o != 0
        case .lt: return o < 0
        case .le: return o <= 0
        case .gt: return o > 0
        default: return o >= 0
        }
    }

    private func arithmetic(_ op: BinaryOp, _ a: Value, _ b: Value, _ range: Range<Int>) throws(Diagnostic) -> Value {
        if case .null = a { return .null }
        if case .null = b { return .null }
        // `+` joins two texts ("12" + "3" is "123"), and text with anything that is not a number;
        // a number plus text that reads as a number adds (a count column of an uncatalogued CSV).
        if op == .add {
            switch (a, b) {
            case (.string, .string): return .string(a.text + b.text)
            case (.string, _), (_, .string):
                if Compare.number(a) == nil || Compare.number(b) == nil || a.typeCode == b.typeCode {
                    return .string(a.text + b.text)
                }
            default: break
            }
        }
        if let t = try timeArithmetic(op, a, b, range) { return t }
        guard let x = Compare.number(a), let y = Compare.number(b) else {
            throw Diagnostic("eval.type", .error, "'\(op.rawValue)' needs numbers, got \(a.typeName) and \(b.typeName)",
                             range: range, sourceName: sourceName)
        }
        if let i = Function.integer(a), let j = Function.integer(b), op != .div {
            let (r, overflow): (Int64, Bool)
            switch op {
            case .add: (r, overflow) = i.addingReportingOverflow(j)
            case .sub: (r, overflow) = i.subtractingReportingOverflow(j)
            default: (r, overflow) = i.multipliedReportingOverflow(by: j)
            }
            if !overflow { return .int(r) }
        }
        switch op {
        case .add: return .double(x + y)
        case .sub: return .double(x - y)
        case .mul: return .double(x * y)
        default:
            guard y != 0 else {
                throw Diagnostic("eval.division-by-zero", .error, "division by zero", range: range, sourceName: sourceName)
            }
            return .double(x / y)
        }
    }

    /// Dates and durations: date ± duration is a date, date − date a duration, durations add,
    /// subtract, and multiply or divide by a number. Text on the other side of a date or a
    /// duration is read as a date or a duration (`now() - "2024-01-01"`). Nil when neither
    /// operand is a date or a duration.
    private func timeArithmetic(_ op: BinaryOp, _ a: Value, _ b: Value, _ range: Range<Int>) throws(Diagnostic) -> Value? {
        func time(_ v: Value, _ other: Value) -> Value {
            guard case .string(let s) = v else { return v }
            let t = s.trimmingCharacters(in: .whitespaces)
            if let d = Value.parseDuration(t) { return .duration(d) }
            if case .date = other, op == .sub, let d = DateParsing.parse(t) { return .date(d) }
            return v
        }
        switch (a, b) {
        case (.date, _), (_, .date), (.duration, _), (_, .duration): break
        default: return nil
        }
        let x = time(a, b), y = time(b, a)
        func fail(_ why: String) -> Diagnostic {
            Diagnostic("eval.type", .error, why, range: range, sourceName: sourceName,
                       notes: ["date ± duration is a date, date − date a duration; durations are written 30d, 12h, 15m, 10s"])
        }
        func checked(_ r: (Int64, Bool)) throws(Diagnostic) -> Int64 {
            if r.1 { throw fail("the result of '\(op.rawValue)' is out of range") }
            return r.0
        }
        switch (x, y, op) {
        case (.date(let d), .duration(let t), .add), (.duration(let t), .date(let d), .add):
            return .date(DirDate(ticks: try checked(d.ticks.addingReportingOverflow(t)), offsetMinutes: d.offsetMinutes))
        case (.date(let d), .duration(let t), .sub):
            return .date(DirDate(ticks: try checked(d.ticks.subtractingReportingOverflow(t)), offsetMinutes: d.offsetMinutes))
        case (.date(let d), .date(let e), .sub):
            return .duration(try checked(d.ticks.subtractingReportingOverflow(e.ticks)))
        case (.duration(let t), .duration(let u), .add): return .duration(try checked(t.addingReportingOverflow(u)))
        case (.duration(let t), .duration(let u), .sub): return .duration(try checked(t.subtractingReportingOverflow(u)))
        case (.duration(let t), _, .mul), (_, .duration(let t), .mul):
            guard let n = Compare.number(op == .mul && x.typeCode == 10 ? y : x) else { break }
            let r = Double(t) * n
            guard abs(r) < 9e18 else { throw fail("the result of '*' is out of range") }
            return .duration(Int64(r.rounded()))
        case (.duration(let t), _, .div):
            if case .duration(let u) = y {
                guard u != 0 else { throw Diagnostic("eval.division-by-zero", .error, "division by zero", range: range, sourceName: sourceName) }
                return .double(Double(t) / Double(u))
            }
            guard let n = Compare.number(y) else { break }
            guard n != 0 else { throw Diagnostic("eval.division-by-zero", .error, "division by zero", range: range, sourceName: sourceName) }
            return .duration(Int64((Double(t) / n).rounded()))
        default: break
        }
        throw fail("cannot \(op == .add ? "add" : op == .sub ? "subtract" : op == .mul ? "multiply" : "divide") \(x.typeName) '\(x.text)' and \(y.typeName) '\(y.text)'")
    }

    private func textTest(_ op: TextOp, _ v: Value, _ pattern: String, _ regex: NSRegularExpression?,
                          _ range: Range<Int>) throws(Diagnostic) -> Bool {
        let s: String
        switch v {
        case .null: return false
        case .string(let t): s = t
        default: s = v.text
        }
        // ASCII texts on their bytes, anything else the Unicode way (`ASCIIText`).
        switch op {
        case .contains: return ASCIIText.test(.contains, s, pattern) ?? (s.range(of: pattern, options: [.caseInsensitive]) != nil)
        case .startsWith: return ASCIIText.test(.prefix, s, pattern) ?? s.caseFolded.hasPrefix(pattern.caseFolded)
        case .endsWith: return ASCIIText.test(.suffix, s, pattern) ?? s.caseFolded.hasSuffix(pattern.caseFolded)
        case .like: return TextMatching.like(s, pattern)
        case .matches:
            guard let re = regex ?? TextMatching.regex(pattern) else { return false }
            do {
                return try TextMatching.firstMatch(re, in: s) != nil
            } catch {
                throw TextMatching.budgetError(pattern, range: range, sourceName: sourceName)
            }
        }
    }

    /// `.type`, `.address`, `.primary` of proxy addresses; a field of a record. Applies to each
    /// value of a list.
    private func memberAccess(_ v: Value, _ field: String, _ range: Range<Int>) throws(Diagnostic) -> Value {
        switch v {
        case .null: return .null
        case .list(let l):
            var out: [Value] = []
            for x in l { out.append(try memberAccess(x, field, range)) }
            return .list(out)
        case .record(let r):
            if let v = r[field] { return v }
            for real in AttributeCatalog.aliases[field.lowercased()] ?? [] { if let v = r[real] { return v } }
            return .null
        case .string(let s):
            let f = field.caseFolded
            guard f == "type" || f == "address" || f == "primary" else {
                throw Diagnostic("eval.member", .error, "text has no field '\(field)'", range: range, sourceName: sourceName,
                                 notes: ["proxy addresses have .type, .address and .primary"])
            }
            // Only the part asked for is made (an address is usually a heap string; a prefix is not).
            switch f {
            case "type": return ProxyAddress.type(of: s).map { .string($0) } ?? .null
            case "address": return .string(ProxyAddress.address(of: s) ?? s)
            default: return .bool(ProxyAddress.type(of: s) == "SMTP")
            }
        default:
            throw Diagnostic("eval.member", .error, "a \(v.typeName) value has no field '\(field)'", range: range,
                             sourceName: sourceName)
        }
    }
}
