#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Ctrl-C (SIGINT) for the prompt: one process-wide handler, because signal dispositions
/// are process-wide.
///
/// The handler itself only does async-signal-safe things: it bumps an atomic counter and,
/// while a statement runs, writes one byte to a pipe. A watcher thread blocked on that pipe
/// then calls `engine.interrupt()` from an ordinary thread, so the engine's code never runs
/// inside a signal handler.
///
/// While a line is being typed, libedit (EL_SIGNAL) catches SIGINT first, puts the terminal
/// back in cooked mode and passes the signal on to this handler; its `read()` fails with
/// EINTR, `el_gets` returns, and the prompt sees the counter moved: the typed statement is
/// dropped. The handler must be installed then too: libedit re-raises the signal with the
/// previous disposition, and the default one would kill the process.
///
/// A third Ctrl-C during one statement means the engine is not listening: the default
/// disposition is restored and the signal re-raised, which ends the process (the terminal is
/// in cooked mode while a statement runs, so it is left usable).
enum Interrupts {
    /// SIGINTs received since the last `resetCount()`.
    static let count = Atomic<Int>(0)
    /// True while `execute` runs (the handler then wakes the watcher).
    static let executing = Atomic<Bool>(false)
    /// Write end of the wake-up pipe; -1 before `install()`.
    static let wakeFD = Atomic<Int32>(-1)
    /// The engine to notify; set only while a statement runs.
    static let target = Mutex<EngineReference?>(nil)
    /// Whether the watcher thread and pipe exist (they are created once per process).
    private static let started = Mutex<Bool>(false)

    /// What SIGINT did before `install()`, to put back with `uninstall`.
    struct SavedDisposition: @unchecked Sendable {
        fileprivate var action: sigaction
    }

    /// Installs the SIGINT handler (and, once per process, the watcher thread).
    static func install() -> SavedDisposition {
        startWatcher()
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handleSIGINT
        #else
        action.__sigaction_u.__sa_handler = handleSIGINT
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        var previous = sigaction()
        sigaction(SIGINT, &action, &previous)
        return SavedDisposition(action: previous)
    }

    /// Puts back what SIGINT did before `install()`.
    static func uninstall(_ saved: SavedDisposition) {
        var action = saved.action
        sigaction(SIGINT, &action, nil)
    }

    static func resetCount() { count.store(0, ordering: .sequentiallyConsistent) }
    static var received: Bool { count.load(ordering: .sequentiallyConsistent) > 0 }

    /// Runs `body` (a statement) with Ctrl-C routed to `engine.interrupt()`; also says whether
    /// Ctrl-C was pressed meanwhile.
    static func whileExecuting<T>(_ engine: PromptEngine, _ body: () -> T) -> (result: T, interrupted: Bool) {
        target.withLock { $0 = EngineReference(engine: engine) }
        resetCount()
        executing.store(true, ordering: .sequentiallyConsistent)
        let result = body()
        executing.store(false, ordering: .sequentiallyConsistent)
        // Waits for an interrupt() call in progress on the watcher thread to finish.
        target.withLock { $0 = nil }
        return (result, received)
    }

    private static func startWatcher() {
        // Touch the atomics so their lazy initialisation never happens inside the handler.
        _ = count.load(ordering: .relaxed)
        _ = executing.load(ordering: .relaxed)
        started.withLock { started in
            guard !started else { return }
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else { return }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            // The handler must never block, even if the watcher fell behind.
            _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
            readFD = fds[0]
            // The watcher starts with every signal blocked (a new thread inherits its creator's
            // mask), so signal handlers always run on the main thread. Otherwise the kernel may
            // pick the watcher for a process-wide signal, and a handler there races the main
            // thread: libedit's SIGCONT handler puts back its raw mode (the suspend character
            // with it) while the main thread, just resumed in `suspend()`, switches that
            // character off, and the next ^Z from the terminal stops the job twice (seen as a
            // `fg` that stopped again at once).
            var all = sigset_t(), previous = sigset_t()
            sigfillset(&all)
            pthread_sigmask(SIG_SETMASK, &all, &previous)
            var thread = pthread_t()
            let created = pthread_create(&thread, nil, { _ in Interrupts.watch(); return nil }, nil)
            pthread_sigmask(SIG_SETMASK, &previous, nil)
            guard created == 0 else {
                close(fds[0])
                close(fds[1])
                return
            }
            pthread_detach(thread)
            wakeFD.store(fds[1], ordering: .sequentiallyConsistent)
            started = true
        }
    }

    /// Read end of the pipe; written once, before the watcher thread starts.
    nonisolated(unsafe) private static var readFD: Int32 = -1

    /// The watcher thread: one `interrupt()` call per Ctrl-C that arrives while a statement runs.
    private static func watch() {
        var byte: UInt8 = 0
        while true {
            let n = read(readFD, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            guard executing.load(ordering: .sequentiallyConsistent) else { continue }
            target.withLock { $0?.engine.interrupt() }
        }
    }
}

/// The engine, handed to the watcher thread. `PromptEngine` is not `Sendable`: the protocol's
/// contract (interrupt() only sets an atomic flag) is what makes this crossing safe.
struct EngineReference: @unchecked Sendable {
    let engine: PromptEngine
}

/// The SIGINT handler: async-signal-safe operations only (atomics, write, signal, raise).
private func handleSIGINT(_ signal: Int32) {
    let savedErrno = errno
    defer { errno = savedErrno }
    let n = Interrupts.count.wrappingAdd(1, ordering: .sequentiallyConsistent).newValue
    guard Interrupts.executing.load(ordering: .sequentiallyConsistent) else { return }
    if n >= 3 {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = SIG_DFL
        #else
        action.__sigaction_u.__sa_handler = SIG_DFL
        #endif
        sigaction(SIGINT, &action, nil)
        raise(SIGINT)
        return
    }
    var byte: UInt8 = 1
    _ = write(Interrupts.wakeFD.load(ordering: .sequentiallyConsistent), &byte, 1)
}
