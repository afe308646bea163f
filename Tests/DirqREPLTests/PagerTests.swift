import Testing
@testable import DirqREPL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The pager the prompt runs for tall results: what it receives, which signals it gets, and
/// what dirq does when it quits early or cannot be found. Serialized: `show` swaps process-wide
/// signal dispositions while the pager runs, and `configured` reads PAGER.
@Suite(.serialized) struct PagerTests {
    static func tempPath(_ name: String) -> String {
        let dir = String(cString: getenv("TMPDIR") ?? strdup("/tmp"))
        return "\(dir)/dirq-pager-\(getpid())-\(name)"
    }

    static func read(_ path: String) -> String? {
        guard let f = fopen(path, "r") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            bytes += buffer[..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func disposition(_ signal: Int32) -> Int {
        var current = sigaction()
        sigaction(signal, nil, &current)
        #if canImport(Glibc)
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
        #else
        return unsafeBitCast(current.__sigaction_u.__sa_handler, to: Int.self)
        #endif
    }

    @Test func thePagerReadsTheWholeText() throws {
        let out = Self.tempPath("whole")
        defer { unlink(out) }
        let text = (0..<5000).map { "row \($0): Søren Kierkegaard, 東京\n" }.joined()
        #expect(Pager(command: "cat > '\(out)'", fromEnvironment: true).show(text) == .shown)
        #expect(Self.read(out) == text)
    }

    @Test func aPagerThatQuitsEarlyEndsTheWriteNotDirq() throws {
        let out = Self.tempPath("early")
        defer { unlink(out) }
        let before = Self.disposition(SIGPIPE)
        // 4 MB: far more than a pipe holds, so the write meets the closed pipe (EPIPE, and a
        // SIGPIPE that would end this process if it were not ignored meanwhile).
        let text = String(repeating: String(repeating: "x", count: 1023) + "\n", count: 4096)
        #expect(Pager(command: "head -c 10 > '\(out)'", fromEnvironment: true).show(text) == .shown)
        #expect(Self.read(out) == String(repeating: "x", count: 10))
        #expect(Self.disposition(SIGPIPE) == before, "SIGPIPE's disposition is put back")
    }

    @Test func thePagerGetsCtrlCWhileDirqIgnoresIt() throws {
        let out = Self.tempPath("signals")
        defer { unlink(out) }
        // The shell's ignored-signal mask (Linux /proc): SIGINT (2) and SIGPIPE (13) must not be in it.
        #expect(Pager(command: "grep SigIgn /proc/$$/status > '\(out)'", fromEnvironment: true).show("") == .shown)
        let line = try #require(Self.read(out))
        let hex = try #require(line.split(separator: "\t").last.map { String($0.filter(\.isHexDigit)) })
        let mask = try #require(UInt64(hex, radix: 16))
        #expect(mask & (1 << (UInt64(SIGINT) - 1)) == 0, "SIGINT ignored in the pager: \(hex)")
        #expect(mask & (1 << (UInt64(SIGPIPE) - 1)) == 0, "SIGPIPE ignored in the pager: \(hex)")
    }

    @Test func aPagerTheShellCannotFindIsReported() {
        let outcome = Pager(command: "dirq-no-such-pager-\(getpid())", fromEnvironment: true).show("text\n")
        #expect(outcome == .notStarted("'dirq-no-such-pager-\(getpid())' was not found"))
    }

    @Test(arguments: [
        (["PATH=/bin"], true, ["PATH=/bin", "LESSCHARSET=utf-8"]),
        (["LANG=en_US.UTF-8"], true, ["LANG=en_US.UTF-8"]),
        (["LC_ALL=C", "LANG=en_US.UTF-8"], true, ["LC_ALL=C", "LANG=en_US.UTF-8", "LESSCHARSET=utf-8"]),
        (["LC_CTYPE=C.utf8"], true, ["LC_CTYPE=C.utf8"]),
        (["LESSCHARSET=latin1"], true, ["LESSCHARSET=latin1"]),
        (["PATH=/bin"], false, ["PATH=/bin"]),
    ])
    func lessIsToldTheTextIsUTF8(_ entries: [String], _ utf8: Bool, _ expected: [String]) {
        #expect(Pager.environment(from: entries, utf8: utf8) == expected)
    }

    @Test func theEnvironmentChoosesThePager() {
        let saved = getenv("PAGER").map { String(cString: $0) }
        defer { if let saved { setenv("PAGER", saved, 1) } else { unsetenv("PAGER") } }
        setenv("PAGER", "", 1)
        #expect(Pager.configured().pager == nil)
        #expect(Pager.configured().why == "PAGER is set and empty")
        setenv("PAGER", "most -s", 1)
        #expect(Pager.configured().pager == Pager(command: "most -s", fromEnvironment: true))
        unsetenv("PAGER")
        #expect(Pager.configured().pager == (Pager.isOnPath("less") ? Pager(command: "less -FRSX", fromEnvironment: false) : nil))
    }
}
