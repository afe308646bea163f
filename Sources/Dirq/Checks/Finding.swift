import DirqModel
import DirqSyntax
import DirqEngine

/// One problem a check found, for one object: what `check` prints as a row, what `explain`,
/// `fix` and `report` read by name. The detection queries give the last five fields (their
/// columns `snapshot, object, attribute, value, detail`); the check gives the first two.
public struct Finding: Sendable, Hashable {
    /// The check's name (`duplicate-upn`).
    public var check: String
    public var severity: Check.Severity
    /// The snapshot that holds the object (a sync-engine export for engine findings).
    public var snapshot: String
    /// How the object is named: the DN on-prem, the object id in the cloud.
    public var object: String
    /// The attribute the problem is about (`userPrincipalName`, `proxyAddresses`).
    public var attribute: String
    /// The value: as written, for a shared value as the first object holding it wrote it; SMTP
    /// addresses without their prefix, lower-cased. Typed (a date stays a date).
    public var value: Value
    /// What is wrong, in words (`also held by …`).
    public var detail: String

    public init(check: String, severity: Check.Severity, snapshot: String, object: String, attribute: String,
                value: Value, detail: String) {
        self.check = check
        self.severity = severity
        self.snapshot = snapshot
        self.object = object
        self.attribute = attribute
        self.value = value
        self.detail = detail
    }

    /// The columns of a finding as a result table has them (`check all` prints these).
    public static let columns = ["check", "severity", "snapshot", "object", "attribute", "value", "detail"]

    /// The finding as a row of `columns`.
    public var row: [Value] {
        [.string(check), .string(severity.rawValue), .string(snapshot), .string(object), .string(attribute), value, .string(detail)]
    }

    /// Findings as the result of `check`.
    public static func table(_ findings: [Finding]) -> ResultTable {
        ResultTable(columns: columns, rows: findings.map(\.row))
    }

    /// Colliding objects next to each other: by value, then snapshot, object and attribute, in
    /// the order `byValue` gives, with each text prepared once (folded, read as a number) rather
    /// than in every comparison: 80 000 findings made 1.4 million comparisons.
    static func sortedByValue(_ findings: [Finding]) -> [Finding] {
        let keys = findings.map { f in
            (value: SortText(f.value), snapshot: SortText(f.snapshot), object: SortText(f.object),
             attribute: SortText(f.attribute))
        }
        let order = findings.indices.sorted { i, j in
            let a = keys[i], b = keys[j]
            var o: Int
            if let x = a.value, let y = b.value { o = x.order(y) } else { o = Compare.sortOrder(findings[i].value, findings[j].value) }
            if o == 0 { o = a.snapshot.order(b.snapshot) }
            if o == 0 { o = a.object.order(b.object) }
            if o == 0 { o = a.attribute.order(b.attribute) }
            return o < 0
        }
        return order.map { findings[$0] }
    }

    /// A text ordered as `Compare.order` orders two texts: equal as written, else as numbers when
    /// both are whole numbers that differ, else by their folded forms.
    private struct SortText {
        let text: String
        let number: Int64?
        let folded: String

        init(_ s: String) {
            text = s
            number = Int64(s)
            folded = s.caseFolded
        }

        /// Of a value that is text; nil for any other (`Compare.sortOrder` orders those).
        init?(_ v: Value) {
            guard case .string(let s) = v else { return nil }
            self.init(s)
        }

        func order(_ other: SortText) -> Int {
            if text == other.text { return 0 }
            if let i = number, let j = other.number, i != j { return i < j ? -1 : 1 }
            return folded == other.folded ? 0 : folded < other.folded ? -1 : 1
        }
    }

    /// The same order, one pair at a time through `Compare.sortOrder` (what `sortedByValue` is
    /// held to by its test).
    static func byValue(_ a: Finding, _ b: Finding) -> Bool {
        for (x, y) in [(a.value, b.value), (.string(a.snapshot), .string(b.snapshot)), (.string(a.object), .string(b.object)),
                       (.string(a.attribute), .string(b.attribute))] {
            let o = Compare.sortOrder(x, y)
            if o != 0 { return o < 0 }
        }
        return false
    }
}
