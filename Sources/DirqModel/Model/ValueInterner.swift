/// Shares the storage of values that repeat across objects: an `objectClass` list (the same four
/// classes on every user), an `objectCategory` DN, a `memberOf` of a few big groups. One copy is
/// kept per distinct value and every object refers to it (Swift strings and arrays are shared
/// references), so a million users hold one `top; person; organizationalPerson; user` list, not
/// a million.
///
/// Per attribute it decides from the first `sample` values: if fewer than half of them repeat an
/// earlier one (a DN, a UPN, a GUID), it stops looking, so unique attributes cost a few hundred
/// hash lookups per load and nothing after. Values that Swift stores inline (numbers, dates,
/// GUIDs, strings of at most 15 UTF-8 bytes) are never worth sharing and are skipped.
package struct ValueInterner: Sendable {
    package static let sample = 256

    private enum State {
        case sampling(seen: Int, hits: Int)
        case on
        case off
    }

    private var states: [State] = []
    private var tables: [[Value: Value]] = []

    package init() {}

    /// `value` of attribute `id`, or an equal value stored earlier.
    package mutating func intern(_ value: Value, attribute id: Schema.ID) -> Value {
        guard Self.worthSharing(value) else { return value }
        let i = Int(id)
        if i >= states.count {
            states.append(contentsOf: repeatElement(.sampling(seen: 0, hits: 0), count: i + 1 - states.count))
            tables.append(contentsOf: repeatElement([:], count: i + 1 - tables.count))
        }
        switch states[i] {
        case .off:
            return value
        case .on:
            if let shared = tables[i][value] { return shared }
            tables[i][value] = value
            return value
        case .sampling(let seen, let hits):
            let shared = tables[i][value]
            if shared == nil { tables[i][value] = value }
            let (s, h) = (seen + 1, hits + (shared == nil ? 0 : 1))
            if s < Self.sample {
                states[i] = .sampling(seen: s, hits: h)
            } else if 2 * h >= s {
                states[i] = .on
            } else {
                states[i] = .off
                tables[i] = [:]
            }
            return shared ?? value
        }
    }

    private static func worthSharing(_ v: Value) -> Bool {
        switch v {
        case .string(let s): return s.utf8.count > 15
        case .list(let l): return !l.isEmpty
        case .bytes(let b): return b.count > 16
        default: return false
        }
    }
}
