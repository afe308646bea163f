/// How bad a finding is: an error stops sync (a check with one makes a script exit 1), a warning
/// will, information is for the record. Errors sort first.
public enum Severity: String, Sendable, Comparable {
    case error, warning, info

    public static func < (a: Severity, b: Severity) -> Bool {
        let order: [Severity] = [.error, .warning, .info]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}
