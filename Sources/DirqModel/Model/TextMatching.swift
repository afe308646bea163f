import Foundation

/// Case-insensitive text operators, as the directory compares strings.
package enum TextMatching {
    /// Why a pattern is not a valid regular expression, or nil when it is.
    package static func regexProblem(_ pattern: String) -> String? {
        if let nested = nestedQuantifier(pattern) { return nested }
        do {
            _ = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            return nil
        } catch {
            return "the pattern does not compile (check brackets, parentheses and escapes)"
        }
    }

    /// A repeated group that itself repeats — `(a+)+`, `(\\w*)*`, `(a|aa){2,}` — can backtrack
    /// exponentially on a long non-matching value (ReDoS). Such patterns are refused when parsed.
    package static func nestedQuantifier(_ p: String) -> String? {
        let c = Array(p)
        var stack: [Bool] = []  // per open group: does it contain a quantifier?
        var i = 0
        func isQuantifier(_ k: Int) -> Bool {
            k < c.count && (c[k] == "*" || c[k] == "+" || (c[k] == "{" && k + 1 < c.count && c[k + 1].isNumber))
        }
        while i < c.count {
            switch c[i] {
            case "\\": i += 1
            case "[":
                i += 1
                while i < c.count && c[i] != "]" { if c[i] == "\\" { i += 1 }; i += 1 }
            case "(": stack.append(false)
            case ")":
                let inner = stack.popLast() ?? false
                if inner && isQuantifier(i + 1) {
                    return "a repeated group that itself repeats (like (a+)+) can take exponential time; remove one of the repetitions"
                }
                if inner, !stack.isEmpty { stack[stack.count - 1] = true }
                if isQuantifier(i + 1), !stack.isEmpty { stack[stack.count - 1] = true }
            default:
                if isQuantifier(i), !stack.isEmpty { stack[stack.count - 1] = true }
            }
            i += 1
        }
        return nil
    }

    /// How long one match may run, in the regex engine's progress reports (each comes after a
    /// few thousand backtracking steps, about 2 ms): a runaway match ends its statement within
    /// a second instead of running for minutes. An ordinary match over a directory value makes
    /// no report at all.
    package static let progressBudget = 400

    package struct BudgetExceeded: Error {}

    /// The first match of `re` in `s`, or nil; throws when the match runs past `progressBudget`.
    package static func firstMatch(_ re: NSRegularExpression, in s: String, budget: Int = progressBudget) throws(BudgetExceeded)
        -> NSTextCheckingResult?
    {
        var found: NSTextCheckingResult?
        var reports = 0
        var exceeded = false
        re.enumerateMatches(in: s, options: [.reportProgress], range: NSRange(s.startIndex..., in: s)) { m, _, stop in
            if let m {
                found = m
                stop.pointee = true
                return
            }
            reports += 1
            if reports > budget {
                exceeded = true
                stop.pointee = true
            }
        }
        if exceeded { throw BudgetExceeded() }
        return found
    }

    package static func regex(_ pattern: String) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
    }

    /// `like` with `*` (any run) and `?` (one character), case-insensitive, whole value.
    package static func like(_ value: String, _ pattern: String) -> Bool {
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
