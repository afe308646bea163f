import Foundation

/// Case-insensitive text operators, as the directory compares strings.
enum TextMatching {
    /// Why a pattern is not a valid regular expression, or nil when it is.
    static func regexProblem(_ pattern: String) -> String? {
        do {
            _ = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            return nil
        } catch {
            return "the pattern does not compile (check brackets, parentheses and escapes)"
        }
    }

    static func regex(_ pattern: String) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
    }

    /// `like` with `*` (any run) and `?` (one character), case-insensitive, whole value.
    static func like(_ value: String, _ pattern: String) -> Bool {
        let v = Array(value.lowercased()), p = Array(pattern.lowercased())
        var vi = 0, pi = 0, star = -1, mark = 0
        while vi < v.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == v[vi]) {
                vi += 1; pi += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi; mark = vi; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; vi = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
