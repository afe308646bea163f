/// Reads CSExport exports into a snapshot. (Being written on its own branch.)
enum CSExportReader {
    static func read(_ input: InputFile, into builder: inout SnapshotBuilder) throws {
        throw LoadError("xml.unsupported", at: SourceLocation(file: input.path, line: 1, column: 1),
                        "this reader is not built yet")
    }
}
