import DirqModel
import DirqSyntax

extension TextMatching {
    /// The error that ends a statement whose regular expression ran away.
    package static func budgetError(_ pattern: String, range: Range<Int>, sourceName: String) -> Diagnostic {
        Diagnostic("eval.regex-budget", .error,
                   "the regular expression \"\(pattern)\" backtracks too much: one match ran past its budget, so the statement stopped",
                   range: range, sourceName: sourceName,
                   notes: ["alternatives or repetitions that can match the same text, such as (\\w|\\d)*, try every way of splitting a value; write it as [\\w]* or anchor it"])
    }
}
