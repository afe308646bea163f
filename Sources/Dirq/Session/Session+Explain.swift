import Foundation

extension Session {
    /// `explain "value"`: the objects a UPN, DN, id, address, sAMAccountName or anchor names, on
    /// each side; how they pair; every finding that involves them; the objects they collide with
    /// and on which normalised value; and the fix.
    /// `findings`: every check's finding rows when the caller has them already (`report` explains
    /// every object it lists and runs the checks once).
    func explain(_ what: String, range: Range<Int>, source: SourceText, findings known: [Finding]? = nil) throws(Diagnostic) -> String {
        let needle = what.lowercased()
        let needleGUID = GUIDText.bytes(fromGUID: what) ?? Data(base64Encoded: what).map { [UInt8]($0) }
        var hits: [(Snapshot, Int)] = []
        for snap in snapshots {
            for (i, o) in snap.objects.enumerated() {
                let ids = [snap.identity(of: o), snap.upn(of: o), snap.value(of: o, "sam")?.elements.first?.text,
                           snap.value(of: o, "mail")?.elements.first?.text].compactMap { $0?.lowercased() }
                var match = ids.contains(needle) || snap.smtpAddresses(of: o).contains(needle)
                if !match, let g = needleGUID, case .bytes(let b)? = snap.anchor(of: o), b == g { match = true }
                if match { hits.append((snap, i)) }
            }
        }
        guard !hits.isEmpty else {
            throw Diagnostic("explain.not-found", .error, "no object in \(snapshots.map(\.name).joined(separator: ", ")) has '\(what)' as its UPN, DN, id, sAMAccountName, mail, SMTP address or anchor",
                             range: range, sourceName: source.name)
        }
        // Widen to whole identities: an on-prem object brings its twin, a twin its on-prem object.
        var objects: [(Snapshot, Int)] = []
        func add(_ s: Snapshot, _ i: Int) {
            if !objects.contains(where: { $0.0.name == s.name && $0.1 == i }) { objects.append((s, i)) }
        }
        let onPrem = latest(.onPrem), cloud = latest(.cloud)
        let sm = onPrem.flatMap { p in cloud.map { syncMatch(onPrem: p, cloud: $0) } }
        for (s, i) in hits {
            add(s, i)
            guard let sm, let onPrem, let cloud else { continue }
            if s.name == onPrem.name, let t = sm.onPremResults[i].twin { add(cloud, t) }
            if s.name == cloud.name, let t = sm.cloudResults[i].twin { add(onPrem, t) }
        }
        var out = "explain \"\(what)\"\n\n"
        for (s, i) in objects {
            let o = s.objects[i]
            out += "\(s.side == .cloud ? "cloud  " : "on-prem") \(s.name): \(o.kind.rawValue) \(s.identity(of: o))\n"
            if let u = s.upn(of: o) { out += "    userPrincipalName  \(u)\n" }
            let proxies = s.value(of: o, "proxyAddresses")?.elements.map(\.text) ?? []
            if !proxies.isEmpty {
                out += "    proxyAddresses     \(proxies.prefix(6).joined(separator: ", "))\(proxies.count > 6 ? " … (\(proxies.count) in all)" : "")\n"
            }
            if let a = s.anchor(of: o) { out += "    \(s.side == .cloud ? "ImmutableId" : "anchor     ")        \(a.text)\(s.side == .cloud ? "" : " (\(anchorSource(s, o)))")\n" }
            if let sm, let onPrem, let cloud {
                if s.name == onPrem.name {
                    let r = sm.onPremResults[i]
                    out += "    sync               \(r.outcome): \(r.detail)\n"
                } else if s.name == cloud.name {
                    let r = sm.cloudResults[i]
                    out += "    sync               \(r.outcome): \(r.detail)\n"
                }
            }
        }
        // Findings that involve these objects, and who else is in them.
        let identities = Set(objects.map { $0.0.identity(of: $0.0.objects[$0.1]) })
        var all: [Finding] = known ?? []
        if known == nil { for c in Checks.all { all += (try? findings(of: c).findings) ?? [] } }
        let mine = all.filter { identities.contains($0.object) }
        out += "\nfindings\n"
        if mine.isEmpty { out += "    none\n" }
        var explained = Set<String>()
        for f in mine {
            out += "    \(f.check) (\(f.severity.rawValue)): \(f.attribute) \(f.value.text) — \(f.detail)\n"
            let others = all.filter { $0.check == f.check && Compare.equal($0.value, f.value) && !identities.contains($0.object) }
            for other in others where ["duplicate-upn", "duplicate-proxy"].contains(f.check) {
                let key = other.object + f.value.text
                guard explained.insert(key).inserted else { continue }
                let mineRaw = rawValues(f.value.text, attribute: f.attribute, in: objects)
                let theirRaw = rawValues(f.value.text, attribute: f.attribute, objectIdentity: other.object)
                let rule = f.check == "duplicate-upn"
                    ? "UPNs compare without regard to case"
                    : "the SMTP:/smtp: prefix only marks the primary address and case is ignored"
                out += "        collides with \(other.object) (\(other.snapshot)): "
                out += "\(mineRaw.map { "`\($0)`" }.joined(separator: ", ")) and \(theirRaw.map { "`\($0)`" }.joined(separator: ", ")) "
                out += "are the same \(rule.hasPrefix("UPN") ? "UPN" : "address"): \(rule)\n"
            }
        }
        let names = Set(mine.map(\.check))
        for c in Checks.all where names.contains(c.name) {
            out += "\nfix (\(c.name)): \(c.fix)\n"
            out += "PowerShell to review (dirq never runs it):\n" + c.powershell.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
        }
        return out
    }

    private func anchorSource(_ s: Snapshot, _ o: DirObject) -> String {
        if o.kind == .user, let v = s.value(of: o, "mS-DS-ConsistencyGuid"), !v.isEmpty { return "from mS-DS-ConsistencyGuid" }
        return "from objectGUID"
    }

    /// The values as written in the export that normalise to `value` on the given objects.
    private func rawValues(_ value: String, attribute: String, in objects: [(Snapshot, Int)]) -> [String] {
        var out: [String] = []
        for (s, i) in objects {
            let o = s.objects[i]
            if attribute.caseInsensitiveEquals("userPrincipalName") {
                if let u = s.upn(of: o), u.lowercased() == value, !out.contains(u) { out.append(u) }
            } else {
                for p in s.value(of: o, "proxyAddresses")?.elements ?? [] {
                    if let t = p.stringValue, let pa = ProxyAddress(t), pa.address.lowercased() == value, !out.contains(t) { out.append(t) }
                }
            }
        }
        return out
    }

    private func rawValues(_ value: String, attribute: String, objectIdentity: String) -> [String] {
        var objects: [(Snapshot, Int)] = []
        for s in snapshots {
            if let i = s.objects.firstIndex(where: { s.identity(of: $0) == objectIdentity }) { objects.append((s, i)) }
        }
        return rawValues(value, attribute: attribute, in: objects)
    }

    /// `lesson` lists the lessons; `lesson NAME` teaches one pattern: what the administrator sees,
    /// what it means, a query that shows it on the bundled sample tenant and its result, the fix.
    func lesson(_ name: String?, range: Range<Int>, source: SourceText) throws(Diagnostic) -> String {
        guard let name else {
            var out = "Lessons — one for each conflict pattern dirq checks (lesson NAME to read one):\n\n"
            let w = Checks.all.map(\.name.count).max() ?? 0
            for c in Checks.all { out += "  \(TextWidth.pad(c.name, to: w))  \(c.title)\n" }
            return out
        }
        guard let c = Checks.named(name) else {
            var notes: [String] = []
            if let s = suggest(name, among: Checks.all.map(\.name)) { notes.append("did you mean '\(s)'?") }
            throw Diagnostic("lesson.unknown", .error, "no lesson named '\(name)'", range: range, sourceName: source.name, notes: notes)
        }
        var out = "\(c.name): \(c.title)\n"
        out += "What you see: \(c.reported)\n\n\(c.explanation)\n\n"
        if let dir = Self.sampleTenantDirectory() {
            let sample = Session()
            var loaded: [String] = []
            // A check that compares two on-prem exports gets the day before's as well, loaded first.
            let files = (c.needs == .onPremPair ? [("onprem-before.ldif", Side.onPrem, "before")] : [])
                + [("onprem.ldif", Side.onPrem, "onprem"), ("cloud.json", Side.cloud, "cloud")]
            for (file, side, name) in files {
                if let s = try? sample.load(path: (dir as NSString).appendingPathComponent(file), name: name, side: side) { loaded.append(s.name) }
            }
            if let onPrem = sample.latest(.onPrem) { sample.currentName = onPrem.name }
            out += "On the sample tenant (\(loaded.joined(separator: " + "))):\n\n    dirq> \(c.lessonQuery)\n\n"
            do {
                let table = try sample.query(c.lessonQuery)
                out += OutputFormat.table.render(table).split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
            } catch {
                out += "    (the query could not run here: \(error))\n"
            }
            out += "\n"
        }
        out += "Find every case: check \(c.name)\n\nFix: \(c.fix)\n\nPowerShell to review (dirq never runs it):\n"
        out += c.powershell.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
        return out
    }

    /// Where the bundled sample tenant is: $DIRQ_SAMPLES, ./Examples/contoso, or Examples/contoso
    /// above the executable (a build inside the repository).
    static func sampleTenantDirectory() -> String? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["DIRQ_SAMPLES"], fm.fileExists(atPath: env) { return env }
        var candidates = [fm.currentDirectoryPath]
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.path)
            dir = dir.deletingLastPathComponent()
        }
        for c in candidates {
            let p = (c as NSString).appendingPathComponent("Examples/contoso")
            if fm.fileExists(atPath: (p as NSString).appendingPathComponent("onprem.ldif")) { return p }
        }
        return nil
    }
}
