import Foundation
import DirqModel
import DirqSyntax
import DirqEngine

/// What happened while running statements, in order. The CLI and the REPL print results to
/// standard output and everything else to standard error.
public enum SessionEvent: Sendable {
    /// A query's result.
    case result(ResultTable)
    /// A snapshot was loaded (the summary line says what and how many).
    case loaded(Snapshot, summary: String)
    /// Information for the person (notes about a result, `use` confirmations).
    case info(String)
    /// A located problem: a syntax error, an unknown attribute, a malformed file, a load warning.
    case diagnostic(Diagnostic)
    /// Text for the person to read on standard output (`fix`, `exercise`, `submit`, `hint`).
    case report(String)
    /// A report as a value (`explain`, `health`, `lesson`): render it with
    /// `OutputFormat.render(_:)`, so `--format json` applies to it.
    case document(ReportDocument)
}

/// The outcome of running a script: how many errors there were.
public struct RunSummary: Sendable {
    public var errors = 0
    public var warnings = 0
    public var statements = 0
    /// Findings of error severity from `check`: a script with any exits 1.
    public var errorFindings = 0
    /// True when a `load` failed and the statements after it did not run: every later statement
    /// would fail for want of that snapshot, and only the first error says why.
    public var stoppedAtFailedLoad = false
}

/// An interactive or scripted dirq session: the loaded snapshots, the `let` tables, and the
/// current snapshot. This is the library's entry point:
///
///     let session = Session()
///     let summary = session.run(SourceText(name: "<example>", text: """
///         load "Examples/contoso/onprem.ldif" as onprem
///         users group by upn having count > 1
///         """)) { event in
///         if case .result(let table) = event { print(TableRenderer().render(table)) }
///     }
public final class Session {
    /// The snapshots in load order.
    public private(set) var snapshots: [Snapshot] = []
    /// The snapshot that `users`, `groups`, `contacts`, `objects` refer to.
    public internal(set) var currentName: String?
    private var tables: [String: Relation] = [:]
    /// Scalars of `let name = expr` and of `--set name=value`, by lower-cased name.
    public private(set) var variables: [String: Value] = [:]
    /// What the catalogue sources compute once per pair (sync matches, `identities`), kept
    /// until the next load.
    let caches = SourceCaches()
    /// Set from another thread (Ctrl-C) to stop the running query.
    public let cancellation = Cancellation()
    /// The time "now" for health checks: set by `health at "…"`, else the clock.
    public var referenceTime: Double?
    /// The memory loads and large intermediate results are checked against (`MemoryBudget`).
    public var memory: MemoryBudget = .system

    /// When set, `load` keeps only the values of these attributes (the CLI sets it from the
    /// whole script before running it; the prompt never does). See `Projection`.
    public var projection: Projection?

    /// The exercise being worked on (`exercise NAME`), how many of its hints were shown, and
    /// the last result a query or check showed (what `submit` compares).
    var exercise: (name: String, hintsShown: Int)?
    var lastResult: ResultTable?
    /// Where solved exercises are remembered (one name a line). The prompt sets it beside its
    /// history file; nil (scripts) keeps progress for this session only.
    public var exerciseProgressPath: String?
    /// How loads read an ambiguous slash date (`05/01/2023`); nil: month first, with a warning
    /// when a file shows day-first dates (`dirq --date-order`).
    public var dateOrder: DateParsing.DayMonthOrder?
    /// The on-prem and cloud snapshots checks compare while they run (see `report(of:)`).
    var checkScope: (onPrem: Snapshot?, cloud: Snapshot?)?
    var solvedThisSession: Set<String> = []

    public init() {}

    /// The sources a query can read besides `let` tables and snapshot names.
    public static let kindSources: [String: Set<ObjectKind>?] = [
        "users": [.user], "groups": [.group], "contacts": [.contact], "objects": nil,
    ]

    /// Names of the `let` tables.
    public var tableNames: [String] { tables.keys.sorted() }

    /// Sets a scalar as `let name = value` would, from text given on the command line
    /// (`dirq --set domain=fabrikam.com`): a number, `true`/`false`, a duration (`30d`) or a date
    /// reads as one; anything else is text.
    public func setVariable(_ name: String, text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let v: Value
        if let i = Int64(t) { v = .int(i) }
        else if let d = Double(t), d.isFinite, t.contains(".") , !t.contains("@") { v = .double(d) }
        else if t == "true" || t == "false" { v = .bool(t == "true") }
        else if let d = Value.parseDuration(t) { v = .duration(d) }
        else if t.first?.isNumber == true, t.contains("-"), let d = DateParsing.parse(t) { v = .date(d) }
        else { v = .string(text) }
        variables[name.lowercased()] = v
    }

    /// The current snapshot.
    public var current: Snapshot? { snapshots.first { $0.name == currentName } }

    /// Makes a loaded snapshot current, as `use` does; false when none has that name.
    @discardableResult
    public func makeCurrent(_ name: String) -> Bool {
        guard let snap = snapshots.first(where: { $0.name.caseInsensitiveEquals(name) }) else { return false }
        currentName = snap.name
        return true
    }

    /// Called with `true` before a snapshot is read and with `false` after: the command line
    /// tunes the C allocator for each (compact while a snapshot is built, keeping freed memory for
    /// the next question while querying). The library itself leaves the allocator alone.
    public var loading: ((Bool) -> Void)?

    /// Loads an export file as a snapshot and makes it current. A snapshot of the same name is replaced.
    @discardableResult
    public func load(path: String, name: String? = nil, format: SnapshotFormat? = nil, side: Side? = nil,
                     kind: ObjectKind? = nil) throws -> Snapshot {
        let snap = try read(path: path, name: name, format: format, side: side, kind: kind, projection: nil)
        add(snap)
        return snap
    }

    /// Reads a snapshot, with `loading` told before and after.
    private func read(path: String, name: String?, format: SnapshotFormat?, side: Side?, kind: ObjectKind?,
                      projection: Projection?) throws -> Snapshot {
        loading?(true)
        defer { loading?(false) }
        return try SnapshotLoader.load(path: path, name: name, format: format, side: side, kind: kind,
                                       projection: projection, dateOrder: dateOrder, memory: memory)
    }

    /// Adds an already built snapshot and makes it current.
    public func add(_ snapshot: Snapshot) {
        snapshots.removeAll { $0.name.caseInsensitiveEquals(snapshot.name) }
        snapshots.append(snapshot)
        currentName = snapshot.name
        caches.reset()
    }

    /// Parses text into statements; the diagnostics are the syntax errors.
    public static func parse(_ source: SourceText) -> (statements: [Statement], diagnostics: [Diagnostic]) {
        var p = Parser(source)
        let statements = p.parseScript()
        return (statements, p.diagnostics)
    }

    /// Nil when `text` is complete (or wrong in a way more input cannot fix); otherwise why it is
    /// incomplete. The prompt uses this to decide on a continuation line.
    public static func incompleteReason(_ text: String) -> String? {
        let (_, diags) = parse(SourceText(name: "<prompt>", text: text))
        return diags.first(where: \.isIncomplete)?.message
    }

    /// Runs a script: syntax errors are all reported first and nothing runs; otherwise each
    /// statement runs in order, and a failing statement is reported and the next one runs —
    /// except a failed `load`, which ends the script (`RunSummary.stoppedAtFailedLoad`).
    /// Relative `load` paths are looked up beside the script first (`baseDirectory`), then in the
    /// current directory.
    @discardableResult
    public func run(_ source: SourceText, baseDirectory: String? = nil,
                    emit: (SessionEvent) -> Void) -> RunSummary {
        var summary = RunSummary()
        let (statements, syntaxErrors) = Self.parse(source)
        if !syntaxErrors.isEmpty {
            for d in syntaxErrors { emit(.diagnostic(d)) }
            summary.errors = syntaxErrors.count
            return summary
        }
        for s in statements {
            if cancellation.isCancelled { break }
            summary.statements += 1
            do {
                try execute(s, source: source, baseDirectory: baseDirectory, emit: emit, summary: &summary)
            } catch {
                summary.errors += 1
                emit(.diagnostic(error))
                if case .load = s.kind {
                    summary.stoppedAtFailedLoad = true
                    break
                }
            }
        }
        return summary
    }

    // MARK: - Statements

    private func execute(_ s: Statement, source: SourceText, baseDirectory: String?,
                         emit: (SessionEvent) -> Void, summary: inout RunSummary) throws(Diagnostic) {
        switch s.kind {
        case .load(let path, let name, let side, let format, let kind):
            let resolved = resolvePath(path, baseDirectory: baseDirectory)
            let snap: Snapshot
            do {
                snap = try read(path: resolved, name: name, format: format, side: side, kind: kind, projection: projection)
            } catch let e as LoadError {
                throw Diagnostic("load.\(e.id)", .error, e.message, range: s.range, sourceName: source.name,
                                 notes: e.allNotes, fileLocation: e.location)
            } catch {
                throw Diagnostic(.loadFailed, .error, "\(error)", range: s.range, sourceName: source.name)
            }
            add(snap)
            emit(.loaded(snap, summary: Self.describeLoad(snap)))
            for w in snap.warnings {
                summary.warnings += 1
                emit(.diagnostic(Diagnostic("load.\(w.id)", .warning, w.message, range: nil, sourceName: source.name,
                                            notes: w.hint.isEmpty ? [] : [w.hint], fileLocation: w.location)))
            }
        case .use(let name):
            guard let snap = snapshots.first(where: { $0.name.caseInsensitiveEquals(name) }) else {
                throw unknownSnapshot(name, range: s.range, source: source)
            }
            currentName = snap.name
            emit(.info("using \(snap.name) (\(snap.objects.count) objects, \(snap.side.rawValue))"))
        case .let(let name, let q):
            if Self.kindSources.keys.contains(name.lowercased()) {
                throw Diagnostic(.letReserved, .error, "'\(name)' names a source already; choose another name",
                                 range: s.range, sourceName: source.name)
            }
            // `let y = x` where x is a scalar: a copy of the scalar, not a source.
            if q.clauses.isEmpty, q.source.snapshot == nil, q.source.match == nil, q.source.diff == nil,
               let v = variables[q.source.name.lowercased()] {
                try setLet(name, v, range: s.range, source: source, emit: emit)
                return
            }
            let rel = try runQuery(q, source: source)
            tables[name.lowercased()] = rel
            variables[name.lowercased()] = nil
            emit(.info("\(name): \(rel.rows.count) row\(rel.rows.count == 1 ? "" : "s")"))
        case .letValue(let name, let e):
            let v = try executor(source).value(try binder(source).plan(value: e))
            try setLet(name, v, range: s.range, source: source, emit: emit)
        case .query(let q):
            let rel = try runQuery(q, source: source)
            for n in rel.notes { emit(.info(n)) }
            let table = Self.materialize(rel)
            lastResult = table
            emit(.result(table))
        case .describe(let src):
            let rel = try resolveSource(src, source: source)
            emit(.result(Self.describe(rel.shape)))
        case .check(let name, let on):
            try runChecks(name, on: on, range: s.range, source: source, emit: emit, summary: &summary)
        case .explain(let what):
            emit(.document(.explanation(try explain(what, range: s.range, source: source))))
        case .lesson(let name):
            emit(.document(try lesson(name, range: s.range, source: source)))
        case .health(let at):
            if let at {
                guard let t = DateParsing.parse(at) else {
                    throw Diagnostic(.healthBadTime, .error, "'\(at)' is not a time dirq reads", range: s.range,
                                     sourceName: source.name, notes: ["use ISO 8601, e.g. 2026-11-26T15:00:00Z"])
                }
                referenceTime = t.seconds  // later `check sync-health` judges against the same time
            }
            emit(.document(.health(try HealthSource.assess(sourceContext(range: s.range, source: source)))))
        case .exercise(let name):
            emit(.report(try startExercise(name, range: s.range, source: source)))
        case .submit:
            emit(.report(try submitExercise(range: s.range, source: source)))
        case .hint:
            emit(.report(try nextHint(range: s.range, source: source)))
        case .fix(let name):
            emit(.report(try fixScript(name, range: s.range, source: source)))
        case .report(let path):
            let written = try writeReport(to: resolveOutputPath(path, baseDirectory: baseDirectory), range: s.range, source: source)
            emit(.info(written))
        }
    }

    /// Keeps a scalar under a name, unless the name already means a source or an attribute of the
    /// current snapshot (a variable would hide it).
    private func setLet(_ name: String, _ v: Value, range: Range<Int>, source: SourceText,
                        emit: (SessionEvent) -> Void) throws(Diagnostic) {
        if let snap = current, let id = snap.schema.resolve(name) {
            throw Diagnostic(.letShadowsAttribute, .error,
                             "'\(name)' is an attribute of snapshot '\(snap.name)' (\(snap.schema[id].name)); choose another name",
                             range: range, sourceName: source.name)
        }
        variables[name.lowercased()] = v
        tables[name.lowercased()] = nil
        emit(.info("\(name) = \(v.typeCode == 1 ? Printer.literal(v) : v.text) (\(v.typeName))"))
    }

    /// Runs one query and returns its result table (for embedding: no events).
    public func query(_ text: String) throws -> ResultTable {
        let source = SourceText(name: "<query>", text: text)
        let (statements, errors) = Self.parse(source)
        if let e = errors.first { throw e }
        guard statements.count == 1, case .query(let q) = statements[0].kind else {
            throw Diagnostic(.apiNotAQuery, .error, "expected exactly one query", range: nil, sourceName: source.name)
        }
        return Self.materialize(try runQuery(q, source: source))
    }

    /// Parse → bind → plan → execute: the binder resolves the source and every name, function
    /// and type of every clause (and of the queries inside `in (…)`) before the executor reads a
    /// row, so `users group by upn sort by upm` fails at `upm` before a user is grouped.
    func runQuery(_ q: Query, source: SourceText, lenient: Bool = false) throws(Diagnostic) -> Relation {
        try executor(source).run(try binder(source, lenient: lenient).plan(q))
    }

    /// Binds queries of `source` against this session's snapshots, tables and scalars.
    func binder(_ source: SourceText, lenient: Bool = false) -> Binder {
        var binder = Binder(sourceName: source.name, lenient: lenient)
        binder.variables = variables
        if let referenceTime { binder.now = DirDate(seconds: referenceTime) }
        binder.resolve = { (ref) throws(Diagnostic) in try self.resolveSource(ref, source: source) }
        return binder
    }

    /// Runs plans bound from `source`, stopping at Ctrl-C and before the memory runs out.
    func executor(_ source: SourceText) -> Executor {
        Executor(sourceName: source.name, cancellation: cancellation, memory: memory)
    }

    /// What a catalogue source reads (see `SourceContext`): the snapshots, the pair a running
    /// check compares, the caches; diagnostics point at `range` in `source`.
    func sourceContext(range: Range<Int> = 0..<0, source: SourceText? = nil) -> SourceContext {
        SourceContext(snapshots: snapshots, currentName: currentName, scope: checkScope, caches: caches,
                      cancellation: cancellation, memory: memory, referenceTime: referenceTime,
                      range: range, sourceName: source?.name ?? "")
    }

    /// A snapshot by name, else by side: `onprem` (or `ad`) and `cloud` (or `entra`) name the
    /// most recently loaded snapshot of that side.
    public func snapshot(named name: String) -> Snapshot? { sourceContext().snapshot(named: name) }

    /// The snapshot of a side that queries across sides use: the current one if it is of that
    /// side, else the most recently loaded one. While checks run, the pair they compare.
    public func latest(_ side: Side) -> Snapshot? { sourceContext().latest(side) }

    /// The sync engine's pairing of an on-prem and a cloud snapshot (cached until the next load).
    public func syncMatch(onPrem: Snapshot, cloud: Snapshot) -> SyncMatch {
        caches.syncMatch(onPrem: onPrem, cloud: cloud)
    }

    /// What a query reads: a `let` table, objects of a snapshot, or an entry of `SourceCatalog`.
    func resolveSource(_ ref: SourceRef, source: SourceText) throws(Diagnostic) -> Relation {
        let lower = ref.name.lowercased()
        if ref.match != nil || ref.diff != nil, let (entry, pair) = SourceCatalog.lookup(ref) {
            return try entry.produce(pair, sourceContext(range: ref.range, source: source))
        }
        if let snapName = ref.snapshot {
            guard let snap = snapshot(named: snapName) else {
                throw unknownSnapshot(snapName, range: ref.range, source: source)
            }
            guard let kinds = Self.kindSources[lower] else {
                throw Diagnostic(.bindUnknownSource, .error, "unknown source '\(ref.name)' in snapshot '\(snap.name)'",
                                 range: ref.range, sourceName: source.name,
                                 notes: ["use \(snap.name).users, \(snap.name).groups, \(snap.name).contacts or \(snap.name).objects"])
            }
            return objects(of: snap, kinds: kinds)
        }
        if let t = tables[lower] { return t }
        if let kinds = Self.kindSources[lower] {
            guard let snap = current else {
                throw Diagnostic(.bindNoSnapshot, .error, "no snapshot is loaded, so there are no \(lower)",
                                 range: ref.range, sourceName: source.name,
                                 notes: ["load one first: load \"onprem.ldif\" as onprem"])
            }
            return objects(of: snap, kinds: kinds)
        }
        if let snap = snapshots.first(where: { $0.name.caseInsensitiveEquals(ref.name) }) {
            return objects(of: snap, kinds: nil)
        }
        if let (entry, pair) = SourceCatalog.lookup(ref) {
            return try entry.produce(pair, sourceContext(range: ref.range, source: source))
        }
        let candidates = Array(Self.kindSources.keys) + SourceCatalog.bareNames + tables.keys + snapshots.map(\.name)
        var notes: [String] = []
        if let s = suggest(ref.name, among: candidates) { notes.append("did you mean '\(s)'?") }
        notes.append("sources: users, groups, contacts, objects, a snapshot name (\(snapshots.map(\.name).joined(separator: ", "))) or a let name")
        throw Diagnostic(.bindUnknownSource, .error, "unknown source '\(ref.name)'", range: ref.range,
                         sourceName: source.name, notes: notes)
    }

    private func objects(of snap: Snapshot, kinds: Set<ObjectKind>?) -> Relation {
        Relation(shape: Shape(snapshot: snap, kinds: kinds, fields: [], hasObject: true),
                 rows: caches.objectRows(of: snap, kinds: kinds))
    }

    func unknownSnapshot(_ name: String, range: Range<Int>, source: SourceText) -> Diagnostic {
        sourceContext(range: range, source: source).unknownSnapshot(name)
    }

    private func resolvePath(_ path: String, baseDirectory: String?) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        if let base = baseDirectory {
            let candidate = (base as NSString).appendingPathComponent(expanded)
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return expanded
    }

    // MARK: - Results

    /// A one-line account of a load: `onprem: 41 objects (30 users, 6 groups, 5 contacts), on-prem AD, from …`.
    public static func describeLoad(_ s: Snapshot) -> String {
        let counts = s.countsByKind
        let parts = ObjectKind.allCases.compactMap { k -> String? in
            guard let n = counts[k], n > 0 else { return nil }
            let word = k == .other ? "other" : k.rawValue + (n == 1 ? "" : "s")
            return "\(n) \(word)"
        }
        let w = s.warnings.count
        return "loaded \(s.name): \(s.objects.count) objects (\(parts.joined(separator: ", "))), \(s.side.rawValue), "
            + "\(s.format.rawValue) from \(s.path)"
            + (w > 0 ? ", \(w) warning\(w == 1 ? "" : "s")" : "")
            + projectionNote(s)
            + (s.kindNotes.isEmpty ? "" : "; kinds: " + s.kindNotes.joined(separator: ", "))
    }

    /// How much of the file a projected load read.
    private static func projectionNote(_ s: Snapshot) -> String {
        guard s.projection != nil else { return "" }
        let read = s.schema.attributes.filter { $0.kindCounts.contains { $0 > 0 } }.count
        return "; read \(read) of \(s.schema.attributes.count) attributes (those the script uses; --all-attributes reads and checks all)"
    }

    static func materialize(_ rel: Relation) -> ResultTable {
        let shape = rel.shape
        guard shape.hasObject, let snap = shape.snapshot else {
            guard !shape.columns.isEmpty else { return ResultTable(columns: shape.fields, rows: rel.rows.map(\.values)) }
            return ResultTable(columns: shape.columnNames, rows: rel.rows.map { shape.computedValues($0) + $0.values })
        }
        let ids = Projection.defaultColumns.compactMap { name -> (String, Schema.ID)? in
            guard let id = snap.schema.id(of: name),
                  shape.kinds.map({ ks in ks.contains { (snap.schema[id].counts[$0] ?? 0) > 0 } }) ?? true
            else { return nil }
            return (snap.schema[id].name, id)
        }
        let columns = ["object", "kind"] + ids.map(\.0) + shape.columnNames
        // Each column read for all rows at once (`ObjectStore.values(of:_:)`): thirty thousand
        // unmatched users of a million lie far apart, and read one at a time each value waited
        // for its own cache misses (a warm anti join spent twice its time making its rows).
        let objects = rel.rows.map(\.object)
        let identities = snap.identities(at: objects)
        let read = ids.map { snap.objects.values(of: objects, $0.1) }
        var rows: [[Value]] = []
        rows.reserveCapacity(rel.rows.count)
        for (n, r) in rel.rows.enumerated() {
            var values: [Value] = [.string(identities[n]), .string(snap.objects[r.object].kind.rawValue)]
            values.reserveCapacity(2 + ids.count + shape.columns.count + r.values.count)
            for column in read { values.append(column[n] ?? .null) }
            values.append(contentsOf: shape.computedValues(r))
            values.append(contentsOf: r.values)
            rows.append(values)
        }
        return ResultTable(columns: columns, rows: rows)
    }

    static func describe(_ shape: Shape) -> ResultTable {
        guard shape.hasObject, let snap = shape.snapshot else {
            return ResultTable(columns: ["column"], rows: shape.columnNames.map { [.string($0)] })
        }
        var rows: [[Value]] = []
        let aliasOf: [String: String] = {
            var m: [String: String] = [:]
            for (alias, reals) in AttributeCatalog.aliases {
                if let real = reals.first(where: { snap.schema.id(of: $0) != nil }), let id = snap.schema.id(of: real) {
                    let key = snap.schema[id].name.lowercased()
                    if key == alias { continue }
                    m[key] = m[key].map { $0 + ", " + alias } ?? alias
                }
            }
            return m
        }()
        for attr in snap.schema.attributes {
            let n = (shape.kinds ?? Set(ObjectKind.allCases)).reduce(0) { $0 + (attr.counts[$1] ?? 0) }
            // A kind's description lists what its objects carry; `objects` lists every column.
            if n == 0 && shape.kinds != nil { continue }
            rows.append([.string(attr.name), .string(attr.types.sorted().joined(separator: "/")),
                         .bool(attr.multiValued), .int(Int64(n)), .string(aliasOf[attr.name.lowercased()] ?? "")])
        }
        return ResultTable(columns: ["attribute", "type", "multivalued", "objects", "alias"], rows: rows)
    }
}
