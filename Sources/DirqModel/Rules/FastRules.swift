/// Byte-level fast paths for the UPN and proxy address rules. Nearly every value in a tenant is
/// valid ASCII; proving that on bytes is a hundred times cheaper than the rules' walk over
/// Characters. A value these functions cannot prove valid takes the full rules, which also
/// word the message, so the answers are the same either way (a test checks both on the same
/// values).
package enum FastRules {
    /// A 128-entry membership table for ASCII bytes.
    private static func table(_ chars: String) -> [Bool] {
        var t = [Bool](repeating: false, count: 128)
        for b in chars.utf8 { t[Int(b)] = true }
        return t
    }

    private static let upnLocal = table("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.-_!#^~")
    private static let upnDomain = table("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
    private static let x500Refused = table("\u{0C}\n\r\t\u{0B}[]\"")
    private static let proxyRefused = table("<>(),[]\" \t")
    private static let smtpRefused = table("<>();,[]\" \t:")

    /// True when `upn` is ASCII and passes every rule of `UPNRules.problem`.
    package static func isValidUPN(_ upn: String) -> Bool {
        upn.utf8.withContiguousStorageIfAvailable { b -> Bool in
            let n = b.count
            guard n <= 113, n > 0 else { return false }
            var at = -1
            for i in 0..<n {
                let c = b[i]
                if c >= 0x80 || c == 0x0D { return false }
                if c == UInt8(ascii: "@") {
                    if at >= 0 { return false }
                    at = i
                }
            }
            guard at > 0, at < n - 1, at <= 64, n - at - 1 <= 48 else { return false }
            // The tables read once per call, not per byte: each read of a static is a call that
            // checks it was made (0.3 s of `check all` at a million users).
            let local = upnLocal, domain = upnDomain
            for i in 0..<at where !local[Int(b[i])] { return false }
            if b[0] == UInt8(ascii: ".") || b[at - 1] == UInt8(ascii: ".") { return false }
            var labels = 1, labelStart = at + 1
            for i in (at + 1)..<n {
                let c = b[i]
                if !domain[Int(c)] { return false }
                if c == UInt8(ascii: ".") {
                    if i == labelStart { return false }  // empty label
                    labels += 1
                    labelStart = i + 1
                }
            }
            guard labels >= 2, labelStart < n else { return false }
            // The top-level label, lower-cased, must not be a non-routable suffix.
            var tld = ""
            tld.unicodeScalars.reserveCapacity(n - labelStart)
            for i in labelStart..<n {
                let c = b[i]
                tld.unicodeScalars.append(Unicode.Scalar(c &- 65 < 26 ? c | 0x20 : c))
            }
            return !UPNRules.nonRoutableSuffixes.contains(tld)
        } ?? false
    }

    /// True when `value` is ASCII and passes every rule of `ProxyRules.problem`.
    package static func isValidProxy(_ value: String) -> Bool {
        value.utf8.withContiguousStorageIfAvailable { b -> Bool in
            let n = b.count
            guard n <= 256 else { return false }
            var colon = -1
            for i in 0..<n {
                let c = b[i]
                if c >= 0x80 || c == 0x0D { return false }
                if colon < 0 && c == UInt8(ascii: ":") { colon = i }
            }
            guard colon > 0 else { return false }
            func typeIs(_ t: String) -> Bool {
                guard t.utf8.count == colon else { return false }
                var i = 0
                for x in t.utf8 {
                    let c = b[i]
                    if (c &- 65 < 26 ? c | 0x20 : c) != x { return false }
                    i += 1
                }
                return true
            }
            let start = colon + 1
            if typeIs("x400") || typeIs("x.400") {
                let refused = x500Refused
                for i in start..<n where refused[Int(b[i])] { return false }
                return true
            }
            if typeIs("x500") || typeIs("x.500") {
                // The path shape: `/name=…` parts, each with a name before its `=`.
                guard start < n, b[start] == UInt8(ascii: "/") else { return false }
                let refused = x500Refused
                var partStart = start + 1, sawEquals = false
                for i in (start + 1)...n {
                    if i == n || b[i] == UInt8(ascii: "/") {
                        guard sawEquals else { return false }
                        partStart = i + 1
                        sawEquals = false
                        continue
                    }
                    if refused[Int(b[i])] { return false }
                    if b[i] == UInt8(ascii: "=") && !sawEquals {
                        guard i > partStart else { return false }
                        sawEquals = true
                    }
                }
                return true
            }
            if typeIs("sip") { return false }  // rare: the rules decide
            guard typeIs("smtp") else {
                let refused = proxyRefused
                for i in start..<n where refused[Int(b[i])] { return false }
                return true
            }
            let refused = smtpRefused
            var at = -1
            for i in start..<n {
                let c = b[i]
                if refused[Int(c)] { return false }
                if c == UInt8(ascii: "@") {
                    if at >= 0 { return false }
                    at = i
                }
            }
            guard at > start, at < n - 1, b[at - 1] != UInt8(ascii: "."), b[n - 1] != UInt8(ascii: ".") else { return false }
            for i in (at + 1)..<n where b[i] == UInt8(ascii: ".") { return true }
            return false
        } ?? false
    }
}
