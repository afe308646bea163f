import DirqModel
import DirqSyntax

/// `expand ATTRIBUTE as p where … group by …` whose `where`s and key read only `p`: what each
/// element of the attribute passes and keys to does not depend on the query's other rows, so it
/// is computed once per stored value of the attribute's column and kept with the snapshot
/// (`ElementKeys`, under the text of the computation). The first run costs what the clauses one
/// by one cost; asking again (the prompt, `check all` after a duplicate-address check) groups
/// integers. The same groups, rows, notes and first rows as the general path.
extension ExpandGroup {
    package func runOnElementKeys(_ rel: Relation, _ x: Execution) throws(Diagnostic) -> Relation? {
        guard let (id, description) = elementKeysDescription(), let snap = expand.input.snapshot,
              rel.rowsAreObjects else { return nil }
        let column = snap.objects.column(id) ?? ObjectStore.Column()
        let keys = try snap.keyColumns.elementKeys(description) { () throws(Diagnostic) -> ElementKeys in
            try elementKeys(of: column, x)
        }
        var expanded = ExpandedRows(input: rel)
        // How many elements pass, first, so that the three arrays are filled in place.
        var total = 0
        for r in rel.rows {
            let code = r.object < column.codes.count ? Int(column.codes[r.object]) : 0
            if code > 0 { total += Int(keys.start[code] - keys.start[code - 1]) }
        }
        var numbers = [Int32](repeating: 0, count: total)
        var element = [UInt32](repeating: 0, count: total)
        expanded.row = [Int32](repeating: 0, count: total)
        var dropped = 0
        var n = 0
        try numbers.withUnsafeMutableBufferPointer { numbers throws(Diagnostic) in
            try element.withUnsafeMutableBufferPointer { element throws(Diagnostic) in
                try expanded.row.withUnsafeMutableBufferPointer { row throws(Diagnostic) in
                    for (i, r) in rel.rows.enumerated() {
                        try x.checkCancelled(range, row: i)
                        let code = r.object < column.codes.count ? Int(column.codes[r.object]) : 0
                        guard code > 0, keys.hasElements[code - 1] else {
                            dropped += 1
                            continue
                        }
                        for t in Int(keys.start[code - 1])..<Int(keys.start[code]) {
                            row[n] = Int32(i)
                            element[n] = keys.element[t]
                            numbers[n] = keys.key[t]
                            n += 1
                        }
                    }
                }
            }
        }
        expanded.elements = (.attribute(column), element)
        var notes = rel.notes
        if let note = Expand.note(dropped: dropped, name: expand.name) { notes.append(note) }
        return try group.run(expanded, keys: (numbers, keys.keyCount), notes: notes, x)
    }

    /// The attribute expanded and the text that names what its elements pass and key to, when the
    /// `where`s and the one key read nothing but the expanded value and give the same answer
    /// every time (no `now()`, no subquery).
    private func elementKeysDescription() -> (Schema.ID, String)? {
        guard case .attribute(let id) = expand.value, expand.input.hasObject, group.keys.count == 1 else { return nil }
        let slot = expand.output.fields.count - 1
        var text = "expand #\(id)"
        for f in filters {
            guard f.readsOnly(field: slot), let t = f.stableText else { return nil }
            text += " where " + t
        }
        guard group.keys[0].readsOnly(field: slot), let k = group.keys[0].stableText else { return nil }
        return (id, text + " group by " + k)
    }

    /// Which elements of each stored value of `column` pass the `where`s, and their keys.
    private func elementKeys(of column: ObjectStore.Column, _ x: Execution) throws(Diagnostic) -> ElementKeys {
        let shape = expand.output, slot = shape.fields.count - 1
        if let kernel = TextElementKernel(filters: filters, key: group.keys[0], slot: slot),
           let keys = try elementKeys(of: column, kernel, x) {
            return keys
        }
        var keys = ElementKeys()
        var number: [GroupKey: Int32] = [:]
        var scratch = Row(object: -1, values: [Value](repeating: .null, count: slot + 1), members: nil)
        // After a sixteenth of the values, the table is sized for all of them (with a tenth to
        // spare): growing it from empty to two million addresses rehashed it twenty times, a
        // quarter of a cold duplicate-address question.
        let sample = column.values.count / 16
        for e in 0..<column.values.count {
            try x.checkCancelled(range, row: e)
            if e == sample && sample >= 1024 {
                number.reserveCapacity(number.count * 16 + number.count * 16 / 10)
                keys.start.reserveCapacity(column.values.count + 1)
                keys.hasElements.reserveCapacity(column.values.count)
                keys.element.reserveCapacity(keys.element.count * 16 + keys.element.count * 16 / 10)
                keys.key.reserveCapacity(keys.element.capacity)
            }
            let els = column.values[e].elements
            keys.hasElements.append(!els.isEmpty)
            for (j, v) in els.enumerated() {
                scratch.values[slot] = v
                var kept = true
                for f in filters where !x.evaluator.truthy(try x.evaluator.eval(f, scratch, shape)) {
                    kept = false
                    break
                }
                guard kept else { continue }
                let k = try x.evaluator.eval(group.keys[0], scratch, shape)
                var n: Int32 = -1
                if !k.isEmpty {
                    let key = GroupKey(k)
                    if let m = number[key] {
                        n = m
                    } else {
                        n = Int32(number.count)
                        number[key] = n
                    }
                }
                keys.element.append(UInt32(j))
                keys.key.append(n)
            }
            keys.start.append(Int32(keys.element.count))
        }
        keys.keyCount = number.count
        return keys
    }
}

extension ExpandGroup {
    /// `expand COLUMN as v group by v` over a computed column that numbers its elements itself
    /// (`ComputedColumn.elementKeys`: `identities`' `upn` and `smtp`): each element is keyed from
    /// the snapshot's bytes, and only the kept groups' values are made. The same groups, rows and
    /// notes as the general path.
    package func runOnComputedKeys(_ rel: Relation, _ x: Execution) throws(Diagnostic) -> Relation? {
        guard let column = computedKeyColumn, let elementKeys = column.elementKeys else { return nil }
        var expanded = ExpandedRows(input: rel)
        var table = FoldedTextTable(capacity: rel.rows.count)
        var numbers: [Int32] = [], element: [UInt32] = []
        numbers.reserveCapacity(rel.rows.count)
        element.reserveCapacity(rel.rows.count)
        expanded.row.reserveCapacity(rel.rows.count)
        var dropped = 0
        // The sink numbers the elements of a batch of rows at a time.
        var sink = ElementKeySink()
        for (i, r) in rel.rows.enumerated() {
            try x.checkCancelled(range, row: i)
            sink.begin(row: i)
            if r.object >= 0 { elementKeys(r.object, &sink) }
            if sink.isFull {
                sink.number(in: &table, rows: &expanded.row, elements: &element, keys: &numbers, empty: &dropped)
            }
        }
        sink.number(in: &table, rows: &expanded.row, elements: &element, keys: &numbers, empty: &dropped)
        expanded.elements = (.computed(column), element)
        var notes = rel.notes
        if let note = Expand.note(dropped: dropped, name: expand.name) { notes.append(note) }
        return try group.run(expanded, keys: (numbers, table.count), notes: notes, x)
    }

    /// The computed column `runOnComputedKeys` keys by its elements: the expanded one, when it
    /// numbers its elements, nothing filters them, and the one key is the expanded value itself.
    package var computedKeyColumn: ComputedColumn? {
        let slot = expand.output.fields.count - 1
        guard filters.isEmpty, group.keys.count == 1, case .field(slot) = group.keys[0],
              case .column(let k) = expand.value, k < expand.input.columns.count,
              expand.input.columns[k].elementKeys != nil else { return nil }
        return expand.input.columns[k]
    }

    /// `elementKeys(of:_:)` on the bytes of a text column's elements (see `TextElementKernel`);
    /// nil when the column holds other values than text.
    ///
    /// A column of more than `ElementScan.parallelMinimum` values is scanned on two threads: this
    /// one scans and numbers the first half as it goes while another scans the second half,
    /// folding and hashing its keys (`ElementScan`); this thread then numbers those, in order,
    /// so the numbers are those of one scan.
    private func elementKeys(of column: ObjectStore.Column, _ kernel: TextElementKernel,
                             _ x: Execution) throws(Diagnostic) -> ElementKeys? {
        let values = column.values
        let split = values.count >= ElementScan.parallelMinimum && ParallelParts.cores >= 2 ? values.count / 2 : values.count
        var keys = ElementKeys()
        var table = FoldedTextTable(capacity: values.count)
        var scratch: [UInt8] = []
        // Keys are numbered a batch at a time (`FoldedBatch`): the batch's text `k` is the key of
        // element `waiting[k]`.
        var batch = FoldedBatch(), waiting: [Int] = [], found: [Int32] = []
        keys.start.reserveCapacity(values.count + 1)
        keys.hasElements.reserveCapacity(values.count)
        var outcome: Result<Bool, Diagnostic> = .success(true)
        let cancellation = x.cancellation
        let (_, others) = ParallelParts.run(split < values.count ? 2 : 1, first: {
            outcome = Result { () throws(Diagnostic) -> Bool in
                for e in 0..<split {
                    try x.checkCancelled(range, row: e)
                    // After a sixteenth of this thread's values, room for the elements of all
                    // of them at the same rate (with a tenth to spare).
                    if e == split / 16 && e >= 1024 {
                        let all = keys.element.count * values.count / e
                        keys.element.reserveCapacity(all + all / 10)
                        keys.key.reserveCapacity(all + all / 10)
                    }
                    let isText = keys.scan(values, e, kernel, &scratch) { text, at in
                        batch.append(text)
                        waiting.append(at)
                    }
                    guard isText else { return false }
                    if batch.count >= FoldedBatch.size {
                        batch.number(in: &table, storingAt: &waiting, of: &keys.key, scratch: &found)
                    }
                }
                batch.number(in: &table, storingAt: &waiting, of: &keys.key, scratch: &found)
                return true
            }
        }, other: { _ in ElementScan(values, split..<values.count, kernel, cancellation) })
        guard try outcome.get() else { return nil }
        if split < values.count {
            try x.checkCancelled(range, row: 0)
            guard case .success(let scanned) = others.take(1), let scan = scanned else { return nil }
            scan.append(to: &keys, numberingIn: &table)
        }
        keys.keyCount = table.count
        return keys
    }
}

extension ElementKeys {
    /// Appends the elements of value `e` of `values` that pass `kernel`, their keys -1 until
    /// numbered, and gives `key` the non-empty key text of each with the index in `self.key` its
    /// number goes to; false when the column holds other values than text.
    fileprivate mutating func scan(_ values: ColumnValues, _ e: Int, _ kernel: TextElementKernel, _ scratch: inout [UInt8],
                                   key found: (UnsafeBufferPointer<UInt8>, Int) -> Void) -> Bool {
        var j: UInt32 = 0
        let isText = values.withStrings(e) { element in
            defer { j += 1 }
            guard kernel.passes(element, &scratch) else { return }
            if let k = TextElementKernel.slice(kernel.key, of: element), !k.isEmpty { found(k, key.count) }
            self.element.append(j)
            key.append(-1)
        }
        guard isText else { return false }
        hasElements.append(j > 0)
        start.append(Int32(element.count))
        return true
    }
}

/// What `elementKeys(of:_:)` gathers from the values of a range of a text column on a thread of
/// its own: for each value, where its kept elements end, and for each kept element its position
/// in the value and its key, folded and hashed to be numbered in order afterwards.
private struct ElementScan: Sendable {
    /// Below this many values a column is scanned on one thread.
    static let parallelMinimum = 1 << 16

    var keys = ElementKeys()
    /// The keys to number, and for each the index in `keys.key` its number goes to.
    var texts = FoldedBatch()
    var targets: [Int] = []

    /// The scan of `range` of `values`; nil when a value is not text, or when the question was
    /// cancelled (the caller then stops with the cancellation itself).
    init?(_ values: ColumnValues, _ range: Range<Int>, _ kernel: TextElementKernel, _ cancellation: Cancellation?) {
        var keys = ElementKeys(), texts = FoldedBatch(), targets: [Int] = []
        keys.start = []
        keys.start.reserveCapacity(range.count)
        keys.hasElements.reserveCapacity(range.count)
        var scratch: [UInt8] = []
        for e in range {
            if e & 4095 == 0, cancellation?.isCancelled == true { return nil }
            let isText = keys.scan(values, e, kernel, &scratch) { text, at in
                texts.append(text)
                targets.append(at)
            }
            guard isText else { return nil }
        }
        (self.keys, self.texts, self.targets) = (keys, texts, targets)
    }

    /// Appends the scanned values' elements to `all` (the keys of the values before them),
    /// numbering their keys in `table` in order.
    func append(to all: inout ElementKeys, numberingIn table: inout FoldedTextTable) {
        let base = all.key.count
        var numbers: [Int32] = []
        numbers.reserveCapacity(texts.count)
        table.number(ofLarge: texts, into: &numbers)
        all.element += keys.element
        all.key += keys.key
        for (k, n) in numbers.enumerated() { all.key[base + targets[k]] = n }
        all.hasElements += keys.hasElements
        all.start += keys.start.map { $0 + Int32(base) }
    }
}

extension BoundExpr {
    /// The expression as text that names what it computes, literals and patterns included, or nil
    /// when its answer can change from one run to the next (`now()`, a subquery) or it reads more
    /// than its row (members, quantifiers).
    package var stableText: String? {
        func all(_ es: [BoundExpr]) -> String? {
            var parts: [String] = []
            for e in es {
                guard let t = e.stableText else { return nil }
                parts.append(t)
            }
            return parts.joined(separator: ", ")
        }
        switch self {
        case .literal(let v): return "literal(\(String(reflecting: v)))"
        case .field(let i): return "field(\(i))"
        case .attribute(let id): return "attribute(\(id))"
        case .identity: return "identity"
        case .kind: return "kind"
        case .anchor: return "anchor"
        case .side: return "side"
        case .snapshotName: return "snapshotName"
        // A computed column's meaning is its source's, which the text would not name.
        case .column, .members, .inQuery, .quantifier: return nil
        case .member(let b, let name, _): return b.stableText.map { "\($0).\(name.lowercased())" }
        case .call(let f, let args, _):
            guard f != .now, let a = all(args) else { return nil }
            return "\(f.rawValue)(\(a))"
        case .not(let b): return b.stableText.map { "not(\($0))" }
        case .negate(let b, _): return b.stableText.map { "-(\($0))" }
        case .and(let a, let b): return all([a, b]).map { "and(\($0))" }
        case .or(let a, let b): return all([a, b]).map { "or(\($0))" }
        case .compare(let op, let a, let b, _): return all([a, b]).map { "\(op.rawValue)(\($0))" }
        case .arithmetic(let op, let a, let b, _): return all([a, b]).map { "arith\(op.rawValue)(\($0))" }
        case .inList(let a, let list, let negated, _): return all([a] + list).map { "\(negated ? "notin" : "in")(\($0))" }
        case .text(let op, let a, let b, let negated, let regex, _):
            return all([a, b]).map { "\(negated ? "not " : "")\(op.rawValue)[\(regex?.pattern ?? "")](\($0))" }
        case .exists(let b): return b.stableText.map { "exists(\($0))" }
        case .isEmpty(let b, let negated): return b.stableText.map { "\(negated ? "isnotempty" : "isempty")(\($0))" }
        case .extract(let a, _, let pattern, let g, _):
            guard let t = all([a] + (g.map { [$0] } ?? [])) else { return nil }
            return "extract[\(pattern)](\(t))"
        }
    }
}
