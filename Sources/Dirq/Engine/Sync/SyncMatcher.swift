import Foundation

/// Pairs on-prem objects with cloud objects the way the sync engine does, and says what the
/// engine would do with every object left over.
///
/// 1. Pairing of objects that are already synced: users by source anchor = ImmutableId (hard
///    match, case-sensitive bytes); groups by SID = `onPremisesSecurityIdentifier`; contacts (and
///    groups no SID paired) with a synced cloud object of the same kind by primary SMTP address.
/// 2. Soft match, for on-prem objects still without a twin: cloud objects not already paired whose
///    UPN equals the on-prem UPN, or whose SMTP proxy addresses contain the on-prem primary SMTP
///    address (case-insensitive, prefix ignored). The outcome is a takeover (one cloud-only
///    candidate of the same kind), ObjectTypeMismatch (a candidate of another kind),
///    InvalidSoftMatch (the candidate is synced from another anchor, or several candidates), or a
///    new cloud object (no candidate).
/// 3. Cloud objects: paired, cloud-only, or orphaned (synced, but nothing on-prem carries their
///    anchor or SID).
public struct SyncMatch: Sendable {
    /// How an on-prem object found (or did not find) its cloud twin.
    public struct OnPremResult: Sendable {
        public var twin: Int?
        /// `hard`, `sid`, `mail`, `soft-upn`, `soft-smtp`, or `none`.
        public var how: String
        /// The value that matched (the ImmutableId, SID, UPN or address).
        public var value: Value
        /// `synced`, `takeover`, `object-type-mismatch`, `invalid-soft-match`, `new`.
        public var outcome: String
        /// Soft-match candidates in the cloud snapshot.
        public var candidates: [Int]
        public var detail: String
    }

    public struct CloudResult: Sendable {
        public var twin: Int?
        public var how: String
        /// `synced`, `cloud-only`, `orphaned`.
        public var outcome: String
        /// On-prem objects whose soft match points at this object.
        public var candidateOf: [Int]
        public var detail: String
    }

    public let onPrem: Snapshot
    public let cloud: Snapshot
    public private(set) var onPremResults: [OnPremResult] = []
    public private(set) var cloudResults: [CloudResult] = []

    public init(onPrem: Snapshot, cloud: Snapshot) {
        self.onPrem = onPrem
        self.cloud = cloud
        compute()
    }

    private mutating func compute() {
        // Indexes over the cloud side.
        var byAnchor: [[UInt8]: [Int]] = [:], bySID: [String: [Int]] = [:]
        var byUPN: [String: [Int]] = [:], bySMTP: [String: [Int]] = [:], byPrimary: [String: [Int]] = [:]
        for (i, o) in cloud.objects.enumerated() {
            if case .bytes(let b)? = cloud.anchor(of: o) { byAnchor[b, default: []].append(i) }
            if let s = cloud.sid(of: o) { bySID[s, default: []].append(i) }
            if let u = cloud.upn(of: o)?.caseFolded { byUPN[u, default: []].append(i) }
            for a in cloud.smtpAddresses(of: o) { bySMTP[a, default: []].append(i) }
            if let p = cloud.primarySMTP(of: o) { byPrimary[p, default: []].append(i) }
        }
        var taken = [Int?](repeating: nil, count: cloud.objects.count)
        var cloudHow = [String](repeating: "", count: cloud.objects.count)
        onPremResults = onPrem.objects.map { _ in
            OnPremResult(twin: nil, how: "none", value: .null, outcome: "new", candidates: [], detail: "")
        }

        // 1. Pairing of synced objects.
        for (i, o) in onPrem.objects.enumerated() {
            var found: (Int, String, Value)?
            switch o.kind {
            case .user, .other:
                if case .bytes(let b)? = onPrem.anchor(of: o),
                   let c = byAnchor[b]?.first(where: { taken[$0] == nil }) {
                    found = (c, "hard", .string(Data(b).base64EncodedString()))
                }
            case .group:
                if let s = onPrem.sid(of: o), let c = bySID[s]?.first(where: { taken[$0] == nil && cloud.objects[$0].kind == .group }) {
                    found = (c, "sid", .string(s))
                }
            case .contact:
                break
            }
            if found == nil, o.kind == .group || o.kind == .contact {
                // Without an anchor or SID in the cloud export: a synced cloud object of the same
                // kind with the same primary SMTP address, else one whose addresses include one of
                // this object's (the primary may have changed on-prem and not reached the cloud).
                func usable(_ c: Int) -> Bool {
                    taken[c] == nil && cloud.objects[c].kind == o.kind && cloud.isSynced(cloud.objects[c])
                        && cloud.sid(of: cloud.objects[c]) == nil
                }
                if let p = onPrem.primarySMTP(of: o), let c = byPrimary[p]?.first(where: usable) {
                    found = (c, "mail", .string(p))
                } else {
                    for a in onPrem.smtpAddresses(of: o) {
                        if let c = byPrimary[a]?.first(where: usable) ?? bySMTP[a]?.first(where: usable) {
                            found = (c, "mail", .string(a))
                            break
                        }
                    }
                }
            }
            if let (c, how, value) = found {
                taken[c] = i
                cloudHow[c] = how
                onPremResults[i] = OnPremResult(twin: c, how: how, value: value, outcome: "synced", candidates: [],
                                                detail: "paired by \(how == "hard" ? "anchor (ImmutableId)" : how == "sid" ? "SID" : "primary SMTP address")")
            }
        }

        // 2. Soft match for the rest.
        var candidateOf = [[Int]](repeating: [], count: cloud.objects.count)
        for (i, o) in onPrem.objects.enumerated() where onPremResults[i].twin == nil {
            var candidates: [Int] = []
            var how = "none", value: Value = .null
            if o.kind == .user, let u = onPrem.upn(of: o)?.caseFolded {
                for c in byUPN[u] ?? [] where taken[c] == nil && !candidates.contains(c) {
                    candidates.append(c)
                    how = "soft-upn"
                    value = .string(u)
                }
            }
            if let p = onPrem.primarySMTP(of: o) {
                for c in bySMTP[p] ?? [] where taken[c] == nil && !candidates.contains(c) {
                    candidates.append(c)
                    if how == "none" { how = "soft-smtp"; value = .string(p) }
                }
            }
            guard !candidates.isEmpty else { continue }
            for c in candidates { candidateOf[c].append(i) }
            let names = candidates.map { describeCloud($0) }.joined(separator: ", ")
            var r = OnPremResult(twin: nil, how: how, value: value, outcome: "", candidates: candidates, detail: "")
            if let other = candidates.first(where: { cloud.objects[$0].kind != o.kind }) {
                r.outcome = "object-type-mismatch"
                r.detail = "soft match on \(value.text) finds a cloud \(cloud.objects[other].kind.rawValue) (\(describeCloud(other))), not a \(o.kind.rawValue)"
            } else if candidates.count > 1 {
                r.outcome = "invalid-soft-match"
                r.detail = "soft match is ambiguous: \(candidates.count) cloud objects hold \(value.text): \(names)"
            } else if cloud.isSynced(cloud.objects[candidates[0]]) {
                r.outcome = "invalid-soft-match"
                let theirs = cloud.anchor(of: cloud.objects[candidates[0]]).map { " (ImmutableId \($0.text))" } ?? ""
                r.detail = "soft match on \(value.text) finds \(names), which is already synced from another on-prem object\(theirs)"
            } else {
                r.outcome = "takeover"
                r.detail = "soft match on \(value.text) will take over the cloud-only \(names)"
            }
            onPremResults[i] = r
        }

        // 3. The cloud side.
        cloudResults = cloud.objects.enumerated().map { (c, o) in
            if let i = taken[c] {
                return CloudResult(twin: i, how: cloudHow[c], outcome: "synced", candidateOf: [],
                                   detail: "twin of \(onPrem.identity(of: onPrem.objects[i]))")
            }
            let cands = candidateOf[c]
            let by = cands.map { onPrem.identity(of: onPrem.objects[$0]) }.joined(separator: "; ")
            if cloud.isSynced(o) {
                var d = "synced from on-prem, but no object in \(onPrem.name) carries its "
                    + (o.kind == .group ? "SID" : "anchor")
                if !cands.isEmpty { d += "; soft-match candidate of \(by)" }
                return CloudResult(twin: nil, how: "none", outcome: "orphaned", candidateOf: cands, detail: d)
            }
            return CloudResult(twin: nil, how: "none", outcome: "cloud-only", candidateOf: cands,
                               detail: cands.isEmpty ? "created in the cloud" : "soft-match candidate of \(by)")
        }
    }

    /// The on-prem object whose identity a cloud object belongs to: its twin, else the on-prem
    /// object that soft-matches it (a takeover merges them; a failed soft match is its own finding).
    public func identityOwner(ofCloud c: Int) -> Int? {
        cloudResults[c].twin ?? cloudResults[c].candidateOf.first
    }

    private func describeCloud(_ c: Int) -> String {
        let o = cloud.objects[c]
        return cloud.upn(of: o) ?? cloud.primarySMTP(of: o) ?? cloud.identity(of: o)
    }
}
