import Foundation
import Testing
@testable import Dirq

/// Checks run their detection queries leniently (a name no object of a snapshot carries reads as
/// empty: an export without `proxyAddresses` has no duplicate addresses, not an error). A typo in
/// a detection would then make a check that silently finds nothing. Here every detection query
/// is bound strictly against the sample tenant with every export loaded, where each name a check
/// uses exists.
@Suite struct CheckBindingTests {
    static func fullSample() throws -> Session {
        let s = Session()
        try s.load(path: Paths.examples.appendingPathComponent("contoso/onprem-before.ldif").path, name: "before")
        for f in ["onprem.ldif", "cloud.json", "scheduler.txt", "runhistory.csv", "csexport-aad.xml",
                  "connect-health-errors.json", "provisioning-errors.csv"] {
            try s.load(path: Paths.examples.appendingPathComponent("contoso/\(f)").path)
        }
        return s
    }

    @Test("every check's detection binds strictly", arguments: Checks.all.map(\.name))
    func detectionBindsStrictly(_ name: String) throws {
        let s = try Self.fullSample()
        let check = try #require(Checks.named(name))
        let pair = check.needs == .onPremPair ? s.onPremPair() : nil
        #expect(check.needs != .onPremPair || pair != nil)
        for (n, source) in CheckRun.detectionSources(of: check, pair: pair).enumerated() {
            let (statements, errors) = Session.parse(source)
            #expect(errors.isEmpty, "\(name) #\(n + 1): \(errors.first.map(\.message) ?? "")")
            guard case .query(let q)? = statements.first?.kind else {
                Issue.record("\(name) #\(n + 1) is not a query")
                continue
            }
            do {
                _ = try s.runQuery(q, source: source, lenient: false)
            } catch {
                // A real AD attribute the sample happens not to carry (userSMIMECertificate) is
                // fine; a name the catalogue does not know is a typo.
                if let unknown = Self.unknownName(in: error.message), Self.catalogueKnows(unknown) { continue }
                Issue.record("\(name) #\(n + 1) does not bind: \(error.message)")
            }
        }
    }

    static func unknownName(in message: String) -> String? {
        guard message.hasPrefix("unknown attribute or column '") else { return nil }
        return message.split(separator: "'").dropFirst().first.map(String.init)
    }

    static func catalogueKnows(_ name: String) -> Bool {
        let lower = name.lowercased()
        return AttributeCatalog.multiValued.contains(lower) || AttributeCatalog.binary.contains(lower)
            || AttributeType.of(name) != .unknown
    }

    @Test func aTypoIsCaught() throws {
        let s = try Self.fullSample()
        let source = SourceText(name: "typo", text: "identities | expand upn as value | group by valeu")
        guard case .query(let q)? = Session.parse(source).0.first?.kind else { Issue.record("no query"); return }
        #expect(throws: Diagnostic.self) { try s.runQuery(q, source: source, lenient: false) }
    }
}
