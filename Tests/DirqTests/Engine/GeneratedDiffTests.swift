import Foundation
import Testing
@testable import Dirq
import DirqGenerator

/// `diff` on two generated snapshots reports exactly the planted additions, removals, attribute
/// changes and anchor changes.
@Suite struct GeneratedDiffTests {
    @Test func diffFindsExactlyThePlantedChanges() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-diff-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try TenantGenerator(users: 1500, seed: 11, conflictRate: 0.01).write(to: dir)
        let text = try String(contentsOf: dir.appendingPathComponent("onprem.ldif"), encoding: .utf8)
        let nl = text.contains("\r\n") ? "\r\n" : "\n"
        var records = text.components(separatedBy: nl + nl).filter { $0.contains("dn: ") }
        let header = records.first?.hasPrefix("#") == true || records.first?.hasPrefix("version") == true ? records.removeFirst() : ""
        func dn(_ r: String) -> String {
            let line = r.components(separatedBy: nl).first { $0.hasPrefix("dn: ") }!
            return String(line.dropFirst(4))
        }
        func withLine(_ r: String, _ prefix: String, _ replacement: String) -> String {
            r.components(separatedBy: nl).map { $0.hasPrefix(prefix) ? replacement : $0 }.joined(separator: nl)
        }
        // Plant: remove 7 objects, keep 5 only in the new file (added), change 9 departments and
        // give 4 users a new mS-DS-ConsistencyGuid (anchor changes).
        let users = records.indices.filter { records[$0].contains("objectClass: user") && records[$0].contains("department: ")
            && records[$0].contains("mS-DS-ConsistencyGuid:: ") }
        let removed = Array(users[0..<7]), added = Array(users[7..<12]), changed = Array(users[12..<21]), anchors = Array(users[21..<25])
        var old = records, new = records
        for i in changed { new[i] = withLine(new[i], "department: ", "department: Moved \(i)") }
        for (k, i) in anchors.enumerated() {
            new[i] = withLine(new[i], "mS-DS-ConsistencyGuid:: ", "mS-DS-ConsistencyGuid:: " + Data(repeating: UInt8(k + 1), count: 16).base64EncodedString())
        }
        let dropOld = Set(added), dropNew = Set(removed)
        old = old.indices.filter { !dropOld.contains($0) }.map { old[$0] }
        new = new.indices.filter { !dropNew.contains($0) }.map { new[$0] }
        let oldURL = dir.appendingPathComponent("old.ldif"), newURL = dir.appendingPathComponent("new.ldif")
        try ([header] + old).filter { !$0.isEmpty }.joined(separator: nl + nl).appending(nl).write(to: oldURL, atomically: true, encoding: .utf8)
        try ([header] + new).filter { !$0.isEmpty }.joined(separator: nl + nl).appending(nl).write(to: newURL, atomically: true, encoding: .utf8)

        let s = Session()
        try s.load(path: oldURL.path, name: "old")
        try s.load(path: newURL.path, name: "new")
        let rows = try s.query("diff old new select change, object, attribute").rows.map { $0.map(\.text) }
        func objects(_ change: String, _ attribute: String? = nil) -> Set<String> {
            Set(rows.filter { $0[0] == change && (attribute == nil || $0[2] == attribute!) }.map { $0[1] })
        }
        #expect(objects("removed") == Set(removed.map { dn(records[$0]) }))
        #expect(objects("added") == Set(added.map { dn(records[$0]) }))
        #expect(objects("changed", "department") == Set(changed.map { dn(records[$0]) }))
        #expect(objects("anchor-changed") == Set(anchors.map { dn(records[$0]) }))
        #expect(objects("changed", "mS-DS-ConsistencyGuid") == Set(anchors.map { dn(records[$0]) }))
        // Nothing else changed.
        #expect(rows.count == removed.count + added.count + changed.count + 2 * anchors.count)
    }
}
