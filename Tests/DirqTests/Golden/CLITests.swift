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
}
