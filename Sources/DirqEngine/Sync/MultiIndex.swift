import DirqModel
import DirqSyntax

/// Object indexes by key, several per key, in the order they were added: the cloud side's
/// anchors, SIDs, UPNs and addresses that matching looks up. One dictionary entry per key and
/// two flat arrays, instead of one small array per key (a million keys were a million
/// allocations to make and to free, a quarter of the matching time at 1 000 000 objects).
package struct MultiIndex<Key: Hashable> {
    /// First and last entry of each key.
    private var ends: [Key: (first: Int32, last: Int32)] = [:]
    /// Per entry: the next entry of the same key (-1 at the end), and the object index.
    private var next: [Int32] = []
    private var objects: [Int32] = []

    package init(capacity: Int) {
        ends.reserveCapacity(capacity)
        next.reserveCapacity(capacity)
        objects.reserveCapacity(capacity)
    }

    package mutating func add(_ key: Key, _ object: Int) {
        let e = Int32(objects.count)
        objects.append(Int32(object))
        next.append(-1)
        if let known = ends[key] {
            next[Int(known.last)] = e
            ends[key] = (known.first, e)
        } else {
            ends[key] = (e, e)
        }
    }

    /// The objects of `key` in the order added, or nil when there are none.
    package subscript(key: Key) -> Entries? {
        ends[key].map { Entries(index: self, first: $0.first) }
    }

    /// The objects of `key` in the order added (none when absent).
    package func values(_ key: Key) -> Entries {
        Entries(index: self, first: ends[key]?.first ?? -1)
    }

    package struct Entries: Sequence {
        package let index: MultiIndex
        package let first: Int32

        package func makeIterator() -> Iterator { Iterator(index: index, at: first) }

        package struct Iterator: IteratorProtocol {
            package let index: MultiIndex
            package var at: Int32
            package mutating func next() -> Int? {
                guard at >= 0 else { return nil }
                defer { at = index.next[Int(at)] }
                return Int(index.objects[Int(at)])
            }
        }
    }
}
