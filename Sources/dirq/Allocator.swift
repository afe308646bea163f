#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How the process asks the C allocator for memory.
///
/// A snapshot is built from arrays that grow by doubling (a column's codes, its bytes). glibc
/// serves blocks below its mmap threshold from its heaps, and raises that threshold (up to 32 MiB)
/// each time a big block is freed — so the outgrown halves of those arrays stay in the heaps as
/// holes that later, larger arrays do not fit. With the threshold fixed at 1 MiB every big block
/// is its own mapping, returned whole when freed. Measured on the 1 000 000-user tenant, whole
/// loads (`--all-attributes`, peak RSS): CSV 1.31 → 1.16 GB, LDIF 1.52 → 1.29 GB, JSON 0.90 →
/// 0.87 GB, with the same times. `GLIBC_TUNABLES=glibc.malloc.mmap_threshold=…` still decides.
enum Allocator {
    static let mmapThreshold: Int32 = 1 << 20
    /// `M_MMAP_THRESHOLD` of glibc's <malloc.h>, which Swift's Glibc module does not import.
    static let mMmapThreshold: Int32 = -3

    static func configure() {
        #if canImport(Glibc)
        if ProcessInfo.processInfo.environment["GLIBC_TUNABLES"]?.contains("mmap_threshold") == true { return }
        // Nor `mallopt` itself: found by name in the C library.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mMmapThreshold, mmapThreshold)
        #endif
    }
}
