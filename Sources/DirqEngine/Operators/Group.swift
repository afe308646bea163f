import DirqModel
import DirqSyntax

/// `group by k, … [having cond]`: one row per distinct key (compared as the directory compares:
/// case-insensitive), with the key columns, `count`, and — when the rows are objects — `members`,
/// the identities of the objects in the group. Groups come sorted by key. Rows whose key is empty
/// are left out and counted in a note: a missing UPN is not a duplicate UPN.
///
/// A hash group on key numbers: when the one key is an attribute (or `anchor`) of the rows'
/// objects, the snapshot's `KeyColumnCache` has numbered its keys once, and a row costs an array
/// read; otherwise each row's key is evaluated, folded and hashed.
package struct Group: PlanOperator {
    package let range: Range<Int>
    package let input: Shape
    package let keys: [BoundExpr]
    package let keyNames: [String]
    package let having: Having?
    /// The groups carry `members` (the rows are objects, or carry an identity).
    package let withMembers: Bool
    /// The key column of the one key, when it is an attribute of the rows' objects.
    package let keyColumn: KeyColumnSource?
    package let output: Shape
    /// Only the number of groups is read (a `count` follows): when `having` decides on the
    /// counts alone, no group row is built — no key read, no member listed, nothing sorted.
    package var onlyCounted = false

    package var summary: String {
        let how = keyColumn != nil ? "hash group on the snapshot's key column" : "hash group on evaluated keys"
        return "group by \(keyNames.joined(separator: ", ")): \(how)" + (having.map { ", " + $0.summary } ?? "")
            + (onlyCounted ? ", groups counted, not built" : "")
    }

    package func run(_ rel: Relation, _ x: Execution) throws(Diagnostic) -> Relation {
        try run(rows: rel, expanded: nil, notes: rel.notes, x)
    }

    /// Groups the rows of a fused `expand` (see `ExpandGroup`). `keys`, when given, holds the
    /// number of each row's key (-1: empty) out of `keyCount`, computed before (`ElementKeys`).
    package func run(_ expanded: ExpandedRows, keys numbered: (keys: [Int32], keyCount: Int)? = nil, notes: [String],
             _ x: Execution) throws(Diagnostic) -> Relation {
        try run(rows: Relation(shape: input, rows: []), expanded: expanded, numbered: numbered, notes: notes, x)
    }

    private func run(rows rel: Relation, expanded: ExpandedRows?, numbered: (keys: [Int32], keyCount: Int)? = nil,
                     notes: [String], _ x: Execution) throws(Diagnostic) -> Relation {
        let ev = x.evaluator
        var skipped = 0
        // Pass 1: the group of every row, and per group its size and first row. Nothing is
        // built per group yet: `having count > 1` usually drops most of them.
        let rowCount = expanded?.count ?? rel.rows.count
        var scratch = Row(object: -1, values: [], members: nil)
        // The group of each row (-1: no key), made by the branch that numbers the keys.
        var groupOfRow: [Int32] = []
        // Per group: how many rows, and the first (32-bit: at a million objects a group per
        // address makes these arrays millions long, read and written on every run).
        var counts: [Int32] = []
        var firstRow: [Int32] = []
        /// Row `i` joins the group of key `k`, which is numbered when first seen.
        func place<K: Hashable>(_ k: K, row i: Int, in number: inout [K: Int32]) {
            if let g = number[k] {
                groupOfRow[i] = g
                counts[Int(g)] += 1
            } else {
                number[k] = Int32(counts.count)
                groupOfRow[i] = Int32(counts.count)
                counts.append(1)
                firstRow.append(Int32(i))
            }
        }
        var numbered = numbered
        var fromKeyColumn = false
        if numbered == nil, expanded == nil, let keyColumn, let snap = input.snapshot, rel.rows.first?.object ?? 0 >= 0,
           case let column = snap.keyColumns.column(keyColumn, of: snap),
           let codes = Self.keyCodes(of: rel.rows, column.codes) {
            // Objects grouped by an attribute: its keys are numbered once per snapshot, so a row
            // costs an array lookup, not a case fold and a hash.
            numbered = (codes, column.keyCount)
            fromKeyColumn = true
        }
        if let numbered {
            // Keys numbered already (a key column, or `ElementKeys`): a row costs an array lookup.
            // Keys numbered in the order these rows first meet them (as a key column or
            // `ElementKeys` numbers them when the rows are a snapshot's objects in order) are the
            // group numbers themselves, and the keys are `groupOfRow` as they are; the table from
            // key to group is made only when a key comes out of that order, and renumbers the keys
            // from there on. At a million objects the table was 16 MB to clear and read at random,
            // and `groupOfRow` 4 MB more to write, on every run.
            groupOfRow = numbered.keys
            // Rows counted on buffers sized for every key, while the keys come in order.
            counts = [Int32](repeating: 0, count: numbered.keyCount)
            firstRow = [Int32](repeating: 0, count: numbered.keyCount)
            var groupCount = 0
            var i = 0
            while i < rowCount {
                try x.checkCancelled(range)
                let end = min(rowCount, i + (1 << 16))
                i = groupOfRow.withUnsafeBufferPointer { keys in
                    counts.withUnsafeMutableBufferPointer { counts in
                        firstRow.withUnsafeMutableBufferPointer { firstRow in
                            for j in i..<end {
                                let code = Int(keys[j])
                                if code < 0 {
                                    skipped += 1
                                } else if code < groupCount {
                                    counts[code] &+= 1
                                } else if code == groupCount {
                                    counts[code] = 1
                                    firstRow[code] = Int32(truncatingIfNeeded: j)
                                    groupCount += 1
                                } else {
                                    return j
                                }
                            }
                            return end
                        }
                    }
                }
                if i < end { break }
            }
            counts.removeSubrange(groupCount...)
            firstRow.removeSubrange(groupCount...)
            if i < rowCount {
                // A key out of order: groups numbered through a table from here on.
                var slot = [Int32](repeating: -1, count: numbered.keyCount)
                for g in counts.indices { slot[g] = Int32(g) }
                for i in i..<rowCount {
                    try x.checkCancelled(range, row: i)
                    let code = Int(groupOfRow[i])
                    if code < 0 {
                        skipped += 1
                    } else if slot[code] >= 0 {
                        groupOfRow[i] = slot[code]
                        counts[Int(slot[code])] += 1
                    } else {
                        slot[code] = Int32(counts.count)
                        groupOfRow[i] = slot[code]
                        counts.append(1)
                        firstRow.append(Int32(i))
                    }
                }
            }
        } else if keys.count == 1 {
            groupOfRow = [Int32](repeating: -1, count: rowCount)
            // One key (the usual case): no array per row. A text key (or a one-text list, which
            // keys as its text) is found by its folded bytes, any other by its `GroupKey`; the
            // two never share a group, as a text's `GroupKey` equals no other kind's.
            // Each table is sized, when its first key comes, for every row left a group of its own
            // (the common case of duplicate hunting: most keys are distinct), so it is not grown
            // ~20 times on the way to a million.
            var number: [GroupKey: Int32] = [:]
            var texts = FoldedTextTable(capacity: 0)
            var groupOfText: [Int32] = []
            let reads = ExpandedRows.Reads(keys[0], in: input)
            for i in 0..<rowCount {
                try x.checkCancelled(range, row: i)
                let v: Value
                if let expanded {
                    v = try expanded.eval(keys[0], reads: reads, i, &scratch, input, ev)
                } else {
                    v = try ev.eval(keys[0], rel.rows[i], input)
                }
                if v.isEmpty {
                    skipped += 1
                    continue
                }
                var one = v
                while case .list(let l) = one, l.count == 1 { one = l[0] }
                guard case .string(var t) = one else {
                    if number.isEmpty { number.reserveCapacity(rowCount - i) }
                    place(GroupKey(v), row: i, in: &number)
                    continue
                }
                if groupOfText.isEmpty { texts = FoldedTextTable(capacity: rowCount - i) }
                let n = Int(t.withUTF8 { texts.number(of: $0) })
                if n < groupOfText.count {
                    let g = groupOfText[n]
                    groupOfRow[i] = g
                    counts[Int(g)] += 1
                } else {
                    groupOfText.append(Int32(counts.count))
                    groupOfRow[i] = Int32(counts.count)
                    counts.append(1)
                    firstRow.append(Int32(i))
                }
            }
        } else {
            groupOfRow = [Int32](repeating: -1, count: rowCount)
            var number: [[GroupKey]: Int32] = [:]
            number.reserveCapacity(rowCount)
            for i in 0..<rowCount {
                try x.checkCancelled(range, row: i)
                let values: [Value]
                if let expanded {
                    expanded.fill(&scratch, i)
                    values = try ev.evalAll(keys, scratch, input)
                } else {
                    values = try ev.evalAll(keys, rel.rows[i], input)
                }
                if values.allSatisfy(\.isEmpty) {
                    skipped += 1
                    continue
                }
                place(values.map(GroupKey.init), row: i, in: &number)
            }
        }
        // `having` that reads only the count runs on the counts.
        var pending = having
        var keep = [Bool](repeating: true, count: counts.count)
        if let h = having, h.readsOnlyCount {
            keep = try h.keep(counts: counts, x)
            pending = nil
        } else if let h = having, case let parts = h.countConjuncts, !parts.isEmpty {
            // `having count > 1 and …`: groups the count part rejects are never built; the whole
            // condition still runs on the others.
            keep = try h.keep(counts: counts, conditions: parts, x)
        }
        if let h = pending, let (condition, memberExprs) = h.overMemberColumns {
            keep = try keepOnMembers(condition, memberExprs, h, keep: keep, counts: counts, firstRow: firstRow,
                                     groupOfRow: groupOfRow, rel, expanded, x)
            pending = nil
        }
        if onlyCounted && pending == nil {
            // Rows that only `count` reads: how many there are.
            let kept = keep.reduce(0) { $0 + ($1 ? 1 : 0) }
            var out = Relation(shape: output, rows: [Row](repeating: Row(object: -1, values: []), count: kept), notes: notes)
            if skipped > 0 { out.notes.append(skippedNote(skipped)) }
            return out
        }
        // Pass 2: the kept groups, keyed as their first row wrote the key (`Human Resources`, not
        // its folded form), with their rows.
        var groups: [(key: [Value], rows: [Row])] = []
        var keptIndex = [Int32](repeating: -1, count: counts.count)
        var firstRows: [Int] = []
        for g in counts.indices where keep[g] {
            keptIndex[g] = Int32(groups.count)
            var rows: [Row] = []
            rows.reserveCapacity(Int(counts[g]))
            groups.append(([], rows))
            firstRows.append(Int(firstRow[g]))
        }
        // Each kept group's key as its first row has it, and its rows: at a million rows those lie
        // far apart, so they are read for all the groups at once (`ObjectStore.values(of:_:)`,
        // `ExpandedRows.make(_:)`), not one after another.
        if fromKeyColumn, case .attribute(let id)? = keyColumn, let snap = input.snapshot {
            let values = snap.objects.values(of: firstRows.map { rel.rows[$0].object }, id)
            for (k, v) in values.enumerated() { groups[k].key = [Self.keyValue(v ?? .null)] }
        } else {
            let firsts = expanded?.make(firstRows) ?? firstRows.map { rel.rows[$0] }
            for (k, first) in firsts.enumerated() {
                groups[k].key = try ev.evalAll(keys, first, input).map(Self.keyValue)
            }
        }
        var keptRows: [Int] = [], keptGroups: [Int32] = []
        groupOfRow.withUnsafeBufferPointer { groupOfRow in
            keptIndex.withUnsafeBufferPointer { keptIndex in
                for i in groupOfRow.indices {
                    let g = groupOfRow[i]
                    guard g >= 0, keptIndex[Int(g)] >= 0 else { continue }
                    keptRows.append(i)
                    keptGroups.append(keptIndex[Int(g)])
                }
            }
        }
        let made = expanded?.make(keptRows) ?? keptRows.map { rel.rows[$0] }
        for (n, k) in keptGroups.enumerated() { groups[Int(k)].rows.append(made[n]) }
        var rows: [Row] = []
        rows.reserveCapacity(groups.count)
        for g in groups {
            var values = g.key + [.int(Int64(g.rows.count))]
            if withMembers { values.append(.null) }  // filled below, for the groups that are kept
            rows.append(Row(object: -1, values: values, members: g.rows))
        }
        groups = []
        var out = Relation(shape: output, rows: rows, notes: notes)
        if skipped > 0 { out.notes.append(skippedNote(skipped)) }
        // `members` lists the identities of a group's objects: costly for many groups, and
        // `having count > 1` usually keeps few. Fill it after `having` unless `having` reads it.
        let membersColumn = output.fields.count - 1
        let membersFirst = withMembers && (pending?.readsMembers ?? false)
        if membersFirst { fillMembers(&out.rows, column: membersColumn) }
        if let pending { out.rows = try pending.filter(out.rows, x) }
        if withMembers && !membersFirst { fillMembers(&out.rows, column: membersColumn) }
        out.rows = sortedByKey(out.rows)
        return out
    }

    private func skippedNote(_ skipped: Int) -> String {
        "group by: \(skipped) row\(skipped == 1 ? "" : "s") without a value for \(keyNames.joined(separator: ", ")) left out"
    }

    /// The key number of each row's object in a key column's `codes`, read in the same pass that
    /// checks every row is an object (`Relation.rowsAreObjects`); nil when one is not.
    private static func keyCodes(of rows: [Row], _ codes: [Int32]) -> [Int32]? {
        var out = [Int32](repeating: -1, count: rows.count)
        let complete = out.withUnsafeMutableBufferPointer { out in
            codes.withUnsafeBufferPointer { codes in
                rows.withUnsafeBufferPointer { rows in
                    for i in rows.indices {
                        let o = rows[i].object
                        guard o >= 0 && o < codes.count else { return false }
                        out[i] = codes[o]
                    }
                    return true
                }
            }
        }
        return complete ? out : nil
    }

    /// A group's key as its row shows it: a one-value list is its value.
    private static func keyValue(_ v: Value) -> Value {
        if case .list(let l) = v, l.count == 1 { return l[0] }
        return v
    }

    /// Which groups `having` keeps, its condition run on each (so far kept) group's member
    /// indexes (see `Having.overMemberColumns`): the members' values are read from their rows,
    /// and no group or member row is built for a group it drops.
    private func keepOnMembers(_ condition: BoundExpr, _ memberExprs: [Having.MemberColumn], _ h: Having, keep: [Bool],
                               counts: [Int32], firstRow: [Int32], groupOfRow: [Int32], _ rel: Relation,
                               _ expanded: ExpandedRows?, _ x: Execution) throws(Diagnostic) -> [Bool] {
        let ev = x.evaluator
        // The rows of each group, in row order (as its members would be): a counting sort.
        var start = [Int](repeating: 0, count: counts.count + 1)
        for g in counts.indices { start[g + 1] = start[g] + (keep[g] ? Int(counts[g]) : 0) }
        var next = start
        var members = [Int32](repeating: 0, count: start[counts.count])
        for (i, g) in groupOfRow.enumerated() where g >= 0 && keep[Int(g)] {
            members[next[Int(g)]] = Int32(i)
            next[Int(g)] += 1
        }
        let readsKeys = keys.indices.contains { condition.usesField($0) }
        let exprs = memberExprs.map { c -> BoundExpr in
            switch c {
            case .values(let e), .distinctCount(let e): return e
            }
        }
        let reads = exprs.map { ExpandedRows.Reads($0, in: input) }
        var values: [Value] = []
        var group = Row(object: -1, values: [Value](repeating: .null, count: h.shape.fields.count + memberExprs.count),
                        members: nil)
        var scratch = Row(object: -1, values: [], members: nil)
        var seen = Set<Int>()
        var out = keep
        for g in counts.indices where keep[g] {
            try x.checkCancelled(range, row: g)
            group.values[h.countColumn] = .int(Int64(counts[g]))
            if readsKeys {
                let key = try ev.evalAll(keys, expanded?.make(Int(firstRow[g])) ?? rel.rows[Int(firstRow[g])], input)
                for (k, v) in key.enumerated() { group.values[k] = Self.keyValue(v) }
            }
            for (k, e) in exprs.enumerated() {
                values.removeAll(keepingCapacity: true)
                if case .distinctCount = memberExprs[k], case .column(let c) = e, let rowKey = input.columns[c].rowKey {
                    // One value per row key: rows with one key hold one value.
                    seen.removeAll(keepingCapacity: true)
                    for m in members[start[g]..<start[g + 1]] {
                        let object = expanded.map { $0.input.rows[Int($0.row[Int(m)])].object } ?? rel.rows[Int(m)].object
                        guard object >= 0, seen.insert(rowKey(object)).inserted else { continue }
                        values.append(contentsOf: input.columns[c].value(object).elements)
                    }
                    group.values[h.shape.fields.count + k] = .int(Int64(Function.distinctCount(values)))
                    continue
                }
                for m in members[start[g]..<start[g + 1]] {
                    let v: Value
                    if let expanded {
                        v = try expanded.eval(e, reads: reads[k], Int(m), &scratch, input, ev)
                    } else {
                        v = try ev.eval(e, rel.rows[Int(m)], input)
                    }
                    values.append(contentsOf: v.elements)
                }
                switch memberExprs[k] {
                case .values: group.values[h.shape.fields.count + k] = .list(values)
                case .distinctCount: group.values[h.shape.fields.count + k] = .int(Int64(Function.distinctCount(values)))
                }
            }
            out[g] = ev.truthy(try ev.eval(condition, group, h.shape))
        }
        return out
    }

    /// The groups in the order of their keys, in the directory's order: strings by their folded
    /// form, folded once per group rather than per comparison.
    private func sortedByKey(_ rows: [Row]) -> [Row] {
        let n = keys.count
        let folded: [[Value]] = rows.map { r in
            (0..<n).map { k in
                if case .string(let s) = r.values[k] { return .string(s.caseFolded) }
                return r.values[k]
            }
        }
        let order = rows.indices.sorted { i, j in
            for k in 0..<n {
                let x = folded[i][k], y = folded[j][k]
                if case .string(let s) = x, case .string(let t) = y {
                    if s != t { return s < t }
                    continue
                }
                let o = Compare.sortOrder(x, y)
                if o != 0 { return o < 0 }
            }
            return false
        }
        return order.map { rows[$0] }
    }

    /// Sets column `column` of each group row to the distinct identities of its members. The
    /// identities of members that are objects are read for all of them at once
    /// (`Snapshot.identities(at:)`).
    private func fillMembers(_ rows: inout [Row], column: Int) {
        var named: IndexingIterator<[String]>?
        if let snap = input.snapshot {
            var objects: [Int] = []
            for r in rows { for m in r.members ?? [] where m.object >= 0 { objects.append(m.object) } }
            named = snap.identities(at: objects).makeIterator()
        }
        for i in rows.indices {
            var ids: [Value] = []
            let members = rows[i].members ?? []
            var seen = Set<String>()
            for m in members {
                let id = m.object >= 0 ? named?.next() ?? Self.identity(m, input) : Self.identity(m, input)
                // A few members are compared with each other; many go through a set.
                if members.count <= 8 {
                    if ids.contains(where: { if case .string(let s) = $0 { s == id } else { false } }) { continue }
                } else if !seen.insert(id).inserted {
                    continue
                }
                ids.append(.string(id))
            }
            rows[i].values[column] = .list(ids)
        }
    }

    /// What names a member row in `members`: its object's identity, else its `identity` or
    /// `object` column, else its members' (a group of groups), else its values.
    package static func identity(_ r: Row, _ shape: Shape) -> String {
        if r.object >= 0, let snap = shape.snapshot { return snap.identity(at: r.object) }
        for name in ["identity", "object"] {
            if let v = shape.value(named: name, of: r) { return v.text }
        }
        if let ms = r.members, let inner = shape.members {
            return ms.map { identity($0, inner) }.joined(separator: ", ")
        }
        return r.values.map(\.text).joined(separator: " ")
    }

    /// Whether groups of rows of `shape` carry `members`.
    package static func hasMembers(_ shape: Shape) -> Bool {
        shape.hasObject || shape.members != nil || shape.hasColumn("object") || shape.hasColumn("identity")
    }
}
