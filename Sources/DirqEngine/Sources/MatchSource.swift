import DirqModel
import DirqSyntax

/// `match A to B`: the objects of A with how each pairs with B, as the sync engine pairs them
/// (see `SyncMatch`). From on-prem to cloud: twin, how, value, outcome, candidates, detail and, for
/// an invalid soft match, its reason and the anchor's owner; from cloud to on-prem: twin, how,
/// outcome, the on-prem objects it is a candidate of, detail.
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
        // Each object's identity string once per snapshot, shared by every row that names it.
        let ids = (a.identities, b.identities)
        let list: ([Int], [String]) -> Value = { idx, names in .list(idx.map { .string(names[$0]) }) }
        if a.side == .onPrem || a.side == .unknown, b.side == .cloud {
            let sm = context.syncMatch(onPrem: a, cloud: b)
            var rows: [Row] = []
            rows.reserveCapacity(sm.onPremResults.count)
            for (i, r) in sm.onPremResults.enumerated() {
                try context.checkCancelled(i)
                let twin = r.twin.map { b.objects[$0] }
                rows.append(Row(object: i, values: [
                    r.twin.map { .string(ids.1[$0]) } ?? .null,
                    twin.map { .string($0.kind.rawValue) } ?? .null,
                    twin.flatMap { b.upn(of: $0) }.map { .string($0) } ?? .null,
                    .string(r.how), r.value, .string(r.outcome), list(r.candidates, ids.1), .string(r.detail),
                    r.failure.map { .string($0.rawValue) } ?? .null,
                    r.anchorOwner.map { .string(ids.0[$0]) } ?? .null,
                ]))
            }
            return Relation(shape: Shape(snapshot: a, kinds: nil, fields: onPremFields, hasObject: true), rows: rows)
        }
        if a.side == .cloud, b.side == .onPrem || b.side == .unknown {
            let sm = context.syncMatch(onPrem: b, cloud: a)
            var rows: [Row] = []
            rows.reserveCapacity(sm.cloudResults.count)
            for (i, r) in sm.cloudResults.enumerated() {
                try context.checkCancelled(i)
                rows.append(Row(object: i, values: [
                    r.twin.map { .string(ids.1[$0]) } ?? .null,
                    .string(r.how), .string(r.outcome), list(r.candidateOf, ids.1), .string(r.detail),
                ]))
            }
            return Relation(shape: Shape(snapshot: a, kinds: nil, fields: cloudFields, hasObject: true), rows: rows)
        }
        throw Diagnostic(.bindMatchSides, .error,
                         "match needs an on-prem and a cloud snapshot; '\(a.name)' is \(a.side.rawValue) and '\(b.name)' is \(b.side.rawValue)",
                         range: context.range, sourceName: context.sourceName,
                         notes: ["say the side when loading: load \"file\" as name side onprem|cloud"])
    }
}
