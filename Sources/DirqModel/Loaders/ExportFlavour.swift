import Foundation

/// What an export's own words say about it when its objects do not name their class: the
/// PowerShell type on a CSV's `#TYPE` line, and the columns an object carries.
///
/// An object's kind comes, in this order, from
/// 1. a class value on the object: `objectClass` (last value), `@odata.type`, `odata.type`,
///    `ObjectType`/`objectType`, `objectCategory` (`SnapshotBuilder.kindHintNames`);
/// 2. a `load "…" kind user` clause;
/// 3. what the file says of all its objects: a Graph `@odata.context` (`…#users`) or legacy
///    `odata.metadata` (`…#directoryObjects/Microsoft.DirectoryServices.User`), or the
///    `#TYPE` line (`Microsoft.ActiveDirectory.Management.ADUser`, `Selected.…ADGroup`,
///    `Microsoft.Online.Administration.Contact`, `…MicrosoftGraphUser`);
/// 4. the file's columns (`KindEvidence`): `Get-ADUser | Select Name,SamAccountName,
///    EmailAddress,Enabled` has no class at all, yet only a user has a SAM account name and a
///    mail address and no group columns (not for the sync engine's error exports, which name
///    the object in error without being it);
/// 5. else `other`.
/// Every object decided by 2–4 is counted with its reason, and the load line says so.
package enum ExportFlavour {
    /// The side and kind a PowerShell `#TYPE` names, and the cmdlet that writes it, e.g.
    /// `Selected.Microsoft.ActiveDirectory.Management.ADUser` → on-prem users (Get-ADUser).
    package struct TypeName: Equatable {
        package var side: Side?
        package var kind: ObjectKind?
        package var source: String
    }

    /// Reads a `#TYPE` name; nil when it is no directory object type dirq knows (then the
    /// columns decide), e.g. `Microsoft.Online.Administration.DirSyncProvisioningError`.
    package static func typeName(_ raw: String) -> TypeName? {
        var name = raw.trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("Selected.") { name.removeFirst("Selected.".count) }
        let lower = name.lowercased()
        let last = lower.split(separator: ".").last.map(String.init) ?? lower
        if lower.hasPrefix("microsoft.activedirectory.management.") {
            switch last {
            case "aduser", "adaccount": return TypeName(side: .onPrem, kind: .user, source: "Get-ADUser")
            case "adgroup": return TypeName(side: .onPrem, kind: .group, source: "Get-ADGroup")
            case "adcomputer", "adserviceaccount": return TypeName(side: .onPrem, kind: .other, source: "Get-ADComputer")
            case "adobject", "adprincipal", "adentity": return TypeName(side: .onPrem, kind: nil, source: "Get-ADObject")
            default: return TypeName(side: .onPrem, kind: nil, source: name)
            }
        }
        let cloudModules: [(prefix: String, cmdlet: String)] = [
            ("microsoft.online.administration.", "Get-Msol"),
            ("microsoft.open.azuread.model.", "Get-AzureAD"),
            ("microsoft.graph.powershell.models.microsoftgraph", "Get-Mg"),
            ("microsoft.graph.powershell.models.", "Get-Mg"),
        ]
        for (prefix, cmdlet) in cloudModules where lower.hasPrefix(prefix) {
            var entity = String(lower.dropFirst(prefix.count))
            if entity.hasPrefix("microsoftgraph") { entity.removeFirst("microsoftgraph".count) }
            // `Microsoft.Graph.PowerShell.Models.MicrosoftGraphOrgContact` → orgcontact.
            let kind: ObjectKind?
            switch entity {
            case "user": kind = .user
            case "group": kind = .group
            case "contact", "orgcontact": kind = .contact
            default: return nil  // DirSyncProvisioningError, Company, …: not a directory object
            }
            let noun = kind.map { $0 == .contact && cmdlet == "Get-Mg" ? "OrgContact" : $0.rawValue.capitalized } ?? ""
            return TypeName(side: .cloud, kind: kind, source: cmdlet + noun)
        }
        return nil
    }
}

/// Rules that give the objects of an export without a class column their kind from the
/// columns the export has (names, not values: a projected load, which does not keep every
/// value, decides the same). Each rule names the columns that decided, for the load line.
package enum KindEvidence {
    /// Only groups have these (AD module, Graph, MSOnline, AzureAD spellings).
    package static let groupNames = ["GroupCategory", "GroupScope", "groupType", "groupTypes", "securityEnabled", "mailEnabled"]
    /// A computer's, so that a computer account (which has a SAM account name too) is not a user.
    package static let computerNames = ["DNSHostName", "OperatingSystem", "OperatingSystemVersion"]
    package static let upnNames = ["userPrincipalName"]
    package static let samNames = ["sAMAccountName"]
    /// What a user has beside a SAM account name (a SAM account name alone could be a group's).
    package static let userCompanions = ["mail", "EmailAddress", "Enabled", "givenName", "sn", "surname", "userAccountControl"]
    package static let mailNames = ["mail", "EmailAddress", "proxyAddresses", "targetAddress", "ExternalEmailAddress"]
    package static let personNames = ["givenName", "sn", "surname", "FirstName", "LastName"]

    /// The kind the columns show, with the reason in words; nil when they do not.
    package static func kind(ofColumns schema: Schema) -> (ObjectKind, String)? {
        func present(_ names: [String]) -> String? {
            for n in names { if let id = schema.id(of: n) { return schema[id].name } }
            return nil
        }
        if let g = present(groupNames) { return (.group, "a \(g) column") }
        if let c = present(computerNames) { return (.other, "a \(c) column (computers)") }
        let sam = present(samNames)
        if let u = present(upnNames) {
            return (.user, sam.map { "\($0) and \(u) columns" } ?? "a \(u) column")
        }
        if let s = sam, let c = present(userCompanions) { return (.user, "\(s) and \(c) columns") }
        if sam == nil, let m = present(mailNames), let p = present(personNames) {
            return (.contact, "\(m) and \(p) columns, no SAM account name or UPN")
        }
        return nil
    }
}
