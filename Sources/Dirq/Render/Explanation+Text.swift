import DirqModel
import DirqSyntax
import DirqEngine

extension Explanation {
    /// The explanation as `explain` prints it at the prompt.
    public var text: String {
        var out = "explain \"\(value)\"\n\n"
        for x in objects {
            out += "\(x.side == .cloud ? "cloud  " : "on-prem") \(x.snapshot): \(x.kind.rawValue) \(x.identity)\n"
            if let u = x.upn { out += "    userPrincipalName  \(u)\n" }
            let proxies = x.proxyAddresses
            if !proxies.isEmpty {
                out += "    proxyAddresses     \(proxies.prefix(6).joined(separator: ", "))\(proxies.count > 6 ? " … (\(proxies.count) in all)" : "")\n"
            }
            if let a = x.anchor {
                out += "    \(x.side == .cloud ? "ImmutableId" : "anchor     ")        \(a)\(x.side == .cloud ? "" : " (\(x.anchorSource ?? ""))")\n"
            }
            if let outcome = x.syncOutcome { out += "    sync               \(outcome): \(x.syncDetail ?? "")\n" }
        }
        out += "\nfindings\n"
        if findings.isEmpty { out += "    none\n" }
        for i in findings {
            let f = i.finding
            out += "    \(f.check) (\(f.severity.rawValue)): \(f.attribute) \(f.value.text) — \(f.detail)\n"
            for c in i.collisions {
                out += "        collides with \(c.object) (\(c.snapshot)): "
                out += "\(c.mine.map { "`\($0)`" }.joined(separator: ", ")) and \(c.theirs.map { "`\($0)`" }.joined(separator: ", ")) "
                out += "are the same \(c.what): \(c.rule)\n"
            }
        }
        for f in fixes {
            out += "\nfix (\(f.check)): \(f.fix)\n"
            out += "PowerShell to review (dirq never runs it):\n" + f.powershell.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
        }
        return out
    }

    /// The findings that involve the objects (what csv and tsv write for `explain`).
    public var findingTable: ResultTable { Finding.table(findings.map(\.finding)) }
}
