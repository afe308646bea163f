import Foundation

/// Group keys of one attribute for every object of a snapshot, computed once and kept: the
/// case-folded, hashable form of each value (`GroupKey`), numbered. It is made from the
/// attribute's column in the `ObjectStore`, one fold and hash per distinct stored value, so
/// `Sales`, `SALES` and `sales` become one number while each prints as written. Grouping and
/// joining by an attribute then compare integers; the prompt asks the same attributes again
/// and again.
package struct KeyColumn: Sendable {
    /// Per object: the number of its key, or -1 when its value is empty.
    package var codes: [Int32]
    /// True when some object holds several values (its key is the set of them).
    package var multiValued: Bool
    /// The kinds of its keys (`GroupKey.kindBit`, or-ed): a join compares two columns key by
    /// key only when both hold one and the same kind.
    package var kinds: UInt16 = 0
    /// The keys and their numbers.
    fileprivate var table: KeyColumnTable

    /// How many distinct keys there are.
    package var keyCount: Int {
        switch table {
        case .text(let t), .bytes(let t): return t.count
        case .values(let keys, _): return keys.count
        }
    }

    /// Key number `n`.
    package func key(_ n: Int) -> GroupKey {
        switch table {
        case .text(let t): return t.groupKey(n)
        case .bytes(let t): return .bytes(t.withKey(n) { Array($0) })
        case .values(let keys, _): return keys[n]
        }
    }

    /// The number of `key`, or nil when no object holds it.
    package func number(of key: GroupKey) -> Int32? {
        switch table {
        case .values(_, let numbers): return numbers[key]
        case .text(let t):
            guard case .text(var s) = key else { return nil }
            return s.withUTF8 { t.find($0) }
        case .bytes(let t):
            guard case .bytes(let b) = key else { return nil }
            return b.withUnsafeBufferPointer { t.find(exact: $0) }
        }
    }

    /// For each key of this column, the number of the equal key of `other`, or -1.
    package func numbers(in other: KeyColumn) -> [Int32] {
        switch (table, other.table) {
        case (.text(let mine), .text(let theirs)), (.bytes(let mine), .bytes(let theirs)): return mine.numbers(in: theirs)
        default: break
        }
        return (0..<keyCount).map { other.number(of: key($0)) ?? -1 }
    }
}

/// The keys of a key column: folded texts found by their bytes (a text attribute whose objects
/// hold one value each: UPNs, mails, DNs), byte values found by their bytes, not folded (GUIDs,
/// SIDs, anchors, ImmutableIds: `GroupKey.bytes`), or group keys in a dictionary (anything else).
private enum KeyColumnTable: Sendable {
    case text(FoldedTextTable)
    case bytes(FoldedTextTable)
    case values(keys: [GroupKey], numbers: [GroupKey: Int32])
}

/// Numbers the group keys of values one at a time (the key table of a column that is not all
/// single texts).
private struct GroupKeyNumbering {
    var keys: [GroupKey] = []
    var numbers: [GroupKey: Int32] = [:]
    var multiValued = false
    var kinds: UInt16 = 0

    /// The number of `v`'s key, adding the key when new; -1 for an empty value.
    mutating func number(of v: Value) -> Int32 {
        if v.isEmpty { return -1 }
        if case .list(let l) = v, l.count > 1 { multiValued = true }
        let k = GroupKey(v)
        if let n = numbers[k] { return n }
        let n = Int32(keys.count)
        numbers[k] = n
        keys.append(k)
        kinds |= k.kindBit
        return n
    }
}

/// What a key column is computed from.
package enum KeyColumnSource: Hashable, Sendable {
    case attribute(Schema.ID)
    /// The `anchor` pseudo-attribute.
    case anchor
}

/// The key columns of one snapshot, built on first use. Shared by copies of the snapshot (its
/// objects never change after loading).
package final class KeyColumnCache: @unchecked Sendable {
    private let lock = NSLock()
    private var columns: [KeyColumnSource: KeyColumn] = [:]
    /// Per pair of key columns (one of this snapshot, one of another): the other column's key
    /// number for each of this column's keys (see `numbers(of:in:_:of:)`).
    private var mappings: [Mapping: MappedNumbers] = [:]
    /// Keys of the elements of multi-valued attributes, by what computed them (see `ElementKeys`),
    /// the most recent `keptElementKeys` of them: every literal makes another (and `now()` is a
    /// literal that changes with every statement).
    private var elementKeys: [String: ElementKeys] = [:]
    private var identityTexts: [String]?
    private var elementKeysOrder: [String] = []
    package static let keptElementKeys = 8

    /// What the kept element keys were computed by (for tests and `--stats`).
    package var elementKeyDescriptions: [String] { locked { elementKeys.keys.sorted() } }

    /// `body` under the lock. What is cached is made outside it (two threads may both make one;
    /// the results are equal), so a long build never holds the others up.
    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// The element keys `description` names, made by `make` on first use and kept.
    package func elementKeys<E: Error>(_ description: String, _ make: () throws(E) -> ElementKeys) throws(E) -> ElementKeys {
        if let k = locked({ elementKeys[description] }) { return k }
        let k = try make()
        locked {
            if elementKeys.updateValue(k, forKey: description) == nil {
                elementKeysOrder.append(description)
                if elementKeysOrder.count > Self.keptElementKeys { elementKeys[elementKeysOrder.removeFirst()] = nil }
            }
        }
        return k
    }

    /// A mapping, with the other snapshot's cache it was made against: held weakly and compared on
    /// use, so a snapshot loaded again (whose cache may reuse a freed one's address) is never
    /// taken for the old one.
    private struct MappedNumbers {
        weak var other: KeyColumnCache?
        var numbers: [Int32]
    }

    private struct Mapping: Hashable {
        var source: KeyColumnSource
        var other: ObjectIdentifier
        var otherSource: KeyColumnSource
    }

    /// For each key of column `source` of `snapshot`, the number of the equal key in column
    /// `otherSource` of `other`, or -1 when `other` has none: what a join on the two columns
    /// looks up, once per pair of snapshots rather than once per join.
    package func numbers(of source: KeyColumnSource, in snapshot: Snapshot, _ otherSource: KeyColumnSource,
                         of other: Snapshot) -> [Int32] {
        let key = Mapping(source: source, other: ObjectIdentifier(other.keyColumns), otherSource: otherSource)
        if let m = locked({ mappings[key] }), m.other === other.keyColumns { return m.numbers }
        let mine = column(source, of: snapshot), theirs = other.keyColumns.column(otherSource, of: other)
        let m = mine.numbers(in: theirs)
        locked { mappings[key] = MappedNumbers(other: other.keyColumns, numbers: m) }
        return m
    }

    /// Each object's identity text (`Snapshot.identity(of:)`), made on first use and kept: the
    /// sources, joins and groups that name objects share one string per object instead of
    /// building one each time they read it.
    package func identities(of snapshot: Snapshot) -> [String] {
        if let t = locked({ identityTexts }) { return t }
        let t = snapshot.objects.map { snapshot.identity(of: $0) }
        locked { identityTexts = t }
        return t
    }

    /// The identity texts if `identities(of:)` made them already.
    package var keptIdentities: [String]? { locked { identityTexts } }

    package func column(_ source: KeyColumnSource, of snapshot: Snapshot) -> KeyColumn {
        if let c = locked({ columns[source] }) { return c }
        let c = Self.build(source, snapshot)
        locked { columns[source] = c }
        return c
    }

    private static func build(_ source: KeyColumnSource, _ snapshot: Snapshot) -> KeyColumn {
        var codes = [Int32](repeating: -1, count: snapshot.objects.count)
        var numbering = GroupKeyNumbering()
        switch source {
        case .attribute(let id):
            // Each distinct stored value is folded and hashed once, then its objects take its number.
            guard let stored = snapshot.objects.column(id) else { break }
            let numberOfValue: [Int32]
            if let text = textNumbers(stored.values) {
                for (i, code) in stored.codes.enumerated() where code != 0 { codes[i] = text.numbers[Int(code) - 1] }
                return KeyColumn(codes: codes, multiValued: false,
                                 kinds: text.table.count > 0 ? GroupKey.text("").kindBit : 0, table: .text(text.table))
            }
            if let b = byteNumbers(stored.values.count, { stored.values[$0] }) {
                for (i, code) in stored.codes.enumerated() where code != 0 { codes[i] = b.numbers[Int(code) - 1] }
                return KeyColumn(bytes: b.table, codes: codes)
            }
            numbering.numbers.reserveCapacity(stored.values.count)  // no rehashing on the way to a million
            numberOfValue = (0..<stored.values.count).map { numbering.number(of: stored.values[$0]) }
            for (i, code) in stored.codes.enumerated() where code != 0 {
                codes[i] = numberOfValue[Int(code) - 1]
            }
        case .anchor:
            let objects = snapshot.objects
            if let b = byteNumbers(objects.count, { snapshot.anchor(of: objects[$0]) ?? .null }) {
                return KeyColumn(bytes: b.table, codes: b.numbers)
            }
            for (i, o) in snapshot.objects.enumerated() {
                codes[i] = numbering.number(of: snapshot.anchor(of: o) ?? .null)
            }
        }
        return KeyColumn(codes: codes, multiValued: numbering.multiValued, kinds: numbering.kinds,
                         table: .values(keys: numbering.keys, numbers: numbering.numbers))
    }

    /// The key number of each stored value of a column of texts that hold at most one string each
    /// (-1 for an empty one), read from the column's bytes; nil when the column holds other
    /// values or a list of several strings (a set key: `GroupKeyNumbering` decides those).
    private static func textNumbers(_ values: ColumnValues) -> (table: FoldedTextTable, numbers: [Int32])? {
        var table = FoldedTextTable(capacity: values.count)
        var numbers = [Int32](repeating: -1, count: values.count)
        // Numbered a batch at a time (`FoldedBatch`): value `waiting[k]` is the batch's text `k`.
        var batch = FoldedBatch(), waiting: [Int] = [], found: [Int32] = []
        for e in 0..<values.count {
            var strings = 0
            let isText = values.withStrings(e) { s in
                strings += 1
                if strings == 1 && !s.isEmpty {
                    batch.append(s)
                    waiting.append(e)
                }
            }
            guard isText, strings <= 1 else { return nil }
            if batch.count == FoldedBatch.size {
                batch.number(in: &table, storingAt: &waiting, of: &numbers, scratch: &found)
            }
        }
        batch.number(in: &table, storingAt: &waiting, of: &numbers, scratch: &found)
        return (table, numbers)
    }
}

extension KeyColumnCache {
    /// The key number of each of `count` values (`value(k)`), read by their bytes (-1 for an
    /// empty one), when each is one byte value as `GroupKey` keys it — bytes, a GUID, a SID, or a
    /// list of one of them; nil as soon as one is anything else (`GroupKeyNumbering` decides
    /// those). Anchors and ImmutableIds are numbered this way: a dictionary of a million
    /// `GroupKey`s hashed through `Hasher` took two seconds.
    fileprivate static func byteNumbers(_ count: Int, _ value: (Int) -> Value) -> (table: FoldedTextTable, numbers: [Int32])? {
        var table = FoldedTextTable(capacity: count)
        var numbers = [Int32](repeating: -1, count: count)
        var batch = FoldedBatch(), waiting: [Int] = [], found: [Int32] = []
        for k in 0..<count {
            switch KeyBytes(value(k)) {
            case .empty: continue
            case .other: return nil
            case .bytes(let b):
                b.withUnsafeBufferPointer { batch.append(exact: $0) }
                waiting.append(k)
            }
            if batch.count == FoldedBatch.size {
                batch.number(in: &table, storingAt: &waiting, of: &numbers, scratch: &found)
            }
        }
        batch.number(in: &table, storingAt: &waiting, of: &numbers, scratch: &found)
        return (table, numbers)
    }
}

/// What `GroupKey` makes of a value, as far as a key column of bytes needs to know.
private enum KeyBytes {
    /// An empty value: no key.
    case empty
    /// The key `.bytes` of these bytes.
    case bytes([UInt8])
    /// Any other key.
    case other

    init(_ v: Value) {
        if v.isEmpty {
            self = .empty
            return
        }
        switch v {
        case .bytes(let b): self = .bytes(b)
        case .guid(let g): self = .bytes(g.bytes)
        case .sid(let s): self = .bytes(s.bytes)
        case .list(let l) where l.count == 1: self = KeyBytes(l[0])
        default: self = .other
        }
    }
}

extension KeyColumn {
    /// A column of byte keys (see `KeyColumnCache.byteNumbers`).
    fileprivate init(bytes table: FoldedTextTable, codes: [Int32]) {
        self.init(codes: codes, multiValued: false, kinds: table.count > 0 ? GroupKey.bytes([]).kindBit : 0, table: .bytes(table))
    }
}

/// Group keys of the values of a multi-valued attribute (each address of `proxyAddresses`),
/// after a filter, for every stored value of its column: what `expand proxyAddresses as p where
/// p.type = "smtp" group by p.address` computes per address. Kept per snapshot under the text
/// of that computation, so asking again groups integers instead of parsing, folding and hashing
/// every address.
package struct ElementKeys: Sendable {
    /// Per stored value `e` of the column: its kept elements are `start[e] ..< start[e + 1]`.
    package var start: [Int32] = [0]
    /// Per kept element: its position in the stored value's list.
    package var element: [UInt32] = []
    /// Per kept element: the number of its key, or -1 when the key is empty.
    package var key: [Int32] = []
    /// Per stored value: false when it holds no element (an empty list).
    package var hasElements: [Bool] = []
    /// How many distinct keys there are.
    package var keyCount = 0

    package init() {}
}
