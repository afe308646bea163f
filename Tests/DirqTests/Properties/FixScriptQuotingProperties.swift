import PropertyBased
import Testing
@testable import Dirq

/// The promise of `fix` (see `PowerShell`): whatever an export holds, a value lands in the
/// script only inside a single-quoted literal that decodes to exactly that value, or in a comment
/// that stays one line. Checked with a small PowerShell tokenizer (`PSTokens`) over scripts every
/// check's remedy writes for findings whose every field is hostile text.
@Suite("Properties: fix script quoting")
struct FixScriptQuotingProperties {
    /// Never written by dirq's templates: each hostile value starts and ends with it, so any part
    /// of a value that escapes its literal or comment shows up in code.
    static let marker: Unicode.Scalar = "¤"

    /// Quotes of every kind PowerShell knows (the four typographic single quotes too, and the
    /// typographic double quotes), expansion and statement syntax, line breaks of every kind,
    /// comment openers, NUL, a combining mark and an emoji.
    static let hostile: [Unicode.Scalar] = Array("aZ09 '\"`$(){}[];|&#<>@,=\\:.-\n\r\tß😀".unicodeScalars)
        + ["\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}", "\u{201C}", "\u{201D}", "\u{201E}", "\u{0}", "\u{85}",
           "\u{2028}", "\u{2029}", "\u{301}", "\u{FEFF}"]

    /// A hostile value: the marker, up to 12 hostile scalars (often a whole attack), the marker.
    static func value(_ rng: inout some RandomNumberGenerator) -> String {
        let attacks = ["'; Remove-Item C:\\ -Recurse; '", "$(Remove-Item C:\\)", "’ + (Invoke-Expression 'x') + ‘",
                       "\n Remove-Item x #", "`'\u{2019}\u{2019}'", "#> <# '", "\r\nStop-Computer\r\n"]
        var s = String.UnicodeScalarView()
        s.append(marker)
        if Int.random(in: 0..<3, using: &rng) == 0 {
            s.append(contentsOf: attacks.randomElement(using: &rng)!.unicodeScalars)
        } else {
            for _ in 0..<Int.random(in: 0...12, using: &rng) { s.append(hostile.randomElement(using: &rng)!) }
        }
        s.append(marker)
        return String(s)
    }

    static func object(_ rng: inout some RandomNumberGenerator, side: Side, values: inout [String]) -> FixObject {
        func v() -> String { let x = value(&rng); values.append(x); return x }
        var o = FixObject(side: side, snapshot: v(), kind: [.user, .group, .contact].randomElement(using: &rng)!, identity: v())
        if side == .cloud { o.cloudId = v(); o.synced = Bool.random(using: &rng) } else { o.dn = v(); o.sam = v(); o.objectGUID = v() }
        o.upn = v()
        o.displayName = v()
        o.anchor = v()
        o.sid = v()
        // Some proxyAddresses with an address the finding names (so remedies pick them).
        o.proxyAddresses = [(Bool.random(using: &rng) ? "SMTP:" : "smtp:") + v(), v()]
        return o
    }

    /// A finding of `check` whose every field, object, twin and other holder is hostile; the
    /// values it holds.
    static let findings: Generator<(FixFinding, [String]), Shrink.None<(FixFinding, [String])>> = Generator { rng in
        var values: [String] = []
        func v() -> String { let x = value(&rng); values.append(x); return x }
        let onPrem = object(&rng, side: .onPrem, values: &values)
        let cloud = object(&rng, side: .cloud, values: &values)
        let subjectIsCloud = Bool.random(using: &rng)
        var f = FixFinding(check: "x", severity: "error", snapshot: v(), objectName: v(),
                           attribute: ["userPrincipalName", "proxyAddresses", "userCertificate", v()].randomElement(using: &rng)!,
                           value: v(), detail: v())
        f.object = subjectIsCloud ? cloud : onPrem
        f.twin = Bool.random(using: &rng) ? (subjectIsCloud ? onPrem : cloud) : nil
        f.others = [subjectIsCloud ? onPrem : cloud, object(&rng, side: .onPrem, values: &values)]
        return (f, values)
    }

    @Test("every value from an export stays inside a literal or a one-line comment, for every check's remedy")
    func valuesNeverBecomeCode() async {
        await propertyCheck(count: 300, input: Self.findings) { input in
            let (finding, values) = input
            // A value with a proxy prefix is one too: the generator writes proxyAddresses as
            // `SMTP:`/`smtp:` + value, and remedies search AD for `'smtp:' + address`.
            let allowed = Set(values + values.map { "smtp:" + $0 } + values.map { "SMTP:" + $0 })
            for check in Checks.all {
                var f = finding
                f.check = check.name
                let script = Session.renderFixScript([(check, [f], nil)], title: "fix " + values[0], snapshots: [values[1]])
                guard let tokens = PSTokens.tokenize(script) else {
                    Issue.record("\(check.name): a literal never ends in\n\(script)")
                    return
                }
                for t in tokens {
                    switch t {
                    case .code(let c):
                        if c.unicodeScalars.contains(Self.marker) {
                            Issue.record("\(check.name): a value reached code: \(c.debugDescription)\n\(script)")
                            return
                        }
                    case .literal(let l):
                        if l.unicodeScalars.contains(Self.marker), !allowed.contains(l) {
                            Issue.record("\(check.name): a literal holds part of a value, or more: \(l.debugDescription)")
                            return
                        }
                    case .comment: break
                    }
                }
                // The block really used the values (a remedy that printed nothing would pass).
                let literals = tokens.compactMap { if case .literal(let l) = $0 { return l } else { return nil } }
                if script.contains("\n$") {
                    #expect(literals.contains { allowed.contains($0) }, "\(check.name) put no value in a literal")
                }
            }
        }
    }

    @Test func literalDoublesEveryKindOfSingleQuote() {
        #expect(PowerShell.literal("O'Brien") == "'O''Brien'")
        #expect(PowerShell.literal("CN=O'Brien\\, Pat,OU=Staff") == "'CN=O''Brien\\, Pat,OU=Staff'")
        #expect(PowerShell.literal("$(Remove-Item x)") == "'$(Remove-Item x)'")
        #expect(PowerShell.literal("a\u{2018}b\u{2019}c\u{201A}d\u{201B}e") == "'a\u{2018}\u{2018}b\u{2019}\u{2019}c\u{201A}\u{201A}d\u{201B}\u{201B}e'")
        #expect(PSTokens.tokenize(PowerShell.literal("x\u{2019}; rm y; \u{2018}z")) == [.literal("x\u{2019}; rm y; \u{2018}z")])
    }

    @Test func commentStaysOneLine() {
        #expect(PowerShell.comment("a\nRemove-Item x\r\u{2028}b\u{0}") == "a\\nRemove-Item x\\r\\u{2028}b\\u{0}")
    }
}

/// Just enough of PowerShell's tokenizer to see where literals and comments are: single-quoted
/// strings (any of the five single quotes opens and closes one; two in a row inside are one quote
/// character), double-quoted strings (code: dirq writes only constants there), `#` comments to
/// the end of the line, and everything else as code.
enum PSTokens: Equatable {
    case code(String), literal(String), comment(String)

    static let singleQuotes: Set<Unicode.Scalar> = ["'", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}"]
    static let doubleQuotes: Set<Unicode.Scalar> = ["\"", "\u{201C}", "\u{201D}", "\u{201E}"]

    /// The tokens, or nil when a string never ends.
    static func tokenize(_ text: String) -> [PSTokens]? {
        let a = Array(text.unicodeScalars)
        var out: [PSTokens] = []
        var code = String.UnicodeScalarView()
        func flush() { if !code.isEmpty { out.append(.code(String(code))); code = .init() } }
        var i = 0
        while i < a.count {
            let c = a[i]
            if singleQuotes.contains(c) {
                flush()
                var lit = String.UnicodeScalarView()
                i += 1
                var closed = false
                while i < a.count {
                    if singleQuotes.contains(a[i]) {
                        if i + 1 < a.count, singleQuotes.contains(a[i + 1]) { lit.append(a[i]); i += 2; continue }
                        closed = true
                        i += 1
                        break
                    }
                    lit.append(a[i])
                    i += 1
                }
                guard closed else { return nil }
                out.append(.literal(String(lit)))
            } else if doubleQuotes.contains(c) {
                code.append(c)
                i += 1
                var closed = false
                while i < a.count {
                    code.append(a[i])
                    if a[i] == "`", i + 1 < a.count { code.append(a[i + 1]); i += 2; continue }
                    if doubleQuotes.contains(a[i]) {
                        if i + 1 < a.count, doubleQuotes.contains(a[i + 1]) { code.append(a[i + 1]); i += 2; continue }
                        closed = true
                        i += 1
                        break
                    }
                    i += 1
                }
                guard closed else { return nil }
            } else if c == "#" {
                flush()
                var comment = String.UnicodeScalarView()
                // PowerShell ends a comment at CR or LF; ending it at the other line breaks too
                // makes the test stricter (dirq escapes them all in comments).
                while i < a.count, !["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(a[i]) { comment.append(a[i]); i += 1 }
                out.append(.comment(String(comment)))
            } else {
                code.append(c)
                i += 1
            }
        }
        flush()
        return out
    }
}
