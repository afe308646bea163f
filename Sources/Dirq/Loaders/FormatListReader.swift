/// Reads FormatList exports into a snapshot. (Being written on its own branch.)
enum FormatListReader {
    static func read(_ input: InputFile, into builder: inout SnapshotBuilder) throws {
        throw LoadError("list.unsupported", at: SourceLocation(file: input.path, line: 1, column: 1),
                        "this reader is not built yet")
    }
}
