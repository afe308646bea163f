/// One directory object of a snapshot, as a view into the snapshot's `ObjectStore`: its kind,
/// where it starts in the file, and its attribute values keyed by the snapshot's attribute ids.
public struct DirObject: Sendable {
    public struct Field: Sendable {
        public var value: Value
        public var attribute: Schema.ID

        public init(attribute: Schema.ID, value: Value) {
            self.value = value
            self.attribute = attribute
        }
    }

    private let storage: ObjectStore.Storage
    /// The object's position in its snapshot.
    public let index: Int

    package init(storage: ObjectStore.Storage, index: Int) {
        self.storage = storage
        self.index = index
    }

    public var kind: ObjectKind { storage.kinds[index] }
    /// Line of the file where the object's record starts (1-based).
    public var line: Int { Int(storage.lines[index]) }

    /// The value of an attribute, or nil when the object does not carry it.
    @inline(__always)
    public func value(_ id: Schema.ID) -> Value? {
        let a = Int(id)
        return a < storage.columns.count ? storage.columns[a].value(index) : nil
    }

    /// How many attributes the object carries (without reading their values).
    public var fieldCount: Int {
        var n = 0
        for c in storage.columns where index < c.codes.count && c.codes[index] != 0 { n += 1 }
        return n
    }

    /// The attributes the object carries with their values, in the order of the snapshot's schema
    /// (the order the file first named them).
    public var fields: [Field] {
        var out: [Field] = []
        for (a, c) in storage.columns.enumerated() {
            if let v = c.value(index) { out.append(Field(attribute: Schema.ID(a), value: v)) }
        }
        return out
    }
}
