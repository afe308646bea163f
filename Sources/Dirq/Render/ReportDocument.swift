import DirqModel
import DirqSyntax
import DirqEngine

/// A report a statement shows instead of a result table — `explain`, `health`, `lesson` — as a
/// value. The renderers word it: at the prompt and in `--format table` exactly as the text
/// always read; `--format json` writes its fields; csv and tsv write its table (the findings of
/// an explanation, health's problems, a lesson's sample result, the list of lessons).
public enum ReportDocument: Sendable {
    case explanation(Explanation)
    case health(HealthReport)
    case lesson(Lesson)
    /// `lesson` without a name.
    case lessons([Lesson.Entry])

    /// As a person reads it.
    public var text: String {
        switch self {
        case .explanation(let e): return e.text
        case .health(let h): return h.text
        case .lesson(let l): return l.text
        case .lessons(let list): return Lesson.text(list)
        }
    }

    /// The rows of the document, for the formats that hold only a table; nil when it has none.
    public var table: ResultTable? {
        switch self {
        case .explanation(let e): return e.findingTable
        case .health(let h): return h.problemTable
        case .lesson(let l): return l.sample?.result
        case .lessons(let list):
            return ResultTable(columns: ["lesson", "title"], rows: list.map { [.string($0.name), .string($0.title)] })
        }
    }

    /// The fields as one JSON value, two-space indented.
    public var json: String { node.pretty() + "\n" }

    var node: JSONNode {
        switch self {
        case .explanation(let e):
            return .object([
                ("explain", .string(e.value)),
                ("objects", .array(e.objects.map { x in
                    .object([
                        ("side", .string(x.side.keyword)), ("snapshot", .string(x.snapshot)), ("kind", .string(x.kind.rawValue)),
                        ("identity", .string(x.identity)), ("userPrincipalName", .string(x.upn)),
                        ("proxyAddresses", .array(x.proxyAddresses.map { .string($0) })),
                        ("anchor", .string(x.anchor)), ("anchorSource", .string(x.anchorSource)),
                        ("sync", x.syncOutcome.map { .object([("outcome", .string($0)), ("detail", .string(x.syncDetail))]) } ?? .null),
                    ])
                })),
                ("findings", .array(e.findings.map { i in
                    .object(JSONNode.fields(i.finding) + [("collisions", .array(i.collisions.map { c in
                        .object([("object", .string(c.object)), ("snapshot", .string(c.snapshot)),
                                 ("mine", .array(c.mine.map { .string($0) })), ("theirs", .array(c.theirs.map { .string($0) })),
                                 ("same", .string(c.what)), ("rule", .string(c.rule))])
                    }))])
                })),
                ("fixes", .array(e.fixes.map { f in
                    .object([("check", .string(f.check)), ("fix", .string(f.fix)), ("powershell", .string(f.powershell))])
                })),
            ])
        case .health(let h):
            return .object([
                ("asOf", .time(h.asOf)),
                ("scheduler", h.scheduler.map { s in
                    .object([("snapshot", .string(s.snapshot)), ("syncCycleEnabled", .bool(s.syncCycleEnabled)),
                             ("suspended", .bool(s.suspended)), ("stagingMode", .bool(s.stagingMode)),
                             ("interval", .string(s.interval.isEmpty ? nil : s.interval)),
                             ("nextCyclePolicy", .string(s.nextCyclePolicy.isEmpty ? nil : s.nextCyclePolicy)),
                             ("nextCycle", .time(s.nextCycle)), ("overdue", .bool(s.nextCycle.map { $0 < h.asOf }))])
                } ?? .null),
                ("runs", h.runs.map { r in
                    .object([("snapshot", .string(r.snapshot)), ("runs", .value(.int(Int64(r.runCount)))),
                             ("lastSuccessful", .array(r.lastRuns.map { l in
                                 .object([("connector", .string(l.connector)), ("kind", .string(l.kind)),
                                          ("profile", .string(l.profile)), ("number", .string(l.number)),
                                          ("ended", .time(l.ended)), ("stale", .bool(l.stale))])
                             })),
                             ("failed", .array(r.failed.map { b in
                                 .object([("number", .string(b.number)), ("connector", .string(b.connector)),
                                          ("profile", .string(b.profile)), ("result", .string(b.result)), ("started", .time(b.started))])
                             }))])
                } ?? .null),
                ("pendingDeletes", h.pendingDeletes.map { d in
                    .object([("snapshot", .string(d.snapshot)), ("count", .value(.int(Int64(d.count)))),
                             ("threshold", .value(.int(Int64(d.threshold))))])
                } ?? .null),
                ("problems", .table(h.problemTable)),
                ("nextSteps", .array(h.nextSteps.map { .string($0) })),
            ])
        case .lesson(let l):
            return .object([
                ("lesson", .string(l.name)), ("title", .string(l.title)), ("reported", .string(l.reported)),
                ("explanation", .string(l.explanation)),
                ("sample", l.sample.map { s in
                    .object([("snapshots", .array(s.snapshots.map { .string($0) })), ("query", .string(s.query)),
                             ("result", s.result.map { .table($0) } ?? .null), ("error", .string(s.error))])
                } ?? .null),
                ("findEveryCase", .string("check \(l.name)")), ("fix", .string(l.fix)), ("powershell", .string(l.powershell)),
            ])
        case .lessons(let list):
            return .array(list.map { .object([("lesson", .string($0.name)), ("title", .string($0.title))]) })
        }
    }
}

/// A JSON value to write with indentation: objects keep their keys in order; leaves that are
/// dirq values are written as `JSONRenderer` writes a cell (dates ISO 8601, lists as arrays).
indirect enum JSONNode {
    case value(Value)
    case array([JSONNode])
    case object([(String, JSONNode)])

    static let null = JSONNode.value(.null)
    static func string(_ s: String?) -> JSONNode { .value(s.map { .string($0) } ?? .null) }
    static func bool(_ b: Bool?) -> JSONNode { .value(b.map { .bool($0) } ?? .null) }
    /// Seconds since 1970 as an ISO 8601 UTC time.
    static func time(_ t: Double?) -> JSONNode { .string(t.map { Value.isoString($0) }) }
    /// A result table as an array of objects, one per row, keys in column order.
    static func table(_ t: ResultTable) -> JSONNode {
        .array(t.rows.map { r in .object(zip(t.columns, r).map { ($0, .value($1)) }) })
    }
    /// A finding's fields.
    static func fields(_ f: Finding) -> [(String, JSONNode)] {
        zip(Finding.columns, f.row).map { ($0, .value($1)) }
    }

    func pretty(_ indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .value(let v): return JSONRenderer.json(v)
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + $0.pretty(inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            return "{\n" + fields.map { inner + JSONRenderer.string($0.0) + ": " + $0.1.pretty(inner) }.joined(separator: ",\n")
                + "\n" + indent + "}"
        }
    }
}

extension OutputFormat {
    /// Renders a document in this format: its text for table, markdown and line; its fields for
    /// json; its table for csv and tsv (the text when it has none).
    public func render(_ d: ReportDocument) -> String {
        switch self {
        case .json: return d.json
        case .csv, .tsv: return d.table.map { render($0) } ?? d.text
        case .table, .markdown, .line: return d.text
        }
    }
}
