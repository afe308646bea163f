import Foundation
import Testing
@testable import Dirq

/// Runs the Format-List reader over inline bytes, as `SnapshotLoader` would over a file.
private func load(_ text: String) throws -> Snapshot {
    try load(bytes: Array(text.utf8))
}

private func load(bytes: [UInt8]) throws -> Snapshot {
    let input = try InputFile.decode(path: "t.txt", data: bytes)
    var builder = SnapshotBuilder(path: "t.txt", format: .list)
    try FormatListReader.read(input, into: &builder)
    return builder.build(name: "t")
}

/// The error the reader throws, or nil.
private func loadError(_ text: String) -> LoadError? {
    do {
        _ = try load(text)
        return nil
    } catch let e as LoadError {
        return e
    } catch {
        return nil
    }
}

/// The value of `name` in the only object of `text`.
private func single(_ text: String, _ name: String) throws -> Value? {
    let s = try load(text)
    try #require(s.objects.count == 1)
    return s.value(of: s.objects[0], name)
}

/// The sample of the task: `Get-ADSyncScheduler` as Windows PowerShell prints it.
private let scheduler = """

    AllowedSyncCycleInterval            : 00:30:00
    CurrentlyEffectiveSyncCycleInterval : 00:30:00
    CustomizedSyncCycleInterval         :
    NextSyncCyclePolicyType             : Delta
    NextSyncCycleStartTimeInUTC         : 11/26/2026 3:04:05 PM
    PurgeRunHistoryInterval             : 7.00:00:00
    SyncCycleEnabled                    : True
    MaintenanceEnabled                  : True
    StagingModeEnabled                  : False
    SchedulerSuspended                  : False
    SyncCycleInProgress                 : False



    """

@Suite struct FormatListReaderTests {
    // MARK: Records and properties

    @Test func schedulerOutput() throws {
        let s = try load(scheduler)
        #expect(s.objects.count == 1)
        let o = s.objects[0]
        #expect(o.line == 2)
        #expect(s.schema.attributes.map(\.name) == [
            "AllowedSyncCycleInterval", "CurrentlyEffectiveSyncCycleInterval", "CustomizedSyncCycleInterval",
            "NextSyncCyclePolicyType", "NextSyncCycleStartTimeInUTC", "PurgeRunHistoryInterval", "SyncCycleEnabled",
            "MaintenanceEnabled", "StagingModeEnabled", "SchedulerSuspended", "SyncCycleInProgress",
        ])
        #expect(s.value(of: o, "AllowedSyncCycleInterval") == .string("00:30:00"))
        #expect(s.value(of: o, "CustomizedSyncCycleInterval") == .null)
        #expect(s.value(of: o, "NextSyncCyclePolicyType") == .string("Delta"))
        #expect(s.value(of: o, "NextSyncCycleStartTimeInUTC") == .date(1_795_705_445))
        #expect(s.value(of: o, "PurgeRunHistoryInterval") == .string("7.00:00:00"))
        #expect(s.value(of: o, "SyncCycleEnabled") == .bool(true))
        #expect(s.value(of: o, "StagingModeEnabled") == .bool(false))
        #expect(s.side == .engine)
        #expect(s.warnings.isEmpty)
    }

    /// Records are separated by one or more blank lines (spaces only count as blank); blank lines
    /// before the first and after the last are ignored.
    @Test func recordsSeparatedByBlankLines() throws {
        let text = "\n\nRunNumber : 1\nResult    : success\n\n\n  \t\nRunNumber : 2\nResult    : stopped\n \nRunNumber : 3\n\n\n"
        let s = try load(text)
        #expect(s.objects.count == 3)
        #expect(s.objects.map(\.line) == [3, 8, 11])
        #expect(s.objects.map { s.value(of: $0, "RunNumber") } == [.int(1), .int(2), .int(3)])
        #expect(s.objects.map { s.value(of: $0, "Result") } == [.string("success"), .string("stopped"), nil])
    }

    /// Each record pads its own names: the separator column may differ between records.
    @Test func eachRecordHasItsOwnPadding() throws {
        let s = try load("A : 1\nBB : 2\n\nLongerName : x\nC          : y\n")
        #expect(s.objects.count == 2)
        #expect(s.value(of: s.objects[1], "C") == .string("y"))
        #expect(s.value(of: s.objects[0], "BB") == .int(2))
    }

    @Test(arguments: [
        ("value with ' : ' inside", "Note : a : b\n", "Note", Value.string("a : b")),
        ("name with a space", "Last Sync : ok\n", "Last Sync", .string("ok")),
        ("name colon without space is part of the value", "Url : https://x:443/a\n", "Url", .list([.string("https://x:443/a")])),  // url: multi-valued in AD
        ("empty value, no trailing space", "A :\nB : 1\n", "A", .null),
        ("empty value, trailing space", "A : \nB : 1\n", "A", .null),
        ("trailing spaces trimmed", "A : x  \t\n", "A", .string("x")),
        ("leading spaces of a value kept after the one separator space", "A :   x\n", "A", .string("  x")),
        ("no final newline", "A : x", "A", .string("x")),
        ("non-ASCII", "DisplayName : Anaïs Dubois\n", "DisplayName", .string("Anaïs Dubois")),
    ])
    func properties(name: String, text: String, attribute: String, expected: Value) throws {
        #expect(try single(text, attribute) == expected, "\(name)")
    }

    // MARK: Wrapped values

    /// A long value continues on lines indented to the value column; the pieces join with a space.
    @Test func wrappedValue() throws {
        let text = """
            Name        : Delta Import
            Description : the first part of a long
                          description that wraps
                          twice
            Result      : success

            """
        let s = try load(text)
        #expect(s.value(of: s.objects[0], "Description") == .string("the first part of a long description that wraps twice"))
        #expect(s.value(of: s.objects[0], "Result") == .string("success"))
    }

    /// Deeper indentation is still a continuation; a wrapped collection is typed after joining.
    @Test func wrappedCollectionAndDeeperIndent() throws {
        let text = "Members : {CN=a,DC=x, CN=b,DC=x,\n          CN=c,DC=x}\nX : 1\n           y\n"
        let s = try load(text)
        #expect(s.value(of: s.objects[0], "Members") == .list([.string("CN=a,DC=x"), .string("CN=b,DC=x"), .string("CN=c,DC=x")]))
        #expect(s.value(of: s.objects[0], "X") == .string("1 y"))
    }

    /// Column of a continuation is counted in characters: a non-ASCII name is padded by width.
    @Test func valueColumnCountsCharacters() throws {
        let text = "Né : a\n     b\n"
        #expect(try single(text, "Né") == .string("a b"))
    }

    // MARK: Values

    @Test(arguments: [
        ("True", Value.bool(true)),
        ("False", .bool(false)),
        ("true", .string("true")),
        ("42", .int(42)),
        ("-7", .int(-7)),
        ("0", .int(0)),
        ("9223372036854775807", .int(Int64.max)),
        ("9223372036854775808", .string("9223372036854775808")),
        ("0042", .string("0042")),
        ("4.5", .string("4.5")),
        ("1e3", .string("1e3")),
        ("-", .string("-")),
        ("00:30:00", .string("00:30:00")),
        ("7.00:00:00", .string("7.00:00:00")),
        ("11/26/2026 3:04:05 PM", .date(1_795_705_445)),
        ("11/26/2026 15:04:05", .date(1_795_705_445)),
        ("2026-11-26T15:04:05Z", .date(1_795_705_445)),
        ("/Date(1795705445000)/", .date(1_795_705_445)),
        ("b891884f-051e-4a83-95af-2544101c9083", .string("b891884f-051e-4a83-95af-2544101c9083")),
        ("CONTOSO\\svc-adsync", .string("CONTOSO\\svc-adsync")),
        ("{}", .list([])),
        ("{a}", .list([.string("a")])),
        ("{a, b}", .list([.string("a"), .string("b")])),
        ("{1, True, 11/26/2026 3:04:05 PM}", .list([.int(1), .bool(true), .date(1_795_705_445)])),
        ("{a,b}", .list([.string("a,b")])),
        ("{@{Name=x; Value=1, 2}, y}", .list([.string("@{Name=x; Value=1, 2}"), .string("y")])),
        ("{...}", .list([])),
        ("{a", .string("{a")),
        ("x}", .string("x}")),
    ])
    func valueTypes(text: String, expected: Value) throws {
        #expect(try single("V : \(text)\n", "V") == expected)
    }

    /// `{a, b, c, d...}` is what Format-List writes past `$FormatEnumerationLimit`: the values shown
    /// are kept and one warning per attribute says how often.
    @Test func truncatedCollectionWarnsOncePerAttribute() throws {
        let text = "P : {a, b, c, d...}\nQ : {x...}\n\nP : {e, f, g, h...}\nQ : {y}\n"
        let s = try load(text)
        #expect(s.value(of: s.objects[0], "P") == .list([.string("a"), .string("b"), .string("c"), .string("d")]))
        #expect(s.value(of: s.objects[1], "Q") == .list([.string("y")]))
        #expect(s.warnings.map(\.id) == ["list.truncated", "list.truncated"])
        #expect(s.warnings.map(\.location.description) == ["t.txt:1:5", "t.txt:2:5"])
        #expect(s.warnings[0].message.contains("2 times"))
        #expect(s.warnings[1].message.contains("once"))
    }

    // MARK: Encodings and line ends

    @Test func crlfLineEnds() throws {
        let text = scheduler.replacingOccurrences(of: "\n", with: "\r\n")
        let s = try load(text)
        #expect(s.objects.count == 1)
        #expect(s.value(of: s.objects[0], "NextSyncCyclePolicyType") == .string("Delta"))
        #expect(s.value(of: s.objects[0], "SyncCycleInProgress") == .bool(false))
        #expect(s.value(of: s.objects[0], "CustomizedSyncCycleInterval") == .null)
    }

    /// What `>` writes in Windows PowerShell 5.1: UTF-16LE with a BOM, CRLF.
    @Test func utf16LittleEndianWithBOM() throws {
        let text = "\r\nDisplayName : Søren\r\n              Kierkegaard\r\nEnabled     : True\r\n\r\n\r\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let s = try load(bytes: bytes)
        #expect(s.objects.count == 1)
        #expect(s.objects[0].line == 2)
        #expect(s.value(of: s.objects[0], "DisplayName") == .string("Søren Kierkegaard"))
        #expect(s.value(of: s.objects[0], "Enabled") == .bool(true))
    }

    /// Not UTF-8: read as Windows-1252 (Out-File -Encoding Default), with a located warning.
    @Test func windows1252() throws {
        let s = try load(bytes: Array("A : x\nName : Ana".utf8) + [0xEF, 0x73] + Array("\n".utf8))
        #expect(s.value(of: s.objects[0], "Name") == .string("Anaïs"))
        #expect(s.warnings.map(\.id) == ["list.windows-1252"])
        #expect(s.warnings[0].location.description == "t.txt:2:11")
    }

    // MARK: Errors

    @Test(arguments: [
        ("not a property", "A : 1\nhello world\n", "t.txt:2:1"),
        ("colon without a space before it", "A : 1\nWARNING: x\n", "t.txt:2:1"),
        ("Format-Table header", "Name   Value\n----   -----\n", "t.txt:1:1"),
        ("CRLF kept out of the line count", "A : 1\r\nB : 2\r\n\r\nbad\r\n", "t.txt:4:1"),
        ("indented line opening a record", "A : 1\n\n    x\n", "t.txt:3:5"),
        ("indented line first in the file", "  x : 1\n", "t.txt:1:3"),
        ("continuation shallower than the value column", "Name : a\n  b\n", "t.txt:2:3"),
        ("continuation one short of the column", "Name : a\n      b\n", "t.txt:2:7"),
    ])
    func syntaxErrors(name: String, text: String, at: String) throws {
        let e = try #require(loadError(text), "\(name)")
        #expect(e.id == "list.syntax", "\(name)")
        #expect(e.location.description == at, "\(name)")
    }

    @Test(arguments: ["", "\n\n", "  \r\n\t\r\n"])
    func emptyFile(text: String) throws {
        let e = try #require(loadError(text))
        #expect(e.id == "list.empty")
        #expect(e.location.description == "t.txt:1:1")
    }

    /// The loader picks this reader from the first line's shape.
    @Test func detectedByTheLoader() throws {
        let input = try InputFile.decode(path: "t.txt", data: Array(scheduler.utf8))
        #expect(SnapshotLoader.detectFormat(input) == .list)
    }
}

/// The engine exports of the sample tenant (Examples/contoso/make_engine_exports.py) load with
/// `SnapshotLoader.load` and say what the story says.
@Suite struct EngineSampleTests {
    private func sample(_ file: String) throws -> Snapshot {
        try SnapshotLoader.load(path: Paths.examples.appendingPathComponent("contoso/\(file)").path)
    }

    @Test func schedulerText() throws {
        let s = try sample("scheduler.txt")
        #expect(s.format == .list)
        #expect(s.side == .engine)
        #expect(s.objects.count == 1)
        #expect(s.warnings.isEmpty)
        let o = s.objects[0]
        #expect(s.value(of: o, "SyncCycleEnabled") == .bool(false))
        #expect(s.value(of: o, "StagingModeEnabled") == .bool(false))
        #expect(s.value(of: o, "SchedulerSuspended") == .bool(false))
        #expect(s.value(of: o, "MaintenanceEnabled") == .bool(true))
        #expect(s.value(of: o, "CustomizedSyncCycleInterval") == .null)
        #expect(s.value(of: o, "NextSyncCyclePolicyType") == .string("Delta"))
        // 2026-11-25T11:30:12Z
        #expect(s.value(of: o, "NextSyncCycleStartTimeInUTC") == .date(1_795_606_212))
        #expect(s.value(of: o, "AllowedSyncCycleInterval") == .string("00:30:00"))
        #expect(DateParsing.timeSpanSeconds("7.00:00:00") == 604_800)
        #expect(s.value(of: o, "PurgeRunHistoryInterval") == .string("7.00:00:00"))
    }

    @Test func schedulerJSON() throws {
        let s = try sample("scheduler.json")
        #expect(s.format == .json)
        #expect(s.side == .engine)
        #expect(s.objects.count == 1)
        let o = s.objects[0]
        #expect(s.value(of: o, "SyncCycleEnabled") == .bool(false))
        #expect(s.value(of: o, "NextSyncCycleStartTimeInUTC") == .date(1_795_606_212))
        #expect(s.value(of: o, "CustomizedSyncCycleInterval") == .null)
        guard case .record(let interval)? = s.value(of: o, "AllowedSyncCycleInterval") else {
            Issue.record("AllowedSyncCycleInterval is not a record")
            return
        }
        #expect(interval["TotalSeconds"] == .int(1800))
        #expect(interval["Ticks"] == .int(18_000_000_000))
    }

    @Test func runHistory() throws {
        let s = try sample("runhistory.csv")
        #expect(s.format == .csv)
        #expect(s.side == .engine)
        #expect(s.objects.count == 32)
        func text(_ o: DirObject, _ name: String) -> String { s.value(of: o, name)?.stringValue ?? "" }
        func start(_ o: DirObject) -> Double { DateParsing.parse(text(o, "StartDate"))?.seconds ?? .nan }
        // Every date is en-US text that DateParsing reads.
        #expect(s.objects.allSatisfy { DateParsing.parse(text($0, "StartDate")) != nil && DateParsing.parse(text($0, "EndDate")) != nil })
        let newest = try #require(s.objects.max { start($0) < start($1) })
        #expect(text(newest, "StartDate") == "11/26/2026 2:41:10 PM")
        #expect(start(newest) == 1_795_704_070)
        let lastDelta = try #require(s.objects
            .filter { text($0, "RunProfileName") == "Delta Synchronization" && text($0, "Result") == "success" }
            .max { start($0) < start($1) })
        #expect(start(lastDelta) == 1_795_686_083)  // 2026-11-26T09:41:23Z
        #expect((start(newest) - start(lastDelta)) / 3600 > 4.9)
        #expect((start(newest) - start(lastDelta)) / 3600 < 5.1)
        let lastFull = try #require(s.objects
            .filter { text($0, "RunProfileName") == "Full Synchronization" }
            .max { start($0) < start($1) })
        #expect((start(lastDelta) - start(lastFull)) / 3600 > 24)
        let stopped = s.objects.filter { text($0, "Result") == "stopped-deletion-threshold-exceeded" }
        #expect(stopped.count == 1)
        #expect(stopped.first.map { text($0, "ConnectorName") } == "contoso.onmicrosoft.com - AAD")
        let exportErrors = s.objects.filter { text($0, "Result") == "completed-export-errors" }
        #expect(exportErrors.count == 4)
        #expect(exportErrors.allSatisfy { text($0, "ConnectorName") == "contoso.onmicrosoft.com - AAD" && text($0, "RunProfileName") == "Export" })
        #expect(Set(s.objects.map { text($0, "RunProfileName") }) ==
                ["Delta Import", "Delta Synchronization", "Export", "Full Import", "Full Synchronization"])
    }

    @Test func provisioningErrors() throws {
        let s = try sample("provisioning-errors.csv")
        #expect(s.side == .engine)
        #expect(s.objects.count == 5)
        func text(_ o: DirObject, _ name: String) -> String { s.value(of: o, name)?.text ?? "" }
        #expect(s.objects.map { text($0, "ObjectId") } == [
            "462c9b40-b1e0-427f-9e5a-c72844f7e097", "acc3a924-e7b9-4c5c-8bf8-3e23e80062d2",
            "c0620fc2-1067-4664-9cc1-5bdf7d6cc44d", "5aa1e38d-a2d6-44f4-b0ee-1c8b4ac80437",
            "2fccca57-88b1-4bed-8061-c2c06271a2ba",
        ])
        #expect(s.objects.map { text($0, "PropertyValue") } == [
            "jane.doe@contoso.com", "sam.wilson@contoso.com", "smtp:joe@contoso.com", "smtp:sales@contoso.com",
            "smtp:payroll@contoso.com",
        ])
        #expect(s.objects.allSatisfy { text($0, "ErrorCategory") == "PropertyConflict" })
        #expect(s.objects.map(\.kind) == [.user, .user, .user, .user, .contact])
        #expect(s.value(of: s.objects[4], "UserPrincipalName") == .null)
        #expect(DateParsing.parse(text(s.objects[0], "WhenStarted")) == 1_705_312_934)  // 2024-01-15T10:02:14Z
    }

    @Test func connectHealthErrors() throws {
        let s = try sample("connect-health-errors.json")
        #expect(s.format == .json)
        #expect(s.side == .engine)
        #expect(s.objects.count == 5)
        func text(_ o: DirObject, _ name: String) -> String { s.value(of: o, name)?.stringValue ?? "" }
        #expect(s.objects.map { text($0, "type") } == [
            "AttributeValueMustBeUnique", "AttributeValueMustBeUnique", "AttributeValueMustBeUnique",
            "InvalidSoftMatch", "ObjectTypeMismatch",
        ])
        let existing: [String] = s.objects.map {
            guard case .record(let r)? = s.value(of: $0, "existingObject") else { return "" }
            return r["objectGuid"]?.stringValue ?? ""
        }
        #expect(existing == [
            "7aeef728-b76c-4a04-870d-d9beade02771", "aaafd789-2467-4cd2-9934-cb6868900991",
            "2cd4d10e-a443-46b1-bbb6-5e9ae1ffbecc", "038832b9-9826-4f76-a3e9-676cf6729353",
            "e499bcbd-16e3-4994-b425-df5fafde6d5e",
        ])
        guard case .record(let incoming)? = s.value(of: s.objects[0], "incomingObject") else {
            Issue.record("incomingObject is not a record")
            return
        }
        #expect(incoming["distinguishedName"] == .string("CN=Jane Doe,OU=Marketing,OU=Staff,DC=contoso,DC=com"))
        #expect(text(s.objects[1], "attributeValue") == "smtp:joe@contoso.com")
        #expect(s.value(of: s.objects[0], "timeFirstOccurred") == .date(1_705_312_934))
        #expect(s.value(of: s.objects[0], "timeOccurred") == .date(1_795_604_515))  // 2026-11-25T11:01:55Z
    }
}
