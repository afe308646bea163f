import Foundation
import Testing
@testable import Dirq

/// `explain`, `health` and `lesson` are values the renderers format: the text at the prompt
/// (pinned by Examples/17-explain, 18-lesson, 21-health), and here `--format json`, csv and tsv
/// through the `dirq` binary, each against a golden file in `Golden/Reports/`. Set
/// DIRQ_RECORD=1 to re-record them, then review the diff.
@Suite struct ReportFormatTests {
    static let cases: [(golden: String, args: [String])] = [
        ("explain.json", ["--format", "json", "Examples/contoso/onprem.ldif", "Examples/contoso/cloud.json",
                          "-e", "explain \"joe@contoso.com\""]),
        ("explain.csv", ["--format", "csv", "Examples/contoso/onprem.ldif", "Examples/contoso/cloud.json",
                         "-e", "explain \"joe@contoso.com\""]),
        ("health.json", ["--format", "json", "Examples/contoso/scheduler.txt", "Examples/contoso/runhistory.csv",
                         "Examples/contoso/csexport-aad.xml", "-e", "health at \"2026-11-26T14:45:00Z\""]),
        ("health.tsv", ["--format", "tsv", "Examples/contoso/scheduler.txt", "Examples/contoso/runhistory.csv",
                        "-e", "health at \"2026-11-26T14:45:00Z\""]),
        ("lesson.json", ["--format", "json", "-e", "lesson duplicate-upn"]),
        ("lessons.json", ["--format", "json", "-e", "lesson"]),
    ]

    static var goldens: [String] { cases.map(\.golden) }

    @Test(arguments: goldens)
    func matchesItsGolden(_ golden: String) throws {
        let args = try #require(Self.cases.first { $0.golden == golden }).args
        let r = try Paths.run(Paths.product("dirq"), ["--no-color"] + args)
        #expect(r.status == 0, "\(r.err)")
        let url = Paths.root.appendingPathComponent("Tests/DirqTests/Golden/Reports/\(golden)")
        if ProcessInfo.processInfo.environment["DIRQ_RECORD"] != nil {
            try r.out.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(r.out == (try String(contentsOf: url, encoding: .utf8)), "\(golden): run with DIRQ_RECORD=1 to re-record, then review the diff")
        if golden.hasSuffix(".json") {
            // One JSON value, as a program reading it expects.
            #expect((try? JSONSerialization.jsonObject(with: Data(r.out.utf8))) != nil, "\(golden) is not JSON")
        }
    }

    /// The JSON holds what the text says: the same findings, problems and sample rows, by field.
    @Test func jsonCarriesTheFieldsTheTextShows() throws {
        let s = Session()
        try s.load(path: Paths.examples.appendingPathComponent("contoso/onprem.ldif").path, name: "onprem")
        try s.load(path: Paths.examples.appendingPathComponent("contoso/cloud.json").path, name: "cloud")
        var docs: [ReportDocument] = []
        s.run(SourceText(name: "t", text: "explain \"joe@contoso.com\"")) { if case .document(let d) = $0 { docs.append(d) } }
        guard case .explanation(let e)? = docs.first else { Issue.record("no explanation"); return }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(docs[0].json.utf8)) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.map { $0["object"] as? String } == e.findings.map(\.finding.object))
        #expect(findings.map { $0["check"] as? String } == e.findings.map(\.finding.check))
        for f in e.findings { #expect(docs[0].text.contains("\(f.finding.check) (\(f.finding.severity.rawValue)): \(f.finding.attribute) \(f.finding.value.text)")) }
        #expect((json["objects"] as? [Any])?.count == e.objects.count)
        #expect(e.objects.count == 4 && e.findings.count >= 2)
    }
}
