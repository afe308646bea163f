/// A place in an input file, for messages: `file:line:column` (1-based; the column counts bytes
/// of the line's UTF-8 text, as compilers do).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A malformed input file: the located reason why it cannot be loaded.
public struct LoadError: Error, Sendable, CustomStringConvertible {
    /// A stable identifier such as `ldif.bad-base64`, for tests and documentation.
    public var id: String
    public var location: SourceLocation
    public var message: String
    /// What the loader expected there, or how to re-export the file; may be empty.
    public var hint: String
    /// Further notes added by the loader around the reader: which format the file was read as
    /// and why, what the content looks like instead.
    public var notes: [String] = []

    public init(_ id: String, at location: SourceLocation, _ message: String, hint: String = "") {
        self.id = id
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// The hint, then the notes.
    public var allNotes: [String] { (hint.isEmpty ? [] : [hint]) + notes }

    public var description: String {
        "\(location): error: \(message)" + allNotes.map { "\n  hint: \($0)" }.joined()
    }
}

/// Something a loader accepted but an administrator should know: a counted, located warning.
public struct LoadWarning: Sendable, Hashable, CustomStringConvertible {
    public var id: String
    public var location: SourceLocation
    public var message: String
    public var hint: String

    public init(_ id: String, at location: SourceLocation, _ message: String, hint: String = "") {
        self.id = id
        self.location = location
        self.message = message
        self.hint = hint
    }

    public var description: String {
        "\(location): warning: \(message)" + (hint.isEmpty ? "" : "\n  hint: \(hint)")
    }
}
