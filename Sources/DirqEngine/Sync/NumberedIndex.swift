import DirqModel

/// Object indexes by key number (keys numbered from 0 by a `FoldedTextTable`), several per key,
/// in the order they were added (`MultiIndex` numbers other keys into one), for keys that are numbers
/// already. Per key its first and last entry; per entry the next one of its key and the object.
package struct NumberedIndex {
    private var first: [Int32] = []
    private var last: [Int32] = []
    private var next: [Int32] = []
    private var objects: [Int32] = []

    package init(capacity: Int) {
        next.reserveCapacity(capacity)
        objects.reserveCapacity(capacity)
    }

    package mutating func add(_ key: Int32, _ object: Int) {
        let k = Int(key), e = Int32(objects.count)
        if k >= first.count {
            let more = max(k + 1, first.count * 2) - first.count
            first.append(contentsOf: repeatElement(-1, count: more))
            last.append(contentsOf: repeatElement(-1, count: more))
        }
        objects.append(Int32(object))
        next.append(-1)
        if last[k] >= 0 { next[Int(last[k])] = e } else { first[k] = e }
        last[k] = e
    }

    /// The objects of `key` in the order added (none when nil or absent).
    package func values(_ key: Int32?) -> Entries {
        guard let key, Int(key) < first.count else { return Entries(index: self, first: -1) }
        return Entries(index: self, first: first[Int(key)])
    }

    package struct Entries: Sequence {
        package let index: NumberedIndex
        package let first: Int32

        package func makeIterator() -> Iterator { Iterator(index: index, at: first) }

        package struct Iterator: IteratorProtocol {
            package let index: NumberedIndex
            package var at: Int32
            package mutating func next() -> Int? {
                guard at >= 0 else { return nil }
                defer { at = index.next[Int(at)] }
                return Int(index.objects[Int(at)])
            }
        }
    }
}
