import Foundation
import Testing
@testable import Dirq
import DirqGenerator

/// A snapshot too big for memory fails with a located message instead of the OOM killer: the
/// figures read from /proc and the cgroup files, the load checks with a small fake budget, the
/// join and expand checks, and the measured factors the load check relies on.
@Suite struct MemoryBudgetTests {
    static func tempFile(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-mem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    // MARK: Reading the system

    @Test func meminfoCountsAvailableMemoryAndFreeSwap() {
        let text = "MemTotal:       24683656 kB\nMemFree:        20000000 kB\nMemAvailable:   23402968 kB\nSwapTotal:       2097148 kB\nSwapFree:        1048576 kB\n"
        #expect(MemoryBudget.meminfoFigure(text) == .init(bytes: (23_402_968 + 1_048_576) * 1024, source: "MemAvailable + SwapFree in /proc/meminfo"))
        #expect(MemoryBudget.meminfoFigure("MemAvailable: 1000 kB\nSwapFree: 0 kB\n") == .init(bytes: 1_024_000, source: "MemAvailable in /proc/meminfo"))
        #expect(MemoryBudget.meminfoFigure("MemTotal: 1000 kB\n") == nil)
    }

    /// The room under each limited cgroup of the process and its parents; the kernel's droppable
    /// page cache does not count as used; "max" and v1's near-2^63 mean no limit.
    @Test func cgroupLimitsOfTheProcessAndItsParents() {
        let files = [
            "/sys/fs/cgroup/user.slice/dirq.scope/memory.max": "max\n",
            "/sys/fs/cgroup/user.slice/memory.max": "1073741824\n",
            "/sys/fs/cgroup/user.slice/memory.current": "600000000\n",
            "/sys/fs/cgroup/user.slice/memory.stat": "anon 400000000\ninactive_file 100000000\n",
            "/sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes": "536870912\n",
            "/sys/fs/cgroup/memory/docker/abc/memory.usage_in_bytes": "36870912\n",
            "/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n",
            "/sys/fs/cgroup/memory/memory.usage_in_bytes": "1\n",
        ]
        let v2 = MemoryBudget.cgroupFigures("0::/user.slice/dirq.scope\n", read: { files[$0] })
        #expect(v2 == [.init(bytes: 1_073_741_824 - 500_000_000, source: "the cgroup limit /sys/fs/cgroup/user.slice/memory.max")])
        let v1 = MemoryBudget.cgroupFigures("5:cpu:/\n4:memory:/docker/abc\n", read: { files[$0] })
        #expect(v1 == [.init(bytes: 500_000_000, source: "the cgroup limit /sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes")])
        #expect(MemoryBudget.cgroupFigures("0::/\n", read: { files[$0] }).isEmpty)
    }

    @Test func theSmallestFigureWinsAndTheCheckCanBeTurnedOff() {
        let files = [
            "/proc/meminfo": "MemAvailable: 4000000 kB\n",
            "/proc/self/cgroup": "0::/box\n",
            "/sys/fs/cgroup/box/memory.max": "2000000000", "/sys/fs/cgroup/box/memory.current": "0",
        ]
        #expect(MemoryBudget.systemFigure(environment: [:], read: { files[$0] })?.bytes == 2_000_000_000)
        #expect(MemoryBudget.systemFigure(environment: ["DIRQ_MEMORY_CHECK": "off"], read: { files[$0] }) == nil)
        #expect(MemoryBudget.systemFigure(environment: [:], read: { _ in nil }) == nil)
    }

    // MARK: Loading

    /// 400 users of CSV, about 30 KB: refused before reading when the budget is below the file,
    /// and before building when it is below the least a CSV snapshot takes (1.2×).
    @Test func aFileThatCannotFitIsALocatedErrorBeforeReadingOrBuilding() throws {
        let csv = "userPrincipalName,displayName,department\n"
            + (0..<400).map { "user\($0)@contoso.com,User Number \($0),Department \($0 % 7)\n" }.joined()
        let path = try Self.tempFile("big.csv", csv)
        let size = csv.utf8.count
        func loadError(_ budget: Int) -> LoadError? {
            do {
                _ = try SnapshotLoader.load(path: path, memory: .fixed(budget, source: "a test budget"))
                return nil
            } catch {
                return error as? LoadError
            }
        }
        let read = try #require(loadError(size - 1))
        #expect(read.id == "file.too-large")
        #expect("\(read.location)" == "\(path):1:1")
        #expect(read.message == "reading this \(MemoryBudget.describe(bytes: size)) file needs \(MemoryBudget.describe(bytes: size)) of memory (the file itself), but only \(MemoryBudget.describe(bytes: size - 1)) is available (a test budget)")
        let build = try #require(loadError(size * 11 / 10))
        #expect(build.id == "file.too-large")
        #expect(build.message.hasPrefix("a snapshot of this \(MemoryBudget.describe(bytes: size)) CSV file needs at least \(MemoryBudget.describe(bytes: Int(1.2 * Double(size)))) more memory (1.2× the file, an underestimate), but only"))
        #expect(loadError(size * 4) == nil)
        #expect(throws: Never.self) { try SnapshotLoader.load(path: path, memory: .unlimited) }
    }

    /// In a script the refusal is a load error at the `load` statement, pointing into the file.
    @Test func aScriptReportsTheRefusalAtTheLoad() throws {
        let path = try Self.tempFile("u.ldif", "dn: CN=A,DC=x\nobjectClass: user\n")
        let session = Session()
        session.memory = .fixed(10)
        var diagnostics: [Diagnostic] = []
        let summary = session.run(SourceText(name: "s.dirq", text: "load \"\(path)\"\n")) { event in
            if case .diagnostic(let d) = event { diagnostics.append(d) }
        }
        #expect(summary.errors == 1)
        #expect(diagnostics.map(\.id) == ["load.file.too-large"])
        #expect(diagnostics.first?.fileLocation.map { "\($0)" } == "\(path):1:1")
        #expect(session.snapshots.isEmpty)
    }

    // MARK: Queries

    @Test func aJoinThatCannotFitIsRefusedBeforeItIsBuilt() throws {
        let session = TestTenant.session()
        session.memory = .fixed(1000, source: "a test budget")
        let e = try #require(throws: Diagnostic.self) { try session.query("users join users as u on department = u.department") }
        #expect(e.id == "eval.out-of-memory")
        #expect(e.message.hasPrefix("join: its 8 rows would need about "))
        #expect(e.message.hasSuffix("of memory, but only 1.0 KB is available (a test budget)"))
        session.memory = .fixed(1 << 30)
        #expect(try session.query("users join users as u on department = u.department").rows.count == 8)
    }

    /// `expand` looks at the memory left each time its output crosses a multiple of 2^20 rows.
    @Test func anExpandThatOutgrowsMemoryStops() throws {
        var b = SnapshotBuilder(path: "m.json", format: .json)
        b.beginObject(line: 1)
        b.add("n", .list((0..<(1 << 20) + 1).map { Value.int(Int64($0)) }))
        b.endObject()
        let session = Session()
        session.add(b.build(name: "m", side: .cloud))
        session.memory = .fixed(1 << 20, source: "a test budget")
        let e = try #require(throws: Diagnostic.self) { try session.query("objects expand n count") }
        #expect(e.id == "eval.out-of-memory")
        #expect(e.message.hasPrefix("expand: its 1048576 rows would need about "))
        session.memory = .unlimited
        #expect(try session.query("objects expand n count").rows == [[.int(1 << 20 + 1)]])
    }

    // MARK: The factors

    /// `MemoryBudget.buildFactor` must stay at or below what a load really takes, or dirq would
    /// refuse files that fit. Loads a generated tenant (20 000 users) and a connector-space export
    /// (20 000 objects) with `dirq --stats` and compares the peak memory, less dirq's own and the
    /// file's bytes, with the factor. When a faster loader fails this, lower the factor.
    @Test func factorsStayBelowMeasurement() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-factors-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tenant = try TenantGenerator(users: 20_000, seed: 3).write(to: dir)
        let xml = dir.appendingPathComponent("cs.xml")
        try ConnectorSpaceMemoryTests.csexport(objects: 20_000, to: xml)
        let dirq = Paths.product("dirq")
        func peak(_ args: [String]) throws -> Int {
            let r = try Paths.run(dirq, ["--stats"] + args, env: ["DIRQ_MEMORY_CHECK": "off"])
            // "stats: 0.412 s, peak memory 123456 KiB"
            let line = r.err.split(separator: "\n").first { $0.contains("peak memory") } ?? ""
            let kib = line.split(separator: " ").last { Int($0) != nil }.flatMap { Int($0) } ?? 0
            #expect(r.status == 0 || args == ["-e", "objects count"], "\(r.err)")
            #expect(kib > 0, "\(r.err)")
            return kib * 1024
        }
        let baseline = try peak(["-e", "objects count"])
        for (url, format) in [(tenant.onPremLDIF, SnapshotFormat.ldif), (tenant.onPremCSV, .csv), (tenant.cloudJSON, .json), (xml, .xml)] {
            let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
            // --all-attributes: a whole load (a script alone would read only what it uses).
            let measured = Double(try peak(["--all-attributes", "-e", "load \"\(url.path)\"", "-e", "objects count"]) - baseline - size) / Double(size)
            let factor = try #require(MemoryBudget.buildFactor[format])
            print("memory factor \(format): \(String(format: "%.2f", measured))")
            #expect(factor <= measured, "\(format): the least a load takes is \(factor)× the file in MemoryBudget, but it took \(String(format: "%.2f", measured))×")
        }
    }
}
