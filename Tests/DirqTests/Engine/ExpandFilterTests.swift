import Foundation
import Testing
@testable import Dirq

/// `expand … where …` runs the `where`s on each value as it is made and builds only the rows that
/// pass. The same rows, notes and errors as with every expanded row built first (a `take` between
/// the clauses keeps the engine from fusing them).
@Suite struct ExpandFilterTests {
    static let queries = [
        "objects expand proxyAddresses as p where p.type = \"smtp\" select object, p",
        "objects expand proxyAddresses as p where proxyproblem(p) is not empty select object, p, proxyproblem_detail(p)",
        "users expand proxyAddresses as p where p.address ends with \".com\" where p.type != \"SMTP\" select object, p",
        "objects expand memberOf as g where g contains \"Sales\" count",
        "users expand upn as u where u = \"nobody\" count",
        // An error on some value: the first one, as the unfused `where` raises it.
        "objects expand whenCreated as d where d > \"not a date\" select object",
        "users expand proxyAddresses as p where p.address = upn select object, p",
    ]

    @Test(arguments: queries)
    func fusedAnswersAsUnfused(_ q: String) throws {
        let s = Session()
        for f in ["onprem.ldif", "cloud.json"] {
            s.add(try SnapshotLoader.load(path: Paths.examples.appendingPathComponent("contoso/\(f)").path))
        }
        let unfused = s.lines(q.replacingOccurrences(of: " where ", with: " take 100000000 where ", options: [], range: q.range(of: " where ")))
        #expect(!unfused.isEmpty)
        #expect(s.lines(q) == unfused)
    }
}
