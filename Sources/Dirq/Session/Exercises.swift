import DirqModel
import DirqSyntax
import DirqEngine

/// The course: one exercise per conflict pattern of the troubleshooting guide, on the bundled
/// sample tenant. `exercise NAME` states the task and loads what it needs; the learner runs
/// queries; `submit` compares the last result with the answer — by the set of values in the key
/// column, compared as the directory compares them, whatever other columns the result shows.
public struct Exercise: Sendable {
    public var name: String
    /// What to find, in the learner's words.
    public var task: String
    /// Sample files to load (file name in Examples/contoso, snapshot name), in order; the last
    /// on-prem one becomes current.
    public var files: [(file: String, name: String)]
    /// A dirq query whose first column is the answer.
    public var answer: String
    /// What the key values are (for "missing 2 UPNs").
    public var keyNoun: String
    /// Whether the key compares case-sensitively (ImmutableIds); UPNs, addresses, DNs and ids do not.
    public var caseSensitive = false
    /// Hints, one per `hint`, from a nudge to nearly the query.
    public var hints: [String]
}

public enum Exercises {
    static let onPrem = [("onprem.ldif", "onprem")]
    static let bothSides = [("onprem.ldif", "onprem"), ("cloud.json", "cloud")]

    public static let all: [Exercise] = [
        Exercise(name: "duplicate-upn", task: "Find every UPN that more than one on-prem object holds. (UPNs compare without regard to case.)",
                 files: onPrem, answer: "onprem.users group by upn having count > 1 select upn", keyNoun: "UPN",
                 hints: ["Start from the on-prem users: `users` (or `onprem.users`).",
                         "`group by upn` makes one row per UPN, with a `count` of the objects that hold it.",
                         "Keep the groups with more than one member: `having count > 1`."]),
        Exercise(name: "duplicate-smtp", task: "Find every SMTP address that more than one on-prem object holds — users, groups and contacts; the SMTP:/smtp: prefix and case do not count.",
                 files: onPrem,
                 answer: "onprem.objects expand proxyAddresses as p where p.type = \"smtp\" group by p.address having count > 1 select p.address",
                 keyNoun: "address",
                 hints: ["Addresses live in proxyAddresses, several per object: `expand proxyAddresses as p` gives one row per value.",
                         "`p.type` is the prefix and `p.address` the address; keep `where p.type = \"smtp\"` (it compares without regard to case).",
                         "Then `group by p.address having count > 1`, over `objects` (groups and contacts too)."]),
        Exercise(name: "cross-side-upn", task: "Find every UPN held by two identities across both sides — an on-prem object and a cloud object that is not its twin count as two.",
                 files: bothSides,
                 answer: "identities expand upn as value group by value having count(distinct(identity)) > 1 select value",
                 keyNoun: "UPN",
                 hints: ["`identities` lists every object of both sides with the identity it belongs to (an on-prem object and its twin share one).",
                         "Group the UPNs: `group by upn`, and count identities, not objects: `count(distinct(identity))`.",
                         "`identities group by upn having count(distinct(identity)) > 1`"]),
        Exercise(name: "object-type-mismatch", task: "Find the on-prem objects whose soft-match candidate in the cloud is an object of another type (ObjectTypeMismatch). Show their DNs.",
                 files: bothSides, answer: "match onprem to cloud where outcome = \"object-type-mismatch\" select object", keyNoun: "object",
                 hints: ["`match onprem to cloud` pairs every on-prem object with the cloud as the sync engine does.",
                         "Its `outcome` column says what happened to each object.",
                         "`match onprem to cloud where outcome = \"object-type-mismatch\"`"]),
        Exercise(name: "invalid-soft-match", task: "Find the on-prem objects whose soft match finds a cloud object that already carries another anchor (InvalidSoftMatch).",
                 files: bothSides, answer: "match onprem to cloud where outcome = \"invalid-soft-match\" select object", keyNoun: "object",
                 hints: ["The pairing is `match onprem to cloud`.", "Look at the distinct values of `outcome`: `match onprem to cloud group by outcome`.",
                         "`match onprem to cloud where outcome = \"invalid-soft-match\"`"]),
        Exercise(name: "takeover", task: "Find the on-prem objects that will take over a cloud-only object by soft match at the next sync.",
                 files: bothSides, answer: "match onprem to cloud where outcome = \"takeover\" select object", keyNoun: "object",
                 hints: ["A takeover is a soft match: no hard match, one cloud-only candidate of the same type.",
                         "`match onprem to cloud` has an `outcome` for it.", "`match onprem to cloud where outcome = \"takeover\"`"]),
        Exercise(name: "orphans", task: "Find the synced cloud objects whose anchor no on-prem object carries (orphaned). Show their object ids.",
                 files: bothSides, answer: "match cloud to onprem where outcome = \"orphaned\" select object", keyNoun: "cloud object",
                 hints: ["Turn the pairing around: `match cloud to onprem`.", "Its `outcome` says synced, cloud-only or orphaned.",
                         "`match cloud to onprem where outcome = \"orphaned\"`"]),
        Exercise(name: "quarantine", task: "Find the cloud users that have a value quarantined by duplicate attribute resiliency.",
                 files: bothSides, answer: "cloud.users where exists onPremisesProvisioningErrors select object", keyNoun: "cloud user",
                 hints: ["Entra ID lists quarantined values in onPremisesProvisioningErrors.", "Query the cloud side: `cloud.users`.",
                         "`cloud.users where exists onPremisesProvisioningErrors`"]),
        Exercise(name: "invalid-upn", task: "Find every on-prem UPN that Entra ID will not accept as it is (characters, lengths, a non-routable suffix).",
                 files: onPrem, answer: "onprem.users where upnproblem(upn) is not empty select upn", keyNoun: "UPN",
                 hints: ["There is a function for Microsoft's UPN rules: `.help upnproblem`.", "It returns nothing for a valid UPN.",
                         "`users where upnproblem(upn) is not empty select upn`"]),
        Exercise(name: "export-errors", task: "Find the objects the sync engine could not export because a value must be unique (AttributeValueMustBeUnique).",
                 files: bothSides + [("csexport-aad.xml", "cs")],
                 answer: "exporterrors where errorType = \"AttributeValueMustBeUnique\" select object", keyNoun: "object",
                 hints: ["The connector space export (csexport) is loaded as `cs`; `exporterrors` lists its errors.",
                         "Each error has an `errorType`.", "`exporterrors where errorType = \"AttributeValueMustBeUnique\"`"]),
        Exercise(name: "sync-health", task: "In the run history, find the run numbers of every run that did not succeed.",
                 files: [("scheduler.json", "scheduler"), ("runhistory.csv", "runs")],
                 answer: "runs where Result != \"success\" select RunNumber", keyNoun: "run",
                 hints: ["The run history is loaded as `runs`: `describe runs` shows its columns.", "`Result` is \"success\" when a run succeeded.",
                         "`runs where Result != \"success\" select RunNumber`"]),
        Exercise(name: "anchor-changed", task: "Yesterday's export is loaded as `before`, today's as `onprem`. Find the objects whose source anchor changed.",
                 files: [("onprem-before.ldif", "before"), ("onprem.ldif", "onprem")],
                 answer: "diff before onprem where change = \"anchor-changed\" select object", keyNoun: "object",
                 hints: ["`diff before onprem` lists what changed between the two.", "Its `change` column names each kind of change.",
                         "`diff before onprem where change = \"anchor-changed\"`"]),
    ]

    public static func named(_ name: String) -> Exercise? { all.first { $0.name.caseInsensitiveEquals(name) } }
}
