import Foundation
import Testing
@testable import Dirq

/// Hostile or careless input: located errors and exit 65, never a crash, a hang or a half file.
@Suite struct RobustnessTests {
    let dirq = Paths.product("dirq")

    @Test(arguments: [
        ("users where " + String(repeating: "(", count: 5000) + "a" + String(repeating: ")", count: 5000), "nested more than 200 levels"),
        ("users where " + String(repeating: "not ", count: 5000) + "a", "nested more than 200 levels"),
        ("users where upn matches \"(a+)+$\"", "exponential time"),
        ("users where upn matches \"(\\\\w*)*x\"", "exponential time"),
        ("users where upn matches \"[a-z\"", "invalid regular expression"),
    ])
    func hostileQueriesAreRefusedWithALocation(query: String, message: String) throws {
        let r = try Paths.run(dirq, ["--no-color", "-e", query])
        #expect(r.status == 65)
        #expect(r.err.contains(message), "\(r.err.prefix(300))")
        #expect(r.err.hasPrefix("<command line>:1:"))
    }

    @Test func regexesWithoutNestedRepetitionAreAccepted() {
        for p in ["^[a-z]+@contoso\\.com$", "(ab)+", "(a|b)*c", "x{2,3}", "\\(a+\\)+"] {
            #expect(TextMatching.nestedQuantifier(p) == nil, "\(p)")
        }
    }

    @Test func comparingADateWithTextThatIsNotADateIsAnError() throws {
        let s = Session()
        var b = SnapshotBuilder(path: "m.json", format: .json)
        b.beginObject(line: 1)
        b.add("createdDateTime", .date(1_714_557_600))
        b.endObject()
        s.add(b.build(name: "m", side: .cloud))
        #expect(try s.query("objects where createdDateTime > \"2024-01-01\" count").rows == [[.int(1)]])
        #expect(throws: Diagnostic.self) { try s.query("objects where createdDateTime > \"yesterday\" count") }
    }

    @Test func aFIFOIsRefusedNotWaitedOn() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-fifo-\(getpid())").path
        unlink(path)
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        let r = try Paths.run(dirq, ["--no-color", "-e", "load \"\(path)\""])
        #expect(r.status == 65)
        #expect(r.err.contains("is not a regular file"))
    }

    @Test func outputFileIsWrittenWholeOrNotAtAll() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-out-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("result.csv").path
        try "previous good result\n".write(toFile: out, atomically: true, encoding: .utf8)
        // A failing run leaves the previous file untouched.
        let bad = try Paths.run(dirq, ["--format", "csv", "-o", out, "-e", "users where"])
        #expect(bad.status == 65)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "previous good result\n")
        // A good run replaces it, and leaves no temporary file behind.
        let ldif = dir.appendingPathComponent("a.ldif").path
        try "dn: CN=A,DC=x\nobjectClass: user\nuserPrincipalName: a@x.com\n".write(toFile: ldif, atomically: true, encoding: .utf8)
        let good = try Paths.run(dirq, ["--format", "csv", "-o", out, "-e", "load \"\(ldif)\"", "-e", "users select upn"])
        #expect(good.status == 0)
        #expect(good.out.isEmpty)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "upn\r\na@x.com\r\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["a.ldif", "result.csv"])
    }

    @Test(arguments: [("missing.ldif", "no such file"), ("", "is a directory")])
    func badPathsAreLocatedErrors(name: String, message: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        let r = try Paths.run(dirq, ["--no-color", "-e", "load \"\(path)\""])
        #expect(r.status == 65)
        #expect(r.err.contains(message))
    }

    @Test func pathsWithSpacesAndNonASCIICharactersLoad() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq ünïcode \(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("Søren export.ldif").path
        try "dn: CN=Søren,DC=x\nobjectClass: user\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try Paths.run(dirq, ["--format", "csv", path, "-e", "users select object"])
        #expect(r.status == 0)
        #expect(r.out == "object\r\n\"CN=Søren,DC=x\"\r\n")
    }
}
