import Foundation
import Testing
@testable import Dirq

/// One table of diagnostic ids (`DiagnosticID.all`): every id an emission site in Sources/ uses
/// is in it, and every id in it is emitted somewhere. Emission sites are read from the source
/// text: `Diagnostic(.name, …)` with a table constant, or an id literal where a layer has not
/// moved to the constants yet — `Diagnostic("…"`, the parser's `error("parse.…"`, and a
/// reader's `LoadError("…"` / `LoadWarning("…"` (emitted as `load.` + its id).
@Suite struct DiagnosticIDTests {
    static let sources = Paths.root.appendingPathComponent("Sources")

    static func swiftFiles() -> [(path: String, text: String)] {
        let e = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        var out: [(String, String)] = []
        while let url = e?.nextObject() as? URL {
            guard url.pathExtension == "swift", let t = try? String(contentsOf: url, encoding: .utf8) else { continue }
            out.append((url.path, t))
        }
        return out
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let re = try! NSRegularExpression(pattern: pattern)
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// The table's constants by name, read from its file (a constant's name → its id).
    static func constants() throws -> [String: String] {
        let text = try String(contentsOf: sources.appendingPathComponent("DirqSyntax/DiagnosticID.swift"), encoding: .utf8)
        let re = try NSRegularExpression(pattern: #"static let (\w+) = DiagnosticID\("([^"]+)""#)
        var out: [String: String] = [:]
        for m in re.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            out[String(text[Range(m.range(at: 1), in: text)!])] = String(text[Range(m.range(at: 2), in: text)!])
        }
        return out
    }

    /// Every id emitted in Sources/, with a file that emits it.
    static func emitted() throws -> [String: String] {
        let constants = try constants()
        var out: [String: String] = [:]
        for (path, text) in swiftFiles() where !path.hasSuffix("DiagnosticID.swift") {
            let file = (path as NSString).lastPathComponent
            for id in matches(#"Diagnostic\(\s*"([a-z]+\.[a-z0-9.-]+)""#, in: text) { out[id] = file }
            for id in matches(#"\berror\(\s*"((?:parse|lex)\.[a-z0-9.-]+)""#, in: text) { out[id] = file }
            for id in matches(#"Load(?:Error|Warning)\(\s*"([a-z0-9.-]+)""#, in: text) { out["load." + id] = file }
            for name in matches(#"Diagnostic\(\s*\.(\w+)\s*,"#, in: text) + matches(#"(?:DiagnosticID)?\.(\w+Unknown)\)"#, in: text) {
                if let id = constants[name] { out[id] = file }
            }
        }
        return out
    }

    @Test func everyEmittedIdIsInTheTable() throws {
        let table = Set(DiagnosticID.all.map(\.id))
        for (id, file) in try Self.emitted().sorted(by: { $0.key < $1.key }) {
            let listed = table.contains(id)
            #expect(listed, "\(file) emits '\(id)', which DiagnosticID.all does not list")
        }
    }

    @Test func everyIdInTheTableIsEmitted() throws {
        let emitted = try Self.emitted()
        for d in DiagnosticID.all {
            let emitter = emitted[d.id]
            #expect(emitter != nil, "'\(d.id)' is in DiagnosticID.all but nothing in Sources/ emits it")
        }
    }

    /// One entry per id, each constant in `all`, each with a description.
    @Test func theTableIsWhole() throws {
        let ids = DiagnosticID.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(Set(try Self.constants().values) == Set(ids))
        #expect(DiagnosticID.all.allSatisfy { !$0.summary.isEmpty })
        #expect(ids.count > 100)
    }

    /// A real emission carries a table id: the unknown-check diagnostic through its constant.
    @Test func emittedDiagnosticsUseTheTable() throws {
        var ids: [String] = []
        Session().run(SourceText(name: "t", text: "check nothing-like-it\nfix nothing\nlesson nope")) {
            if case .diagnostic(let d) = $0 { ids.append(d.id) }
        }
        #expect(ids == [DiagnosticID.checkUnknown.id, DiagnosticID.fixUnknown.id, DiagnosticID.lessonUnknown.id])
    }

    /// `.help diagnostics` lists the table.
    @Test func helpListsThem() {
        let page = Help.topics().first { $0.0 == "diagnostics" }?.1 ?? ""
        for d in DiagnosticID.all { #expect(page.contains(d.id) && page.contains(d.summary), "\(d.id)") }
    }
}
