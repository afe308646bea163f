import Foundation
import DirqModel
import DirqSyntax

/// Pairs on-prem objects with cloud objects the way the sync engine does, and says what the
/// engine would do with every object left over.
///
/// 1. Pairing of objects that are already synced: users by source anchor = ImmutableId (hard
///    match, case-sensitive bytes); groups by SID = `onPremisesSecurityIdentifier`; contacts (and
///    groups no SID paired) with a synced cloud object of the same kind by primary SMTP address.
/// 2. Soft match, for on-prem objects still without a twin: every cloud object whose UPN equals the
///    on-prem UPN, or whose SMTP proxy addresses contain the on-prem primary SMTP address
///    (case-insensitive, prefix ignored) — including cloud objects already paired in step 1,
///    because the engine looks the value up in the whole tenant and only then sees that the object
///    it found already carries an anchor. The outcome is a takeover (one cloud-only candidate of
///    the same kind), ObjectTypeMismatch (a candidate of another kind), InvalidSoftMatch (see
///    `SoftMatchFailure`: several candidates, or the one candidate is already synced — from another
///    on-prem object of the snapshot, or from an anchor nothing on-prem has), or a new cloud object
///    (no candidate).
/// 3. Cloud objects: paired, cloud-only, or orphaned (synced, but nothing on-prem carries their
///    anchor or SID).
///
/// Only kinds that both snapshots contain are compared: with a users-only on-prem export
/// (`Get-ADUser`) and a full Graph export, a synced cloud group has no source in the on-prem
/// file because the file holds no groups, not because the group is orphaned. An object without
/// a twin whose kind (user, group, contact) the other snapshot does not hold at all is
/// `not-compared`, and `uncomparedKinds` says which kinds and why. So is a group without a
/// mail address when the cloud export has no SID at all (`Get-MsolGroup` does not show
/// `onPremisesSecurityIdentifier`): nothing in the files can pair it.
public struct SyncMatch: Sendable {
    /// How an on-prem object found (or did not find) its cloud twin.
    public struct OnPremResult: Sendable {
        public var twin: Int?
        /// `hard`, `sid`, `mail`, `soft-upn`, `soft-smtp`, or `none`.
        public var how: String
        /// The value that matched (the ImmutableId, SID, UPN or address). An ImmutableId is
        /// written out when asked for, from the anchor's bytes (`AnchorTexts`): made for each of
        /// a million synced users, its text was a string per object.
        public var value: Value {
            get { anchor.map { .string($0.texts.immutableID($0.key)) } ?? stored }
            set {
                stored = newValue
                anchor = nil
            }
        }
        private var stored: Value
        private var anchor: (texts: AnchorTexts, key: Int32)?
        /// `synced`, `takeover`, `object-type-mismatch`, `invalid-soft-match`, `new`, or
        /// `not-compared` (the cloud snapshot holds no object of its kind).
        public var outcome: String
        /// Soft-match candidates in the cloud snapshot.
        public var candidates: [Int]
        public var detail: String
        /// Why the soft match is invalid, when `outcome` is `invalid-soft-match`.
        public var failure: SoftMatchFailure? = nil
        /// For `alreadySynced`: the on-prem object whose anchor (or SID) the candidate carries —
        /// the candidate's twin.
        public var anchorOwner: Int? = nil

        init(twin: Int?, how: String, value: Value, outcome: String, candidates: [Int], detail: String) {
            (self.twin, self.how, self.stored, self.outcome, self.candidates, self.detail) =
                (twin, how, value, outcome, candidates, detail)
        }

        /// A user paired by its anchor, anchor number `key` of `texts`.
        init(twin: Int, anchor key: Int32, of texts: AnchorTexts, detail: String) {
            self.init(twin: twin, how: "hard", value: .null, outcome: "synced", candidates: [], detail: detail)
            anchor = (texts, key)
        }
    }

    /// The anchors a match numbered (their bytes), for the ImmutableId of each user paired by one.
    final class AnchorTexts: Sendable {
        let table: FoldedTextTable

        init(_ table: FoldedTextTable) { self.table = table }

        /// The ImmutableId (base64) of anchor number `k`.
        func immutableID(_ k: Int32) -> String {
            table.withKey(Int(k)) { Data($0).base64EncodedString() }
        }
    }

    /// Why a soft match is InvalidSoftMatch (declared with the model, where the generator plants each kind).
    public typealias SoftMatchFailure = DirqModel.SoftMatchFailure

    public struct CloudResult: Sendable {
        public var twin: Int?
        public var how: String
        /// `synced`, `cloud-only`, `orphaned`, or `not-compared` (synced, but the on-prem
        /// snapshot holds no object of its kind).
        public var outcome: String
        /// On-prem objects whose soft match points at this object.
        public var candidateOf: [Int]
        /// What happened to it, in a sentence. A twin's plain `twin of <DN>` is made when asked
        /// for, from the on-prem snapshot's identities (`twinNames`): made for each of a million
        /// synced objects it was a tenth of `check all`'s memory.
        public var detail: String {
            get { twinNames.flatMap { names in twin.map { "twin of " + names[$0] } } ?? text }
            set {
                text = newValue
                twinNames = nil
            }
        }
        private var text: String
        private var twinNames: [String]?

        public init(twin: Int?, how: String, outcome: String, candidateOf: [Int], detail: String) {
            (self.twin, self.how, self.outcome, self.candidateOf, self.text) = (twin, how, outcome, candidateOf, detail)
        }

        /// A twin with no other detail than whose it is.
        init(twin: Int, how: String, names: [String]) {
            (self.twin, self.how, self.outcome, self.candidateOf, self.text) = (twin, how, "synced", [], "")
            twinNames = names
        }
    }

    public let onPrem: Snapshot
    public let cloud: Snapshot
    public private(set) var onPremResults: [OnPremResult] = []
    public private(set) var cloudResults: [CloudResult] = []
    /// Paired cloud object → case-folded value → the on-prem object that soft-matched it by that
    /// value (see `identityOwner(ofCloud:value:)`). Sparse: most objects have none.
    private var claims: [Int: [String: Int]] = [:]
    /// Kinds (user, group, contact) that one snapshot holds and the other does not, with the
    /// snapshot that lacks them.
    public private(set) var uncomparedKinds: [(kind: ObjectKind, missingIn: Side)] = []
    /// Groups on either side left not-compared because the cloud export has no SID and they no
    /// mail address, and why (nil when there are none).
    public private(set) var unpairableGroups: (onPrem: Int, cloud: Int, why: String)?

    public init(onPrem: Snapshot, cloud: Snapshot) {
        self.onPrem = onPrem
        self.cloud = cloud
        compute()
    }

    /// The user, group and contact kinds a snapshot holds.
    package static func kinds(of s: Snapshot) -> Set<ObjectKind> {
        Set(s.countsByKind.filter { $0.key != .other && $0.value > 0 }.keys)
    }

    // One string each, shared by every synced object (interpolating per object allocated one each).
    private static let pairedByAnchor = "paired by anchor (ImmutableId)"
    private static let newDetail = "no cloud object pairs with it by anchor, SID, UPN or primary SMTP address: the next export creates one"
    private static let pairedBySID = "paired by SID"
    private static let pairedByMail = "paired by primary SMTP address"

    private mutating func compute() {
        let onPremKinds = Self.kinds(of: onPrem), cloudKinds = Self.kinds(of: cloud)
        // Groups pair by SID; an export without any SID attribute leaves mail as the only way.
        let cloudHasSID = !cloud.syncIDs.sid.isEmpty
        let noSID = "\(cloud.name) has no onPremisesSecurityIdentifier (Get-MsolGroup does not export it)"
            + " and the group no mail address to pair by"
        uncomparedKinds = ObjectKind.allCases.compactMap { k in
            if onPremKinds.contains(k) && !cloudKinds.contains(k) { return (k, .cloud) }
            if cloudKinds.contains(k) && !onPremKinds.contains(k) { return (k, .onPrem) }
            return nil
        }
        // Indexes over the cloud side: anchors numbered by their bytes, each number's objects in
        // a flat index; SIDs (a few) by their text. No string is kept per value: a million keys
        // in dictionaries of strings were a third of matching, half of it freeing them.
        // Sized once: growing tables of a million keys rehashes each about 20 times.
        let n = cloud.objects.count
        var anchors = FoldedTextTable(capacity: n)
        var byAnchor = NumberedIndex(capacity: n), bySID = MultiIndex<String>(capacity: n / 8)
        // Per anchor number: the cloud users (and others) that hold it, which only an on-prem
        // user's (or other's) anchor can take.
        var userHolders: [Int32] = []
        // Anchors are numbered a batch at a time (`FoldedBatch`): batch entry `k` is the anchor of
        // cloud object `waiting[k]`.
        var batch = FoldedBatch(), waiting: [Int] = [], found: [Int32] = []
        func numberAnchors() {
            anchors.number(of: &batch, into: &found)
            for (k, i) in waiting.enumerated() {
                let n = Int(found[k])
                byAnchor.add(Int32(n), i)
                if n == userHolders.count { userHolders.append(0) }
                if cloud.objects[i].kind == .user || cloud.objects[i].kind == .other { userHolders[n] += 1 }
            }
            waiting.removeAll(keepingCapacity: true)
            found.removeAll(keepingCapacity: true)
        }
        for (i, o) in cloud.objects.enumerated() {
            if case .bytes(let b)? = cloud.anchor(of: o) {
                b.withUnsafeBufferPointer { batch.append(exact: $0) }
                waiting.append(i)
                if batch.count == FoldedBatch.size { numberAnchors() }
            }
            if let s = cloud.sid(of: o) { bySID.add(s, i) }
        }
        numberAnchors()
        // Each on-prem user's anchor number, and which objects may look up a UPN or an address:
        // every group and contact (paired by mail, soft-matched by its primary address), and
        // each user whose anchor may leave it unpaired. A user surely pairs when at least as many
        // cloud users hold its anchor as on-prem users do: nothing else can take those.
        var anchorNumber = [Int32](repeating: -1, count: onPrem.objects.count)
        var onPremHolders = [Int32](repeating: 0, count: anchors.count)
        func findAnchors() {
            anchors.find(&batch, into: &found)
            for (k, i) in waiting.enumerated() where found[k] >= 0 {
                anchorNumber[i] = found[k]
                onPremHolders[Int(found[k])] += 1
            }
            waiting.removeAll(keepingCapacity: true)
            found.removeAll(keepingCapacity: true)
        }
        for (i, o) in onPrem.objects.enumerated() where o.kind == .user || o.kind == .other {
            guard case .bytes(let b)? = onPrem.anchor(of: o) else { continue }
            b.withUnsafeBufferPointer { batch.append(exact: $0) }
            waiting.append(i)
            if batch.count == FoldedBatch.size { findAnchors() }
        }
        findAnchors()
        // The texts those objects may look up, numbered; the cloud side is indexed by these alone.
        var texts = FoldedTextTable(capacity: 1024)
        for (i, o) in onPrem.objects.enumerated() {
            switch o.kind {
            case .user, .other:
                let k = Int(anchorNumber[i])
                if k >= 0 && userHolders[k] >= onPremHolders[k] { continue }
                if o.kind == .user, let u = onPrem.upn(of: o) { _ = texts.number(of: u) }
                if let p = onPrem.primarySMTP(of: o) { _ = texts.number(of: p) }
            case .group, .contact:
                if let p = onPrem.primarySMTP(of: o) { _ = texts.number(of: p) }
                for a in onPrem.smtpAddresses(of: o) { _ = texts.number(of: a) }
            }
        }
        var byUPN = NumberedIndex(capacity: 0), bySMTP = NumberedIndex(capacity: 0), byPrimary = NumberedIndex(capacity: 0)
        var addresses: [Int32] = []
        var scratch: [UInt8] = []
        for (i, o) in cloud.objects.enumerated() {
            if let u = cloud.upn(of: o), let k = texts.find(u, scratch: &scratch) { byUPN.add(k, i) }
            // `smtpAddresses` and `primarySMTP` of the object, as numbers of texts looked up.
            addresses.removeAll(keepingCapacity: true)
            var primary: Int32 = -1, primaryFound = false
            cloud.forEachSMTPAddress(of: o) { a, isPrimary in
                let k = texts.find(a, scratch: &scratch)
                if isPrimary && !primaryFound {
                    primaryFound = true
                    primary = k ?? -1
                }
                guard let k, !addresses.contains(k) else { return }
                addresses.append(k)
                bySMTP.add(k, i)
            }
            if !primaryFound, let m = cloud.mailAddress(of: o) { primary = texts.find(m, scratch: &scratch) ?? -1 }
            if primary >= 0 { byPrimary.add(primary, i) }
        }
        var taken = [Int?](repeating: nil, count: cloud.objects.count)
        var cloudHow = [String](repeating: "", count: cloud.objects.count)
        onPremResults = onPrem.objects.map { _ in
            OnPremResult(twin: nil, how: "none", value: .null, outcome: "new", candidates: [], detail: Self.newDetail)
        }

        // 1. Pairing of synced objects.
        let anchorTexts = AnchorTexts(anchors)
        for (i, o) in onPrem.objects.enumerated() {
            var found: (Int, String, Value)?
            switch o.kind {
            case .user, .other:
                if anchorNumber[i] >= 0, let c = byAnchor.values(anchorNumber[i]).first(where: { taken[$0] == nil }) {
                    taken[c] = i
                    cloudHow[c] = "hard"
                    onPremResults[i] = OnPremResult(twin: c, anchor: anchorNumber[i], of: anchorTexts, detail: Self.pairedByAnchor)
                    continue
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
                if let p = onPrem.primarySMTP(of: o), let c = byPrimary.values(texts.find(p)).first(where: usable) {
                    found = (c, "mail", .string(p))
                } else {
                    for a in onPrem.smtpAddresses(of: o) {
                        let k = texts.find(a)
                        if let c = byPrimary.values(k).first(where: usable) ?? bySMTP.values(k).first(where: usable) {
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
                                                detail: how == "sid" ? Self.pairedBySID : Self.pairedByMail)
            }
        }

        // 2. Soft match for the rest. A candidate may be paired already (step 1): the engine finds
        // it by the value all the same, and then fails because it carries another anchor.
        var candidateOf = [[Int]](repeating: [], count: cloud.objects.count)
        for (i, o) in onPrem.objects.enumerated() where onPremResults[i].twin == nil {
            if o.kind != .other && !cloudKinds.contains(o.kind) {
                onPremResults[i].outcome = "not-compared"
                onPremResults[i].detail = "\(cloud.name) holds no \(o.kind.rawValue)s, so whether this one is in the cloud is not known"
                continue
            }
            if o.kind == .group && !cloudHasSID && onPrem.smtpAddresses(of: o).isEmpty && onPrem.primarySMTP(of: o) == nil {
                onPremResults[i].outcome = "not-compared"
                onPremResults[i].detail = noSID
                unpairableGroups = ((unpairableGroups?.onPrem ?? 0) + 1, unpairableGroups?.cloud ?? 0, noSID)
                continue
            }
            var candidates: [Int] = []
            var how = "none", value: Value = .null
            if o.kind == .user, let u = onPrem.upn(of: o)?.caseFolded {
                for c in byUPN.values(texts.find(u)) where !candidates.contains(c) {
                    candidates.append(c)
                    how = "soft-upn"
                    value = .string(u)
                }
            }
            if let p = onPrem.primarySMTP(of: o) {
                for c in bySMTP.values(texts.find(p)) where !candidates.contains(c) {
                    candidates.append(c)
                    if how == "none" { how = "soft-smtp"; value = .string(p) }
                }
            }
            guard !candidates.isEmpty else { continue }
            for c in candidates { candidateOf[c].append(i) }
            let names = candidates.map { describeCloud($0) }.joined(separator: ", ")
            var r = OnPremResult(twin: nil, how: how, value: value, outcome: "", candidates: candidates, detail: "")
            let by = how == "soft-upn" ? "UPN" : "primary SMTP address"
            if let other = candidates.first(where: { cloud.objects[$0].kind != o.kind }) {
                r.outcome = "object-type-mismatch"
                r.detail = "soft match on \(value.text) finds a cloud \(cloud.objects[other].kind.rawValue) (\(describeCloud(other))), not a \(o.kind.rawValue)"
            } else if candidates.count > 1 {
                r.outcome = "invalid-soft-match"
                r.failure = .ambiguous
                r.detail = "soft match is ambiguous: \(candidates.count) cloud objects hold \(value.text): "
                    + candidates.map { c in
                        describe(c, matched: .null) + (taken[c].map { " (synced from \(onPrem.identity(of: onPrem.objects[$0])))" } ?? "")
                    }.joined(separator: "; ")
            } else if let owner = taken[candidates[0]] {
                let c = candidates[0]
                r.outcome = "invalid-soft-match"
                r.failure = .alreadySynced
                r.anchorOwner = owner
                let ownerName = onPrem.identity(of: onPrem.objects[owner])
                let carries: String
                switch cloudHow[c] {
                case "hard": carries = "already carries the anchor of \(ownerName) (ImmutableId \(onPremResults[owner].value.text))"
                case "sid": carries = "is already synced from \(ownerName) (SID \(onPremResults[owner].value.text))"
                default: carries = "is already synced from \(ownerName) (paired by primary SMTP address)"
                }
                r.detail = "soft match by \(by) \(value.text) finds \(describe(c, matched: value)), which \(carries)"
            } else if cloud.isSynced(cloud.objects[candidates[0]]) {
                let co = cloud.objects[candidates[0]]
                r.outcome = "invalid-soft-match"
                r.failure = .orphanedAnchor
                let theirs = cloud.anchor(of: co).map { "ImmutableId \($0.text)" }
                    ?? cloud.sid(of: co).map { "SID \($0)" } ?? "onPremisesSyncEnabled true"
                r.detail = "soft match by \(by) \(value.text) finds \(describe(candidates[0], matched: value)), which is already synced from an anchor no object in \(onPrem.name) carries (\(theirs))"
            } else {
                r.outcome = "takeover"
                r.detail = "soft match on \(value.text) will take over the cloud-only \(names)"
            }
            onPremResults[i] = r
        }

        // 3. The cloud side. A paired object keeps the on-prem objects that soft-match it, so
        // that their failure can name it.
        let onPremIdentity = onPrem.identities
        cloudResults = cloud.objects.enumerated().map { (c, o) in
            let cands = candidateOf[c]
            let by = cands.map { onPremIdentity[$0] }.joined(separator: "; ")
            if let i = taken[c] {
                guard !cands.isEmpty else { return CloudResult(twin: i, how: cloudHow[c], names: onPremIdentity) }
                return CloudResult(twin: i, how: cloudHow[c], outcome: "synced", candidateOf: cands,
                                   detail: "twin of " + onPremIdentity[i] + "; soft-match candidate of \(by)")
            }
            if cloud.isSynced(o) && o.kind != .other && !onPremKinds.contains(o.kind) {
                return CloudResult(twin: nil, how: "none", outcome: "not-compared", candidateOf: cands,
                                   detail: "synced from on-prem, but \(onPrem.name) holds no \(o.kind.rawValue)s to look for its source in")
            }
            if cloud.isSynced(o) && o.kind == .group && !cloudHasSID && cloud.primarySMTP(of: o) == nil {
                unpairableGroups = (unpairableGroups?.onPrem ?? 0, (unpairableGroups?.cloud ?? 0) + 1, noSID)
                return CloudResult(twin: nil, how: "none", outcome: "not-compared", candidateOf: cands, detail: "synced, but " + noSID)
            }
            if cloud.isSynced(o) {
                var d = "synced from on-prem, but no object in \(onPrem.name) carries its "
                    + (o.kind == .group ? "SID" : "anchor")
                if !cands.isEmpty { d += "; soft-match candidate of \(by)" }
                return CloudResult(twin: nil, how: "none", outcome: "orphaned", candidateOf: cands, detail: d)
            }
            return CloudResult(twin: nil, how: "none", outcome: "cloud-only", candidateOf: cands,
                               detail: cands.isEmpty ? "created in the cloud" : "soft-match candidate of \(by)")
        }

        // 4. The values by which a paired cloud object was soft-matched belong to the on-prem
        // object that soft-matched it (the first one, per value): that collision is the failed
        // soft match, which its own check reports, not a duplicate of the twin's identity.
        for (c, cands) in candidateOf.enumerated() where taken[c] != nil && !cands.isEmpty {
            let co = cloud.objects[c]
            let upn = cloud.upn(of: co)?.caseFolded
            let smtp = Set(cloud.smtpAddresses(of: co))
            for i in cands {
                let o = onPrem.objects[i]
                if o.kind == .user, let u = onPrem.upn(of: o)?.caseFolded, u == upn, claims[c]?[u] == nil { claims[c, default: [:]][u] = i }
                if let p = onPrem.primarySMTP(of: o), smtp.contains(p), claims[c]?[p] == nil { claims[c, default: [:]][p] = i }
            }
        }
    }

    /// The on-prem object whose identity a cloud object belongs to: its twin, else the on-prem
    /// object that soft-matches it (a takeover merges them; a failed soft match is its own finding).
    public func identityOwner(ofCloud c: Int) -> Int? {
        cloudResults[c].twin ?? cloudResults[c].candidateOf.first
    }

    /// The on-prem object whose identity a value of cloud object `c` (its UPN or an SMTP address,
    /// case-folded) belongs to. Usually `identityOwner(ofCloud:)`; but when `c` is paired and
    /// another on-prem object soft-matches it by this value, the value belongs to that object:
    /// the two are one failed soft match (InvalidSoftMatch or ObjectTypeMismatch), not two
    /// identities holding the same value.
    public func identityOwner(ofCloud c: Int, value: String) -> Int? {
        claims[c]?[value] ?? identityOwner(ofCloud: c)
    }

    /// `cloud user <id> (<UPN>)`: the UPN (else primary SMTP address) only when it is not the
    /// value that matched, which the sentence already says.
    private func describe(_ c: Int, matched: Value) -> String {
        let o = cloud.objects[c], name = describeCloud(c), id = cloud.identity(of: o)
        let shown = name == id || name.caseFolded == matched.stringValue?.caseFolded ? "" : " (\(name))"
        return "cloud \(o.kind.rawValue) \(id)\(shown)"
    }

    private func describeCloud(_ c: Int) -> String {
        let o = cloud.objects[c]
        return cloud.upn(of: o) ?? cloud.primarySMTP(of: o) ?? cloud.identity(of: o)
    }
}
