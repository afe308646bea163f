import DirqModel
import DirqSyntax

/// `diff A B`: what changed between two snapshots of the same side (see `SnapshotDiff`).
package enum DiffSource {
    package static let entry = SourceEntry(
        name: "diff", arguments: .snapshotPair(syntax: "diff old new"),
        summary: "changes between two snapshots of one side, keyed on objectGUID / id",
        produce: { (pair, context) throws(Diagnostic) in try relation(pair!, context) })

    package static func relation(_ d: SourceRef.MatchSpec, _ context: SourceContext) throws(Diagnostic) -> Relation {
        guard let a = context.snapshot(named: d.from) else { throw context.unknownSnapshot(d.from) }
        guard let b = context.snapshot(named: d.to) else { throw context.unknownSnapshot(d.to) }
        guard a.side == b.side else {
            throw Diagnostic(.bindDiffSides, .error, "diff compares two snapshots of the same side; '\(a.name)' is \(a.side.rawValue) and '\(b.name)' is \(b.side.rawValue)",
                             range: context.range, sourceName: context.sourceName, notes: ["to compare the two sides, use: match onprem to cloud"])
        }
        return Relation(fields: SnapshotDiff.fields, rows: SnapshotDiff.rows(old: a, new: b))
    }
}
