/// Reads CSV exports into a snapshot. (Being written: see the loader helper's branch.)
enum CSVReader {
    static func read(_ input: InputFile, into builder: inout SnapshotBuilder) throws {
        throw LoadError("csv.unsupported", at: SourceLocation(file: input.path, line: 1, column: 1),
                        "the CSV reader is not built yet")
    }
}
