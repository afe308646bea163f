/// The attributes that occur in one snapshot, interned: each distinct name (compared
/// case-insensitively) gets a small integer id that objects use instead of the string.
public struct Schema: Sendable {
    public typealias ID = Int32

    public struct Attribute: Sendable {
        /// The spelling first seen in the file.
        public var name: String
        /// How many objects of each kind carry a non-empty value (indexed like ObjectKind.allCases:
        /// an array, not a dictionary, because loading updates it for every value of every object).
        package var kindCounts: [Int] = [0, 0, 0, 0]
        /// How many objects of each kind carry a non-empty value.
        public var counts: [ObjectKind: Int] {
            var d: [ObjectKind: Int] = [:]
            for (i, k) in ObjectKind.allCases.enumerated() where kindCounts[i] > 0 { d[k] = kindCounts[i] }
            return d
        }
        /// True when at least one object holds more than one value.
        public var multiValued = false
        /// Value types seen, one bit per `Value.typeCode` (a set of strings would cost a hash per
        /// loaded value).
        package var typeBits: UInt16 = 0
        /// Value types seen (`string`, `bytes`, …).
        public var types: Set<String> {
            Set(Value.typeNames.indices.filter { typeBits & (1 << $0) != 0 }.map { Value.typeNames[$0] })
        }
    }

    public private(set) var attributes: [Attribute] = []
    private var byLowerName: [String: ID] = [:]
    private var byExactName: [String: ID] = [:]

    public init() {}

    /// The id of `name`, compared case-insensitively, if any object has it.
    public func id(of name: String) -> ID? {
        if let id = byExactName[name] { return id }
        return byLowerName[name.lowercased()]
    }

    /// The id of `name`, adding it when new.
    public mutating func intern(_ name: String) -> ID {
        if let id = byExactName[name] { return id }
        let lower = name.lowercased()
        if let id = byLowerName[lower] {
            byExactName[name] = id
            return id
        }
        let id = ID(attributes.count)
        attributes.append(Attribute(name: name))
        byLowerName[lower] = id
        byExactName[name] = id
        return id
    }

    /// Counts one object's non-empty value of an attribute, in place (this runs once per value of
    /// every loaded object: no copies of the attribute's dictionaries).
    package mutating func record(_ id: ID, kind: ObjectKind, value: Value) {
        let i = Int(id)
        attributes[i].kindCounts[kind.index] += 1
        let first: Value
        if case .list(let l) = value {
            if l.count > 1 { attributes[i].multiValued = true }
            guard let f = l.first else { return }
            first = f
        } else {
            first = value
        }
        attributes[i].typeBits |= 1 << first.typeCode
    }

    /// `record` for a text value of `strings` strings (a list when `listed`), without building it.
    package mutating func recordText(_ id: ID, kind: ObjectKind, strings: Int, listed: Bool) {
        let i = Int(id)
        attributes[i].kindCounts[kind.index] += 1
        if strings > 1 { attributes[i].multiValued = true }
        if strings > 0 || !listed { attributes[i].typeBits |= 1 << Self.stringTypeCode }
    }

    private static let stringTypeCode = Value.string("").typeCode

    /// Adds another schema's counts of an attribute to attribute `id` (merging parallel loads).
    package mutating func absorbCounts(of other: Attribute, into id: ID) {
        let i = Int(id)
        for k in 0..<attributes[i].kindCounts.count { attributes[i].kindCounts[k] += other.kindCounts[k] }
        attributes[i].multiValued = attributes[i].multiValued || other.multiValued
        attributes[i].typeBits |= other.typeBits
    }

    public subscript(id: ID) -> Attribute {
        get { attributes[Int(id)] }
        set { attributes[Int(id)] = newValue }
    }

    /// Resolves a name the way queries do: the attribute itself, else the first real attribute an
    /// alias stands for that this schema has.
    public func resolve(_ name: String) -> ID? {
        if let id = id(of: name) { return id }
        for real in AttributeCatalog.aliases[name.lowercased()] ?? [] {
            if let id = id(of: real) { return id }
        }
        return nil
    }

    /// The names present on objects of the given kinds (all kinds when `kinds` is nil).
    public func names(for kinds: Set<ObjectKind>? = nil) -> [String] {
        attributes.filter { attr in
            guard let kinds else { return true }
            return kinds.contains { (attr.counts[$0] ?? 0) > 0 }
        }.map(\.name)
    }
}
