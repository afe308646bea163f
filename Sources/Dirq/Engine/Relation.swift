import DirqModel
import DirqSyntax

/// The rows flowing through a query, and what names they answer to.
///
/// A row is either an object of a snapshot (its attributes are available) plus computed columns
/// (`expand … as p`), or plain computed columns (after `select`, `group by`, `count`). A group row
/// also keeps its member rows, so `having max(whenCreated) > …` can look into them.
struct Row {
    /// Index of the object in its snapshot, or -1.
    var object: Int
    var values: [Value]
    var members: [Row]?
}

/// The names the rows of a relation answer to.
final class Shape: @unchecked Sendable {
    /// The snapshot whose objects the rows refer to.
    let snapshot: Snapshot?
    /// The snapshot's objects, held apart so that reading an attribute does not copy the snapshot.
    let objects: ObjectStore
    let kinds: Set<ObjectKind>?
    let fields: [String]
    /// For each field, the canonical text of the expression that made it (group keys), so that
    /// `group by p.address … select p.address` reads the key instead of the members.
    let fieldExprs: [String?]
    let hasObject: Bool
    /// For group rows: the shape of the members.
    let members: Shape?

    init(snapshot: Snapshot?, kinds: Set<ObjectKind>?, fields: [String], fieldExprs: [String?]? = nil,
         hasObject: Bool, members: Shape? = nil) {
        self.snapshot = snapshot
        self.objects = snapshot?.objects ?? ObjectStore()
        self.kinds = kinds
        self.fields = fields
        self.fieldExprs = fieldExprs ?? fields.map { _ in nil }
        self.hasObject = hasObject
        self.members = members
    }

    func fieldIndex(_ name: String) -> Int? {
        fields.lastIndex { $0.caseInsensitiveEquals(name) }
    }

    func adding(field: String) -> Shape {
        Shape(snapshot: snapshot, kinds: kinds, fields: fields + [field], fieldExprs: fieldExprs + [nil],
              hasObject: hasObject, members: members)
    }
}

/// A query's result before rendering.
struct Relation {
    var shape: Shape
    var rows: [Row]
    /// Things the person should know about this result (left-out objects and the like).
    var notes: [String] = []
}

/// A finished result: named columns and rows of values, ready to render.
public struct ResultTable: Sendable, Hashable {
    public var columns: [String]
    public var rows: [[Value]]

    public init(columns: [String], rows: [[Value]]) {
        self.columns = columns
        self.rows = rows
    }
}
