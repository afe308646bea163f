import Foundation
import DirqModel
import DirqSyntax

/// `exporterrors`: the export errors of every loaded error export as one kind of row.
package enum ExportErrorsSource {
    package static let entry = SourceEntry(
        name: "exporterrors", arguments: .none,
        summary: "the errors of the loaded csexport, Connect Health and provisioning-error exports",
        produce: { (_, context) in relation(context) })

    package static let fields = ["snapshot", "object", "errorType", "attribute", "value", "firstOccurred",
                                    "lastOccurred", "retries", "other", "holders", "message"]

    /// `exporterrors`: the export errors of every loaded error export as one kind of row —
    /// csexport `/f:x` or `/f:e` XML (`exportError`), Connect Health export errors
    /// (`type`, `attributeName`, `incomingObject`, `existingObject`) and flattened
    /// `Get-MsolDirSyncProvisioningError` CSV (`ErrorCategory`, `PropertyName`, `PropertyValue`).
    /// `object` is the on-prem DN when the export names it (or its anchor does), `other` the
    /// object the error names as the other holder, `holders` every identity of the loaded
    /// on-prem and cloud snapshots that holds the value (UPN, or SMTP address without prefix).
    package static func relation(_ context: SourceContext) -> Relation {
        var rows: [Row] = []
        let (onPrem, cloud) = context.pair
        // Who holds a value: identities by UPN and by SMTP address, compared case-insensitively.
        var holders: [String: [String]] = [:]
        func note(_ value: String?, _ identity: String) {
            guard let v = value?.lowercased(), !v.isEmpty else { return }
            if !(holders[v]?.contains(identity) ?? false) { holders[v, default: []].append(identity) }
        }
        let sm = context.pairMatch
        var byAnchor: [[UInt8]: String] = [:]
        if let p = onPrem {
            for o in p.objects {
                let id = p.identity(of: o)
                note(p.upn(of: o), id)
                for a in p.smtpAddresses(of: o) { note(a, id) }
                if case .bytes(let b)? = p.anchor(of: o) { byAnchor[b] = id }
            }
        }
        // A cloud object's on-prem twin, to name it beside the cloud id.
        var cloudIdentity: [String: String] = [:]
        if let c = cloud {
            for (i, o) in c.objects.enumerated() {
                let owner = sm?.identityOwner(ofCloud: i)
                let id = owner.map { onPrem!.identity(of: onPrem!.objects[$0]) } ?? c.identity(of: o)
                if let t = sm?.cloudResults[i].twin { cloudIdentity[c.identity(of: o).lowercased()] = onPrem!.identity(of: onPrem!.objects[t]) }
                note(c.upn(of: o), id)
                for a in c.smtpAddresses(of: o) { note(a, id) }
            }
        }
        func holdersOf(_ value: Value) -> Value {
            var v = value.text
            if let p = ProxyAddress(v), !v.contains("/") { v = p.address }
            return .list((holders[v.lowercased()] ?? []).map { .string($0) })
        }
        func other(_ id: String) -> Value {
            id.isEmpty ? .null : .string(cloudIdentity[id.lowercased()].map { "\(id) (the cloud twin of \($0))" } ?? id)
        }

        for snap in context.snapshots where snap.side == .engine {
            for o in snap.objects {
                func v(_ n: String) -> Value { snap.value(of: o, n) ?? .null }
                if case .record(let e) = v("exportError") {
                    // csexport: the hologram names the on-prem object; else its anchor does.
                    var object = v("onPremisesDistinguishedName").text
                    if object.isEmpty, let anchor = GUIDText.bytes(of: v("sourceAnchor")) {
                        object = byAnchor[anchor] ?? ""
                    }
                    if object.isEmpty { object = snap.identity(of: o) }
                    let value = e["conflictValues"]?.firstElement ?? .null
                    rows.append(Row(object: -1, values: [
                        .string(snap.name), .string(object), v("errorType"), e["conflictAttribute"] ?? .null, value,
                        e["firstOccurred"] ?? .null, e["dateOccurred"] ?? .null, e["retryCount"] ?? .null,
                        other(e["conflictObjectId"]?.text ?? ""), holdersOf(value),
                        e["errorLiteral"] ?? .null,
                    ]))
                } else if case .string(let type) = v("type"), !v("attributeName").isEmpty {
                    // Connect Health export error.
                    var object = v("dn").text
                    if case .record(let inc) = v("incomingObject"), let dn = inc["distinguishedName"], !dn.isEmpty { object = dn.text }
                    var otherHolder = ""
                    if case .record(let ex) = v("existingObject") {
                        otherHolder = ex["distinguishedName"].map(\.text) ?? ""
                        if otherHolder.isEmpty { otherHolder = ex["objectGuid"].map(\.text) ?? "" }
                    }
                    let value = v("attributeValue")
                    rows.append(Row(object: -1, values: [
                        .string(snap.name), .string(object), .string(type), v("attributeName"), value,
                        v("timeFirstOccurred"), v("timeOccurred"), .null, other(otherHolder), holdersOf(value),
                        v("serverErrorDetail"),
                    ]))
                } else if !v("ErrorCategory").isEmpty, !v("PropertyName").isEmpty {
                    // Get-MsolDirSyncProvisioningError, flattened: a cloud object with a quarantined value.
                    let id = v("ObjectId").text
                    let object = cloudIdentity[id.lowercased()] ?? id
                    let value = v("PropertyValue")
                    let when = v("WhenStarted")
                    rows.append(Row(object: -1, values: [
                        .string(snap.name), .string(object), v("ErrorCategory"), v("PropertyName"), value,
                        when.firstElement.map { AttributeType.dateTime.convert($0) } ?? .null, .null, .null,
                        .null, holdersOf(value), .null,
                    ]))
                }
            }
        }
        return Relation(shape: Shape(snapshot: nil, kinds: nil, fields: fields, hasObject: false), rows: rows)
    }
}
