import DirqModel
import DirqSyntax

/// `identities`: every object of the on-prem and cloud snapshots, each with the identity it
/// belongs to — an on-prem object and its synced twin (or its soft-match candidate) share one
/// (the on-prem DN); any other cloud object is an identity of its own. Columns hold the values the
/// sync engine requires to be unique: `upn`, `smtp` (addresses without prefix, lower-case), `mail`.
/// Several checks read it in one `check all`: it is cached per pair until the next load.
package enum IdentitiesSource {
    package static let entry = SourceEntry(
        name: "identities", arguments: .none,
        summary: "every object of both sides with the identity it belongs to",
        produce: { (_, context) throws(Diagnostic) in try relation(context) })

    package static let fields = ["identity", "side", "snapshot", "object", "kind", "twin", "upn", "smtp", "mail", "anchor"]

    package static func relation(_ context: SourceContext) throws(Diagnostic) -> Relation {
        let onPrem = context.latest(.onPrem) ?? context.latest(.unknown), cloud = context.latest(.cloud)
        guard onPrem != nil || cloud != nil else {
            throw Diagnostic(.bindNoSnapshot, .error, "no snapshot is loaded, so there are no identities",
                             range: context.range, sourceName: context.sourceName)
        }
        let key = (onPrem?.name ?? "") + "\u{0}" + (cloud?.name ?? "")
        return try context.caches.identities(key) { () throws(Diagnostic) in
            try build(onPrem: onPrem, cloud: cloud, context)
        }
    }

    /// One row of `identities`: an object of one side, the identity it belongs to and, for the
    /// rare row that holds only some of a cloud object's values (a soft-match candidate split
    /// between identities), which ones. Sixteen bytes; every column is computed from it when read.
    private struct Entry {
        /// Index of the object in its snapshot.
        var object: Int32
        /// The on-prem object whose DN is the identity; -1: the cloud object's own.
        var owner: Int32
        /// Index into `filters` of the values (case-folded UPN and SMTP addresses) the row keeps;
        /// -1: all of them.
        var filter: Int32
        var cloud: Bool
        /// False on the extra rows of a split object: its `mail` stays with its first row.
        var mail: Bool
    }

    private static func build(onPrem: Snapshot?, cloud: Snapshot?, _ context: SourceContext) throws(Diagnostic) -> Relation {
        let sm = onPrem.flatMap { p in cloud.map { context.syncMatch(onPrem: p, cloud: $0) } }
        var entries: [Entry] = []
        entries.reserveCapacity((onPrem?.objects.count ?? 0) + (cloud?.objects.count ?? 0))
        var filters: [Set<String>] = []
        if let p = onPrem {
            for i in p.objects.indices {
                try context.checkCancelled(i)
                entries.append(Entry(object: Int32(i), owner: Int32(i), filter: -1, cloud: false, mail: true))
            }
        }
        if let c = cloud {
            for (i, o) in c.objects.enumerated() {
                try context.checkCancelled(i)
                // A soft-match candidate belongs to the identity of the on-prem object that soft-matches
                // it: a takeover merges them, a failed soft match is reported as that failure, and
                // neither is a duplicate. A candidate that is another object's twin stays that
                // identity's, except for the values it was soft-matched by: those go, in a row of
                // their own, to the object that soft-matched it.
                let owner = Int32(sm?.identityOwner(ofCloud: i) ?? -1)
                guard let sm, sm.cloudResults[i].twin != nil, !sm.cloudResults[i].candidateOf.isEmpty else {
                    entries.append(Entry(object: Int32(i), owner: owner, filter: -1, cloud: true, mail: true))
                    continue
                }
                // Each of the object's values by the identity it belongs to, the twin's first.
                var byOwner: [(owner: Int32, values: Set<String>)] = [(owner, [])]
                for v in (c.upn(of: o).map { [$0.caseFolded] } ?? []) + c.smtpAddresses(of: o) {
                    let w = Int32(sm.identityOwner(ofCloud: i, value: v) ?? -1)
                    if let k = byOwner.firstIndex(where: { $0.owner == w }) { byOwner[k].values.insert(v) } else { byOwner.append((w, [v])) }
                }
                func filter(_ values: Set<String>) -> Int32 {
                    filters.append(values)
                    return Int32(filters.count - 1)
                }
                entries.append(Entry(object: Int32(i), owner: owner, filter: byOwner.count == 1 ? -1 : filter(byOwner[0].values),
                                     cloud: true, mail: true))
                for (other, values) in byOwner.dropFirst() {
                    entries.append(Entry(object: Int32(i), owner: other, filter: filter(values), cloud: true, mail: false))
                }
            }
        }
        let rows = entries.indices.map { Row(object: $0, values: []) }
        let shape = Shape(snapshot: nil, kinds: nil, fields: [], hasObject: false,
                          columns: columns(entries, filters, onPrem: onPrem, cloud: cloud, sm))
        return Relation(shape: shape, rows: rows)
    }

    /// The columns, in `fields` order, of the rows `entries` describe.
    private static func columns(_ entries: [Entry], _ filters: [Set<String>], onPrem: Snapshot?, cloud: Snapshot?,
                                _ sm: SyncMatch?) -> [ComputedColumn] {
        // Each object's identity text once: an identity is usually an on-prem object's own DN (its
        // row and its twin's share the string instead of reading it from the store three times).
        let onPremIdentity = onPrem?.identities ?? [], cloudIdentity = cloud?.identities ?? []
        let onPremSide = onPrem.map { Value.string($0.side.keyword) } ?? .null
        let cloudSide = cloud.map { Value.string($0.side.keyword) } ?? .null
        let onPremName = onPrem.map { Value.string($0.name) } ?? .null, cloudName = cloud.map { Value.string($0.name) } ?? .null
        let kinds = Dictionary(uniqueKeysWithValues: ObjectKind.allCases.map { ($0, Value.string($0.rawValue)) })
        func snap(_ e: Entry) -> Snapshot { e.cloud ? cloud! : onPrem! }
        func object(_ e: Entry) -> DirObject { snap(e).objects[Int(e.object)] }
        func kept(_ e: Entry) -> Set<String>? { e.filter < 0 ? nil : filters[Int(e.filter)] }
        let columns: [(String, (Entry) -> Value)] = [
            ("identity", { e in .string(e.owner >= 0 ? onPremIdentity[Int(e.owner)] : cloudIdentity[Int(e.object)]) }),
            ("side", { e in e.cloud ? cloudSide : onPremSide }),
            ("snapshot", { e in e.cloud ? cloudName : onPremName }),
            ("object", { e in .string(e.cloud ? cloudIdentity[Int(e.object)] : onPremIdentity[Int(e.object)]) }),
            ("kind", { e in kinds[object(e).kind] ?? .null }),
            ("twin", { e in
                guard let sm else { return .null }
                let i = Int(e.object)
                return e.cloud ? sm.cloudResults[i].twin.map { .string(onPremIdentity[$0]) } ?? .null
                               : sm.onPremResults[i].twin.map { .string(cloudIdentity[$0]) } ?? .null
            }),
            ("upn", { e in
                guard let u = snap(e).upn(of: object(e)) else { return .null }
                if let keep = kept(e), !keep.contains(u.caseFolded) { return .null }
                return .string(u)
            }),
            ("smtp", { e in
                let all = snap(e).smtpAddresses(of: object(e))
                guard let keep = kept(e) else { return .list(all.map { .string($0) }) }
                return .list(all.filter { keep.contains($0) }.map { .string($0) })
            }),
            ("mail", { e in e.mail ? snap(e).mailValue(of: object(e)) ?? .null : .null }),
            ("anchor", { e in snap(e).anchor(of: object(e)) ?? .null }),
        ]
        assert(columns.map(\.0) == fields)
        // `upn` and `smtp` key their elements from the snapshot's bytes for `expand … group by`
        // (the duplicate checks), except on a split row, which keys the values it keeps.
        var elementKeys: [String: ComputedColumn.ElementKeys] = [:]
        let byName = Dictionary(uniqueKeysWithValues: columns.map { ($0.0, $0.1) })
        let upn = byName["upn"]!, smtp = byName["smtp"]!
        elementKeys["upn"] = { i, keys in
            let e = entries[i]
            guard e.filter < 0 else { return ComputedColumn.keys(of: upn(e), &keys) }
            if let u = snap(e).upn(of: object(e)) { keys.append(u) }
        }
        elementKeys["smtp"] = { i, keys in
            let e = entries[i]
            guard e.filter < 0 else { return ComputedColumn.keys(of: smtp(e), &keys) }
            // As `smtpAddresses` gives them: in order, each folded address once.
            keys.keepFirstOfEqualKeys()
            snap(e).forEachSMTPAddress(of: object(e)) { a, _ in
                if a.isEmpty { keys.appendEmpty() } else { keys.append(a) }
            }
        }
        // Rows of one owner (or of one cloud object that is its own identity) have one identity.
        let identityKey: (Int) -> Int = { i in
            let e = entries[i]
            return e.owner >= 0 ? Int(e.owner) : -Int(e.object) - 1
        }
        return columns.map { name, value in
            ComputedColumn(name, elementKeys: elementKeys[name], rowKey: name == "identity" ? identityKey : nil) { i in
                value(entries[i])
            }
        }
    }
}
