import Foundation

/// Fills an `ObjectStore` one object at a time while a file loads.
///
/// Each column looks its values up in a table of the values it already holds, so a value that
/// repeats (an `objectClass` list, a department, a `memberOf` of a few big groups) is stored once.
/// It decides per column from the first `sample` values: if fewer than half of them repeat an
/// earlier one (DNs, UPNs, GUIDs), it stops looking, so unique attributes cost a few hundred
/// hash lookups per load and nothing after.
package struct ObjectStoreBuilder: Sendable {
    package static let sample = 256

    private enum Sharing: Sendable {
        case sampling(seen: Int, hits: Int)
        case on
        case off
    }

    private var kinds: [ObjectKind] = []
    private var lines: [Int32] = []
    private var columns: [ObjectStore.Column] = []
    private var sharing: [Sharing] = []
    private var tables: [[Value: UInt32]] = []
    /// Per column: the texts appended as bytes (`appendText`), by their bytes, and the code of
    /// each (a value met both ways is stored twice, never given a wrong code).
    private var textTables: [(table: FoldedTextTable, codes: [UInt32])?] = []
    /// Where a text entry's sharing key is made.
    private var keyScratch: [UInt8] = []

    package init() {}

    package var count: Int { kinds.count }

    /// Appends an object whose fields name each attribute at most once.
    package mutating func append(kind: ObjectKind, line: Int, fields: [DirObject.Field]) {
        let object = kinds.count
        kinds.append(kind)
        lines.append(Int32(clamping: line))
        for f in fields {
            let a = Int(f.attribute)
            if a >= columns.count { grow(to: a + 1) }
            let code = code(of: f.value, column: a)
            let missing = object - columns[a].codes.count
            if missing > 0 { columns[a].codes.append(contentsOf: repeatElement(0, count: missing)) }
            columns[a].codes.append(code)
        }
    }

    /// A text field of an object, its strings given as bytes (see `appendText`).
    package struct TextField: Sendable {
        package var attribute: Schema.ID
        /// Its strings are `first ..< first + count` of the object's string ends.
        package var first: Int32
        package var count: Int32
        /// A list (a multi-valued attribute, or a repeated one) rather than one string.
        package var listed: Bool

        package init(attribute: Schema.ID, first: Int32, count: Int32, listed: Bool) {
            (self.attribute, self.first, self.count, self.listed) = (attribute, first, count, listed)
        }
    }

    /// `append(kind:line:fields:)` with some fields given as text bytes: string `j` of the object
    /// is `bytes[ends[j - 1] ..< ends[j]]`. No attribute is both in `fields` and `texts`.
    package mutating func append(kind: ObjectKind, line: Int, fields: [DirObject.Field], texts: [TextField],
                                 bytes: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<Int32>) {
        let object = kinds.count
        append(kind: kind, line: line, fields: fields)
        for f in texts {
            let a = Int(f.attribute)
            if a >= columns.count { grow(to: a + 1) }
            let code = code(ofText: f, bytes, ends, column: a)
            let missing = object - columns[a].codes.count
            if missing > 0 { columns[a].codes.append(contentsOf: repeatElement(0, count: missing)) }
            columns[a].codes.append(code)
        }
    }

    /// Appends the objects of a builder that read the next part of the same file; `map` gives
    /// this builder's attribute id for each of the other's. Each of `other`'s columns is freed
    /// as soon as it is copied (`other` is left empty), so joining two halves of a file holds
    /// one column twice at a time per thread, not the second half.
    ///
    /// The columns are copied on two threads, the biggest first, each taking the next column
    /// not taken: they are independent, and copied one after the other they were a tenth of
    /// loading a big file, with the other core idle.
    package mutating func append(_ other: inout ObjectStoreBuilder, attributeMap map: [Schema.ID]) {
        let offset = kinds.count
        kinds += other.kinds
        lines += other.lines
        other.kinds = []
        other.lines = []
        var parts = other.columns
        other = ObjectStoreBuilder()
        var work = parts.indices.filter { !parts[$0].codes.isEmpty }
        for i in work where Int(map[i]) >= columns.count { grow(to: Int(map[i]) + 1) }
        // Biggest first, by how many values and codes there are to copy (a cheap stand-in for bytes).
        let weight = parts.map { $0.values.count + $0.codes.count / 4 }
        work.sort { weight[$0] > weight[$1] }
        let threads = work.count > 1 && offset + parts[work[0]].codes.count >= ParallelParts.parallelAppendMinimum
            ? min(ParallelParts.cores, 2) : 1
        let next = ColumnQueue(work)
        parts.withUnsafeMutableBufferPointer { from in
            columns.withUnsafeMutableBufferPointer { into in
                let shared = SharedColumns(from: from, into: into)
                DispatchQueue.concurrentPerform(iterations: threads) { _ in
                    while let i = next.take() {
                        let c = shared.from[i]
                        shared.from[i] = ObjectStore.Column()
                        Self.append(c, to: &shared.into[Int(map[i])], at: offset)
                    }
                }
            }
        }
    }

    /// Appends column `c` of the objects from `offset` on to `column` (which holds the codes of
    /// the objects before them, or fewer when the last of those lack the attribute).
    private static func append(_ c: ObjectStore.Column, to column: inout ObjectStore.Column, at offset: Int) {
        let missing = offset - column.codes.count
        if missing > 0 { column.codes.append(contentsOf: repeatElement(0, count: missing)) }
        let shift = UInt32(column.values.count)
        column.codes.reserveCapacity(column.codes.count + c.codes.count)
        for code in c.codes { column.codes.append(code == 0 ? 0 : code + shift) }
        column.values.append(contentsOf: c.values)
        // The table does not know the appended values: a later value equal to one of them is
        // stored again (as a column that is not looked up stores it), never given a wrong code.
    }

    /// The finished store, leaving this builder empty: each column is trimmed and its loaded
    /// form freed before the next, so finishing holds one column twice at a time, not the store.
    package mutating func take() -> ObjectStore {
        var loaded = columns
        let (k, l) = (kinds.trimmed(), lines.trimmed())
        self = ObjectStoreBuilder()
        var cols: [ObjectStore.Column] = []
        cols.reserveCapacity(loaded.count)
        for i in loaded.indices {
            let c = loaded[i]
            loaded[i] = ObjectStore.Column()
            cols.append(ObjectStore.Column(codes: c.codes.trimmed(), values: c.values.trimmed()))
        }
        return ObjectStore(storage: ObjectStore.Storage(kinds: k, lines: l, columns: cols))
    }

    private mutating func grow(to n: Int) {
        columns.append(contentsOf: repeatElement(ObjectStore.Column(), count: n - columns.count))
        sharing.append(contentsOf: repeatElement(.sampling(seen: 0, hits: 0), count: n - sharing.count))
        tables.append(contentsOf: repeatElement([:], count: n - tables.count))
        textTables.append(contentsOf: repeatElement(nil, count: n - textTables.count))
    }

    /// The code of `value` in column `a`, adding the value when it is new (or not looked up).
    private mutating func code(of value: Value, column a: Int) -> UInt32 {
        func add() -> UInt32 {
            columns[a].values.append(value)
            return UInt32(columns[a].values.count)
        }
        if case .off = sharing[a] { return add() }
        let found = tables[a][value]
        let c = found ?? add()
        if found == nil { tables[a][value] = c }
        noteLookup(column: a, hit: found != nil)
        return c
    }

    /// `code(of:column:)` for a text field given as bytes, looked up by its bytes (a list's
    /// strings each followed by 0xFE after a leading 0xFF: bytes UTF-8 never holds).
    private mutating func code(ofText f: TextField, _ bytes: UnsafeBufferPointer<UInt8>,
                               _ ends: UnsafeBufferPointer<Int32>, column a: Int) -> UInt32 {
        func add() -> UInt32 {
            columns[a].values.appendText(bytes, ends, first: Int(f.first), count: Int(f.count), listed: f.listed)
            return UInt32(columns[a].values.count)
        }
        if case .off = sharing[a] { return add() }
        var key = keyScratch
        keyScratch = []
        defer { keyScratch = key }
        key.removeAll(keepingCapacity: true)
        if f.listed { key.append(0xFF) }
        for j in Int(f.first)..<Int(f.first + f.count) {
            let start = j == 0 ? 0 : Int(ends[j - 1])
            key.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<Int(ends[j])]))
            if f.listed { key.append(0xFE) }
        }
        // In place: taking the entry out and putting it back copied its table (five arrays) per value.
        if case .none = textTables[a] { textTables[a] = (FoldedTextTable(), []) }
        let n = Int(key.withUnsafeBufferPointer { textTables[a]!.table.number(ofExact: $0) })
        let hit = n < textTables[a]!.codes.count
        if !hit {
            let code = add()
            textTables[a]!.codes.append(code)
        }
        let c = textTables[a]!.codes[n]
        noteLookup(column: a, hit: hit)
        return c
    }

    /// Counts a lookup of column `a` while its sharing is sampled, and decides it after `sample`.
    private mutating func noteLookup(column a: Int, hit: Bool) {
        guard case .sampling(let seen, let hits) = sharing[a] else { return }
        let (s, h) = (seen + 1, hits + (hit ? 1 : 0))
        if s < Self.sample {
            sharing[a] = .sampling(seen: s, hits: h)
        } else if 2 * h >= s {
            sharing[a] = .on
        } else {
            sharing[a] = .off
            tables[a] = [:]
            textTables[a] = nil
        }
    }
}

/// The columns `ObjectStoreBuilder.append` copies and where to: each thread reads and writes only
/// the columns it took from the queue.
private struct SharedColumns: @unchecked Sendable {
    let from: UnsafeMutableBufferPointer<ObjectStore.Column>
    let into: UnsafeMutableBufferPointer<ObjectStore.Column>
}

/// The indexes of the columns still to copy, taken one at a time by the threads.
private final class ColumnQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: [Int]
    private var next = 0

    init(_ waiting: [Int]) { self.waiting = waiting }

    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < waiting.count else { return nil }
        next += 1
        return waiting[next - 1]
    }
}
