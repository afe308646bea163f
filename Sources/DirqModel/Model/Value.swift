import Foundation

/// One attribute value as dirq sees it.
///
/// A value is typed by what its attribute is (`AttributeType`, from the catalogue), whatever the
/// file: `whenCreated` is a date from LDIF, csvde, Export-Csv and JSON alike, `objectSid` a SID
/// whether written as bytes or as `S-1-5-…`. Attributes the catalogue does not know keep the
/// type their file gave them (text from LDIF and CSV, JSON's own types), and the engine reads a
/// string as a number, boolean, date, GUID or SID when it is compared with one.
/// A multi-valued attribute is a `.list`; nested JSON objects (for example the entries of
/// `onPremisesProvisioningErrors`) are `.record`s.
public enum Value: Sendable, Hashable {
    case null
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    /// An instant, exact to the 100-ns tick, with the offset it was written in (display only).
    case date(DirDate)
    /// Raw bytes of a binary attribute (`objectGUID`, `objectSid`, certificates); shown as base64.
    case bytes([UInt8])
    case list([Value])
    case record(Record)
    /// A GUID (`objectGUID`, Graph `id`), however the export wrote it.
    case guid(GUIDValue)
    /// A security identifier (`objectSid`, `onPremisesSecurityIdentifier`), bytes or `S-1-…` text.
    case sid(SIDValue)
    /// A length of time in 100-ns ticks: a literal `30d`, `12h`, `15m`, `10s`, or a date minus a date.
    case duration(Int64)

    /// True for `null`, the empty string and the empty list: what `is empty` tests.
    public var isEmpty: Bool {
        switch self {
        case .null: return true
        case .string(let s): return s.isEmpty
        case .list(let l): return l.allSatisfy(\.isEmpty)
        default: return false
        }
    }

    /// The values of a multi-valued attribute, or this value alone. `null` has none.
    /// The first of `elements`, without building the array.
    public var firstElement: Value? {
        switch self {
        case .null: return nil
        case .list(let l): return l.first
        default: return self
        }
    }

    public var elements: [Value] {
        switch self {
        case .null: return []
        case .list(let l): return l
        default: return [self]
        }
    }

    /// The string if this is a string value.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// True for the typed values that name an object: GUIDs, SIDs and integers (a run number).
    package var isIdentifier: Bool {
        switch self {
        case .guid, .sid, .int: return true
        default: return false
        }
    }

    /// A small number per `typeName` (index into `typeNames`).
    package var typeCode: Int {
        switch self {
        case .null: return 0
        case .string: return 1
        case .int, .double: return 2
        case .bool: return 3
        case .date: return 4
        case .bytes: return 5
        case .list: return 6
        case .record: return 7
        case .guid: return 8
        case .sid: return 9
        case .duration: return 10
        }
    }

    /// The names of the type codes.
    package static let typeNames = ["null", "string", "number", "bool", "date", "bytes", "list", "record", "guid", "sid", "duration"]

    /// A short name of the value's type, used in `describe` and in messages.
    public var typeName: String { Self.typeNames[typeCode] }
}

/// An ordered set of named values: a nested JSON object, a computed row, or an object of a
/// snapshot (a joined row: `join cloud.objects as c`).
/// Field names are looked up case-insensitively, as directory attribute names are.
public struct Record: Sendable, Hashable {
    private var storage: Storage

    private enum Storage: Sendable {
        case fields([Field])
        /// Object `index` of a snapshot, then computed fields: its attributes are read from the
        /// snapshot's columns when asked for, not copied into every joined row. Boxed, so that a
        /// record (and so every `Value`) stays as small as an array.
        indirect case object(ObjectRecords, index: Int, then: [Field])
    }

    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: Value
        public init(name: String, value: Value) {
            self.name = name
            self.value = value
        }
    }

    public init(_ fields: [Field] = []) { storage = .fields(fields) }

    /// Object `index` of `objects`' snapshot as a record (`object`, `kind`, then each attribute it
    /// carries), followed by `extra`.
    package init(object index: Int, of objects: ObjectRecords, then extra: [Field] = []) {
        storage = .object(objects, index: index, then: extra)
    }

    /// Every field, in order.
    public var fields: [Field] {
        get {
            switch storage {
            case .fields(let f): return f
            case .object(let objects, let i, let extra): return objects.fields(of: i) + extra
            }
        }
        set { storage = .fields(newValue) }
    }

    /// The value of the first field of this name.
    public subscript(name: String) -> Value? {
        switch storage {
        case .fields(let f):
            return f.first { $0.name.caseInsensitiveEquals(name) }?.value
        case .object(let objects, let i, let extra):
            return objects.value(of: i, named: name) ?? extra.first { $0.name.caseInsensitiveEquals(name) }?.value
        }
    }

    public static func == (a: Record, b: Record) -> Bool { a.fields == b.fields }
    public func hash(into hasher: inout Hasher) { hasher.combine(fields) }
}

/// The objects of one snapshot, read as records (see `Record.init(object:of:then:)`): one
/// reference shared by every record of a join.
package final class ObjectRecords: Sendable {
    package let snapshot: Snapshot

    package init(_ snapshot: Snapshot) { self.snapshot = snapshot }

    package func fields(of i: Int) -> [Record.Field] {
        let o = snapshot.objects[i]
        var out: [Record.Field] = [.init(name: "object", value: .string(snapshot.identity(at: i))),
                                   .init(name: "kind", value: .string(o.kind.rawValue))]
        for f in o.fields { out.append(.init(name: snapshot.schema[f.attribute].name, value: f.value)) }
        return out
    }

    /// The value `fields(of: i)` holds under `name`, or nil when it has no such field.
    package func value(of i: Int, named name: String) -> Value? {
        let o = snapshot.objects[i]
        if name.caseInsensitiveEquals("object") { return .string(snapshot.identity(at: i)) }
        if name.caseInsensitiveEquals("kind") { return .string(o.kind.rawValue) }
        return snapshot.schema.id(of: name).flatMap { o.value($0) }
    }
}
