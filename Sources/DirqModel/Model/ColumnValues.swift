/// The distinct values of one column of an `ObjectStore`, in the order they were added.
///
/// Most directory attributes hold text: a DN, a UPN, a list of proxy addresses. A column whose
/// values are all strings, lists of strings or null keeps their UTF-8 bytes end to end in one
/// buffer with an offset per string and per entry, instead of a `Value` and a separately
/// allocated string per value (and an array per list): a proxy list of three addresses costs
/// its bytes and 16 bytes of offsets, not about 330 bytes. Reading an entry builds the `Value`.
/// A column that meets any other value (a number, a date, a GUID) keeps `Value`s instead.
package struct ColumnValues: Sendable {
    private enum Storage: Sendable {
        case text(TextEntries)
        case values([Value])
    }

    private var storage: Storage = .text(TextEntries())

    package init() {}

    package var count: Int {
        switch storage {
        case .text(let t): return t.kinds.count
        case .values(let v): return v.count
        }
    }

    package subscript(k: Int) -> Value {
        switch storage {
        case .text(let t): return t.value(k)
        case .values(let v): return v[k]
        }
    }

    /// `self[k]` of each `k` of `entries` (in their order). At a million objects the entries a
    /// question names (the members of 5 000 groups) lie far apart, and reading one costs a cache
    /// miss per array it touches; read a step at a time for all of them, the misses of one step
    /// overlap instead of following one another.
    package func values(at entries: [Int]) -> [Value] {
        switch storage {
        case .text(let t): return t.values(at: entries)
        case .values(let v): return entries.map { v[$0] }
        }
    }

    /// Element `elements[n]` (`Value.elements`) of entry `entries[n]`, for each `n`: one string of a
    /// list without the others, read a step at a time like `values(at:)`.
    package func elements(at entries: [Int], _ elements: [Int]) -> [Value] {
        switch storage {
        case .text(let t): return t.elements(at: entries, elements)
        case .values(let v): return zip(entries, elements).map { v[$0].elements[$1] }
        }
    }

    /// Calls `body` with the UTF-8 bytes of each string of entry `k` (none for null), without
    /// building a `Value`, and returns true; returns false without calling it when the column
    /// holds other values than text (read `self[k]` then).
    package func withStrings(_ k: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        guard case .text(let t) = storage else { return false }
        t.forEachString(k, body)
        return true
    }

    /// Whether entry `k` is empty as `Value.isEmpty` says (null, empty text, a list of only
    /// empty values), without building it.
    package func isEmpty(_ k: Int) -> Bool {
        switch storage {
        case .text(let t): return t.isEmpty(k)
        case .values(let v): return v[k].isEmpty
        }
    }

    package mutating func append(_ v: Value) {
        switch storage {
        case .values(var values):
            storage = .text(TextEntries())  // let `values` be uniquely referenced while it grows
            values.append(v)
            storage = .values(values)
        case .text(var t):
            storage = .values([])
            if t.append(v) {
                storage = .text(t)
            } else {
                var values = (0..<t.kinds.count).map { t.value($0) }
                values.append(v)
                storage = .values(values)
            }
        }
    }

    /// Appends a text entry given as bytes: strings `first ..< first + count` of `ends` (where
    /// each ends in `bytes`, starting where the one before ends), as a list when `listed` (else
    /// the one string). Equal to appending the `Value` they make, without making it.
    package mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<Int32>,
                                     first: Int, count: Int, listed: Bool) {
        if case .text(var t) = storage {
            storage = .values([])
            if t.appendText(bytes, ends, first: first, count: count, listed: listed) {
                storage = .text(t)
                return
            }
            storage = .text(t)
        }
        func string(_ j: Int) -> Value {
            let start = j == 0 ? 0 : Int(ends[j - 1])
            return .string(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<Int(ends[j])]), as: UTF8.self))
        }
        append(listed ? .list((first..<first + count).map(string)) : string(first))
    }

    /// Appends every entry of `other` (the next part of the same file), in order.
    package mutating func append(contentsOf other: ColumnValues) {
        if case .text(var t) = storage, case .text(let o) = other.storage {
            storage = .values([])
            if t.append(contentsOf: o) {
                storage = .text(t)
                return
            }
            storage = .text(t)
        }
        for k in 0..<other.count { append(other[k]) }
    }

    /// The same entries in buffers of their size (appending leaves up to half of each spare).
    package func trimmed() -> ColumnValues {
        var copy = self
        switch storage {
        case .text(let t): copy.storage = .text(t.trimmed())
        case .values(let v): copy.storage = .values(v.trimmed())
        }
        return copy
    }

    /// Bytes held, strings and lists included (Swift allocations counted at their requested size
    /// plus a 32-byte header).
    package var estimatedBytes: Int {
        switch storage {
        case .text(let t): return t.bytes.count + 4 * t.stringEnds.count + 5 * t.kinds.count + 3 * 32
        case .values(let v): return 32 + v.count * MemoryLayout<Value>.stride + v.reduce(0) { $0 + Self.heapBytes($1) }
        }
    }

    private static func heapBytes(_ v: Value) -> Int {
        switch v {
        case .string(let s): return s.utf8.count > 15 ? 32 + s.utf8.count : 0
        case .bytes(let b): return 32 + b.count
        case .list(let l): return 32 + l.count * MemoryLayout<Value>.stride + l.reduce(0) { $0 + heapBytes($1) }
        case .record(let r): return 32 + r.fields.reduce(0) { $0 + 48 + heapBytes($1.value) }
        default: return 0
        }
    }
}

/// Strings, lists of strings and nulls, as UTF-8 bytes end to end.
private struct TextEntries: Sendable {
    enum Kind: UInt8, Sendable {
        case string, list, null
    }

    /// Every string's bytes, end to end.
    var bytes: [UInt8] = []
    /// Per string: where its bytes end in `bytes` (it starts where the previous one ends).
    var stringEnds: [UInt32] = []
    /// Per entry: how many strings the entries up to and including it hold.
    var entryEnds: [UInt32] = []
    var kinds: [Kind] = []

    func value(_ k: Int) -> Value {
        switch kinds[k] {
        case .null:
            return .null
        case .string:
            return .string(string(Int(entryEnds[k]) - 1))
        case .list:
            let first = k == 0 ? 0 : Int(entryEnds[k - 1])
            return .list((first..<Int(entryEnds[k])).map { .string(string($0)) })
        }
    }

    /// `value(_:)` of each entry, a step at a time over all of them (see `ColumnValues.values(at:)`).
    func values(at entries: [Int]) -> [Value] {
        // Step 1: each entry's kind and range of strings.
        var firstString = [Int](repeating: 0, count: entries.count)
        var endString = [Int](repeating: 0, count: entries.count)
        var entryKinds = [Kind](repeating: .null, count: entries.count)
        for (n, k) in entries.enumerated() {
            entryKinds[n] = kinds[k]
            firstString[n] = k == 0 ? 0 : Int(entryEnds[k - 1])
            endString[n] = Int(entryEnds[k])
        }
        // Step 2: where a one-string entry's bytes start and end (a list reads its own in step 3).
        var byteStart = [Int](repeating: 0, count: entries.count)
        var byteEnd = [Int](repeating: 0, count: entries.count)
        for n in entries.indices where entryKinds[n] == .string {
            let j = endString[n] - 1
            byteStart[n] = j == 0 ? 0 : Int(stringEnds[j - 1])
            byteEnd[n] = Int(stringEnds[j])
        }
        return bytes.withUnsafeBufferPointer { b in
            // Step 3: each one-string entry's bytes, brought into the cache together.
            Self.touch(b, byteStart, byteEnd)
            // Step 4: the values.
            return entries.indices.map { n -> Value in
                switch entryKinds[n] {
                case .null: return .null
                case .string: return .string(String(decoding: b[byteStart[n]..<byteEnd[n]], as: UTF8.self))
                case .list: return .list((firstString[n]..<endString[n]).map { .string(string($0)) })
                }
            }
        }
    }

    /// `ColumnValues.elements(at:_:)`: element `e` of an entry is its string `e` (a one-string
    /// entry has one element, itself).
    func elements(at entries: [Int], _ elements: [Int]) -> [Value] {
        var string = [Int](repeating: 0, count: entries.count)
        for (n, k) in entries.enumerated() {
            precondition(kinds[k] != .null, "a null entry has no elements")
            string[n] = (k == 0 ? 0 : Int(entryEnds[k - 1])) + elements[n]
            precondition(string[n] < Int(entryEnds[k]), "element past the end of its entry")
        }
        let start = string.map { $0 == 0 ? 0 : Int(stringEnds[$0 - 1]) }
        let end = string.map { Int(stringEnds[$0]) }
        return bytes.withUnsafeBufferPointer { b in
            Self.touch(b, start, end)
            return entries.indices.map { .string(String(decoding: b[start[$0]..<end[$0]], as: UTF8.self)) }
        }
    }

    /// Reads the first and last byte of each string `start[n] ..< end[n]` of `b`, to bring them
    /// into the cache together before the strings are made one after another (a sum that the
    /// compiler cannot drop).
    private static func touch(_ b: UnsafeBufferPointer<UInt8>, _ start: [Int], _ end: [Int]) {
        var touched: UInt = 0
        for n in start.indices where end[n] > start[n] {
            touched &+= UInt(b[start[n]]) &+ UInt(b[end[n] - 1])
        }
        if touched == .max { touchSink = touched }
    }

    /// Never written (a sum of bytes does not reach `UInt.max`): the comparison that could write
    /// it is what keeps `touch`'s reads from being dropped.
    nonisolated(unsafe) private static var touchSink: UInt = 0

    func forEachString(_ k: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let first = k == 0 ? 0 : Int(entryEnds[k - 1])
        bytes.withUnsafeBufferPointer { b in
            for j in first..<Int(entryEnds[k]) {
                let start = j == 0 ? 0 : Int(stringEnds[j - 1])
                body(UnsafeBufferPointer(rebasing: b[start..<Int(stringEnds[j])]))
            }
        }
    }

    func isEmpty(_ k: Int) -> Bool {
        let first = k == 0 ? 0 : Int(entryEnds[k - 1])
        switch kinds[k] {
        case .null: return true
        case .string, .list:
            // Every string of the entry is empty: they end where the entry's bytes begin.
            let start = first == 0 ? 0 : stringEnds[first - 1]
            return Int(entryEnds[k]) == first || stringEnds[Int(entryEnds[k]) - 1] == start
        }
    }

    private func string(_ j: Int) -> String {
        let start = j == 0 ? 0 : Int(stringEnds[j - 1])
        return bytes.withUnsafeBufferPointer { String(decoding: $0[start..<Int(stringEnds[j])], as: UTF8.self) }
    }

    /// Adds `v` if it is text and the buffer stays addressable by 32-bit offsets; false (and no
    /// change) otherwise.
    mutating func append(_ v: Value) -> Bool {
        switch v {
        case .null:
            kinds.append(.null)
        case .string(var s):
            guard fits(s.utf8.count) else { return false }
            s.withUTF8 { bytes.append(contentsOf: $0) }
            stringEnds.append(UInt32(bytes.count))
            kinds.append(.string)
        case .list(let l):
            var total = 0
            for e in l {
                guard case .string(let s) = e else { return false }
                total += s.utf8.count
            }
            guard fits(total) else { return false }
            for case .string(var s) in l {
                s.withUTF8 { bytes.append(contentsOf: $0) }
                stringEnds.append(UInt32(bytes.count))
            }
            kinds.append(.list)
        default:
            return false
        }
        entryEnds.append(UInt32(stringEnds.count))
        return true
    }

    /// `ColumnValues.appendText`; false (and no change) when the buffer would outgrow 32-bit offsets.
    mutating func appendText(_ source: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<Int32>,
                             first: Int, count: Int, listed: Bool) -> Bool {
        let start = first == 0 ? 0 : Int(ends[first - 1]), end = Int(ends[first + count - 1])
        guard fits(end - start) else { return false }
        let shift = bytes.count - start
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[start..<end]))
        for j in first..<first + count { stringEnds.append(UInt32(Int(ends[j]) + shift)) }
        kinds.append(listed ? .list : .string)
        entryEnds.append(UInt32(stringEnds.count))
        return true
    }

    mutating func append(contentsOf other: TextEntries) -> Bool {
        guard fits(other.bytes.count), stringEnds.count + other.stringEnds.count < Int(UInt32.max) else { return false }
        let byteShift = UInt32(bytes.count), stringShift = UInt32(stringEnds.count)
        bytes += other.bytes
        stringEnds += other.stringEnds.map { $0 + byteShift }
        entryEnds += other.entryEnds.map { $0 + stringShift }
        kinds += other.kinds
        return true
    }

    private func fits(_ more: Int) -> Bool {
        bytes.count + more < Int(UInt32.max) && stringEnds.count < Int(UInt32.max) - 1
    }

    func trimmed() -> TextEntries {
        TextEntries(bytes: bytes.trimmed(), stringEnds: stringEnds.trimmed(), entryEnds: entryEnds.trimmed(),
                    kinds: kinds.trimmed())
    }
}

extension Array {
    /// A copy without the spare capacity that growing by appends leaves (up to half the buffer),
    /// or the array itself when it has little, or when the buffer is 1 MiB or more: loads run with
    /// glibc's mmap threshold at 1 MiB (the command line's `Allocator`), so such a buffer is a
    /// mapping of its own whose spare pages were never written and take no memory. Copying those
    /// faulted in a second copy of every big column at the end of a load: at a million users a
    /// whole CSV load took 4.20 s and 607 MB at its peak with the copies, 3.78 s and 559 MB without.
    package func trimmed() -> [Element] {
        guard capacity > count + count / 16, capacity * MemoryLayout<Element>.stride < 1 << 20 else { return self }
        return [Element](unsafeUninitializedCapacity: count) { buffer, n in
            _ = buffer.initialize(from: self)
            n = count
        }
    }
}
