import Foundation
import Testing
@testable import Dirq

/// Hostile or careless input: located errors and exit 65, never a crash, a hang or a half file.
@Suite struct RobustnessTests {
    let dirq = Paths.product("dirq")

    @Test(arguments: [
        ("users where " + String(repeating: "(", count: 5000) + "a" + String(repeating: ")", count: 5000), "nested more than 128 levels"),
        ("users where " + String(repeating: "not ", count: 5000) + "a", "nested more than 128 levels"),
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

/// A connector-space export is read as a stream: peak memory grows with the objects kept, not
/// with a document tree of the whole file.
@Suite struct ConnectorSpaceMemoryTests {
    static func csexport(objects n: Int, to url: URL) throws {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<cs-objects>\n"
        s.reserveCapacity(n * 900)
        for i in 0..<n {
            s += """
            <cs-object cs-dn="CN={\(String(format: "%032X", i))}" id="{\(UUID().uuidString)}" object-type="user">
             <synchronized-hologram><entry dn="CN={\(i)}"><primary-objectclass>user</primary-objectclass>
              <attr name="userPrincipalName" type="string" multivalued="false"><value>user\(i)@contoso.com</value></attr>
              <attr name="proxyAddresses" type="string" multivalued="true"><value>SMTP:user\(i)@contoso.com</value><value>smtp:u\(i)@contoso.com</value></attr>
              <attr name="sourceAnchor" type="string" multivalued="false"><value>\(Data(repeating: UInt8(i % 251), count: 16).base64EncodedString())</value></attr>
             </entry></synchronized-hologram>
             \(i % 10 == 0 ? "<export-errordetail first-occurred=\"2024-05-01 10:00:00.000\" date-occurred=\"2024-05-02 10:00:00.000\" retry-count=\"3\" error-type=\"AttributeValueMustBeUnique\"><export-status><cd-error><error-code>0x8023134a</error-code><error-literal>duplicate</error-literal></cd-error></export-status></export-errordetail>" : "")
            </cs-object>

            """
        }
        s += "</cs-objects>\n"
        try s.write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func peakMemoryStaysProportionalToTheSnapshot() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-cs-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var peaks: [Int] = [], sizes: [Int] = []
        for n in [4_000, 20_000] {
            let url = dir.appendingPathComponent("cs\(n).xml")
            try Self.csexport(objects: n, to: url)
            let r = try Paths.run(Paths.product("dirq"), ["--stats", "-e", "load \"\(url.path)\"", "-e", "objects where exists errorType count"])
            #expect(r.status == 0)
            #expect(r.out.contains("\(n / 10)"))
            let kib = Int(r.err.split(separator: " ").last { Int($0) != nil }.flatMap { Int($0) } ?? 0)
            peaks.append(kib * 1024)
            sizes.append(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int)
        }
        // Growth from 4 000 to 20 000 objects stays within a small multiple of the growth of the
        // file: the bytes read once plus the objects kept (measured here: about 4.5×, the model's
        // values being larger than their XML). A document tree kept beside the snapshot would
        // add its own several-fold multiple on top.
        let growth = peaks[1] - peaks[0], fileGrowth = sizes[1] - sizes[0]
        #expect(growth < 8 * fileGrowth, "peak grew \(growth / 1024) KiB for \(fileGrowth / 1024) KiB more file")
    }
}
