/// Reads LDIF exports into a snapshot. (Being written: see the loader helper's branch.)
enum LDIFReader {
    static func read(_ input: InputFile, into builder: inout SnapshotBuilder) throws {
        throw LoadError("ldif.unsupported", at: SourceLocation(file: input.path, line: 1, column: 1),
                        "the LDIF reader is not built yet")
    }
}
