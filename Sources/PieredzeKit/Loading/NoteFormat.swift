import Foundation

/// The file formats notes come in.
public enum NoteFormat: String, Sendable, CaseIterable {
    /// Markdown with YAML front matter: one note a file, the format people write.
    case markdown = "md"
    /// One JSON object a line: for machines and large loads (streams).
    case jsonl
    /// A JSON array of note objects (or one object): read whole; use JSONL for large loads.
    case json
    /// A header row, then one note a row; lists joined with `;`.
    case csv

    /// The file extensions of the format, the usual one first (lower case, without the dot).
    public var extensions: [String] {
        switch self {
        case .markdown: return ["md", "markdown"]
        case .jsonl: return ["jsonl", "ndjson"]
        case .json: return ["json"]
        case .csv: return ["csv"]
        }
    }

    /// The format a file's extension says, if it is one of ours (any case).
    public init?(pathExtension: String) {
        let lowered = pathExtension.lowercased()
        guard let format = Self.allCases.first(where: { $0.extensions.contains(lowered) }) else { return nil }
        self = format
    }

    /// The formats' names as `--format` takes them: "md, jsonl, json or csv".
    public static var namesDescription: String { alternatives(allCases.map(\.rawValue)) }

    /// The formats' usual extensions: ".md, .jsonl, .json or .csv".
    public static var extensionsDescription: String { alternatives(allCases.map { "." + $0.extensions[0] }) }

    /// "a, b, c or d".
    private static func alternatives(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items.last!
    }

    /// About how many notes a file of `bytes` bytes holds: one a Markdown file (and a `.json`
    /// file is usually one note or a few); about 2 KB a note in JSONL and CSV (the shared data).
    func estimatedNoteCount(bytes: Int) -> Int {
        switch self {
        case .markdown: return 1
        case .jsonl, .json, .csv: return max(1, bytes / 2_000)
        }
    }

    /// A reader of `source` (UTF-8 text, see `TextSource`). JSONL and CSV stream; a Markdown or
    /// `.json` file is read whole. Throws `InputProblem` when the input is not UTF-8 text.
    func makeReader(source: ByteSource, file: String, dialect: TextDialect, problems: inout [LoadProblem]) throws -> NoteRecordReader {
        switch self {
        case .jsonl: return JSONLNoteReader(source: source, file: file)
        case .csv: return CSVNoteReader(source: source, file: file, delimiter: dialect.delimiter)
        case .json: return try JSONArrayNoteReader(bytes: try source.readToEnd(), file: file, problems: &problems)
        case .markdown:
            let bytes = try source.readToEnd()
            try checkUTF8Text(bytes, file: file, format: self)
            return MarkdownNoteReader(data: Data(bytes), file: file, problems: &problems)
        }
    }
}

/// Reads notes one at a time from one input. Problems of the input itself (a line that is not
/// JSON, a CSV row with too many fields) are appended to `problems` and reading goes on where it can.
protocol NoteRecordReader: AnyObject {
    func next(problems: inout [LoadProblem]) throws -> RawRecord?
    /// Bytes read so far, for the progress display.
    var bytesRead: Int { get }
}
