import Foundation

/// Group keys of one attribute for every object of a snapshot, computed once and kept: the
/// case-folded, hashable form of each value (`GroupKey`), numbered. Grouping by an attribute
/// then needs no string folding or hashing per row, only an array lookup; the prompt asks the
/// same attributes again and again.
package struct KeyColumn: Sendable {
    /// Per object: the number of its key, or -1 when its value is empty.
    package var codes: [Int32]
    /// Per number: the key.
    package var keys: [GroupKey]
    /// The number of each key.
    package var numbers: [GroupKey: Int32]
    /// True when some object holds several values (its key is the set of them).
    package var multiValued: Bool
    /// The kinds of its keys (`GroupKey.kindBit`, or-ed): a join compares two columns key by
    /// key only when both hold one and the same kind.
    package var kinds: UInt16 = 0
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

    package func column(_ source: KeyColumnSource, of snapshot: Snapshot) -> KeyColumn {
        lock.lock()
        if let c = columns[source] {
            lock.unlock()
            return c
        }
        lock.unlock()
        let c = Self.build(source, snapshot)
        lock.lock()
        columns[source] = c
        lock.unlock()
        return c
    }

    private static func build(_ source: KeyColumnSource, _ snapshot: Snapshot) -> KeyColumn {
        var codes = [Int32](repeating: -1, count: snapshot.objects.count)
        var keys: [GroupKey] = []
        var numbers: [GroupKey: Int32] = [:]
        var multiValued = false
        var kinds: UInt16 = 0
        for (i, o) in snapshot.objects.enumerated() {
            let v: Value
            switch source {
            case .attribute(let id): v = o.value(id) ?? .null
            case .anchor: v = snapshot.anchor(of: o) ?? .null
            }
            if v.isEmpty { continue }
            if case .list(let l) = v, l.count > 1 { multiValued = true }
            let k = GroupKey(v)
            if let n = numbers[k] {
                codes[i] = n
            } else {
                let n = Int32(keys.count)
                numbers[k] = n
                keys.append(k)
                codes[i] = n
                kinds |= k.kindBit
            }
        }
        return KeyColumn(codes: codes, keys: keys, numbers: numbers, multiValued: multiValued, kinds: kinds)
    }
}
