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

    private static func build(onPrem: Snapshot?, cloud: Snapshot?, _ context: SourceContext) throws(Diagnostic) -> Relation {
        let sm = onPrem.flatMap { p in cloud.map { context.syncMatch(onPrem: p, cloud: $0) } }
        var rows: [Row] = []
        // Each object's identity text once: an identity is usually an on-prem object's own DN (its
        // row and its twin's share the string instead of reading it from the store three times).
        let onPremIdentity = onPrem?.identities ?? [], cloudIdentity = cloud?.identities ?? []
        // One row; `values` narrows the UPN and SMTP addresses to those in it (case-folded).
        func row(_ snap: Snapshot, _ o: DirObject, object: String, identity: String, twin: String?,
                 values: Set<String>? = nil, mail: Bool = true) -> Row {
            let upn = snap.upn(of: o).flatMap { u in values.map { $0.contains(u.caseFolded) } ?? true ? u : nil }
            let smtp = snap.smtpAddresses(of: o).filter { a in values.map { $0.contains(a) } ?? true }
            return Row(object: -1, values: [
                .string(identity), .string(snap.side.keyword), .string(snap.name), .string(object),
                .string(o.kind.rawValue), twin.map { .string($0) } ?? .null,
                upn.map { .string($0) } ?? .null,
                .list(smtp.map { .string($0) }),
                mail ? snap.mailValue(of: o) ?? .null : .null,
                snap.anchor(of: o) ?? .null,
            ])
        }
        if let p = onPrem {
            for (i, o) in p.objects.enumerated() {
                try context.checkCancelled(i)
                let twin = sm?.onPremResults[i].twin.map { cloudIdentity[$0] }
                rows.append(row(p, o, object: onPremIdentity[i], identity: onPremIdentity[i], twin: twin))
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
                let twinIndex = sm?.cloudResults[i].twin
                let twin = twinIndex.map { onPremIdentity[$0] }
                func identity(_ owner: Int?) -> String { owner.map { onPremIdentity[$0] } ?? cloudIdentity[i] }
                let owner = sm?.identityOwner(ofCloud: i)
                guard let sm, twinIndex != nil, !sm.cloudResults[i].candidateOf.isEmpty else {
                    rows.append(row(c, o, object: cloudIdentity[i], identity: identity(owner), twin: twin))
                    continue
                }
                // Each of the object's values by the identity it belongs to, the twin's first.
                var byOwner: [(owner: Int?, values: Set<String>)] = [(owner, [])]
                for v in (c.upn(of: o).map { [$0.caseFolded] } ?? []) + c.smtpAddresses(of: o) {
                    let w = sm.identityOwner(ofCloud: i, value: v)
                    if let k = byOwner.firstIndex(where: { $0.owner == w }) { byOwner[k].values.insert(v) } else { byOwner.append((w, [v])) }
                }
                rows.append(row(c, o, object: cloudIdentity[i], identity: identity(owner), twin: twin,
                                values: byOwner.count == 1 ? nil : byOwner[0].values))
                for (other, values) in byOwner.dropFirst() {
                    rows.append(row(c, o, object: cloudIdentity[i], identity: identity(other), twin: twin, values: values,
                                    mail: false))
                }
            }
        }
        return Relation(shape: Shape(snapshot: nil, kinds: nil, fields: fields, hasObject: false), rows: rows)
    }
}
