import Foundation
import Testing
@testable import Dirq

/// `report "file.html"`: one self-contained page; every value escaped; in a real browser
/// (headless Chromium) each check's count shows and the filter works.
@Suite struct ReportTests {
    static func write(_ s: Session, name: String = "report") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("\(name).html")
        var diags: [Diagnostic] = []
        s.run(SourceText(name: "t", text: "report \"\(url.path)\"")) { if case .diagnostic(let d) = $0 { diags.append(d) } }
        #expect(diags.isEmpty)
        return url
    }

    static func contoso() throws -> Session {
        let s = try CheckTests.session()
        try s.load(path: Paths.examples.appendingPathComponent("contoso/csexport-aad.xml").path, name: "cs")
        return s
    }

    static let hostileLDIF = """
        dn: CN=<script>alert(1)</script>,OU=Staff,DC=contoso,DC=com
        objectClass: user
        displayName: <img src=x onerror=alert(1)>
        userPrincipalName: x@contoso.com
        objectGUID:: AQEBAQEBAQEBAQEBAQEBAQ==

        dn: CN=Y,OU=Staff,DC=contoso,DC=com
        objectClass: user
        displayName: "><svg onload=alert(2)>
        userPrincipalName: X@contoso.com
        objectGUID:: AgICAgICAgICAgICAgICAg==

        """

    @Test func thePageHasEverythingAndFetchesNothing() throws {
        let html = try String(contentsOf: Self.write(try Self.contoso()), encoding: .utf8)
        for c in Checks.all where c.needs != .onPremPair && c.name != "sync-health" {
            #expect(html.contains("id=\"check-\(c.name)\""), "\(c.name)")
        }
        #expect(html.contains("<span class=\"count\" id=\"count-duplicate-upn\">7</span>"))
        #expect(html.contains("<svg id=\"chart\""))
        #expect(html.contains("Examples/contoso/onprem.ldif"))
        #expect(html.contains("<a href=\"#obj-"))
        #expect(html.contains("<h2>Fix script"))
        #expect(html.contains(Checks.duplicateUPN.explanation.prefix(60)))
        // Nothing from the network: no external src or href, and a policy that forbids fetches.
        #expect(html.range(of: #"(src|href)\s*=\s*["']?\s*(https?:|//)"#, options: .regularExpression) == nil)
        #expect(html.contains("default-src 'none'"))
    }

    @Test func everyValueIsEscaped() throws {
        let s = Session()
        s.add(try DiffTests.snapshot(Self.hostileLDIF, "onprem"))
        let html = try String(contentsOf: Self.write(s), encoding: .utf8)
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<svg onload"))
        #expect(html.contains("CN=&lt;script&gt;alert(1)&lt;/script&gt;,OU=Staff,DC=contoso,DC=com"))
        #expect(HTMLReport.escape("<img src=x onerror=\"a\">'&") == "&lt;img src=x onerror=&quot;a&quot;&gt;&#39;&amp;")
    }

    // MARK: - In a real browser

    /// Chromium, when installed (scripts/setup.sh installs Debian's `chromium`).
    static let chromium: String? = {
        let env = ProcessInfo.processInfo.environment["DIRQ_CHROMIUM"]
        return ([env].compactMap { $0 } + ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"])
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// The DOM after the page's script ran, for `file#fragment`.
    static func dumpDOM(_ url: URL, fragment: String) throws -> String {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let r = try Paths.run(URL(fileURLWithPath: chromium!), [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)", "--dump-dom",
            url.absoluteString + "#" + fragment,
        ])
        #expect(r.status == 0, "chromium: \(r.err.suffix(500))")
        return r.out
    }

    static func selftest(_ dom: String) -> String? {
        guard let r = dom.range(of: #"data-visible="(\d+)""#, options: .regularExpression) else { return nil }
        return String(dom[r].dropFirst(14).dropLast())
    }

    @Test(.enabled(if: chromium != nil, "chromium is not installed: run scripts/setup.sh (apt-get install chromium) to run the browser test"))
    func inChromiumEachCountShowsAndTheFilterWorks() throws {
        let url = try Self.write(try Self.contoso())
        let dom = try Self.dumpDOM(url, fragment: "selftest=duplicate-upn:jane")
        // Each check's count, as the browser rendered the page.
        for (name, n) in [("duplicate-upn", 7), ("duplicate-proxy", 6), ("invalid-upn", 5), ("export-errors", 7)] {
            #expect(dom.contains("id=\"count-\(name)\">\(n)</span>"), "\(name)")
        }
        // The two Jane Does of duplicate-upn, out of 7 rows.
        #expect(Self.selftest(dom) == "2")
        #expect(dom.contains("2 of 7 shown"))
        let none = try Self.dumpDOM(url, fragment: "selftest=duplicate-proxy:no-such-object")
        #expect(Self.selftest(none) == "0")
    }

    @Test(.enabled(if: chromium != nil, "chromium is not installed: run scripts/setup.sh (apt-get install chromium) to run the browser test"))
    func inChromiumHostileValuesStayText() throws {
        let s = Session()
        s.add(try DiffTests.snapshot(Self.hostileLDIF, "onprem"))
        let dom = try Self.dumpDOM(try Self.write(s), fragment: "selftest=duplicate-upn:img")
        #expect(!dom.contains("<img"))
        #expect(!dom.contains("<svg onload"))
        #expect(dom.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(Self.selftest(dom) == "0" || Self.selftest(dom) == "1")
    }
}
