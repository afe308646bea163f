import Foundation
import DirqModel

/// What `TenantGenerator` wrote and the truth it planted: the answers a correct investigation of
/// the files must find. Also written, as JSON, to `truth.json` beside the exports.
///
/// DNs are the on-prem identities (the `dn` of the LDIF, the `DistinguishedName` of the CSV);
/// cloud objects are named by their Graph `id`. Lists are in file order.
public struct GeneratedTenant: Codable, Sendable, Equatable {
    /// The file names, relative to `directory`.
    public struct Files: Codable, Sendable, Equatable {
        public var onPremLDIF = "onprem.ldif"
        public var onPremCSV = "onprem.csv"
        public var cloudJSON = "cloud.json"
        public var truth = "truth.json"
    }

    /// A cloud-only user with the UPN of an on-prem user that has no synced twin: the next sync
    /// soft-matches and takes the cloud user over (catalogue P14).
    public struct Takeover: Codable, Sendable, Equatable {
        /// The shared UPN, lower-cased.
        public var upn: String
        public var onPremDN: String
        public var cloudID: String
    }

    /// A synced cloud object holding a quarantined value because of a planted duplicate
    /// (duplicate attribute resiliency, catalogue P2): its `onPremisesProvisioningErrors` names it.
    public struct Quarantine: Codable, Sendable, Equatable {
        public var cloudID: String
        public var onPremDN: String
        /// `UserPrincipalName` or `ProxyAddress`, as Graph's `propertyCausingError`.
        public var property: String
        /// The value that collided, as the on-prem object has it.
        public var value: String
    }

    /// An on-prem user without a synced twin whose soft match fails with InvalidSoftMatch.
    public struct InvalidSoftMatch: Codable, Sendable, Equatable {
        /// `ambiguous` (two cloud-only candidates), `already-synced` (the one candidate is the twin
        /// of another on-prem user) or `orphaned-anchor` (the one candidate is an orphaned synced
        /// user, also listed in `orphanedCloud`).
        public var kind: SoftMatchFailure
        public var onPremDN: String
        /// The attribute the soft match matched first, as invalid-soft-match reports it:
        /// `userPrincipalName` (by UPN) or `proxyAddresses` (by primary SMTP address only).
        public var attribute: String
        /// The value that matched, lower-cased.
        public var value: String
        /// The candidates' `id`s, in the order the engine finds them (by UPN, then by address).
        public var cloudIDs: [String]
        /// `already-synced`: the on-prem user whose anchor the candidate carries.
        public var anchorOwnerDN: String?

        public init(kind: SoftMatchFailure, onPremDN: String, attribute: String, value: String, cloudIDs: [String],
                    anchorOwnerDN: String? = nil) {
            self.kind = kind
            self.onPremDN = onPremDN
            self.attribute = attribute
            self.value = value
            self.cloudIDs = cloudIDs
            self.anchorOwnerDN = anchorOwnerDN
        }
    }

    public var seed: UInt64
    public var conflictRate: Double
    public var users: Int
    public var groups: Int
    public var contacts: Int
    /// Objects in `cloud.json`.
    public var cloudObjects: Int
    public var files = Files()

    /// Lower-cased UPN → DNs of the on-prem users holding it (groups of two or more).
    public var duplicateUPNs: [String: [String]] = [:]
    /// Lower-cased SMTP address (prefix and case ignored) → DNs of the on-prem users, groups and
    /// contacts holding it in `proxyAddresses` (groups of two or more).
    public var duplicateSMTP: [String: [String]] = [:]
    /// On-prem users with no synced twin in the cloud.
    public var unmatchedOnPrem: [String] = []
    /// Cloud-only users (no ImmutableId, never synced), including the takeover candidates.
    public var cloudOnlyUsers: [String] = []
    public var takeovers: [Takeover] = []
    /// Synced cloud users whose ImmutableId matches no on-prem anchor.
    public var orphanedCloud: [String] = []
    public var quarantined: [Quarantine] = []
    /// Planted invalid soft matches, in on-prem file order; their users are in `unmatchedOnPrem`.
    public var invalidSoftMatches: [InvalidSoftMatch] = []

    /// Where the files are. Not part of `truth.json`, so that the truth file is the same for the
    /// same seed wherever it is written.
    public var directory = URL(fileURLWithPath: ".")

    private enum CodingKeys: String, CodingKey {
        case seed, conflictRate, users, groups, contacts, cloudObjects, files, duplicateUPNs, duplicateSMTP,
             unmatchedOnPrem, cloudOnlyUsers, takeovers, orphanedCloud, quarantined, invalidSoftMatches
    }

    public var onPremLDIF: URL { directory.appendingPathComponent(files.onPremLDIF) }
    public var onPremCSV: URL { directory.appendingPathComponent(files.onPremCSV) }
    public var cloudJSON: URL { directory.appendingPathComponent(files.cloudJSON) }
    public var truthJSON: URL { directory.appendingPathComponent(files.truth) }

    /// The truth as JSON with sorted keys, so equal tenants give equal bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// A generator argument out of range, or a file that could not be written.
public struct GeneratorError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }

    /// The operating system's words for a file error ("Not a directory", "No space left on
    /// device") rather than Foundation's wrapper around them.
    package static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? any Error {
            let u = underlying as NSError
            if u.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(u.code))) }
        }
        return ns.localizedDescription
    }
}
