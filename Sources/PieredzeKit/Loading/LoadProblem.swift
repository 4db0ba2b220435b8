/// One thing wrong with the input: where, which field, what was wrong and what was expected.
public struct LoadProblem: Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    /// The field, or nil for problems of the file or record as a whole.
    public var field: String?
    public var message: String

    public init(_ location: SourceLocation, field: String? = nil, _ message: String) {
        self.location = location
        self.field = field
        self.message = message
    }

    /// `file:line: field: message`, the form compilers use, so editors can jump to it.
    public var description: String {
        if let field { return "\(location): \(field): \(message)" }
        return "\(location): \(message)"
    }
}

/// A load that was refused: every problem found in every input. Nothing was written.
public struct LoadFailure: Error, CustomStringConvertible {
    public var problems: [LoadProblem]
    /// Files in the directories given that were not read (`NoteLoader.scan`).
    public var skipped: [String] = []

    public init(problems: [LoadProblem], skipped: [String] = []) {
        self.problems = problems
        self.skipped = skipped
    }

    public var description: String {
        let count = problems.count
        return problems.map(\.description).joined(separator: "\n")
            + "\n\(count) problem\(count == 1 ? "" : "s") found; nothing was loaded"
    }
}
