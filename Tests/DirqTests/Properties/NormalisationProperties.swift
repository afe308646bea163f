import PropertyBased
import Testing
@testable import Dirq

/// Case and prefix normalisation are idempotent: normalising a normalised value changes nothing,
/// so grouping, `distinct`, joins and the duplicate checks see one value however often it was
/// lower-cased or re-prefixed on the way.
@Suite("Properties: case and prefix normalisation")
struct NormalisationProperties {
    static let text = Generators.text(max: 12)

    @Test("a string and its lower-case form group together")
    func groupKeyIgnoresCase() async {
        await propertyCheck(count: 500, input: Self.text) { s in
            #expect(GroupKey(.string(s.lowercased())) == GroupKey(.string(s)))
            #expect(GroupKey(.list([.string(s.lowercased()), .string("x")])) == GroupKey(.list([.string("X"), .string(s)])))
        }
    }

    @Test("lower(lower(x)) == lower(x), upper(upper(x)) == upper(x)")
    func caseFunctionsAreIdempotent() async throws {
        await propertyCheck(count: 500, input: Self.text) { s in
            let once = try Function.lower.apply([.string(s)])
            #expect(try Function.lower.apply([once]) == once)
            let up = try Function.upper.apply([.string(s)])
            #expect(try Function.upper.apply([up]) == up)
            // Comparison agrees: a string equals its lower-case form.
            #expect(Compare.equal(.string(s), once))
        }
    }

    /// `TYPE:address` with a type of letters and digits and an address that does not start or end
    /// with a blank (a blank after the colon is dropped on purpose, as Graph's documentation shows it).
    /// The address may start with a combining mark, which makes one Character of it and the colon.
    static let proxy = Generator { rng in
        let type = Bool.random(using: &rng)
            ? ["SMTP", "smtp", "SmTp", "X500", "x400", "sip", "EUM"].randomElement(using: &rng)!
            : Generators.string(&rng, max: 6, from: Array("aZ9xX5".unicodeScalars)) + "q"
        let first = ["j", "\u{0301}", "\t", "😀", "\u{FEFF}"].randomElement(using: &rng)!
        let inner = Generators.string(&rng, max: 10, from: Array("a:@.é /=,;日\r\n\t😀🇩🇪".unicodeScalars)
                                        + ["\u{0301}", "\u{0000}", "\u{FEFF}", "\u{200D}", "\u{2028}"])
        return (type, first + inner + "m")
    }

    @Test("ProxyAddress(\"TYPE:addr\") has type TYPE and address addr; primary only for upper-case SMTP")
    func proxyAddressSplitsAtTheFirstColon() async {
        await propertyCheck(count: 500, input: Self.proxy) { (type, address) in
            for raw in [type + ":" + address, type + ": " + address] {
                guard let p = ProxyAddress(raw) else {
                    Issue.record("\(raw.debugDescription) is not read as a proxy address")
                    continue
                }
                #expect(p.type == type)
                #expect(p.address == address)
                #expect(p.isPrimary == (type == "SMTP"))
                #expect(p.isSMTP == (type.lowercased() == "smtp"))
            }
        }
    }

    @Test("SMTP addresses normalised once are normalised for good")
    func smtpAddressesAreIdempotent() async {
        let proxies = Self.proxy.array(of: 0...5)
        await propertyCheck(count: 500, input: proxies) { list in
            let first = Self.smtpAddresses(list.map { $0.0 + ":" + $0.1 })
            // Feed the normalised addresses back as proxies, with a prefix of another case.
            let again = Self.smtpAddresses(first.map { "SMTP:" + $0 })
            #expect(again == first)
            #expect(first.allSatisfy { $0 == $0.lowercased() })
            #expect(Set(first).count == first.count)
        }
    }

    static func smtpAddresses(_ proxies: [String]) -> [String] {
        var b = SnapshotBuilder(path: "p.ldif", format: .ldif)
        b.beginObject(line: 1)
        b.add("proxyAddresses", .list(proxies.map { .string($0) }))
        b.endObject()
        let snap = b.build(name: "p")
        return snap.smtpAddresses(of: snap.objects[0])
    }
}
