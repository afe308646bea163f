import DirqModel
import DirqSyntax

/// Object indexes by key, several per key, in the order they were added: the cloud side's SIDs
/// that matching looks up. Each key is numbered once, and the objects of each number are kept in
/// a `NumberedIndex` (two flat arrays, instead of one small array per key: a million keys were a
/// million allocations to make and to free, a quarter of the matching time at 1 000 000 objects).
package struct MultiIndex<Key: Hashable> {
    private var numbers: [Key: Int32] = [:]
    private var index: NumberedIndex

    package init(capacity: Int) {
        numbers.reserveCapacity(capacity)
        index = NumberedIndex(capacity: capacity)
    }

    package mutating func add(_ key: Key, _ object: Int) {
        let n: Int32
        if let known = numbers[key] {
            n = known
        } else {
            n = Int32(numbers.count)
            numbers[key] = n
        }
        index.add(n, object)
    }

    /// The objects of `key` in the order added, or nil when there are none.
    package subscript(key: Key) -> NumberedIndex.Entries? {
        numbers[key].map { index.values($0) }
    }

    /// The objects of `key` in the order added (none when absent).
    package func values(_ key: Key) -> NumberedIndex.Entries {
        index.values(numbers[key])
    }
}
