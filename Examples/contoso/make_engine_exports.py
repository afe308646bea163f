#!/usr/bin/env python3
"""Generate the sync-engine exports of the Contoso sample tenant.

Writes, next to this script (or into the directory given with --out):

  scheduler.txt               Get-ADSyncScheduler > scheduler.txt (Windows PowerShell 5.1: the
                              default Format-List text, UTF-16LE with BOM, CRLF)
  scheduler.json              Get-ADSyncScheduler | ConvertTo-Json | Out-File -Encoding utf8
                              (5.1: UTF-8 with BOM, CRLF, "\\/Date(ms)\\/" dates, TimeSpans as
                              objects, enums as numbers, 5.1's own indentation)
  runhistory.csv              Get-ADSyncRunProfileResult | Select RunNumber, ConnectorName,
                              RunProfileName, Result, StartDate, EndDate | Export-Csv
                              (5.1 default: ASCII, CRLF, #TYPE line, every field quoted)
  provisioning-errors.csv     Get-MsolDirSyncProvisioningError -All | Select ObjectId, DisplayName,
                              UserPrincipalName, ObjectType, ErrorCategory, PropertyName,
                              PropertyValue, WhenStarted | Export-Csv (one row per error)
  connect-health-errors.json  the export errors of Entra Connect Health (the `exporterrors` API
                              shape: {"value": [MergedExportError, ...]})

The story these files tell (on top of the tenant of README.md):

  * On 2026-11-25 a full cycle (Initial) ran at 09:30, then the scheduler ran delta cycles every
    30 minutes until 11:00. At about 11:20 an administrator disabled the scheduler
    (Set-ADSyncScheduler -SyncCycleEnabled $false) for an OU migration, and never re-enabled it:
    SyncCycleEnabled is False and NextSyncCycleStartTimeInUTC (11:30:12) is long past.
  * On 2026-11-26 at 09:40 a delta cycle was started by hand. Its synchronization steps succeeded,
    but the export to Entra ID stopped: the migration had moved an OU out of scope, so the
    deletions exceeded the accidental-deletes threshold (stopped-deletion-threshold-exceeded).
  * At 14:40 the administrator ran two Delta Imports by hand, and exported the run history.
    The newest run (14:41) is 5 hours after the last successful Delta Synchronization (09:41);
    the latest Full Synchronization (2026-11-25 09:3x) is a day older still.
  * Every export to Entra ID ends in completed-export-errors: the quarantined values Q1-Q5 and the
    failed matches of Olivia Martin (InvalidSoftMatch) and Tax Office (ObjectTypeMismatch), which
    is what the provisioning-error and Connect Health files list.

Times are UTC (the server's clock is UTC), written as en-US `DateTime.ToString()` does. The
identities come from onprem.csv and cloud.json, so the files agree with the tenant. Deterministic
(no clock, no randomness): rerunning rewrites the files byte for byte. Python 3 standard library.

Assumption: Windows PowerShell 5.1 writes an enum as its number; NextSyncCyclePolicyType Delta
is written as 1 (SyncCyclePolicyType: Unspecified 0, Delta 1, Initial 2).
"""

import argparse
import base64
import csv
import datetime
import hashlib
import json
import os
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
UTC = datetime.timezone.utc

AD = "contoso.com"
AAD = "contoso.onmicrosoft.com - AAD"


def utc(y, mo, d, h, mi, s):
    return datetime.datetime(y, mo, d, h, mi, s, tzinfo=UTC)


def guid(key):
    """A fixed GUID for `key` (SHA-256, version 4 bits set), as make_tenant.py makes them."""
    digest = bytearray(hashlib.sha256(("contoso-engine/" + key).encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x40
    digest[8] = (digest[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(digest)))


def en_us(t):
    """DateTime.ToString() in en-US: `11/26/2026 9:30:12 AM`."""
    hour = t.hour % 12 or 12
    return "%d/%d/%d %d:%02d:%02d %s" % (t.month, t.day, t.year, hour, t.minute, t.second,
                                         "AM" if t.hour < 12 else "PM")


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def unix_ms(t):
    return int(t.timestamp()) * 1000


# --------------------------------------------------------------------------------------------
# Scheduler
# --------------------------------------------------------------------------------------------

SCHEDULER_NEXT = utc(2026, 11, 25, 11, 30, 12)

# (name, Format-List text, ConvertTo-Json value); a TimeSpan is given as seconds.
SCHEDULER = [
    ("AllowedSyncCycleInterval", "00:30:00", ("timespan", 1800)),
    ("CurrentlyEffectiveSyncCycleInterval", "00:30:00", ("timespan", 1800)),
    ("CustomizedSyncCycleInterval", "", None),
    ("NextSyncCyclePolicyType", "Delta", 1),
    ("NextSyncCycleStartTimeInUTC", en_us(SCHEDULER_NEXT), ("date", SCHEDULER_NEXT)),
    ("PurgeRunHistoryInterval", "7.00:00:00", ("timespan", 7 * 86400)),
    ("SyncCycleEnabled", "False", False),
    ("MaintenanceEnabled", "True", True),
    ("StagingModeEnabled", "False", False),
    ("SchedulerSuspended", "False", False),
    ("SyncCycleInProgress", "False", False),
]


def format_list(records):
    """PowerShell's list view: a blank line, then each record's `Name<pad> : Value` lines
    (names padded to the record's longest) followed by a blank line, and one more at the end.
    An empty value still gets the separator's trailing space, as ListWriter writes it."""
    lines = [""]
    for record in records:
        width = max(len(name) for name, _ in record)
        for name, value in record:
            lines.append(name.ljust(width) + " : " + value)
        lines.append("")
    lines.append("")
    return "\r\n".join(lines) + "\r\n"


def timespan_object(seconds):
    """A TimeSpan as Windows PowerShell 5.1's ConvertTo-Json writes it: its public properties."""
    ticks = seconds * 10_000_000
    return [
        ("Ticks", ticks), ("Days", seconds // 86400), ("Hours", seconds // 3600 % 24),
        ("Milliseconds", 0), ("Minutes", seconds // 60 % 60), ("Seconds", seconds % 60),
        ("TotalDays", seconds / 86400), ("TotalHours", seconds / 3600),
        ("TotalMilliseconds", seconds * 1000.0), ("TotalMinutes", seconds / 60),
        ("TotalSeconds", float(seconds)),
    ]


def json51_scalar(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float):
        # JavaScriptSerializer writes doubles with "R": 7.0 is `7`, 1/48 is `0.020833333333333332`.
        r = repr(v)
        return r[:-2] if r.endswith(".0") else r
    if isinstance(v, int):
        return str(v)
    return json.dumps(v).replace("/", "\\/")


def json51(v, column=0):
    """Windows PowerShell 5.1's ConvertTo-Json layout: `"name":  value` (two spaces), members four
    columns right of their opening brace, the closing brace under the opening one. `v` is a list
    of (name, value) pairs for an object, a plain list for an array, or a scalar."""
    if isinstance(v, list) and (not v or isinstance(v[0], tuple)):
        if not v:
            return "{\r\n\r\n}"
        pad = " " * (column + 4)
        parts = []
        for name, value in v:
            head = pad + json.dumps(name) + ":  "
            parts.append(head + json51(value, len(head)))
        return "{\r\n" + ",\r\n".join(parts) + "\r\n" + " " * column + "}"
    if isinstance(v, list):
        pad = " " * (column + 4)
        parts = [pad + json51(x, column + 4) for x in v]
        return "[\r\n" + ",\r\n".join(parts) + "\r\n" + " " * column + "]"
    return json51_scalar(v)


def scheduler_json():
    members = []
    for name, _, value in SCHEDULER:
        if isinstance(value, tuple) and value[0] == "timespan":
            value = timespan_object(value[1])
        elif isinstance(value, tuple) and value[0] == "date":
            value = "/Date(%d)/" % unix_ms(value[1])
        members.append((name, value))
    return json51(members) + "\r\n"


# --------------------------------------------------------------------------------------------
# Run history
# --------------------------------------------------------------------------------------------

# Offsets (seconds from the cycle start) and run profiles of one cycle, in the order the
# scheduler runs them: imports, synchronizations, exports; AD before Entra ID.
DELTA_STEPS = [
    (AD, "Delta Import", 4, 19), (AAD, "Delta Import", 21, 52),
    (AD, "Delta Synchronization", 54, 80), (AAD, "Delta Synchronization", 82, 90),
    (AAD, "Export", 92, 118), (AD, "Export", 120, 126),
]
FULL_STEPS = [
    (AD, "Full Import", 4, 71), (AAD, "Full Import", 73, 188),
    (AD, "Full Synchronization", 190, 402), (AAD, "Full Synchronization", 404, 511),
    (AAD, "Export", 513, 561), (AD, "Export", 563, 570),
]


def runs():
    """Every run, oldest first: (connector, profile, result, start, end)."""
    out = []

    def cycle(start, steps, export_result=None):
        for connector, profile, a, b in steps:
            result = "success"
            if connector == AAD and profile == "Export":
                result = export_result or "completed-export-errors"
            out.append((connector, profile, result, start + datetime.timedelta(seconds=a),
                        start + datetime.timedelta(seconds=b)))

    cycle(utc(2026, 11, 25, 9, 30, 12), FULL_STEPS)
    for hour, minute in [(10, 0), (10, 30), (11, 0)]:
        cycle(utc(2026, 11, 25, hour, minute, 12), DELTA_STEPS)
    # By hand, scheduler disabled: the export to Entra ID hits the deletion threshold (and stops
    # after 3 s, before exporting anything).
    manual = utc(2026, 11, 26, 9, 40, 1)
    cycle(manual, [(c, p, a, b if not (c == AAD and p == "Export") else a + 3)
                   for c, p, a, b in DELTA_STEPS],
          export_result="stopped-deletion-threshold-exceeded")
    out.append((AD, "Delta Import", "success", utc(2026, 11, 26, 14, 40, 3), utc(2026, 11, 26, 14, 40, 31)))
    out.append((AAD, "Delta Import", "success", utc(2026, 11, 26, 14, 41, 10), utc(2026, 11, 26, 14, 41, 44)))
    return out


FIRST_RUN_NUMBER = {AD: 5117, AAD: 4368}


def runhistory_csv():
    numbered = []
    next_number = dict(FIRST_RUN_NUMBER)
    for connector, profile, result, start, end in runs():
        numbered.append((next_number[connector], connector, profile, result, start, end))
        next_number[connector] += 1
    # Get-ADSyncRunProfileResult lists the newest run first.
    numbered.sort(key=lambda r: r[4], reverse=True)
    lines = ["#TYPE Selected.Microsoft.IdentityManagement.PowerShell.ObjectModel.RunHistory",
             csv_line(["RunNumber", "ConnectorName", "RunProfileName", "Result", "StartDate", "EndDate"])]
    for number, connector, profile, result, start, end in numbered:
        lines.append(csv_line([str(number), connector, profile, result, en_us(start), en_us(end)]))
    return "\r\n".join(lines) + "\r\n"


def csv_line(fields):
    """Export-Csv in 5.1: every non-null field quoted, `""` for a quote; None is an empty field."""
    return ",".join("" if f is None else '"' + f.replace('"', '""') + '"' for f in fields)


# --------------------------------------------------------------------------------------------
# The tenant's identities
# --------------------------------------------------------------------------------------------

def load_tenant(folder):
    with open(os.path.join(folder, "onprem.csv"), encoding="utf-8-sig", newline="") as f:
        lines = f.read().split("\r\n")
    onprem = {r["DistinguishedName"]: r for r in csv.DictReader(lines[1:])}
    with open(os.path.join(folder, "cloud.json"), encoding="utf-8") as f:
        cloud = {o["id"]: o for o in json.load(f)["value"]}
    return onprem, cloud


def anchor(row):
    """The sourceAnchor of an on-prem user: mS-DS-ConsistencyGuid, else objectGUID (bytes_le)."""
    if row["mS-DS-ConsistencyGuid"]:
        return row["mS-DS-ConsistencyGuid"]
    return base64.b64encode(uuid.UUID(row["ObjectGUID"]).bytes_le).decode("ascii")


# Quarantined values (README Q1-Q5): cloud object, property (as Msol names it), value.
QUARANTINED = [
    ("462c9b40-b1e0-427f-9e5a-c72844f7e097", "UserPrincipalName", "jane.doe@contoso.com"),
    ("acc3a924-e7b9-4c5c-8bf8-3e23e80062d2", "UserPrincipalName", "sam.wilson@contoso.com"),
    ("c0620fc2-1067-4664-9cc1-5bdf7d6cc44d", "ProxyAddresses", "smtp:joe@contoso.com"),
    ("5aa1e38d-a2d6-44f4-b0ee-1c8b4ac80437", "ProxyAddresses", "smtp:sales@contoso.com"),
    ("2fccca57-88b1-4bed-8061-c2c06271a2ba", "ProxyAddresses", "smtp:payroll@contoso.com"),
]
QUARANTINED_AT = utc(2024, 1, 15, 10, 2, 14)  # cloud.json's occurredDateTime

OBJECT_TYPES = {"#microsoft.graph.user": "User", "#microsoft.graph.group": "Group",
                "#microsoft.graph.orgContact": "Contact"}


def provisioning_errors_csv(cloud):
    lines = ["#TYPE Selected.Microsoft.Online.Administration.DirSyncProvisioningError",
             csv_line(["ObjectId", "DisplayName", "UserPrincipalName", "ObjectType", "ErrorCategory",
                       "PropertyName", "PropertyValue", "WhenStarted"])]
    for cloud_id, prop, value in QUARANTINED:
        o = cloud[cloud_id]
        lines.append(csv_line([cloud_id, o["displayName"], o.get("userPrincipalName"),
                               OBJECT_TYPES[o["@odata.type"]], "PropertyConflict", prop, value,
                               en_us(QUARANTINED_AT)]))
    return "\r\n".join(lines) + "\r\n"


# --------------------------------------------------------------------------------------------
# Connect Health export errors
# --------------------------------------------------------------------------------------------

STAFF = ",OU=Staff,DC=contoso,DC=com"

# (error type, attribute, value, incoming on-prem DN, existing cloud id)
CONFLICTS = [
    ("AttributeValueMustBeUnique", "UserPrincipalName", "jane.doe@contoso.com",
     "CN=Jane Doe,OU=Marketing" + STAFF, "7aeef728-b76c-4a04-870d-d9beade02771"),
    ("AttributeValueMustBeUnique", "ProxyAddresses", "smtp:joe@contoso.com",
     "CN=Joseph Quinn,OU=Finance" + STAFF, "aaafd789-2467-4cd2-9934-cb6868900991"),
    ("AttributeValueMustBeUnique", "UserPrincipalName", "sam.wilson@contoso.com",
     "CN=Sam Wilson,OU=IT" + STAFF, "2cd4d10e-a443-46b1-bbb6-5e9ae1ffbecc"),
    ("InvalidSoftMatch", "UserPrincipalName", "olivia.martin@contoso.com",
     "CN=Olivia Martin,OU=Sales" + STAFF, "038832b9-9826-4f76-a3e9-676cf6729353"),
    ("ObjectTypeMismatch", "ProxyAddresses", "SMTP:tax@contoso.com",
     "CN=Tax Office,OU=Finance" + STAFF, "e499bcbd-16e3-4994-b425-df5fafde6d5e"),
]

MESSAGES = {
    "AttributeValueMustBeUnique": "Unable to update this object because the following attributes associated with this object have values that may already be associated with another object in your local directory services: [%s %s]. Correct or remove the duplicate values in your local directory.",
    "InvalidSoftMatch": "Unable to update this object in Azure Active Directory, because the attribute [SourceAnchor], is not valid. Update the value in your local directory services. The object's [%s %s] matches an object in Azure Active Directory that already has a different SourceAnchor.",
    "ObjectTypeMismatch": "Unable to update this object because the [%s %s] matches an object of a different type in Azure Active Directory. The object in your local directory services is a User; the matching object in Azure Active Directory is a Group.",
}

SERVICE_ID = guid("service")
SERVICE_MEMBER_ID = guid("service-member/AADCONNECT01")


def aad_cs_dn(source_anchor):
    """The Entra ID connector space DN of an object: `CN={<hex of its sourceAnchor's text>}`."""
    return "CN={%s}" % source_anchor.encode("ascii").hex().upper()


def onprem_object(row, seen):
    return {
        "displayName": row["displayName"],
        "distinguishedName": row["DistinguishedName"],
        "lastDirSyncTime": None,
        "mail": row["mail"] or None,
        "objectGuid": row["ObjectGUID"],
        "objectType": row["ObjectClass"].capitalize(),
        "onpremisesUserPrincipalName": row["userPrincipalName"] or None,
        "proxyAddresses": row["proxyAddresses"].replace(";", ",") or None,
        "sourceAnchor": anchor(row),
        "sourceOfAuthority": "OnPremises",
        "timeOccurred": iso(seen),
        "userPrincipalName": row["userPrincipalName"] or None,
    }


def cloud_object(o, twin, seen):
    synced = bool(o.get("onPremisesSyncEnabled"))
    return {
        "displayName": o["displayName"],
        "distinguishedName": twin["DistinguishedName"] if twin else None,
        "lastDirSyncTime": o.get("onPremisesLastSyncDateTime"),
        "mail": o.get("mail"),
        "objectGuid": o["id"],
        "objectType": OBJECT_TYPES[o["@odata.type"]],
        "onpremisesUserPrincipalName": twin["userPrincipalName"] if twin else None,
        "proxyAddresses": ",".join(o.get("proxyAddresses") or []) or None,
        "sourceAnchor": o.get("onPremisesImmutableId"),
        "sourceOfAuthority": "OnPremises" if synced else "Cloud",
        "timeOccurred": iso(seen),
        "userPrincipalName": o.get("userPrincipalName"),
    }


def connect_health_json(onprem, cloud):
    by_anchor = {anchor(r): r for r in onprem.values() if r["ObjectClass"] == "user"}
    # The last export to Entra ID that ran (the one at 09:40 on 11-26 stopped before exporting).
    last_export = max((r for r in runs() if r[0] == AAD and r[2] == "completed-export-errors"), key=lambda r: r[3])
    seen = last_export[3] + datetime.timedelta(seconds=11)
    errors = []
    for kind, attr, value, dn, cloud_id in CONFLICTS:
        row = onprem[dn]
        existing = cloud[cloud_id]
        twin = by_anchor.get(existing.get("onPremisesImmutableId") or "")
        source_anchor = anchor(row)
        errors.append({
            "id": guid("export-error/" + dn),
            "runStepResultId": guid("run-step/%s" % iso(last_export[3])),
            "type": kind,
            "serverErrorDetail": MESSAGES[kind] % (attr, value),
            "timeFirstOccurred": iso(QUARANTINED_AT),
            "timeOccurred": iso(seen),
            "csObjectId": guid("cs-object/" + dn),
            "dn": aad_cs_dn(source_anchor),
            "attributeName": attr,
            "attributeValue": value,
            "modifiedOrRemovedAttributeValue": None,
            "incomingObjectDisplayName": row["displayName"],
            "incomingObjectType": row["ObjectClass"].capitalize(),
            "userPrincipalName": row["userPrincipalName"],
            "samAccountName": row["sAMAccountName"],
            "exportErrorStatus": 0,
            "incomingObject": onprem_object(row, seen),
            "existingObject": cloud_object(existing, twin, seen),
            "serviceId": SERVICE_ID,
            "serviceMemberId": SERVICE_MEMBER_ID,
            "mergedEntityId": guid("merged/" + dn + "/" + cloud_id),
            "createdDate": iso(QUARANTINED_AT),
        })
    return json.dumps({"value": errors}, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=HERE, help="directory to write into (default: next to this script)")
    parser.add_argument("--tenant", default=HERE, help="directory holding onprem.csv and cloud.json")
    args = parser.parse_args()
    onprem, cloud = load_tenant(args.tenant)
    files = {
        # `>` in Windows PowerShell 5.1 is Out-File: UTF-16LE with a BOM.
        "scheduler.txt": b"\xff\xfe" + format_list([[(n, t) for n, t, _ in SCHEDULER]]).encode("utf-16-le"),
        "scheduler.json": b"\xef\xbb\xbf" + scheduler_json().encode("utf-8"),
        # Export-Csv's default encoding in 5.1 is ASCII (every value here is ASCII).
        "runhistory.csv": runhistory_csv().encode("ascii"),
        "provisioning-errors.csv": provisioning_errors_csv(cloud).encode("ascii"),
        "connect-health-errors.json": connect_health_json(onprem, cloud).encode("utf-8"),
    }
    for name, data in files.items():
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
