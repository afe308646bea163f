import Testing
@testable import DirqREPL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh directory under /tmp, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() {
        var template = Array("/tmp/dirq-history-test.XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// Names in the directory, sorted, without . and ..
    func entries() -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    func remove() {
        for name in entries() { unlink(file(name)) }
        rmdir(path)
    }
}

func writeFile(_ path: String, _ text: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(fd >= 0)
    _ = Array(text.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

func readText(_ path: String) -> String? {
    (try? HistoryFile.readFile(path)).map { String(decoding: $0, as: UTF8.self) }
}

@Suite struct HistoryTests {
    // MARK: Escaping

    @Test(arguments: [
        ("users", "users"),
        ("users (\nupn)", #"users (\nupn)"#),
        (#"C:\dirq\x"#, #"C:\\dirq\\x"#),
        (#"a literal \n stays"#, #"a literal \\n stays"#),
        ("crlf\r\nend", #"crlf\r\nend"#),
        (#"trailing\"#, #"trailing\\"#),
        ("Anaïs\n漢字", #"Anaïs\n漢字"#),
        ("\n\n", #"\n\n"#),
    ])
    func escapesOneEntryToOneLine(entry: String, line: String) {
        #expect(HistoryFile.escape(entry) == line)
        #expect(!HistoryFile.escape(entry).contains("\n"))
        #expect(HistoryFile.unescape(line: Array(line.utf8)) == entry)
    }

    /// Every string of up to 5 characters over the characters that matter round-trips.
    @Test func roundTripsEveryShortStringOfTrickyCharacters() {
        let alphabet: [String] = ["\\", "n", "r", "\n", "\r", "ï"]
        var strings = [""]
        var all: [String] = []
        for _ in 1...5 {
            strings = strings.flatMap { s in alphabet.map { s + $0 } }
            all += strings
        }
        for entry in all {
            let line = HistoryFile.escape(entry)
            #expect(!line.utf8.contains(0x0A) && !line.utf8.contains(0x0D), "\(entry.debugDescription)")
            #expect(HistoryFile.unescape(line: Array(line.utf8)) == entry, "\(entry.debugDescription)")
        }
    }

    @Test(arguments: [
        (#"tab \t kept"#, #"tab \t kept"#),  // unknown escape: both characters kept
        (#"ends with \"#, #"ends with \"#),  // lone backslash at the end kept
        (#"\\\n"#, "\\\n"),
    ])
    func unescapeKeepsWhatItDoesNotKnow(line: String, entry: String) {
        #expect(HistoryFile.unescape(line: Array(line.utf8)) == entry)
    }

    @Test func parseSkipsEmptyLinesAndCarriageReturnsAndRepairsBadUTF8() {
        let bytes: [UInt8] = Array("one\r\n\n\\ntwo\r\nthree".utf8) + [0x0A, 0x66, 0xFF, 0x0A]
        #expect(HistoryFile.parse(bytes) == ["one", "\ntwo", "three", "f\u{FFFD}"])
    }

    @Test func serializeWritesOneLinePerEntryAndDropsEmptyOnes() {
        let bytes = HistoryFile.serialize(["a\nb", "", "c"])
        #expect(String(decoding: bytes, as: UTF8.self) == "a\\nb\nc\n")
    }

    // MARK: Files

    @Test func saveThenLoadRoundTripsMultiLineEntries() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let file = HistoryFile(path: dir.file("history"))
        let entries = ["users (\nupn)", #"where path = "C:\temp""#, "Anaïs", "x\r\ny"]
        try file.save(entries)
        #expect(readText(file.path) == "users (\\nupn)\nwhere path = \"C:\\\\temp\"\nAnaïs\nx\\r\\ny\n")
        #expect(file.load() == entries)
    }

    @Test func missingFileLoadsEmpty() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        #expect(HistoryFile(path: dir.file("none")).load() == [])
    }

    @Test func saveKeepsOnlyTheNewestLimitEntries() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let file = HistoryFile(path: dir.file("history"), limit: 1000)
        try file.save((1...1005).map { "statement \($0)\nline 2" })
        let loaded = file.load()
        #expect(loaded.count == 1000)
        #expect(loaded.first == "statement 6\nline 2")
        #expect(loaded.last == "statement 1005\nline 2")
        #expect(readText(file.path)?.split(separator: "\n").count == 1000)
    }

    @Test func loadKeepsOnlyTheNewestLimitEntriesOfALongerFile() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        writeFile(dir.file("history"), (1...30).map { "s\($0)\n" }.joined())
        #expect(HistoryFile(path: dir.file("history"), limit: 10).load() == (21...30).map { "s\($0)" })
    }

    @Test func appendDropsTheOldestBeyondTheLimit() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let file = HistoryFile(path: dir.file("history"), limit: 3)
        for entry in ["a", "b\nb", "c", "d"] { try file.append(entry) }
        #expect(file.load() == ["b\nb", "c", "d"])
        #expect(readText(file.path) == "b\\nb\nc\nd\n")
    }

    @Test func appendKeepsWhatAnotherSessionSavedAndSkipsAnImmediateRepeat() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let first = HistoryFile(path: dir.file("history"))
        let second = HistoryFile(path: dir.file("history"))
        try first.append("from first")
        try second.append("from second")
        try first.append("again first")
        try first.append("again first")
        #expect(first.load() == ["from first", "from second", "again first"])
    }

    /// The new content arrives by rename: a reader holding the old file still reads all of
    /// it, the path then holds all of the new one, and no temporary file is left behind.
    @Test func saveReplacesTheFileByRenameNotInPlace() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let file = HistoryFile(path: dir.file("history"))
        try file.save(["old 1", "old 2"])
        var before = stat()
        stat(file.path, &before)
        let oldReader = open(file.path, O_RDONLY)
        #expect(oldReader >= 0)
        defer { close(oldReader) }

        try file.save(["new 1", "new 2", "new 3"])

        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { read(oldReader, $0.baseAddress, $0.count) }
        #expect(String(decoding: buffer[0..<max(0, n)], as: UTF8.self) == "old 1\nold 2\n")
        #expect(readText(file.path) == "new 1\nnew 2\nnew 3\n")
        var after = stat()
        stat(file.path, &after)
        #expect(before.st_ino != after.st_ino)
        #expect(dir.entries() == ["history"])
    }

    @Test func savedFileIsPrivate() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let file = HistoryFile(path: dir.file("history"))
        try file.save(["secret@contoso.com"])
        var info = stat()
        stat(file.path, &info)
        #expect(info.st_mode & 0o777 == 0o600)
    }

    @Test func failedSaveThrowsAndLeavesNothingBehind() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let file = HistoryFile(path: dir.file("no-such-dir/history"))
        #expect(throws: HistoryError.self) { try file.save(["x"]) }
        do {
            try file.save(["x"])
        } catch let error as HistoryError {
            #expect(error.operation == "create")
            #expect(error.code == ENOENT)
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(dir.entries() == [])
    }

    /// `DIRQ_HISTORY=/dev/null` must not replace /dev/null: a path that is not a regular file
    /// (here a FIFO, harmless to test with) is never written.
    @Test func neverReplacesSomethingThatIsNotARegularFile() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let fifo = dir.file("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        try HistoryFile(path: fifo).save(["x"])
        var info = stat()
        lstat(fifo, &info)
        #expect(info.st_mode & S_IFMT == S_IFIFO)
        #expect(dir.entries() == ["fifo"])
    }

    @Test func savesThroughASymbolicLinkAndKeepsTheLink() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        writeFile(dir.file("real"), "old\n")
        #expect(symlink(dir.file("real"), dir.file("link")) == 0)
        try HistoryFile(path: dir.file("link")).append("new")
        var info = stat()
        lstat(dir.file("link"), &info)
        #expect(info.st_mode & S_IFMT == S_IFLNK)
        #expect(readText(dir.file("real")) == "old\nnew\n")
        #expect(dir.entries() == ["link", "real"])
    }

    // MARK: Where the file is

    @Test(arguments: [
        (["DIRQ_HISTORY": "/x/h", "HOME": "/home/a"], "/x/h"),
        (["DIRQ_HISTORY": "", "HOME": "/home/a"], nil),
        (["HOME": "/home/a"], "/home/a/.dirq_history"),
        (["HOME": "/"], "/.dirq_history"),
    ] as [([String: String], String?)])
    func defaultPath(environment: [String: String], expected: String?) {
        #expect(HistoryFile.defaultPath(environment: { environment[$0] }) == expected)
    }
}
