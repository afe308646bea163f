import Foundation
import Testing
@testable import Dirq

/// The course: every exercise's own answer is solved and an empty result is not; a result is
/// compared by its key column whatever else it shows and however it is cased; hints come one at a
/// time; progress is kept in the progress file.
@Suite struct ExerciseTests {
    static func run(_ s: Session, _ text: String) -> (out: String, diagnostics: [Diagnostic]) {
        var out = "", diags: [Diagnostic] = []
        s.run(SourceText(name: "t", text: text)) { e in
            if case .report(let r) = e { out += r }
            if case .diagnostic(let d) = e { diags.append(d) }
        }
        return (out, diags)
    }

    @Test func theCourseCoversTheGuidesPatterns() {
        #expect(Exercises.all.count >= 10)
        let names = Set(Exercises.all.map(\.name))
        for n in ["duplicate-upn", "duplicate-smtp", "object-type-mismatch", "invalid-soft-match", "takeover", "orphans",
                  "quarantine", "export-errors", "sync-health"] {
            #expect(names.contains(n), "\(n)")
        }
    }

    @Test(arguments: Exercises.all.map(\.name))
    func theAnswerSolvesItAndAnEmptyResultDoesNot(name: String) throws {
        let e = try #require(Exercises.named(name))
        let s = Session()
        let (started, d1) = Self.run(s, "exercise \(name)")
        #expect(d1.isEmpty && started.contains(e.task))
        // Nothing found: every key is missing.
        let (notYet, _) = Self.run(s, "\(e.answer) take 0\nsubmit")
        #expect(notYet.hasPrefix("not yet"), "\(name): \(notYet)")
        #expect(notYet.contains("missing"))
        let (solved, d2) = Self.run(s, "\(e.answer)\nsubmit")
        #expect(d2.isEmpty)
        #expect(solved.hasPrefix("solved: the "), "\(name): \(solved)")
    }

    @Test func keyColumnIsFoundWhateverElseTheResultShowsAndCaseDoesNotCount() throws {
        let s = Session()
        _ = Self.run(s, "exercise duplicate-upn")
        let (out, _) = Self.run(s, "users group by upn having count > 1 select count, members, key = upper(upn)\nsubmit")
        #expect(out.hasPrefix("solved: the 2 UPNs of column `key`"), "\(out)")
    }

    @Test func notYetSaysWhatIsMissingAndWhatIsExtra() throws {
        let s = Session()
        _ = Self.run(s, "exercise duplicate-upn")
        let (out, _) = Self.run(s, "users where upn starts with \"chris\" or upn starts with \"nina\" select upn\nsubmit")
        #expect(out.contains("missing 1 UPN:\n    Jane.Doe@contoso.com"), "\(out)")
        #expect(out.contains("1 extra UPN that should not be there:\n    nina.schultz@contoso.local"), "\(out)")
    }

    @Test func hintsComeOneAtATime() {
        let s = Session()
        _ = Self.run(s, "exercise duplicate-upn")
        #expect(Self.run(s, "hint").out.hasPrefix("hint 1 of 3: Start from the on-prem users"))
        #expect(Self.run(s, "hint").out.hasPrefix("hint 2 of 3: `group by upn`"))
        _ = Self.run(s, "hint")
        #expect(Self.run(s, "hint").out.hasPrefix("no more hints"))
    }

    @Test func submitWithoutAnExerciseOrAResultSaysWhatToDo() {
        #expect(Self.run(Session(), "submit").diagnostics.map(\.id) == ["exercise.none"])
        let s = Session()
        _ = Self.run(s, "exercise orphans")
        #expect(Self.run(s, "submit").diagnostics.map(\.id) == ["exercise.no-result"])
        #expect(Self.run(Session(), "exercise duplicate-up").diagnostics.first?.notes.first == "did you mean 'duplicate-upn'?")
    }

    @Test func progressIsKeptInTheProgressFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-exercises-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = Session()
        s.exerciseProgressPath = path
        _ = Self.run(s, "exercise sync-health\nruns where Result != \"success\" select RunNumber\nsubmit")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "sync-health\n")
        let later = Session()
        later.exerciseProgressPath = path
        let list = Self.run(later, "exercise").out
        #expect(list.contains("1 of \(Exercises.all.count) solved"))
        #expect(list.contains("  ✓ sync-health"))
        #expect(list.contains("    duplicate-upn"))
    }

    @Test func exerciseSubmitAndHintAreNamesElsewhere() {
        let (statements, errors) = Session.parse(SourceText(name: "t", text: "exercise\nexercise takeover\nsubmit; hint\nhint where submit = 1"))
        #expect(errors.isEmpty)
        #expect(statements.map(\.kind).prefix(4) == [.exercise(nil), .exercise("takeover"), .submit, .hint])
        guard case .query(let q) = statements.last?.kind else { Issue.record("not a query"); return }
        #expect(q.source.name == "hint")
    }
}
