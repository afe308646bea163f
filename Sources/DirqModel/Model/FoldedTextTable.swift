import Foundation

/// Distinct texts as the directory compares them (case-insensitively), numbered in the order they
/// are first met and found by their bytes: what a group or join key of a text attribute is, kept
/// as the folded UTF-8 of each key end to end in one buffer with an open-addressing table of
/// numbers beside it. Numbering a text costs a fold into a scratch buffer and a hash of its bytes:
/// no `String`, no `Value`, no `GroupKey` per value.
///
/// Two texts get one number exactly when their `GroupKey`s are equal (`caseFolded` strings,
/// equal under Swift's canonical equivalence): ASCII is folded byte by byte, anything else
/// through `String.caseFolded` and then its NFC form, so `é` written precomposed or decomposed
/// is one key, as `==` on strings says.
package struct FoldedTextTable: Sendable {
    /// Every key's folded bytes, end to end.
    private var bytes: [UInt8] = []
    /// Per key: where its bytes end in `bytes`.
    private var ends: [Int] = []
    /// Per key: its hash (rehashing and a quick reject before comparing bytes).
    private var hashes: [UInt64] = []
    /// Open addressing, linear probing: 0 for a free slot, else the key's hash's high 32 bits
    /// over its number + 1 (a probe compares the hash without reading the key).
    private var slots: [UInt64]
    private var mask: Int
    /// Where a text is folded before it is hashed.
    private var scratch: [UInt8] = []
    /// What `number(of:into:)` read ahead (kept only so that those reads are not left out).
    private var touched: UInt64 = 0

    /// A table with room for `capacity` keys before it grows.
    package init(capacity: Int = 16) {
        var n = 16
        while n < capacity + capacity / 3 { n <<= 1 }
        slots = [UInt64](repeating: 0, count: n)
        mask = n - 1
        ends.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
    }

    /// How many keys there are.
    package var count: Int { ends.count }

    /// The number of the key whose bytes are exactly `key` (no folding: for callers that made a
    /// key of their own, such as a stored value's bytes), adding it when new.
    package mutating func number(ofExact key: UnsafeBufferPointer<UInt8>) -> Int32 {
        numberOfFolded(key)
    }

    /// The number of `text`'s key, adding it when new.
    package mutating func number(of text: UnsafeBufferPointer<UInt8>) -> Int32 {
        var folded = scratch
        scratch = []
        defer { scratch = folded }
        Self.fold(text, into: &folded)
        return folded.withUnsafeBufferPointer { numberOfFolded($0) }
    }

    /// The number of the key whose bytes are exactly `key` (no folding, as `number(ofExact:)`
    /// numbers it), or nil when the table does not hold it.
    package func find(exact key: UnsafeBufferPointer<UInt8>) -> Int32? {
        slot(of: key, hash: Self.hash(key)).number
    }

    /// The number of `text`'s key, or nil when the table does not hold it.
    package func find(_ text: UnsafeBufferPointer<UInt8>) -> Int32? {
        var folded: [UInt8] = []
        return find(text, scratch: &folded)
    }

    /// `find`, folding into the table's own scratch buffer: mutating only for that buffer, so
    /// that a caller holding the table in a class's property reaches it in place, without the
    /// copy (five retains and releases) a non-mutating call across modules makes.
    package mutating func find(folding text: UnsafeBufferPointer<UInt8>) -> Int32? {
        var folded = scratch
        scratch = []
        defer { scratch = folded }
        return find(text, scratch: &folded)
    }

    /// The number of `text`'s key, adding it when new.
    package mutating func number(of text: String) -> Int32 {
        var text = text
        return text.withUTF8 { number(of: $0) }
    }

    /// `find`, folding into the caller's `scratch` (no allocation per call once it has grown).
    package func find(_ text: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8]) -> Int32? {
        Self.fold(text, into: &scratch)
        return scratch.withUnsafeBufferPointer { f in slot(of: f, hash: Self.hash(f)).number }
    }

    package func find(_ text: String, scratch: inout [UInt8]) -> Int32? {
        var text = text
        return text.withUTF8 { find($0, scratch: &scratch) }
    }

    /// The number of `text`'s key, or nil when the table does not hold it.
    package func find(_ text: String) -> Int32? {
        var text = text
        return text.withUTF8 { find($0) }
    }

    /// Calls `body` with the folded bytes of key `n`.
    package func withKey<T>(_ n: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let start = n == 0 ? 0 : ends[n - 1]
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<ends[n]])) }
    }

    /// Key `n` as a group key.
    package func groupKey(_ n: Int) -> GroupKey {
        .text(withKey(n) { String(decoding: $0, as: UTF8.self) })
    }

    /// For each key of this table, the number of the equal key in `other`, or -1.
    package func numbers(in other: FoldedTextTable) -> [Int32] {
        bytes.withUnsafeBufferPointer { b in
            (0..<count).map { n in
                let start = n == 0 ? 0 : ends[n - 1]
                let key = UnsafeBufferPointer(rebasing: b[start..<ends[n]])
                return other.slot(of: key, hash: hashes[n]).number ?? -1
            }
        }
    }

    private mutating func numberOfFolded(_ f: UnsafeBufferPointer<UInt8>) -> Int32 {
        numberOfFolded(f, hash: Self.hash(f))
    }

    /// The numbers of the batch's texts in order (`number(of:)` of each, appended to `out`), the
    /// batch then emptied. Their slots are read first, one after the other without waiting for
    /// each: at a million keys the table is far bigger than the cache and a lookup is mostly the
    /// wait for its slot, so read together those waits overlap.
    package mutating func number(of batch: inout FoldedBatch, into out: inout [Int32]) {
        number(ofLarge: batch, into: &out)
        batch.removeAll()
    }

    /// `number(of:into:)` for a batch of any size (gathered on another thread, say), its slots
    /// read ahead `FoldedBatch.size` at a time; the batch is left as it is.
    package mutating func number(ofLarge batch: FoldedBatch, into out: inout [Int32]) {
        batch.bytes.withUnsafeBufferPointer { b in
            batch.hashes.withUnsafeBufferPointer { h in
                var start = 0, k = 0
                while k < batch.ends.count {
                    let end = min(k + FoldedBatch.size, batch.ends.count)
                    readAhead(UnsafeBufferPointer(rebasing: h[k..<end]))
                    while k < end {
                        out.append(numberOfFolded(UnsafeBufferPointer(rebasing: b[start..<batch.ends[k]]), hash: h[k]))
                        start = batch.ends[k]
                        k += 1
                    }
                }
            }
        }
    }

    /// `find` of each of the batch's texts in order (-1 for one the table does not hold, appended
    /// to `out`), the batch then emptied; the slots are read ahead as `number(of:into:)` reads them.
    package mutating func find(_ batch: inout FoldedBatch, into out: inout [Int32]) {
        batch.hashes.withUnsafeBufferPointer { readAhead($0) }
        batch.bytes.withUnsafeBufferPointer { b in
            var start = 0
            for k in 0..<batch.ends.count {
                out.append(slot(of: UnsafeBufferPointer(rebasing: b[start..<batch.ends[k]]), hash: batch.hashes[k]).number ?? -1)
                start = batch.ends[k]
            }
        }
        batch.removeAll()
    }

    /// Reads the slot of each of these hashes, one after the other without waiting for each.
    private mutating func readAhead(_ hashes: UnsafeBufferPointer<UInt64>) {
        var seen: UInt64 = 0
        slots.withUnsafeBufferPointer { s in
            for h in hashes { seen |= s[Int(truncatingIfNeeded: h) & mask] }
        }
        touched |= seen  // kept, so that the reads are made
    }

    private mutating func numberOfFolded(_ f: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int32 {
        let (found, free) = slot(of: f, hash: h)
        if let found { return found }
        let n = Int32(ends.count)
        bytes.append(contentsOf: f)
        ends.append(bytes.count)
        hashes.append(h)
        slots[free] = Self.slotValue(h, n)
        if ends.count * 4 > slots.count * 3 { grow() }
        return n
    }

    /// The key equal to folded `f` and, when there is none, the free slot where it would go.
    private func slot(of f: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> (number: Int32?, free: Int) {
        let tag = h >> 32
        return bytes.withUnsafeBufferPointer { b in
            slots.withUnsafeBufferPointer { s in
                var i = Int(truncatingIfNeeded: h) & mask
                while true {
                    let v = s[i]
                    if v == 0 { return (nil, i) }
                    if v >> 32 == tag {
                        let n = Int(v & 0xFFFF_FFFF) - 1
                        let start = n == 0 ? 0 : ends[n - 1]
                        if hashes[n] == h, ends[n] - start == f.count,
                           f.count == 0 || memcmp(b.baseAddress! + start, f.baseAddress!, f.count) == 0 {
                            return (Int32(n), i)
                        }
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }

    private static func slotValue(_ h: UInt64, _ n: Int32) -> UInt64 {
        (h >> 32) << 32 | UInt64(n + 1)
    }

    private mutating func grow() {
        let n = slots.count * 2
        slots = [UInt64](repeating: 0, count: n)
        mask = n - 1
        slots.withUnsafeMutableBufferPointer { s in
            for k in 0..<hashes.count {
                var i = Int(truncatingIfNeeded: hashes[k]) & mask
                while s[i] != 0 { i = (i + 1) & mask }
                s[i] = Self.slotValue(hashes[k], Int32(k))
            }
        }
    }

    /// `text` as `GroupKey` compares it, into `out` (replacing what it held): ASCII with its
    /// upper-case letters lowered, anything else `caseFolded` and in NFC.
    package static func fold(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        fold(text, appendingTo: &out)
    }

    /// `fold`, appending to what `out` holds.
    package static func fold(_ text: UnsafeBufferPointer<UInt8>, appendingTo out: inout [UInt8]) {
        var ascii = true
        for b in text where b >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            let start = out.count
            out.append(contentsOf: text)
            out.withUnsafeMutableBufferPointer { o in
                for i in start..<o.count where o[i] &- 65 < 26 { o[i] |= 0x20 }
            }
            return
        }
        let folded = String(decoding: text, as: UTF8.self).caseFolded.precomposedStringWithCanonicalMapping
        out.append(contentsOf: folded.utf8)
    }

    /// A 64-bit hash of bytes, eight at a time (not for adversarial input: the keys come from the
    /// administrator's own export).
    package static func hash(_ f: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(f.count)
        var i = 0
        let n = f.count
        if let base = f.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h >> 32
                i += 8
            }
            if i < n {
                var w: UInt64 = 0
                var shift: UInt64 = 0
                while i < n {
                    w |= UInt64(base[i]) << shift
                    shift += 8
                    i += 1
                }
                h = (h ^ w) &* 0xC4CE_B9FE_1A85_EC53
            }
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return h
    }
}

/// Texts to be numbered together by `FoldedTextTable.number(of:into:)`, folded and hashed as they
/// are added.
package struct FoldedBatch: Sendable {
    /// How many texts a caller gathers before numbering them: enough reads to overlap, few
    /// enough that their slots stay in the cache until used.
    package static let size = 64

    fileprivate var bytes: [UInt8] = []
    fileprivate var ends: [Int] = []
    fileprivate var hashes: [UInt64] = []

    package init() {
        ends.reserveCapacity(Self.size)
        hashes.reserveCapacity(Self.size)
    }

    package var count: Int { ends.count }

    /// Adds `text`, to be numbered as `FoldedTextTable.number(of:)` numbers it.
    package mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        let start = bytes.count
        FoldedTextTable.fold(text, appendingTo: &bytes)
        endKey(from: start)
    }

    /// Adds `key` as it is, not folded (see `FoldedTextTable.number(ofExact:)`).
    package mutating func append(exact key: UnsafeBufferPointer<UInt8>) {
        let start = bytes.count
        bytes.append(contentsOf: key)
        endKey(from: start)
    }

    /// Records the key whose bytes were just appended from `start` on, and its hash.
    private mutating func endKey(from start: Int) {
        ends.append(bytes.count)
        hashes.append(bytes.withUnsafeBufferPointer { FoldedTextTable.hash(UnsafeBufferPointer(rebasing: $0[start...])) })
    }

    /// Numbers the batch's texts in `table` (`FoldedTextTable.number(of:into:)`) and stores the
    /// number of text `k` at `numbers[waiting[k]]`, leaving the batch and `waiting` empty.
    /// (`scratch` keeps its memory from batch to batch.)
    package mutating func number(in table: inout FoldedTextTable, storingAt waiting: inout [Int],
                                 of numbers: inout [Int32], scratch: inout [Int32]) {
        scratch.removeAll(keepingCapacity: true)
        table.number(of: &self, into: &scratch)
        for (k, i) in waiting.enumerated() { numbers[i] = scratch[k] }
        waiting.removeAll(keepingCapacity: true)
    }

    fileprivate mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
    }
}
