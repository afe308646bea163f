/// One directory object of a snapshot: its kind, where it starts in the file, and its attribute
/// values keyed by the snapshot's interned attribute ids.
public struct DirObject: Sendable {
    public struct Field: Sendable {
        public var attribute: Schema.ID
        public var value: Value
    }

    public var kind: ObjectKind
    /// Line of the file where the object's record starts (1-based).
    public var line: Int
    public internal(set) var fields: [Field]

    public init(kind: ObjectKind, line: Int, fields: [Field] = []) {
        self.kind = kind
        self.line = line
        self.fields = fields
    }

    /// The value of an attribute, or nil when the object does not carry it.
    public func value(_ id: Schema.ID) -> Value? {
        for f in fields where f.attribute == id { return f.value }
        return nil
    }
}
