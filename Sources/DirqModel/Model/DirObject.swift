/// One directory object of a snapshot: its kind, where it starts in the file, and its attribute
/// values keyed by the snapshot's interned attribute ids.
public struct DirObject: Sendable {
    public struct Field: Sendable {
        // The value first: a `Value` is 17 bytes, so the 4-byte id fits in its tail padding and a
        // field takes 24 bytes, not 32 (a million objects of 17 attributes: 136 MB less).
        public var value: Value
        public var attribute: Schema.ID

        public init(attribute: Schema.ID, value: Value) {
            self.value = value
            self.attribute = attribute
        }
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
