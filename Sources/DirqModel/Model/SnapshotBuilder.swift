import Foundation

/// Collects the objects a loader reads, interning attribute names, and decides each object's kind
/// and the snapshot's side from the content. Loaders only call `beginObject`, `add` and
/// `endObject`; everything directory-specific about the model lives here.
public struct SnapshotBuilder: Sendable {
    public let path: String
    public let format: SnapshotFormat
    /// Kind for objects whose content does not say (for example the objects of a Graph `/groups`
    /// export without `@odata.type`).
    public var defaultKind: ObjectKind = .other
    /// The kind a `load "…" kind …` clause gives the objects whose content names no class.
    public var declaredKind: ObjectKind?
    /// PowerShell's `#TYPE` name of a CSV export (`Microsoft.Online.Administration.User`): it
    /// names the kind of class-less objects and the side (`ExportFlavour.typeName`).
    public var typeName: String? {
        didSet { typeInfo = typeName.flatMap(ExportFlavour.typeName) }
    }
    private var typeInfo: ExportFlavour.TypeName?
    /// How many objects got their kind from something other than a class value, by reason.
    private var kindReasons: [(reason: String, count: Int)] = []
    /// The fallback rule last applied and what it gave: objects of one file almost always take
    /// the same rule, so a reason string is built once per file, not once per object.
    private var ruleCache: (key: RuleKey, kind: ObjectKind, reason: Int?)?
    private struct RuleKey: Equatable {
        package var declared: ObjectKind?, context: ObjectKind, type: ObjectKind?, attributes: Int
    }
    /// What the columns say (`KindEvidence`), for the schema of `evidenceForCount` attributes.
    private var evidence: (ObjectKind, String)?
    private var evidenceForCount = -1
    /// When set, values of other attributes are dropped (their names are still recorded).
    public var projection: Projection?
    /// Per attribute id: 0 not decided yet, 1 kept, 2 dropped by the projection.
    private var keepByID: [UInt8] = []
    /// How an ambiguous slash date (`05/01/2023`) is read; nil: month first, with a warning when
    /// the file shows day-first dates elsewhere (`--date-order` sets it).
    public var dateOrder: DateParsing.DayMonthOrder?
    /// What the file's slash dates said: the first record with a date that reads only day first,
    /// only month first, and how many could be either.
    private var dateEvidence = DateEvidence()
    /// Per attribute id: its catalogue type (`AttributeType.rawValue` + 1; 0 not looked up yet),
    /// with bit 7 set for an attribute that is multi-valued in AD or Graph.
    private var typeByID: [UInt8] = []

    public private(set) var schema = Schema()
    /// The objects read so far, stored by attribute.
    private var store = ObjectStoreBuilder()
    public private(set) var warnings: [LoadWarning] = []
    private var current: PendingObject?
    /// The current object's text fields given as UTF-8 (`addText`), kept as bytes until the store
    /// takes them: string `j` is `textBytes[textEnds[j - 1] ..< textEnds[j]]`. Reused from object
    /// to object.
    private var texts: [ObjectStoreBuilder.TextField] = []
    private var textBytes: [UInt8] = []
    private var textEnds: [Int32] = []

    /// The object being read: its fields in the order the file gives them, until `endObject`.
    private struct PendingObject {
        var kind: ObjectKind
        var line: Int
        var fields: [DirObject.Field] = []

        func value(_ id: Schema.ID) -> Value? {
            for f in fields where f.attribute == id { return f.value }
            return nil
        }
    }

    /// How many objects have been read.
    public var objectCount: Int { store.count }

    /// Attribute ids by position in the previous object: exports repeat the same attributes in
    /// the same order, so most names are found here without hashing.
    private var positionCache: [(name: String, id: Schema.ID)] = []
    private var position = 0
    /// Ids of the attributes that name an object's kind, in priority order (refreshed when the
    /// schema grows).
    private var kindHints: [(id: Schema.ID, isCategory: Bool)] = []
    private var kindHintsForCount = -1
    private var kindByClass: [String: ObjectKind?] = [:]
    /// The class names `kind(ofClassText:)` has met, as bytes, with their kinds.
    private var classTexts: [(bytes: [UInt8], kind: ObjectKind?)] = []

    public init(path: String, format: SnapshotFormat) {
        self.path = path
        self.format = format
    }

    /// Starts a new object whose record begins at `line`.
    public mutating func beginObject(line: Int) {
        if current != nil { endObject() }
        current = PendingObject(kind: defaultKind, line: line)
        current!.fields.reserveCapacity(4)
        texts.removeAll(keepingCapacity: true)
        textBytes.removeAll(keepingCapacity: true)
        textEnds.removeAll(keepingCapacity: true)
        position = 0
    }

    /// The id of an attribute name (compared case-insensitively), adding it when new.
    public mutating func attributeID(_ name: String) -> Schema.ID {
        if position < positionCache.count, positionCache[position].name == name { return positionCache[position].id }
        let id = schema.intern(name)
        if position < positionCache.count { positionCache[position] = (name, id) } else { positionCache.append((name, id)) }
        return id
    }

    /// Adds a value of the current object. A second value for the same attribute (names compared
    /// case-insensitively) makes the attribute multi-valued.
    public mutating func add(_ name: String, _ value: Value) {
        precondition(current != nil, "add outside an object")
        let id = attributeID(name)
        position += 1
        add(id, value)
    }

    /// `add` of the attribute with id `id` (`attributeID`): for readers that keep each name's id.
    package mutating func add(_ id: Schema.ID, _ value: Value) {
        precondition(current != nil, "add outside an object")
        if projection != nil && !keeps(id) { return }
        store(id, value)
    }

    /// Adds a text value given as its UTF-8 bytes: the same as `add(name, .string(…))` of those
    /// bytes, without making the string. The bytes must be valid UTF-8, which the readers know
    /// already (the CSV reader scans the whole file, or each window, and transcodes a file that
    /// is not; the LDIF reader checks each value, keeping bad ones as bytes). Text of an
    /// attribute the catalogue types (a date, a GUID) takes `add`.
    public mutating func addText(_ name: String, _ text: UnsafeBufferPointer<UInt8>) {
        precondition(current != nil, "add outside an object")
        let id = attributeID(name)
        position += 1
        addText(id, text)
    }

    /// `addText` of the attribute with id `id` (`attributeID`): for readers that keep each
    /// name's id.
    package mutating func addText(_ id: Schema.ID, _ text: UnsafeBufferPointer<UInt8>) {
        precondition(current != nil, "add outside an object")
        assert(String(validating: text, as: UTF8.self) != nil, "addText needs UTF-8")
        if projection != nil && !keeps(id) { return }
        let (type, multiValued) = catalogue(id)
        guard type == .unknown else {
            store(id, .string(String(decoding: text, as: UTF8.self)))
            return
        }
        // A repeated attribute is usually the one just added (LDIF values, split CSV cells).
        if let last = texts.last, last.attribute == id, Int(last.first + last.count) == textEnds.count {
            textBytes.append(contentsOf: text)
            textEnds.append(Int32(textBytes.count))
            texts[texts.count - 1].count += 1
            texts[texts.count - 1].listed = true
            return
        }
        if current!.fields.contains(where: { $0.attribute == id }) || texts.contains(where: { $0.attribute == id }) {
            store(id, .string(String(decoding: text, as: UTF8.self)))
            return
        }
        textBytes.append(contentsOf: text)
        textEnds.append(Int32(textBytes.count))
        texts.append(.init(attribute: id, first: Int32(textEnds.count - 1), count: 1, listed: multiValued))
    }

    /// The value of text field `t` of the current object.
    private func textValue(_ t: ObjectStoreBuilder.TextField) -> Value {
        func string(_ j: Int) -> Value {
            let start = j == 0 ? 0 : Int(textEnds[j - 1])
            return textBytes.withUnsafeBufferPointer {
                .string(String(decoding: UnsafeBufferPointer(rebasing: $0[start..<Int(textEnds[j])]), as: UTF8.self))
            }
        }
        let range = Int(t.first)..<Int(t.first + t.count)
        return t.listed ? .list(range.map(string)) : string(range.lowerBound)
    }

    /// The value of the current object's text field of attribute `id`, if it has one.
    private func textValue(of id: Schema.ID) -> Value? {
        for t in texts where t.attribute == id { return textValue(t) }
        return nil
    }

    /// Whether text field `t` holds a non-empty string.
    private func textIsEmpty(_ t: ObjectStoreBuilder.TextField) -> Bool {
        let start = t.first == 0 ? 0 : textEnds[Int(t.first) - 1]
        return textEnds[Int(t.first + t.count) - 1] == start
    }

    /// Adds a value of a kept attribute to the current object.
    private mutating func store(_ id: Schema.ID, _ value: Value) {
        // A value met after text given as bytes for the same attribute: the text becomes a field.
        if !texts.isEmpty, let t = texts.firstIndex(where: { $0.attribute == id }) {
            current!.fields.append(.init(attribute: id, value: textValue(texts[t])))
            texts.remove(at: t)
        }
        let (type, multiValued) = catalogue(id)
        let original = value
        var value = type.convert(value, dateOrder: dateOrder ?? .monthFirst)
        if type == .dateTime { noteDateOrder(original, read: value) }
        // A multi-valued attribute is a list even when an object holds one value, whatever the
        // export (LDIF writes one line, JSON a one-element array).
        if multiValued {
            switch value {
            case .list, .null: break
            default: value = .list([value])
            }
        }
        // A repeated attribute is usually the one just added (LDIF values, split CSV cells).
        if let last = current!.fields.last, last.attribute == id {
            appendValue(value, at: current!.fields.count - 1)
        } else if let i = current!.fields.firstIndex(where: { $0.attribute == id }) {
            appendValue(value, at: i)
        } else {
            current!.fields.append(.init(attribute: id, value: value))
        }
    }

    /// Makes field `i` of the current object a list and appends `value`'s elements, in place (the
    /// list is taken out of the field first so that it is uniquely referenced and grows without a
    /// copy: an attribute with n values costs n appends, not n² copies).
    private mutating func appendValue(_ value: Value, at i: Int) {
        var list: [Value]
        switch current!.fields[i].value {
        case .list(let l): list = l
        case .null: list = []
        case let v: list = [v]
        }
        current!.fields[i].value = .null
        switch value {
        case .list(let l): list.append(contentsOf: l)
        case .null: break
        default: list.append(value)
        }
        current!.fields[i].value = .list(list)
    }

    /// Records what the numbers of a text date that was read as a date say about the file's
    /// day/month order.
    private mutating func noteDateOrder(_ original: Value, read: Value) {
        switch (original, read) {
        case (.string(let s), .date): noteDateOrder(s)
        case (.list(let a), .list(let b)) where a.count == b.count:
            for (x, y) in zip(a, b) {
                if case .string(let s) = x, case .date = y { noteDateOrder(s) }
            }
        default: return
        }
    }

    private mutating func noteDateOrder(_ s: String) {
        switch DateParsing.slashEvidence(s) {
        case .notSlashDate: return
        case .ambiguous:
            dateEvidence.ambiguous += 1
            if dateEvidence.ambiguousExample == nil { dateEvidence.ambiguousExample = (s, current?.line ?? 0) }
        case .dayFirst: if dateEvidence.dayFirst == nil { dateEvidence.dayFirst = (s, current?.line ?? 0) }
        case .monthFirst: if dateEvidence.monthFirst == nil { dateEvidence.monthFirst = (s, current?.line ?? 0) }
        }
    }

    /// The catalogue type of attribute `id` and whether it is multi-valued, looked up once per
    /// attribute.
    private mutating func catalogue(_ id: Schema.ID) -> (AttributeType, Bool) {
        let i = Int(id)
        if i >= typeByID.count { typeByID.append(contentsOf: repeatElement(0, count: i + 1 - typeByID.count)) }
        if typeByID[i] == 0 {
            let name = schema[id].name
            typeByID[i] = AttributeType.of(name).rawValue + 1
            if AttributeCatalog.multiValued.contains(name.lowercased()) { typeByID[i] |= 0x80 }
        }
        return (AttributeType(rawValue: (typeByID[i] & 0x7F) - 1)!, typeByID[i] & 0x80 != 0)
    }

    /// Whether values of attribute `id` are kept (always, without a projection).
    private mutating func keeps(_ id: Schema.ID) -> Bool {
        let i = Int(id)
        if i >= keepByID.count { keepByID.append(contentsOf: repeatElement(0, count: i + 1 - keepByID.count)) }
        if keepByID[i] == 0 { keepByID[i] = projection?.wants(schema[id].name) ?? true ? 1 : 2 }
        return keepByID[i] == 1
    }

    /// Whether the loader should read values of `name` at all (readers that can skip a value
    /// without decoding it ask once per distinct name).
    public func wants(_ name: String) -> Bool { projection?.wants(name) ?? true }

    /// Records that the file has attribute `name` whose values a reader skipped.
    public mutating func declare(_ name: String) { _ = schema.intern(name) }

    /// True while an object is open.
    public var inObject: Bool { current != nil }

    /// Finishes the current object: decides its kind and records which attributes it carries.
    public mutating func endObject() {
        guard var object = current else { return }
        current = nil
        object.kind = inferKind(object) ?? fallbackKind(object)
        for k in object.fields.indices where !object.fields[k].value.isEmpty {
            schema.record(object.fields[k].attribute, kind: object.kind, value: object.fields[k].value)
        }
        if texts.isEmpty {
            store.append(kind: object.kind, line: object.line, fields: object.fields)
            return
        }
        for t in texts where !textIsEmpty(t) {
            schema.recordText(t.attribute, kind: object.kind, strings: Int(t.count), listed: t.listed)
        }
        textBytes.withUnsafeBufferPointer { bytes in
            textEnds.withUnsafeBufferPointer { ends in
                store.append(kind: object.kind, line: object.line, fields: object.fields, texts: texts,
                             bytes: bytes, ends: ends)
            }
        }
        texts.removeAll(keepingCapacity: true)
        textBytes.removeAll(keepingCapacity: true)
        textEnds.removeAll(keepingCapacity: true)
    }

    /// A builder with this one's settings and nothing read, for a part of the same file read on
    /// another thread (its schema is its own; `append` maps it into this one's).
    package func emptyPart() -> SnapshotBuilder {
        var p = SnapshotBuilder(path: path, format: format)
        p.defaultKind = defaultKind
        p.declaredKind = declaredKind
        p.typeName = typeName
        p.projection = projection
        p.dateOrder = dateOrder
        return p
    }

    /// Appends the objects and warnings of a builder that read the next part of the same file
    /// (a parallel load): its attribute ids are renumbered into this schema, whose names then
    /// stand in the order a single reader would have met them.
    package mutating func append(_ other: inout SnapshotBuilder) {
        precondition(current == nil && other.current == nil, "append with an open object")
        var map: [Schema.ID] = []
        map.reserveCapacity(other.schema.attributes.count)
        for (i, attr) in other.schema.attributes.enumerated() {
            let id = schema.intern(attr.name)
            map.append(id)
            schema.absorbCounts(of: other.schema[Schema.ID(i)], into: id)
        }
        store.append(&other.store, attributeMap: map)
        warnings += other.warnings
        for r in other.kindReasons { count(r.reason, r.count) }
        dateEvidence.absorb(other.dateEvidence)
    }

    /// Records a counted warning.
    public mutating func warn(_ warning: LoadWarning) {
        warnings.append(warning)
    }

    /// The warning a file's dates call for: ambiguous slash dates read in one order while the file
    /// shows the other, or a file that writes both orders.
    private var dateOrderWarnings: [LoadWarning] {
        let e = dateEvidence
        func at(_ line: Int) -> SourceLocation { SourceLocation(file: path, line: line, column: 1) }
        if let d = e.dayFirst, let m = e.monthFirst {
            return [LoadWarning("dates.mixed-order", at: at(d.line),
                                "the file writes dates day first ('\(d.text)', line \(d.line)) and month first ('\(m.text)', line \(m.line)); \(e.ambiguous) that could be either were read \(dateOrder == .dayFirst ? "day" : "month") first",
                                hint: "check the export's culture; --date-order dmy or mdy chooses for the ambiguous ones")]
        }
        guard e.ambiguous > 0, let a = e.ambiguousExample else { return [] }
        if dateOrder == nil, let d = e.dayFirst {
            return [LoadWarning("dates.ambiguous-order", at: at(a.line),
                                "\(e.ambiguous) date\(e.ambiguous == 1 ? "" : "s") such as '\(a.text)' could be day or month first and \(e.ambiguous == 1 ? "was" : "were") read month first (en-US), but '\(d.text)' (line \(d.line)) can only be day first",
                                hint: "load it again with --date-order dmy to read them day first")]
        }
        if dateOrder == .dayFirst, let m = e.monthFirst {
            return [LoadWarning("dates.ambiguous-order", at: at(a.line),
                                "\(e.ambiguous) date\(e.ambiguous == 1 ? "" : "s") such as '\(a.text)' were read day first (--date-order dmy), but '\(m.text)' (line \(m.line)) can only be month first",
                                hint: "load it again without --date-order dmy")]
        }
        return []
    }

    /// The snapshot, with its side decided from content unless `side` is given.
    public func build(name: String, side: Side? = nil) -> Snapshot {
        var copy = self
        return copy.finish(name: name, side: side)
    }

    /// `build`, leaving this builder without its objects: the store is finished column by column
    /// instead of copied whole (see `ObjectStoreBuilder.take`). For the loader's last step.
    public mutating func finish(name: String, side: Side? = nil) -> Snapshot {
        let side = side ?? inferSide()
        var snapshot = Snapshot(name: name, path: path, format: format, side: side, schema: schema,
                                objects: store.take(), warnings: warnings + dateOrderWarnings)
        snapshot.projection = projection
        snapshot.kindNotes = kindReasons.map { r in
            let n = r.count
            return "\(n) \(r.reason.replacingOccurrences(of: "{s}", with: n == 1 ? "" : "s"))"
        }
        return snapshot
    }

    // MARK: - Content rules

    /// The most specific class names the object's kind: `objectClass` (last value) on-prem,
    /// `@odata.type` in Graph, `ObjectClass`/`ObjectType` columns in PowerShell exports.
    private mutating func inferKind(_ object: PendingObject) -> ObjectKind? {
        if kindHintsForCount != schema.attributes.count {
            kindHints = Self.kindHintNames.compactMap { hint in
                schema.id(of: hint).map { ($0, hint == "objectCategory") }
            }
            kindHintsForCount = schema.attributes.count
        }
        for (id, isCategory) in kindHints {
            if !isCategory, object.value(id) == nil, let t = texts.first(where: { $0.attribute == id }) {
                if let k = kind(ofClassText: t) { return k }
                continue
            }
            guard let v = object.value(id) ?? textValue(of: id) else { continue }
            if isCategory {
                // CN=Person,CN=Schema,... : the first RDN value names the category.
                if let s = v.firstElement?.stringValue, let cn = s.split(separator: ",").first {
                    let name = cn.split(separator: "=").last.map(String.init) ?? ""
                    if let k = ObjectKind.fromClassName(name) { return k }
                }
                continue
            }
            if let k = kind(ofClassValue: v) { return k }
        }
        return nil
    }

    /// The attributes that name an object's kind, in priority order.
    package static let kindHintNames = ["@odata.type", "odata.type", "objectClass", "ObjectType", "objectCategory"]

    /// The kind of an object whose content names no class (see `ExportFlavour` for the order),
    /// counted with its reason for the load line.
    private mutating func fallbackKind(_ object: PendingObject) -> ObjectKind {
        let key = RuleKey(declared: declaredKind, context: defaultKind, type: typeInfo?.kind,
                          attributes: schema.attributes.count)
        if let c = ruleCache, c.key == key {
            if let i = c.reason { kindReasons[i].count += 1 }
            return c.kind
        }
        let (kind, reason) = fallbackRule()
        var index: Int?
        if let reason {
            index = kindReasons.firstIndex { $0.reason == reason } ?? {
                kindReasons.append((reason, 0))
                return kindReasons.count - 1
            }()
            kindReasons[index!].count += 1
        }
        ruleCache = (key, kind, index)
        return kind
    }

    /// The rule that decides the kind of class-less objects now, and its reason (`{s}` stands
    /// for the plural ending).
    private mutating func fallbackRule() -> (ObjectKind, String?) {
        if let k = declaredKind {
            return (k, "\(k.rawValue){s} as the load statement says (kind \(k.rawValue))")
        }
        if defaultKind != .other {
            return (defaultKind, "\(defaultKind.rawValue){s} from the file's OData context")
        }
        if let t = typeInfo, let k = t.kind {
            return (k, "\(k == .other ? "other object" : k.rawValue){s} from the #TYPE line (\(t.source))")
        }
        if evidenceForCount != schema.attributes.count {
            // The sync engine's error exports name the object in error (its UPN, its SAM
            // account name) without being that object: their columns say nothing of a kind.
            evidence = looksLikeEngine ? nil : KindEvidence.kind(ofColumns: schema)
            evidenceForCount = schema.attributes.count
        }
        if let (k, why) = evidence {
            return (k, "\(k == .other ? "other object" : k.rawValue){s} from \(why) (no class column)")
        }
        return (.other, nil)
    }

    /// Adds `n` objects to a reason's count (merging a parallel reader's counts).
    private mutating func count(_ reason: String, _ n: Int) {
        guard n > 0 else { return }
        if let i = kindReasons.firstIndex(where: { $0.reason == reason }) {
            kindReasons[i].count += n
        } else {
            kindReasons.append((reason, n))
        }
    }

    /// `ObjectKind.fromObjectClass`, remembered per most specific class name: a file has a
    /// handful of classes and a million objects.
    private mutating func kind(ofClassValue v: Value) -> ObjectKind? {
        guard let last = v.elements.last?.stringValue else { return nil }
        if let known = kindByClass[last] { return known }
        let k = ObjectKind.fromClassName(last)
        if kindByClass.count < 1024 { kindByClass[last] = k }
        return k
    }

    /// `kind(ofClassValue:)` of a text field given as bytes: its last string, found among the
    /// class names met before by its bytes (a file has a handful), so no `String` or `Value` is
    /// made per object.
    private mutating func kind(ofClassText t: ObjectStoreBuilder.TextField) -> ObjectKind? {
        let j = Int(t.first + t.count) - 1
        let start = j == 0 ? 0 : Int(textEnds[j - 1]), end = Int(textEnds[j])
        let known: ObjectKind?? = textBytes.withUnsafeBufferPointer { b in
            let s = UnsafeBufferPointer(rebasing: b[start..<end])
            for c in classTexts where c.bytes.count == s.count
                && c.bytes.withUnsafeBufferPointer({ s.isEmpty || memcmp($0.baseAddress!, s.baseAddress!, s.count) == 0 }) {
                return .some(c.kind)
            }
            return .none
        }
        if let known { return known }
        let bytes = Array(textBytes[start..<end])
        let k = kind(ofClassValue: .string(String(decoding: bytes, as: UTF8.self)))
        if classTexts.count < 64 { classTexts.append((bytes, k)) }
        return k
    }

    private static let onPremSignals: Set<String> = [
        "objectguid", "objectsid", "samaccountname", "distinguishedname", "dn", "ms-ds-consistencyguid",
        "usnchanged", "usncreated", "whencreated", "objectcategory", "useraccountcontrol", "instancetype",
        // Get-ADUser / Get-ADGroup / Get-ADObject property names.
        "sid", "objectclass", "enabled", "groupcategory", "groupscope", "lastlogondate", "passwordlastset",
    ]
    private static let cloudSignals: Set<String> = [
        "onpremisesimmutableid", "immutableid", "onpremisessyncenabled", "@odata.type", "id", "objectid",
        "lastdirsynctime", "onpremisesprovisioningerrors", "dirsyncenabled", "onpremisesdistinguishedname",
        "onpremisessamaccountname", "onpremiseslastsyncdatetime", "usertype", "mailnickname_cloud",
        "dirsyncprovisioningerrors", "onpremisessecurityidentifier", "businessphones",
        // Legacy Azure AD Graph, MSOnline and AzureAD module names.
        "odata.type", "accountenabled", "islicensed", "licenses", "validationstatus",
        "softdeletiontimestamp", "lastpasswordchangetimestamp", "mailenabled", "securityenabled",
        "blockcredential", "strongauthenticationrequirements",
    ]

    /// Column names of the sync engine's exports: scheduler, run history, provisioning errors
    /// (`Get-MsolDirSyncProvisioningError`: ErrorCategory, PropertyName, PropertyValue, WhenStarted)
    /// and export errors.
    private static let engineSignals: Set<String> = [
        "synccycleenabled", "stagingmodeenabled", "schedulersuspended", "nextsynccyclestarttimeinutc",
        "runnumber", "runprofilename", "connectorname", "errorcategory", "provisioningerrors",
        "attributename", "attributevalue", "incomingobject", "existingobject", "timeoccurred", "cs-dn",
        "propertyname", "propertyvalue", "whenstarted",
    ]

    /// How many of the schema's names are signals of each side.
    private func sideSignals() -> (onPrem: Int, cloud: Int, engine: Int) {
        var onPrem = 0, cloud = 0, engine = 0
        for attr in schema.attributes {
            let n = attr.name.lowercased()
            if Self.onPremSignals.contains(n) { onPrem += 1 }
            if Self.cloudSignals.contains(n) { cloud += 1 }
            if Self.engineSignals.contains(n) { engine += 1 }
        }
        return (onPrem, cloud, engine)
    }

    /// True when the names read so far are a sync-engine export's.
    private var looksLikeEngine: Bool {
        if format == .xml || format == .list { return true }
        if typeInfo?.side != nil { return false }
        let (onPrem, cloud, engine) = sideSignals()
        return engine >= 2 && engine >= max(onPrem, cloud)
    }

    private func inferSide() -> Side {
        if format == .ldif { return .onPrem }
        if format == .xml || format == .list { return .engine }
        if let side = typeInfo?.side { return side }
        let (onPrem, cloud, engine) = sideSignals()
        if engine >= 2 && engine >= max(onPrem, cloud) { return .engine }
        if onPrem == 0 && cloud == 0 { return .unknown }
        return onPrem >= cloud ? .onPrem : .cloud
    }
}

/// What the slash dates of one file said about day and month order (first example of each).
package struct DateEvidence: Sendable {
    package var dayFirst: (text: String, line: Int)?
    package var monthFirst: (text: String, line: Int)?
    package var ambiguousExample: (text: String, line: Int)?
    package var ambiguous = 0

    /// Adds the evidence of the next part of the same file (a parallel load).
    package mutating func absorb(_ later: DateEvidence) {
        dayFirst = dayFirst ?? later.dayFirst
        monthFirst = monthFirst ?? later.monthFirst
        ambiguousExample = ambiguousExample ?? later.ambiguousExample
        ambiguous += later.ambiguous
    }
}

