/// Why a soft match is InvalidSoftMatch ("the match was ambiguous or the cloud object already
/// has a different anchor").
public enum SoftMatchFailure: String, Sendable, CaseIterable, Codable {
    /// Two or more cloud objects hold the on-prem object's UPN or primary SMTP address.
    case ambiguous
    /// The one candidate is the synced twin of another on-prem object of the snapshot: it
    /// carries that object's anchor.
    case alreadySynced = "already-synced"
    /// The one candidate is synced, but from an anchor no on-prem object carries (its source
    /// was deleted, re-created or moved): it is also an orphaned cloud object.
    case orphanedAnchor = "orphaned-anchor"
}
