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

    /// One column group: a note field (its `NoteField.csvColumns`) or a fact of the report.
    enum Column: Equatable {
        case field(NoteField)
        /// The year of `occurred`.
        case year
        /// The slug of the section where the lesson's full text is.
        case section
        /// The lesson's place in a relevance-ordered report.
        case rank
    }

    /// The columns in order: every `NoteField` once, with the report's facts between them.
    static let layout: [Column] = [
        .field(.id), .field(.title), .field(.kind), .field(.country), .field(.occurred), .year, .section,
        .field(.topics), .field(.tags), .field(.organizations), .field(.people),
        .field(.summary), .field(.context), .field(.lesson), .field(.recommendation), .field(.body),
        .field(.source), .field(.status), .field(.language), .rank,
    ]

    /// The header row's names.
    public static let columns: [String] = layout.flatMap { column -> [String] in
        switch column {
        case .field(let field): return field.csvColumns
        case .year: return ["year"]
        case .section: return ["section"]
        case .rank: return ["rank"]
        }
    }

    public func render<Output: TextOutputStream>(_ report: Report, to out: inout Output) throws {
        out.write("\u{FEFF}")
        out.write(Self.columns.joined(separator: ",") + "\r\n")
        let sectionNames = Dictionary(uniqueKeysWithValues: report.sections.map { ($0.number, $0.slug ?? "") })
        for lesson in report.entries {
            let note = lesson.note
            var first = true
            for column in Self.layout {
                let values: [String]
                switch column {
                case .field(let field): values = Self.values(field, of: note)
                case .year: values = [note.year.map(String.init) ?? ""]
                case .section: values = [sectionNames[lesson.section] ?? ""]
                case .rank: values = [lesson.rank.map(String.init) ?? ""]
                }
                for value in values {
                    if !first { out.write(",") }
                    first = false
                    out.write(Self.quoted(value))
                }
            }
            out.write("\r\n")
        }
    }

    /// A field's cells, one for each of its `csvColumns`; lists joined by `; `, organizations and
    /// people by name.
    static func values(_ field: NoteField, of note: Note) -> [String] {
        switch field {
        case .id: return [note.id]
        case .title: return [note.title]
        case .summary, .context, .lesson, .recommendation, .body: return [NoteExporter.textValue(field, of: note)]
        case .kind: return [note.kind.rawValue]
        case .country: return [note.country ?? ""]
        case .occurred: return [note.occurred ?? ""]
        case .topics: return [note.topics.joined(separator: "; ")]
        case .tags: return [note.tags.joined(separator: "; ")]
        case .organizations: return [note.organizations.map(\.name).joined(separator: "; ")]
        case .people: return [note.people.map(\.name).joined(separator: "; ")]
        case .source:
            return [note.source?.title ?? "", note.source?.url ?? "", note.source?.publisher ?? "", note.source?.date ?? ""]
        case .status: return [note.status.rawValue]
        case .language: return [note.language]
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
