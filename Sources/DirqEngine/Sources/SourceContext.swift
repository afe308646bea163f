import Foundation
import DirqModel
import DirqSyntax

/// What a catalogue source reads when it runs: the loaded snapshots, which of them the statement
/// compares, the caches, the interrupt flag, the memory budget and "now" — explicit values, so a
/// source is a function of its context and never reaches into the `Session` that built it.
package struct SourceContext {
    /// The snapshots in load order.
    package var snapshots: [Snapshot]
    /// The snapshot `users`, `groups`, … read.
    package var currentName: String?
    /// While a check runs: the on-prem and cloud snapshots it compares (`check … on A, B`, else
    /// the latest of each side). `onprem` and `cloud` then name this pair.
    package var scope: (onPrem: Snapshot?, cloud: Snapshot?)?
    /// Sync matches and `identities` per pair, kept until the next load.
    package var caches: SourceCaches
    /// Set from another thread (Ctrl-C) to stop a source that walks every object.
    package var cancellation: Cancellation?
    /// The memory a source's rows are checked against.
    package var memory: MemoryBudget = .system
    /// "Now" for `health`: `health at "…"`, else the clock.
    package var referenceTime: Double?
    /// Where the query that reads the source is: every diagnostic a source raises points here.
    package var range: Range<Int> = 0..<0
    package var sourceName: String = ""

    package init(snapshots: [Snapshot], currentName: String?, scope: (onPrem: Snapshot?, cloud: Snapshot?)? = nil,
                 caches: SourceCaches, cancellation: Cancellation? = nil, memory: MemoryBudget = .system,
                 referenceTime: Double? = nil, range: Range<Int> = 0..<0, sourceName: String = "") {
        self.snapshots = snapshots
        self.currentName = currentName
        self.scope = scope
        self.caches = caches
        self.cancellation = cancellation
        self.memory = memory
        self.referenceTime = referenceTime
        self.range = range
        self.sourceName = sourceName
    }

    package var current: Snapshot? { snapshots.first { $0.name == currentName } }

    /// The snapshot of a side that queries across sides use: the current one if it is of that
    /// side, else the most recently loaded one. While a check runs, the pair it compares.
    package func latest(_ side: Side) -> Snapshot? {
        if let scope {
            if side == .onPrem { return scope.onPrem }
            if side == .cloud { return scope.cloud }
        }
        if let c = current, c.side == side { return c }
        return snapshots.last { $0.side == side }
    }

    /// The pair most sources compare: the latest on-prem and the latest cloud snapshot.
    package var pair: (onPrem: Snapshot?, cloud: Snapshot?) { (latest(.onPrem), latest(.cloud)) }

    /// A snapshot by name, else by side: `onprem` (or `ad`) and `cloud` (or `entra`) name the
    /// latest snapshot of that side. While a check runs they name the pair it compares, even when
    /// a snapshot of another pair is literally named `cloud`.
    package func snapshot(named name: String) -> Snapshot? {
        let side: Side? = switch name.lowercased() {
        case "onprem", "ad", "on-prem": .onPrem
        case "cloud", "entra", "aad": .cloud
        default: nil
        }
        if scope != nil, let side { return latest(side) }
        if let s = snapshots.first(where: { $0.name.caseInsensitiveEquals(name) }) { return s }
        return side.flatMap(latest)
    }

    /// The sync engine's pairing of two snapshots (cached in `caches`).
    package func syncMatch(onPrem: Snapshot, cloud: Snapshot) -> SyncMatch {
        caches.syncMatch(onPrem: onPrem, cloud: cloud)
    }

    /// The pairing of the latest on-prem and cloud snapshots, when both are loaded.
    package var pairMatch: SyncMatch? {
        let (p, c) = pair
        return p.flatMap { p in c.map { syncMatch(onPrem: p, cloud: $0) } }
    }

    /// The engine exports loaded: the newest scheduler, run history and connector space.
    package var engineSnapshots: (scheduler: Snapshot?, runs: Snapshot?, connectorSpace: Snapshot?) {
        let engine = snapshots.filter { $0.side == .engine }
        return (engine.last { $0.schema.id(of: "SyncCycleEnabled") != nil },
                engine.last { $0.schema.id(of: "RunProfileName") != nil },
                engine.last { $0.format == .xml })
    }

    /// Stops a loop over objects when the person pressed Ctrl-C (checked every 4096 objects).
    package func checkCancelled(_ i: Int) throws(Diagnostic) {
        guard i & 4095 == 0, let cancellation, cancellation.isCancelled else { return }
        throw Diagnostic(.evalInterrupted, .error, "interrupted", range: range, sourceName: sourceName)
    }

    package func unknownSnapshot(_ name: String) -> Diagnostic {
        var notes: [String] = []
        if let s = suggest(name, among: snapshots.map(\.name)) { notes.append("did you mean '\(s)'?") }
        notes.append(snapshots.isEmpty ? "no snapshot is loaded" : "loaded: " + snapshots.map(\.name).joined(separator: ", "))
        return Diagnostic(.bindUnknownSnapshot, .error, "no snapshot named '\(name)'", range: range,
                          sourceName: sourceName, notes: notes)
    }
}

/// What sources compute once per pair of snapshots and reuse until the next load: the sync
/// engine's pairing (`match`, every check that compares the sides, `explain`, `fix`) and
/// `identities` (read by several checks in one `check all`).
///
/// `check all` runs its checks on two threads (`Session.reports(of:)`), so every cache has a lock,
/// held while an entry is made: a check that needs the pairing another check is computing waits
/// for it instead of computing it a second time. Making `identities` reads the pairing, so the
/// locks are taken in that order only (identities, then matches).
package final class SourceCaches: @unchecked Sendable {
    private let matchLock = NSLock(), identitiesLock = NSLock(), rowsLock = NSLock()
    private var matches: [String: SyncMatch] = [:]
    private var identities: [String: Relation] = [:]
    /// The rows of `users`, `objects`, … per snapshot store and set of kinds (one bit per kind).
    private var objectRows: [ObjectRowsKey: [Row]] = [:]
    private struct ObjectRowsKey: Hashable {
        var store: ObjectIdentifier
        var kinds: Int
    }

    package init() {}

    /// One row per object of `snap` of the `kinds` (all when nil), made once per snapshot and
    /// set of kinds and kept until the next load: at the prompt every question starts from these
    /// rows, and a fresh million-row array each time was a sixth of a warm question (its pages
    /// faulted in anew).
    package func objectRows(of snap: Snapshot, kinds: Set<ObjectKind>?) -> [Row] {
        var mask = 0
        for k in kinds ?? Set(ObjectKind.allCases) { mask |= 1 << k.index }
        let key = ObjectRowsKey(store: ObjectIdentifier(snap.objects.storage), kinds: mask)
        rowsLock.lock()
        defer { rowsLock.unlock() }
        if let rows = objectRows[key] { return rows }
        var rows: [Row] = []
        rows.reserveCapacity(snap.objects.count)
        let objectKinds = snap.objects.storage.kinds
        for i in objectKinds.indices where mask & (1 << objectKinds[i].index) != 0 {
            rows.append(Row(object: i, values: []))
        }
        objectRows[key] = rows
        return rows
    }

    package func syncMatch(onPrem: Snapshot, cloud: Snapshot) -> SyncMatch {
        let key = onPrem.name + "\u{0}" + cloud.name
        matchLock.lock()
        defer { matchLock.unlock() }
        if let m = matches[key] { return m }
        let m = SyncMatch(onPrem: onPrem, cloud: cloud)
        matches[key] = m
        return m
    }

    package func identities(_ key: String, _ make: () throws(Diagnostic) -> Relation) throws(Diagnostic) -> Relation {
        identitiesLock.lock()
        defer { identitiesLock.unlock() }
        if let r = identities[key] { return r }
        let r = try make()
        identities[key] = r
        return r
    }

    /// Forgets everything: a snapshot was loaded or replaced.
    package func reset() {
        for lock in [identitiesLock, matchLock, rowsLock] { lock.lock() }
        matches = [:]
        identities = [:]
        objectRows = [:]
        for lock in [rowsLock, matchLock, identitiesLock] { lock.unlock() }
    }
}
