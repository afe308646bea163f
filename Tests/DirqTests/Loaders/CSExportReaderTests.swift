import Foundation
import Testing
@testable import Dirq

/// Reads `bytes` (as a file would be read, BOMs included) with the csexport reader.
private func load(_ bytes: [UInt8]) throws -> Snapshot {
    let input = try InputFile.decode(path: "t.xml", data: bytes)
    var builder = SnapshotBuilder(path: "t.xml", format: .xml)
    try CSExportReader.read(input, into: &builder)
    return builder.build(name: "t")
}

private func load(_ text: String) throws -> Snapshot { try load(Array(text.utf8)) }

/// The error reading `bytes` fails with, if any.
private func loadError(_ bytes: [UInt8]) -> LoadError? {
    do {
        _ = try load(bytes)
        return nil
    } catch let error as LoadError {
        return error
    } catch {
        Issue.record("unexpected error type \(error)")
        return nil
    }
}

private func loadError(_ text: String) -> LoadError? { loadError(Array(text.utf8)) }

/// A document of the given `<cs-object>` elements.
private func doc(_ objects: String...) -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<cs-objects>\n" + objects.joined() + "</cs-objects>\n"
}

/// One `<attr>` of a hologram.
private func attr(_ name: String, _ values: [String], type: String = "string", multi: Bool = false) -> String {
    "<attr name=\"\(name)\" type=\"\(type)\" multivalued=\"\(multi)\">"
        + values.map { "<value>\($0)</value>" }.joined() + "</attr>\n"
}

/// A `<cs-object>` with a synchronized hologram of `attrs` and any extra children.
private func object(_ dn: String = "CN={A1}", type: String = "user", attrs: String = "", extra: String = "") -> String {
    """
     <cs-object cs-dn="\(dn)" id="{0001}" object-type="\(type)">
      <synchronized-hologram>
       <entry dn="\(dn)">
        <primary-objectclass>\(type)</primary-objectclass>
    \(attrs)   </entry>
      </synchronized-hologram>
    \(extra) </cs-object>

    """
}

private extension Snapshot {
    /// The value of `name` on the object at `index`.
    func v(_ index: Int, _ name: String) -> Value? { value(of: objects[index], name) }

    /// A field of a record attribute.
    func field(_ index: Int, _ record: String, _ name: String) -> Value? {
        guard case .record(let r)? = v(index, record) else { return nil }
        return r[name]
    }
}

@Suite struct CSExportReaderTests {
    // MARK: - Objects and attributes

    /// Every element form of one object: the `<cs-object>` tag, scalar children, the hologram's
    /// entry (dn, primary-objectclass, string, binary, multi-valued, reference attributes), the
    /// pending export and the export error, each where the format puts it.
    @Test func fullObject() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <cs-objects>
             <cs-object cs-dn="CN={4D4435}" id="{2819A5C8-BE27-EC11-A970-000D3A1B4EEE}" object-type="user" partition-id="{P1}">
              <unapplied-export>
               <delta operation="update" dn="CN={4D4435}">
                <attr name="userPrincipalName" type="string" multivalued="false" operation="update"><value operation="add">bob@contoso.com</value></attr>
                <dn-attr name="manager" multivalued="false" operation="add"><dn-value operation="add"><dn>CN={99}</dn></dn-value></dn-attr>
               </delta>
              </unapplied-export>
              <synchronized-hologram>
               <entry dn="CN={4D4435}">
                <primary-objectclass>user</primary-objectclass>
                <objectclass><oc-value>user</oc-value></objectclass>
                <attr name="userPrincipalName" type="string" multivalued="false"><value>bobt@contoso.com</value></attr>
                <attr name="sourceAnchorBinary" type="binary" multivalued="false"><value>1wfM9xV8fUSHbcAbDlqeOA==</value></attr>
                <attr name="proxyAddresses" type="string" multivalued="true"><value>SMTP:bobt@contoso.com</value><value>smtp:bob@contoso.com</value></attr>
                <dn-attr name="memberOf" multivalued="true" type="reference"><dn-value><dn>CN={G1}</dn></dn-value><dn-value><dn>CN={G2}</dn></dn-value></dn-attr>
               </entry>
              </synchronized-hologram>
              <export-errordetail first-occurred="2024-05-01 10:00:00.000" date-occurred="2024-05-02 10:00:00.000" retry-count="3" error-type="AttributeValueMustBeUnique">
               <export-status>
                <cd-error>
                 <error-code>0x8023134a</error-code>
                 <error-literal>Unable to update this object: [ProxyAddresses SMTP:bob@contoso.com;]</error-literal>
                 <server-error-detail>N/A</server-error-detail>
                 <error-name>AttributeValueMustBeUnique</error-name>
                 <extra-error-details>[{"Key":"ObjectId","Value":["11111111-1111-1111-1111-111111111111"]},{"Key":"ObjectIdInConflict","Value":["7aeef728-b76c-4a04-870d-d9beade02771"]},{"Key":"AttributeConflictName","Value":["ProxyAddresses"]},{"Key":"AttributeConflictValues","Value":["smtp:bob@contoso.com","SMTP:bob@contoso.com"]}]</extra-error-details>
                </cd-error>
               </export-status>
              </export-errordetail>
              <ma-name>contoso.onmicrosoft.com - AAD</ma-name>
              <connector>1</connector>
              <connector-state>normal</connector-state>
              <partition-name>default</partition-name>
              <last-export-delta-time>2024-05-01 10:00:00.000</last-export-delta-time>
             </cs-object>
            </cs-objects>

            """
        let s = try load(text)
        #expect(s.objects.count == 1)
        #expect(s.objects[0].line == 3)
        #expect(s.objects[0].kind == .user)
        #expect(s.v(0, "cs-dn") == .string("CN={4D4435}"))
        #expect(s.v(0, "id") == .guid(GUIDValue(text: "{2819A5C8-BE27-EC11-A970-000D3A1B4EEE}")!))
        #expect(s.v(0, "id")?.text == "2819a5c8-be27-ec11-a970-000d3a1b4eee")
        #expect(s.v(0, "object-type") == .string("user"))
        #expect(s.v(0, "partition-id") == .string("{P1}"))
        #expect(s.v(0, "objectClass") == .list([.string("user")]))  // multi-valued: always a list
        #expect(s.v(0, "ma-name") == .string("contoso.onmicrosoft.com - AAD"))
        #expect(s.v(0, "connector") == .string("1"))
        #expect(s.v(0, "connector-state") == .string("normal"))
        #expect(s.v(0, "partition-name") == .string("default"))
        #expect(s.v(0, "last-export-delta-time") == .date(1_714_557_600))
        // The hologram.
        #expect(s.v(0, "hologram") == .string("synchronized-hologram"))
        #expect(s.v(0, "dn") == .string("CN={4D4435}"))
        #expect(s.v(0, "primary-objectclass") == .string("user"))
        #expect(s.v(0, "userPrincipalName") == .string("bobt@contoso.com"))
        #expect(s.v(0, "sourceAnchorBinary") == .guid(GUIDValue(bytes: Array(Data(base64Encoded: "1wfM9xV8fUSHbcAbDlqeOA==")!))!))
        #expect(s.v(0, "proxyAddresses") == .list([.string("SMTP:bobt@contoso.com"), .string("smtp:bob@contoso.com")]))
        #expect(s.v(0, "memberOf") == .list([.string("CN={G1}"), .string("CN={G2}")]))
        // The pending export: the delta's operation and attribute names, not its values.
        #expect(s.v(0, "pending-export") == .string("update"))
        #expect(s.v(0, "pending-attributes") == .list([.string("userPrincipalName"), .string("manager")]))
        #expect(s.v(0, "manager") == nil)
        // The export error.
        let expected = Record([
            .init(name: "errorType", value: .string("AttributeValueMustBeUnique")),
            .init(name: "firstOccurred", value: .date(1_714_557_600)),
            .init(name: "dateOccurred", value: .date(1_714_644_000)),
            .init(name: "retryCount", value: .int(3)),
            .init(name: "errorCode", value: .string("0x8023134a")),
            .init(name: "errorLiteral", value: .string("Unable to update this object: [ProxyAddresses SMTP:bob@contoso.com;]")),
            .init(name: "serverErrorDetail", value: .string("N/A")),
            .init(name: "errorName", value: .string("AttributeValueMustBeUnique")),
            .init(name: "extraErrorDetails", value: .string(#"[{"Key":"ObjectId","Value":["11111111-1111-1111-1111-111111111111"]},{"Key":"ObjectIdInConflict","Value":["7aeef728-b76c-4a04-870d-d9beade02771"]},{"Key":"AttributeConflictName","Value":["ProxyAddresses"]},{"Key":"AttributeConflictValues","Value":["smtp:bob@contoso.com","SMTP:bob@contoso.com"]}]"#)),
            .init(name: "objectId", value: .string("11111111-1111-1111-1111-111111111111")),
            .init(name: "conflictObjectId", value: .string("7aeef728-b76c-4a04-870d-d9beade02771")),
            .init(name: "conflictAttribute", value: .string("ProxyAddresses")),
            .init(name: "conflictValues", value: .list([.string("smtp:bob@contoso.com"), .string("SMTP:bob@contoso.com")])),
        ])
        #expect(s.v(0, "exportError") == .record(expected))
        #expect(s.v(0, "errorType") == .string("AttributeValueMustBeUnique"))
        #expect(s.v(0, "importError") == nil)
        #expect(s.warnings.isEmpty)
        #expect(s.side == .engine)
    }

    /// The kind comes from `object-type`, through `objectClass`.
    @Test(arguments: [("user", ObjectKind.user), ("person", .user), ("group", .group), ("contact", .contact),
                      ("device", .other)])
    func kindFromObjectType(type: String, kind: ObjectKind) throws {
        let s = try load(doc(object(type: type)))
        #expect(s.objects.map(\.kind) == [kind])
        #expect(s.v(0, "objectClass") == .list([.string(type)]))
    }

    /// `multivalued="true"` gives a list even of one value (or none); a single-valued attribute
    /// gives its value.
    @Test func multiValuedAndSingleValued() throws {
        let s = try load(doc(object(attrs: attr("proxyAddresses", ["SMTP:a@contoso.com"], multi: true)
            + attr("otherMails", [], multi: true) + attr("mail", ["a@contoso.com"]))))
        #expect(s.v(0, "proxyAddresses") == .list([.string("SMTP:a@contoso.com")]))
        #expect(s.v(0, "otherMails") == .list([]))
        #expect(s.v(0, "mail") == .string("a@contoso.com"))
    }

    /// Binary values are base64 in the XML and become bytes; whitespace around them is allowed.
    @Test func binaryValues() throws {
        let s = try load(doc(object(attrs: attr("objectSid", ["AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoWQQAAA=="], type: "binary")
            + attr("userCertificate", ["AAEC", " AwQF "], type: "binary", multi: true))))
        #expect(s.v(0, "objectSid") == .sid(SIDValue(bytes: Array(Data(base64Encoded: "AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoWQQAAA==")!))!))
        #expect(s.v(0, "objectSid")?.text == "S-1-5-21-1004336348-1177238915-682003330-1113")
        #expect(s.v(0, "userCertificate") == .list([.bytes([0, 1, 2]), .bytes([3, 4, 5])]))
        #expect(s.warnings.isEmpty)
    }

    /// A binary value that is not base64 is kept as text and counted as a located warning.
    @Test func badBase64IsAWarning() throws {
        let text = doc(object(attrs: "    <attr name=\"objectSid\" type=\"binary\" multivalued=\"false\"><value>not*base64</value></attr>\n"))
        let s = try load(text)
        #expect(s.v(0, "objectSid") == .string("not*base64"))
        #expect(s.warnings.map(\.id) == ["xml.bad-base64"])
        #expect(s.warnings.map { "\($0.location)" } == ["t.xml:7:1"])
    }

    /// Predefined entities, character references and CDATA sections are text.
    @Test func escapedText() throws {
        let s = try load(doc(object(
            attrs: attr("displayName", ["Smith &amp; Sons &lt;HQ&gt; caf&#233; &#x4E2D;"]),
            extra: "  <export-errordetail error-type=\"X\"><export-status><cd-error><error-literal><![CDATA[a <b> & c]]></error-literal></cd-error></export-status></export-errordetail>\n")))
        #expect(s.v(0, "displayName") == .string("Smith & Sons <HQ> café 中"))
        #expect(s.field(0, "exportError", "errorLiteral") == .string("a <b> & c"))
    }

    /// The synchronized hologram wins wherever it is; without it the first present of
    /// unapplied-export, pending-import, escrowed-export, unconfirmed-export.
    @Test(arguments: [
        (["unapplied-export-hologram", "synchronized-hologram"], "synchronized-hologram"),
        (["synchronized-hologram", "unapplied-export-hologram"], "synchronized-hologram"),
        (["unconfirmed-export-hologram", "escrowed-export-hologram", "unapplied-export-hologram"], "unapplied-export-hologram"),
        (["escrowed-export-hologram", "pending-import-hologram"], "pending-import-hologram"),
        (["unconfirmed-export-hologram", "escrowed-export-hologram"], "escrowed-export-hologram"),
        (["unconfirmed-export-hologram"], "unconfirmed-export-hologram"),
    ])
    func hologramChoice(order: [String], chosen: String) throws {
        var body = ""
        for name in order {
            body += "  <\(name)><entry dn=\"CN={\(name)}\"><primary-objectclass>user</primary-objectclass>"
                + attr("displayName", [name]) + attr("only-\(name)", ["x"]) + "</entry></\(name)>\n"
        }
        let s = try load(doc(" <cs-object cs-dn=\"CN={A}\" id=\"{1}\" object-type=\"user\">\n" + body + " </cs-object>\n"))
        #expect(s.v(0, "hologram") == .string(chosen))
        #expect(s.v(0, "displayName") == .string(chosen))
        #expect(s.v(0, "dn") == .string("CN={\(chosen)}"))
        // Only the chosen hologram's attributes are kept.
        for name in order {
            #expect((s.v(0, "only-\(name)") != nil) == (name == chosen))
        }
    }

    /// An object without any hologram has only its own attributes.
    @Test func noHologram() throws {
        let s = try load(doc(" <cs-object cs-dn=\"CN={A}\" id=\"{1}\" object-type=\"contact\"><connector>0</connector></cs-object>\n"))
        #expect(s.objects.map(\.kind) == [.contact])
        #expect(s.v(0, "hologram") == nil)
        #expect(s.v(0, "connector") == .string("0"))
    }

    /// Each delta container: the pending export comes from unapplied-export, else escrowed-export,
    /// else unconfirmed-export; pending-import is kept apart.
    @Test(arguments: [
        (["unapplied-export:add", "escrowed-export:update"], "add" as String?, nil as String?),
        (["escrowed-export:update", "unapplied-export:delete"], "delete", nil),
        (["unconfirmed-export:replace", "escrowed-export:update"], "update", nil),
        (["unconfirmed-export:replace"], "replace", nil),
        (["pending-import:update"], nil, "update"),
        (["pending-import:add", "unapplied-export:update"], "update", "add"),
    ] as [([String], String?, String?)])
    func deltas(boxes: [String], export: String?, pendingImport: String?) throws {
        var body = ""
        for box in boxes {
            let parts = box.split(separator: ":").map(String.init)
            body += "  <\(parts[0])><delta operation=\"\(parts[1])\" dn=\"CN={A}\">"
                + "<attr name=\"a-\(parts[0])\" type=\"string\" multivalued=\"false\" operation=\"add\"><value operation=\"add\">1</value></attr>"
                + "<dn-attr name=\"m-\(parts[0])\" multivalued=\"true\" operation=\"update\"><dn-value operation=\"add\"><dn>CN={M}</dn></dn-value></dn-attr>"
                + "</delta></\(parts[0])>\n"
        }
        let s = try load(doc(" <cs-object cs-dn=\"CN={A}\" id=\"{1}\" object-type=\"user\">\n" + body + " </cs-object>\n"))
        #expect(s.v(0, "pending-export") == export.map(Value.string))
        #expect(s.v(0, "pending-import") == pendingImport.map(Value.string))
        if let export {
            let box = boxes.first { $0.hasSuffix(":" + export) && !$0.hasPrefix("pending-import") }!.split(separator: ":")[0]
            #expect(s.v(0, "pending-attributes") == .list([.string("a-\(box)"), .string("m-\(box)")]))
        } else {
            #expect(s.v(0, "pending-attributes") == nil)
        }
        if pendingImport != nil {
            #expect(s.v(0, "pending-import-attributes") == .list([.string("a-pending-import"), .string("m-pending-import")]))
        }
    }

    /// A delete delta has no attributes: only the operation is kept.
    @Test func deleteDelta() throws {
        let s = try load(doc(" <cs-object cs-dn=\"CN={A}\" id=\"{1}\" object-type=\"user\"><unapplied-export><delta operation=\"delete\" dn=\"CN={A}\"/></unapplied-export></cs-object>\n"))
        #expect(s.v(0, "pending-export") == .string("delete"))
        #expect(s.v(0, "pending-attributes") == nil)
    }

    // MARK: - Errors of the sync engine

    /// The older form: the detail's attributes and `cd-error` inside an `<export-error>` child.
    @Test func olderExportErrorForm() throws {
        let s = try load(doc(object(extra: """
              <export-errordetail>
               <export-error first-occurred="2023-12-31 23:59:59.000" date-occurred="2024-01-01 00:00:00.500" retry-count="12" error-type="cd-error">
                <cd-error><error-code>0x80230701</error-code><error-literal>A duplicate value</error-literal><server-error-detail>detail</server-error-detail></cd-error>
               </export-error>
              </export-errordetail>

            """)))
        #expect(s.v(0, "exportError") == .record(Record([
            .init(name: "errorType", value: .string("cd-error")),
            .init(name: "firstOccurred", value: .date(1_704_067_199)),
            .init(name: "dateOccurred", value: .date(1_704_067_200.5)),
            .init(name: "retryCount", value: .int(12)),
            .init(name: "errorCode", value: .string("0x80230701")),
            .init(name: "errorLiteral", value: .string("A duplicate value")),
            .init(name: "serverErrorDetail", value: .string("detail")),
        ])))
        #expect(s.v(0, "errorType") == .string("cd-error"))
    }

    /// `errorType` is `error-type`, or `error-name` when the type is missing or the generic
    /// `cd-error`; an import error supplies it when there is no export error.
    @Test(arguments: [
        (#"<export-errordetail error-type="LargeObject"><export-status><cd-error><error-name>X</error-name></cd-error></export-status></export-errordetail>"#, "LargeObject"),
        (#"<export-errordetail error-type="cd-error"><export-status><cd-error><error-name>InvalidSoftMatch</error-name></cd-error></export-status></export-errordetail>"#, "InvalidSoftMatch"),
        (#"<export-errordetail><export-status><cd-error><error-name>ObjectTypeMismatch</error-name></cd-error></export-status></export-errordetail>"#, "ObjectTypeMismatch"),
        (#"<import-errordetail error-type="duplicate-object"/>"#, "duplicate-object"),
        (#"<import-errordetail error-type="x"/><export-errordetail error-type="DataValidationFailed"/>"#, "DataValidationFailed"),
    ])
    func errorType(xml: String, expected: String) throws {
        let s = try load(doc(object(extra: "  " + xml + "\n")))
        #expect(s.v(0, "errorType") == .string(expected))
    }

    /// An import error becomes `importError`, with the extension error's fields.
    @Test func importError() throws {
        let s = try load(doc(object(extra: """
              <import-errordetail first-occurred="2024-05-01 10:00:00.000" date-occurred="2024-05-01 10:30:00.000" retry-count="0" error-type="extension-error">
               <import-status><algorithm-step>sync-rule</algorithm-step><extension-error-info><extension-name>Rules</extension-name><call-stack>at X()</call-stack></extension-error-info></import-status>
              </import-errordetail>

            """)))
        #expect(s.v(0, "importError") == .record(Record([
            .init(name: "errorType", value: .string("extension-error")),
            .init(name: "firstOccurred", value: .date(1_714_557_600)),
            .init(name: "dateOccurred", value: .date(1_714_559_400)),
            .init(name: "retryCount", value: .int(0)),
            .init(name: "algorithmStep", value: .string("sync-rule")),
            .init(name: "extensionName", value: .string("Rules")),
            .init(name: "callStack", value: .string("at X()")),
        ])))
        #expect(s.v(0, "exportError") == nil)
        #expect(s.v(0, "errorType") == .string("extension-error"))
    }

    /// `extra-error-details` JSON in either shape names the conflicting object; other text stays
    /// text only.
    @Test(arguments: [
        (#"[{"Key":"ObjectIdInConflict","Value":["c1"]},{"Key":"AttributeConflictName","Value":["UserPrincipalName"]},{"Key":"AttributeConflictValues","Value":["a@contoso.com"]}]"#,
         "c1" as String?, "UserPrincipalName" as String?, ["a@contoso.com"] as [String]?),
        (#"{"ObjectIdInConflict":"c2","AttributeConflictName":"ProxyAddresses","AttributeConflictValues":["smtp:a@x","SMTP:b@x"]}"#,
         "c2", "ProxyAddresses", ["smtp:a@x", "SMTP:b@x"]),
        (#"[{"key":"objectidinconflict","value":"c3"}]"#, "c3", nil, nil),
        ("The object could not be exported.", nil, nil, nil),
        ("[not json", nil, nil, nil),
    ])
    func extraErrorDetails(text: String, objectId: String?, attribute: String?, values: [String]?) throws {
        let escaped = text.replacingOccurrences(of: "\"", with: "&quot;")
        let s = try load(doc(object(extra: "  <export-errordetail error-type=\"X\"><export-status><cd-error><extra-error-details>\(escaped)</extra-error-details></cd-error></export-status></export-errordetail>\n")))
        #expect(s.field(0, "exportError", "extraErrorDetails") == .string(text))
        #expect(s.field(0, "exportError", "conflictObjectId") == objectId.map(Value.string))
        #expect(s.field(0, "exportError", "conflictAttribute") == attribute.map(Value.string))
        #expect(s.field(0, "exportError", "conflictValues") == values.map { .list($0.map(Value.string)) })
    }

    /// Dates and counts that do not parse are kept as text, not dropped.
    @Test func unparsedDateAndCount() throws {
        let s = try load(doc(object(extra: #"  <export-errordetail first-occurred="yesterday" date-occurred="2024-05-01 10:00:00.000" retry-count="many" error-type="X"/>"# + "\n")))
        #expect(s.field(0, "exportError", "firstOccurred") == .string("yesterday"))
        #expect(s.field(0, "exportError", "dateOccurred") == .date(1_714_557_600))
        #expect(s.field(0, "exportError", "retryCount") == .string("many"))
    }

    // MARK: - What is ignored

    /// Unknown elements anywhere, comments, processing instructions and containers the reader
    /// does not use are skipped without failing or losing objects.
    @Test func unknownElementsAreIgnored() throws {
        let text = """
            <?xml version="1.0"?>
            <?xml-stylesheet href="x.css"?>
            <!-- exported by csexport -->
            <cs-objects>
             <header version="2"><note>ignored</note></header>
             <cs-object cs-dn="CN={A}" id="{1}" object-type="user">
              <sequencers><current><batch-number>1</batch-number></current></sequencers>
              <mv-link lineage-type="provisioning-rules">{MV-1}</mv-link>
              <future-element><deep><deeper>x</deeper></deep></future-element>
              <synchronized-hologram>
               <entry dn="CN={A}">
                <anchor encoding="base64">AAEC</anchor>
                <unknown-part><attr name="ghost" type="string" multivalued="false"><value>x</value></attr></unknown-part>
                <attr name="displayName" type="string" multivalued="false"><value>A</value><!-- note --></attr>
               </entry>
              </synchronized-hologram>
              <cs-object cs-dn="CN={nested}" id="{9}" object-type="group"/>
             </cs-object>
             <trailer/>
             <cs-object cs-dn="CN={B}" id="{2}" object-type="group"/>
            </cs-objects>

            """
        let s = try load(text)
        #expect(s.objects.count == 2)
        #expect(s.objects.map(\.kind) == [.user, .group])
        #expect(s.objects.map(\.line) == [6, 20])
        #expect(s.v(0, "displayName") == .string("A"))
        #expect(s.v(0, "mv-link") == .string("{MV-1}"))
        for name in ["sequencers", "future-element", "ghost", "anchor", "header", "note", "deeper"] {
            #expect(s.v(0, name) == nil, "\(name)")
        }
        #expect(s.warnings.isEmpty)
    }

    /// CRLF line ends (Windows) and a UTF-16 file whose declaration says UTF-16: `InputFile` has
    /// transcoded it, and the reader hands the parser a UTF-8 declaration.
    @Test func crlfAndUTF16() throws {
        let text = doc(object(attrs: attr("displayName", ["Søren"])), object(type: "group")).replacingOccurrences(of: "\n", with: "\r\n")
        let s = try load(text)
        #expect(s.objects.map(\.line) == [3, 11])
        let utf16 = text.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"utf-16\"")
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in utf16.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let s16 = try load(bytes)
        #expect(s16.objects.map(\.line) == [3, 11])
        #expect(s16.v(0, "displayName") == .string("Søren"))
    }

    /// A document with no objects is an empty snapshot, not an error.
    @Test func noObjects() throws {
        #expect(try load("<cs-objects/>").objects.isEmpty)
        #expect(try load("<?xml version=\"1.0\"?>\n<cs-objects>\n</cs-objects>\n").objects.isEmpty)
    }

    /// DOCTYPEs that declare no entity and name no external DTD are harmless and accepted.
    @Test(arguments: [
        "<!DOCTYPE cs-objects>\n",
        "<!DOCTYPE cs-objects [\n <!ELEMENT cs-objects ANY>\n <!ATTLIST cs-object id CDATA \"]>%\">\n <!-- <!ENTITY x \"y\"> -->\n]>\n",
    ])
    func harmlessDoctype(doctype: String) throws {
        let s = try load("<?xml version=\"1.0\"?>\n" + doctype + "<cs-objects><cs-object cs-dn=\"CN={A}\" id=\"{1}\" object-type=\"user\"/></cs-objects>\n")
        #expect(s.objects.count == 1)
    }

    // MARK: - Streaming

    /// Many objects stream through with the right counts and lines; the builder sees each one
    /// as it ends (the reader keeps no list of objects of its own).
    @Test func manyObjects() throws {
        let count = 20_000
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<cs-objects>\n"
        text.reserveCapacity(count * 700)
        let types = ["user", "group", "contact", "person"]
        for i in 0..<count {
            let withError = i % 7 == 0
            text += " <cs-object cs-dn=\"CN={\(i)}\" id=\"{\(i)}\" object-type=\"\(types[i % 4])\">\n"
            text += "  <synchronized-hologram><entry dn=\"CN={\(i)}\"><primary-objectclass>\(types[i % 4])</primary-objectclass>\n"
            text += "   <attr name=\"displayName\" type=\"string\" multivalued=\"false\"><value>Object \(i)</value></attr>\n"
            text += "   <attr name=\"proxyAddresses\" type=\"string\" multivalued=\"true\"><value>SMTP:o\(i)@contoso.com</value><value>smtp:x\(i)@contoso.com</value></attr>\n"
            text += "  </entry></synchronized-hologram>\n"
            if withError {
                text += "  <export-errordetail retry-count=\"\(i)\" error-type=\"AttributeValueMustBeUnique\"/>\n"
            }
            text += " </cs-object>\n"
        }
        text += "</cs-objects>\n"
        let s = try load(text)
        #expect(s.objects.count == count)
        let counts = s.countsByKind
        #expect(counts[.user] == count / 2)
        #expect(counts[.group] == count / 4)
        #expect(counts[.contact] == count / 4)
        #expect(s.objects.filter { s.value(of: $0, "exportError") != nil }.count == (count + 6) / 7)
        #expect(s.v(count - 1, "displayName") == .string("Object \(count - 1)"))
        #expect(s.field(19_999 - 19_999 % 7, "exportError", "retryCount") == .int(Int64(19_999 - 19_999 % 7)))
        // Object i starts on line 3 + 6·i + (number of error lines before it).
        let lines = s.objects.map(\.line)
        #expect(lines[0] == 3 && lines[1] == 10 && lines[7] == 3 + 7 * 6 + 1)
        #expect(zip(lines, lines.dropFirst()).allSatisfy { $0 < $1 })
    }

    // MARK: - Malformed and hostile input

    /// Each error id with its exact location (file:line:column).
    @Test(arguments: [
        // xml.syntax
        ("mismatched tag", "<cs-objects>\n <cs-object id=\"1\">\n </cs-objectx>\n</cs-objects>\n", "xml.syntax", "t.xml:3:15"),
        ("cut short inside an object", "<cs-objects>\n <cs-object id=\"1\">\n  <connector>1</connector>\n", "xml.syntax", "t.xml:3:27"),
        ("cut short inside a tag", "<cs-objects>\n <cs-object id=\"1\">\n  <attr name=\"x\"", "xml.syntax", "t.xml:3:17"),
        ("cut short after the root start", "<cs-objects>", "xml.syntax", "t.xml:1:13"),
        ("bare ampersand", "<cs-objects>\n <cs-object cs-dn=\"AT&T\"/>\n</cs-objects>\n", "xml.syntax", "t.xml:2:24"),
        ("unquoted attribute", "<cs-objects>\n <cs-object id=1/>\n</cs-objects>\n", "xml.syntax", "t.xml:2:16"),
        ("content after the root", "<cs-objects/>\n<cs-objects/>\n", "xml.syntax", "t.xml:2:1"),
        ("empty file", "", "xml.syntax", "t.xml:1:1"),
        ("comment only", "<!-- nothing -->\n", "xml.syntax", "t.xml:2:1"),
        // xml.not-csexport
        ("other root", "<?xml version=\"1.0\"?>\n<users>\n <user/>\n</users>\n", "xml.not-csexport", "t.xml:2:7"),
        ("run history", "<run-history><run-details/></run-history>", "xml.not-csexport", "t.xml:1:13"),
        // xml.entities
        ("internal entity", "<?xml version=\"1.0\"?>\n<!DOCTYPE cs-objects [\n  <!ENTITY a \"x\">\n]>\n<cs-objects>&a;</cs-objects>", "xml.entities", "t.xml:3:3"),
        ("external entity", "<!DOCTYPE cs-objects [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n<cs-objects>&xxe;</cs-objects>", "xml.entities", "t.xml:1:24"),
        ("external DTD", "<!DOCTYPE cs-objects SYSTEM \"http://example.com/x.dtd\">\n<cs-objects/>", "xml.entities", "t.xml:1:22"),
        ("public DTD", "<!DOCTYPE cs-objects PUBLIC \"-//X//EN\" \"x.dtd\">\n<cs-objects/>", "xml.entities", "t.xml:1:22"),
        ("parameter entity", "<!DOCTYPE cs-objects [\n %pe;\n]>\n<cs-objects/>", "xml.entities", "t.xml:2:2"),
        ("entity after quoted ]>", "<!DOCTYPE x [\n<!ATTLIST a b CDATA \"]>\">\n<!-- ]> -->\n<!ENTITY e \"v\">\n]>\n<cs-objects/>", "xml.entities", "t.xml:4:1"),
        ("undeclared entity reference", "<cs-objects>\n <cs-object cs-dn=\"&ghost;\"/>\n</cs-objects>\n", "xml.entities", "t.xml:2:27"),
        ("entity reference in text", "<cs-objects>\n <cs-object><ma-name>&ghost;</ma-name></cs-object>\n</cs-objects>\n", "xml.entities", "t.xml:2:29"),
    ])
    func errors(name: String, text: String, id: String, at: String) {
        let e = loadError(text)
        #expect(e?.id == id, "\(name): \(e.map { "\($0)" } ?? "no error")")
        #expect(e.map { "\($0.location)" } == at, "\(name): \(e.map { "\($0)" } ?? "no error")")
    }

    /// The messages say what is wrong in words, with libxml2's error number for the record.
    @Test func messages() throws {
        let cut = try #require(loadError("<cs-objects>\n <cs-object id=\"1\">\n  <connector>1</connector>\n"))
        #expect(cut.message == "XML is not well-formed: the document ends inside <cs-object> (opened at line 2): the export was cut short (libxml2 error 5)")
        let mismatch = try #require(loadError("<cs-objects>\n <cs-object id=\"1\">\n </cs-objectx>\n</cs-objects>\n"))
        #expect(mismatch.message == "XML is not well-formed: a closing tag does not match <cs-object> (opened at line 2) (libxml2 error 76)")
        for empty in ["", "\n", "<!-- nothing -->\n"] {
            let none = try #require(loadError(empty))
            #expect(none.message == "XML is not well-formed: there is no root element (the file is empty or holds only comments)"
                        + (empty.hasPrefix("<") ? " (libxml2 error 5)" : ""))
        }
        let extra = try #require(loadError("<cs-objects/>\n<cs-objects/>\n"))
        #expect(extra.message == "XML is not well-formed: extra content at the end of the document (libxml2 error 5)")
        let root = try #require(loadError("<users/>"))
        #expect(root.message == "the root element is <users>, not <cs-objects>: this is not a csexport connector-space export")
        let entity = try #require(loadError("<!DOCTYPE x [<!ENTITY a \"b\">]><cs-objects/>"))
        #expect(entity.message == "the DOCTYPE declares an entity: dirq does not expand XML entities")
    }

    /// Invalid UTF-8 bytes (not just U+FFFD text) are a syntax error at their place.
    @Test func invalidUTF8Bytes() throws {
        let bytes = Array("<cs-objects>\n <cs-object cs-dn=\"".utf8) + [0xC3, 0x28] + Array("\"/>\n</cs-objects>\n".utf8)
        let e = try #require(loadError(bytes))
        #expect(e.id == "xml.syntax")
        #expect("\(e.location)".hasPrefix("t.xml:2:"))
    }

    /// The billion-laughs document is refused at once, before any expansion: no time, no memory.
    @Test func billionLaughsRefusedQuickly() throws {
        var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        for i in 1...9 {
            let prev = i == 1 ? "lol" : "lol\(i - 1)"
            text += " <!ENTITY lol\(i) \"" + String(repeating: "&\(prev);", count: 10) + "\">\n"
        }
        text += "]>\n<cs-objects><cs-object cs-dn=\"&lol9;\" id=\"1\" object-type=\"user\">&lol9;</cs-object></cs-objects>\n"
        let start = Date()
        let e = try #require(loadError(text))
        #expect(Date().timeIntervalSince(start) < 1)
        #expect(e.id == "xml.entities")
        #expect("\(e.location)" == "t.xml:3:2")
    }

    /// An external entity is refused before the parser could read the file it names.
    @Test func externalEntityRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirq-xxe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let secret = dir.appendingPathComponent("secret.txt")
        try Data("TOP-SECRET".utf8).write(to: secret)
        let text = "<!DOCTYPE cs-objects [<!ENTITY xxe SYSTEM \"\(secret.absoluteString)\">]>\n"
            + "<cs-objects><cs-object cs-dn=\"CN={A}\" id=\"1\" object-type=\"user\"><ma-name>&xxe;</ma-name></cs-object></cs-objects>\n"
        let e = try #require(loadError(text))
        #expect(e.id == "xml.entities")
        #expect(!e.message.contains("TOP-SECRET"))
    }

    // MARK: - The sample

    /// `SnapshotLoader.load` detects the sample as XML, reads it as the sync engine's side, and
    /// finds the seven planted export errors, each naming the same anchor as the on-prem object.
    @Test func contosoSample() throws {
        let path = Paths.examples.appendingPathComponent("contoso/csexport-aad.xml").path
        let s = try SnapshotLoader.load(path: path)
        #expect(s.format == .xml)
        #expect(s.side == .engine)
        #expect(s.objects.count == 7)
        #expect(s.countsByKind == [.user: 7])
        #expect(s.warnings.isEmpty)
        let withErrors = s.objects.filter { s.value(of: $0, "exportError") != nil }
        #expect(withErrors.count == 7)
        var byType: [String: [String]] = [:]
        for o in s.objects {
            byType[s.value(of: o, "errorType")?.stringValue ?? "?", default: []].append(s.value(of: o, "displayName")?.stringValue ?? "?")
        }
        #expect(byType == [
            "AttributeValueMustBeUnique": ["Jane Doe", "Joseph Quinn", "Sam Wilson"],
            "InvalidSoftMatch": ["Olivia Martin"], "ObjectTypeMismatch": ["Tax Office"],
            "LargeObject": ["Carlos Mendes"], "DataValidationFailed": ["Nina Schultz"],
        ])
        let conflicts = s.objects.map { o -> String in
            guard case .record(let r)? = s.value(of: o, "exportError") else { return "-" }
            return r["conflictObjectId"]?.stringValue ?? "-"
        }
        #expect(conflicts == ["7aeef728-b76c-4a04-870d-d9beade02771", "aaafd789-2467-4cd2-9934-cb6868900991",
                              "2cd4d10e-a443-46b1-bbb6-5e9ae1ffbecc", "038832b9-9826-4f76-a3e9-676cf6729353",
                              "e499bcbd-16e3-4994-b425-df5fafde6d5e", "-", "-"])
        // Objects Entra already has come with their synchronized hologram, the refused adds without.
        #expect(s.objects.map { s.value(of: $0, "hologram")?.stringValue ?? "" } == [
            "synchronized-hologram", "synchronized-hologram", "synchronized-hologram", "unapplied-export-hologram",
            "unapplied-export-hologram", "synchronized-hologram", "unapplied-export-hologram",
        ])
        #expect(s.objects.map { s.value(of: $0, "pending-export")?.stringValue ?? "" } == [
            "update", "update", "update", "add", "add", "update", "add",
        ])
        #expect(s.value(of: s.objects[5], "proxyAddresses")?.elements.count == 311)

        // Each sourceAnchor is the on-prem object's anchor: mS-DS-ConsistencyGuid, else objectGUID.
        let onprem = try SnapshotLoader.load(path: Paths.examples.appendingPathComponent("contoso/onprem.ldif").path)
        for o in s.objects {
            let dn = try #require(s.value(of: o, "onPremisesDistinguishedName")?.stringValue)
            let twin = try #require(onprem.objects.first { onprem.value(of: $0, "dn")?.stringValue == dn })
            let anchor = onprem.value(of: twin, "mS-DS-ConsistencyGuid") ?? onprem.value(of: twin, "objectGUID")
            #expect(s.value(of: o, "sourceAnchorBinary") == anchor, "\(dn)")
            guard let b = anchor.flatMap(GUIDText.bytes(of:)) else { Issue.record("no anchor for \(dn)"); continue }
            #expect(s.value(of: o, "sourceAnchor") == .bytes(b), "\(dn)")
            #expect(s.value(of: o, "cs-dn") == .string("CN={" + Data(b).base64EncodedString().utf8.map { String(format: "%02X", $0) }.joined() + "}"))
        }
    }
}
