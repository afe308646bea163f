/// Reads JSON exports into a snapshot. (Being written: see the loader helper's branch.)
enum JSONReader {
    static func read(_ input: InputFile, into builder: inout SnapshotBuilder) throws {
        throw LoadError("json.unsupported", at: SourceLocation(file: input.path, line: 1, column: 1),
                        "the JSON reader is not built yet")
    }
}
