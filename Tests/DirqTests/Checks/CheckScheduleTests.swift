import Foundation
import Testing
@testable import Dirq

/// `check all` runs its checks on two threads (`CheckSchedule`): the findings, notes and errors
/// must come out as if the checks had run one after another, and the second thread must start
/// with the checks that read one side, not wait for the pairing the first thread makes.
@Suite struct CheckScheduleTests {
    /// A check named `name` that needs `needs` (the rest is borrowed: only these two matter here).
    static func check(_ name: String, _ needs: Check.Needs) -> Check {
        var c = Checks.duplicateUPN
        c.name = name
        c.needs = needs
        return c
    }

    static let checks = [
        check("pairs-1", .either), check("pairs-2", .both), check("one-side-1", .onPrem),
        check("pairs-3", .both), check("engine", .engine), check("one-side-2", .onPrem),
    ]

    /// Which check each worker takes, table-driven: the first worker takes them in order, the
    /// others the single-side ones first.
    @Test(arguments: [
        ([0, 0, 0, 0, 0, 0], ["pairs-1", "pairs-2", "one-side-1", "pairs-3", "engine", "one-side-2"]),
        ([1, 1, 1, 1, 1, 1], ["one-side-1", "engine", "one-side-2", "pairs-1", "pairs-2", "pairs-3"]),
        ([0, 1, 1, 0, 1, 0], ["pairs-1", "one-side-1", "engine", "pairs-2", "one-side-2", "pairs-3"]),
        ([1, 0, 1, 0, 0, 1, 0], ["one-side-1", "pairs-1", "engine", "pairs-2", "pairs-3", "one-side-2"]),
    ])
    func workersTakeChecks(_ workers: [Int], _ expected: [String]) {
        let schedule = CheckSchedule(Self.checks)
        var taken: [String] = []
        for w in workers {
            guard let i = schedule.next(w) else { break }
            taken.append(Self.checks[i].name)
        }
        #expect(taken == expected)
        #expect(schedule.next(0) == nil)
    }

    /// Outcomes come back in the checks' order whichever finishes first (the first checks take
    /// longest here), an error at its check's place.
    @Test func outcomesKeepTheChecksOrder() {
        let delays = ["pairs-1": 0.06, "pairs-2": 0.04, "one-side-1": 0.0, "pairs-3": 0.02, "engine": 0.0, "one-side-2": 0.01]
        let outcomes = CheckSchedule.reports(of: Self.checks, threads: 2) { c in
            Thread.sleep(forTimeInterval: delays[c.name]!)
            if c.name == "pairs-3" { throw CheckScheduleError(name: c.name) }
            return CheckReport(skipped: c.name)
        }
        let names = outcomes.map { o -> String in
            switch o {
            case .success(let r): r.skipped ?? "?"
            case .failure(let e): "error \((e as? CheckScheduleError)?.name ?? "?")"
            }
        }
        #expect(names == ["pairs-1", "pairs-2", "one-side-1", "error pairs-3", "engine", "one-side-2"])
    }

    struct CheckScheduleError: Error {
        var name: String
    }

    /// Every check of the sample tenant's `check all` finds the same on two threads as on one.
    @Test func sampleTenantSameOnTwoThreads() throws {
        let s = Session()
        try s.load(path: Paths.examples.appendingPathComponent("contoso/onprem.ldif").path, name: "onprem")
        try s.load(path: Paths.examples.appendingPathComponent("contoso/cloud.json").path, name: "cloud")
        let one = try s.reports(of: Checks.all, threads: 1).map { try $0.get() }
        // Fresh caches, so that the threads make the pairing and `identities` themselves.
        let t = Session()
        try t.load(path: Paths.examples.appendingPathComponent("contoso/onprem.ldif").path, name: "onprem")
        try t.load(path: Paths.examples.appendingPathComponent("contoso/cloud.json").path, name: "cloud")
        let two = try t.reports(of: Checks.all, threads: 2).map { try $0.get() }
        #expect(one.map(\.findings) == two.map(\.findings))
        #expect(one.map(\.skipped) == two.map(\.skipped))
        #expect(one.map(\.comparedKinds) == two.map(\.comparedKinds))
        #expect(one.reduce(0) { $0 + $1.findings.count } > 20)
    }
}
