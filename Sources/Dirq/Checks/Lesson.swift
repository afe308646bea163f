import Foundation
import DirqModel
import DirqSyntax
import DirqEngine

/// What `lesson NAME` teaches about one conflict pattern: what the administrator sees, what it
/// means, a query that shows it on the bundled sample tenant and its result, how to find every
/// case, and the fix. `text` words it as the prompt shows it; `--format json` writes the fields.
public struct Lesson: Sendable {
    /// One line of the list `lesson` shows.
    public struct Entry: Sendable {
        public var name: String
        public var title: String
    }

    /// The pattern shown on the sample tenant.
    public struct Sample: Sendable {
        /// The snapshots loaded from the sample tenant.
        public var snapshots: [String]
        public var query: String
        public var result: ResultTable?
        /// Why the query could not run (the sample is incomplete); nil when it ran.
        public var error: String?
    }

    public var name: String
    public var title: String
    public var reported: String
    public var explanation: String
    /// Nil when the sample tenant is not found.
    public var sample: Sample?
    public var fix: String
    public var powershell: String

    /// Every lesson, one per check.
    public static var entries: [Entry] { Checks.all.map { Entry(name: $0.name, title: $0.title) } }

    /// The lesson of a check, its sample query run on the sample tenant in `sampleDirectory`.
    static func make(_ c: Check, sampleDirectory: String?) -> Lesson {
        var lesson = Lesson(name: c.name, title: c.title, reported: c.reported, explanation: c.explanation,
                            fix: c.fix, powershell: c.powershell)
        guard let dir = sampleDirectory else { return lesson }
        let sample = Session()
        var loaded: [String] = []
        // A check that compares two on-prem exports gets the day before's as well, loaded first.
        let files = (c.needs == .onPremPair ? [("onprem-before.ldif", Side.onPrem, "before")] : [])
            + [("onprem.ldif", Side.onPrem, "onprem"), ("cloud.json", Side.cloud, "cloud")]
        for (file, side, name) in files {
            if let s = try? sample.load(path: (dir as NSString).appendingPathComponent(file), name: name, side: side) { loaded.append(s.name) }
        }
        if let onPrem = sample.latest(.onPrem) { sample.currentName = onPrem.name }
        var shown = Sample(snapshots: loaded, query: c.lessonQuery)
        do {
            shown.result = try sample.query(c.lessonQuery)
        } catch {
            shown.error = "\(error)"
        }
        lesson.sample = shown
        return lesson
    }
}
