#!/usr/bin/env python3
"""Generate csexport-aad.xml: the export errors of Contoso's Entra ID connector.

What an administrator gets on the Entra Connect server with

    csexport "contoso.onmicrosoft.com - AAD" csexport-aad.xml /f:e

(export errors only). The seven objects tell the same story as the sample tenant (README.md),
seen from the sync engine:

  Jane Doe (Marketing)  AttributeValueMustBeUnique  UPN jane.doe@contoso.com held by Jane Doe (Sales)
  Joseph Quinn          AttributeValueMustBeUnique  smtp:joe@contoso.com held by Joe Bloggs
  Sam Wilson            AttributeValueMustBeUnique  UPN sam.wilson@contoso.com held by Samantha Wilson's twin
  Olivia Martin         InvalidSoftMatch            the old cloud Olivia Martin carries another anchor
  Tax Office            ObjectTypeMismatch          SMTP:tax@contoso.com belongs to the cloud group Tax
  Carlos Mendes         LargeObject                 311 proxyAddresses
  Nina Schultz          DataValidationFailed        UPN suffix .local

The values come from onprem.ldif and cloud.json (read here, not from make_tenant.py): each
object's sourceAnchor is its mS-DS-ConsistencyGuid, else its objectGUID, in base64; the
connector-space DN is CN={hex of the anchor's ASCII text}, the form Microsoft's troubleshooting
article shows for this connector; objects with a cloud twin carry cloudAnchor User_<object id>.
Objects Entra already has show the state last synchronized (the cloud's values) in
`synchronized-hologram` and the refused change in `unapplied-export`; objects Entra refused to
create have no synchronized hologram, only the `unapplied-export-hologram` of the add.

Error literals: the AttributeValueMustBeUnique / InvalidSoftMatch wording is Microsoft's KB 2647098
text; the other literals are written in the same style (their exact text is not published).
`extra-error-details` has the JSON shape Entra Connect writes ([{"Key":…,"Value":[…]}]).

Deterministic (no clock, no randomness), Python 3 standard library only:

    python3 Examples/contoso/make_csexport.py    # rewrites csexport-aad.xml byte for byte
"""

import base64
import datetime
import hashlib
import json
import os
import uuid
from xml.sax.saxutils import escape, quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
CONNECTOR = "contoso.onmicrosoft.com - AAD"
FIRST = datetime.datetime(2024, 1, 15, 10, 2, 14)  # the first export of the synced objects
LAST = datetime.datetime(2024, 5, 14, 8, 30, 12)  # the last delta sync before the snapshot
CYCLE = datetime.timedelta(minutes=30)  # the scheduler's default interval
ERROR_CODE = "0x8023134a"  # the Entra connector's export error code in Microsoft's examples
KB = (" Correct or remove the duplicate values in your local directory. Please refer to"
      " http://support.microsoft.com/kb/2647098 for more information on identifying objects with"
      " duplicate attribute values.")
DUPLICATE = ("Unable to update this object because the following attributes associated with this"
             " object have values that may already be associated with another object in your local"
             " directory services: ")


def det_guid(key):
    digest = hashlib.sha256(("contoso-csexport/" + key).encode("utf-8")).digest()
    return uuid.UUID(bytes=digest[:16], version=4)


def read_ldif(path):
    """dn -> {attribute (lower case): [values]}; base64 values stay base64 text, except DNs."""
    with open(path, encoding="utf-8") as f:
        text = f.read().replace("\n ", "")
    objects = {}
    for record in text.split("\n\n"):
        attrs = {}
        for line in record.split("\n"):
            if not line or line.startswith("#") or ":" not in line:
                continue
            name, _, value = line.partition(":")
            if value.startswith(":"):
                value = value[1:].strip()
                if name.lower() in ("dn", "cn", "member", "memberof", "distinguishedname", "displayname"):
                    value = base64.b64decode(value).decode("utf-8")
            else:
                value = value.strip()
            attrs.setdefault(name.lower(), []).append(value)
        if "dn" in attrs:
            objects[attrs["dn"][0]] = attrs
    return objects


def one(attrs, name):
    return attrs.get(name.lower(), [None])[0]


def stamp(t):
    return t.strftime("%Y-%m-%d %H:%M:%S.000")


def retries(first):
    return (LAST - first) // CYCLE + 1


class Writer:
    def __init__(self):
        self.lines = []

    def line(self, depth, text):
        self.lines.append(" " * depth + text)

    def attr(self, depth, name, values, kind="string", multi=False):
        if isinstance(values, str):
            values = [values]
        head = "<attr name=%s type=%s multivalued=%s>" % (
            quoteattr(name), quoteattr(kind), quoteattr("true" if multi else "false"))
        self.line(depth, head + "".join("<value>%s</value>" % escape(v) for v in values) + "</attr>")


def hologram_attrs(on, cloud):
    """The Entra connector attributes of an object: cloud's values when given, else on-prem's."""
    anchor = one(on, "mS-DS-ConsistencyGuid") or one(on, "objectGUID")
    src = cloud or {}
    upn = src.get("userPrincipalName", one(on, "userPrincipalName"))
    proxies = src.get("proxyAddresses", on.get("proxyaddresses", []))
    attrs = [("accountEnabled", "true", "boolean", False)]
    if cloud:
        attrs.append(("cloudAnchor", "User_" + cloud["id"], "string", False))
    attrs += [("department", one(on, "department"), "string", False),
              ("displayName", one(on, "displayName"), "string", False)]
    if one(on, "givenName"):
        attrs.append(("givenName", one(on, "givenName"), "string", False))
    attrs += [("mail", src.get("mail", one(on, "mail")), "string", False),
              ("mailNickname", one(on, "sAMAccountName"), "string", False),
              ("onPremiseSecurityIdentifier", one(on, "objectSid"), "binary", False),
              ("onPremisesDistinguishedName", one(on, "dn"), "string", False),
              ("onPremisesSamAccountName", one(on, "sAMAccountName"), "string", False),
              ("onPremisesUserPrincipalName", one(on, "userPrincipalName"), "string", False),
              ("proxyAddresses", proxies, "string", True),
              ("sourceAnchor", anchor, "string", False),
              ("sourceAnchorBinary", anchor, "binary", False)]
    if one(on, "sn"):
        attrs.append(("surname", one(on, "sn"), "string", False))
    attrs.append(("userPrincipalName", upn, "string", False))
    return anchor, attrs


def write_object(w, case, on, cloud):
    anchor, synced = hologram_attrs(on, cloud)
    _, wanted = hologram_attrs(on, None)
    if cloud:
        wanted.insert(1, ("cloudAnchor", "User_" + cloud["id"], "string", False))
    cs_dn = "CN={%s}" % anchor.encode("ascii").hex().upper()
    cs_id = "{%s}" % str(det_guid(one(on, "dn"))).upper()
    first = case.get("first", FIRST)
    operation = "update" if cloud else "add"
    changed = case.get("changed") or [a[0] for a in wanted]

    w.line(1, "<cs-object cs-dn=%s id=%s object-type=\"user\">" % (quoteattr(cs_dn), quoteattr(cs_id)))
    w.line(2, "<unapplied-export>")
    w.line(3, "<delta operation=%s dn=%s>" % (quoteattr(operation), quoteattr(cs_dn)))
    if not cloud:
        w.line(4, "<primary-objectclass>user</primary-objectclass>")
    for name, value, kind, multi in wanted:
        if name not in changed:
            continue
        values = value if isinstance(value, list) else [value]
        head = "<attr name=%s type=%s multivalued=%s operation=%s>" % (
            quoteattr(name), quoteattr(kind), quoteattr("true" if multi else "false"),
            quoteattr("add" if not cloud else ("replace" if multi else "update")))
        w.line(4, head + "".join("<value operation=\"add\">%s</value>" % escape(v) for v in values) + "</attr>")
    w.line(3, "</delta>")
    w.line(2, "</unapplied-export>")
    boxes = ([("synchronized-hologram", synced)] if cloud else []) + [("unapplied-export-hologram", wanted)]
    for box, attrs in boxes:
        w.line(2, "<%s>" % box)
        w.line(3, "<entry dn=%s>" % quoteattr(cs_dn))
        w.line(4, "<primary-objectclass>user</primary-objectclass>")
        w.line(4, "<objectclass><oc-value>user</oc-value></objectclass>")
        for name, value, kind, multi in attrs:
            w.attr(4, name, value, kind, multi)
        w.line(3, "</entry>")
        w.line(2, "</%s>" % box)
    w.line(2, "<export-errordetail first-occurred=%s date-occurred=%s retry-count=\"%d\" error-type=%s>" % (
        quoteattr(stamp(first)), quoteattr(stamp(LAST)), retries(first), quoteattr(case["error"])))
    w.line(3, "<export-status>")
    w.line(4, "<cd-error>")
    w.line(5, "<error-code>%s</error-code>" % ERROR_CODE)
    tracking = det_guid("tracking/" + one(on, "dn"))
    w.line(5, "<error-literal>%s</error-literal>" % escape(case["literal"] + " Tracking Id: %s" % tracking))
    w.line(5, "<server-error-detail>N/A</server-error-detail>")
    w.line(5, "<error-name>%s</error-name>" % case["error"])
    if case.get("conflict"):
        object_id, attribute, values = case["conflict"]
        pairs = ([{"Key": "ObjectId", "Value": [cloud["id"]]}] if cloud else []) + [
            {"Key": "ObjectIdInConflict", "Value": [object_id]},
            {"Key": "AttributeConflictName", "Value": [attribute]},
            {"Key": "AttributeConflictValues", "Value": values}]
        w.line(5, "<extra-error-details>%s</extra-error-details>" % escape(
            json.dumps(pairs, separators=(",", ":")), {'"': "&quot;"}))
    w.line(4, "</cd-error>")
    w.line(3, "</export-status>")
    w.line(2, "</export-errordetail>")
    w.line(2, "<ma-name>%s</ma-name>" % escape(CONNECTOR))
    w.line(2, "<connector>1</connector>")
    w.line(2, "<connector-state>normal</connector-state>")
    w.line(2, "<export-delta-operation>%s</export-delta-operation>" % operation)
    if cloud:
        w.line(2, "<last-export-delta-time>%s</last-export-delta-time>" % stamp(first))
    w.line(1, "</cs-object>")


CASES = [
    {"dn": "CN=Jane Doe,OU=Marketing,OU=Staff,DC=contoso,DC=com", "cloud": "462c9b40-b1e0-427f-9e5a-c72844f7e097",
     "error": "AttributeValueMustBeUnique", "changed": ["userPrincipalName"],
     "literal": DUPLICATE + "[UserPrincipalName jane.doe@contoso.com;]." + KB,
     "conflict": ("7aeef728-b76c-4a04-870d-d9beade02771", "UserPrincipalName", ["jane.doe@contoso.com"])},
    {"dn": "CN=Joseph Quinn,OU=Finance,OU=Staff,DC=contoso,DC=com", "cloud": "c0620fc2-1067-4664-9cc1-5bdf7d6cc44d",
     "error": "AttributeValueMustBeUnique", "changed": ["proxyAddresses"],
     "literal": DUPLICATE + "[ProxyAddresses smtp:joe@contoso.com;]." + KB,
     "conflict": ("aaafd789-2467-4cd2-9934-cb6868900991", "ProxyAddresses", ["smtp:joe@contoso.com"])},
    {"dn": "CN=Sam Wilson,OU=IT,OU=Staff,DC=contoso,DC=com", "cloud": "acc3a924-e7b9-4c5c-8bf8-3e23e80062d2",
     "error": "AttributeValueMustBeUnique", "changed": ["userPrincipalName"],
     "literal": DUPLICATE + "[UserPrincipalName sam.wilson@contoso.com;]." + KB,
     "conflict": ("2cd4d10e-a443-46b1-bbb6-5e9ae1ffbecc", "UserPrincipalName", ["sam.wilson@contoso.com"])},
    {"dn": "CN=Olivia Martin,OU=Sales,OU=Staff,DC=contoso,DC=com", "cloud": None,
     "error": "InvalidSoftMatch",
     "literal": DUPLICATE + "[UserPrincipalName olivia.martin@contoso.com;ProxyAddresses SMTP:olivia.martin@contoso.com;]." + KB,
     "conflict": ("038832b9-9826-4f76-a3e9-676cf6729353", "UserPrincipalName", ["olivia.martin@contoso.com"])},
    {"dn": "CN=Tax Office,OU=Finance,OU=Staff,DC=contoso,DC=com", "cloud": None,
     "error": "ObjectTypeMismatch",
     "literal": ("Unable to update this object because the following attributes associated with this object have"
                 " values that may already be associated with another object of a different object type in your"
                 " local directory services: [ProxyAddresses SMTP:tax@contoso.com;]. Correct or remove the"
                 " conflicting value in your local directory."),
     "conflict": ("e499bcbd-16e3-4994-b425-df5fafde6d5e", "ProxyAddresses", ["SMTP:tax@contoso.com"])},
    # A sync rule change on 2024-03-04 made Connect re-export the whole proxyAddresses value set;
    # Entra refuses every update of the object since, because the object is over its size limit.
    {"dn": "CN=Carlos Mendes,OU=Marketing,OU=Staff,DC=contoso,DC=com", "cloud": "1e871069-1966-41a7-a354-12a3559d426a",
     "error": "LargeObject", "changed": ["proxyAddresses"], "first": datetime.datetime(2024, 3, 4, 9, 0, 10),
     "literal": ("Unable to update this object because it exceeds the maximum size of a directory object:"
                 " [ProxyAddresses (311 values);]. Remove values that are no longer needed from multi-valued"
                 " attributes such as proxyAddresses, userCertificate or userSMIMECertificate.")},
    {"dn": "CN=Nina Schultz,OU=HR,OU=Staff,DC=contoso,DC=com", "cloud": None,
     "error": "DataValidationFailed",
     "literal": ("Unable to update this object because the following attributes associated with this object have"
                 " invalid values: [UserPrincipalName nina.schultz@contoso.local;]. The domain contoso.local is"
                 " not a verified domain of this directory; use a UPN suffix of a verified domain.")},
]


def main():
    onprem = read_ldif(os.path.join(HERE, "onprem.ldif"))
    with open(os.path.join(HERE, "cloud.json"), encoding="utf-8") as f:
        cloud = {o["id"]: o for o in json.load(f)["value"]}
    w = Writer()
    w.line(0, '<?xml version="1.0" encoding="UTF-8"?>')
    w.line(0, "<cs-objects>")
    for case in CASES:
        write_object(w, case, onprem[case["dn"]], cloud[case["cloud"]] if case["cloud"] else None)
    w.line(0, "</cs-objects>")
    with open(os.path.join(HERE, "csexport-aad.xml"), "w", encoding="utf-8", newline="\r\n") as f:
        f.write("\n".join(w.lines) + "\n")


if __name__ == "__main__":
    main()
