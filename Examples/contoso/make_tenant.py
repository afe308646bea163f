#!/usr/bin/env python3
"""Generate the Contoso sample tenant that dirq ships and teaches with.

Writes, next to this script (or into the directory given with --out):

  onprem.ldif  on-premises AD as `ldifde -f` writes it (LF line endings)
  onprem.csv   the same objects as Windows PowerShell 5.1
               `Get-ADObject ... | Select-Object ... | Export-Csv -Encoding UTF8` writes them
               (UTF-8 with BOM, CRLF line endings, `#TYPE` first line)
  cloud.json   Entra ID as Microsoft Graph returns it (one directoryObjects envelope)
  README.md    what the tenant is and, object by object, every planted conflict

Every conflict in these files is planted on purpose and listed in PLANTED below (and so in
README.md); everything else is meant to be clean. `check_tenant.py` verifies both claims.

The generator is deterministic: GUIDs come from SHA-256 of a fixed key, there is no clock and no
randomness, so running it again rewrites the four files byte for byte. Python 3 standard library
only.
"""

import argparse
import base64
import hashlib
import json
import os
import struct
import uuid

# --------------------------------------------------------------------------------------------
# Constants of the tenant
# --------------------------------------------------------------------------------------------

DOMAIN_DN = "DC=contoso,DC=com"
STAFF_DN = "OU=Staff," + DOMAIN_DN
GROUPS_DN = "OU=Groups," + DOMAIN_DN
CONTACTS_DN = "OU=Contacts," + DOMAIN_DN

# The domain SID is the one Microsoft's documentation uses in its examples.
DOMAIN_SID = (1004336348, 1177238915, 682003330)
FIRST_USER_RID = 1104
FIRST_GROUP_RID = 1201

VERIFIED_DOMAINS = ("contoso.com", "fabrikam.com")
INITIAL_DOMAIN = "contoso.onmicrosoft.com"

# Every on-prem object was created at the same moment; the CSV shows the same instant the way
# DateTime.ToString() prints it in the en-US culture on a machine whose clock is UTC.
WHEN_CREATED_LDIF = "20240115093000.0Z"
WHEN_CREATED_CSV = "1/15/2024 9:30:00 AM"

# Cloud timestamps (ISO 8601, UTC).
TWIN_CREATED = "2024-01-15T10:02:11Z"  # first export of the synced objects
LAST_SYNC = "2024-05-14T08:30:12Z"  # last delta sync before the snapshot
QUARANTINED_AT = "2024-01-15T10:02:14Z"  # when the duplicates were quarantined

LDIF_FOLD = 76  # ldifde folds lines longer than this; continuation lines start with one space

DEPARTMENTS = ("Sales", "Finance", "IT", "HR", "Marketing")


def det_guid(key):
    """A GUID that looks like AD's random (version 4) ones but is fixed by `key`."""
    digest = hashlib.sha256(("contoso-sample/" + key).encode("utf-8")).digest()
    return uuid.UUID(bytes=digest[:16], version=4)


def b64(data):
    return base64.b64encode(data).decode("ascii")


def immutable_id(guid):
    """Entra's ImmutableId: base64 of the GUID bytes in .NET Guid.ToByteArray() order."""
    return b64(guid.bytes_le)


def sid_string(rid):
    return "S-1-5-21-%d-%d-%d-%d" % (DOMAIN_SID + (rid,))


def sid_bytes(rid):
    """Binary SID: revision 1, five sub-authorities, authority 5 (NT), sub-authorities LE."""
    subs = (21,) + DOMAIN_SID + (rid,)
    return bytes([1, len(subs)]) + (5).to_bytes(6, "big") + b"".join(struct.pack("<I", s) for s in subs)


def address_of(proxy):
    """The address part of a proxy value (`SMTP:a@b` -> `a@b`)."""
    return proxy.split(":", 1)[1]


def primary_smtp(proxies):
    for p in proxies:
        if p.startswith("SMTP:"):
            return address_of(p)
    return None


def fake_certificate(owner, index):
    """A small DER-shaped blob (SEQUENCE { INTEGER 2, INTEGER serial, UTF8String subject })."""
    serial = hashlib.sha256(("cert/%s/%d" % (owner, index)).encode("ascii")).digest()[:8]
    subject = ("CN=%s,OU=IT,DC=contoso,DC=com #%02d" % (owner, index)).encode("ascii")
    body = b"\x02\x01\x02" + b"\x02\x08" + serial + b"\x0c" + bytes([len(subject)]) + subject
    assert len(body) < 128
    return b"\x30" + bytes([len(body)]) + body


# --------------------------------------------------------------------------------------------
# On-premises objects
# --------------------------------------------------------------------------------------------
#
# A user entry: key (a short handle used by PLANTED and the README), cn, givenName, sn, department
# (also the OU), sAMAccountName, userPrincipalName, proxyAddresses, and options:
#   mail       default: the address of the SMTP: (primary) proxy
#   display    default: cn
#   ou         default: department
#   uac        userAccountControl, default 512
#   synced     True when the user has a hard-matched cloud twin (default True)
#   cguid      "same" (mS-DS-ConsistencyGuid = objectGUID), "none", or "other" (its own GUID)
#              default: "same" when synced, "none" otherwise (Entra Connect writes it on export)
#   guid       a fixed objectGUID string instead of the derived one
#   certs      number of userCertificate values
#   twin       overrides for the cloud twin: upn, drop (proxies not in the cloud), errors
#              ([(propertyCausingError, value)])


def user(key, cn, given, sn, dept, sam, upn, proxies, **kw):
    o = dict(kind="user", key=key, cn=cn, given=given, sn=sn, dept=dept, sam=sam, upn=upn,
             proxies=list(proxies))
    o.update(kw)
    o.setdefault("display", cn)
    o.setdefault("ou", dept)
    o.setdefault("uac", 512)
    o.setdefault("synced", True)
    o.setdefault("cguid", "same" if o["synced"] else "none")
    o.setdefault("mail", primary_smtp(o["proxies"]))
    o.setdefault("certs", 0)
    o.setdefault("twin", {})
    return o


CARLOS_ALIASES = ["smtp:alias%03d@contoso.com" % i for i in range(1, 311)]

USERS = [
    # --- clean, synced -----------------------------------------------------------------------
    # Tycho's objectGUID is the worked example of the documentation: ImmutableId
    # 1wfM9xV8fUSHbcAbDlqeOA==.
    user("tycho", "Tycho Brahe", "Tycho", "Brahe", "IT", "tycho.brahe", "tycho.brahe@contoso.com",
         ["SMTP:tycho.brahe@contoso.com", "smtp:tb@contoso.com",
          "X500:/o=Contoso/ou=Users/cn=Recipients/cn=tycho.brahe", "sip:tycho.brahe@contoso.com"],
         guid="f7cc07d7-7c15-447d-876d-c01b0e5a9e38"),
    user("soren", "Søren Kierkegaard", "Søren", "Kierkegaard", "HR", "soren.kierkegaard",
         "soren.kierkegaard@contoso.com",
         ["SMTP:soren.kierkegaard@contoso.com", "smtp:soren@contoso.com"]),
    user("lukasz", "Łukasz Nowak", "Łukasz", "Nowak", "IT", "lukasz.nowak", "lukasz.nowak@contoso.com",
         ["SMTP:lukasz.nowak@contoso.com", "sip:lukasz.nowak@contoso.com"]),
    user("smith", "Smith, John", "John", "Smith", "Sales", "john.smith", "john.smith@contoso.com",
         ["SMTP:john.smith@contoso.com", "X500:/o=Contoso/ou=Users/cn=Recipients/cn=jsmith"]),
    user("patlee", "Pat Lee", "Pat", "Lee", "Sales", "pat.lee", "pat.lee@contoso.com",
         ["SMTP:pat.lee@contoso.com"]),
    # Migrated from the Fabrikam forest: mS-DS-ConsistencyGuid keeps the old forest's objectGUID,
    # so the anchor (and the cloud ImmutableId) differ from this forest's objectGUID.
    user("henrik", "Henrik Larsen", "Henrik", "Larsen", "Finance", "henrik.larsen",
         "henrik.larsen@fabrikam.com",
         ["SMTP:henrik.larsen@fabrikam.com", "smtp:henrik.larsen@contoso.com",
          "X500:/o=Fabrikam/ou=Users/cn=Recipients/cn=hlarsen"],
         cguid="other"),
    # Synced, but without mS-DS-ConsistencyGuid: the anchor falls back to objectGUID.
    user("noah", "Noah Brooks", "Noah", "Brooks", "Sales", "noah.brooks", "noah.brooks@fabrikam.com",
         ["SMTP:noah.brooks@fabrikam.com", "smtp:noah.brooks@contoso.com"], cguid="none"),
    user("emma", "Emma Johansson", "Emma", "Johansson", "HR", "emma.johansson",
         "emma.johansson@contoso.com", ["SMTP:emma.johansson@contoso.com"], cguid="none", uac=66048),

    # --- duplicate-upn (a): same UPN, differing only in case; the second one is quarantined ---
    user("janedoe1", "Jane Doe", "Jane", "Doe", "Sales", "jane.doe", "Jane.Doe@contoso.com",
         ["SMTP:Jane.Doe@contoso.com"]),
    user("janedoe2", "Jane Doe", "Jane", "Doe", "Marketing", "jane.doe2", "jane.doe@contoso.com",
         ["SMTP:jane.doe2@contoso.com"],
         twin=dict(upn="jane.doe2841@" + INITIAL_DOMAIN,
                   errors=[("UserPrincipalName", "jane.doe@contoso.com")])),

    # --- duplicate-upn (c): Samantha was renamed on-prem but her cloud twin kept the old UPN
    # (UPN changes are not synchronized in this tenant); Sam got the freed-up UPN on-prem and his
    # twin is quarantined because Samantha's twin still holds it in the cloud.
    user("samantha", "Samantha Wilson", "Samantha", "Wilson", "Marketing", "samantha.wilson",
         "samantha.wilson@contoso.com", ["SMTP:samantha.wilson@contoso.com"],
         twin=dict(upn="sam.wilson@contoso.com")),
    user("samwilson", "Sam Wilson", "Sam", "Wilson", "IT", "sam.wilson", "sam.wilson@contoso.com",
         ["SMTP:samuel.wilson@contoso.com"],
         twin=dict(upn="sam.wilson4417@" + INITIAL_DOMAIN,
                   errors=[("UserPrincipalName", "sam.wilson@contoso.com")])),

    # --- duplicate-proxy (a): SMTP:Joe@Contoso.com vs smtp:joe@contoso.com --------------------
    user("joe", "Joe Bloggs", "Joe", "Bloggs", "Sales", "joe.bloggs", "joe.bloggs@contoso.com",
         ["SMTP:Joe@Contoso.com", "smtp:joe.bloggs@contoso.com"]),
    user("joseph", "Joseph Quinn", "Joseph", "Quinn", "Finance", "joseph.quinn",
         "joseph.quinn@contoso.com", ["SMTP:joseph.quinn@contoso.com", "smtp:joe@contoso.com"],
         twin=dict(drop=["smtp:joe@contoso.com"], errors=[("ProxyAddress", "smtp:joe@contoso.com")])),

    # --- duplicate-proxy (b): a user and the Sales Team group share sales@contoso.com ----------
    user("sally", "Sally Park", "Sally", "Park", "Sales", "sally.park", "sally.park@contoso.com",
         ["SMTP:sally.park@contoso.com", "smtp:sales@contoso.com"],
         twin=dict(drop=["smtp:sales@contoso.com"], errors=[("ProxyAddress", "smtp:sales@contoso.com")])),

    # --- duplicate-proxy (c): a user and the payroll contact share payroll@contoso.com ---------
    user("paula", "Paula Reyes", "Paula", "Reyes", "HR", "paula.reyes", "paula.reyes@contoso.com",
         ["SMTP:paula.reyes@contoso.com", "smtp:payroll@contoso.com"]),

    # --- invalid-proxy: synced; the invalid values were never exported, so twins lack them ----
    user("anais", "Anaïs Dubois", "Anaïs", "Dubois", "Marketing", "anais.dubois",
         "anais.dubois@contoso.com", ["SMTP:anais.dubois@contoso.com", "smtp:anaïs@contoso.com"],
         twin=dict(drop=["smtp:anaïs@contoso.com"])),
    user("mark", "Mark van Dijk", "Mark", "van Dijk", "IT", "mark.vandijk", "mark.vandijk@contoso.com",
         ["SMTP:mark.vandijk@contoso.com", "smtp:mark van dijk@contoso.com"],
         twin=dict(drop=["smtp:mark van dijk@contoso.com"])),
    user("kim", "Kim Lee", "Kim", "Lee", "Finance", "kim.lee", "kim.lee@contoso.com",
         ["SMTP:kim.lee@contoso.com", "smtp:kim:lee@contoso.com"],
         twin=dict(drop=["smtp:kim:lee@contoso.com"])),
    user("lena", "Lena Fischer", "Lena", "Fischer", "Marketing", "lena.fischer",
         "lena.fischer@contoso.com", ["SMTP:lena.fischer@contoso.com", "smtp:<lena.fischer>@contoso.com"],
         twin=dict(drop=["smtp:<lena.fischer>@contoso.com"])),
    user("ben", "Ben Carter", "Ben", "Carter", "Sales", "ben.carter", "ben.carter@contoso.com",
         ["SMTP:ben.carter@contoso.com", "smtp:ben[sales]@contoso.com", 'smtp:"ben"@contoso.com'],
         twin=dict(drop=["smtp:ben[sales]@contoso.com", 'smtp:"ben"@contoso.com'])),

    # --- large-attribute ---------------------------------------------------------------------
    user("grace", "Grace Liu", "Grace", "Liu", "IT", "grace.liu", "grace.liu@contoso.com",
         ["SMTP:grace.liu@contoso.com"], certs=16),
    user("carlos", "Carlos Mendes", "Carlos", "Mendes", "Marketing", "carlos.mendes",
         "carlos.mendes@contoso.com", ["SMTP:carlos.mendes@contoso.com"] + CARLOS_ALIASES),

    # --- not synced (no cloud twin) ------------------------------------------------------------
    # invalid-soft-match: re-created after her first account was deleted; the cloud still has the
    # old account's object, carrying the old anchor.
    user("olivia", "Olivia Martin", "Olivia", "Martin", "Sales", "olivia.martin",
         "olivia.martin@contoso.com", ["SMTP:olivia.martin@contoso.com"], synced=False),
    # object-type-mismatch: tax@contoso.com is a cloud-only Microsoft 365 group.
    user("tax", "Tax Office", None, None, "Finance", "tax.office", "tax.office@contoso.com",
         ["SMTP:tax@contoso.com"], synced=False),
    # soft-match-takeover: Priya was created in the cloud first.
    user("priya", "Priya Patel", "Priya", "Patel", "Sales", "priya.patel", "priya.patel@contoso.com",
         ["SMTP:priya.patel@contoso.com"], synced=False),
    # duplicate-upn (b): three new hires share one UPN.
    user("chris", "Chris Taylor", "Chris", "Taylor", "Sales", "chris.taylor", "chris.taylor@contoso.com",
         ["SMTP:chris.taylor@contoso.com"], synced=False),
    user("christine", "Christine Taylor", "Christine", "Taylor", "Finance", "christine.taylor",
         "chris.taylor@contoso.com", ["SMTP:christine.taylor@contoso.com"], synced=False),
    user("christopher", "Christopher Taylor", "Christopher", "Taylor", "IT", "christopher.taylor",
         "chris.taylor@contoso.com", ["SMTP:christopher.taylor@contoso.com"], synced=False),
    # Replication conflict: the loser of a simultaneous creation of "Pat Lee" on two DCs. AD
    # mangles its RDN to "<name>\nCNF:<its objectGUID>" and its sAMAccountName to $DUPLICATE-<RID>.
    user("patcnf", "Pat Lee\nCNF:6d4b1e2a-93c7-4f0e-8a51-2c7d9e0b3f14", "Pat", "Lee", "Sales", None,
         None, [], display="Pat Lee", guid="6d4b1e2a-93c7-4f0e-8a51-2c7d9e0b3f14", uac=514,
         synced=False),
    # invalid-upn: one rule each.
    user("nina", "Nina Schultz", "Nina", "Schultz", "HR", "nina.schultz", "nina.schultz@contoso.local",
         ["SMTP:nina.schultz@contoso.com"], synced=False),
    user("omar", "Omar Haddad", "Omar", "Haddad", "Sales", "omar.haddad", "omar haddad@contoso.com",
         ["SMTP:omar.haddad@contoso.com"], synced=False),
    user("ravi", "Ravi Kumar", "Ravi", "Kumar", "IT", "ravi.kumar", "ravi.kumar(it)@contoso.com",
         ["SMTP:ravi.kumar@contoso.com"], synced=False),
    user("wilhelmina", "Wilhelmina Featherstonehaugh", "Wilhelmina", "Featherstonehaugh", "Finance",
         "w.featherstonehaugh",
         "wilhelmina.featherstonehaugh.accounts.payable.and.receivable.team@contoso.com",
         ["SMTP:wilhelmina.featherstonehaugh@contoso.com"], synced=False),
    user("lucas", "Lucas Moreau", "Lucas", "Moreau", "Marketing", "lucas.moreau",
         "lucas.moreau.@contoso.com", ["SMTP:lucas.moreau@contoso.com"], synced=False),
]

# Groups. members: user keys (in this order); all synced (paired with the cloud by SID).
GROUP_GLOBAL_SECURITY = -2147483646
GROUP_UNIVERSAL_SECURITY = -2147483640
GROUP_UNIVERSAL_DISTRIBUTION = 8


def group(key, cn, group_type, proxies, members):
    return dict(kind="group", key=key, cn=cn, display=cn, sam=cn, group_type=group_type,
                proxies=list(proxies), mail=primary_smtp(proxies), members=members, synced=True,
                twin={})


def dept_members(dept):
    return [u["key"] for u in USERS if u["dept"] == dept and u["key"] != "patcnf"]


GROUPS = [
    group("salesteam", "Sales Team", GROUP_UNIVERSAL_DISTRIBUTION, ["SMTP:sales@contoso.com"],
          dept_members("Sales")),
    group("financeteam", "Finance Team", GROUP_UNIVERSAL_SECURITY,
          ["SMTP:finance@contoso.com", "smtp:accounts@contoso.com"], dept_members("Finance")),
    group("itadmins", "IT Admins", GROUP_GLOBAL_SECURITY, [], ["tycho", "lukasz", "grace"]),
    group("hrconfidential", "HR Confidential", GROUP_UNIVERSAL_SECURITY, [], dept_members("HR")),
    group("allstaff", "All Staff", GROUP_UNIVERSAL_DISTRIBUTION,
          ["SMTP:allstaff@contoso.com", "smtp:everyone@contoso.com"],
          [u["key"] for u in USERS if u["key"] != "patcnf"]),
]


def contact(key, cn, given, sn, proxies, **kw):
    o = dict(kind="contact", key=key, cn=cn, display=cn, given=given, sn=sn, proxies=list(proxies),
             mail=primary_smtp(proxies), synced=True)
    o.update(kw)
    o.setdefault("twin", {})
    return o


CONTACTS = [
    # duplicate-proxy (c): the payroll provider's contact carries an internal alias too.
    contact("payroll", "Payroll Service (Litware)", None, None,
            ["SMTP:payroll@litwareinc.com", "smtp:payroll@contoso.com"],
            twin=dict(drop=["smtp:payroll@contoso.com"],
                      errors=[("ProxyAddress", "smtp:payroll@contoso.com")])),
    contact("alex", "Alex Rivera (Adatum)", "Alex", "Rivera", ["SMTP:alex.rivera@adatum.com"]),
    contact("northwind", "Northwind Orders", None, None, ["SMTP:orders@northwindtraders.com"]),
    contact("tailspin", "Tailspin Support", None, None, ["SMTP:support@tailspintoys.com"]),
]

# --------------------------------------------------------------------------------------------
# Cloud-only objects (no on-prem source now; some were synced once)
# --------------------------------------------------------------------------------------------


def cloud_user(key, display, given, surname, upn, proxies, dept=None, **kw):
    o = dict(kind="user", key=key, display=display, given=given, sn=surname, upn=upn,
             proxies=list(proxies), mail=primary_smtp(proxies), dept=dept, enabled=True,
             user_type="Member", immutable_id=None, sync=None, last_sync=None,
             created="2023-06-01T12:00:00Z", errors=[])
    o.update(kw)
    return o


CLOUD_ONLY = [
    # soft-match-takeover target: never synced.
    cloud_user("cloud-priya", "Priya Patel", "Priya", "Patel", "priya.patel@contoso.com",
               ["SMTP:priya.patel@contoso.com"], dept="Sales", created="2023-11-20T15:41:07Z"),
    # invalid-soft-match candidate AND orphaned: the object of Olivia's deleted first account.
    cloud_user("cloud-olivia", "Olivia Martin", "Olivia", "Martin", "olivia.martin@contoso.com",
               ["SMTP:olivia.martin@contoso.com"], dept="Sales",
               immutable_id=immutable_id(det_guid("deleted/olivia.martin")), sync=True,
               last_sync="2024-01-12T06:00:03Z", created="2022-09-05T08:14:52Z"),
    # orphaned-cloud-object: synced once, source gone, nothing on-prem resembles it.
    cloud_user("cloud-victor", "Victor Hale", "Victor", "Hale", "victor.hale@contoso.com",
               ["SMTP:victor.hale@contoso.com"], dept="Finance", enabled=False,
               immutable_id=immutable_id(det_guid("deleted/victor.hale")), sync=True,
               last_sync="2024-03-02T17:30:45Z", created="2021-04-19T09:03:30Z"),
    # Clean cloud-only users.
    cloud_user("cloud-diego", "Diego Ramirez", "Diego", "Ramirez", "diego.ramirez@contoso.com",
               ["SMTP:diego.ramirez@contoso.com"], dept="Marketing", created="2023-08-14T10:20:00Z"),
    cloud_user("cloud-breakglass", "Emergency Access", None, None, "emergency.access@" + INITIAL_DOMAIN,
               [], created="2021-02-01T07:00:00Z"),
    cloud_user("cloud-guest", "Maria Garcia (Adatum)", "Maria", "Garcia",
               "maria.garcia_adatum.com#EXT#@" + INITIAL_DOMAIN, ["SMTP:maria.garcia@adatum.com"],
               user_type="Guest", created="2023-10-02T13:45:00Z"),
    cloud_user("cloud-room", "Meeting Room Oslo", None, None, "room.oslo@contoso.com",
               ["SMTP:room.oslo@contoso.com"], enabled=False, created="2022-03-10T11:00:00Z"),
    cloud_user("cloud-reception", "Reception", None, None, "reception@contoso.com",
               ["SMTP:reception@contoso.com", "smtp:frontdesk@contoso.com"], enabled=False,
               created="2022-03-10T11:05:00Z"),
    # object-type-mismatch: the Microsoft 365 group that owns tax@contoso.com.
    dict(kind="group", key="cloud-tax", display="Tax", proxies=["SMTP:tax@contoso.com"],
         mail="tax@contoso.com", mail_enabled=True, security_enabled=False, group_types=["Unified"],
         created="2023-09-18T08:30:00Z"),
    dict(kind="group", key="cloud-falcon", display="Project Falcon", proxies=["SMTP:falcon@contoso.com"],
         mail="falcon@contoso.com", mail_enabled=True, security_enabled=False, group_types=["Unified"],
         created="2023-12-01T09:00:00Z"),
    dict(kind="group", key="cloud-events", display="Marketing Events", proxies=["SMTP:events@contoso.com"],
         mail="events@contoso.com", mail_enabled=True, security_enabled=False, group_types=["Unified"],
         created="2023-05-22T14:10:00Z"),
    dict(kind="group", key="cloud-caexcl", display="Conditional Access Exclusions", proxies=[],
         mail=None, mail_enabled=False, security_enabled=True, group_types=[],
         created="2021-02-01T07:05:00Z"),
    dict(kind="contact", key="cloud-fourthcoffee", display="Fourth Coffee", given=None, sn=None,
         proxies=["SMTP:hello@fourthcoffee.com"], mail="hello@fourthcoffee.com",
         created="2023-03-03T10:00:00Z"),
    dict(kind="contact", key="cloud-woodgrove", display="Woodgrove Bank Relationship Manager", given=None,
         sn=None, proxies=["SMTP:relationship@woodgrovebank.com"], mail="relationship@woodgrovebank.com",
         created="2023-03-03T10:05:00Z"),
]

# --------------------------------------------------------------------------------------------
# The planted cases (drive README.md; check_tenant.py re-derives them from the files)
# --------------------------------------------------------------------------------------------
# objects: keys of on-prem objects (their cloud twin, if any, is implied) or of cloud-only ones.

PLANTED = [
    dict(id="U1", check="duplicate-upn", objects=["janedoe1", "janedoe2"], value="jane.doe@contoso.com",
         story="Two on-prem users whose UPNs differ only in case (`Jane.Doe@…` / `jane.doe@…`). "
               "Both are synced; Entra kept the first and quarantined the second.",
         report="one group, value `jane.doe@contoso.com`, 2 identities (both on-prem)",
         also="quarantined-value Q1 (the second Jane's twin)"),
    dict(id="U2", check="duplicate-upn", objects=["chris", "christine", "christopher"],
         value="chris.taylor@contoso.com",
         story="Three new hires share one UPN; none is synced yet, so no cloud object holds it.",
         report="one group, value `chris.taylor@contoso.com`, 3 identities (on-prem only)", also="—"),
    dict(id="U3", check="duplicate-upn", objects=["samwilson", "samantha"], value="sam.wilson@contoso.com",
         story="Cross-side: Samantha Wilson's UPN was changed on-prem to `samantha.wilson@…`, but her "
               "cloud twin kept `sam.wilson@…` (UPN changes are not synchronized in this tenant). "
               "Sam Wilson then got `sam.wilson@…` on-prem; his twin is quarantined.",
         report="one group, value `sam.wilson@contoso.com`: Sam Wilson (on-prem side) and Samantha "
                "Wilson (cloud side only)",
         also="quarantined-value Q2 (Sam's twin)"),
    dict(id="P1", check="duplicate-proxy", objects=["joe", "joseph"], value="joe@contoso.com",
         story="`SMTP:Joe@Contoso.com` (Joe's primary) and `smtp:joe@contoso.com` (Joseph's secondary): "
               "the same address once case and prefix are ignored.",
         report="one group, address `joe@contoso.com`, 2 identities",
         also="quarantined-value Q3 (Joseph's twin)"),
    dict(id="P2", check="duplicate-proxy", objects=["sally", "salesteam"], value="sales@contoso.com",
         story="A user's old alias `smtp:sales@…` and the Sales Team group's primary `SMTP:sales@…`.",
         report="one group, address `sales@contoso.com`, a user and a group",
         also="quarantined-value Q4 (Sally's twin)"),
    dict(id="P3", check="duplicate-proxy", objects=["paula", "payroll"], value="payroll@contoso.com",
         story="The payroll provider's contact was given the internal alias `smtp:payroll@…` that "
               "Paula Reyes (HR) already has.",
         report="one group, address `payroll@contoso.com`, a user and a contact",
         also="quarantined-value Q5 (the contact's twin)"),
    dict(id="T1", check="object-type-mismatch", objects=["tax", "cloud-tax"], value="tax@contoso.com",
         story="On-prem user Tax Office (no twin) has primary `SMTP:tax@…`; in the cloud that address "
               "belongs to the cloud-only Microsoft 365 group Tax.",
         report="Tax Office: soft-match candidate by primary SMTP `tax@contoso.com` is a group, not a user",
         also="— (an on-prem object and its soft-match candidate form one identity: the collision is reported as ObjectTypeMismatch, not as a duplicate)"),
    dict(id="S1", check="invalid-soft-match", objects=["olivia", "cloud-olivia"],
         value="olivia.martin@contoso.com",
         story="Olivia's first AD account was deleted and re-created (new objectGUID). The old cloud "
               "object is still there, carrying the old anchor.",
         report="Olivia Martin: no hard match; soft-match candidate (by UPN and by primary SMTP "
                "`olivia.martin@contoso.com`) already carries another ImmutableId",
         also="orphaned-cloud-object (the old cloud object); not a duplicate: the soft-match candidate belongs to Olivia's identity and the failure is InvalidSoftMatch"),
    dict(id="M1", check="soft-match-takeover", objects=["priya", "cloud-priya"],
         value="priya.patel@contoso.com",
         story="Priya was created in the cloud first; her new AD account will soft-match and take the "
               "cloud-only user over (attributes and, with PHS, password).",
         report="Priya Patel: will take over cloud-only user by UPN and primary SMTP "
                "`priya.patel@contoso.com`",
         also="— (the pair is one identity once matched, so no duplicate)"),
    dict(id="O1", check="orphaned-cloud-object", objects=["cloud-victor"], value=None,
         story="A synced cloud user whose source is gone: its ImmutableId matches no on-prem object "
               "and no on-prem object has its UPN or addresses.",
         report="Victor Hale (`onPremisesSyncEnabled` true, ImmutableId unknown on-prem)",
         also="—"),
    dict(id="O2", check="orphaned-cloud-object", objects=["cloud-olivia"], value=None,
         story="The old Olivia Martin object of S1: also synced with an anchor nothing on-prem has.",
         report="Olivia Martin (cloud)", also="invalid-soft-match S1"),
    dict(id="Q1", check="quarantined-value", objects=["janedoe2"], value="jane.doe@contoso.com",
         story="Twin of Jane Doe (Marketing): UPN replaced by a placeholder, PropertyConflict on "
               "UserPrincipalName.",
         report="placeholder UPN `jane.doe2841@contoso.onmicrosoft.com`; on-prem UPN "
                "`jane.doe@contoso.com` held by Jane Doe (Sales)",
         also="duplicate-upn U1"),
    dict(id="Q2", check="quarantined-value", objects=["samwilson"], value="sam.wilson@contoso.com",
         story="Twin of Sam Wilson: placeholder UPN, PropertyConflict on UserPrincipalName.",
         report="placeholder UPN `sam.wilson4417@contoso.onmicrosoft.com`; `sam.wilson@contoso.com` "
                "held by Samantha Wilson's twin",
         also="duplicate-upn U3"),
    dict(id="Q3", check="quarantined-value", objects=["joseph"], value="smtp:joe@contoso.com",
         story="Twin of Joseph Quinn: `smtp:joe@contoso.com` removed, PropertyConflict on ProxyAddress.",
         report="ProxyAddress `smtp:joe@contoso.com` held by Joe Bloggs", also="duplicate-proxy P1"),
    dict(id="Q4", check="quarantined-value", objects=["sally"], value="smtp:sales@contoso.com",
         story="Twin of Sally Park: `smtp:sales@contoso.com` removed, PropertyConflict on ProxyAddress.",
         report="ProxyAddress `smtp:sales@contoso.com` held by group Sales Team", also="duplicate-proxy P2"),
    dict(id="Q5", check="quarantined-value", objects=["payroll"], value="smtp:payroll@contoso.com",
         story="Twin of the Payroll Service contact: `smtp:payroll@contoso.com` removed, "
               "PropertyConflict on ProxyAddress.",
         report="ProxyAddress `smtp:payroll@contoso.com` held by Paula Reyes", also="duplicate-proxy P3"),
    dict(id="V1", check="invalid-upn", objects=["nina"], value="nina.schultz@contoso.local",
         story="Non-routable suffix `.local` (not a verified domain).", report="TopLevelDomain / "
         "non-routable suffix", also="—"),
    dict(id="V2", check="invalid-upn", objects=["omar"], value="omar haddad@contoso.com",
         story="A space in the local part.", report="Character (space)", also="—"),
    dict(id="V3", check="invalid-upn", objects=["ravi"], value="ravi.kumar(it)@contoso.com",
         story="Forbidden characters `(` `)`.", report="Character (`(`, `)`)", also="—"),
    dict(id="V4", check="invalid-upn", objects=["wilhelmina"],
         value="wilhelmina.featherstonehaugh.accounts.payable.and.receivable.team@contoso.com",
         story="Local part of 65 characters (limit 64).", report="Length (part before `@` > 64)",
         also="—"),
    dict(id="V5", check="invalid-upn", objects=["lucas"], value="lucas.moreau.@contoso.com",
         story="Local part ends with `.`.", report="Format (ends with `.` before `@`)", also="—"),
    dict(id="X1", check="invalid-proxy", objects=["anais"], value="smtp:anaïs@contoso.com",
         story="A diacritic in an SMTP address.", report="Character (non-ASCII `ï`)", also="—"),
    dict(id="X2", check="invalid-proxy", objects=["mark"], value="smtp:mark van dijk@contoso.com",
         story="Spaces in an SMTP address.", report="Character (space)", also="—"),
    dict(id="X3", check="invalid-proxy", objects=["kim"], value="smtp:kim:lee@contoso.com",
         story="A colon in the address part (after the `smtp:` type).", report="Character (`:` in "
         "the address)", also="—"),
    dict(id="X4", check="invalid-proxy", objects=["lena"], value="smtp:<lena.fischer>@contoso.com",
         story="Angle brackets.", report="Character (`<`, `>`)", also="—"),
    dict(id="X5", check="invalid-proxy", objects=["ben"], value="smtp:ben[sales]@contoso.com",
         story="Square brackets.", report="Character (`[`, `]`)", also="—"),
    dict(id="X6", check="invalid-proxy", objects=["ben"], value='smtp:"ben"@contoso.com',
         story="Double quotes.", report='Character (`"`)', also="—"),
    dict(id="L1", check="large-attribute", objects=["grace"], value="userCertificate × 16",
         story="16 userCertificate values (the limit is 15).", report="userCertificate count 16 > 15",
         also="—"),
    dict(id="L2", check="large-attribute", objects=["carlos"], value="proxyAddresses × 311",
         story="311 proxyAddresses (primary + alias001…alias310).", report="proxyAddresses count 311 > 300",
         also="—"),
    dict(id="R1", check="replication conflict (CNF)", objects=["patcnf"], value=r"\0ACNF:",
         story="The losing copy of a simultaneous creation of Pat Lee on two DCs: RDN mangled to "
               r"`Pat Lee\0ACNF:<objectGUID>`, sAMAccountName `$DUPLICATE-<RID in hex>`, no UPN, no "
               "addresses, disabled.",
         report="a DN containing `\\0ACNF:` (IdFix skips such objects; clean it up in AD)", also="—"),
]

# --------------------------------------------------------------------------------------------
# Building the on-prem model: one ordered attribute list per object, shared by LDIF and CSV
# --------------------------------------------------------------------------------------------


def escape_rdn(value):
    """RFC 4514 escaping as AD shows it: `,` -> `\\,`, a newline -> `\\0A`."""
    out = value.replace("\\", "\\\\").replace(",", "\\,").replace("+", "\\+").replace('"', '\\"')
    out = out.replace("<", "\\<").replace(">", "\\>").replace(";", "\\;").replace("\n", "\\0A")
    return out


def build_onprem():
    """Resolve DNs, GUIDs, SIDs, anchors and memberships of all on-prem objects."""
    objects = []
    rid = FIRST_USER_RID
    for u in USERS:
        o = dict(u)
        o["dn"] = "CN=%s,OU=%s,%s" % (escape_rdn(u["cn"]), u["ou"], STAFF_DN)
        o["guid"] = uuid.UUID(u["guid"]) if u.get("guid") else det_guid("user/" + u["key"])
        o["rid"] = rid
        rid += 1
        if o["key"] == "patcnf":
            o["sam"] = "$DUPLICATE-%x" % o["rid"]
        if u["cguid"] == "same":
            o["cguid_bytes"] = o["guid"].bytes_le
        elif u["cguid"] == "other":
            o["cguid_bytes"] = det_guid("fabrikam-forest/" + u["key"]).bytes_le
        else:
            o["cguid_bytes"] = None
        o["anchor"] = b64(o["cguid_bytes"] or o["guid"].bytes_le)
        o["certificates"] = [fake_certificate(u["cn"], i) for i in range(1, u["certs"] + 1)]
        objects.append(o)
    rid = FIRST_GROUP_RID
    for g in GROUPS:
        o = dict(g)
        o["dn"] = "CN=%s,%s" % (escape_rdn(g["cn"]), GROUPS_DN)
        o["guid"] = det_guid("group/" + g["key"])
        o["rid"] = rid
        rid += 1
        objects.append(o)
    for c in CONTACTS:
        o = dict(c)
        o["dn"] = "CN=%s,%s" % (escape_rdn(c["cn"]), CONTACTS_DN)
        o["guid"] = det_guid("contact/" + c["key"])
        objects.append(o)

    by_key = {o["key"]: o for o in objects}
    for o in objects:
        o["member_of"] = []
    for g in (o for o in objects if o["kind"] == "group"):
        g["member_dns"] = [by_key[k]["dn"] for k in g["members"]]
        for k in g["members"]:
            by_key[k]["member_of"].append(g["dn"])
    return objects


def onprem_attributes(o):
    """The object's attributes in ldifde order: (name, [values]); values are str or bytes."""
    a = []

    def put(name, *values):
        vals = [v for v in values if v is not None]
        if vals:
            a.append((name, vals))

    if o["kind"] == "user":
        put("objectClass", "top", "person", "organizationalPerson", "user")
        put("cn", o["cn"])
        put("sn", o["sn"])
        put("givenName", o["given"])
        put("distinguishedName", o["dn"])
        put("whenCreated", WHEN_CREATED_LDIF)
        put("displayName", o["display"])
        put("department", o["dept"])
        put("memberOf", *o["member_of"])
        put("userAccountControl", str(o["uac"]))
        put("objectGUID", o["guid"].bytes_le)
        put("objectSid", sid_bytes(o["rid"]))
        put("sAMAccountName", o["sam"])
        put("userPrincipalName", o["upn"])
        put("mail", o["mail"])
        put("proxyAddresses", *o["proxies"])
        put("mS-DS-ConsistencyGuid", o["cguid_bytes"])
        put("userCertificate", *o["certificates"])
    elif o["kind"] == "group":
        put("objectClass", "top", "group")
        put("cn", o["cn"])
        put("distinguishedName", o["dn"])
        put("whenCreated", WHEN_CREATED_LDIF)
        put("displayName", o["display"])
        put("member", *o["member_dns"])
        put("groupType", str(o["group_type"]))
        put("objectGUID", o["guid"].bytes_le)
        put("objectSid", sid_bytes(o["rid"]))
        put("sAMAccountName", o["sam"])
        put("mail", o["mail"])
        put("proxyAddresses", *o["proxies"])
    else:
        put("objectClass", "top", "person", "organizationalPerson", "contact")
        put("cn", o["cn"])
        put("sn", o["sn"])
        put("givenName", o["given"])
        put("distinguishedName", o["dn"])
        put("whenCreated", WHEN_CREATED_LDIF)
        put("displayName", o["display"])
        put("objectGUID", o["guid"].bytes_le)
        put("mail", o["mail"])
        put("proxyAddresses", *o["proxies"])
    return a


# --------------------------------------------------------------------------------------------
# LDIF
# --------------------------------------------------------------------------------------------


def ldif_needs_base64(value):
    """RFC 2849 SAFE-STRING: ASCII without NUL/LF/CR, not starting with space, `:` or `<`, and
    (SHOULD) not ending with a space. ldifde base64-encodes everything else."""
    if value == "":
        return False
    if value[0] in " :<" or value[-1] == " ":
        return True
    return any(ord(ch) > 126 or ch in "\0\n\r" for ch in value)


def fold(line):
    """Fold a logical line into physical lines of at most LDIF_FOLD characters."""
    if len(line) <= LDIF_FOLD:
        return [line]
    out = [line[:LDIF_FOLD]]
    rest = line[LDIF_FOLD:]
    while rest:
        out.append(" " + rest[:LDIF_FOLD - 1])
        rest = rest[LDIF_FOLD - 1:]
    return out


def ldif_line(name, value):
    if isinstance(value, bytes):
        return "%s:: %s" % (name, b64(value))
    if ldif_needs_base64(value):
        return "%s:: %s" % (name, b64(value.encode("utf-8")))
    return "%s: %s" % (name, value)


def write_ldif(objects):
    lines = [
        "# Contoso sample tenant - on-premises Active Directory (DC=contoso,DC=com)",
        "# Shaped like the output of ldifde -f onprem.ldif -d \"DC=contoso,DC=com\"",
        "# (users, groups and contacts; the full command is in README.md).",
        "# Generated by make_tenant.py - do not edit by hand. Every conflict in",
        "# this file is planted on purpose and listed in README.md.",
        "",
    ]
    for o in objects:
        dn = ldif_line("dn", o["dn"])
        lines.extend(fold(dn))
        lines.append("changetype: add")
        for name, values in onprem_attributes(o):
            for v in values:
                lines.extend(fold(ldif_line(name, v)))
        lines.append("")
    text = "\n".join(lines) + "\n"
    assert all(ord(ch) < 128 for ch in text), "LDIF must be pure ASCII (non-ASCII goes base64)"
    return text.encode("ascii")


# --------------------------------------------------------------------------------------------
# CSV (Windows PowerShell 5.1 Export-Csv)
# --------------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "DistinguishedName", "ObjectClass", "ObjectGUID", "objectSid", "mS-DS-ConsistencyGuid",
    "sAMAccountName", "userPrincipalName", "givenName", "sn", "displayName", "department", "mail",
    "proxyAddresses", "memberOf", "userAccountControl", "whenCreated", "member", "groupType",
    "userCertificate",
]


def csv_row(o):
    """One Export-Csv row. None is a $null property (Export-Csv writes nothing, not even quotes);
    joined collections (`-join ';'`) are strings, so an empty one is written as ""."""
    user = o["kind"] == "user"
    group = o["kind"] == "group"
    return {
        "DistinguishedName": o["dn"],
        "ObjectClass": o["kind"],
        "ObjectGUID": str(o["guid"]),
        "objectSid": sid_string(o["rid"]) if (user or group) else None,
        "mS-DS-ConsistencyGuid": b64(o["cguid_bytes"]) if user and o["cguid_bytes"] else None,
        "sAMAccountName": o.get("sam"),
        "userPrincipalName": o["upn"] if user else None,
        "givenName": o.get("given"),
        "sn": o.get("sn"),
        "displayName": o["display"],
        "department": o["dept"] if user else None,
        "mail": o["mail"],
        "proxyAddresses": ";".join(o["proxies"]),
        "memberOf": ";".join(o["member_of"]),
        "userAccountControl": str(o["uac"]) if user else None,
        "whenCreated": WHEN_CREATED_CSV,
        "member": ";".join(o["member_dns"]) if group else "",
        "groupType": str(o["group_type"]) if group else None,
        "userCertificate": ";".join(b64(c) for c in o["certificates"]) if user else "",
    }


def csv_field(value):
    if value is None:
        return ""
    return '"' + value.replace('"', '""') + '"'


def write_csv(objects):
    lines = ["#TYPE Selected.Microsoft.ActiveDirectory.Management.ADObject",
             ",".join(csv_field(c) for c in CSV_COLUMNS)]
    for o in objects:
        row = csv_row(o)
        for c in CSV_COLUMNS:
            v = row[c]
            assert v is None or ";" not in v or c in ("proxyAddresses", "memberOf", "member",
                                                      "userCertificate"), (c, v)
        lines.append(",".join(csv_field(row[c]) for c in CSV_COLUMNS))
    for o in objects:  # the `;` joiner must stay unambiguous
        for v in o["proxies"] + o["member_of"]:
            assert ";" not in v, v
    return b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# Cloud (Microsoft Graph JSON)
# --------------------------------------------------------------------------------------------


def graph_errors(errors):
    return [dict(category="PropertyConflict", occurredDateTime=QUARANTINED_AT, propertyCausingError=p,
                 value=v) for p, v in errors]


def cloud_id(key):
    return str(det_guid("cloud/" + key))


def build_cloud(onprem):
    """Twins of the synced on-prem objects, then the cloud-only objects, as Graph objects."""
    users, groups, contacts = [], [], []
    for o in onprem:
        if not o["synced"]:
            continue
        t = o["twin"]
        proxies = [p for p in o["proxies"] if p not in t.get("drop", [])]
        o["cloud_id"] = cloud_id(o["key"])
        if o["kind"] == "user":
            users.append({
                "@odata.type": "#microsoft.graph.user",
                "id": o["cloud_id"],
                "displayName": o["display"],
                "givenName": o["given"],
                "surname": o["sn"],
                "userPrincipalName": t.get("upn", o["upn"]),
                "mail": o["mail"],
                "department": o["dept"],
                "proxyAddresses": proxies,
                "accountEnabled": (o["uac"] & 2) == 0,
                "userType": "Member",
                "createdDateTime": TWIN_CREATED,
                "onPremisesImmutableId": o["anchor"],
                "onPremisesSyncEnabled": True,
                "onPremisesLastSyncDateTime": LAST_SYNC,
                "onPremisesProvisioningErrors": graph_errors(t.get("errors", [])),
            })
        elif o["kind"] == "group":
            groups.append({
                "@odata.type": "#microsoft.graph.group",
                "id": o["cloud_id"],
                "displayName": o["display"],
                "mail": o["mail"],
                "mailEnabled": o["mail"] is not None,
                "securityEnabled": o["group_type"] < 0,
                "groupTypes": [],
                "proxyAddresses": proxies,
                "createdDateTime": TWIN_CREATED,
                "onPremisesSyncEnabled": True,
                "onPremisesLastSyncDateTime": LAST_SYNC,
                "onPremisesSecurityIdentifier": sid_string(o["rid"]),
                "onPremisesProvisioningErrors": graph_errors(t.get("errors", [])),
            })
        else:
            contacts.append({
                "@odata.type": "#microsoft.graph.orgContact",
                "id": o["cloud_id"],
                "displayName": o["display"],
                "givenName": o["given"],
                "surname": o["sn"],
                "mail": o["mail"],
                "proxyAddresses": proxies,
                "onPremisesSyncEnabled": True,
                "onPremisesLastSyncDateTime": LAST_SYNC,
                "onPremisesProvisioningErrors": graph_errors(t.get("errors", [])),
            })
    for c in CLOUD_ONLY:
        c["cloud_id"] = cloud_id(c["key"])
        if c["kind"] == "user":
            users.append({
                "@odata.type": "#microsoft.graph.user",
                "id": c["cloud_id"],
                "displayName": c["display"],
                "givenName": c["given"],
                "surname": c["sn"],
                "userPrincipalName": c["upn"],
                "mail": c["mail"],
                "department": c["dept"],
                "proxyAddresses": c["proxies"],
                "accountEnabled": c["enabled"],
                "userType": c["user_type"],
                "createdDateTime": c["created"],
                "onPremisesImmutableId": c["immutable_id"],
                "onPremisesSyncEnabled": c["sync"],
                "onPremisesLastSyncDateTime": c["last_sync"],
                "onPremisesProvisioningErrors": graph_errors(c["errors"]),
            })
        elif c["kind"] == "group":
            groups.append({
                "@odata.type": "#microsoft.graph.group",
                "id": c["cloud_id"],
                "displayName": c["display"],
                "mail": c["mail"],
                "mailEnabled": c["mail_enabled"],
                "securityEnabled": c["security_enabled"],
                "groupTypes": c["group_types"],
                "proxyAddresses": c["proxies"],
                "createdDateTime": c["created"],
                "onPremisesSyncEnabled": None,
                "onPremisesLastSyncDateTime": None,
                "onPremisesSecurityIdentifier": None,
                "onPremisesProvisioningErrors": [],
            })
        else:
            contacts.append({
                "@odata.type": "#microsoft.graph.orgContact",
                "id": c["cloud_id"],
                "displayName": c["display"],
                "givenName": c["given"],
                "surname": c["sn"],
                "mail": c["mail"],
                "proxyAddresses": c["proxies"],
                "onPremisesSyncEnabled": None,
                "onPremisesLastSyncDateTime": None,
                "onPremisesProvisioningErrors": [],
            })

    def order(objs):
        return sorted(objs, key=lambda x: (x["displayName"].lower(), x["id"]))

    return order(users) + order(groups) + order(contacts)


def write_json(cloud):
    envelope = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryObjects",
                "value": cloud}
    return (json.dumps(envelope, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------------


def md_code(s):
    return "`%s`" % s.replace("\n", "\\n") if s else "—"


def write_readme(onprem, cloud):
    by_key = {o["key"]: o for o in onprem}
    for c in CLOUD_ONLY:
        by_key[c["key"]] = c
    users = [o for o in onprem if o["kind"] == "user"]
    groups = [o for o in onprem if o["kind"] == "group"]
    contacts = [o for o in onprem if o["kind"] == "contact"]
    cloud_kinds = {}
    for c in cloud:
        cloud_kinds[c["@odata.type"]] = cloud_kinds.get(c["@odata.type"], 0) + 1
    synced_users = [u for u in users if u["synced"]]
    planted_keys = set()
    for p in PLANTED:
        planted_keys.update(p["objects"])
    # Samantha is part of U3 but as the *other* holder; Henrik/Noah/Emma/Tycho are anchor tests.

    def who(key):
        o = by_key[key]
        name = o.get("display") or o.get("cn")
        if "dn" in o:
            side = "on-prem %s" % md_code(o["dn"])
            if o.get("synced"):
                side += "; cloud `%s`" % o["cloud_id"]
            else:
                side += "; no cloud twin"
        else:
            side = "cloud-only `%s`" % o["cloud_id"]
        return "**%s** (%s %s)" % (name.replace("\n", "\\n"), o["kind"], side)

    out = []
    w = out.append
    w("# Contoso — the sample tenant")
    w("")
    w("A small, fictitious hybrid tenant that dirq ships for demos, tutorials and golden tests. "
      "Contoso runs one AD forest (`contoso.com`, with users from the Fabrikam acquisition) and "
      "synchronizes it to Entra ID with Entra Connect, sourceAnchor `mS-DS-ConsistencyGuid`. "
      "Verified domains: `contoso.com`, `fabrikam.com`; initial domain `%s`." % INITIAL_DOMAIN)
    w("")
    w("Every sync conflict dirq teaches happens here at least once, **planted on purpose** and "
      "listed below object by object. Nothing else is meant to be a conflict: all other UPNs and "
      "addresses are valid and unique. `check_tenant.py` verifies both claims from the files alone.")
    w("")
    w("## Files")
    w("")
    w("| file | what | objects |")
    w("|---|---|---|")
    w("| `onprem.ldif` | on-prem AD as `ldifde -f` exports it: `changetype: add` records, binary "
      "and non-ASCII values base64 (`attr:: …`), lines folded at %d columns, `#` comment header, LF "
      "| %d users, %d groups, %d contacts |" % (LDIF_FOLD, len(users), len(groups), len(contacts)))
    w("| `onprem.csv` | the **same objects and values** as Windows PowerShell 5.1 `Export-Csv` "
      "writes them: UTF-8 with BOM, CRLF, `#TYPE` line, every non-null field quoted, multi-valued "
      "attributes joined with `;` | same |")
    w("| `cloud.json` | Entra ID as Microsoft Graph returns it: one `directoryObjects` envelope, "
      "`@odata.type` per object, 2-space indent, LF | %d users, %d groups, %d contacts |"
      % (cloud_kinds.get("#microsoft.graph.user", 0), cloud_kinds.get("#microsoft.graph.group", 0),
         cloud_kinds.get("#microsoft.graph.orgContact", 0)))
    w("| `make_tenant.py` | the generator (Python 3, standard library, deterministic) | |")
    w("| `check_tenant.py` | re-reads the three files and verifies them (see below) | |")
    w("| `onprem-before.ldif` | the on-prem export of the day before, for `diff before onprem` (written by `make_before.py`, which lists what changed) | 33 users, 5 groups, 4 contacts |")
    w("| `scheduler.txt`, `scheduler.json` | `Get-ADSyncScheduler` as PowerShell prints it (Format-List, UTF-16LE, CRLF) and as `ConvertTo-Json`: the scheduler is disabled | 1 |")
    w("| `runhistory.csv` | `Get-ADSyncRunProfileResult \\| Export-Csv`: 32 runs; the last successful delta synchronization is 5 hours before the newest run; one export stopped at the deletion threshold | 32 runs |")
    w("| `csexport-aad.xml` | `csexport \"contoso.onmicrosoft.com - AAD\" /f:x` of the Entra ID connector: the seven objects with export errors (U1, P1, U3, S1, T1, L2 and V1 below), the other object named in each error's details (written by `make_csexport.py`) | 7 |")
    w("| `connect-health-errors.json`, `provisioning-errors.csv` | Connect Health export errors and `Get-MsolDirSyncProvisioningError` (flattened) for the same conflicts and the quarantined values Q1–Q5 (written by `make_engine_exports.py`) | 5, 5 |")
    w("")
    w("Regenerate and verify:")
    w("")
    w("```sh")
    w("python3 Examples/contoso/make_tenant.py      # rewrites the four files, byte for byte")
    w("python3 Examples/contoso/check_tenant.py     # exit 0 when every claim below holds")
    w("```")
    w("")
    w("Do not edit the data files by hand: change `make_tenant.py` (objects, `PLANTED`) and rerun it.")
    w("")
    w("### How the exports would have been made")
    w("")
    w("```powershell")
    w("ldifde -f onprem.ldif -d \"DC=contoso,DC=com\" -p subtree `")
    w("  -r \"(|(&(objectCategory=person)(objectClass=user))(objectClass=group)(objectClass=contact))\" `")
    w("  -l \"objectClass,cn,sn,givenName,distinguishedName,whenCreated,displayName,department,memberOf,"
      "member,groupType,userAccountControl,objectGUID,objectSid,sAMAccountName,userPrincipalName,mail,"
      "proxyAddresses,mS-DS-ConsistencyGuid,userCertificate\"")
    w("")
    w("Get-ADObject -SearchBase 'DC=contoso,DC=com' `")
    w("  -LDAPFilter '(|(&(objectCategory=person)(objectClass=user))(objectClass=group)(objectClass=contact))' `")
    w("  -Properties objectSid,mS-DS-ConsistencyGuid,sAMAccountName,userPrincipalName,givenName,sn,"
      "displayName,department,mail,proxyAddresses,memberOf,member,groupType,userAccountControl,"
      "userCertificate,whenCreated |")
    w("  Select-Object DistinguishedName, ObjectClass, ObjectGUID,")
    w("    @{n='objectSid'; e={$_.objectSid.Value}},")
    w("    @{n='mS-DS-ConsistencyGuid'; e={if ($_.'mS-DS-ConsistencyGuid') "
      "{[Convert]::ToBase64String($_.'mS-DS-ConsistencyGuid')}}},")
    w("    sAMAccountName, userPrincipalName, givenName, sn, displayName, department, mail,")
    w("    @{n='proxyAddresses'; e={$_.proxyAddresses -join ';'}},")
    w("    @{n='memberOf'; e={$_.memberOf -join ';'}},")
    w("    userAccountControl, whenCreated,")
    w("    @{n='member'; e={$_.member -join ';'}}, groupType,")
    w("    @{n='userCertificate'; e={($_.userCertificate | ForEach-Object "
      "{[Convert]::ToBase64String($_)}) -join ';'}} |")
    w("  Export-Csv -Path onprem.csv -Encoding UTF8")
    w("```")
    w("")
    w("`whenCreated` in the CSV is `DateTime.ToString()` in the en-US culture on a machine whose clock "
      "is UTC (`%s` = LDIF `%s`). A `$null` property is written as an empty, unquoted field (e.g. "
      "`sAMAccountName` of a contact, `mS-DS-ConsistencyGuid` when not set); a joined empty collection "
      "is the empty string `\"\"`." % (WHEN_CREATED_CSV, WHEN_CREATED_LDIF))
    w("")
    w("The cloud file is the union of `GET /v1.0/users`, `/groups` and `/contacts` (with `$select` of the "
      "properties shown), wrapped in one envelope as `POST /v1.0/directoryObjects/getByIds` returns it. "
      "Users first, then groups, then contacts, each sorted by `displayName`.")
    w("")
    w("## How the sides pair (the facts the checks rely on)")
    w("")
    w("- **Identity** = an on-prem object together with its cloud twin, or a cloud object alone, or an "
      "on-prem object alone.")
    w("- **Users** pair by anchor: `onPremisesImmutableId` = base64 of `mS-DS-ConsistencyGuid` when set, "
      "else of `objectGUID` (16 bytes in .NET `Guid.ToByteArray()` order). **Groups** pair by SID "
      "(`objectSid` = `onPremisesSecurityIdentifier`). **Contacts** pair by primary SMTP address.")
    w("- UPN, mail and SMTP addresses compare case-insensitively; the `SMTP:`/`smtp:` prefix marks "
      "primary/secondary and is not part of the address.")
    w("- %d of the %d users are synced (have a twin); %d are not (new, invalid, or replication "
      "conflict). All groups and contacts are synced." % (len(synced_users), len(users),
                                                          len(users) - len(synced_users)))
    w("- Soft-match analysis concerns on-prem objects left without a twin: here Olivia Martin (S1), "
      "Tax Office (T1) and Priya Patel (M1) have a candidate; the other unpaired objects match nothing "
      "in the cloud.")
    w("")
    w("## Planted cases")
    w("")
    w("`Objects` names each identity: on-prem DN and cloud `id` of its twin, or the cloud-only `id`. "
      "`Also` lists other checks that report the same objects — these overlaps are inherent "
      "(a duplicate of synced objects shows up in the cloud as a quarantined value; a failed soft "
      "match's cloud candidate may also be orphaned). An on-prem object and its soft-match candidate "
      "count as one identity, so a failed soft match is reported by its own check, not as a duplicate.")
    w("")
    w("| # | check | objects | colliding value | what happened | dirq should report | also |")
    w("|---|---|---|---|---|---|---|")
    for p in PLANTED:
        objs = "<br>".join(who(k) for k in p["objects"])
        if p["id"] == "U3":
            objs = (who("samwilson") + " — UPN on-prem<br>" + who("samantha") +
                    " — UPN `sam.wilson@contoso.com` in the cloud only")
        w("| %s | %s | %s | %s | %s | %s | %s |" % (p["id"], p["check"], objs,
                                                 md_code(p["value"]) if p["value"] else "—",
                                                 p["story"], p["report"], p["also"]))
    w("")
    w("In short, `check all` should find: duplicate-upn U1–U3; duplicate-proxy P1–P3 (the values "
      "T1 and S1 share with their soft-match candidates are reported by those checks, not as "
      "duplicates); object-type-mismatch T1; "
      "invalid-soft-match S1; soft-match-takeover M1; orphaned-cloud-object O1, O2; "
      "quarantined-value Q1–Q5; invalid-upn V1–V5; invalid-proxy X1–X6 (5 users); "
      "large-attribute L1, L2; one CNF object R1.")
    w("")
    w("## Deliberate details that are not conflicts")
    w("")
    w("| object | detail | why it is there |")
    w("|---|---|---|")
    t = by_key["tycho"]
    w("| %s | objectGUID `%s` → ImmutableId `%s` | the worked example of the documentation; a "
      "hard match |" % (who("tycho"), t["guid"], t["anchor"]))
    h = by_key["henrik"]
    w("| %s | `mS-DS-ConsistencyGuid` (`%s`) ≠ `objectGUID` (`%s`) | migrated from the Fabrikam forest; "
      "the twin's ImmutableId is the ConsistencyGuid. Using objectGUID here would wrongly report an "
      "orphan and an invalid soft match |" % (who("henrik"), b64(h["cguid_bytes"]), b64(h["guid"].bytes_le)))
    w("| %s<br>%s | synced, no `mS-DS-ConsistencyGuid` | the anchor falls back to `objectGUID` |"
      % (who("noah"), who("emma")))
    w("| %s | DN with an escaped comma `CN=Smith\\, John` | DN parsing |" % who("smith"))
    w("| %s, %s, %s | non-ASCII names (`cn::`, `dn::`, `member::` base64 in LDIF) | LDIF base64 "
      "text, UTF-8 in CSV/JSON |" % (who("soren"), who("lukasz"), who("anais")))
    w("| %s | cloud UPN `sam.wilson@contoso.com` ≠ on-prem `samantha.wilson@contoso.com` | the other "
      "holder in U3 |" % who("samantha"))
    w("| %s, %s, %s, %s, %s | the cloud twin lacks the invalid proxy values | invalid values are not "
      "exported (X1–X6) |" % (who("anais"), who("mark"), who("kim"), who("lena"), who("ben")))
    w("| %s | 311 proxies in the cloud too | large-attribute L2 is a warning threshold, the object "
      "still synced |" % who("carlos"))
    w("")
    w("## Clean objects")
    w("")
    clean_onprem = [o for o in onprem if o["key"] not in planted_keys and o["key"] != "samantha"]
    w("On-prem, with a twin and no conflict: " +
      "; ".join("%s (%s)" % (o["display"], o["kind"]) for o in clean_onprem) + ".")
    w("")
    clean_cloud = [c for c in CLOUD_ONLY if c["key"] not in planted_keys]
    w("Cloud-only, never synced, no conflict: " +
      "; ".join("%s (%s)" % (c["display"], c["kind"]) for c in clean_cloud) +
      ". (The guest's UPN uses the usual `#EXT#` form; the break-glass account has no mailbox.)")
    w("")
    w("Departments (users): " + ", ".join(
        "%s %d" % (d, sum(1 for u in users if u["dept"] == d)) for d in DEPARTMENTS) + ".")
    w("")
    w("## Verification")
    w("")
    w("`check_tenant.py` parses the three files on its own (it does not import the generator) and "
      "fails unless: the LDIF and the CSV describe the same objects with the same values; every "
      "synced on-prem object has exactly one twin and the twins carry the same UPN and addresses "
      "except where planted; the cloud itself holds no duplicate UPN, address or ImmutableId (Entra "
      "would not allow it); the set of colliding values across identities, the soft-match outcomes, "
      "the orphans, the quarantined values, the invalid UPNs and proxies, the large attributes and "
      "the CNF objects are **exactly** the planted ones; and a fresh run of the generator reproduces "
      "the files byte for byte.")
    w("")
    return ("\n".join(out)).encode("utf-8")


# --------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)),
                        help="output directory (default: next to this script)")
    args = parser.parse_args()
    onprem = build_onprem()
    files = {
        "onprem.ldif": write_ldif(onprem),
        "onprem.csv": write_csv(onprem),
    }
    cloud = build_cloud(onprem)
    files["cloud.json"] = write_json(cloud)
    files["README.md"] = write_readme(onprem, cloud)
    os.makedirs(args.out, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
    print("wrote %s" % ", ".join("%s (%d bytes)" % (n, len(d)) for n, d in files.items()))


if __name__ == "__main__":
    main()
