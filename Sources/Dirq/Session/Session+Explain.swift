import Foundation
import DirqModel
import DirqSyntax
import DirqEngine

extension Session {
    /// `explain "value"` (see `Explanation`). `findings`: every check's findings when the caller
    /// has them already (`report` explains every object it lists and runs the checks once).
    func explain(_ what: String, range: Range<Int>, source: SourceText, findings known: [Finding]? = nil) throws(Diagnostic) -> Explanation {
        try Explanation.make(what, sourceContext(range: range, source: source)) {
            known ?? Checks.all.flatMap { (try? findings(of: $0).findings) ?? [] }
        }
    }

    /// `lesson` lists the lessons; `lesson NAME` teaches one pattern (see `Lesson`).
    func lesson(_ name: String?, range: Range<Int>, source: SourceText) throws(Diagnostic) -> ReportDocument {
        guard let name else { return .lessons(Lesson.entries) }
        guard let c = Checks.named(name) else {
            var notes: [String] = []
            if let s = suggest(name, among: Checks.all.map(\.name)) { notes.append("did you mean '\(s)'?") }
            throw Diagnostic(.lessonUnknown, .error, "no lesson named '\(name)'", range: range, sourceName: source.name, notes: notes)
        }
        return .lesson(Lesson.make(c, sampleDirectory: Self.sampleTenantDirectory()))
    }

    /// Where the bundled sample tenant is: $DIRQ_SAMPLES, ./Examples/contoso, or Examples/contoso
    /// above the executable (a build inside the repository).
    static func sampleTenantDirectory() -> String? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["DIRQ_SAMPLES"], fm.fileExists(atPath: env) { return env }
        var candidates = [fm.currentDirectoryPath]
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.path)
            dir = dir.deletingLastPathComponent()
        }
        for c in candidates {
            let p = (c as NSString).appendingPathComponent("Examples/contoso")
            if fm.fileExists(atPath: (p as NSString).appendingPathComponent("onprem.ldif")) { return p }
        }
        return nil
    }
}
