import LatvianText

/// The fields of a note, said once: the loader's key, the columns a field takes in CSV and in the
/// `notes` table, whether it is a list, and its label.
///
/// `allCases` is in the order people read a note (and the order of the loader's "expected one of"
/// list and of the Markdown front matter). Code that handles every field switches over this enum,
/// so a new field is a compile error wherever it is not yet handled.
public enum NoteField: String, Sendable, CaseIterable {
    case id, title, summary, kind, topics, country, occurred, tags, organizations, people, source, status, language
    case context, lesson, recommendation, body

    /// The key in JSON, JSONL and YAML front matter (and the report's JSON `lessons` objects).
    public var key: String { rawValue }

    /// Other keys the loader accepts for this field: `year` and `date` for `occurred`; the flat
    /// `source_*` columns (as in CSV) for `source`.
    public var inputAliases: [String] {
        switch self {
        case .occurred: return ["year", "date"]
        case .source: return Self.sourceColumns
        default: return []
        }
    }

    /// The field's columns in CSV (loader input and the CSV report): the key, or for `source`
    /// one column for each of its parts.
    public var csvColumns: [String] {
        self == .source ? Self.sourceColumns : [key]
    }

    /// The field's columns in the `notes` table (see migrations/0002); lists have tables of their
    /// own (`note_topics`, `note_tags`, `note_organizations`, `note_people`), so none here.
    public var databaseColumns: [String] {
        switch self {
        case .occurred: return ["occurred_on"]
        case .source: return Self.sourceColumns
        case .topics, .tags, .organizations, .people: return []
        default: return [key]
        }
    }

    /// `source`'s parts as flat columns, in the order title, url, publisher, date.
    static let sourceColumns = ["source_title", "source_url", "source_publisher", "source_date"]

    /// True for fields that hold several values (`topics`, `tags`, `organizations`, `people`).
    public var isList: Bool {
        switch self {
        case .topics, .tags, .organizations, .people: return true
        default: return false
        }
    }

    /// The lesson section this field is, for `context`, `lesson` and `recommendation`.
    public var section: NoteSection? { NoteSection(rawValue: rawValue) }

    /// True for the free Markdown text (`body` and the three sections): written after the front
    /// matter in a Markdown file, not in it.
    public var isMarkdownText: Bool { self == .body || section != nil }

    /// The fields a Markdown file keeps in its YAML front matter, in the order written.
    public static var frontMatterFields: [NoteField] { allCases.filter { !$0.isMarkdownText } }

    /// The loader's accepted keys: every field's key followed by its aliases.
    public static var inputKeys: [String] { allCases.flatMap { [$0.key] + $0.inputAliases } }

    /// The field's name for people (reports, terminal output) in `language`: `ReportLabels`' word.
    public func label(_ language: ReportLanguage) -> String {
        ReportLabels.labels(for: language).label(of: self)
    }

    /// The field's CSV column headings for people in `language` (a spreadsheet for Latvian
    /// Excel): its `label`, or for `source` a heading for each part, in `csvColumns` order.
    public func csvColumnLabels(_ language: ReportLanguage) -> [String] {
        guard self == .source else { return [label(language)] }
        switch language {
        case .lv: return ["Avota nosaukums", "Avota saite", "Avota izdevējs", "Avota datums"]
        case .en: return ["Source title", "Source link", "Source publisher", "Source date"]
        case .ru: return ["Название источника", "Ссылка на источник", "Издатель источника", "Дата источника"]
        }
    }

    /// The loader's key for a CSV header cell: a key or alias as written (any case); else a
    /// field's `csvColumnLabels` in Latvian, English or Russian, compared without case,
    /// diacritics or surrounding spaces (`Nosaukums`, `Avota saite`, `Название`…); else the cell
    /// lower-cased, for the decoder to report as an unknown field.
    public static func csvKey(header: String) -> String {
        let lowered = header.trimmingCharacters(in: .whitespaces).lowercased()
        if knownKeys.contains(lowered) { return lowered }
        return keysByLabel[LatvianFolding.fold(lowered)] ?? lowered
    }

    private static let knownKeys = Set(inputKeys)

    /// Folded heading → key, over every field, its columns and every language. Built once;
    /// a heading two fields share would be ambiguous, so the first field keeps it (a test
    /// checks there is none).
    static let keysByLabel: [String: String] = {
        var keys: [String: String] = [:]
        for language in ReportLanguage.allCases {
            // The CSV report's own columns, by their headings, so the reader can skip them.
            let labels = ReportLabels.labels(for: language)
            for (key, label) in [("year", labels.year), ("section", labels.section), ("rank", labels.rank)] {
                keys[LatvianFolding.fold(label)] = key
            }
            for field in allCases {
                for (key, label) in zip(field.csvColumns, field.csvColumnLabels(language)) where keys[LatvianFolding.fold(label)] == nil {
                    keys[LatvianFolding.fold(label)] = key
                }
            }
        }
        return keys
    }()
}

/// The three lesson sections of a note (lessons-learned practice: the situation, what was
/// learned, what to do next time) and their Markdown headings.
public enum NoteSection: String, Sendable, CaseIterable {
    case context, lesson, recommendation

    /// The note field the section fills.
    public var field: NoteField { NoteField(rawValue: rawValue)! }

    /// The key in JSON and YAML, the same as the field's.
    public var key: String { rawValue }

    /// The `## ` heading `dump` writes (Latvian, the knowledge base's language).
    public var latvianHeading: String {
        switch self {
        case .context: return "Konteksts"
        case .lesson: return "Mācība"
        case .recommendation: return "Ieteikumi"
        }
    }

    /// The English `## ` heading the loader accepts.
    public var englishHeading: String {
        switch self {
        case .context: return "Context"
        case .lesson: return "Lesson"
        case .recommendation: return "Recommendation"
        }
    }

    /// Every heading the loader reads as this section, folded (lower case, no diacritics, as
    /// `LatvianFolding.fold` gives): both headings above, plurals and common variants.
    public var foldedHeadings: [String] {
        switch self {
        case .context: return ["konteksts", "context", "situacija"]
        case .lesson: return ["maciba", "macibas", "lesson", "lessons", "lesson learned"]
        case .recommendation: return ["ieteikumi", "ieteikums", "recommendation", "recommendations"]
        }
    }

    /// The section whose folded heading is `folded`, if any.
    public init?(foldedHeading folded: String) {
        guard let section = Self.byFoldedHeading[folded] else { return nil }
        self = section
    }

    private static let byFoldedHeading: [String: NoteSection] = Dictionary(
        uniqueKeysWithValues: allCases.flatMap { section in section.foldedHeadings.map { ($0, section) } })

    /// The section's name in reports (`ReportLabels`' words; English says "Recommendations").
    public func label(_ language: ReportLanguage) -> String {
        field.label(language)
    }
}

extension Note {
    /// The text of one lesson section.
    public subscript(section: NoteSection) -> String {
        get {
            switch section {
            case .context: return context
            case .lesson: return lesson
            case .recommendation: return recommendation
            }
        }
        set {
            switch section {
            case .context: context = newValue
            case .lesson: lesson = newValue
            case .recommendation: recommendation = newValue
            }
        }
    }
}

/// A JSON coding key chosen at run time: a `NoteField`'s key, for the `Encodable` note shapes.
struct NoteFieldKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ field: NoteField) { stringValue = field.key }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
