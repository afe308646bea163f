import Foundation
import DirqModel
import DirqSyntax
import DirqEngine

extension Session {
    /// `report "file.html"`: runs every check once and writes the page (`HTMLReport`). Returns the
    /// line the person sees.
    func writeReport(to path: String, range: Range<Int>, source: SourceText) throws(Diagnostic) -> String {
        let results = try allFindings(Checks.all, range: range, source: source)
        let all = results.flatMap(\.findings)
        // Each object once, in the order the findings name them.
        var seen = Set<String>()
        var explanations: [(object: String, text: String)] = []
        for f in all where seen.insert(f.object).inserted {
            if let e = try? explain(f.object, range: range, source: source, findings: all) { explanations.append((f.object, e.text)) }
        }
        let fixResults = fixFindings(results)
        let script = Self.renderFixScript(fixResults, title: "fix all", snapshots: snapshots.map { "\($0.name) (\($0.side.rawValue))" })
        let report = HTMLReport(
            title: "dirq report: " + snapshots.map(\.name).joined(separator: ", "),
            generated: "on " + Self.isoUTC(Date()),
            snapshots: snapshots.map(Self.snapshotInfo),
            checks: results.map { r in
                HTMLReport.CheckSection(name: r.check.name, title: r.check.title, severity: r.check.severity.rawValue,
                                        reported: r.check.reported, explanation: r.check.explanation, fix: r.check.fix,
                                        rows: r.findings.map { [$0.snapshot, $0.object, $0.attribute, $0.value.text, $0.detail] },
                                        skipped: r.skipped)
            },
            explanations: explanations, fixScript: script)
        do {
            try report.render().write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw Diagnostic(.reportWriteFailed, .error, "cannot write \(path): \(error.localizedDescription)",
                             range: range, sourceName: source.name)
        }
        return "wrote \(path): \(all.count) finding\(all.count == 1 ? "" : "s") of \(results.filter { !$0.findings.isEmpty }.count) checks, \(explanations.count) objects explained, the fix script"
    }

    /// A relative output path is relative to the current directory (not to the script, unlike
    /// `load`: the report goes where the person runs dirq).
    func resolveOutputPath(_ path: String, baseDirectory: String?) -> String {
        (path as NSString).expandingTildeInPath
    }

    static func snapshotInfo(_ s: Snapshot) -> HTMLReport.SnapshotInfo {
        let attrs = try? FileManager.default.attributesOfItem(atPath: s.path)
        let fileTime = (attrs?[.modificationDate] as? Date).map(isoUTC)
        var newest: DirDate?
        for name in ["whenChanged", "whenCreated", "onPremisesLastSyncDateTime", "createdDateTime", "LastDirSyncTime"] {
            guard let id = s.schema.resolve(name) else { continue }
            for o in s.objects {
                for v in o.value(id)?.elements ?? [] {
                    if case .date(let d) = v, newest.map({ d > $0 }) ?? true { newest = d }
                }
            }
        }
        return HTMLReport.SnapshotInfo(name: s.name, side: s.side.rawValue, format: s.format.rawValue, path: s.path,
                                       objects: s.objects.count, fileTime: fileTime, newestChange: newest?.text)
    }

    static func isoUTC(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }
}
