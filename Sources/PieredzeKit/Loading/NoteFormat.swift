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

    /// The format a file's extension says, if it is one of ours.
    public init?(pathExtension: String) {
        switch pathExtension.lowercased() {
        case "md", "markdown": self = .markdown
        case "jsonl", "ndjson": self = .jsonl
        case "json": self = .json
        case "csv": self = .csv
        default: return nil
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
