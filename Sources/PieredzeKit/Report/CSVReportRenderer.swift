/// The report as CSV (RFC 4180): a header row, then one row per lesson in document order.
///
/// Lists are joined by `; ` (topics, tags, organizations, people; an organization as
/// `name | country | kind`, a person as `name | role | organization`, so the loader reads them back whole). Every field, the header's
/// too, is quoted, with quotes doubled; lines end in CRLF. The file starts with a UTF-8 byte
/// order mark so that spreadsheet programs read Latvian letters correctly (Python:
/// `encoding="utf-8-sig"`). Control characters are shown visibly (`VisibleText`; a CR LF inside
/// a field becomes LF).
///
/// Markdown fields are as written, except that a `'` is put before anything a spreadsheet could
/// run as a formula (OWASP's advice against CSV injection; a "- " bullet list is the everyday
/// case): `=`, `+`, `-`, `@`, TAB or CR, or their full-width forms `＝ ＋ － ＠`, when they come
/// (after spaces and zero-width characters U+200B–U+200D, U+2060, U+FEFF) at the start of the
/// field, after a line break, or after a `;` — where a spreadsheet in a locale whose list
/// separator is `;` (Latvian Excel) may start a new cell.
///
/// Two dialects: by default the RFC's `,` and the loader's keys as headings (for programs);
/// `spreadsheet(_:)` writes `;` and the fields' names in a language (`NoteField.csvColumnLabels`),
/// as Excel in a locale with a decimal comma (Latvian, Russian) opens by a double click. The
/// loader reads both (it sniffs the separator and knows the names: `NoteField.csvKey`).
public struct CSVReportRenderer: ReportRenderer {
    public var delimiter: CSVDelimiter
    /// The headings' language; nil writes the loader's keys.
    public var headerLanguage: ReportLanguage?

    public init(delimiter: CSVDelimiter = .comma, headerLanguage: ReportLanguage? = nil) {
        self.delimiter = delimiter
        self.headerLanguage = headerLanguage
    }

    /// `;`-separated, headed in `language`: for a spreadsheet program.
    public static func spreadsheet(_ language: ReportLanguage) -> CSVReportRenderer {
        CSVReportRenderer(delimiter: .semicolon, headerLanguage: language)
    }

    /// An empty notes table to fill in a spreadsheet and load: a byte-order mark and one header
    /// row, every `NoteField`'s columns named in `language`, `;`-separated.
    public static func loadTemplate(_ language: ReportLanguage) -> String {
        "\u{FEFF}" + NoteField.allCases.flatMap { $0.csvColumnLabels(language) }.map(quoted).joined(separator: ";") + "\r\n"
    }

    /// The report's columns that are not note fields: the loader reads over them (and over
    /// `year` when a date column is there too), so an edited report loads back.
    static let reportOnlyColumns: Set<String> = ["year", "section", "rank"]

    /// The header row's names in this dialect.
    var headings: [String] {
        guard let language = headerLanguage else { return Self.columns }
        let labels = ReportLabels.labels(for: language)
        return Self.layout.flatMap { column -> [String] in
            switch column {
            case .field(let field): return field.csvColumnLabels(language)
            case .year: return [labels.year]
            case .section: return [labels.section]
            case .rank: return [labels.rank]
            }
        }
    }

    private var separator: String { delimiter == .tab ? "\t" : delimiter.rawValue }

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
        out.write(headings.map(Self.quoted).joined(separator: separator) + "\r\n")
        let sectionNames = Dictionary(uniqueKeysWithValues: report.sections.map { ($0.number, $0.slug ?? "") })
        for lesson in report.entries {
            let note = lesson.note
            var first = true
            for column in Self.layout {
                let values: [String]
                switch column {
                case .field(let field): values = headerLanguage != nil ? Self.spreadsheetValues(field, of: note, report: report) : Self.values(field, of: note)
                case .year: values = [note.year.map(String.init) ?? ""]
                case .section: values = [sectionNames[lesson.section] ?? ""]
                case .rank: values = [lesson.rank.map(String.init) ?? ""]
                }
                for value in values {
                    if !first { out.write(separator) }
                    first = false
                    out.write(Self.quoted(value))
                }
            }
            out.write("\r\n")
        }
    }

    /// A field's cells, one for each of its `csvColumns`; lists joined by `; `, organizations and
    /// people as `columns` writes them.
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
        case .organizations: return [note.organizations.map { columns([$0.name, $0.country, $0.kind]) }.joined(separator: "; ")]
        case .people: return [note.people.map { columns([$0.name, $0.role, $0.organization]) }.joined(separator: "; ")]
        case .source:
            return [note.source?.title ?? "", note.source?.url ?? "", note.source?.publisher ?? "", note.source?.date ?? ""]
        case .status: return [note.status.rawValue]
        case .language: return [note.language]
        }
    }

    /// An organization or person as the loader reads one text: `name | country | kind`,
    /// `name | role | organization`, trailing empty parts left out (`NoteDecoder.entryColumns`).
    static func columns(_ parts: [String?]) -> String {
        var parts = parts.map { $0 ?? "" }
        while parts.count > 1, parts.last!.isEmpty { parts.removeLast() }
        return parts.joined(separator: " | ")
    }

    /// A field's cells for a spreadsheet: codes as people read them in the report's language (kind,
    /// country, topics, status and language by name), all of which the loader reads back.
    static func spreadsheetValues(_ field: NoteField, of note: Note, report: Report) -> [String] {
        let labels = report.labels
        switch field {
        case .kind: return [labels.kindName(note.kind)]
        case .country: return [note.country.map { Countries.name(of: $0, language: report.language.rawValue) } ?? ""]
        case .topics:
            return [note.topics.map { report.topicNames[$0] ?? $0 }.joined(separator: "; ")]
        case .status: return [labels.statusName(note.status)]
        case .language: return [labels.languageName(note.language)]
        default: return values(field, of: note)
        }
    }

    /// `text` as a CSV field: control characters made visible, formula starts defused
    /// (`defused`), then quoted with quotes doubled.
    public static func quoted(_ text: String) -> String {
        "\"" + defused(VisibleText.escaping(text)).replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `text` with `'` put before every formula start (see the type's description). Linear in
    /// the length of `text`.
    static func defused(_ text: String) -> String {
        // Also before apostrophes that precede a formula start ('- becomes ''-), so that
        // `restored` can tell the added apostrophe from one the text had.
        rewritingCellStarts(text) { scalars, start in (insertApostrophe: startsFormula(scalars, at: start), drop: 0) }
    }

    /// `defused` undone: the `'` it put before a formula start is taken out again, where it
    /// puts one (cell start, after a line break or `;`, past spaces). The CSV reader applies it,
    /// so a report loads back with its text as written. Linear.
    static func restored(_ text: String) -> String {
        guard text.contains("'") else { return text }
        return rewritingCellStarts(text) { scalars, start in
            (insertApostrophe: false, drop: scalars[start] == "'" && startsFormula(scalars, at: start) ? 1 : 0)
        }
    }

    /// `text` with `edit` applied where a spreadsheet may start a cell: at the start, after a
    /// line break and after `;`, past leading spaces. `edit` gets the scalars and the index
    /// after the spaces (always in range) and says whether to put a `'` there and how many
    /// scalars to drop. One pass.
    private static func rewritingCellStarts(_ text: String,
                                            _ edit: ([Unicode.Scalar], Int) -> (insertApostrophe: Bool, drop: Int)) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var atCellStart = true
        var index = 0
        while index < scalars.count {
            if atCellStart {
                atCellStart = false
                var next = index
                while next < scalars.count, scalars[next] == " " { next += 1 }
                result.append(contentsOf: scalars[index..<next])
                if next < scalars.count {
                    let change = edit(scalars, next)
                    if change.insertApostrophe { result.append("'") }
                    next += change.drop
                }
                index = next
                continue
            }
            let scalar = scalars[index]
            result.append(scalar)
            if scalar == ";" || scalar == "\n" || scalar == "\r" { atCellStart = true }
            index += 1
        }
        return String(result)
    }

    /// True when a formula start (`formulaStarts`) follows at `index`, past apostrophes and
    /// zero-width characters.
    private static func startsFormula(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var index = index
        while index < scalars.count, scalars[index] == "'" { index += 1 }
        while index < scalars.count, zeroWidth.contains(scalars[index].value) { index += 1 }
        return index < scalars.count && formulaStarts.contains(scalars[index].value)
    }

    /// `=` `+` `-` `@` TAB CR and the full-width `＝` `＋` `－` `＠`.
    private static let formulaStarts: Set<UInt32> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D, 0xFF1D, 0xFF0B, 0xFF0D, 0xFF20]
    /// Zero-width space, non-joiner, joiner, word joiner and the BOM (zero-width no-break space).
    private static let zeroWidth: Set<UInt32> = [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]
}
