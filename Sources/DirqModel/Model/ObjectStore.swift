/// The objects of a snapshot, stored by attribute: one column per attribute, each a code per
/// object into the column's dictionary of distinct values.
///
/// A million users hold one `top; person; organizationalPerson; user` list and one copy of each
/// department name, and reading attribute `id` of object `i` is two array lookups, not a scan of
/// the object's fields. Values are kept as written (group keys print as written); what compares
/// them case-insensitively is the column's `KeyColumn`, computed once per distinct value on first
/// use (see `KeyColumnCache`).
///
/// The store is a collection of `DirObject` views, so code that reads objects one by one
/// (`snapshot.objects[i].value(id)`) does not care how they are stored.
public struct ObjectStore: Sendable, RandomAccessCollection {
    package let storage: Storage

    /// What a store holds; shared, never changed after loading.
    package final class Storage: Sendable {
        package let kinds: [ObjectKind]
        /// Line of the file where each object's record starts.
        package let lines: [Int32]
        /// By attribute id.
        package let columns: [Column]

        package init(kinds: [ObjectKind], lines: [Int32], columns: [Column]) {
            self.kinds = kinds
            self.lines = lines
            self.columns = columns
        }
    }

    /// The values of one attribute.
    package struct Column: Sendable {
        /// Per object: 0 when the object does not carry the attribute, else 1 + the index of its
        /// value in `values`. Shorter than the store when the last objects lack the attribute.
        package var codes: [UInt32]
        /// The values, each distinct one once (a column of unique values, such as DNs, is not
        /// looked up while loading: see `ObjectStoreBuilder`, so a value may then appear twice).
        package var values: ColumnValues

        package init(codes: [UInt32] = [], values: ColumnValues = ColumnValues()) {
            self.codes = codes
            self.values = values
        }

        @inline(__always)
        package func value(_ object: Int) -> Value? {
            guard object < codes.count else { return nil }
            let c = codes[object]
            return c == 0 ? nil : values[Int(c) - 1]
        }

        /// `value(i)` of each object `i` of `objects`, in their order: the same values, read a
        /// step at a time for all of them (codes, then entries) so that at a million objects
        /// their cache misses overlap (see `ColumnValues.values(at:)`).
        package func values(of objects: [Int]) -> [Value?] {
            var entryCodes = [UInt32](repeating: 0, count: objects.count)
            codes.withUnsafeBufferPointer { c in
                for (n, i) in objects.enumerated() where i >= 0 && i < c.count { entryCodes[n] = c[i] }
            }
            var entries: [Int] = []
            entries.reserveCapacity(objects.count)
            for c in entryCodes where c != 0 { entries.append(Int(c) - 1) }
            var read = values.values(at: entries).makeIterator()
            return entryCodes.map { $0 == 0 ? nil : read.next() }
        }

        /// `value(objects[n])!.elements[elements[n]]` for each `n`, read as `values(of:)` reads,
        /// without making the other elements of a list. Each object must hold its element.
        package func elements(of objects: [Int], _ elements: [Int]) -> [Value] {
            let entries = codes.withUnsafeBufferPointer { c in objects.map { Int(c[$0]) - 1 } }
            return values.elements(at: entries, elements)
        }
    }

    package init(storage: Storage) { self.storage = storage }

    /// Whether object `i` has no value for attribute `id` that is not empty (`Value.isEmpty` of
    /// `value(i, id) ?? .null`), without building the value: `exists onPremisesProvisioningErrors`
    /// over a million objects reads codes, not records.
    public func isEmpty(_ i: Int, _ id: Schema.ID) -> Bool {
        let a = Int(id)
        guard a < storage.columns.count else { return true }
        let column = storage.columns[a]
        guard i < column.codes.count, column.codes[i] != 0 else { return true }
        return column.values.isEmpty(Int(column.codes[i]) - 1)
    }

    /// Calls `body` with the UTF-8 bytes of each string object `i` holds in attribute `id` (none
    /// when it holds nothing) and returns true, without building its `Value`; returns false when
    /// the column holds other values than text (read `value(i, id)` then).
    package func withStrings(_ i: Int, _ id: Schema.ID, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        let a = Int(id)
        guard a < storage.columns.count else { return true }
        let column = storage.columns[a]
        guard i < column.codes.count, column.codes[i] != 0 else { return true }
        return column.values.withStrings(Int(column.codes[i]) - 1, body)
    }

    public init() { storage = Storage(kinds: [], lines: [], columns: []) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.kinds.count }
    public subscript(i: Int) -> DirObject { DirObject(storage: storage, index: i) }

    /// The value of attribute `id` on object `i`, or nil when it does not carry it.
    @inline(__always)
    public func value(_ i: Int, _ id: Schema.ID) -> Value? {
        let a = Int(id)
        return a < storage.columns.count ? storage.columns[a].value(i) : nil
    }

    /// `value(i, id)` of each object `i` of `objects`, in their order (see `Column.values(of:)`).
    package func values(of objects: [Int], _ id: Schema.ID) -> [Value?] {
        column(id)?.values(of: objects) ?? [Value?](repeating: nil, count: objects.count)
    }

    /// How many objects there are of each kind that occurs, read from the kinds array (no object
    /// view per object).
    package var countsByKind: [ObjectKind: Int] {
        var counts = [Int](repeating: 0, count: ObjectKind.allCases.count)
        storage.kinds.withUnsafeBufferPointer { for k in $0 { counts[k.index] += 1 } }
        var out: [ObjectKind: Int] = [:]
        for k in ObjectKind.allCases where counts[k.index] > 0 { out[k] = counts[k.index] }
        return out
    }

    /// The column of attribute `id`, if any object carries it.
    package func column(_ id: Schema.ID) -> Column? {
        Int(id) < storage.columns.count ? storage.columns[Int(id)] : nil
    }

    /// Bytes the store holds, strings and lists included (an estimate: Swift's allocations are
    /// counted at their requested size plus a 32-byte header).
    package var estimatedBytes: Int {
        var n = storage.kinds.count * (MemoryLayout<ObjectKind>.stride + MemoryLayout<Int32>.stride)
        for c in storage.columns { n += c.codes.count * 4 + c.values.estimatedBytes }
        return n
    }
}
