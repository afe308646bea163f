import DirqModel
import DirqSyntax

/// Runs a bound plan: the subqueries once, then each operator over the rows of the one before.
/// Pure in the plan and the snapshots (plus Ctrl-C and the memory left): the same plan gives the
/// same rows in the same order.
package struct Executor {
    package let sourceName: String
    package var cancellation: Cancellation?
    /// What `join` and `expand` check their output against before it outgrows the memory left.
    package var memory: MemoryBudget = .system

    package init(sourceName: String, cancellation: Cancellation?, memory: MemoryBudget = .system) {
        self.sourceName = sourceName
        self.cancellation = cancellation
        self.memory = memory
    }

    package func run(_ plan: Plan) throws(Diagnostic) -> Relation {
        var sets: [ValueSet] = []
        for sub in plan.subqueries {
            let rel = try run(sub)
            sets.append(ValueSet(rel.rows.flatMap { ($0.values.first ?? .null).elements }))
        }
        let x = Execution(sourceName: sourceName, evaluator: Evaluator(sourceName: sourceName, subqueries: sets),
                          cancellation: cancellation, memory: memory)
        var rel = plan.source
        for op in plan.operators {
            try x.checkCancelled(op.range)
            rel = try op.run(rel, x)
        }
        return rel
    }

    /// The value of a plan of one value (`Binder.plan(value:)`).
    package func value(_ plan: Plan) throws(Diagnostic) -> Value {
        try run(plan).rows.first?.values.first ?? .null
    }
}

/// What an operator needs while it runs, besides its input: the evaluator (with the subqueries'
/// results), Ctrl-C, and the memory left.
package struct Execution {
    package let sourceName: String
    package let evaluator: Evaluator
    package let cancellation: Cancellation?
    package let memory: MemoryBudget

    /// Stops when the person pressed Ctrl-C; called between operators and every 4096 rows.
    @inline(__always)
    package func checkCancelled(_ range: Range<Int>, row: Int = 0) throws(Diagnostic) {
        guard row & 4095 == 0, let cancellation, cancellation.isCancelled else { return }
        throw Diagnostic("eval.interrupted", .error, "interrupted", range: range, sourceName: sourceName)
    }

    /// `expand` checks the memory left every 2^20 rows it makes.
    package static let memoryCheckMask = (1 << 20) - 1

    /// The least a row of `values` columns takes: the row and its array of values (the values'
    /// own storage is shared with the rows they came from).
    package static func rowBytes(values: Int) -> Int {
        MemoryLayout<Row>.stride + 32 + values * MemoryLayout<Value>.stride
    }

    /// Stops an operator whose next `rows` rows of `rowBytes` each would not fit in the memory
    /// left: an error now rather than the OOM killer later.
    package func checkMemory(forMore rows: Int, rowBytes: Int, after made: Int, what: String,
                     range: Range<Int>) throws(Diagnostic) {
        let need = rows.multipliedReportingOverflow(by: rowBytes)
        guard let room = memory.shortfall(need.overflow ? Int.max : need.partialValue) else { return }
        let so = made > 0 ? "after \(made) rows, the next \(rows)" : "its \(rows) rows"
        throw Diagnostic("eval.out-of-memory", .error,
                         "\(what): \(so) would need about \(MemoryBudget.describe(bytes: need.overflow ? Int.max : need.partialValue)) of memory, but only \(MemoryBudget.describe(bytes: room.bytes)) is available (\(room.source))",
                         range: range, sourceName: sourceName,
                         notes: ["narrow the rows first with 'where', or select fewer columns before '\(what)'"])
    }
}
