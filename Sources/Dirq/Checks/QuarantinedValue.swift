import DirqModel
import DirqSyntax
import DirqEngine

extension Checks {
    /// quarantined-value: Entra ID kept a duplicate UPN or address off an object (duplicate
    /// attribute resiliency) and recorded it in onPremisesProvisioningErrors.
    public static let quarantinedValue = Check(
        name: "quarantined-value",
        title: "A value is quarantined on a cloud object",
        reported: "QuarantinedAttributeValueMustBeUnique / DirSyncProvisioningErrors (PropertyConflict)",
        severity: .error,
        needs: .both,
        explanation: """
            With duplicate attribute resiliency (on in every tenant today), a synced object whose UPN or \
            SMTP address is already held by another object is created anyway, without the value: a UPN \
            is replaced by a placeholder (prefix + 4 digits @ tenant.onmicrosoft.com) and an address is \
            dropped. The conflict is listed in the object's onPremisesProvisioningErrors (category \
            PropertyConflict). Mail to the address or sign-in with the UPN does not reach this person \
            until the duplicate is resolved; a background job releases the quarantine about an hour \
            after the other holder lets the value go.
            """,
        fix: """
            Resolve the underlying duplicate (see duplicate-upn and duplicate-proxy): remove the value from \
            the object that should not have it. The quarantine is released automatically.
            """,
        powershell: """
            # Objects with quarantined values (Microsoft Graph PowerShell):
            Get-MgUser -All -Property id,userPrincipalName,onPremisesProvisioningErrors |
                Where-Object { $_.OnPremisesProvisioningErrors.Count -gt 0 }
            # Who holds the value now:
            Get-MgUser -Filter "userPrincipalName eq '<upn>'"
            Get-MgUser -Filter "proxyAddresses/any(p:p eq 'smtp:<address>')"
            """,
        detection: [
            """
            match cloud to onprem where exists onPremisesProvisioningErrors
            | expand onPremisesProvisioningErrors as e
            | select snapshot, object, attribute = e.propertyCausingError, value = lower(e.value.address),
                detail = "quarantined since " + e.occurredDateTime + if(exists twin, "; on-prem twin " + twin, "")
            """,
            """
            match onprem to cloud where exists twin
            | join cloud.objects as c on twin = c.object
            | where exists c.onPremisesProvisioningErrors
            | expand c.onPremisesProvisioningErrors as e
            | select snapshot, object, attribute = e.propertyCausingError, value = lower(e.value.address),
                detail = "its cloud twin " + twin + " has this value quarantined"
            """,
        ],
        lessonQuery: "cloud.users where exists onPremisesProvisioningErrors select userPrincipalName, onPremisesProvisioningErrors",
        remedy: { Checks.fixQuarantinedValue($0, &$1) }
    )

    /// The fix for a quarantined value is the fix of the duplicate behind it: this block only looks.
    static func fixQuarantinedValue(_ f: FixFinding, _ b: inout FixBlock) {
        guard let o = f.object else { return }
        let cloud = o.cloudId != nil ? o : f.twin
        if let cloud, let id = cloud.cloudId {
            let v = b.set("cloudId", id, "\(cloud.kind.rawValue) in Entra ID (\(cloud.snapshot))")
            b.look("\(PSCode(stringLiteral: Remedies.mgGet(cloud.kind))) \(v) -Property id,userPrincipalName,proxyAddresses,onPremisesProvisioningErrors",
                   "The quarantined object and its provisioning errors:")
        }
        Remedies.whoHolds(f.attribute.caseInsensitiveEquals("userPrincipalName") ? "userPrincipalName" : "proxyAddresses",
                          f.value, in: &b, onPrem: true, cloud: true)
        b.note("nothing to change here: fix the duplicate-upn or duplicate-proxy block for \(f.value); Entra ID releases the quarantine about an hour after the other holder lets go")
    }
}
