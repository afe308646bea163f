import Foundation

/// How much memory dirq can still take, and the estimates that refuse work which cannot fit, so
/// that a snapshot too big for this machine fails with a located message (exit 65) instead of the
/// kernel's OOM killer ending dirq without one.
///
/// What is measured, on Linux (elsewhere nothing is, and nothing is refused):
/// - `MemAvailable` plus `SwapFree` from `/proc/meminfo`;
/// - when dirq runs in a cgroup with a memory limit (a container, a systemd slice), the room left
///   under it, in its own cgroup and each parent: v2 `memory.max` − `memory.current`, v1
///   `memory.limit_in_bytes` − `memory.usage_in_bytes`, not counting as used the page cache the
///   kernel can drop (`inactive_file` of `memory.stat`).
///
/// The smallest figure wins. `DIRQ_MEMORY_CHECK=off` in the environment turns the checks off.
///
/// The estimates are meant to be low, so that a refusal is a certainty rather than a guess: a
/// file is refused only when even the least a load has been measured to take does not fit (see
/// `buildFactor`). A load that passes can still run out; the check catches the clear cases, such
/// as a 30 GB export on a 16 GB machine, before any of it is read.
public struct MemoryBudget: Sendable {
    /// A number of bytes that can still be allocated, and where it was read.
    public struct Figure: Sendable, Equatable {
        public var bytes: Int
        public var source: String
        public init(bytes: Int, source: String) {
            self.bytes = bytes
            self.source = source
        }
    }

    /// Measures the room left now; nil when it cannot be known.
    public let measure: @Sendable () -> Figure?

    public init(measure: @escaping @Sendable () -> Figure?) { self.measure = measure }

    /// This machine, read from `/proc` at each check.
    public static let system = MemoryBudget { systemFigure() }

    /// A fixed amount, for tests and embedders that know better.
    public static func fixed(_ bytes: Int, source: String = "a fixed budget") -> MemoryBudget {
        MemoryBudget { Figure(bytes: bytes, source: source) }
    }

    /// No checks.
    public static let unlimited = MemoryBudget { nil }

    // MARK: Loading

    /// Reading a file holds it once: `InputFile` reads straight into one array of its size
    /// (a byte-order mark or UTF-16 then costs one more copy, which this leaves out: a low estimate).
    package static let readFactor = 1

    /// Bytes a snapshot takes beyond the file's own bytes, per byte of file, at the least: about
    /// 30 % below every measurement. Measured: peak memory (`dirq --stats`) loading the file, less
    /// dirq's own 23 MB and the file's bytes, over the file size, in the debug build for the
    /// 20 000-user tenant and 20 000-object connector-space export of
    /// `MemoryBudgetTests.factorsStayBelowMeasurement`, objects stored by column (`ObjectStore`,
    /// text as UTF-8 bytes):
    ///
    /// | format | measured | factor here | (store copied when finished) | (objects as arrays of fields, commit 542ed55) |
    /// |---|---|---|---|---|
    /// | LDIF | 1.23 | 0.85 | 1.66 | 2.83 |
    /// | CSV  | 1.67 | 1.2 | 2.52 | 3.98 |
    /// | JSON | 1.22 | 0.85 | 1.89 | 3.69 |
    /// | XML  | 0.75 | 0.5 | 1.10 | 2.14 |
    ///
    /// The test `MemoryBudgetTests.factorsStayBelowMeasurement` fails when a leaner loader takes
    /// less than this (in the debug build it runs in), so that the check never refuses a file
    /// that would fit: lower the factor then.
    package static let buildFactor: [SnapshotFormat: Double] = [.ldif: 0.85, .csv: 1.2, .json: 0.85, .xml: 0.5, .list: 0.5]

    /// Before reading: the file must fit (`readFactor`).
    package func checkRead(path: String, size: Int) throws {
        guard let room = measure() else { return }
        let need = size.multipliedReportingOverflow(by: Self.readFactor)
        guard need.overflow || need.partialValue > room.bytes else { return }
        throw tooLarge(path: path, "reading this \(Self.describe(bytes: size)) file needs \(Self.describe(bytes: need.overflow ? Int.max : need.partialValue)) of memory (the file itself)", room)
    }

    /// After reading, before building: the snapshot must fit beside the bytes read.
    package func checkBuild(path: String, size: Int, format: SnapshotFormat) throws {
        guard let room = measure() else { return }
        let factor = Self.buildFactor[format] ?? 1
        let need = Double(size) * factor
        guard need > Double(room.bytes) else { return }
        throw tooLarge(path: path, "a snapshot of this \(Self.describe(bytes: size)) \(format.rawValue.uppercased()) file needs at least \(Self.describe(bytes: Int(min(need, Double(Int.max))))) more memory (\(Self.describe(factor: factor))× the file, an underestimate)", room)
    }

    private func tooLarge(path: String, _ what: String, _ room: Figure) -> LoadError {
        LoadError("file.too-large", at: SourceLocation(file: path, line: 1, column: 1),
                  "\(what), but only \(Self.describe(bytes: room.bytes)) is available (\(room.source))",
                  hint: "dirq holds a snapshot in memory: export fewer objects (one OU, or fewer attributes), or run dirq where more memory is free; DIRQ_MEMORY_CHECK=off skips this check")
    }

    // MARK: Queries

    /// Nil when `bytes` more fit; otherwise the room there is.
    package func shortfall(_ bytes: Int) -> Figure? {
        guard let room = measure(), bytes > room.bytes else { return nil }
        return room
    }

    // MARK: Reading the system

    /// The smallest of the system's and the cgroups' figures, or nil off Linux or when
    /// `DIRQ_MEMORY_CHECK=off`.
    package static func systemFigure(environment: [String: String] = ProcessInfo.processInfo.environment,
                             read: (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }) -> Figure? {
        if environment["DIRQ_MEMORY_CHECK"]?.lowercased() == "off" { return nil }
        var figures: [Figure] = []
        if let meminfo = read("/proc/meminfo"), let f = meminfoFigure(meminfo) { figures.append(f) }
        if let groups = read("/proc/self/cgroup") { figures += cgroupFigures(groups, read: read) }
        return figures.min { $0.bytes < $1.bytes }
    }

    /// `MemAvailable` + `SwapFree` of `/proc/meminfo` text (values in kB).
    package static func meminfoFigure(_ text: String) -> Figure? {
        var fields: [Substring: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " })
            if parts.count >= 2, let kb = Int(parts[1]) { fields[parts[0]] = kb * 1024 }
        }
        guard let available = fields["MemAvailable"] else { return nil }
        let swap = fields["SwapFree"] ?? 0
        return Figure(bytes: available + swap,
                      source: swap > 0 ? "MemAvailable + SwapFree in /proc/meminfo" : "MemAvailable in /proc/meminfo")
    }

    /// The room under each memory limit of the cgroups in `/proc/self/cgroup` text, and their parents.
    package static func cgroupFigures(_ text: String, read: (String) -> String?) -> [Figure] {
        var out: [Figure] = []
        for line in text.split(separator: "\n") {
            // hierarchy-ID:controllers:path; v2 is "0::path", v1 names "memory" among the controllers.
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let v2 = parts[0] == "0" && parts[1].isEmpty
            guard v2 || parts[1].split(separator: ",").contains("memory") else { continue }
            var path = String(parts[2])
            while true {
                let dir = path == "/" ? "" : path
                let roots = v2 ? ["/sys/fs/cgroup", "/sys/fs/cgroup/unified"] : ["/sys/fs/cgroup/memory"]
                for root in roots {
                    let d = root + dir
                    let (limitFile, usageFile, cacheKey) = v2
                        ? ("memory.max", "memory.current", "inactive_file")
                        : ("memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file")
                    guard let limitText = read(d + "/" + limitFile),
                          let limit = Int(limitText.trimmingCharacters(in: .whitespacesAndNewlines)),
                          limit < 1 << 60,  // "max" (v2) or about 2^63 (v1): no limit
                          let usage = read(d + "/" + usageFile).flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
                    else { continue }
                    let cache = read(d + "/memory.stat").flatMap { statValue($0, cacheKey) } ?? 0
                    out.append(Figure(bytes: max(0, limit - max(0, usage - cache)),
                                      source: "the cgroup limit \(d)/\(limitFile)"))
                    break
                }
                guard let slash = path.lastIndex(of: "/"), path != "/" else { break }
                path = slash == path.startIndex ? "/" : String(path[..<slash])
            }
        }
        return out
    }

    private static func statValue(_ text: String, _ key: String) -> Int? {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[0] == key { return Int(parts[1]) }
        }
        return nil
    }

    /// `1.5 GB`, `300.0 MB`, `12.0 KB`, `512 bytes`: a size for messages.
    package static func describe(bytes: Int) -> String {
        let units: [(Double, String)] = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB")]
        for (scale, unit) in units where Double(bytes) >= scale {
            return String(format: "%.1f", Double(bytes) / scale) + " " + unit
        }
        return "\(bytes) bytes"
    }

    /// `2`, `2.5`: a factor for messages.
    package static func describe(factor: Double) -> String {
        factor == factor.rounded() ? String(Int(factor)) : String(format: "%.1f", factor)
    }
}
