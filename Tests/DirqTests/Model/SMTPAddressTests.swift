import Testing
@testable import Dirq

/// `smtpAddresses(of:)` and `primarySMTP(of:)` read a text column's bytes without building its
/// values. They must answer as `ProxyAddress` does over the values, whatever the prefix's case,
/// spaces after the colon, non-ASCII addresses, repeats, and columns that hold more than text.
@Suite struct SMTPAddressTests {
    static let lists: [[String]] = [
        ["SMTP:Jane.Doe@Contoso.com", "smtp:jd@contoso.com", "X500:/o=Org/ou=x/cn=Jane"],
        ["smtp: spaced@contoso.com", "SMTP:  Two.Spaces@Contoso.com"],
        ["sMtP:Mixed@Contoso.com", "SmTp:Other@contoso.com", "smtp:MIXED@contoso.COM"],
        ["smtp:Ünïcödé@Contoso.com", "SMTP:ÅSA@contoso.com"],
        ["SMTPX:not@contoso.com", "smtp :not@contoso.com", " smtp:not@contoso.com", "smtp", "sip:jane@contoso.com"],
        ["smtp:", "SMTP:"],
        [],
    ]

    /// What `ProxyAddress` says of the values (the reading before the byte path).
    static func expected(_ values: [String]) -> (all: [String], primary: String?) {
        var all: [String] = []
        for v in values {
            guard let p = ProxyAddress(v), p.isSMTP else { continue }
            if !all.contains(p.address.caseFolded) { all.append(p.address.caseFolded) }
        }
        let primary = values.lazy.compactMap { ProxyAddress($0) }.first { $0.isPrimary }?.address.caseFolded
        return (all, primary)
    }

    static func snapshot(_ lists: [[String]], extra: Value? = nil) -> Snapshot {
        var b = SnapshotBuilder(path: "t.ldif", format: .ldif)
        for (i, l) in lists.enumerated() {
            b.beginObject(line: i + 1)
            b.add("dn", .string("CN=U\(i),DC=x"))
            b.add("objectClass", .list([.string("user")]))
            b.add("mail", .string("Mail\(i)@Contoso.com"))
            if !l.isEmpty { b.add("proxyAddresses", .list(l.map { .string($0) })) }
            b.endObject()
        }
        if let extra {
            b.beginObject(line: 99)
            b.add("dn", .string("CN=Extra,DC=x"))
            b.add("proxyAddresses", extra)
            b.endObject()
        }
        return b.build(name: "t")
    }

    @Test(arguments: [false, true])
    func bytesAnswerAsProxyAddressDoes(columnOfValues: Bool) {
        // An integer among the values keeps the column as values, not text: the other path.
        let s = Self.snapshot(Self.lists, extra: columnOfValues ? .int(5) : nil)
        for (i, l) in Self.lists.enumerated() {
            let o = s.objects[i]
            let want = Self.expected(l)
            #expect(s.smtpAddresses(of: o) == want.all, "\(l)")
            #expect(s.primarySMTP(of: o) == (want.primary ?? "mail\(i)@contoso.com"), "\(l)")
        }
        // The table holds what it means to: spaced, non-ASCII, repeated and empty addresses.
        #expect(s.smtpAddresses(of: s.objects[1]) == ["spaced@contoso.com", "two.spaces@contoso.com"])
        #expect(s.smtpAddresses(of: s.objects[2]) == ["mixed@contoso.com", "other@contoso.com"])
        #expect(s.smtpAddresses(of: s.objects[3]) == ["ünïcödé@contoso.com", "åsa@contoso.com"])
        #expect(s.smtpAddresses(of: s.objects[4]) == [])
        #expect(s.smtpAddresses(of: s.objects[5]) == [""])
        #expect(s.primarySMTP(of: s.objects[0]) == "jane.doe@contoso.com")
    }

    /// `forEachSMTPAddress` (what matching numbers) gives the addresses `smtpAddresses` folds, in
    /// order, and flags exactly the `SMTP:` ones, the first of which is `primarySMTP`.
    @Test(arguments: [false, true])
    func eachAddressIsWhatTheStringsSay(columnOfValues: Bool) {
        let s = Self.snapshot(Self.lists, extra: columnOfValues ? .int(5) : nil)
        for (i, l) in Self.lists.enumerated() {
            let o = s.objects[i]
            var all: [String] = [], primaries: [String] = []
            s.forEachSMTPAddress(of: o) { b, primary in
                let a = String(decoding: b, as: UTF8.self).caseFolded
                if !all.contains(a) { all.append(a) }
                if primary { primaries.append(a) }
            }
            #expect(all == s.smtpAddresses(of: o), "\(l)")
            #expect(primaries == l.compactMap { ProxyAddress($0) }.filter(\.isPrimary).map { $0.address.caseFolded }, "\(l)")
            #expect((primaries.first ?? s.mailAddress(of: o)?.caseFolded) == s.primarySMTP(of: o), "\(l)")
        }
    }
}
