/// The attributes a script reads. When a whole script is known before its files are loaded (a
/// script file or `-e` statements, not the prompt), loaders keep only these attributes' values:
/// a question about UPNs does not need to build strings for the thirty other attributes of
/// every object. Names of the other attributes are still recorded in the schema; their values
/// are not read, so problems in them (bad base64, text that is not UTF-8) are not reported.
///
/// A projection errs on the side of keeping: every name that appears anywhere in the script is
/// kept, with what its alias stands for, plus what identifies an object, decides its kind and
/// its side, the sync engine's anchors, and the columns shown for object rows. A statement that
/// looks at whole objects (`describe`, `check`, `explain`, `health`, `lesson`, `match`, `diff`,
/// `identities`, a join that returns the joined object) needs every attribute: then there is no
/// projection.
public struct Projection: Sendable, Hashable {
    /// Case-folded attribute names.
    public private(set) var names: Set<String>

    public init<S: Sequence>(names: S) where S.Element == String {
        self.names = Set(names.map(\.caseFolded))
        for n in Self.alwaysKept { self.names.insert(n.caseFolded) }
    }

    /// True when values of `name` are kept.
    public func wants(_ name: String) -> Bool { names.contains(name.caseFolded) }

    /// What every snapshot keeps: what decides an object's kind and what identifies it, on
    /// every side (the snapshot's own lists, so that a projected object has the same identity).
    package static let alwaysKept: [String] = SnapshotBuilder.kindHintNames
        + [Side.onPrem, .cloud, .engine, .unknown].flatMap(Snapshot.identityAttributes)

    /// What the `anchor` pseudo-attribute reads (Snapshot.anchor).
    package static let anchorAttributes = [
        "mS-DS-ConsistencyGuid", "msDS-ConsistencyGuid", "objectGUID", "onPremisesImmutableId", "ImmutableId", "sourceAnchor",
    ]

    /// Attributes shown for objects when a query has no `select` (a projection keeps them).
    package static let defaultColumns = ["displayName", "userPrincipalName", "mail"]
}
