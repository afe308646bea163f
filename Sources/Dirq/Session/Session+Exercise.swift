import Foundation
import DirqModel
import DirqSyntax
import DirqEngine

extension Session {
    /// `exercise` lists the course with what is solved; `exercise NAME` loads what the exercise
    /// needs from the sample tenant into this session and states the task.
    func startExercise(_ name: String?, range: Range<Int>, source: SourceText) throws(Diagnostic) -> String {
        let solved = solvedExercises()
        guard let name else {
            var out = "Exercises on the sample tenant (exercise NAME to start one; \(solved.count) of \(Exercises.all.count) solved):\n\n"
            let w = Exercises.all.map(\.name.count).max() ?? 0
            for e in Exercises.all {
                out += "  \(solved.contains(e.name) ? "✓" : " ") \(TextWidth.pad(e.name, to: w))  \(e.task)\n"
            }
            return out
        }
        guard let e = Exercises.named(name) else {
            var notes: [String] = []
            if let s = suggest(name, among: Exercises.all.map(\.name)) { notes.append("did you mean '\(s)'?") }
            notes.append("exercises: " + Exercises.all.map(\.name).joined(separator: ", "))
            throw Diagnostic(.exerciseUnknown, .error, "no exercise named '\(name)'", range: range, sourceName: source.name, notes: notes)
        }
        guard let dir = Self.sampleTenantDirectory() else {
            throw Diagnostic(.exerciseNoSample, .error, "the sample tenant (Examples/contoso) is not here", range: range, sourceName: source.name,
                             notes: ["set DIRQ_SAMPLES to the Examples/contoso folder of a dirq checkout"])
        }
        var loaded: [String] = []
        for (file, snapName) in e.files {
            do {
                let snap = try SnapshotLoader.load(path: (dir as NSString).appendingPathComponent(file), name: snapName, memory: memory)
                add(snap)
                loaded.append(snapName)
            } catch {
                throw Diagnostic(.exerciseLoadFailed, .error, "cannot load the sample's \(file): \(error)", range: range, sourceName: source.name)
            }
        }
        if let onPrem = snapshots.last(where: { $0.side == .onPrem && loaded.contains($0.name) }) { currentName = onPrem.name }
        exercise = (e.name, 0)
        lastResult = nil
        let n = (Exercises.all.firstIndex { $0.name == e.name } ?? 0) + 1
        return """
            exercise \(e.name) (\(n) of \(Exercises.all.count)\(solved.contains(e.name) ? ", solved before" : ""))

            \(e.task)

            Loaded from the sample tenant: \(loaded.joined(separator: ", ")) (current: \(currentName ?? "-")).
            Run queries; `submit` checks your last result (by the \(Self.plural(e.keyNoun, 2)) in it, whatever other columns
            it shows); `hint` gives one hint at a time.

            """
    }

    /// "UPN" → "UPNs", "address" → "addresses".
    static func plural(_ noun: String, _ n: Int) -> String {
        n == 1 ? noun : noun.hasSuffix("s") ? noun + "es" : noun + "s"
    }

    /// `submit`: the last result's key values against the answer's.
    func submitExercise(range: Range<Int>, source: SourceText) throws(Diagnostic) -> String {
        let e = try currentExercise(range: range, source: source)
        guard let result = lastResult, !result.columns.isEmpty else {
            throw Diagnostic(.exerciseNoResult, .error, "nothing to submit yet: run a query first; submit compares its result",
                             range: range, sourceName: source.name)
        }
        let answer = try answerKeys(e, range: range, source: source)
        let (column, mine) = Self.keyColumn(result, against: answer, caseSensitive: e.caseSensitive)
        let missing = answer.filter { !mine.keys.contains($0.key) }.values.sorted()
        let extra = mine.filter { !answer.keys.contains($0.key) }.values.sorted()
        if missing.isEmpty && extra.isEmpty {
            markSolved(e.name)
            let next = Exercises.all.first { !solvedExercises().contains($0.name) }
            return "solved: the \(answer.count) \(Self.plural(e.keyNoun, answer.count)) of column `\(column)` are the answer.\n"
                + (next.map { "Next: exercise \($0.name)\n" } ?? "Every exercise is solved.\n")
        }
        var out = "not yet (compared by column `\(column)`, \(e.caseSensitive ? "case-sensitively" : "without regard to case")):\n"
        func list(_ v: [String]) -> String { v.prefix(10).map { "    \($0)" }.joined(separator: "\n") + (v.count > 10 ? "\n    … \(v.count - 10) more" : "") }
        if !missing.isEmpty { out += "  missing \(missing.count) \(Self.plural(e.keyNoun, missing.count)):\n" + list(missing) + "\n" }
        if !extra.isEmpty { out += "  \(extra.count) extra \(Self.plural(e.keyNoun, extra.count)) that should not be there:\n" + list(extra) + "\n" }
        out += "`hint` gives a hint.\n"
        return out
    }

    /// `hint`: the next hint of the current exercise.
    func nextHint(range: Range<Int>, source: SourceText) throws(Diagnostic) -> String {
        let e = try currentExercise(range: range, source: source)
        let shown = exercise?.hintsShown ?? 0
        guard shown < e.hints.count else {
            return "no more hints (\(e.hints.count) of \(e.hints.count) shown); `lesson` explains the pattern.\n"
        }
        exercise?.hintsShown = shown + 1
        return "hint \(shown + 1) of \(e.hints.count): \(e.hints[shown])\n"
    }

    private func currentExercise(range: Range<Int>, source: SourceText) throws(Diagnostic) -> Exercise {
        guard let name = exercise?.name, let e = Exercises.named(name) else {
            throw Diagnostic(.exerciseNone, .error, "no exercise is started", range: range, sourceName: source.name,
                             notes: ["start one with: exercise duplicate-upn (exercise lists them all)"])
        }
        return e
    }

    /// The answer's key values (first column), by their comparison key.
    private func answerKeys(_ e: Exercise, range: Range<Int>, source: SourceText) throws(Diagnostic) -> [String: String] {
        let sample = Session()
        sample.memory = memory
        guard let dir = Self.sampleTenantDirectory() else {
            throw Diagnostic(.exerciseNoSample, .error, "the sample tenant (Examples/contoso) is not here", range: range, sourceName: source.name)
        }
        for (file, name) in e.files { _ = try? sample.load(path: (dir as NSString).appendingPathComponent(file), name: name) }
        do {
            let t = try sample.query(e.answer)
            return Self.keys(t.rows.map { $0[0] }, caseSensitive: e.caseSensitive)
        } catch {
            throw Diagnostic(.exerciseAnswerFailed, .error, "the answer of \(e.name) did not run: \(error)", range: range, sourceName: source.name)
        }
    }

    /// Comparison key → the value as shown, for a column's values (lists flattened).
    static func keys(_ values: [Value], caseSensitive: Bool) -> [String: String] {
        var out: [String: String] = [:]
        for v in values {
            for x in v.elements where !x.isEmpty {
                let text = x.text
                out[caseSensitive ? text : text.caseFolded] = out[caseSensitive ? text : text.caseFolded] ?? text
            }
        }
        return out
    }

    /// The learner's key column: the one sharing the most values with the answer (the first
    /// column when none shares any).
    static func keyColumn(_ t: ResultTable, against answer: [String: String], caseSensitive: Bool) -> (String, [String: String]) {
        var best = (name: t.columns[0], keys: keys(t.rows.map { $0[0] }, caseSensitive: caseSensitive), score: -1)
        for (i, c) in t.columns.enumerated() {
            let k = keys(t.rows.map { $0[i] }, caseSensitive: caseSensitive)
            let common = k.keys.filter { answer.keys.contains($0) }.count
            let score = common * 2 - (k.count - common)  // more in common, then fewer extra
            if score > best.score { best = (c, k, score) }
        }
        return (best.name, best.keys)
    }

    /// Solved exercises: those in the progress file and those solved in this session.
    func solvedExercises() -> Set<String> {
        var out = solvedThisSession
        if let p = exerciseProgressPath, let text = try? String(contentsOfFile: p, encoding: .utf8) {
            for line in text.split(separator: "\n") where !line.isEmpty { out.insert(String(line)) }
        }
        return out
    }

    private func markSolved(_ name: String) {
        solvedThisSession.insert(name)
        guard let p = exerciseProgressPath else { return }
        let all = solvedExercises().sorted()
        try? (all.joined(separator: "\n") + "\n").write(toFile: p, atomically: true, encoding: .utf8)
    }
}
