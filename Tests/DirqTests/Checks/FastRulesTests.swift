import Testing
@testable import Dirq

/// The byte-level fast paths may only ever say "valid" where the full rules say so too, and
/// must say it for ordinary valid values (else they would not be fast paths at all).
@Suite struct FastRulesTests {
    static let upns = [
        "jane.doe@contoso.com", "JANE.DOE@CONTOSO.COM", "o'brien@contoso.co.uk", "a!b#c^d~e_f-g@x.io",
        "jane@contoso.local", "jane@contoso.LOCAL", "jane@contoso.corp", "jane@contoso", "jane@.com",
        "jane@contoso..com", "jane@contoso.com.", ".jane@contoso.com", "jane.@contoso.com", "@contoso.com",
        "jane@", "jane", "ja ne@contoso.com", "jane@@contoso.com", "ja@ne@contoso.com", "josé@contoso.com",
        "jane@contoso_x.com", "jane\r@contoso.com", "jane@con\ntoso.com", String(repeating: "a", count: 64) + "@x.com",
        String(repeating: "a", count: 65) + "@x.com", "a@" + String(repeating: "b", count: 44) + ".com",
        "a@" + String(repeating: "b", count: 45) + ".com", "", "a@b.c", "a@b-.c", "a(b)@c.com",
    ]

    static let proxies = [
        "SMTP:jane@contoso.com", "smtp:jane@contoso.mail.onmicrosoft.com", "sMtP:jane@contoso.com", "SIP:jane@contoso.com",
        "X500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=abc-jane",
        "x500:/o=Org/cn=it's", "X400:c=US;a= ;p=Contoso;o=Exchange;s=Doe;g=Jane;", "SMTP: jane@contoso.com",
        "SMTP:jane doe@contoso.com", "SMTP:jane@contoso", "SMTP:jane@contoso.com.", "SMTP:jane.@contoso.com",
        "SMTP:@contoso.com", "SMTP:jane@", "SMTP:ja@ne@contoso.com", "SMTP:jane:x@contoso.com", "SMTP:<jane>@contoso.com",
        "SMTP:jöne@contoso.com", "jane@contoso.com", ":jane@contoso.com", "EUM:1234;phone-context=x", "FAX:(555) 123",
        "smtp:jane;x@contoso.com", "SMTP:" + String(repeating: "a", count: 250) + "@x.com", "SMTP:jane\r@contoso.com",
        "X.500:/o=Org/cn=x", "notes:jane[1]",
        "x500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=0a1b2c-Anna d'Ago",
        "X500:o=Org/cn=x", "X500:/o=Org//cn=x", "X500:/o=Org/=x", "X500:/o=Org/cn=x/", "X500:/", "X500:",
        "sip:jane", "SIP:jane@contoso", "sip:@contoso.com", "X500:/o=Org/cn=\"q\"",
    ]

    /// Each proxy type's own rules (issue 12): X500 is a path and may hold apostrophes, as the
    /// legacyExchangeDN that Exchange Online copies into it does; SIP is user@domain.
    @Test(arguments: [
        ("x500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=0a1b2c-Anna d'Ago", nil),
        ("X400:c=US;a= ;p=Contoso;o=Exchange;s=D'Ago;g=Anna;", nil),
        ("X500:o=Org/cn=x", "Format: an X500 address is a path of name=value parts, /o=…/ou=…/cn=…"),
        ("X500:/o=Org//cn=x", "Format: an X500 address is a path of name=value parts, /o=…/ou=…/cn=…"),
        ("X500:/o=Org/cn=[x]", "Character: '[' is not allowed in an X500 address"),
        ("sip:jane@contoso.com", nil),
        ("SIP:jane@contoso", "Format: 'jane@contoso' is not a SIP address (user@domain)"),
    ] as [(String, String?)])
    func perTypeRules(_ value: String, _ problem: String?) {
        #expect(ProxyRules.problem(value) == problem)
    }

    @Test(arguments: upns)
    func upnFastPathAgrees(_ upn: String) {
        if FastRules.isValidUPN(upn) { #expect(UPNRules.ruleProblem(upn) == nil) }
        #expect(UPNRules.problem(upn) == UPNRules.ruleProblem(upn))
    }

    @Test(arguments: proxies)
    func proxyFastPathAgrees(_ value: String) {
        if FastRules.isValidProxy(value) { #expect(ProxyRules.ruleProblem(value) == nil) }
        #expect(ProxyRules.problem(value) == ProxyRules.ruleProblem(value))
    }

    /// `.type` and `.address` make only their part, and must agree with the whole parse.
    @Test(arguments: proxies + ["no colon", "", ":", "SMTP:", "SMTP:   x@y.z", "a b:c", "x:y:z"])
    func proxyPartsAgree(_ value: String) {
        #expect(ProxyAddress.type(of: value) == ProxyAddress(value)?.type)
        #expect(ProxyAddress.address(of: value) == ProxyAddress(value)?.address)
    }

    /// GUID text parsed on bytes must agree with the general parse.
    @Test(arguments: [
        "f7cc07d7-7c15-447d-876d-c01b0e5a9e38", "F7CC07D7-7C15-447D-876D-C01B0E5A9E38", "{f7cc07d7-7c15-447d-876d-c01b0e5a9e38}",
        "  f7cc07d7-7c15-447d-876d-c01b0e5a9e38\t", "\u{00A0}f7cc07d7-7c15-447d-876d-c01b0e5a9e38", "f7cc07d7-7c15-447d-876d-c01b0e5a9e3",
        "f7cc07d77c15-447d-876d-c01b0e5a9e38-", "g7cc07d7-7c15-447d-876d-c01b0e5a9e38", "{f7cc07d7-7c15-447d-876d-c01b0e5a9e38",
        "f7cc07d7-7c15-447d-876d-c01b0e5a9e38}", "", "{}", "P4XDJOb7F0GXTMRVZ99ofg==", "f7cc07d7_7c15_447d_876d_c01b0e5a9e38",
    ])
    func guidFastPathAgrees(_ text: String) {
        #expect(GUIDText.bytes(fromGUID: text) == GUIDText.parsedGUID(text))
    }

    @Test func fastPathTakesOrdinaryValues() {
        #expect(FastRules.isValidUPN("jane.doe@contoso.com"))
        #expect(FastRules.isValidProxy("SMTP:jane.doe@contoso.com"))
        #expect(FastRules.isValidProxy("X500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=x"))
    }
}
