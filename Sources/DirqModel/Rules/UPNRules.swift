/// Microsoft's rules for userPrincipalName (Microsoft 365 "prepare for directory synchronization"):
/// user@domain, one '@' not first, ≤ 113 characters (≤ 64 before the '@', ≤ 48 after), allowed
/// characters before the '@' A–Z a–z 0–9 ' . - _ ! # ^ ~, no spaces or diacritics, the user part
/// does not end with '.', and the domain is routable (not .local and the like).
public enum UPNRules {
    package static let allowedLocal = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.-_!#^~")
    package static let allowedDomain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
    /// Suffixes that never resolve on the internet; Entra ID cannot verify them.
    public static let nonRoutableSuffixes = ["local", "internal", "intranet", "lan", "localdomain", "localhost", "corp", "home", "private"]

    /// The first rule a UPN breaks, as "Rule: explanation", or nil when it is valid.
    public static func problem(_ upn: String) -> String? {
        FastRules.isValidUPN(upn) ? nil : ruleProblem(upn)
    }

    /// The rules walked over Characters (what `problem` falls back to).
    package static func ruleProblem(_ upn: String) -> String? {
        let chars = Array(upn)
        if chars.count > 113 { return "Length: \(chars.count) characters; at most 113 are allowed" }
        let ats = chars.indices.filter { chars[$0] == "@" }
        if ats.isEmpty { return "Format: no '@'; a UPN is user@domain" }
        if ats.count > 1 { return "Format: more than one '@'" }
        let at = ats[0]
        if at == 0 { return "Format: nothing before the '@'" }
        let local = chars[..<at], domain = chars[(at + 1)...]
        if domain.isEmpty { return "Format: nothing after the '@'" }
        if local.count > 64 { return "Length: \(local.count) characters before the '@'; at most 64 are allowed" }
        if domain.count > 48 { return "Length: \(domain.count) characters after the '@'; at most 48 are allowed" }
        if let c = local.first(where: { $0 == " " }) ?? domain.first(where: { $0 == " " }) {
            _ = c
            return "Character: contains a space"
        }
        if let c = local.first(where: { !allowedLocal.contains($0) }) {
            if c.unicodeScalars.contains(where: { $0.value > 127 }) {
                return "Character: '\(c)' is not allowed (no diacritics or other non-ASCII letters)"
            }
            return "Character: '\(c)' is not allowed before the '@' (allowed: A-Z a-z 0-9 ' . - _ ! # ^ ~)"
        }
        if local.last == "." { return "Format: the part before the '@' ends with '.'" }
        if local.first == "." { return "Format: the part before the '@' starts with '.'" }
        if let c = domain.first(where: { !allowedDomain.contains($0) }) {
            return "Character: '\(c)' is not allowed in the domain"
        }
        let labels = String(domain).split(separator: ".", omittingEmptySubsequences: false)
        if labels.count < 2 || labels.contains(where: \.isEmpty) {
            return "TopLevelDomain: '\(String(domain))' is not a routable domain"
        }
        let tld = labels.last!.lowercased()
        if nonRoutableSuffixes.contains(tld) {
            return "TopLevelDomain: '.\(tld)' is not routable; Entra ID cannot verify it"
        }
        return nil
    }

    /// `/name=value/name=value…`: starts with `/`, every part has a name before `=`.
    package static func isX500Path(_ address: String) -> Bool {
        guard address.hasPrefix("/") else { return false }
        return address.dropFirst().split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
            guard let eq = part.firstIndex(of: "=") else { return false }
            return eq != part.startIndex
        }
    }
}

/// Microsoft's rules for proxyAddresses values: type:address, ≤ 256 characters, no spaces; SMTP
/// addresses without < > ( ) ; , [ ] " characters, diacritics or a second ':', one '@' and a domain.
public enum ProxyRules {
    package static let invalidSMTP = Set("<>();,[]\"")

    public static func problem(_ value: String) -> String? {
        FastRules.isValidProxy(value) ? nil : ruleProblem(value)
    }

    /// The rules walked over Characters (what `problem` falls back to).
    package static func ruleProblem(_ value: String) -> String? {
        let chars = Array(value)
        if chars.count > 256 { return "Length: \(chars.count) characters; at most 256 are allowed" }
        guard let colon = chars.firstIndex(of: ":"), colon > 0 else {
            return "Format: no type prefix; a proxy address is type:address (SMTP:user@contoso.com)"
        }
        let type = String(chars[..<colon]).lowercased()
        let address = chars[(colon + 1)...]
        // X.400 and X.500 addresses contain spaces, parentheses and apostrophes by design: an X500
        // address is the legacyExchangeDN Exchange wrote (`/o=ExchangeLabs/ou=… (FYDIBOHF23SPDLT)/
        // cn=Recipients/cn=…-Anna d'Ago`), and sync accepts it as written. IdFix refuses `'` in
        // them, a false positive its users reported for years; dirq refuses only control
        // characters, brackets and double quotes, and checks an X500 address's path shape.
        if type == "x500" || type == "x400" || type == "x.500" || type == "x.400" {
            if let c = address.first(where: { "\u{0C}\n\r\t\u{0B}[]\"".contains($0) }) {
                return "Character: '\(c == "\t" ? "\\t" : String(c))' is not allowed in an \(type.uppercased()) address"
            }
            if type.hasSuffix("500"), !isX500Path(String(address)) {
                return "Format: an X500 address is a path of name=value parts, /o=…/ou=…/cn=…"
            }
            return nil
        }
        if address.contains(where: { $0 == " " || $0 == "\t" }) { return "Character: contains a space" }
        if type == "sip" {
            // A SIP address (Skype for Business, Teams) is user@domain, like a mail address.
            let parts = String(address).split(separator: "@", omittingEmptySubsequences: false)
            if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || parts[1].hasSuffix(".") {
                return "Format: '\(String(address))' is not a SIP address (user@domain)"
            }
        }
        guard type == "smtp" else {
            if let c = address.first(where: { "<>(),[]\"".contains($0) }) { return "Character: '\(c)' is not allowed in a proxy address" }
            return nil
        }
        if let c = address.first(where: { invalidSMTP.contains($0) }) { return "Character: '\(c)' is not allowed in an SMTP address" }
        if address.contains(":") { return "Character: a second ':' in the address part" }
        if let c = address.first(where: { $0.unicodeScalars.contains { $0.value > 127 } }) {
            return "Character: '\(c)' is not allowed (no diacritics or other non-ASCII characters)"
        }
        let ats = address.filter { $0 == "@" }.count
        if ats != 1 { return "Format: an SMTP address has exactly one '@'" }
        let parts = String(address).split(separator: "@", omittingEmptySubsequences: false)
        if parts[0].isEmpty || parts[1].isEmpty || !parts[1].contains(".") || parts[1].hasSuffix(".") || parts[0].hasSuffix(".") {
            return "Format: '\(String(address))' is not a valid mail address"
        }
        return nil
    }

    /// `/name=value/name=value…`: starts with `/`, every part has a name before `=`.
    package static func isX500Path(_ address: String) -> Bool {
        guard address.hasPrefix("/") else { return false }
        return address.dropFirst().split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
            guard let eq = part.firstIndex(of: "=") else { return false }
            return eq != part.startIndex
        }
    }
}
