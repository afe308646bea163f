import Foundation

/// The file formats dirq reads.
public enum SnapshotFormat: String, Sendable, CaseIterable {
    case ldif, csv, json
    /// `csexport … /f:x` connector-space XML.
    case xml
    /// PowerShell's default `Format-List` text (`Name : Value` lines), e.g. `Get-ADSyncScheduler`.
    case list
}

/// One loaded export: the objects of one directory at one moment, with its schema.
public struct Snapshot: Sendable {
    public var name: String
    /// The file it was read from.
    public var path: String
    public var format: SnapshotFormat
    public let side: Side
    public var schema: Schema {
        didSet { resolveAttributeIDs() }
    }
    public var objects: ObjectStore {
        didSet { keyColumns = KeyColumnCache() }
    }
    /// Group keys per attribute, computed on first use (see `KeyColumn`).
    package private(set) var keyColumns = KeyColumnCache()
    public var warnings: [LoadWarning]
    /// Set when only the attributes a script reads were loaded (see `Projection`).
    public var projection: Projection?
    /// Seconds spent loading.
    public var loadSeconds: Double = 0
    /// How objects whose content names no class got their kind, one line per reason with its
    /// count (`11 users from SamAccountName and EmailAddress columns (no class column)`).
    public var kindNotes: [String] = []

    public init(name: String, path: String, format: SnapshotFormat, side: Side, schema: Schema,
                objects: ObjectStore, warnings: [LoadWarning]) {
        self.name = name
        self.path = path
        self.format = format
        self.side = side
        self.schema = schema
        self.objects = objects
        self.warnings = warnings
        resolveAttributeIDs()
    }

    private mutating func resolveAttributeIDs() {
        identityIDs = Self.identityAttributes(side).compactMap { schema.id(of: $0) }
        syncIDs = SyncAttributeIDs(schema)
    }

    /// The attributes that identify an object, resolved once (identity is asked for every
    /// member of every group).
    private var identityIDs: [Schema.ID] = []
    /// The attributes the sync engine reads, resolved once.
    package private(set) var syncIDs = SyncAttributeIDs()

    /// Number of objects of each kind.
    public var countsByKind: [ObjectKind: Int] { objects.countsByKind }

    /// The value of `name` (an attribute or an alias) on an object.
    public func value(of object: DirObject, _ name: String) -> Value? {
        guard let id = schema.resolve(name) else { return nil }
        return object.value(id)
    }

    /// `identity(of:)` of every object, by index: made once per snapshot and kept (see
    /// `KeyColumnCache.identities(of:)`). For code that names every object (`identities`,
    /// `match`); code that names some objects asks `identity(at:)`.
    package var identities: [String] { keyColumns.identities(of: self) }

    /// `identity(of:)` of object `i`: the kept text when `identities` was made, else made now.
    package func identity(at i: Int) -> String {
        if let kept = keyColumns.keptIdentities { return kept[i] }
        return identity(of: objects[i])
    }

    /// `identity(at:)` of each object of `objects`, in their order: the same texts, each attribute
    /// read for all the objects still unnamed at once (`ObjectStore.values(of:_:)`).
    package func identities(at objects: [Int]) -> [String] {
        if let kept = keyColumns.keptIdentities { return objects.map { kept[$0] } }
        var names = [String?](repeating: nil, count: objects.count)
        var unnamed = Array(objects.indices)
        for id in identityIDs where !unnamed.isEmpty {
            let values = self.objects.values(of: unnamed.map { objects[$0] }, id)
            var still: [Int] = []
            for (n, v) in zip(unnamed, values) {
                if let name = Self.identityText(v) { names[n] = name } else { still.append(n) }
            }
            unnamed = still
        }
        for n in unnamed { names[n] = fallbackIdentity(of: self.objects[objects[n]]) }
        return names.map { $0! }
    }

    /// What identifies an object in results: the DN on-prem, the object id in the cloud,
    /// else the UPN, else the line where it starts.
    public func identity(of object: DirObject) -> String {
        for id in identityIDs {
            if let name = Self.identityText(object.value(id)) { return name }
        }
        return fallbackIdentity(of: object)
    }

    /// The identity an identity attribute's value gives: its first text when not empty, or an
    /// identifier (a GUID) as text; nil when it names nothing.
    private static func identityText(_ v: Value?) -> String? {
        switch v?.firstElement {
        case .string(let s)? where !s.isEmpty: return s
        case let v? where v.isIdentifier: return v.text
        default: return nil
        }
    }

    /// An object without any identity attribute: the file and the line where it starts.
    private func fallbackIdentity(of object: DirObject) -> String {
        // The file name without Foundation's URL, which asks the file system each time.
        let name = path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? path[...]
        return "\(name):\(object.line)"
    }

    package static func identityAttributes(_ side: Side) -> [String] {
        switch side {
        case .cloud: return ["id", "ObjectId", "userPrincipalName", "mail", "displayName"]
        case .engine: return ["cs-dn", "dn", "csObjectId", "id", "RunNumber", "ObjectId", "Name", "userPrincipalName"]
        case .onPrem, .unknown: return ["dn", "distinguishedName", "id", "ObjectId", "userPrincipalName", "displayName"]
        }
    }
}
