import Foundation
import Testing
@testable import Dirq

/// `Session.loading` brackets every read of a snapshot — a `load` statement, `load(path:)`, and
/// a load that fails — so that the command line can tune the allocator for building and switch
/// it back for questions (`Sources/dirq/Allocator.swift`).
@Suite struct LoadingHookTests {
    final class Calls: @unchecked Sendable {
        var list: [Bool] = []
    }

    @Test func everyLoadIsBracketed() throws {
        let calls = Calls()
        let session = Session()
        session.loading = { calls.list.append($0) }
        let ldif = Paths.examples.appendingPathComponent("contoso/onprem.ldif").path
        session.run(SourceText(name: "t", text: "load \"\(ldif)\" as a\nusers count\nload \"/nonexistent/x.ldif\" as b")) { _ in }
        #expect(calls.list == [true, false, true, false])
        calls.list = []
        try session.load(path: Paths.examples.appendingPathComponent("contoso/cloud.json").path)
        #expect(throws: (any Error).self) { try session.load(path: "/nonexistent/y.json") }
        #expect(calls.list == [true, false, true, false])
    }
}
