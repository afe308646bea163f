import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The pager the prompt hands results taller than the terminal to: `$PAGER` when it is set
/// (run by `/bin/sh -c`, as git and psql run it), `less -FRSX` when it is not, none when it is
/// set and empty.
///
/// `show` runs it in the foreground with the text on a pipe as its standard input and waits
/// for it to end. Meanwhile dirq ignores SIGINT, SIGQUIT and SIGPIPE: Ctrl-C reaches the whole
/// foreground process group, and the pager decides what it means (less stops a search; it
/// does not quit), while dirq's own handler would count it towards ending dirq. The pager
/// starts with the default dispositions and an empty signal mask. A pager that quits before
/// reading everything ends the write with EPIPE, not dirq with SIGPIPE. Afterwards the
/// terminal's modes are put back as they were, so the line editor finds the terminal as it
/// left it whatever the pager did.
public struct Pager: Sendable, Equatable {
    /// The shell command.
    public let command: String
    /// Whether `command` is `$PAGER` (else it is the default).
    public let fromEnvironment: Bool

    public static let defaultCommand = "less -FRSX"

    public init(command: String, fromEnvironment: Bool) {
        self.command = command
        self.fromEnvironment = fromEnvironment
    }

    /// What the environment asks for: the pager, or nil and why there is none.
    public static func configured() -> (pager: Pager?, why: String) {
        if let value = getenv("PAGER").map({ String(cString: $0) }) {
            if value.allSatisfy({ $0 == " " || $0 == "\t" }) { return (nil, "PAGER is set and empty") }
            return (Pager(command: value, fromEnvironment: true), "PAGER")
        }
        if isOnPath("less") { return (Pager(command: defaultCommand, fromEnvironment: false), "the default") }
        return (nil, "PAGER is not set and there is no less on PATH")
    }

    /// What happened when a text was paged.
    public enum Outcome: Equatable, Sendable {
        /// The pager ran (whatever its exit status, unless the shell could not find it).
        case shown
        /// The pager could not start (the shell said "not found", or spawning failed); the
        /// text was not shown.
        case notStarted(String)
    }

    /// Runs the pager on `text` and waits for it to end.
    public func show(_ text: String) -> Outcome {
        fflush(dirq_stdout())
        fflush(dirq_stderr())
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return .notStarted("pipe: " + String(cString: strerror(errno))) }
        // Neither end may leak into the pager (or anything else started later): the read end
        // reaches it only as its standard input, through the dup2 below.
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var saved = termios()
        let hasTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
        let previous = Self.ignore([SIGINT, SIGQUIT, SIGPIPE])
        defer {
            Self.restore(previous)
            if hasTerminal { _ = tcsetattr(STDIN_FILENO, TCSADRAIN, &saved) }
        }

        guard let pid = spawn(stdin: fds[0]) else {
            let why = String(cString: strerror(errno))
            close(fds[0])
            close(fds[1])
            return .notStarted("cannot run /bin/sh: \(why)")
        }
        close(fds[0])
        Self.writeAll(text, to: fds[1])
        close(fds[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // sh -c exits 127 when it cannot find the command (it has said so on stderr).
        let exited = status & 0x7F == 0
        if exited && (status >> 8) & 0xFF == 127 { return .notStarted("'\(command)' was not found") }
        return .shown
    }

    /// `/bin/sh -c COMMAND` with `stdin` as its standard input; nil if it cannot start.
    private func spawn(stdin fd: Int32) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fd, STDIN_FILENO)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), mask = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGQUIT, SIGPIPE] { sigaddset(&defaults, s) }
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let words: [String] = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = Self.environment().map { strdup($0) } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid = pid_t()
        let rc = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        if rc != 0 {
            errno = rc
            return nil
        }
        return pid
    }

    /// This process's environment for the pager (see `environment(from:utf8:)`).
    static func environment() -> [String] {
        var entries: [String] = []
        if var p = dirq_environ() {
            while let entry = p.pointee {
                entries.append(String(cString: entry))
                p += 1
            }
        }
        return environment(from: entries, utf8: TerminalLocale.isUTF8)
    }

    /// `entries` plus `LESSCHARSET=utf-8` when dirq writes UTF-8 (`utf8`: it switches to it
    /// whatever the environment says, see `TerminalLocale`) but the environment's locale is not
    /// UTF-8 and names no LESSCHARSET: `less` in the C locale shows `ø` as `<C3><B8>`.
    static func environment(from entries: [String], utf8: Bool) -> [String] {
        func value(_ name: String) -> String? {
            entries.first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
        }
        let locale = [value("LC_ALL"), value("LC_CTYPE"), value("LANG")].compactMap { $0 }.first { !$0.isEmpty } ?? ""
        let localeIsUTF8 = String(locale.lowercased().filter { $0 != "-" }).contains("utf8")
        guard utf8, !localeIsUTF8, value("LESSCHARSET") == nil else { return entries }
        return entries + ["LESSCHARSET=utf-8"]
    }

    private static func writeAll(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return  // EPIPE: the pager quit early, as it may
                }
                offset += n
            }
        }
    }

    private static func ignore(_ signals: [Int32]) -> [(Int32, sigaction)] {
        signals.map { s in
            var action = sigaction(), old = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = SIG_IGN
            #else
            action.__sigaction_u.__sa_handler = SIG_IGN
            #endif
            sigemptyset(&action.sa_mask)
            sigaction(s, &action, &old)
            return (s, old)
        }
    }

    private static func restore(_ saved: [(Int32, sigaction)]) {
        for (s, old) in saved {
            var action = old
            sigaction(s, &action, nil)
        }
    }

    /// Whether an executable `name` is in one of `$PATH`'s directories.
    static func isOnPath(_ name: String) -> Bool {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { dir in
            access(String(dir) + "/" + name, X_OK) == 0
        }
    }
}
