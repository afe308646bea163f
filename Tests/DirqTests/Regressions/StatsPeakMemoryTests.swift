import Foundation
import Testing

/// `--stats` read the peak memory from `getrusage`'s `ru_maxrss`, which on Linux carries over the
/// parent's peak through fork and exec: dirq started by a process holding 800 MB reported 833 MB
/// for a run that took 25 MB. Found while measuring the memory factors of `MemoryBudget` from a
/// test (the test runner is the large parent). Now it reads `VmHWM` of /proc/self/status.
@Suite("Regressions: --stats reports dirq's own peak memory")
struct StatsPeakMemoryTests {
    @Test func peakMemoryIsNotTheParents() throws {
        #if os(Linux)
        // Make this process (dirq's parent) large: 256 MB, touched so that it is resident.
        let size = 256 << 20
        let block = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer { block.deallocate() }
        for i in stride(from: 0, to: size, by: 4096) { block[i] = 1 }
        let r = try Paths.run(Paths.product("dirq"), ["--stats", "-e", "objects count"])
        let kib = r.err.split(separator: " ").last { Int($0) != nil }.flatMap { Int($0) } ?? 0
        #expect(kib > 0 && kib < 128 * 1024, "\(r.err)")
        withExtendedLifetime(block) {}
        #endif
    }
}
