import DirqModel

/// One on-prem object as the exports show it, format-independent: the LDIF and the CSV writer
/// both take it, so the two files describe exactly the same objects.
package struct OnPremRecord {
    package enum Kind { case user, group, contact }

    package var kind: Kind
    package var dn: [UInt8]
    package var cn: [UInt8]
    package var samAccountName: [UInt8]?
    package var userPrincipalName: [UInt8]?
    package var givenName: [UInt8]?
    package var sn: [UInt8]?
    package var displayName: [UInt8]
    package var department: [UInt8]?
    package var mail: [UInt8]?
    /// Full proxy values: `SMTP:…`, `smtp:…`, `X500:…`.
    package var proxyAddresses: [[UInt8]]
    package var objectGUID: [UInt8]
    package var consistencyGuid: [UInt8]?
    package var userAccountControl: Int?
    package var groupType: Int?
    package var whenCreated: Int
}

/// The ldifde rendering of a record: `dn`, `changetype: add`, the class chain, then the
/// attributes in roughly the order ldifde lists them; non-ASCII text as `attr:: base64`; lines
/// folded at 76 bytes; CR LF line ends; a blank line after each record.
package enum LDIFFormat {
    package static func write(_ o: OnPremRecord, to s: inout ByteSink) {
        s.ldif("dn", o.dn)
        s.text("changetype: add\r\n")
        switch o.kind {
        case .user: s.text("objectClass: top\r\nobjectClass: person\r\nobjectClass: organizationalPerson\r\nobjectClass: user\r\n")
        case .group: s.text("objectClass: top\r\nobjectClass: group\r\n")
        case .contact: s.text("objectClass: top\r\nobjectClass: person\r\nobjectClass: organizationalPerson\r\nobjectClass: contact\r\n")
        }
        s.ldif("cn", o.cn)
        if let v = o.sn { s.ldif("sn", v) }
        if let v = o.givenName { s.ldif("givenName", v) }
        s.text("whenCreated: ")
        generalizedTime(o.whenCreated, &s)
        s.crlf()
        s.ldif("displayName", o.displayName)
        if let v = o.department { s.ldif("department", v) }
        if let v = o.groupType { s.ldif("groupType", int: v) }
        for p in o.proxyAddresses { s.ldif("proxyAddresses", p) }
        s.ldifBinary("objectGUID", o.objectGUID)
        if let v = o.userAccountControl { s.ldif("userAccountControl", int: v) }
        if let v = o.samAccountName { s.ldif("sAMAccountName", v) }
        if let v = o.userPrincipalName { s.ldif("userPrincipalName", v) }
        if let v = o.mail { s.ldif("mail", v) }
        if let v = o.consistencyGuid { s.ldifBinary("mS-DS-ConsistencyGuid", v) }
        s.crlf()
    }

    /// AD's GeneralizedTime as ldifde prints it: `20190314081522.0Z`.
    package static func generalizedTime(_ t: Int, _ s: inout ByteSink) {
        let c = TenantDates.civil(t)
        s.decimal(c.y, width: 4); s.decimal(c.m, width: 2); s.decimal(c.d, width: 2)
        s.decimal(c.h, width: 2); s.decimal(c.mi, width: 2); s.decimal(c.s, width: 2)
        s.text(".0Z")
    }
}

/// Windows PowerShell 5.1's `Get-ADObject … | Select-Object … | Export-Csv -Encoding UTF8`:
/// a UTF-8 byte-order mark, the `#TYPE` line, every field quoted, CR LF, `proxyAddresses` joined
/// with `;` by a calculated property, `ObjectGUID` as a GUID string, the consistency GUID as
/// base64 (converted by the exporting script), dates in the en-US culture.
package enum CSVFormat {
    package static func header(_ s: inout ByteSink) {
        s.bytes([0xEF, 0xBB, 0xBF])
        s.text("#TYPE Selected.Microsoft.ActiveDirectory.Management.ADObject\r\n")
        s.text("\"DistinguishedName\",\"ObjectClass\",\"ObjectGUID\",\"mS-DS-ConsistencyGuid\",\"sAMAccountName\",")
        s.text("\"userPrincipalName\",\"givenName\",\"sn\",\"displayName\",\"department\",\"mail\",\"proxyAddresses\",")
        s.text("\"userAccountControl\",\"whenCreated\"\r\n")
    }

    package static func write(_ o: OnPremRecord, to s: inout ByteSink) {
        func field(_ v: [UInt8]?) {
            if let v { s.csvField(v) } else { s.csvEmpty() }
            s.byte(UInt8(ascii: ","))
        }
        field(o.dn)
        switch o.kind {
        case .user: s.csvField("user")
        case .group: s.csvField("group")
        case .contact: s.csvField("contact")
        }
        s.byte(UInt8(ascii: ","))
        field(ByteText.guid(o.objectGUID))
        field(o.consistencyGuid.map(ByteText.base64))
        field(o.samAccountName)
        field(o.userPrincipalName)
        field(o.givenName)
        field(o.sn)
        field(o.displayName)
        field(o.department)
        field(o.mail)
        var joined: [UInt8] = []
        for (k, p) in o.proxyAddresses.enumerated() {
            if k > 0 { joined.append(UInt8(ascii: ";")) }
            joined += p
        }
        field(joined)
        field(o.userAccountControl.map(ByteText.decimal))
        s.byte(UInt8(ascii: "\""))
        usDate(o.whenCreated, &s)
        s.byte(UInt8(ascii: "\""))
        s.crlf()
    }

    /// `3/14/2019 8:15:22 AM`: how a `DateTime` prints in en-US.
    package static func usDate(_ t: Int, _ s: inout ByteSink) {
        let c = TenantDates.civil(t)
        s.decimal(c.m); s.byte(UInt8(ascii: "/")); s.decimal(c.d); s.byte(UInt8(ascii: "/")); s.decimal(c.y)
        s.byte(0x20)
        s.decimal(c.h % 12 == 0 ? 12 : c.h % 12)
        s.byte(UInt8(ascii: ":")); s.decimal(c.mi, width: 2)
        s.byte(UInt8(ascii: ":")); s.decimal(c.s, width: 2)
        if c.h < 12 { s.text(" AM") } else { s.text(" PM") }
    }
}

/// One object of a Microsoft Graph `directoryObjects` response, written on one line.
package struct CloudRecord {
    package enum Kind { case user, group, orgContact }
    /// A provisioning error Graph reports on a synced object (duplicate attribute resiliency).
    package struct ProvisioningError {
        package var property: StaticString
        package var value: [UInt8]
    }

    package var kind: Kind
    package var id: [UInt8]
    package var displayName: [UInt8]
    package var userPrincipalName: [UInt8]?
    package var mail: [UInt8]?
    package var proxyAddresses: [[UInt8]]
    /// Base64 of the source anchor; nil for never-synced users. Groups and contacts have no
    /// `onPremisesImmutableId` in Graph.
    package var immutableID: [UInt8]?
    /// `true` synced, nil never synced (Graph writes `null`).
    package var syncEnabled: Bool?
    package var securityEnabled: Bool?
    package var errors: [ProvisioningError] = []
}

package enum GraphFormat {
    package static func header(_ s: inout ByteSink) {
        s.text("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#directoryObjects\",\"value\":[\n")
    }

    package static func footer(_ s: inout ByteSink) {
        s.text("\n]}\n")
    }

    package static func write(_ o: CloudRecord, first: Bool, to s: inout ByteSink) {
        if !first { s.text(",\n") }
        switch o.kind {
        case .user: s.text("{\"@odata.type\":\"#microsoft.graph.user\"")
        case .group: s.text("{\"@odata.type\":\"#microsoft.graph.group\"")
        case .orgContact: s.text("{\"@odata.type\":\"#microsoft.graph.orgContact\"")
        }
        s.text(",\"id\":\"")
        s.guid(o.id)
        s.text("\",\"displayName\":")
        s.jsonString(o.displayName)
        if o.kind == .user {
            s.text(",\"userPrincipalName\":")
            s.jsonString(o.userPrincipalName ?? [])
        }
        s.text(",\"mail\":")
        if let m = o.mail { s.jsonString(m) } else { s.text("null") }
        if o.kind == .group {
            s.text(",\"mailEnabled\":true,\"securityEnabled\":")
            if o.securityEnabled == true { s.text("true") } else { s.text("false") }
        }
        s.text(",\"proxyAddresses\":[")
        for (k, p) in o.proxyAddresses.enumerated() {
            if k > 0 { s.byte(UInt8(ascii: ",")) }
            s.jsonString(p)
        }
        s.byte(UInt8(ascii: "]"))
        if o.kind == .user {
            s.text(",\"onPremisesImmutableId\":")
            if let v = o.immutableID { s.jsonString(v) } else { s.text("null") }
        }
        s.text(",\"onPremisesSyncEnabled\":")
        if let v = o.syncEnabled { s.text(v ? "true" : "false") } else { s.text("null") }
        if !o.errors.isEmpty {
            s.text(",\"onPremisesProvisioningErrors\":[")
            for (k, e) in o.errors.enumerated() {
                if k > 0 { s.byte(UInt8(ascii: ",")) }
                s.text("{\"category\":\"PropertyConflict\",\"occurredDateTime\":\"2024-11-04T09:30:00Z\",\"propertyCausingError\":\"")
                s.text(e.property)
                s.text("\",\"value\":")
                s.jsonString(e.value)
                s.byte(UInt8(ascii: "}"))
            }
            s.byte(UInt8(ascii: "]"))
        }
        s.byte(UInt8(ascii: "}"))
    }
}
