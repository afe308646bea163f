import Foundation
import DirqModel

/// Runs several checks' detections on up to one thread per core (two on the machines dirq is
/// measured on) and hands back each check's outcome in the order the checks were given, so that
/// findings, notes and the first error read as if the checks had run one after another.
///
/// Which check a thread takes next: the first thread takes the checks in order; every other thread
/// first takes the checks that read one snapshot only (`Check.readsOneSide`), in order, then the
/// rest. In `check all` the first check pairs the sides (the sync engine's matching, then
/// `identities`: seconds on a million objects, made once under `SourceCaches`' locks); the other
/// thread meanwhile runs the single-side checks instead of waiting for that pairing.
struct CheckSchedule: @unchecked Sendable {
    private let lock = NSLock()
    /// The checks not taken yet, by index (a class, so that the threads share one list).
    private let waiting: Waiting
    private let oneSide: [Bool]

    private final class Waiting {
        var indexes: [Int]
        init(_ indexes: [Int]) { self.indexes = indexes }
    }

    init(_ checks: [Check]) {
        waiting = Waiting(Array(checks.indices))
        oneSide = checks.map(\.readsOneSide)
    }

    /// Each check's outcome from `run`, in the order of `checks`, on at most `threads` threads.
    static func reports(of checks: [Check], threads: Int,
                        _ run: @escaping @Sendable (Check) throws -> CheckReport) -> [Result<CheckReport, any Error>] {
        let workers = max(1, min(threads, checks.count))
        guard workers > 1 else { return checks.map { c in Result { try run(c) } } }
        let schedule = CheckSchedule(checks)
        let outcomes = PartResults<CheckReport>(count: checks.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            while let i = schedule.next(worker) { outcomes.set(i, Result { try run(checks[i]) }) }
        }
        return checks.indices.map { outcomes.take($0) }
    }

    /// The index of the check `worker` runs next, or nil when none is left.
    func next(_ worker: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard !waiting.indexes.isEmpty else { return nil }
        let k = worker == 0 ? 0 : waiting.indexes.firstIndex { oneSide[$0] } ?? 0
        return waiting.indexes.remove(at: k)
    }

    /// How many threads checks run on: one per core, at most two (`DIRQ_THREADS` overrides the
    /// number of cores, as for loads). Two already keep the single-side checks off the pairing's
    /// path; more would multiply the memory of the big detections held at once.
    static var threads: Int { min(ParallelParts.cores, 2) }
}

extension Check {
    /// Whether the detection reads one snapshot only, and so never the pairing of the sides.
    var readsOneSide: Bool {
        switch needs {
        case .onPrem, .engine, .onPremPair: true
        case .either, .both: false
        }
    }
}
