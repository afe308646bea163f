import Foundation
import Testing
@testable import Dirq
import DirqGenerator

/// `expand ATTR as p where … group by …` over only `p` keeps its element keys with the snapshot
/// (`ElementKeys`) and groups integers when asked again. Each query of the table must give the
/// same table and notes on its first run, on its second (kept keys) and with a clause between
/// the expand and the group that keeps the engine from fusing them (every row built).
@Suite struct ElementKeysTests {
    static let tenant: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-element-keys-\(UUID().uuidString)")
        return try! TenantGenerator(users: 1500, seed: 11).write(to: dir).onPremCSV
    }()

    static let queries: [(fused: String, unfused: String)] = [
        ("objects expand proxyAddresses as p where p.type = \"smtp\" group by p.address having count > 1",
         "objects expand proxyAddresses as p where p.type = \"smtp\" take 100000000 group by p.address having count > 1"),
        ("objects expand proxyAddresses as p where p.type = \"x500\" group by p.address",
         "objects expand proxyAddresses as p where p.type = \"x500\" take 100000000 group by p.address"),
        ("users expand proxyAddresses as p where p like \"SMTP:*\" group by lower(p.address) having count > 1",
         "users expand proxyAddresses as p take 100000000 where p like \"SMTP:*\" group by lower(p.address) having count > 1"),
        ("objects expand proxyAddresses as p group by p.type",
         "objects expand proxyAddresses as p take 100000000 group by p.type"),
        ("users expand proxyAddresses as p where p.address ends with \".com\" group by domain(p.address) sort by count desc",
         "users expand proxyAddresses as p where p.address ends with \".com\" take 100000000 group by domain(p.address) sort by count desc"),
        // A key that is empty for some elements: left out, counted in the note.
        ("objects expand proxyAddresses as p group by extract(p, \"^x500:(.*)$\", 1)",
         "objects expand proxyAddresses as p take 100000000 group by extract(p, \"^x500:(.*)$\", 1)"),
    ]

    /// Addresses that are not quite addresses, for the byte path (`TextElementKernel`): a prefix
    /// with a space before its colon, no colon, a colon first, an empty address, spaces after the
    /// colon, case and non-ASCII variants, an empty value.
    static let oddTenant: URL = {
        let rows = [
            "SMTP:Jane@Contoso.com;smtp:jd@contoso.com;X500:/o=Org/cn=Jane",
            "smtp:JANE@contoso.com;smtp :spaced@contoso.com;nocolon",
            ":leading@contoso.com;SMTP:;smtp:  Two@Contoso.com;sip:two@contoso.com",
            "smtp:Rene\u{301}e@contoso.com;SMTP:Renée@Contoso.com;SMTP:RENÉE@CONTOSO.COM",
            "smtp:two@contoso.com;SmTp:12;smtp:012;x500:",
            "",
        ]
        var csv = "DN,objectClass,proxyAddresses\n"
        for (i, r) in rows.enumerated() { csv += "\"CN=U\(i),DC=x\",user,\"\(r)\"\n" }
        return csvFile("odd.csv", csv)
    }()

    /// `text` written to a file `name` in a directory of its own.
    static func csvFile(_ name: String, _ text: String) -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-element-keys-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try! text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// What the byte path runs, each against the evaluator (a `take` between expand and group).
    static let kernelQueries: [String] = [
        "objects expand proxyAddresses as p where p.type = \"SMTP\" group by p.address",
        "objects expand proxyAddresses as p where p.type != \"smtp\" group by p.type",
        "objects expand proxyAddresses as p where not (p.type = \"smtp\") or p.address = \"JD@contoso.com\" group by p",
        "objects expand proxyAddresses as p where p.type = \"smtp\" and p.address != \"two@contoso.com\" group by p.address",
        "objects expand proxyAddresses as p where p.type = \"\" group by p",
        "objects expand proxyAddresses as p where \"x500\" = p.type group by p.address",
        "objects expand proxyAddresses as p where p = \"smtp:jane@contoso.com\" group by p.type",
        "objects expand proxyAddresses as p where p.address = \"renée@contoso.com\" group by p",
        "objects expand proxyAddresses as p group by p.address",
        "objects expand proxyAddresses as p group by p.type",
    ]

    @Test(arguments: [tenant, oddTenant], kernelQueries)
    func bytePathAnswersAsTheEvaluator(_ file: URL, _ q: String) throws {
        let s = Session()
        _ = try s.load(path: file.path, name: "onprem")
        let expected = Self.run(s, q.replacingOccurrences(of: " group by", with: " take 100000000 group by"))
        if file == Self.oddTenant { #expect(!expected.isEmpty) }  // every query finds some of these
        #expect(!expected.contains { $0.hasPrefix("error") })
        #expect(Self.run(s, q) == expected)
        #expect(try #require(s.snapshot(named: "onprem")).keyColumns.elementKeyDescriptions.count == 1)
    }

    static func run(_ s: Session, _ q: String) -> [String] { s.lines(q) }

    /// More stored values than `ElementScan.parallelMinimum`: the byte path scans the second half
    /// on another thread (on a machine with two cores or more) and numbers its keys after the
    /// first half's. The numbers, and so the groups' order, the counts and the notes, must be
    /// those of the evaluator, with keys shared across the halves and odd values in both.
    static let bigTenant: URL = {
        let odd = ["smtp :spaced@x.com;nocolon", ":leading@x.com;SMTP:;smtp:  Two@X.com", "SmTp:12;smtp:012;x500:", ""]
        var csv = "DN,objectClass,proxyAddresses\n"
        for i in 0..<70_000 {
            let list = i % 997 == 0 ? odd[(i / 997) % odd.count]
                : "SMTP:U\(i % 40_000)@X.com;smtp:alias\(i)@x.com;X500:/o=\(i % 7);smtp:Rene\u{301}e\(i % 3)@x.com"
            csv += "\"CN=U\(i),DC=x\",user,\"\(list)\"\n"
        }
        return csvFile("big.csv", csv)
    }()

    @Test(arguments: [
        "objects expand proxyAddresses as p where p.type = \"smtp\" group by p.address having count > 1",
        "objects expand proxyAddresses as p where p.type != \"smtp\" group by p.type",
        "objects expand proxyAddresses as p group by p.address having count > 1",
    ])
    func halvesAnswerAsTheEvaluator(_ q: String) throws {
        let s = Session()
        _ = try s.load(path: Self.bigTenant.path, name: "onprem")
        let expected = Self.run(s, q.replacingOccurrences(of: " group by", with: " take 100000000 group by"))
        #expect(expected.count >= 3)
        #expect(!expected.contains { $0.hasPrefix("error") })
        #expect(Self.run(s, q) == expected)
        #expect(try #require(s.snapshot(named: "onprem")).keyColumns.elementKeyDescriptions.count == 1)
    }

    @Test(arguments: queries.indices)
    func keptElementKeysGiveTheSameAnswer(_ i: Int) throws {
        let s = Session()
        _ = try s.load(path: Self.tenant.path, name: "onprem")
        let (fused, unfused) = Self.queries[i]
        let expected = Self.run(s, unfused)
        #expect(!expected.isEmpty)
        #expect(!expected.contains { $0.hasPrefix("error") })
        #expect(try #require(s.snapshot(named: "onprem")).keyColumns.elementKeyDescriptions.isEmpty)
        #expect(Self.run(s, fused) == expected)  // computes and keeps the keys
        #expect(try #require(s.snapshot(named: "onprem")).keyColumns.elementKeyDescriptions.count == 1)
        #expect(Self.run(s, fused) == expected)  // groups the kept keys
    }

    /// Keys are numbered over all of a snapshot's objects; grouping takes them as group numbers
    /// while its rows meet them in that order, and maps them once they do not. Here the users meet
    /// keys 0 and 2 (key 1 is the group's) and then 1: the switch comes with a group made. Each
    /// answer must be the one the evaluator gives (a `take` between expand and group).
    @Test func keysOutOfOrderGroupAsInOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-key-order-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = """
            DN,objectClass,userPrincipalName,proxyAddresses
            "CN=U0,DC=x",user,a@x.com,"SMTP:a@x.com;smtp:shared@x.com"
            "CN=G1,DC=x",group,,"SMTP:b@x.com"
            "CN=U2,DC=x",user,c@x.com,"SMTP:c@x.com;smtp:Shared@x.com"
            "CN=U3,DC=x",user,B@x.com,"SMTP:B@x.com;smtp:a@X.com"
            "CN=U4,DC=x",user,a@x.com,"SMTP:d@x.com"

            """
        let url = dir.appendingPathComponent("order.csv")
        try csv.write(to: url, atomically: true, encoding: .utf8)
        let s = Session()
        _ = try s.load(path: url.path, name: "onprem")
        for q in ["users expand proxyAddresses as p where p.type = \"smtp\" group by p.address",
                  "objects expand proxyAddresses as p where p.type = \"smtp\" group by p.address",
                  "objects sort by DN desc expand proxyAddresses as p where p.type = \"smtp\" group by p.address"] {
            let expected = Self.run(s, q.replacingOccurrences(of: " group by", with: " take 100000000 group by"))
            #expect(expected.count > 3, "\(q)")
            #expect(Self.run(s, q) == expected, "\(q)")
            #expect(Self.run(s, q) == expected, "\(q)")
        }
        // The same through a key column (`group by` an attribute of the objects themselves).
        for q in ["users group by userPrincipalName", "users sort by DN desc group by userPrincipalName"] {
            let expected = Self.run(s, q.replacingOccurrences(of: " group by", with: " take 100000000 group by"))
            #expect(expected.count > 2, "\(q)")
            #expect(Self.run(s, q) == expected, "\(q)")
        }
        // `having` reads the counts the numbering made (the count column is counted from the rows):
        // here the keys met again after the switch (shared@, a@) decide what it keeps.
        for (q, n) in [("users expand proxyAddresses as p where p.type = \"smtp\" group by p.address having count = 2", 2),
                       ("users sort by DN desc group by userPrincipalName having count = 2", 1)] {
            let expected = Self.run(s, q.replacingOccurrences(of: " group by", with: " take 100000000 group by"))
            #expect(expected.count == n, "\(q)")
            #expect(Self.run(s, q) == expected, "\(q)")
        }
    }

    /// Every literal keeps other keys (and `now()` is bound as a literal, the statement's second):
    /// only the most recent few are kept.
    @Test func keptKeysAreBounded() throws {
        let s = Session()
        _ = try s.load(path: Self.tenant.path, name: "onprem")
        let n = KeyColumnCache.keptElementKeys + 4
        for day in 1...n {
            let q = "users expand whenCreated as d where d > \"2000-01-\(day < 10 ? "0" : "")\(day)\" group by d count"
            #expect(!Self.run(s, q).contains { $0.hasPrefix("error") })
        }
        #expect(try #require(s.snapshot(named: "onprem")).keyColumns.elementKeyDescriptions.count == KeyColumnCache.keptElementKeys)
        let now = "users expand whenCreated as d where d > now() - 36500d group by d count"
        #expect(Self.run(s, now) == Self.run(s, now.replacingOccurrences(of: "group by", with: "take 100000000 group by")))
    }

    /// What can change between runs is never kept: a subquery's values, other columns.
    @Test(arguments: [
        "users expand proxyAddresses as p where p.address in (users select mail) group by p.address",
        "users expand proxyAddresses as p where p.type = \"smtp\" group by department",
        "users expand proxyAddresses as p where upn ends with \".com\" group by p.address",
    ])
    func changingAnswersAreNotKept(_ q: String) throws {
        let s = Session()
        _ = try s.load(path: Self.tenant.path, name: "onprem")
        #expect(!Self.run(s, q).contains { $0.hasPrefix("error") })
        #expect(try #require(s.snapshot(named: "onprem")).keyColumns.elementKeyDescriptions.isEmpty)
    }

    /// Two queries that differ only in a literal keep two sets of keys, not one.
    @Test func aLiteralIsPartOfWhatIsKept() throws {
        let s = Session()
        _ = try s.load(path: Self.tenant.path, name: "onprem")
        let smtp = Self.run(s, "objects expand proxyAddresses as p where p.type = \"smtp\" group by p.type")
        let x500 = Self.run(s, "objects expand proxyAddresses as p where p.type = \"x500\" group by p.type")
        #expect(smtp.first?.lowercased().hasPrefix("smtp,") == true)
        #expect(x500.first?.lowercased().hasPrefix("x500,") == true)
    }
}
