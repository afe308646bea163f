import Foundation
import DirqModel
import DirqSyntax

/// What changed between two snapshots of the same side: objects added, removed and changed,
/// keyed on the object's stable identifier (objectGUID on-prem, `id` in the cloud — never the DN,
/// which changes on rename or move), with before/after per attribute and, for multi-valued
/// attributes, the values added and removed. An object whose source anchor changed gets a row of
/// its own: the sync engine refuses to update such an object.
package struct SnapshotDiff {
    package static let fields = ["change", "object", "kind", "attribute", "before", "after", "added", "removed", "detail"]

    package static func rows(old: Snapshot, new: Snapshot) -> [[Value]] {
        var oldByKey: [GroupKey: Int] = [:]
        for (i, o) in old.objects.enumerated() { oldByKey[key(old, o)] = i }
        var seen = Set<GroupKey>()
        var out: [[Value]] = []
        for o in new.objects {
            let k = key(new, o)
            seen.insert(k)
            let id = Value.string(new.identity(of: o)), kind = Value.string(o.kind.rawValue)
            guard let oi = oldByKey[k] else {
                out.append([.string("added"), id, kind, .null, .null, .null, .null, .null, .string("new in \(new.name)")])
                continue
            }
            let before = old.objects[oi]
            // Attributes present on either side, by case-insensitive name.
            var names: [String] = []
            var lower = Set<String>()
            for f in before.fields where lower.insert(old.schema[f.attribute].name.lowercased()).inserted {
                names.append(old.schema[f.attribute].name)
            }
            for f in o.fields where lower.insert(new.schema[f.attribute].name.lowercased()).inserted {
                names.append(new.schema[f.attribute].name)
            }
            for name in names {
                let a = old.value(of: before, name) ?? .null, b = new.value(of: o, name) ?? .null
                if same(a, b) { continue }
                let multi = a.elements.count > 1 || b.elements.count > 1 || AttributeCatalog.multiValued.contains(name.lowercased())
                var added: Value = .null, removed: Value = .null
                if multi {
                    added = .list(b.elements.filter { x in !a.elements.contains { Compare.equal($0, x) } })
                    removed = .list(a.elements.filter { x in !b.elements.contains { Compare.equal($0, x) } })
                    if added.isEmpty && removed.isEmpty { continue }  // only the order changed
                }
                out.append([.string("changed"), id, kind, .string(name), multi ? .null : a, multi ? .null : b, added, removed, .null])
            }
            let anchorBefore = old.anchor(of: before), anchorAfter = new.anchor(of: o)
            if let x = anchorBefore, let y = anchorAfter, x != y {
                out.append([.string("anchor-changed"), id, kind, .string(o.kind == .user && old.side != .cloud ? "sourceAnchor" : "onPremisesImmutableId"),
                            .string(x.text), .string(y.text), .null, .null,
                            .string("the source anchor changed; the sync engine refuses to update an object whose anchor changed")])
            }
        }
        var removed: [Int] = []
        for (i, o) in old.objects.enumerated() where !seen.contains(key(old, o)) {
            removed.append(i)
            out.append([.string("removed"), .string(old.identity(of: o)), .string(o.kind.rawValue), .null, .null, .null, .null, .null,
                        .string("gone from \(new.name)")])
        }
        out += recreated(old: old, new: new, removed: removed, added: new.objects.indices.filter { oldByKey[key(new, new.objects[$0])] == nil })
        let order = ["anchor-changed": 0, "removed": 1, "added": 2, "changed": 3]
        return out.enumerated().sorted { a, b in
            let ca = order[a.element[0].text]!, cb = order[b.element[0].text]!
            if ca != cb { return ca < cb }
            let o = Compare.sortOrder(a.element[1], b.element[1])
            if o != 0 { return o < 0 }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// A removed object and an added one of the same kind with the same DN, UPN or sAMAccountName
    /// (compared without regard to case) are one account deleted and re-created, restored from a
    /// backup, or moved in from another forest: when their anchors differ, an `anchor-changed` row
    /// says so (the removed and added rows stay). Each added object pairs with at most one removed.
    package static func recreated(old: Snapshot, new: Snapshot, removed: [Int], added: [Int]) -> [[Value]] {
        guard !removed.isEmpty, !added.isEmpty else { return [] }
        func keys(_ s: Snapshot, _ o: DirObject) -> [(String, String)] {
            var k: [(String, String)] = [("DN", s.identity(of: o).caseFolded)]
            if let u = s.upn(of: o), !u.isEmpty { k.append(("UPN", u.caseFolded)) }
            if let sam = s.value(of: o, "sAMAccountName")?.firstElement?.stringValue, !sam.isEmpty { k.append(("sAMAccountName", sam.caseFolded)) }
            return k
        }
        var byKey: [String: Int] = [:]
        for i in removed {
            let o = old.objects[i]
            for (what, k) in keys(old, o) where byKey[what + "\u{0}" + o.kind.rawValue + "\u{0}" + k] == nil {
                byKey[what + "\u{0}" + o.kind.rawValue + "\u{0}" + k] = i
            }
        }
        var used = Set<Int>()
        var out: [[Value]] = []
        for j in added {
            let o = new.objects[j]
            let candidates = keys(new, o).compactMap { (what, k) in byKey[what + "\u{0}" + o.kind.rawValue + "\u{0}" + k].map { (what, $0) } }
            guard let match = candidates.first(where: { !used.contains($0.1) }) else { continue }
            let (what, i) = match
            used.insert(i)
            guard let a = old.anchor(of: old.objects[i]), let b = new.anchor(of: o), a != b else { continue }
            out.append([.string("anchor-changed"), .string(new.identity(of: o)), .string(o.kind.rawValue),
                        .string(new.side == .cloud ? "onPremisesImmutableId" : o.kind == .user ? "sourceAnchor" : "objectGUID"), .string(a.text), .string(b.text), .null, .null,
                        .string("deleted and re-created, or moved in from another forest: a new object with the same \(what)"
                                + (old.identity(of: old.objects[i]) == new.identity(of: o) ? "" : " (was \(old.identity(of: old.objects[i])))")
                                + "; its cloud twin still carries the old anchor")])
        }
        return out
    }

    /// The stable key: objectGUID (bytes, whatever form the export used), else `id`, else the DN.
    package static func key(_ s: Snapshot, _ o: DirObject) -> GroupKey {
        for name in ["objectGUID", "id", "ObjectId"] {
            if let v = s.value(of: o, name)?.firstElement {
                if let b = GUIDText.bytes(of: v) { return .bytes(b) }
                return GroupKey(v)
            }
        }
        return .text(s.identity(of: o).lowercased())
    }

    /// Unchanged: a single value exactly as written (a change of case is a change the directory
    /// keeps), a multi-valued attribute as a set under directory comparison.
    package static func same(_ a: Value, _ b: Value) -> Bool {
        if a.isEmpty && b.isEmpty { return true }
        if a.elements.count <= 1 && b.elements.count <= 1 { return a.text == b.text }
        return Set(a.elements.map(GroupKey.init)) == Set(b.elements.map(GroupKey.init))
    }
}
