/// A value as read from a note file, before validation: YAML, JSON and CSV all reduce to this.
public indirect enum FieldValue: Sendable, Equatable {
    case null
    /// A scalar as written; numbers and dates stay text until the field says what it expects.
    case text(String)
    case list([FieldValue])
    case map([(key: String, value: FieldValue)])

    public static func == (lhs: FieldValue, rhs: FieldValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.text(a), .text(b)): return a == b
        case let (.list(a), .list(b)): return a == b
        case let (.map(a), .map(b)): return a.elementsEqual(b) { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The value under `key` in a map.
    subscript(key: String) -> FieldValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }
}

/// Where something was read: the file (or `-` for standard input) and its 1-based line.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// One note as read from a file: its fields, where it starts, and where each field is.
public struct RawRecord: Sendable {
    public var fields: [(key: String, value: FieldValue)]
    public var location: SourceLocation
    /// Line of each field where the format knows it (YAML front matter); else the record's line.
    public var fieldLines: [String: Int] = [:]

    public init(fields: [(key: String, value: FieldValue)], location: SourceLocation, fieldLines: [String: Int] = [:]) {
        self.fields = fields
        self.location = location
        self.fieldLines = fieldLines
    }

    func location(of field: String) -> SourceLocation {
        SourceLocation(file: location.file, line: fieldLines[field] ?? location.line)
    }
}
