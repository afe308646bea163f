import DirqModel
import DirqSyntax
import DirqEngine

// What `fix` knows about one finding and how a check writes its part of the fix script.
//
// A check's `remedy` fills a `FixBlock` for one finding: the read-only lookups first, then either
// the change (when there is one sensible fix) or commented choices (when a person must decide —
// which holder keeps an address). Values from the exports reach the script only as variables
// assigned from single-quoted literals (`FixBlock.set`) or `PSCode`'s `lit:`; commands that change
// a directory get `-WhatIf`; the block says what each change does and what could go wrong.

/// One object of a finding, resolved in the loaded snapshots.
public struct FixObject: Sendable {
    public var side: Side
    public var snapshot: String
    public var kind: ObjectKind
    /// How findings name it: the DN on-prem, the object id in the cloud.
    public var identity: String
    /// The on-prem distinguishedName.
    public var dn: String?
    /// The Entra ID object id.
    public var cloudId: String?
    public var upn: String?
    public var sam: String?
    public var displayName: String?
    /// proxyAddresses as written in the export.
    public var proxyAddresses: [String] = []
    /// The ImmutableId: on-prem, the anchor the sync engine would send; in the cloud, the one it has.
    public var anchor: String?
    /// The on-prem objectGUID as GUID text.
    public var objectGUID: String?
    public var sid: String?
    /// Whether the cloud object is synced from on-prem.
    public var synced = false
    /// A Microsoft 365 group (groupTypes holds "Unified"): Exchange Online edits it with Set-UnifiedGroup.
    public var unifiedGroup = false

    /// The object's proxyAddresses values whose address is `address` (case-insensitive), as written.
    public func proxies(for address: String) -> [String] {
        proxyAddresses.filter { ProxyAddress($0).map { $0.address.caseInsensitiveEquals(address) } ?? $0.caseInsensitiveEquals(address) }
    }

    /// A short name for comments: displayName, else the identity.
    public var label: String { displayName.map { "\($0) (\(identity))" } ?? identity }
}

/// A finding with its objects resolved: the object reported, its twin on the other side, and the
/// other objects the same check reports for the same value (the other holders).
public struct FixFinding: Sendable {
    public var check: String
    public var severity: String
    public var snapshot: String
    /// The finding's `object` column.
    public var objectName: String
    public var attribute: String
    public var value: String
    public var detail: String
    public var object: FixObject?
    public var twin: FixObject?
    public var others: [FixObject] = []
}

extension FixFinding {
    /// A finding's fields, its objects not yet resolved.
    init(_ f: Finding) {
        self.init(check: f.check, severity: f.severity.rawValue, snapshot: f.snapshot, objectName: f.object,
                  attribute: f.attribute, value: f.value.text, detail: f.detail)
    }
}

/// The script text for one finding, built by a check's remedy.
public struct FixBlock: Sendable {
    struct Assignment: Sendable { var name: String, value: String, note: String }
    struct Choice: Sendable { var label: String, lines: [String] }
    private(set) var assignments: [Assignment] = []
    private(set) var lookups: [String] = []
    private(set) var changes: [String] = []
    private(set) var choices: [Choice] = []
    private(set) var notes: [String] = []

    public init() {}

    /// A variable holding `value` (assigned at the top of the block from a literal). The same name
    /// with the same value is assigned once; another value under a used name gets a numbered name.
    public mutating func set(_ name: String, _ value: String, _ note: String) -> PSVar {
        if let a = assignments.first(where: { $0.name == name }) {
            if a.value == value { return PSVar(name: name) }
            var n = 2
            while assignments.contains(where: { $0.name == "\(name)\(n)" }) { n += 1 }
            return set("\(name)\(n)", value, note)
        }
        assignments.append(Assignment(name: name, value: value, note: note))
        return PSVar(name: name)
    }

    /// A read-only command (shown first).
    public mutating func look(_ code: PSCode, _ why: String? = nil) {
        if let why { lookups.append("# " + PowerShell.comment(why)) }
        lookups.append(code.text)
    }

    /// The one sensible change: run as printed (with -WhatIf until the reader removes it).
    public mutating func change(_ code: PSCode, does: String, risk: String) {
        changes.append("# Changes: " + PowerShell.comment(does))
        changes.append("# Could go wrong: " + PowerShell.comment(risk))
        changes.append(code.text + " -WhatIf")
    }

    /// One of several choices a person has to make: printed commented out. `commands` change a
    /// directory (each gets -WhatIf); `steps` are other lines (a Read-Host for a new value).
    public mutating func choice(_ label: String, does: String, risk: String, steps: [PSCode] = [], commands: [PSCode]) {
        var lines = ["# Changes: " + PowerShell.comment(does), "# Could go wrong: " + PowerShell.comment(risk)]
        lines += steps.map { "# " + $0.text }
        lines += commands.map { "# " + $0.text + " -WhatIf" }
        choices.append(Choice(label: PowerShell.comment(label), lines: lines))
    }

    /// A choice that needs nothing run here (the decision is made in another block, or by waiting).
    public mutating func choice(_ label: String, note: String) {
        choices.append(Choice(label: PowerShell.comment(label), lines: ["# " + PowerShell.comment(note)]))
    }

    /// A comment after the lookups (why nothing changes here, where the change is made).
    public mutating func note(_ text: String) { notes.append("# " + PowerShell.comment(text)) }

    /// The block's lines after its header.
    func render() -> [String] {
        var out: [String] = []
        let w = assignments.map(\.name.count).max() ?? 0
        for a in assignments {
            out.append("$" + a.name + String(repeating: " ", count: w - a.name.count) + " = " + PowerShell.literal(a.value)
                       + "  # " + PowerShell.comment(a.note))
        }
        if !lookups.isEmpty {
            out.append("# Look first (read-only):")
            out += lookups
        }
        out += notes
        if !changes.isEmpty {
            out.append("# Then change it (remove -WhatIf once the output above says it is right):")
            out += changes
        }
        if !choices.isEmpty {
            out.append("# Choose one (remove the leading '# ' of the lines you choose, and -WhatIf once sure):")
            for (i, c) in choices.enumerated() {
                let letter = String(UnicodeScalar(UInt8(ascii: "A") + UInt8(i % 26)))
                out.append("# Choice \(letter): " + c.label)
                out += c.lines.map { "#   " + $0.dropFirst(2) }
            }
        }
        return out
    }
}

/// Commands several remedies share.
enum Remedies {
    /// Lookups of an object on its own side: Get-ADObject by DN, or Get-Mg* by id.
    static func lookUp(_ o: FixObject, in b: inout FixBlock, properties: String) {
        if let dn = o.dn {
            let v = b.set("dn", dn, "\(o.kind.rawValue) on-prem (\(o.snapshot))")
            b.look("Get-ADObject -Identity \(v) -Properties \(PSCode(stringLiteral: properties))")
        } else if let id = o.cloudId {
            let v = b.set("cloudId", id, "\(o.kind.rawValue) in Entra ID (\(o.snapshot))")
            b.look("\(PSCode(stringLiteral: mgGet(o.kind))) \(v) -Property \(PSCode(stringLiteral: "id,displayName,userPrincipalName,mail,proxyAddresses,onPremisesImmutableId,onPremisesSyncEnabled"))")
        }
    }

    /// `Get-MgUser -UserId`, `Get-MgGroup -GroupId`, `Get-MgContact -OrgContactId`.
    static func mgGet(_ k: ObjectKind) -> String {
        switch k {
        case .group: return "Get-MgGroup -GroupId"
        case .contact: return "Get-MgContact -OrgContactId"
        default: return "Get-MgUser -UserId"
        }
    }

    static func mgRemove(_ k: ObjectKind) -> String {
        switch k {
        case .group: return "Remove-MgGroup -GroupId"
        case .contact: return "Remove-MgContact -OrgContactId"
        default: return "Remove-MgUser -UserId"
        }
    }

    /// Exchange Online's cmdlet that edits a cloud object's addresses.
    static func exoSet(_ o: FixObject) -> String {
        switch o.kind {
        case .group: return o.unifiedGroup ? "Set-UnifiedGroup -Identity" : "Set-DistributionGroup -Identity"
        case .contact: return "Set-MailContact -Identity"
        default: return "Set-Mailbox -Identity"
        }
    }

    /// The choice "this object gives up the UPN": in AD when it is on-prem, in Entra ID when only
    /// the cloud object holds it.
    static func giveUpUPN(_ o: FixObject, in b: inout FixBlock, label: String) {
        let newUPN = PSVar(name: "newUpn")
        let ask: PSCode = "\(newUPN) = Read-Host 'The new userPrincipalName'"
        if let dn = o.dn {
            let v = b.set("dn", dn, "\(o.kind.rawValue) on-prem (\(o.snapshot))")
            b.choice(label, does: "gives \(o.label) a new userPrincipalName in AD; the next sync takes it to Entra ID",
                     risk: "the person signs in with the new UPN from then on (Teams, OneDrive links, MFA registrations follow, saved sign-ins do not); a UPN already in use fails again",
                     steps: [ask], commands: ["Set-ADUser -Identity \(v) -UserPrincipalName \(newUPN)"])
        } else if let id = o.cloudId {
            let v = b.set("cloudId", id, "\(o.kind.rawValue) in Entra ID (\(o.snapshot))")
            b.choice(label, does: "gives the cloud object \(o.label) a new userPrincipalName in Entra ID",
                     risk: o.synced ? "the object is synced: on-prem is its source and the next sync may set it back" : "the person signs in with the new UPN from then on",
                     steps: [ask], commands: ["Update-MgUser -UserId \(v) -UserPrincipalName \(newUPN)"])
        }
    }

    /// The choice "this object gives up the address": Set-ADObject -Remove on-prem, Exchange
    /// Online for a cloud-only object.
    static func giveUpAddress(_ o: FixObject, address: String, in b: inout FixBlock, label: String) {
        let written = o.proxies(for: address)
        let primary = written.contains { ProxyAddress($0)?.isPrimary == true }
        let risk = (primary ? "it is this object's primary address: set another primary (SMTP:) first, or mail to the object bounces; " : "")
            + "mail sent to the address goes to the other holder from then on"
        if let dn = o.dn {
            let v = b.set("dn", dn, "\(o.kind.rawValue) on-prem (\(o.snapshot))")
            let p = b.set("proxy", written.first ?? "smtp:" + address, "the value as written on this object")
            b.choice(label, does: "removes \(written.first ?? address) from proxyAddresses of \(o.label) in AD; the next sync removes it in the cloud",
                     risk: risk, commands: ["Set-ADObject -Identity \(v) -Remove @{proxyAddresses=\(p)}"])
        } else if let id = o.cloudId {
            let v = b.set("cloudId", id, "\(o.kind.rawValue) in Entra ID (\(o.snapshot))")
            let p = b.set("proxy", written.first ?? "smtp:" + address, "the value as written on this object")
            b.choice(label, does: "removes the address from the cloud object \(o.label) in Exchange Online",
                     risk: (o.synced ? "the object is synced: change it on-prem instead, or the next sync puts it back; " : "") + risk,
                     commands: ["\(PSCode(stringLiteral: exoSet(o))) \(v) -EmailAddresses @{Remove=\(p)}"])
        }
    }

    /// The choice "this object gives up the value" of a finding on a UPN or an address.
    static func giveUp(_ f: FixFinding, _ o: FixObject, in b: inout FixBlock, label: String) {
        if f.attribute.caseInsensitiveEquals("userPrincipalName") {
            giveUpUPN(o, in: &b, label: label)
        } else {
            giveUpAddress(o, address: f.value, in: &b, label: label)
        }
    }

    /// The choice "the same person: point the cloud object at the on-prem anchor" (a hard match).
    static func hardMatch(_ onPrem: FixObject?, _ cloud: FixObject?, in b: inout FixBlock, label: String, does: String,
                          risk: String) {
        guard let onPrem, let cloud, let anchor = onPrem.anchor, let id = cloud.cloudId else { return }
        let a = b.set("anchor", anchor, "the ImmutableId the on-prem object would send")
        let v = b.set("cloudId", id, "\(cloud.kind.rawValue) in Entra ID (\(cloud.snapshot))")
        b.choice(label, does: does, risk: risk, commands: ["Update-MgUser -UserId \(v) -OnPremisesImmutableId \(a)"])
    }

    /// Who holds a UPN or an address now, in AD and in Entra ID (read-only).
    static func whoHolds(_ attribute: String, _ value: String, in b: inout FixBlock, onPrem: Bool, cloud: Bool) {
        if attribute.caseInsensitiveEquals("userPrincipalName") {
            let u = b.set("upn", value, "the UPN in question")
            // The AD module reads `$upn` itself: the value never becomes part of the filter's text.
            if onPrem { b.look("Get-ADUser -Filter 'userPrincipalName -eq \(u)' -Properties whenCreated, whenChanged", "Every AD user with this UPN:") }
            if cloud { b.look("Get-MgUser -UserId \(u) -Property id,displayName,userPrincipalName,onPremisesImmutableId,onPremisesSyncEnabled", "The Entra ID user with this UPN:") }
        } else {
            let a = b.set("address", value, "the SMTP address in question")
            if onPrem {
                let s = b.set("smtp", "smtp:" + value, "the address as a proxyAddresses value (AD compares it without regard to case)")
                b.look("Get-ADObject -Filter 'proxyAddresses -eq \(s)' -Properties proxyAddresses, whenChanged", "Every AD object with this address (users, groups, contacts):")
            }
            if cloud {
                b.look("Get-MgUser -Filter (\"proxyAddresses/any(p:p eq 'smtp:{0}')\" -f \(a).Replace(\"'\", \"''\")) -Property id,displayName,userPrincipalName,proxyAddresses",
                       "Entra ID users with this address (groups: Get-MgGroup with the same filter):")
            }
        }
    }
}
