#!/usr/bin/env python3
"""Writes the Contoso sample tenant (../contoso) in the shapes other tools export it, so that
dirq can show that every on-prem flavour meets every cloud flavour with the same findings.

Reads ../contoso/onprem.csv (every on-prem value, as Get-ADObject | Export-Csv wrote it) and
../contoso/cloud.json (Graph v1.0), and writes, byte for byte deterministically:

  on-prem (users only unless said otherwise)
    getaduser-select.csv  Get-ADUser -Filter * -Properties EmailAddress |
                            Select-Object Name,SamAccountName,EmailAddress,Enabled | Export-Csv  (PowerShell 7: no #TYPE)
    getaduser.csv         Get-ADUser with a calculated ProxyAddresses / mS-DS-ConsistencyGuid, no ObjectClass column,
                            Windows PowerShell 5.1 Export-Csv (#TYPE Selected.…ADUser, UTF-8 BOM, CRLF)
    getadgroup.csv        Get-ADGroup -Properties mail,proxyAddresses | Select …GroupCategory,GroupScope… (PowerShell 7)
    getadgroup-names.csv  Get-ADGroup | Select Name,SamAccountName (columns that name no kind)
    getaduser.json        Get-ADUser -Properties EmailAddress,ProxyAddresses,mS-DS-ConsistencyGuid | Select … |
                            ConvertTo-Json (PowerShell 7: UTF-8, SID as a SecurityIdentifier object)
  cloud (users only unless said otherwise)
    msolgroup.csv         Get-MsolGroup -All | Select …,@{ProxyAddresses -join ';'} | Export-Csv (5.1): groups, no SID
    msolcontact.csv       Get-MsolContact -All | Select …,@{ProxyAddresses -join ';'} | Export-Csv (5.1): contacts
    azureadgroup.json     Get-AzureADGroup -All $true | ConvertTo-Json > file (5.1, UTF-16LE): groups with their SID
    msoluser.csv          Get-MsolUser -All | Select UserPrincipalName,DisplayName,ObjectId,ImmutableId,LastDirSyncTime,
                            @{ProxyAddresses -join ';'},IsLicensed | Export-Csv (5.1: #TYPE Selected.…Online.Administration.User)
    azureaduser.json      Get-AzureADUser -All $true | ConvertTo-Json > file (Windows PowerShell 5.1: UTF-16LE with BOM,
                            CRLF, `"Name":  value` spacing, /Date(ms)/ dates)
    aadgraph-users.json   legacy Azure AD Graph GET https://graph.windows.net/contoso.onmicrosoft.com/users?api-version=1.6
    mguser.csv            Get-MgUser -All -Property … | Select Id,DisplayName,UserPrincipalName,Mail,
                            @{ProxyAddresses -join ';'},OnPremisesImmutableId,OnPremisesSyncEnabled,OnPremisesLastSyncDateTime
                            | Export-Csv (PowerShell 7)
    graph-users.json      Graph v1.0 GET /users?$select=… (no @odata.type on the items; the context says users)

Run from anywhere: python3 Examples/flavours/make_flavours.py
"""
import csv
import datetime
import io
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
CONTOSO = os.path.join(HERE, "..", "contoso")


def read_onprem():
    with open(os.path.join(CONTOSO, "onprem.csv"), encoding="utf-8-sig") as f:
        lines = f.read().splitlines()
    assert lines[0].startswith("#TYPE")
    return list(csv.DictReader(lines[1:]))


def read_cloud():
    with open(os.path.join(CONTOSO, "cloud.json"), encoding="utf-8") as f:
        return json.load(f)["value"]


def ps_csv(rows, columns, type_line=None, crlf=False, bom=False):
    """Export-Csv: every non-null field quoted; None is an empty unquoted field."""
    eol = "\r\n" if crlf else "\n"
    out = []
    if type_line:
        out.append("#TYPE " + type_line)
    out.append(",".join('"%s"' % c for c in columns))
    for r in rows:
        cells = []
        for c in columns:
            v = r.get(c)
            cells.append("" if v is None else '"' + str(v).replace('"', '""') + '"')
        out.append(",".join(cells))
    text = eol.join(out) + eol
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def en_us(iso):
    """DateTime.ToString() in en-US of an ISO time (UTC clock)."""
    if not iso:
        return None
    t = datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    h = t.hour % 12 or 12
    return "%d/%d/%d %d:%02d:%02d %s" % (t.month, t.day, t.year, h, t.minute, t.second, "AM" if t.hour < 12 else "PM")


def ms_date(iso):
    if not iso:
        return None
    t = datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    return "/Date(%d)/" % int(t.timestamp() * 1000)


def none_if_empty(v):
    return v if v not in ("", None) else None


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    onprem = read_onprem()
    users = [r for r in onprem if r["ObjectClass"] == "user"]
    groups = [r for r in onprem if r["ObjectClass"] == "group"]

    def enabled(r):
        return "False" if int(r["userAccountControl"] or "512") & 2 else "True"

    def name(r):
        """The RDN value of the DN, unescaped (`\\0A` is a line feed: AD's conflict names)."""
        rdn = re.match(r"CN=((?:[^,\\]|\\.)*)", r["DistinguishedName"]).group(1)
        return re.sub(r"\\([0-9A-Fa-f]{2}|.)", lambda m: chr(int(m.group(1), 16)) if len(m.group(1)) == 2 else m.group(1), rdn)

    write("getaduser-select.csv", ps_csv(
        [{"Name": name(r), "SamAccountName": r["sAMAccountName"], "EmailAddress": none_if_empty(r["mail"]),
          "Enabled": enabled(r)} for r in users],
        ["Name", "SamAccountName", "EmailAddress", "Enabled"]))

    write("getaduser.csv", ps_csv(
        [{"DistinguishedName": r["DistinguishedName"], "Enabled": enabled(r), "GivenName": none_if_empty(r["givenName"]),
          "Name": name(r), "ObjectGUID": r["ObjectGUID"], "SamAccountName": r["sAMAccountName"], "SID": r["objectSid"],
          "Surname": none_if_empty(r["sn"]), "UserPrincipalName": none_if_empty(r["userPrincipalName"]),
          "EmailAddress": none_if_empty(r["mail"]), "ProxyAddresses": r["proxyAddresses"],
          "mS-DS-ConsistencyGuid": none_if_empty(r["mS-DS-ConsistencyGuid"])} for r in users],
        ["DistinguishedName", "Enabled", "GivenName", "Name", "ObjectGUID", "SamAccountName", "SID", "Surname",
         "UserPrincipalName", "EmailAddress", "ProxyAddresses", "mS-DS-ConsistencyGuid"],
        type_line="Selected.Microsoft.ActiveDirectory.Management.ADUser", crlf=True, bom=True))

    def category(r):
        return "Security" if int(r["groupType"] or "0") & 0x80000000 else "Distribution"

    def scope(r):
        t = int(r["groupType"] or "0") & 0xE
        return {2: "Global", 4: "DomainLocal", 8: "Universal"}.get(t, "Global")

    write("getadgroup.csv", ps_csv(
        [{"DistinguishedName": r["DistinguishedName"], "GroupCategory": category(r), "GroupScope": scope(r),
          "Name": name(r), "ObjectGUID": r["ObjectGUID"], "SamAccountName": none_if_empty(r["sAMAccountName"]),
          "SID": r["objectSid"], "mail": none_if_empty(r["mail"]), "ProxyAddresses": r["proxyAddresses"]}
         for r in groups],
        ["DistinguishedName", "GroupCategory", "GroupScope", "Name", "ObjectGUID", "SamAccountName", "SID", "mail",
         "ProxyAddresses"]))

    write("getadgroup-names.csv", ps_csv(
        [{"Name": name(r), "SamAccountName": none_if_empty(r["sAMAccountName"])} for r in groups],
        ["Name", "SamAccountName"]))

    # PowerShell 7 ConvertTo-Json of Get-ADUser: UTF-8 without BOM, 2-space indent, the SID a
    # SecurityIdentifier object, ObjectGUID a string, ObjectClass "user".
    def sid_object(sid):
        domain = sid.rsplit("-", 1)[0]
        return {"BinaryLength": 28, "AccountDomainSid": {"BinaryLength": 24, "AccountDomainSid": domain, "Value": domain},
                "Value": sid}

    write("getaduser.json", (json.dumps(
        [{"DistinguishedName": r["DistinguishedName"], "Enabled": enabled(r) == "True",
          "GivenName": none_if_empty(r["givenName"]), "Name": name(r), "ObjectClass": "user",
          "ObjectGUID": r["ObjectGUID"], "SamAccountName": r["sAMAccountName"], "SID": sid_object(r["objectSid"]),
          "Surname": none_if_empty(r["sn"]), "UserPrincipalName": none_if_empty(r["userPrincipalName"]),
          "EmailAddress": none_if_empty(r["mail"]),
          "ProxyAddresses": [p for p in r["proxyAddresses"].split(";") if p],
          "mS-DS-ConsistencyGuid": none_if_empty(r["mS-DS-ConsistencyGuid"])} for r in users],
        indent=2, ensure_ascii=False) + "\n").encode("utf-8"))

    everything = read_cloud()
    cloud_groups = [o for o in everything if o["@odata.type"] == "#microsoft.graph.group"]
    cloud_contacts = [o for o in everything if o["@odata.type"] == "#microsoft.graph.orgContact"]

    write("msolgroup.csv", ps_csv(
        [{"DisplayName": o["displayName"], "EmailAddress": o.get("mail"),
          "GroupType": "Security" if o.get("securityEnabled") and not o.get("mailEnabled") else
          ("MailEnabledSecurity" if o.get("securityEnabled") else "DistributionList"),
          "ObjectId": o["id"], "LastDirSyncTime": en_us(o.get("onPremisesLastSyncDateTime")),
          "ProxyAddresses": ";".join(o.get("proxyAddresses") or [])} for o in cloud_groups],
        ["DisplayName", "EmailAddress", "GroupType", "ObjectId", "LastDirSyncTime", "ProxyAddresses"],
        type_line="Selected.Microsoft.Online.Administration.Group", crlf=True, bom=True))

    write("msolcontact.csv", ps_csv(
        [{"DisplayName": o["displayName"], "EmailAddress": o.get("mail"), "FirstName": o.get("givenName"),
          "LastName": o.get("surname"), "ObjectId": o["id"], "LastDirSyncTime": en_us(o.get("onPremisesLastSyncDateTime")),
          "ProxyAddresses": ";".join(o.get("proxyAddresses") or [])} for o in cloud_contacts],
        ["DisplayName", "EmailAddress", "FirstName", "LastName", "ObjectId", "LastDirSyncTime", "ProxyAddresses"],
        type_line="Selected.Microsoft.Online.Administration.Contact", crlf=True, bom=True))

    def azuread_group(o):
        return {
            "DeletionTimestamp": None, "ObjectId": o["id"], "ObjectType": "Group", "Description": None,
            "DirSyncEnabled": True if o.get("onPremisesSyncEnabled") else None, "DisplayName": o["displayName"],
            "LastDirSyncTime": ms_date(o.get("onPremisesLastSyncDateTime")), "Mail": o.get("mail"),
            "MailEnabled": o.get("mailEnabled"), "OnPremisesSecurityIdentifier": o.get("onPremisesSecurityIdentifier"),
            "ProvisioningErrors": [], "ProxyAddresses": o.get("proxyAddresses") or [],
            "SecurityEnabled": o.get("securityEnabled"),
        }

    text = json.dumps([azuread_group(o) for o in cloud_groups], indent=4, ensure_ascii=False).replace('": ', '":  ')
    text = text.replace("/Date(", "\\/Date(").replace(")/\"", ")\\/\"").replace("\n", "\r\n") + "\r\n"
    write("azureadgroup.json", b"\xff\xfe" + text.encode("utf-16-le"))

    cloud = [o for o in everything if o["@odata.type"] == "#microsoft.graph.user"]

    write("msoluser.csv", ps_csv(
        [{"UserPrincipalName": o["userPrincipalName"], "DisplayName": o["displayName"], "ObjectId": o["id"],
          "ImmutableId": o.get("onPremisesImmutableId"),
          "LastDirSyncTime": en_us(o.get("onPremisesLastSyncDateTime")),
          "ProxyAddresses": ";".join(o.get("proxyAddresses") or []), "IsLicensed": "True"} for o in cloud],
        ["UserPrincipalName", "DisplayName", "ObjectId", "ImmutableId", "LastDirSyncTime", "ProxyAddresses", "IsLicensed"],
        type_line="Selected.Microsoft.Online.Administration.User", crlf=True, bom=True))

    def azuread(o):
        return {
            "DeletionTimestamp": None, "ObjectId": o["id"], "ObjectType": "User", "AccountEnabled": o["accountEnabled"],
            "DirSyncEnabled": True if o.get("onPremisesSyncEnabled") else None, "DisplayName": o["displayName"],
            "GivenName": o.get("givenName"), "ImmutableId": o.get("onPremisesImmutableId"),
            "LastDirSyncTime": ms_date(o.get("onPremisesLastSyncDateTime")), "Mail": o.get("mail"),
            "ProvisioningErrors": [], "ProxyAddresses": o.get("proxyAddresses") or [], "Surname": o.get("surname"),
            "UserPrincipalName": o["userPrincipalName"], "UserType": o.get("userType"),
        }

    # Windows PowerShell 5.1's ConvertTo-Json: 4-space indent, two spaces after the colon, `\/` in
    # /Date()/, CRLF; `> file` writes UTF-16LE with a BOM.
    text = json.dumps([azuread(o) for o in cloud], indent=4, ensure_ascii=False).replace('": ', '":  ')
    text = text.replace("/Date(", "\\/Date(").replace(")/\"", ")\\/\"").replace("\n", "\r\n") + "\r\n"
    write("azureaduser.json", b"\xff\xfe" + text.encode("utf-16-le"))

    def aadgraph(o):
        return {
            "odata.type": "Microsoft.DirectoryServices.User", "objectType": "User", "objectId": o["id"],
            "deletionTimestamp": None, "accountEnabled": o["accountEnabled"],
            "dirSyncEnabled": True if o.get("onPremisesSyncEnabled") else None, "displayName": o["displayName"],
            "givenName": o.get("givenName"), "immutableId": o.get("onPremisesImmutableId"),
            "lastDirSyncTime": o.get("onPremisesLastSyncDateTime"), "mail": o.get("mail"), "provisioningErrors": [],
            "proxyAddresses": o.get("proxyAddresses") or [], "surname": o.get("surname"),
            "userPrincipalName": o["userPrincipalName"], "userType": o.get("userType"),
        }

    envelope = {
        "odata.metadata": "https://graph.windows.net/contoso.onmicrosoft.com/$metadata#directoryObjects/Microsoft.DirectoryServices.User",
        "value": [aadgraph(o) for o in cloud],
    }
    write("aadgraph-users.json", (json.dumps(envelope, ensure_ascii=False) + "\n").encode("utf-8"))

    write("mguser.csv", ps_csv(
        [{"Id": o["id"], "DisplayName": o["displayName"], "UserPrincipalName": o["userPrincipalName"],
          "Mail": o.get("mail"), "ProxyAddresses": ";".join(o.get("proxyAddresses") or []),
          "OnPremisesImmutableId": o.get("onPremisesImmutableId"),
          "OnPremisesSyncEnabled": None if o.get("onPremisesSyncEnabled") is None else str(o["onPremisesSyncEnabled"]),
          "OnPremisesLastSyncDateTime": en_us(o.get("onPremisesLastSyncDateTime"))} for o in cloud],
        ["Id", "DisplayName", "UserPrincipalName", "Mail", "ProxyAddresses", "OnPremisesImmutableId",
         "OnPremisesSyncEnabled", "OnPremisesLastSyncDateTime"]))

    select = ["id", "displayName", "userPrincipalName", "mail", "proxyAddresses", "onPremisesImmutableId",
              "onPremisesSyncEnabled", "onPremisesLastSyncDateTime", "onPremisesProvisioningErrors"]
    graph = {
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(" + ",".join(select) + ")",
        "value": [{k: o.get(k) for k in select} for o in cloud],
    }
    write("graph-users.json", (json.dumps(graph, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


if __name__ == "__main__":
    main()
