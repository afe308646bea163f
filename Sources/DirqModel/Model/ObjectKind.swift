/// The kind of a directory object, as both sides of the sync see it.
public enum ObjectKind: String, Sendable, Hashable, CaseIterable, Comparable {
    case user, group, contact, other

    public static func < (a: ObjectKind, b: ObjectKind) -> Bool { a.index < b.index }

    /// Position in `allCases`.
    package var index: Int {
        switch self {
        case .user: return 0
        case .group: return 1
        case .contact: return 2
        case .other: return 3
        }
    }

    /// Kind from an on-prem `objectClass` value list: the last value is the most specific class
    /// (`top, person, organizationalPerson, user`), as IdFix and the sync engine read it.
    public static func fromObjectClass(_ value: Value) -> ObjectKind? {
        guard let last = value.elements.last?.stringValue else { return nil }
        return fromClassName(last)
    }

    /// Kind from one class or type name: `user`, `inetOrgPerson`, `group`, `contact`,
    /// Graph's `#microsoft.graph.orgContact`, MSOnline's `User`.
    public static func fromClassName(_ raw: String) -> ObjectKind? {
        var name = raw.lowercased()
        if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }
        if name.hasPrefix("#") { name.removeFirst() }
        switch name {
        case "user", "inetorgperson", "person", "organizationalperson", "computer": return name == "computer" ? .other : .user
        case "group", "groups": return .group
        case "contact", "orgcontact", "contacts": return .contact
        case "users": return .user
        case "": return nil
        default: return .other
        }
    }
}

/// Which directory a snapshot describes.
public enum Side: String, Sendable, Hashable {
    case onPrem = "on-prem AD"
    case cloud = "Entra ID"
    /// The sync engine's own exports: connector space, scheduler, run history, export errors.
    case engine = "sync engine"
    case unknown = "unknown"

    /// The word used in the language (`load … side onprem`).
    public var keyword: String {
        switch self {
        case .onPrem: return "onprem"
        case .cloud: return "cloud"
        case .engine: return "engine"
        case .unknown: return "unknown"
        }
    }
}
