import DirqModel
import DirqSyntax
import DirqEngine

extension Checks {
    /// export-errors: every object the sync engine failed to export, from csexport, Connect Health
    /// or provisioning-error exports, with both holders of a contested value.
    public static let exportErrors: Check = {
        var c = Check(
            name: "export-errors",
            title: "Objects the sync engine could not export",
            reported: "connector-space export errors (csexport /f:e; Synchronization Service Manager → Export Error)",
            severity: .error,
            needs: .engine,
            explanation: """
                Objects that fail to export stay in the connector space with an export error and are retried \
                every cycle until the cause is fixed: AttributeValueMustBeUnique (another object holds the UPN \
                or address), InvalidSoftMatch, ObjectTypeMismatch, LargeObject, DataValidationFailed, \
                FederatedDomainChangeError. The error detail names the other object; dirq adds every identity \
                of the loaded exports that holds the value, so both sides of a conflict are in one row.
                """,
            fix: """
                Fix the attribute in the source directory (usually on-prem), then run a delta sync; the error \
                clears at the next export. The other checks (duplicate-upn, invalid-soft-match, …) explain each \
                error type.
                """,
            powershell: """
                # On the Entra Connect server: export the errors of the Entra ID connector
                cd "$env:ProgramFiles\\Microsoft Azure AD Sync\\bin"
                .\\csexport.exe "contoso.onmicrosoft.com - AAD" errors.xml /f:e
                # fix the source attribute, then
                Start-ADSyncSyncCycle -PolicyType Delta
                """,
            detection: ["""
                exporterrors
                | sort by errorType, firstOccurred
                | select snapshot, object, attribute = coalesce(attribute, errorType), value = lower(value.address),
                    detail = errorType + if(exists firstOccurred, " since " + firstOccurred, "")
                        + if(exists retries, ", retried " + retries + " times", "")
                        + if(exists other, "; the other object: " + other, "")
                        + if(count(without(holders, object)) > 0, "; also held by " + join(without(holders, object), "; "), "")
                """],
            lessonQuery: "exporterrors select errorType, object, attribute, value, other"
        )
        c.sortByValue = false
        c.remedy = { Checks.fixExportErrors($0, &$1) }
        return c
    }()

    /// The fix for an export error is the fix of its cause: this block looks at the object and says
    /// which check explains the error.
    static func fixExportErrors(_ f: FixFinding, _ b: inout FixBlock) {
        if let o = f.object, let dn = o.dn {
            let v = b.set("dn", dn, "the object in the connector space")
            b.look("Get-ADObject -Identity \(v) -Properties userPrincipalName, proxyAddresses, objectGUID")
        } else {
            let v = b.set("dn", f.objectName, "the object in the connector space")
            b.look("Get-ADObject -Identity \(v) -Properties userPrincipalName, proxyAddresses, objectGUID")
        }
        if !f.value.isEmpty {
            Remedies.whoHolds(f.attribute.caseInsensitiveEquals("userPrincipalName") ? "userPrincipalName" : "proxyAddresses",
                              f.value, in: &b, onPrem: true, cloud: true)
        }
        b.note("fix the cause in the source directory: the duplicate-upn, duplicate-proxy, invalid-soft-match or object-type-mismatch block for this object; the error clears at the next export")
    }
}
