import Synchronization
import DirqModel
import DirqSyntax

/// A flag another thread sets to stop a running query (Ctrl-C at the prompt). The executor polls
/// it every few thousand rows and stops with an `eval.interrupted` diagnostic; nothing loaded is lost.
public final class Cancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func cancel() { flag.store(true, ordering: .relaxed) }
    public func reset() { flag.store(false, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
