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

/// A column a catalogue source computes from a row's object index when an expression reads it,
/// instead of holding a value in every row: `match`'s outcome, `identities`' UPN. The source keeps
/// what it computes from (the sync matches, an index per row) in compact arrays; a million rows
/// then cost a million `Row`s without values, and a `where outcome = …` that keeps ten of them
/// makes ten values, not ten million.
package struct ComputedColumn: @unchecked Sendable {
    package let name: String
    /// The value of the row whose object index is given (0 ≤ index < the source's row count).
    package let value: (Int) -> Value
    /// For a column whose values are text or lists of text, when the source can key them without
    /// making them: gives `keys` each element of row `i`'s value in the order of
    /// `value(i).elements` (its text, to be numbered as `FoldedTextTable` numbers it, or that it is
    /// empty), so that `expand … group by` numbers the elements from the snapshot's bytes (see
    /// `ExpandGroup.runOnComputedKeys`).
    package let elementKeys: ElementKeys?
    package typealias ElementKeys = (_ row: Int, _ keys: inout ElementKeySink) -> Void
    /// A number per row such that two rows with one number have equal values (the converse need
    /// not hold): `count(distinct(identity))` over a group's rows makes one value per number
    /// instead of one per row (see `Group.keepOnMembers`).
    package let rowKey: ((Int) -> Int)?

    package init(_ name: String, elementKeys: ElementKeys? = nil, rowKey: ((Int) -> Int)? = nil,
                 _ value: @escaping (Int) -> Value) {
        self.name = name
        self.value = value
        self.elementKeys = elementKeys
        self.rowKey = rowKey
    }

    /// `elementKeys` from the values themselves: each element's text (empty ones as empty).
    /// What a source uses for the rows it has no faster way for.
    package static func keys(of v: Value, _ keys: inout ElementKeySink) {
        for e in v.elements {
            guard case .string(var s) = e, !s.isEmpty else {
                assert(e.isEmpty, "elementKeys is for columns of text")
                keys.appendEmpty()
                continue
            }
            s.withUTF8 { keys.append($0) }
        }
    }
}

/// Where `ComputedColumn.elementKeys` puts the elements of a row. Their texts are folded and
/// numbered a batch of rows at a time (`FoldedBatch`), so that the table's cache misses overlap.
package struct ElementKeySink {
    /// Per element given since the last `number(in:)`: its place in the batch, or -1 when empty.
    private var pending: [Int32] = []
    /// Per row given since then: its row, where its elements end in `pending`, and whether it
    /// keeps only the first of equal keys.
    private var rows: [(row: Int, end: Int, distinct: Bool)] = []
    private var batch = FoldedBatch()
    private var found: [Int32] = []

    package init() {}

    /// Starts the elements of `row` (the caller's number for it).
    package mutating func begin(row: Int) {
        rows.append((row, pending.count, false))
    }

    /// Of the current row's elements with one key, only the first counts.
    package mutating func keepFirstOfEqualKeys() {
        rows[rows.count - 1].distinct = true
    }

    /// An element whose key is `text`'s.
    package mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        pending.append(Int32(batch.count))
        batch.append(text)
        rows[rows.count - 1].end = pending.count
    }

    /// An element whose key is `text`'s.
    package mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// An empty element (key -1).
    package mutating func appendEmpty() {
        pending.append(-1)
        rows[rows.count - 1].end = pending.count
    }

    /// Whether enough texts wait to be numbered together.
    package var isFull: Bool { batch.count >= FoldedBatch.size }

    /// Numbers the waiting texts in `table` and appends each element of the rows given since the
    /// last call, in order: its row to `rows`, its place among the row's kept elements to
    /// `elements`, its key (-1 when empty) to `keys`; `empty` counts the rows without elements.
    package mutating func number(in table: inout FoldedTextTable, rows out: inout [Int32], elements: inout [UInt32],
                                 keys: inout [Int32], empty: inout Int) {
        table.number(of: &batch, into: &found)
        var start = 0
        for r in rows {
            let first = keys.count
            for p in pending[start..<r.end] {
                let k = p < 0 ? -1 : found[Int(p)]
                if r.distinct && keys[first...].contains(k) { continue }
                out.append(Int32(r.row))
                elements.append(UInt32(keys.count - first))
                keys.append(k)
            }
            if keys.count == first { empty += 1 }
            start = r.end
        }
        pending.removeAll(keepingCapacity: true)
        rows.removeAll(keepingCapacity: true)
        found.removeAll(keepingCapacity: true)
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
    /// The source's computed columns (see `ComputedColumn`), read by the row's `object`. They
    /// come before `fields` in a result and are carried by every shape whose rows keep their
    /// object (`where`, `expand`, a group's members, `ungroup`); a name is looked up in `fields`
    /// first, so a column `expand … as x` adds hides a computed one of that name.
    package let columns: [ComputedColumn]
    /// For each field, the canonical text of the expression that made it (group keys), so that
    /// `group by p.address … select p.address` reads the key instead of the members.
    package let fieldExprs: [String?]
    package let hasObject: Bool
    /// For group rows: the shape of the members.
    package let members: Shape?

    package init(snapshot: Snapshot?, kinds: Set<ObjectKind>?, fields: [String], fieldExprs: [String?]? = nil,
         hasObject: Bool, members: Shape? = nil, columns: [ComputedColumn] = []) {
        self.snapshot = snapshot
        self.columns = columns
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

    /// The computed column of this name (the last, as for fields).
    package func columnIndex(_ name: String) -> Int? {
        columns.lastIndex { $0.name.caseInsensitiveEquals(name) }
    }

    /// Whether a field or a computed column answers to `name`.
    package func hasColumn(_ name: String) -> Bool {
        fieldIndex(name) != nil || columnIndex(name) != nil
    }

    /// The names of a result's columns after the object's own: computed columns, then fields.
    package var columnNames: [String] { columns.map(\.name) + fields }

    /// The values of the computed columns of a row, in `columns` order (none for a row without
    /// an object).
    package func computedValues(_ r: Row) -> [Value] {
        guard !columns.isEmpty else { return [] }
        return columns.map { r.object >= 0 ? $0.value(r.object) : .null }
    }

    /// A row's value of a field or computed column by name; nil when neither answers to it.
    package func value(named name: String, of r: Row) -> Value? {
        if let i = fieldIndex(name) { return i < r.values.count ? r.values[i] : .null }
        if let k = columnIndex(name) { return r.object >= 0 ? columns[k].value(r.object) : .null }
        return nil
    }

    package func adding(field: String) -> Shape {
        Shape(snapshot: snapshot, kinds: kinds, fields: fields + [field], fieldExprs: fieldExprs + [nil],
              hasObject: hasObject, members: members, columns: columns)
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
        // Read in place: `allSatisfy` copies each row, a retain and a release of its values and
        // members per row (a tenth of a warm anti join of a million users).
        return rows.withUnsafeBufferPointer { r in
            for i in r.indices where r[i].object < 0 || r[i].object >= n { return false }
            return true
        }
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
