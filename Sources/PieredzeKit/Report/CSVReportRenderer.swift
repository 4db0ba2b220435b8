/// The report as CSV (RFC 4180): a header row, then one row per lesson in document order.
///
/// Lists are joined by `; ` (topics, tags, organizations, people). Fields holding a comma,
/// a double quote, CR or LF are quoted, with quotes doubled; lines end in CRLF. The file starts
/// with a UTF-8 byte order mark so that spreadsheet programs read Latvian letters correctly
/// (Python: `encoding="utf-8-sig"`). Markdown fields are as written, except that a field starting
/// with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, so a spreadsheet shows it as text instead
/// of running it as a formula (OWASP's advice against CSV injection; a "- " bullet list is the
/// everyday case).
public struct CSVReportRenderer: ReportRenderer {
    public init() {}

    public static let columns = [
        "id", "title", "kind", "country", "occurred", "year", "section", "topics", "tags",
        "organizations", "people", "summary", "context", "lesson", "recommendation", "body",
        "source_title", "source_url", "source_publisher", "source_date", "status", "language", "rank",
    ]

    public func render<Output: TextOutputStream>(_ report: Report, to out: inout Output) throws {
        out.write("\u{FEFF}")
        out.write(Self.columns.joined(separator: ",") + "\r\n")
        let sectionNames = Dictionary(uniqueKeysWithValues: report.sections.map { ($0.number, $0.slug ?? "") })
        for lesson in report.entries {
            let note = lesson.note
            let fields: [String] = [
                note.id, note.title, note.kind.rawValue, note.country ?? "", note.occurred ?? "",
                note.year.map(String.init) ?? "", sectionNames[lesson.section] ?? "",
                note.topics.joined(separator: "; "), note.tags.joined(separator: "; "),
                note.organizations.map(\.name).joined(separator: "; "),
                note.people.map(\.name).joined(separator: "; "),
                note.summary, note.context, note.lesson, note.recommendation, note.body,
                note.source?.title ?? "", note.source?.url ?? "", note.source?.publisher ?? "", note.source?.date ?? "",
                note.status.rawValue, note.language, lesson.rank.map(String.init) ?? "",
            ]
            var first = true
            for field in fields {
                if !first { out.write(",") }
                first = false
                out.write(Self.quoted(field))
            }
            out.write("\r\n")
        }
    }

    /// `field` as a CSV field: defused when it would start a formula, then quoted (quotes
    /// doubled) when it holds `,` `"` CR or LF.
    public static func quoted(_ text: String) -> String {
        let field = text.utf8.first.map { [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains($0) } == true ? "'" + text : text
        var needsQuotes = false
        for byte in field.utf8 where byte == 0x2C || byte == 0x22 || byte == 0x0D || byte == 0x0A {
            needsQuotes = true
            break
        }
        guard needsQuotes else { return field }
        var result = "\""
        result.reserveCapacity(field.utf8.count + 8)
        var start = field.startIndex
        var index = start
        while index < field.endIndex {
            let next = field.utf8.index(after: index)
            if field.utf8[index] == 0x22 {
                result += field[start..<next]
                result += "\""
                start = next
            }
            index = next
        }
        result += field[start...]
        result += "\""
        return result
    }
}
