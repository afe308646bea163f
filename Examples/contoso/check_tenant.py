#!/usr/bin/env python3
"""Verify the Contoso sample tenant (onprem.ldif, onprem.csv, cloud.json).

Reads the three files on its own (it does not import make_tenant.py) and fails (exit 1) unless:

  * the LDIF and the CSV describe the same objects with the same values, in the shapes ldifde and
    Windows PowerShell 5.1 Export-Csv write;
  * the cloud file is a well-formed Graph directoryObjects envelope, and the cloud on its own holds
    no duplicate UPN, SMTP address, ImmutableId or SID (Entra would not allow it);
  * every conflict found is one of the planted ones, and every planted one is found:
    colliding UPNs/addresses across identities, soft-match outcomes, orphans, quarantined values,
    invalid UPNs and proxies, large attributes, replication-conflict DNs;
  * running make_tenant.py again reproduces the files byte for byte (skip with --no-regen).

Python 3 standard library only. Prints a short summary.
"""

import argparse
import base64
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
VERIFIED = {"contoso.com", "fabrikam.com"}
BINARY = {"objectguid", "objectsid", "ms-ds-consistencyguid", "usercertificate"}
MULTI = {"objectclass", "memberof", "member", "proxyaddresses", "usercertificate"}

failures = []


def check(cond, message):
    if not cond:
        failures.append(message)
    return cond


def expect_equal(actual, expected, what):
    if actual != expected:
        failures.append("%s:\n    expected %r\n    actual   %r" % (what, expected, actual))


# --------------------------------------------------------------------------------------------
# Readers
# --------------------------------------------------------------------------------------------


def read_ldif(path):
    data = open(path, "rb").read()
    check(b"\r" not in data, "LDIF: must use LF line endings")
    check(all(b < 128 for b in data), "LDIF: must be ASCII (non-ASCII values base64)")
    text = data.decode("ascii")
    physical = text.split("\n")
    check(all(len(l) <= 76 for l in physical), "LDIF: a line is longer than 76 characters")
    check(any(l.startswith(" ") for l in physical), "LDIF: no folded line")
    check(physical[0].startswith("#"), "LDIF: no # comment header")
    # Unfold (RFC 2849): a line starting with one space continues the previous line.
    logical = []
    for line in physical:
        if line.startswith(" ") and logical and logical[-1] != "":
            logical[-1] += line[1:]
        else:
            logical.append(line)
    records, cur = [], None
    for line in logical:
        if line.startswith("#") and cur is None:
            continue
        if line == "":
            if cur is not None:
                records.append(cur)
                cur = None
            continue
        name, sep, rest = line.partition(":")
        check(sep == ":", "LDIF: bad line %r" % line)
        if rest.startswith(":"):
            raw = base64.b64decode(rest[1:].strip(), validate=True)
            value = raw if name.lower() in BINARY else raw.decode("utf-8")
            encoded = True
        else:
            value = rest[1:] if rest.startswith(" ") else rest
            encoded = False
        if cur is None:
            check(name == "dn", "LDIF: record does not start with dn: %r" % line)
            cur = {"dn": value, "_attrs": {}, "_names": {}, "_b64": set()}
            continue
        if encoded:
            cur["_b64"].add(name.lower())
        if name == "changetype":
            check(value == "add", "LDIF: changetype %r" % value)
            continue
        cur["_attrs"].setdefault(name.lower(), []).append(value)
        cur["_names"][name.lower()] = name
    if cur is not None:
        records.append(cur)
    return records


def parse_csv_line(line):
    """Split one Export-Csv line; None for an unquoted empty field (a $null property)."""
    fields, i, n = [], 0, len(line)
    while True:
        if i < n and line[i] == '"':
            i += 1
            buf = []
            while True:
                j = line.index('"', i)
                buf.append(line[i:j])
                if j + 1 < n and line[j + 1] == '"':
                    buf.append('"')
                    i = j + 2
                else:
                    i = j + 1
                    break
            fields.append("".join(buf))
        else:
            j = line.find(",", i)
            j = n if j < 0 else j
            raw = line[i:j]
            check(raw == "", "CSV: unquoted non-empty field %r" % raw)
            fields.append(None)
            i = j
        if i >= n:
            return fields
        check(line[i] == ",", "CSV: garbage after a field in %r" % line[:60])
        i += 1
        if i == n:
            fields.append(None)
            return fields


def read_csv(path):
    data = open(path, "rb").read()
    check(data.startswith(b"\xef\xbb\xbf"), "CSV: no UTF-8 BOM (Export-Csv -Encoding UTF8 writes one)")
    text = data[3:].decode("utf-8")
    check(text.endswith("\r\n"), "CSV: must end with CRLF")
    check("\n" not in text.replace("\r\n", ""), "CSV: bare LF (Export-Csv on Windows writes CRLF)")
    lines = text[:-2].split("\r\n")
    expect_equal(lines[0], "#TYPE Selected.Microsoft.ActiveDirectory.Management.ADObject", "CSV #TYPE line")
    header = parse_csv_line(lines[1])
    rows = []
    for line in lines[2:]:
        fields = parse_csv_line(line)
        check(len(fields) == len(header), "CSV: %d fields, header has %d" % (len(fields), len(header)))
        rows.append(dict(zip(header, fields)))
    return header, rows


# --------------------------------------------------------------------------------------------
# A common on-prem model from either file
# --------------------------------------------------------------------------------------------


def sid_to_string(raw):
    rev, count = raw[0], raw[1]
    auth = int.from_bytes(raw[2:8], "big")
    subs = struct.unpack("<%dI" % count, raw[8:8 + 4 * count])
    check(len(raw) == 8 + 4 * count, "objectSid length")
    return "S-%d-%d-" % (rev, auth) + "-".join(str(s) for s in subs)


def model_from_ldif(rec):
    a = rec["_attrs"]

    def one(name):
        v = a.get(name.lower())
        if v is None:
            return None
        check(len(v) == 1, "LDIF %s: %s has %d values" % (rec["dn"], name, len(v)))
        return v[0]

    guid = uuid.UUID(bytes_le=one("objectGUID"))
    sid = one("objectSid")
    cg = one("mS-DS-ConsistencyGuid")
    check(one("distinguishedName") == rec["dn"], "LDIF %s: distinguishedName differs from dn" % rec["dn"])
    check(one("whenCreated") == "20240115093000.0Z", "LDIF %s: whenCreated" % rec["dn"])
    return dict(
        dn=rec["dn"], kind=a["objectclass"][-1], guid=str(guid),
        sid=sid_to_string(sid) if sid else None,
        cguid=base64.b64encode(cg).decode() if cg else None,
        sam=one("sAMAccountName"), upn=one("userPrincipalName"), given=one("givenName"), sn=one("sn"),
        display=one("displayName"), dept=one("department"), mail=one("mail"),
        proxies=a.get("proxyaddresses", []), member_of=a.get("memberof", []), member=a.get("member", []),
        uac=one("userAccountControl"), group_type=one("groupType"),
        certs=[base64.b64encode(c).decode() for c in a.get("usercertificate", [])],
        cn=one("cn"), object_class=a["objectclass"],
    )


def model_from_csv(row):
    def split(v):
        return v.split(";") if v else []

    check(row["whenCreated"] == "1/15/2024 9:30:00 AM", "CSV %s: whenCreated" % row["DistinguishedName"])
    return dict(
        dn=row["DistinguishedName"], kind=row["ObjectClass"], guid=row["ObjectGUID"], sid=row["objectSid"],
        cguid=row["mS-DS-ConsistencyGuid"], sam=row["sAMAccountName"], upn=row["userPrincipalName"],
        given=row["givenName"], sn=row["sn"], display=row["displayName"], dept=row["department"],
        mail=row["mail"], proxies=split(row["proxyAddresses"]), member_of=split(row["memberOf"]),
        member=split(row["member"]), uac=row["userAccountControl"], group_type=row["groupType"],
        certs=split(row["userCertificate"]),
    )


def smtp_addresses(proxies):
    return [p.split(":", 1)[1] for p in proxies if p.lower().startswith("smtp:")]


def primary(proxies):
    ps = [p.split(":", 1)[1] for p in proxies if p.startswith("SMTP:")]
    check(len(ps) <= 1, "more than one primary SMTP in %r" % proxies[:3])
    return ps[0] if ps else None


# --------------------------------------------------------------------------------------------
# Validation rules (Microsoft's published rules, IdFix regexes)
# --------------------------------------------------------------------------------------------

RFC2822 = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@"
                     r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:[a-z]{2,17})$", re.I)
UPN_LOCAL_ALLOWED = re.compile(r"^[A-Za-z0-9'.\-_!#^~]+$")


def upn_problems(upn):
    out = set()
    if upn.count("@") != 1 or upn.startswith("@"):
        return {"format"}
    local, domain = upn.split("@")
    if not UPN_LOCAL_ALLOWED.match(local) or not re.match(r"^[a-z0-9.-]+$", domain, re.I):
        out.add("character")
    if len(local) > 64 or len(domain) > 48 or len(upn) > 113:
        out.add("length")
    if local[-1] in ".& " or local.startswith(".") or ".." in local:
        out.add("format")
    if domain.lower() not in VERIFIED:
        out.add("domain")
    return out


def proxy_problems(proxy):
    kind, _, addr = proxy.partition(":")
    out = set()
    if kind.lower() == "smtp":
        if re.search(r"\s", addr):
            out.add("space")
        if re.search(r'[<>()\[\];,"]', addr):
            out.add("character")
        if ":" in addr:
            out.add("colon")
        if any(ord(c) > 127 for c in addr):
            out.add("non-ascii")
        if not out and not RFC2822.match(addr):
            out.add("format")
        if not out and addr.rsplit("@", 1)[1].lower() not in VERIFIED:
            out.add("unverified-domain")
    elif kind.lower() in ("x500", "x400"):
        if re.search(r"[\f\n\r\t\v\[\]\"']", addr):
            out.add("character")
    else:
        if re.search(r'[\s<>(),\[\]"]', addr):
            out.add("character")
    return out


# --------------------------------------------------------------------------------------------
# The check
# --------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default=HERE)
    ap.add_argument("--no-regen", action="store_true", help="skip the byte-for-byte regeneration check")
    args = ap.parse_args()
    d = args.dir

    # ---- read --------------------------------------------------------------------------------
    ldif = read_ldif(os.path.join(d, "onprem.ldif"))
    header, csv_rows = read_csv(os.path.join(d, "onprem.csv"))
    raw_json = open(os.path.join(d, "cloud.json"), "rb").read()
    check(b"\r" not in raw_json, "JSON: must use LF")
    envelope = json.loads(raw_json.decode("utf-8"))
    expect_equal(raw_json.decode("utf-8"), json.dumps(envelope, indent=2, ensure_ascii=False) + "\n",
                 "JSON: 2-space pretty print")
    expect_equal(list(envelope), ["@odata.context", "value"], "JSON envelope keys")
    expect_equal(envelope["@odata.context"], "https://graph.microsoft.com/v1.0/$metadata#directoryObjects",
                 "JSON @odata.context")
    cloud = envelope["value"]

    # LDIF features that must be present.
    check(any("cn" in r["_b64"] for r in ldif), "LDIF: no base64 cn:: value")
    check(any("\\," in r["dn"] for r in ldif), "LDIF: no DN with an escaped comma")
    check(sum(1 for r in ldif if "\\0ACNF:" in r["dn"]) == 1, "LDIF: expected exactly one CNF DN")

    # ---- LDIF == CSV -------------------------------------------------------------------------
    from_ldif = [model_from_ldif(r) for r in ldif]
    from_csv = [model_from_csv(r) for r in csv_rows]
    expect_equal([m["dn"] for m in from_csv], [m["dn"] for m in from_ldif], "CSV and LDIF object order/DNs")
    csv_by_dn = {m["dn"]: m for m in from_csv}
    for m in from_ldif:
        c = csv_by_dn.get(m["dn"])
        if not check(c is not None, "CSV lacks %s" % m["dn"]):
            continue
        for k, v in c.items():
            if m[k] != v:
                failures.append("LDIF/CSV differ on %s %s: %r vs %r" % (m["dn"], k, m[k], v))
    # CSV null semantics: $null properties are unquoted empty, joined ones quoted empty.
    for row in csv_rows:
        for col in ("proxyAddresses", "memberOf", "member", "userCertificate"):
            check(row[col] is not None, "CSV: joined column %s must be quoted" % col)
        if row["ObjectClass"] == "contact":
            check(row["sAMAccountName"] is None and row["objectSid"] is None,
                  "CSV: a contact's sAMAccountName/objectSid must be $null")

    onprem = from_ldif
    for m in onprem:
        check(m["kind"] in ("user", "group", "contact"), "unexpected kind %s" % m["kind"])
        expected_oc = {"user": ["top", "person", "organizationalPerson", "user"], "group": ["top", "group"],
                       "contact": ["top", "person", "organizationalPerson", "contact"]}[m["kind"]]
        expect_equal(m["object_class"], expected_oc, "objectClass of %s" % m["dn"])
        if m["proxies"] and m["kind"] != "contact" or m["mail"]:
            expect_equal(m["mail"], primary(m["proxies"]), "mail = primary SMTP of %s" % m["dn"])
    users = [m for m in onprem if m["kind"] == "user"]
    groups = [m for m in onprem if m["kind"] == "group"]
    contacts = [m for m in onprem if m["kind"] == "contact"]

    def label(m):
        return m["sam"] or m["cn"]

    for key in ("dn", "guid", "sid", "sam"):
        vals = [m[key].lower() for m in onprem if m[key]]
        check(len(vals) == len(set(vals)), "on-prem %s not unique" % key)
    for m in users:
        check(m["sam"] and len(m["sam"]) <= 20, "sAMAccountName of %s" % m["dn"])
    # membership is symmetric
    for g in groups:
        for dn in g["member"]:
            mem = next((m for m in onprem if m["dn"] == dn), None)
            check(mem is not None and g["dn"] in mem["member_of"], "member/memberOf of %s" % dn)
    for m in onprem:
        for gdn in m["member_of"]:
            check(any(g["dn"] == gdn and m["dn"] in g["member"] for g in groups), "memberOf of %s" % m["dn"])
    sales = sum(1 for u in users if u["dept"] == "Sales")
    check(sales >= 6, "Sales has only %d users" % sales)
    check({u["dept"] for u in users} == {"Sales", "Finance", "IT", "HR", "Marketing"}, "departments")

    # ---- cloud shape and cloud-side invariants ----------------------------------------------
    types = {"#microsoft.graph.user": "user", "#microsoft.graph.group": "group",
             "#microsoft.graph.orgContact": "contact"}
    required = {
        "user": ["@odata.type", "id", "displayName", "userPrincipalName", "mail", "proxyAddresses",
                 "accountEnabled", "createdDateTime", "onPremisesImmutableId", "onPremisesSyncEnabled",
                 "onPremisesLastSyncDateTime", "onPremisesProvisioningErrors"],
        "group": ["@odata.type", "id", "displayName", "mail", "proxyAddresses", "mailEnabled",
                  "securityEnabled", "onPremisesSyncEnabled", "onPremisesSecurityIdentifier"],
        "contact": ["@odata.type", "id", "displayName", "mail", "proxyAddresses", "onPremisesSyncEnabled"],
    }
    iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
    for c in cloud:
        c["_kind"] = types.get(c["@odata.type"])
        if not check(c["_kind"] is not None, "unknown @odata.type %r" % c["@odata.type"]):
            continue
        for f in required[c["_kind"]]:
            check(f in c, "cloud %s lacks %s" % (c.get("displayName"), f))
        uuid.UUID(c["id"])
        check(c["onPremisesSyncEnabled"] in (True, None), "onPremisesSyncEnabled true/null")
        for f in ("createdDateTime", "onPremisesLastSyncDateTime"):
            if c.get(f) is not None:
                check(iso.match(c[f]), "cloud %s %s not ISO 8601 Z" % (c["displayName"], f))
        for e in c.get("onPremisesProvisioningErrors", []):
            expect_equal(sorted(e), ["category", "occurredDateTime", "propertyCausingError", "value"],
                         "provisioning error fields")
            check(e["category"] == "PropertyConflict", "error category")
        if c["_kind"] == "user" and c["onPremisesSyncEnabled"]:
            check(c["onPremisesImmutableId"], "synced cloud user without ImmutableId")
        if c["_kind"] == "user" and c["onPremisesSyncEnabled"] is None:
            check(c["onPremisesImmutableId"] is None, "cloud-only user with an ImmutableId")
    check(len({c["id"] for c in cloud}) == len(cloud), "cloud ids not unique")

    def cloud_addresses(c):
        addrs = {a.lower() for a in smtp_addresses(c["proxyAddresses"])}
        if c.get("mail"):
            addrs.add(c["mail"].lower())
        return addrs

    seen = {}
    for c in cloud:
        keys = {("addr", a) for a in cloud_addresses(c)}
        if c["_kind"] == "user":
            keys.add(("addr", c["userPrincipalName"].lower()))
            if c["onPremisesImmutableId"]:
                keys.add(("immutable", c["onPremisesImmutableId"]))
        if c.get("onPremisesSecurityIdentifier"):
            keys.add(("sid", c["onPremisesSecurityIdentifier"]))
        for k in keys:
            check(k not in seen, "cloud holds %r twice (%s, %s)" % (k, seen.get(k), c["displayName"]))
            seen[k] = c["displayName"]

    # ---- pairing -----------------------------------------------------------------------------
    def anchor(u):
        return u["cguid"] or base64.b64encode(uuid.UUID(u["guid"]).bytes_le).decode()

    twin = {}  # on-prem dn -> cloud object
    owner = {}  # cloud id -> on-prem model
    for m in onprem:
        if m["kind"] == "user":
            hits = [c for c in cloud if c["_kind"] == "user" and c["onPremisesImmutableId"] == anchor(m)]
        elif m["kind"] == "group":
            hits = [c for c in cloud if c["_kind"] == "group" and c["onPremisesSecurityIdentifier"] == m["sid"]]
        else:
            p = primary(m["proxies"])
            hits = [c for c in cloud if c["_kind"] == "contact" and p
                    and (primary(c["proxyAddresses"]) or "").lower() == p.lower()]
        check(len(hits) <= 1, "%s has %d twins" % (m["dn"], len(hits)))
        if hits:
            twin[m["dn"]] = hits[0]
            owner[hits[0]["id"]] = m
    # Objectguid must never be what pairs a user whose ConsistencyGuid differs (Henrik).
    for u in users:
        if u["cguid"] and u["cguid"] != base64.b64encode(uuid.UUID(u["guid"]).bytes_le).decode():
            og = base64.b64encode(uuid.UUID(u["guid"]).bytes_le).decode()
            check(all(c.get("onPremisesImmutableId") != og for c in cloud), "objectGUID of %s pairs" % u["dn"])
    synced_cloud = [c for c in cloud if c["onPremisesSyncEnabled"]]

    # Twins carry the on-prem values, except where planted.
    expected_upn_drift = {"jane.doe2": "jane.doe2841@contoso.onmicrosoft.com",
                          "sam.wilson": "sam.wilson4417@contoso.onmicrosoft.com",
                          "samantha.wilson": "sam.wilson@contoso.com"}
    expected_proxy_drops = {
        "joseph.quinn": ["smtp:joe@contoso.com"], "sally.park": ["smtp:sales@contoso.com"],
        "Payroll Service (Litware)": ["smtp:payroll@contoso.com"], "anais.dubois": ["smtp:anaïs@contoso.com"],
        "mark.vandijk": ["smtp:mark van dijk@contoso.com"], "kim.lee": ["smtp:kim:lee@contoso.com"],
        "lena.fischer": ["smtp:<lena.fischer>@contoso.com"],
        "ben.carter": ["smtp:ben[sales]@contoso.com", 'smtp:"ben"@contoso.com'],
    }
    upn_drift, proxy_drops = {}, {}
    for m in onprem:
        c = twin.get(m["dn"])
        if c is None:
            continue
        expect_equal(c["displayName"], m["display"], "twin displayName of %s" % label(m))
        expect_equal(c["mail"], m["mail"], "twin mail of %s" % label(m))
        if m["kind"] == "user":
            if c["userPrincipalName"] != m["upn"]:
                upn_drift[label(m)] = c["userPrincipalName"]
            expect_equal(c["department"], m["dept"], "twin department of %s" % label(m))
            expect_equal(c["accountEnabled"], int(m["uac"]) & 2 == 0, "twin accountEnabled of %s" % label(m))
        if m["kind"] == "group":
            expect_equal(c["mailEnabled"], m["mail"] is not None, "mailEnabled of %s" % label(m))
            expect_equal(c["securityEnabled"], int(m["group_type"]) < 0, "securityEnabled of %s" % label(m))
        missing = [p for p in m["proxies"] if p not in c["proxyAddresses"]]
        extra = [p for p in c["proxyAddresses"] if p not in m["proxies"]]
        check(not extra, "twin of %s has proxies not on-prem: %r" % (label(m), extra))
        check([p for p in m["proxies"] if p in c["proxyAddresses"]] == c["proxyAddresses"],
              "twin proxy order of %s" % label(m))
        if missing:
            proxy_drops[label(m)] = missing
    expect_equal(upn_drift, expected_upn_drift, "twins whose UPN differs from on-prem")
    expect_equal(proxy_drops, expected_proxy_drops, "twins lacking on-prem proxies")

    # ---- soft match of the unpaired on-prem objects ----------------------------------------
    def soft_candidates(m, any_smtp):
        keys = set()
        if m.get("upn"):
            keys.add(("upn", m["upn"].lower()))
        addrs = smtp_addresses(m["proxies"]) if any_smtp else [primary(m["proxies"])]
        keys |= {("smtp", a.lower()) for a in addrs if a}
        out = []
        for c in cloud:
            ck = {("smtp", a) for a in cloud_addresses(c)}
            if c["_kind"] == "user":
                ck.add(("upn", c["userPrincipalName"].lower()))
            if keys & ck:
                out.append(c)
        return out

    def classify(m, cands):
        if not cands:
            return None
        if len(cands) > 1:
            return "invalid-soft-match"
        c = cands[0]
        if c["_kind"] != m["kind"]:
            return "object-type-mismatch"
        if c["id"] in owner or c.get("onPremisesImmutableId") or c.get("onPremisesSyncEnabled"):
            return "invalid-soft-match"
        return "soft-match-takeover"

    soft = {}
    merged = {}  # cloud id -> on-prem model (takeovers: one identity)
    for m in onprem:
        if m["dn"] in twin:
            continue
        strict = soft_candidates(m, any_smtp=False)
        loose = soft_candidates(m, any_smtp=True)
        expect_equal([c["id"] for c in loose], [c["id"] for c in strict],
                     "soft-match candidates of %s (primary-only vs any-SMTP rule)" % label(m))
        outcome = classify(m, strict)
        if outcome:
            soft[label(m)] = (outcome, strict[0]["displayName"])
            if outcome == "soft-match-takeover":
                merged[strict[0]["id"]] = m
    expect_equal(soft, {
        "olivia.martin": ("invalid-soft-match", "Olivia Martin"),
        "tax.office": ("object-type-mismatch", "Tax"),
        "priya.patel": ("soft-match-takeover", "Priya Patel"),
    }, "soft-match outcomes of unpaired on-prem objects")

    # ---- identities and collisions ----------------------------------------------------------
    identities = []  # (label, {"upn": set, "smtp": set})
    for m in onprem:
        vals = {"upn": set(), "smtp": set()}
        if m.get("upn"):
            vals["upn"].add(m["upn"].lower())
        vals["smtp"] |= {a.lower() for a in smtp_addresses(m["proxies"])}
        if m["mail"]:
            vals["smtp"].add(m["mail"].lower())
        c = twin.get(m["dn"]) or next((c for cid, x in merged.items() if x is m
                                       for c in cloud if c["id"] == cid), None)
        if c is not None:
            if c["_kind"] == "user":
                vals["upn"].add(c["userPrincipalName"].lower())
            vals["smtp"] |= cloud_addresses(c)
        identities.append((label(m), vals))
    for c in cloud:
        if c["id"] in owner or c["id"] in merged:
            continue
        vals = {"upn": {c["userPrincipalName"].lower()} if c["_kind"] == "user" else set(),
                "smtp": cloud_addresses(c)}
        identities.append(("cloud:" + c["displayName"], vals))

    def collisions(namespaces):
        holders = {}
        for name, vals in identities:
            for ns in namespaces:
                for v in vals[ns]:
                    holders.setdefault(v, set()).add(name)
        return {v: sorted(h) for v, h in holders.items() if len(h) > 1}

    expect_equal(collisions(["upn"]), {
        "jane.doe@contoso.com": ["jane.doe", "jane.doe2"],
        "chris.taylor@contoso.com": ["chris.taylor", "christine.taylor", "christopher.taylor"],
        "sam.wilson@contoso.com": ["sam.wilson", "samantha.wilson"],
        "olivia.martin@contoso.com": ["cloud:Olivia Martin", "olivia.martin"],
    }, "duplicate UPNs across identities")
    expect_equal(collisions(["smtp"]), {
        "joe@contoso.com": ["joe.bloggs", "joseph.quinn"],
        "sales@contoso.com": ["Sales Team", "sally.park"],
        "payroll@contoso.com": ["Payroll Service (Litware)", "paula.reyes"],
        "tax@contoso.com": ["cloud:Tax", "tax.office"],
        "olivia.martin@contoso.com": ["cloud:Olivia Martin", "olivia.martin"],
    }, "duplicate SMTP addresses across identities")
    # UPN of one identity = address of another: only inside the planted groups above.
    expect_equal(sorted(collisions(["upn", "smtp"])), sorted([
        "jane.doe@contoso.com", "chris.taylor@contoso.com", "sam.wilson@contoso.com",
        "olivia.martin@contoso.com", "joe@contoso.com", "sales@contoso.com", "payroll@contoso.com",
        "tax@contoso.com"]), "values shared across identities in any namespace")

    # ---- orphans -----------------------------------------------------------------------------
    anchors = {anchor(u) for u in users}
    sids = {g["sid"] for g in groups}
    orphans = []
    for c in synced_cloud:
        if c["_kind"] == "user" and c["onPremisesImmutableId"] not in anchors:
            orphans.append(c["displayName"])
        if c["_kind"] == "group" and c["onPremisesSecurityIdentifier"] not in sids:
            orphans.append(c["displayName"])
        if c["_kind"] == "contact" and c["id"] not in owner:
            orphans.append(c["displayName"])
    expect_equal(sorted(orphans), ["Olivia Martin", "Victor Hale"], "orphaned cloud objects")
    victor = next(c for c in cloud if c["displayName"] == "Victor Hale")
    vk = {victor["userPrincipalName"].lower()} | cloud_addresses(victor)
    check(not any(vk & (v["upn"] | v["smtp"]) for n, v in identities if n != "cloud:Victor Hale"),
          "Victor Hale must resemble nothing on-prem")

    # ---- quarantined values ------------------------------------------------------------------
    placeholder = re.compile(r"^(.+?)(\d{4})@([^@]+)\.onmicrosoft\.com$", re.I)
    quarantined = {}
    for c in cloud:
        errs = c.get("onPremisesProvisioningErrors", [])
        ph = c["_kind"] == "user" and placeholder.match(c["userPrincipalName"])
        if not errs and not ph:
            continue
        m = owner.get(c["id"])
        check(m is not None, "quarantined cloud object %s has no on-prem twin" % c["displayName"])
        quarantined[label(m)] = sorted((e["propertyCausingError"], e["value"]) for e in errs)
        for e in errs:
            if e["propertyCausingError"] == "UserPrincipalName":
                expect_equal(e["value"], m["upn"], "UPN error value = on-prem UPN of %s" % label(m))
                check(ph and ph.group(1) == m["upn"].split("@")[0].lower()
                      and ph.group(3) == "contoso", "placeholder UPN of %s" % label(m))
                holders = [n for n, v in identities if e["value"].lower() in v["upn"] and n != label(m)]
            else:
                check(e["value"] in m["proxies"] and e["value"] not in c["proxyAddresses"],
                      "quarantined proxy of %s" % label(m))
                addr = e["value"].split(":", 1)[1].lower()
                holders = [n for n, v in identities if addr in v["smtp"] and n != label(m)]
            check(len(holders) == 1, "quarantined %r of %s: other holders %r" % (e["value"], label(m), holders))
    expect_equal(quarantined, {
        "jane.doe2": [("UserPrincipalName", "jane.doe@contoso.com")],
        "sam.wilson": [("UserPrincipalName", "sam.wilson@contoso.com")],
        "joseph.quinn": [("ProxyAddress", "smtp:joe@contoso.com")],
        "sally.park": [("ProxyAddress", "smtp:sales@contoso.com")],
        "Payroll Service (Litware)": [("ProxyAddress", "smtp:payroll@contoso.com")],
    }, "quarantined values")

    # ---- invalid values ----------------------------------------------------------------------
    bad_upns = {label(u): sorted(upn_problems(u["upn"])) for u in users if u["upn"] and upn_problems(u["upn"])}
    expect_equal(bad_upns, {"nina.schultz": ["domain"], "omar.haddad": ["character"],
                            "ravi.kumar": ["character"], "w.featherstonehaugh": ["length"],
                            "lucas.moreau": ["format"]}, "invalid UPNs")
    check(all(RFC2822.match(u["upn"]) for u in users if u["upn"] and label(u) not in bad_upns),
          "a clean UPN fails the RFC 2822 pattern")
    bad_proxies = {}
    for m in onprem:
        for p in m["proxies"]:
            probs = proxy_problems(p)
            if m["kind"] == "contact":
                probs.discard("unverified-domain")  # contacts point outside
            if probs:
                bad_proxies[p] = (label(m), sorted(probs))
    expect_equal(bad_proxies, {
        "smtp:anaïs@contoso.com": ("anais.dubois", ["non-ascii"]),
        "smtp:mark van dijk@contoso.com": ("mark.vandijk", ["space"]),
        "smtp:kim:lee@contoso.com": ("kim.lee", ["colon"]),
        "smtp:<lena.fischer>@contoso.com": ("lena.fischer", ["character"]),
        "smtp:ben[sales]@contoso.com": ("ben.carter", ["character"]),
        'smtp:"ben"@contoso.com': ("ben.carter", ["character"]),
    }, "invalid proxies")
    for c in cloud:
        for p in c["proxyAddresses"]:
            probs = proxy_problems(p) - {"unverified-domain"}
            check(not probs, "cloud proxy %r of %s: %r" % (p, c["displayName"], probs))

    # ---- large attributes and CNF ------------------------------------------------------------
    expect_equal({label(u): len(u["certs"]) for u in users if u["certs"]}, {"grace.liu": 16}, "userCertificate")
    expect_equal({label(m): len(m["proxies"]) for m in onprem if len(m["proxies"]) > 4},
                 {"carlos.mendes": 311}, "objects with many proxies")
    cnf = [m for m in onprem if "\\0ACNF:" in m["dn"]]
    if check(len(cnf) == 1, "one CNF object"):
        m = cnf[0]
        check(m["dn"].split("\\0ACNF:")[1].startswith(m["guid"] + ","), "CNF DN carries its objectGUID")
        check(m["cn"] == "Pat Lee\nCNF:" + m["guid"], "CNF cn")
        check(m["sam"].startswith("$DUPLICATE-") and not m["upn"] and not m["proxies"], "CNF object shape")

    # ---- regeneration ------------------------------------------------------------------------
    if not args.no_regen:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, os.path.join(HERE, "make_tenant.py"), "--out", tmp],
                           check=True, stdout=subprocess.DEVNULL)
            for name in ("onprem.ldif", "onprem.csv", "cloud.json", "README.md"):
                same = open(os.path.join(tmp, name), "rb").read() == open(os.path.join(d, name), "rb").read()
                check(same, "%s differs from a fresh run of make_tenant.py" % name)

    # ---- report ------------------------------------------------------------------------------
    def count(kind, objs, key):
        return sum(1 for o in objs if o[key] == kind)

    print("onprem.ldif: %d objects (%d users, %d groups, %d contacts)" % (
        len(from_ldif), count("user", from_ldif, "kind"), count("group", from_ldif, "kind"),
        count("contact", from_ldif, "kind")))
    print("onprem.csv:  %d objects (%d users, %d groups, %d contacts)" % (
        len(from_csv), count("user", from_csv, "kind"), count("group", from_csv, "kind"),
        count("contact", from_csv, "kind")))
    print("cloud.json:  %d objects (%d users, %d groups, %d contacts); %d twins, %d not paired" % (
        len(cloud), count("user", cloud, "_kind"), count("group", cloud, "_kind"),
        count("contact", cloud, "_kind"), len(owner), len(cloud) - len(owner)))
    if failures:
        print("\nFAILED (%d):" % len(failures))
        for f in failures:
            print("  - " + f)
        return 1
    print("OK: every planted case found, nothing else collides")
    return 0


if __name__ == "__main__":
    sys.exit(main())
