import Dirq
#if canImport(Glibc)
import Glibc
#endif

/// Round-trip failures seen so far, by kind (the reprinted text's first words), for reporting
/// only the first few of each.
nonisolated(unsafe) private var roundTripKinds: [String: Int] = [:]
private let strictRoundTrip = getenv("FUZZ_STRICT_ROUNDTRIP").map { String(cString: $0) == "1" } ?? false

extension FuzzSupport {
    /// Every expression of a statement, in source order (the operands of a join condition
    /// separately, since the parser keeps them apart).
    public static func expressions(of statement: Statement) -> [Expr] {
        guard let q = query(of: statement) else { return [] }
        var out: [Expr] = []
        for c in q.clauses {
            switch c.kind {
            case .where(let e): out.append(e)
            case .select(let items): out += items.map(\.expr)
            case .groupBy(let keys, let having): out += keys.map(\.expr) + (having.map { [$0] } ?? [])
            case .sort(let keys): out += keys.map(\.expr)
            case .expand(let e, _): out.append(e)
            case .distinct(let es): out += es
            case .join(_, _, _, let l, let r): out += [l, r]
            case .take, .count, .ungroup: break
            }
        }
        return out
    }

    static func query(of statement: Statement) -> Query? {
        switch statement.kind {
        case .query(let q), .let(_, let q): return q
        default: return nil
        }
    }

    /// The printer's promise: printing an expression and parsing the text again gives an
    /// expression that prints the same. Returns the two texts when the promise is broken.
    public static func roundTripFailure(_ e: Expr) -> (first: String, second: String)? {
        let printed = Printer.print(e)
        let (statements, diagnostics) = Session.parse(SourceText(name: "<printed>", text: "users where " + printed))
        guard diagnostics.isEmpty, statements.count == 1, let q = query(of: statements[0]), q.clauses.count == 1,
              case .where(let again) = q.clauses[0].kind
        else {
            let why = diagnostics.map(\.message).joined(separator: "; ")
            return (printed, "<does not parse: \(why.isEmpty ? "\(statements.count) statements" : why)>")
        }
        let reprinted = Printer.print(again)
        return reprinted == printed ? nil : (printed, reprinted)
    }

    /// Reports a printer round trip that differs: stops when FUZZ_STRICT_ROUNDTRIP=1, else
    /// prints the first three of each kind to stderr as `round-trip:` lines and goes on.
    public static func reportRoundTrip(_ printed: String, _ reprinted: String) {
        let message = "printed \(printed.debugDescription) reprinted \(reprinted.debugDescription)"
        if strictRoundTrip { fatalError("printer round trip differs: " + message) }
        let kind = reprinted.hasPrefix("<does not parse") ? String(reprinted.prefix { $0 != "'" }.prefix(60)) : "differs"
        let n = roundTripKinds[kind, default: 0]
        roundTripKinds[kind] = n + 1
        if n < 3 {
            let line = Array("round-trip: \(message)\n".utf8)
            _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        }
    }
}
