import DirqModel
import DirqSyntax
import DirqEngine

/// The help text of the language: one topic per statement, clause, function, check and prompt
/// command. `.help TOPIC` at the prompt and `dirq help-topic TOPIC` print the same text.
public enum Help {
    public static let statements: [(String, String)] = [
        ("load", "load \"path\" [as name] [side onprem|cloud] [format ldif|csv|json|xml|list] [kind user|group|contact]\n  Read an export as a snapshot and make it current. The extension (.ldif .ldf .csv .json .xml) decides the format, else the content; the side is detected from the content. An object's kind is its class (objectClass, @odata.type, ObjectType), else the kind clause, else what the file says (#TYPE, @odata.context), else its columns (SamAccountName with EmailAddress: a user; GroupCategory: a group); the load line says how."),
        ("use", "use name\n  Make another loaded snapshot current (what users, groups, contacts, objects read)."),
        ("let", "let name = query | let name = expr\n  Keep a query's rows under a name (use it as a source later), or a scalar: let dom = \"fabrikam.com\", let cutoff = now() - 30d;\n  use the scalar by name in later statements. dirq --set name=value sets one from the command line."),
        ("describe", "describe source\n  The attributes of a source: type, multi-valued or not, how many objects have them, aliases."),
        ("check", "check NAME | check all\n  Run conflict checks; findings have the columns check, severity, snapshot, object, attribute, value, detail.\n  A script whose checks find an error-severity problem exits 1."),
        ("explain", "explain \"value\"\n  An object by UPN, DN, id, mail, SMTP address, sAMAccountName or anchor: both sides, how it pairs, its findings and whom it collides with."),
        ("lesson", "lesson [NAME]\n  The conflict patterns explained on the bundled sample tenant."),
        ("health", "health [at \"2026-11-26T15:00:00Z\"]\n  Scheduler, last successful runs, failed runs and pending deletes from the sync engine's exports, with the PowerShell to run next."),
        ("fix", "fix NAME | fix all\n  A PowerShell script for the current findings, to review and run yourself: one block per finding with its DN, object id, UPN,\n  address and anchor filled in; lookups first; every change ends in -WhatIf; where a person must decide, the choices are commented out."),
        ("report", "report \"FILE.html\"\n  One self-contained page for a ticket: the snapshots, a chart and a sortable, filterable table per check, the lessons,\n  each object's explanation and the fix script. Nothing in it is fetched from the network."),
        ("exercise", "exercise [NAME]\n  The course: a task on the bundled sample tenant per conflict pattern (exercise lists them, with what you solved).\n  Run queries, then `submit` compares your last result with the answer by its key column; `hint` gives one hint at a time."),
        ("submit", "submit\n  Compare the last result with the current exercise's answer: solved, or not yet with what is missing or extra."),
        ("hint", "hint\n  The current exercise's next hint."),
        ("match", "match onprem to cloud | match cloud to onprem   (a source)\n  Pairs the sides as the sync engine does: twin, how (hard, sid, mail, soft-upn, soft-smtp, none), outcome, candidates, detail; for an invalid soft match, reason (ambiguous, already-synced, orphaned-anchor) and anchor_owner. An unpaired object of a kind the other snapshot holds none of (a cloud group against a users-only export) is not-compared, not orphaned or new."),
        ("diff", "diff old new   (a source)\n  Changes between two snapshots of one side, keyed on objectGUID / id: change, object, attribute, before, after, added, removed."),
        ("identities", "identities   (a source)\n  Every object of the on-prem and cloud snapshots with its identity (on-prem DN for synced pairs), upn, smtp, mail, anchor."),
        ("exporterrors", "exporterrors   (a source)\n  The export errors of every loaded error export (csexport XML, Connect Health, Get-MsolDirSyncProvisioningError CSV) as one kind of row: snapshot, object, errorType, attribute, value, firstOccurred, lastOccurred, retries, other, holders (every loaded identity that holds the value), message."),
    ]

    /// The sources that read a snapshot's objects, one page for the four.
    public static let objectSources: [(String, String)] = ["users", "groups", "contacts", "objects"].map { name in
        (name, "users | groups | contacts | objects   (a source)\n  The objects of that kind in the current snapshot (objects: every kind); snap.users for the snapshot named snap; onprem.users / cloud.users for the latest snapshot of a side; a snapshot's name alone for all its objects.")
    }

    public static let clauses: [(String, String)] = [
        ("where", "where cond — keep rows where cond holds; on a multi-valued attribute, when any value does."),
        ("select", "select a, b, x = expr, expr as y — compute the columns."),
        ("group", "group by key [as name], … [having cond] — one row per distinct key (case-insensitive): keys, count, members."),
        ("sort", "sort by expr [asc|desc], … — stable sort (order by works too)."),
        ("take", "take n — the first n rows (limit n works too)."),
        ("expand", "expand expr [as name] — one row per value of a multi-valued attribute."),
        ("distinct", "distinct [expr, …] — drop repeated rows, or keep the first row of each key."),
        ("count", "count — the number of rows."),
        ("ungroup", "ungroup — after group by: the member rows again, each with its group's columns."),
        ("join", "join [inner|left|anti] source [as name] on left = right — every matching pair; duplicate keys are never dropped."),
    ]

    public static let operators = """
        = != < <= > >=      compare (strings case-insensitively; "512" = 512)
        and or not          combine
        x [not] in (a, b)   membership; x in (query) with a query of one column
        any(v in list where cond), all(…), count(…)   test each value of a multi-valued attribute
        30d 12h 15m 10s     durations: date ± duration, date - date, now() - 30d
        contains, starts with, ends with, like "a*b?" (* any run, ? one character), matches "regex"
        exists attr, x is [not] empty
        + - * /             arithmetic (+ joins text)
        p.type p.address p.primary   parts of a proxy address; r.field of a record
        """

    /// Every diagnostic id dirq emits, with what it means (`DiagnosticID.all`).
    public static var diagnostics: String {
        let w = DiagnosticID.all.map(\.id.count).max() ?? 0
        return "Diagnostic ids (errors and warnings name one; it never changes, the wording may):\n"
            + DiagnosticID.all.map { "  \(TextWidth.pad($0.id, to: w))  \($0.summary)" }.joined(separator: "\n")
    }

    /// All topics: name → text. A name may have several pages (`count` is a clause and a
    /// function, `duplicate-upn` a check and an exercise); `page` shows them all.
    public static func topics(dotCommands: [(String, String)] = []) -> [(String, String)] {
        statements + objectSources + clauses
            + [("operators", operators), ("diagnostics", diagnostics)]
            + Function.allCases.map { ($0.rawValue, $0.summary) }
            + Checks.all.map { ($0.name, "\($0.name): \($0.title)\n  What you see: \($0.reported)\n  More: lesson \($0.name)") }
            + Exercises.all.map { ($0.name, "exercise \($0.name): \($0.task)\n  Start it with: exercise \($0.name); hint gives a hint, submit checks your last result.") }
            + dotCommands
    }

    /// Every topic's name once, in `topics` order (what `.help ` completes).
    public static func topicNames(dotCommands: [(String, String)] = []) -> [String] {
        var seen = Set<String>()
        return topics(dotCommands: dotCommands).map(\.0).filter { seen.insert($0.lowercased()).inserted }
    }

    /// The help for `topic` (`.help TOPIC`, `dirq help TOPIC`): every page of that name (a dot-command
    /// also without its dot), else every page of the first name it begins; nil when none.
    public static func page(_ topic: String, dotCommands: [(String, String)] = []) -> String? {
        let all = topics(dotCommands: dotCommands)
        let t = topic.lowercased()
        var pages = all.filter { $0.0.lowercased() == t || $0.0.lowercased() == "." + t }
        if pages.isEmpty, let name = all.first(where: { $0.0.lowercased().hasPrefix(t) })?.0 {
            pages = all.filter { $0.0 == name }
        }
        return pages.isEmpty ? nil : pages.map(\.1).joined(separator: "\n\n")
    }

    /// The overview shown by `.help` with no topic.
    public static func overview(dotCommands: [(String, String)]) -> String {
        var out = "dirq — query AD and Entra ID exports to find why sync fails.\n\n"
        out += "Statements: " + statements.map(\.0).joined(separator: ", ") + "\n"
        out += "Sources:    " + objectSources.map(\.0).joined(separator: ", ") + ", match, diff, identities, exporterrors, snapshot and let names\n"
        out += "Clauses:    " + clauses.map(\.0).joined(separator: ", ") + "\n"
        out += "Functions:  " + Function.allCases.map(\.rawValue).joined(separator: ", ") + "\n"
        out += "Checks:     " + Checks.all.map(\.name).joined(separator: ", ") + "\n"
        out += "Exercises:  " + Exercises.all.map(\.name).joined(separator: ", ") + "\n"
        if !dotCommands.isEmpty {
            out += "Commands:   " + dotCommands.map(\.0).joined(separator: ", ") + "\n"
        }
        out += "\nExample:    users group by upn having count > 1\n"
        out += "More:       .help TOPIC (any name above, 'operators' or 'diagnostics'); lesson; the README's language reference\n"
        return out
    }
}
