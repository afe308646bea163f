import DirqModel
import DirqSyntax

/// `match A to B`: the objects of A with how each pairs with B, as the sync engine pairs them
/// (see `SyncMatch`). From on-prem to cloud: twin, how, value, outcome, candidates, detail and, for
/// an invalid soft match, its reason and the anchor's owner; from cloud to on-prem: twin, how,
/// outcome, the on-prem objects it is a candidate of, detail.
///
/// The rows are A's objects (the session's cached rows, without values) and the columns are
/// computed from the cached `SyncMatch` when read: a check's `match … where outcome = …` reads
/// one column of each object and makes the others only for the rows it keeps.
package enum MatchSource {
    package static let entry = SourceEntry(
        name: "match", arguments: .snapshotPair(syntax: "match A to B"),
        summary: "pairs the sides as the sync engine does",
        produce: { (pair, context) throws(Diagnostic) in try relation(pair!, context) })

    package static let onPremFields = ["twin", "twin_kind", "twin_upn", "how", "value", "outcome", "candidates", "detail",
                               "reason", "anchor_owner"]
    package static let cloudFields = ["twin", "how", "outcome", "candidate_of", "detail"]

    package static func relation(_ m: SourceRef.MatchSpec, _ context: SourceContext) throws(Diagnostic) -> Relation {
        guard let a = context.snapshot(named: m.from) else { throw context.unknownSnapshot(m.from) }
        guard let b = context.snapshot(named: m.to) else { throw context.unknownSnapshot(m.to) }
        let rows = context.caches.objectRows(of: a, kinds: nil)
        if a.side == .onPrem || a.side == .unknown, b.side == .cloud {
            let sm = context.syncMatch(onPrem: a, cloud: b)
            let shape = Shape(snapshot: a, kinds: nil, fields: [], hasObject: true,
                              columns: onPremColumns(sm.onPremResults, from: a, to: b))
            return Relation(shape: shape, rows: rows)
        }
        if a.side == .cloud, b.side == .onPrem || b.side == .unknown {
            let sm = context.syncMatch(onPrem: b, cloud: a)
            let shape = Shape(snapshot: a, kinds: nil, fields: [], hasObject: true,
                              columns: cloudColumns(sm.cloudResults, to: b))
            return Relation(shape: shape, rows: rows)
        }
        throw Diagnostic(.bindMatchSides, .error,
                         "match needs an on-prem and a cloud snapshot; '\(a.name)' is \(a.side.rawValue) and '\(b.name)' is \(b.side.rawValue)",
                         range: context.range, sourceName: context.sourceName,
                         notes: ["say the side when loading: load \"file\" as name side onprem|cloud"])
    }

    /// The columns of `match onprem to cloud`, in `onPremFields` order. Each reads the one field
    /// it shows (`results[i].outcome`), not a copy of the whole result.
    private static func onPremColumns(_ results: [SyncMatch.OnPremResult], from a: Snapshot, to b: Snapshot) -> [ComputedColumn] {
        // Each object's identity string once per snapshot, shared by every value that names it.
        let mine = a.identities, theirs = b.identities
        func names(_ idx: [Int], _ names: [String]) -> Value { .list(idx.map { .string(names[$0]) }) }
        let columns: [ComputedColumn] = [
            ComputedColumn("twin") { i in results[i].twin.map { .string(theirs[$0]) } ?? .null },
            ComputedColumn("twin_kind") { i in results[i].twin.map { .string(b.objects[$0].kind.rawValue) } ?? .null },
            ComputedColumn("twin_upn") { i in results[i].twin.flatMap { b.upn(of: b.objects[$0]) }.map { .string($0) } ?? .null },
            ComputedColumn("how") { i in .string(results[i].how) },
            ComputedColumn("value") { i in results[i].value },
            ComputedColumn("outcome") { i in .string(results[i].outcome) },
            ComputedColumn("candidates") { i in names(results[i].candidates, theirs) },
            ComputedColumn("detail") { i in .string(results[i].detail) },
            ComputedColumn("reason") { i in results[i].failure.map { .string($0.rawValue) } ?? .null },
            ComputedColumn("anchor_owner") { i in results[i].anchorOwner.map { .string(mine[$0]) } ?? .null },
        ]
        assert(columns.map(\.name) == onPremFields)
        return columns
    }

    /// The columns of `match cloud to onprem`, in `cloudFields` order.
    private static func cloudColumns(_ results: [SyncMatch.CloudResult], to b: Snapshot) -> [ComputedColumn] {
        let theirs = b.identities
        let columns: [ComputedColumn] = [
            ComputedColumn("twin") { i in results[i].twin.map { .string(theirs[$0]) } ?? .null },
            ComputedColumn("how") { i in .string(results[i].how) },
            ComputedColumn("outcome") { i in .string(results[i].outcome) },
            ComputedColumn("candidate_of") { i in .list(results[i].candidateOf.map { .string(theirs[$0]) }) },
            ComputedColumn("detail") { i in .string(results[i].detail) },
        ]
        assert(columns.map(\.name) == cloudFields)
        return columns
    }
}
