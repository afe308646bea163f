import DirqModel
import DirqSyntax

/// The sources a query can read besides objects, `let` tables and snapshot names — each one file
/// in this folder. An entry names itself, says what it takes, and makes its rows from a
/// `SourceContext`; `Session` only looks the name up here (`Session.resolveSource`).
package struct SourceEntry: Sendable {
    /// What follows the name in a query.
    package enum Arguments: Equatable, Sendable {
        /// `identities`
        case none
        /// `match A to B`, `diff A B`: two snapshots (or side names), written as `syntax` shows.
        case snapshotPair(syntax: String)
    }

    package let name: String
    package let arguments: Arguments
    /// One line for `bind.unknown-source` notes and the help.
    package let summary: String
    /// The rows. `pair` is set exactly when `arguments` is `.snapshotPair`.
    package let produce: @Sendable (_ pair: SourceRef.MatchSpec?, _ context: SourceContext) throws(Diagnostic) -> Relation
}

/// Every catalogue source, in the order help and suggestions list them.
package enum SourceCatalog {
    package static let entries: [SourceEntry] = [
        IdentitiesSource.entry, MatchSource.entry, DiffSource.entry, HealthSource.entry, ExportErrorsSource.entry,
    ]

    package static func named(_ name: String) -> SourceEntry? {
        entries.first { $0.name.caseInsensitiveEquals(name) }
    }

    /// The names a query can read by name alone (`identities`, not `match`, which needs its pair).
    package static var bareNames: [String] { entries.filter { $0.arguments == .none }.map(\.name) }

    /// The entry a source reference names and its pair: `match A to B` and `diff A B` by their
    /// syntax, the others by name. Nil: not a catalogue source.
    package static func lookup(_ ref: SourceRef) -> (SourceEntry, SourceRef.MatchSpec?)? {
        if let m = ref.match { return named("match").map { ($0, m) } }
        if let d = ref.diff { return named("diff").map { ($0, d) } }
        guard ref.snapshot == nil, let e = named(ref.name), e.arguments == .none else { return nil }
        return (e, nil)
    }
}

extension Relation {
    /// Rows of plain columns (no object behind them): what most catalogue sources give.
    package init(fields: [String], rows: [[Value]]) {
        self.init(shape: Shape(snapshot: nil, kinds: nil, fields: fields, hasObject: false),
                  rows: rows.map { Row(object: -1, values: $0) })
    }
}
