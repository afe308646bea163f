import Foundation
import Testing

/// The `dirq` command end to end: exit codes, which stream gets what, formats, script order.
@Suite struct CLITests {
    let dirq = Paths.product("dirq")

    func write(_ text: String, _ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-cli-tests")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    var ldif: String {
        get throws {
            try write("""
                dn: CN=A,DC=x
                objectClass: user
                userPrincipalName: A@x.com

                dn: CN=B,DC=x
                objectClass: user
                userPrincipalName: a@X.com

                """, "cli.ldif")
        }
    }

    /// `--date-order dmy` reads an ambiguous slash date day first; without it the load warns,
    /// naming the date that shows the file writes day first.
    @Test func dateOrderOption() throws {
        let csv = try write("sAMAccountName,whenCreated\na,05/01/2023 20:28:37\nb,31/01/2024 10:00:00\n", "dates.csv")
        let q = "objects where sam = \"a\" select whenCreated"
        let dmy = try Paths.run(dirq, ["--format", "csv", "--date-order", "dmy", csv, "-e", q])
        #expect(dmy.status == 0)
        #expect(dmy.out == "whenCreated\r\n2023-01-05T20:28:37Z\r\n")
        #expect(!dmy.err.contains("warning"))
        let plain = try Paths.run(dirq, ["--format", "csv", csv, "-e", q])
        #expect(plain.out == "whenCreated\r\n2023-05-01T20:28:37Z\r\n")
        #expect(plain.err.contains("warning: 1 date such as '05/01/2023 20:28:37' could be day or month first"))
        let bad = try Paths.run(dirq, ["--date-order", "ymd", csv, "-e", q])
        #expect(bad.status == 64)
    }

    @Test func resultsOnStdoutEverythingElseOnStderr() throws {
        let r = try Paths.run(dirq, ["--format", "csv", "-e", "load \"\(try ldif)\" as onprem", "-e", "users group by upn having count > 1"])
        #expect(r.status == 0)
        #expect(r.out == "upn,count,members\r\nA@x.com,2,CN=A,DC=x;CN=B,DC=x\r\n".replacingOccurrences(of: "CN=A,DC=x;CN=B,DC=x", with: "\"CN=A,DC=x;CN=B,DC=x\""))
        #expect(r.err.hasPrefix("loaded onprem: 2 objects (2 users), on-prem AD, ldif from "))
    }

    @Test func scriptsFromStandardInput() throws {
        let r = try Paths.run(dirq, ["--format", "tsv"], stdin: "load \"\(try ldif)\"; users where upn = \"A@X.COM\" select upn\n")
        #expect(r.status == 0)
        #expect(r.out == "upn\r\nA@x.com\r\na@X.com\r\n")
    }

    @Test func syntaxErrorExits65WithALocatedMessage() throws {
        let r = try Paths.run(dirq, ["--no-color", "-e", "users where"])
        #expect(r.status == 65)
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix("<command line>:1:12: error: expected an expression after 'where'"))
    }

    @Test func unknownAttributeExits65() throws {
        let r = try Paths.run(dirq, ["--no-color", "-e", "load \"\(try ldif)\"", "-e", "users where usrPrincipalName = 1"])
        #expect(r.status == 65)
        #expect(r.err.contains("error: unknown attribute or column 'usrPrincipalName'"))
        #expect(r.err.contains("did you mean 'userPrincipalName'?"))
    }

    @Test func malformedExportExits65AtItsLine() throws {
        let bad = try write("dn: CN=A,DC=x\nobjectClass: user\nthis line has no colon\n", "bad.ldif")
        let r = try Paths.run(dirq, ["--no-color", bad, "-e", "users count"])
        #expect(r.status == 65)
        #expect(r.err.contains("bad.ldif:3:1: error:"))
    }

    @Test func unknownFormatIsAUsageError() throws {
        let r = try Paths.run(dirq, ["--format", "xml", "-e", "users"])
        #expect(r.status == 64)
    }

    @Test func statementsAndScriptsRunInCommandLineOrder() throws {
        let script = try write("users count\n", "order.dirq")
        let r = try Paths.run(dirq, ["--format", "csv", "-e", "load \"\(try ldif)\"", script, "-e", "users take 1 select upn"])
        #expect(r.status == 0)
        #expect(r.out == "count\r\n2\r\nupn\r\nA@x.com\r\n")
    }

    @Test func embeddingExampleRuns() throws {
        let r = try Paths.run(Paths.product("dirq-embed-example"), [try ldif])
        #expect(r.status == 0)
        #expect(r.out.contains("A@x.com is held by 2 users: CN=A,DC=x | CN=B,DC=x"))  // the key as first written
        #expect(r.out.contains("error: expected a clause or the end of the statement, found 'endswith'"))
    }

    @Test func setGivesASavedScriptItsParameters() throws {
        let script = try write("load \"\(try ldif)\"\nusers where domain(upn) = dom and upn like pattern select upn\n", "set.dirq")
        let r = try Paths.run(dirq, ["--format", "csv", "--set", "dom=x.com", "--set", "pattern=A*", script])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "upn\r\nA@x.com\r\na@X.com\r\n")
        let bad = try Paths.run(dirq, ["--set", "nothing", script])
        #expect(bad.status == 64)
        #expect(bad.err.contains("--set needs NAME=VALUE"))
    }

    @Test func aFailedLoadEndsTheScriptWithOneError() throws {
        let script = try write("load \"missing.ldif\"\nusers count\nusers count\n", "missing.dirq")
        let r = try Paths.run(dirq, ["--no-color", script, "-e", "users count"])
        #expect(r.status == 65)
        #expect(r.err.components(separatedBy: "error:").count == 2, "\(r.err)")
        #expect(!r.err.contains("no snapshot is loaded"))
        #expect(r.out.isEmpty)
    }

    @Test(arguments: [("out.csv", "upn\r\nA@x.com\r\n"), ("out.json", "[\n  {\"upn\": \"A@x.com\"}\n]\n"),
                      ("out.tsv", "upn\r\nA@x.com\r\n"), ("out.md", "| upn |\n| --- |\n| A@x.com |\n")])
    func outputInfersTheFormatFromTheExtension(name: String, expected: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-cli-tests/" + name).path
        try? FileManager.default.removeItem(atPath: path)
        let r = try Paths.run(dirq, ["-e", "load \"\(try ldif)\"", "-e", "users take 1 select upn", "--output", path])
        #expect(r.status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
    }

    @Test func helpListsEveryExitCode() throws {
        let r = try Paths.run(dirq, ["--help"])
        for code in ["0 ", "1 ", "64 ", "65 ", "66 ", "70 ", "73 "] {
            #expect(r.out.contains("\n  " + code), "exit code \(code) missing")
        }
        let unreadable = try Paths.run(dirq, ["/nonexistent/x.dirq"])
        #expect(unreadable.status == 66)
    }

    @Test(arguments: [("check", "check NAME | check all"), ("let", "let name = query | let name = expr"),
                      ("parent", "parent(dn): the DN of the container"), ("duplicate-upn", "duplicate-upn: "),
                      ("now", "now(): the current time"), ("users", "users | groups | contacts | objects   (a source)"),
                      ("exporterrors", "exporterrors   (a source)"), ("takeover", "exercise takeover: "),
                      ("count", "count — the number of rows.\n\ncount(x): number of values")])
    func helpNamePrintsItsPage(name: String, page: String) throws {
        let r = try Paths.run(dirq, ["help", name])
        #expect(r.status == 0)
        #expect(r.out.hasPrefix(page), "\(r.out)")
    }

    /// `dirq onprem.ldif cloud.json -e …`: the first on-prem file given is current for the
    /// statements (as at the prompt); a file given after a statement becomes current as `load` would.
    @Test func theFirstOnPremFileIsCurrentForTheStatements() throws {
        let onprem = Paths.examples.appendingPathComponent("contoso/onprem.ldif").path
        let cloud = Paths.examples.appendingPathComponent("contoso/cloud.json").path
        let both = try Paths.run(dirq, ["--format", "csv", onprem, cloud, "-e", "users count", "-e", "use cloud", "-e", "users count"])
        #expect(both.status == 0, "\(both.err)")
        #expect(both.out == "count\r\n35\r\ncount\r\n31\r\n")
        let after = try Paths.run(dirq, ["--format", "csv", onprem, "-e", "users count", cloud, "-e", "users count"])
        #expect(after.out == "count\r\n35\r\ncount\r\n31\r\n")
    }

    @Test func jsonWritesAMultiValuedAttributeAsAnArrayEvenWithOneValue() throws {
        let l = try write("dn: CN=A,DC=x\nobjectClass: user\nproxyAddresses: SMTP:a@x.com\n\ndn: CN=B,DC=x\nobjectClass: user\nproxyAddresses: SMTP:b@x.com\nproxyAddresses: smtp:c@x.com\n\n", "multi.ldif")
        let r = try Paths.run(dirq, ["--format", "json", "-e", "load \"\(l)\"", "-e", "users select proxyAddresses"])
        #expect(r.out == "[\n  {\"proxyAddresses\": [\"SMTP:a@x.com\"]},\n  {\"proxyAddresses\": [\"SMTP:b@x.com\", \"smtp:c@x.com\"]}\n]\n")
    }
}
