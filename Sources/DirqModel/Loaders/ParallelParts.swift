import Foundation

/// What the loaders that read a big file in parts on several threads share (LDIF, CSV): how many
/// parts, and where each part's outcome waits until they are joined in file order.
package enum ParallelParts {
    /// Files under this size are parsed on one thread (threads cost more than they save).
    package static let threshold = 4 << 20

    /// How many threads read a file of `size` bytes: one per core (at most 8; `DIRQ_THREADS`
    /// overrides the number of cores), one per `threshold` bytes.
    package static func count(for size: Int) -> Int {
        guard size >= threshold else { return 1 }
        return max(1, min(cores, 8, size / threshold))
    }

    /// Parts of fewer objects than this (all parts so far plus the one appended) are joined on
    /// one thread (`ObjectStoreBuilder.append`).
    package static let parallelAppendMinimum = 1 << 16

    /// The processor's cores, or `DIRQ_THREADS` when set to a positive number.
    package static var cores: Int {
        if let s = ProcessInfo.processInfo.environment["DIRQ_THREADS"], let n = Int(s), n > 0 { return n }
        return ProcessInfo.processInfo.activeProcessorCount
    }
}

extension ParallelParts {
    /// Runs `first` on this thread (it may write straight into the caller's snapshot) while
    /// `other(i)` runs for each `i` in `1..<count` on other threads, each into a part of its own;
    /// returns when all are done, with `first`'s outcome and the others'. The caller then joins
    /// the parts in file order, reporting the first error in file order as a single reader would.
    package static func run<T>(_ count: Int, first: () throws -> Void,
                               other: @escaping @Sendable (Int) throws -> T) -> (first: Result<Void, any Error>, others: PartResults<T>) {
        let others = PartResults<T>(count: count)
        let group = DispatchGroup()
        for i in 1..<max(count, 1) {
            DispatchQueue.global().async(group: group) { others.set(i, Result { try other(i) }) }
        }
        let outcome = Result { try first() }
        group.wait()
        return (outcome, others)
    }
}

/// Bytes that parts on several threads read at once. Whoever makes one keeps the memory alive and
/// unchanged until every part is done (`ParallelParts.run` returns only then).
package struct SharedBytes: @unchecked Sendable {
    package let buffer: UnsafeBufferPointer<UInt8>

    package init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }
}

/// The outcome of each part of a parallel parse, written from the worker threads.
package final class PartResults<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<T, any Error>?]

    package init(count: Int) { results = Array(repeating: nil, count: count) }

    package func set(_ i: Int, _ r: Result<T, any Error>) {
        lock.lock()
        results[i] = r
        lock.unlock()
    }

    /// Takes the outcome of part `i` (the slot is emptied, so a part's objects are held once).
    package func take(_ i: Int) -> Result<T, any Error> {
        lock.lock()
        defer { lock.unlock() }
        let r = results[i]!
        results[i] = nil
        return r
    }
}
