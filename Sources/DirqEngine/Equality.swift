import DirqModel
import DirqSyntax

/// The one equality of `=`, `in (…)`, `x in (query)` and `join … on`: `Compare.equal` — strings
/// case-insensitively, typed values by value, and text meeting a typed value read as that type
/// (`Compare.coerce`: `"2024-01-15"` against a date, an ImmutableId against the anchor it
/// encodes, `S-1-5-…` against SID bytes). `where` tests it pair by pair; a join and `in (query)`
/// cannot (a million times a million), so they hash: `EqualityIndex` finds, for a probe, exactly
/// the stored values `Compare.equal` calls equal to it — hashing narrows, `Compare.equal` decides.
///
/// Grouping and `distinct` use `GroupKey` instead: sameness without reading text as another
/// type (a group of `"5"` and `5` would have no one key to print).
///
/// A probe folds its text in the index's own buffer: one thread at a time.
package final class EqualityIndex {
    /// The stored values and the row each came from.
    private var values: [Value] = []
    private var rows: [Int32] = []
    /// The first entry (index into `values`) of each group key: equal keys are the candidates of
    /// one type. The entries of one key follow from there through `next`, in insertion order (a
    /// chain in two flat arrays, not an array per key: a join over a million distinct values
    /// allocated a million arrays).
    private var first: [GroupKey: Int32] = [:]
    /// Text is keyed apart, by its folded bytes (`FoldedTextTable`: one number exactly where the
    /// `GroupKey`s are equal), with the first entry of each number: a join's million text probes
    /// then cost a fold and a hash of their bytes, not a folded `String`, a `Hasher` and a
    /// dictionary probe each (quarantined-value's join on `twin`: 1.9 s at a million users).
    private var texts = FoldedTextTable()
    private var textFirst: [Int32] = []
    /// Per entry: the next entry of its key, or -1.
    private var next: [Int32] = []
    /// Per entry that is first of its key: the last entry of the key.
    private var last: [Int32] = []
    /// One stored value per type code other than text: the types a probe string is read as.
    private var samples: [Int: Value] = [:]
    /// The entries that hold text.
    private var strings: [Int32] = []
    /// Stored text read as a probe's type, per type code, built when a probe of that type first
    /// comes (a left anchor against right ImmutableId text).
    private var coerced: [Int: [GroupKey: [Int32]]] = [:]

    package init() {}

    /// An index of values, each its own row (for `x in (query)`).
    package convenience init(_ values: [Value]) {
        self.init()
        for (i, v) in values.enumerated() { insert(v, row: i) }
    }

    /// Indexes `v` (each value of a list) as a value of `row`. Empty values are never equal.
    package func insert(_ v: Value, row: Int) {
        for e in v.elements where !e.isEmpty {
            let n = Int32(values.count)
            values.append(e)
            rows.append(Int32(row))
            next.append(-1)
            last.append(n)
            let key = GroupKey(e)
            if case .text(let text) = key {
                // Folding the folded text again gives the same number (`FoldedTextTable`).
                let k = Int(texts.number(of: text))
                if k < textFirst.count {
                    let f = textFirst[k]
                    next[Int(last[Int(f)])] = n
                    last[Int(f)] = n
                } else {
                    textFirst.append(n)
                }
            } else if let f = first[key] {
                next[Int(last[Int(f)])] = n
                last[Int(f)] = n
            } else {
                first[key] = n
            }
            switch e {
            case .string: strings.append(n)
            case .list, .record: break
            default: if samples[e.typeCode] == nil { samples[e.typeCode] = e }
            }
        }
    }

    /// The entries of `key`, in insertion order.
    private func entries(_ key: GroupKey) -> [Int32] {
        var out: [Int32] = []
        var n = firstEntry(key)
        while n >= 0 {
            out.append(n)
            n = next[Int(n)]
        }
        return out
    }

    /// The first entry of `key`, or -1.
    private func firstEntry(_ key: GroupKey) -> Int32 {
        guard case .text(let text) = key else { return first[key] ?? -1 }
        return firstEntry(text: text)
    }

    /// The first entry of text `s`'s key, or -1.
    private func firstEntry(text s: String) -> Int32 {
        var s = s
        return s.withUTF8 { texts.find(folding: $0) }.map { textFirst[Int($0)] } ?? -1
    }

    /// Gives the table of keys room to spare, once every value is in: a probe that finds nothing
    /// compares its key with every key on its path (Swift's tables keep no hashes), and a join's
    /// million probes of an index of a few thousand keys mostly find nothing. Only for indexes
    /// of up to 2^18 keys, whose spare room is a few MB at most.
    package func sparsen() {
        guard first.count <= 1 << 18 else { return }
        first.reserveCapacity(first.count * 4)
    }

    /// Values stored on more than one row.
    package var duplicatedKeys: Int {
        (Array(first.values) + textFirst).count { f in
            var n = next[Int(f)]
            while n >= 0 {
                if rows[Int(n)] != rows[Int(f)] { return true }
                n = next[Int(n)]
            }
            return false
        }
    }

    /// True when some stored value equals `v` (any of its values, for a list).
    package func contains(_ v: Value) -> Bool {
        var found = false
        visit(v) { _ in
            found = true
            return false
        }
        return found
    }

    /// The rows holding a value equal to `v` (to any of its values), each once: first those of
    /// its own type, in row order, then those that equal it when read as its type.
    package func rows(matching v: Value) -> [Int] {
        var out: [Int] = []
        visit(v) { n in
            let r = Int(rows[Int(n)])
            if !out.contains(r) { out.append(r) }
            return true
        }
        return out
    }

    /// Calls `found` with each entry equal to a value of `v` until it returns false.
    private func visit(_ v: Value, _ found: (Int32) -> Bool) {
        for probe in v.elements where !probe.isEmpty {
            let probeIsText: Bool
            var n: Int32
            if case .string(let s) = probe {
                probeIsText = true
                n = firstEntry(text: s)
            } else {
                probeIsText = false
                n = firstEntry(GroupKey(probe))
            }
            while n >= 0 {
                if equal(probe, n, bothText: probeIsText) && !found(n) { return }
                n = next[Int(n)]
            }
            for key in candidateKeys(probe) {
                for n in candidates(key, probe) where !sameKind(probe, n) && equal(probe, n, bothText: false) {
                    if !found(n) { return }
                }
            }
        }
    }

    /// Text compared with text: equal group keys are equal (`Compare` folds both the same way).
    /// Anything else is decided by `Compare.equal` itself.
    @inline(__always)
    private func equal(_ probe: Value, _ n: Int32, bothText: Bool) -> Bool {
        if bothText, case .string = values[Int(n)] { return true }
        return Compare.equal(probe, values[Int(n)])
    }

    /// Entries already met through the probe's own key (text with text, typed with typed).
    private func sameKind(_ probe: Value, _ n: Int32) -> Bool {
        switch (probe, values[Int(n)]) {
        case (.string, .string): return true
        case (.string, _), (_, .string): return false
        default: return GroupKey(probe) == GroupKey(values[Int(n)])
        }
    }

    /// The keys under which values of another type than the probe's may equal it: text read as
    /// each stored type, or a typed probe's own key among the stored text read as its type.
    private func candidateKeys(_ probe: Value) -> [GroupKey] {
        switch probe {
        case .string(let s):
            var keys: [GroupKey] = []
            for (code, sample) in samples.sorted(by: { $0.key < $1.key }) {
                if let c = Compare.coerce(s, like: sample) { keys.append(GroupKey(c)) }
                // Bytes read text as a GUID only against 16 bytes; any length reads base64.
                if code == 5, let c = Compare.coerce(s, like: .bytes([])) { keys.append(GroupKey(c)) }
            }
            return keys
        case .list, .record, .null: return []
        default: return strings.isEmpty ? [] : [GroupKey(probe)]
        }
    }

    /// The entries under `key`: for a text probe the stored typed values, for a typed probe the
    /// stored text read as its type.
    private func candidates(_ key: GroupKey, _ probe: Value) -> [Int32] {
        if case .string = probe { return entries(key) }
        let code = probe.typeCode
        if coerced[code] == nil {
            var index: [GroupKey: [Int32]] = [:]
            for n in strings {
                guard case .string(let s) = values[Int(n)] else { continue }
                // Bytes: as a GUID (against 16 bytes) and as base64 (any length).
                let likes: [Value] = code == 5 ? [.bytes([UInt8](repeating: 0, count: 16)), .bytes([])] : [probe]
                var seen = Set<GroupKey>()
                for like in likes {
                    if let c = Compare.coerce(s, like: like), case let k = GroupKey(c), seen.insert(k).inserted {
                        index[k, default: []].append(n)
                    }
                }
            }
            coerced[code] = index
        }
        return coerced[code]?[key] ?? []
    }
}

/// The values of a one-column query, for `x in (query)`: `=` against each, through one
/// `EqualityIndex`.
package final class ValueSet: @unchecked Sendable {
    private let index: EqualityIndex

    package init(_ values: [Value]) { index = EqualityIndex(values) }

    package func contains(_ v: Value) -> Bool { index.contains(v) }
}
