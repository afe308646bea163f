/// Fuzz target: bytes → `InputFile.decode` → the connector-space XML reader (`XMLPrologGuard`,
/// then Foundation's `XMLParser` over libxml2, streamed) into a `SnapshotBuilder`.
/// A `LoadError` is a fine answer; a crash, a hang or another kind of error is not.
import Dirq
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzSupport.load(.xml, FuzzSupport.bytes(data, size))
    return 0
}

FuzzSupport.run { data, size in fuzz(data ?? FuzzSupport.empty, size) }
