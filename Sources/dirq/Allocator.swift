#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How the process asks the C allocator for memory, while a snapshot is built and while
/// questions run.
///
/// A snapshot is built from arrays that grow by doubling (a column's codes, its bytes). glibc
/// serves blocks below its mmap threshold from its heaps, and raises that threshold (up to 32 MiB)
/// each time a big block is freed — so the outgrown halves of those arrays stay in the heaps as
/// holes that later, larger arrays do not fit. With the threshold fixed at 1 MiB while loading,
/// every big block is its own mapping, returned whole when freed. Measured on the 1 000 000-user
/// tenant, whole loads (`--all-attributes`, peak RSS): CSV 1.31 → 1.16 GB, LDIF 1.52 → 1.29 GB,
/// JSON 0.90 → 0.87 GB, with the same times.
///
/// A question's arrays (a few per question, up to tens of MB at a million objects) are the
/// opposite case: with a 1 MiB threshold each is a fresh mapping whose pages fault in again on
/// every run, which made a warm duplicate-address question at the prompt 0.16 s instead of 0.10 s.
/// So between loads the threshold is 32 MiB (glibc's most) and freed memory is kept (trim
/// threshold 1 GiB) for the next question to reuse. `GLIBC_TUNABLES=glibc.malloc.…` still decides.
enum Allocator {
    /// `M_TRIM_THRESHOLD` and `M_MMAP_THRESHOLD` of glibc's <malloc.h>, which Swift's Glibc module
    /// does not import.
    static let mTrimThreshold: Int32 = -1, mMmapThreshold: Int32 = -3

    static func configure() {
        phase(loading: true)
    }

    /// The settings for building a snapshot (`loading`) or for questions.
    static func phase(loading: Bool) {
        #if canImport(Glibc)
        if ProcessInfo.processInfo.environment["GLIBC_TUNABLES"]?.contains("glibc.malloc") == true { return }
        // Nor `mallopt` itself: found by name in the C library.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mMmapThreshold, loading ? 1 << 20 : 32 << 20)
        // While loading, glibc's default (128 KiB): the heap's top is given back as it frees.
        _ = mallopt(mTrimThreshold, loading ? 128 << 10 : 1 << 30)
        #endif
    }
}
