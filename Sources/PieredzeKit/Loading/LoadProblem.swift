/// One thing wrong with the input: where, which field, what was wrong and what was expected.
public struct LoadProblem: Sendable, Hashable, CustomStringConvertible {
    /// An error refuses the load; a warning is printed and the load goes on.
    public enum Severity: Sendable, Hashable {
        case error, warning
    }

    public var location: SourceLocation
    /// The field, or nil for problems of the file or record as a whole.
    public var field: String?
    public var severity: Severity
    public var message: String

    public init(_ location: SourceLocation, field: String? = nil, severity: Severity = .error, _ message: String) {
        self.location = location
        self.field = field
        self.severity = severity
        self.message = message
    }

    /// `file:line: field: message` (`file:line: warning: field: message` for a warning), the
    /// form compilers use, so editors can jump to it.
    public var description: String {
        let place = severity == .warning ? "\(location): warning" : "\(location)"
        if let field { return "\(place): \(field): \(message)" }
        return "\(place): \(message)"
    }
}

/// A load that was refused: every problem found in every input. Nothing was written.
public struct LoadFailure: Error, CustomStringConvertible {
    public var problems: [LoadProblem]
    /// Warnings found along the way, printed before the problems.
    public var warnings: [LoadProblem] = []
    /// Files in the directories given that were not read (`NoteLoader.scan`).
    public var skipped: [String] = []

    public init(problems: [LoadProblem], skipped: [String] = []) {
        self.problems = problems
        self.skipped = skipped
    }

    public var description: String {
        let count = problems.count
        return (warnings + problems).map(\.description).joined(separator: "\n")
            + "\n\(count) problem\(count == 1 ? "" : "s") found; nothing was loaded"
    }
}
