import DirqModel
import DirqSyntax
import DirqEngine

/// A conflict pattern dirq knows: what the administrator sees, what it means, how to find it
/// (in dirq itself), how to fix it, and the PowerShell a person would run — printed for review,
/// never executed. Each check lives in its own file under `Checks/`.
public struct Check: Sendable {
    /// How bad a finding is (declared with the model: health findings use it too).
    public typealias Severity = DirqModel.Severity

    /// Which snapshots the detection needs.
    public enum Needs: Sendable {
        /// An on-prem snapshot.
        case onPrem
        /// On-prem or cloud, whichever is loaded (both when both are).
        case either
        /// An on-prem and a cloud snapshot.
        case both
        /// A sync-engine export (scheduler, run history, connector space, error exports).
        case engine
        /// Two on-prem snapshots (of one forest, an older and a newer): the detection names them
        /// `$before` and `$after` (their names as strings: `$beforeName`, `$afterName`).
        case onPremPair
    }

    public var name: String
    public var title: String
    /// The error string in the portal, in exports or in Connect Health.
    public var reported: String
    public var severity: Severity
    public var needs: Needs
    /// What it means and why it happens.
    public var explanation: String
    public var fix: String
    /// PowerShell for a person to review and run; never executed by dirq.
    public var powershell: String
    /// dirq queries whose rows are the findings: columns `snapshot, object, attribute, value, detail`.
    public var detection: [String]
    /// A query that shows the pattern on the sample tenant, for `lesson`.
    public var lessonQuery: String
    /// Writes the fix script's block for one finding (`fix`): lookups, then the change or the
    /// choices, with the finding's objects filled in. Nil: the block has only the check's advice.
    public var remedy: (@Sendable (FixFinding, inout FixBlock) -> Void)? = nil
    /// Whether findings are sorted by value (colliding objects together); otherwise the order the
    /// detection gives is kept (export errors: by error type, oldest first).
    public var sortByValue = true
    /// Whether findings depend on pairing the sides (`match`), so that a kind only one side's
    /// snapshot holds is left out and said so (`SyncMatch.uncomparedKinds`).
    public var pairsSides = false
}

/// The checks, in the order `check all` runs them.
public enum Checks {
    public static let all: [Check] = [
        duplicateUPN, duplicateProxy, objectTypeMismatch, invalidSoftMatch, softMatchTakeover,
        orphanedCloudObject, quarantinedValue, invalidUPN, invalidProxy, largeAttribute, exportErrors, syncHealth,
        anchorChanged, replicationConflict,
    ]

    public static func named(_ name: String) -> Check? {
        all.first { $0.name.caseInsensitiveEquals(name) }
    }

    /// What `check NAME` and `fix NAME` run: every check for `all`, else the one named; nil for
    /// a name that is neither.
    public static func select(_ name: String) -> [Check]? {
        name.caseInsensitiveEquals("all") ? all : named(name).map { [$0] }
    }

    /// The columns every check's findings have (`Finding.columns`).
    public static var columns: [String] { Finding.columns }
}
