import DirqModel
import DirqSyntax

/// The rows flowing through a query, and what names they answer to.
///
/// A row is either an object of a snapshot (its attributes are available) plus computed columns
/// (`expand … as p`), or plain computed columns (after `select`, `group by`, `count`). A group row
/// also keeps its member rows, so `having max(whenCreated) > …` can look into them.
package struct Row {
    /// Index of the object in its snapshot, or -1.
    package var object: Int
    package var values: [Value]
    package var members: [Row]?

    package init(object: Int, values: [Value], members: [Row]? = nil) {
        self.object = object
        self.values = values
        self.members = members
    }
}

/// The names the rows of a relation answer to.
package final class Shape: @unchecked Sendable {
    /// The snapshot whose objects the rows refer to.
    package let snapshot: Snapshot?
    /// The snapshot's objects, held apart so that reading an attribute does not copy the snapshot.
    package let objects: ObjectStore
    /// `objects.count`, read once (the store's count is not inlined across modules, and every
    /// attribute read of every row checks its object against it).
    package let objectCount: Int
    package let kinds: Set<ObjectKind>?
    package let fields: [String]
    /// For each field, the canonical text of the expression that made it (group keys), so that
    /// `group by p.address … select p.address` reads the key instead of the members.
    package let fieldExprs: [String?]
    package let hasObject: Bool
    /// For group rows: the shape of the members.
    package let members: Shape?

    package init(snapshot: Snapshot?, kinds: Set<ObjectKind>?, fields: [String], fieldExprs: [String?]? = nil,
         hasObject: Bool, members: Shape? = nil) {
        self.snapshot = snapshot
        self.objects = snapshot?.objects ?? ObjectStore()
        self.objectCount = objects.count
        self.kinds = kinds
        self.fields = fields
        self.fieldExprs = fieldExprs ?? fields.map { _ in nil }
        self.hasObject = hasObject
        self.members = members
    }

    package func fieldIndex(_ name: String) -> Int? {
        fields.lastIndex { $0.caseInsensitiveEquals(name) }
    }

    package func adding(field: String) -> Shape {
        Shape(snapshot: snapshot, kinds: kinds, fields: fields + [field], fieldExprs: fieldExprs + [nil],
              hasObject: hasObject, members: members)
    }
}

/// A query's result before rendering.
package struct Relation {
    package var shape: Shape
    package var rows: [Row]
    /// Things the person should know about this result (left-out objects and the like).
    package var notes: [String] = []

    package init(shape: Shape, rows: [Row], notes: [String] = []) {
        self.shape = shape
        self.rows = rows
        self.notes = notes
    }

    /// Whether every row is an object of the shape's snapshot (so its attributes can be read
    /// from the snapshot's columns by object index).
    package var rowsAreObjects: Bool {
        let n = shape.objectCount
        return rows.allSatisfy { $0.object >= 0 && $0.object < n }
    }
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
