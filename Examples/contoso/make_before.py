#!/usr/bin/env python3
"""Writes onprem-before.ldif: the on-prem export of the day before onprem.ldif, for `diff`.

What changed between the two (documented in README-diff.md, and what `diff before onprem` reports):
  - Sam Wilson and Priya Patel were created today (added).
  - Olivia Martin was deleted and re-created: yesterday's object had another objectGUID (the one
    her old cloud object still carries), so the old object is removed and the new one added.
  - Samantha Wilson's UPN changed today from sam.wilson@contoso.com to samantha.wilson@contoso.com.
  - Joe Bloggs moved from Marketing to Sales (department).
  - Carlos Mendes got six more addresses (proxyAddresses added).
  - Henrik Larsen's mS-DS-ConsistencyGuid changed: yesterday it held his objectGUID (an anchor change,
    which the sync engine refuses).
Standard library only; deterministic.
"""
import pathlib

here = pathlib.Path(__file__).parent
text = (here / "onprem.ldif").read_text(encoding="utf-8")
head, *records = text.split("\n\n")
out = [head.replace("# ", "# (the day before) ", 1)]

def unfold(r):
    return r.replace("\n ", "")

def fold(r):
    lines = []
    for line in r.split("\n"):
        while len(line) > 76:
            lines.append(line[:76]); line = " " + line[76:]
        lines.append(line)
    return "\n".join(lines)

# The anchor her old cloud object (038832b9-…) still carries: the objectGUID of the deleted account.
old_olivia = "uQXC3i9UXke0K2pWfSH/Sw=="
for r in records:
    if not r.strip():
        continue
    r = unfold(r)
    dn = r.split("\n", 1)[0]
    if dn.startswith("dn: CN=Sam Wilson,") or dn.startswith("dn: CN=Priya Patel,"):
        continue
    lines = r.split("\n")
    if dn.startswith("dn: CN=Olivia Martin,"):
        lines = [f"objectGUID:: {old_olivia}" if l.startswith("objectGUID::") else l for l in lines]
    if dn.startswith("dn: CN=Samantha Wilson,"):
        lines = ["userPrincipalName: sam.wilson@contoso.com" if l.startswith("userPrincipalName:") else l for l in lines]
    if dn.startswith("dn: CN=Joe Bloggs,"):
        lines = ["department: Marketing" if l.startswith("department:") else l for l in lines]
    if dn.startswith("dn: CN=Carlos Mendes,"):
        proxies = [l for l in lines if l.startswith("proxyAddresses:")]
        drop = set(proxies[-6:])
        lines = [l for l in lines if l not in drop]
    if dn.startswith("dn: CN=Henrik Larsen,"):
        guid = next(l for l in lines if l.startswith("objectGUID::")).split(":: ")[1]
        lines = [f"mS-DS-ConsistencyGuid:: {guid}" if l.startswith("mS-DS-ConsistencyGuid::") else l for l in lines]
    out.append(fold("\n".join(lines)))
(here / "onprem-before.ldif").write_text("\n\n".join(out) + "\n", encoding="utf-8")
print("wrote onprem-before.ldif")
