/// A note as JSON with the loader's field names, absent and empty fields left out: the shape
/// `pieredze show --format json` prints and `load` reads back (the same keys as
/// `NoteExporter.jsonObject`).
///
/// ```
/// { "id", "title", "kind", "language", "status",            // always
///   "summary", "context", "lesson", "recommendation", "body", // Markdown, when not empty
///   "country", "occurred", "topics": [String], "tags": [String],
///   "organizations": [{ "name", "country", "kind" }], "people": [{ "name", "role", "organization" }],
///   "source": { "title", "url", "publisher", "date" } }
/// ```
public struct NoteJSON: Encodable, Sendable {
    public let note: Note

    public init(_ note: Note) {
        self.note = note
    }

    private struct OrganizationJSON: Encodable {
        var name: String
        var country: String?
        var kind: String?
    }

    private struct PersonJSON: Encodable {
        var name: String
        var role: String?
        var organization: String?
    }

    private struct SourceJSON: Encodable {
        var title: String?
        var url: String?
        var publisher: String?
        var date: String?
    }

    /// Every `NoteField` under its key; empty text, empty lists and absent values are left out
    /// (`id`, `title`, `kind`, `language` and `status` are always given).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: NoteFieldKey.self)
        for field in NoteField.allCases {
            let key = NoteFieldKey(field)
            switch field {
            case .id: try container.encode(note.id, forKey: key)
            case .title: try container.encode(note.title, forKey: key)
            case .kind: try container.encode(note.kind.rawValue, forKey: key)
            case .language: try container.encode(note.language, forKey: key)
            case .status: try container.encode(note.status.rawValue, forKey: key)
            case .summary, .context, .lesson, .recommendation, .body:
                let text = NoteExporter.textValue(field, of: note)
                if !text.isEmpty { try container.encode(text, forKey: key) }
            case .country: try container.encodeIfPresent(note.country, forKey: key)
            case .occurred: try container.encodeIfPresent(note.occurred, forKey: key)
            case .topics: if !note.topics.isEmpty { try container.encode(note.topics, forKey: key) }
            case .tags: if !note.tags.isEmpty { try container.encode(note.tags, forKey: key) }
            case .organizations:
                if !note.organizations.isEmpty {
                    try container.encode(note.organizations.map { OrganizationJSON(name: $0.name, country: $0.country, kind: $0.kind) },
                                         forKey: key)
                }
            case .people:
                if !note.people.isEmpty {
                    try container.encode(note.people.map { PersonJSON(name: $0.name, role: $0.role, organization: $0.organization) },
                                         forKey: key)
                }
            case .source:
                if let source = note.source {
                    try container.encode(SourceJSON(title: source.title, url: source.url, publisher: source.publisher, date: source.date),
                                         forKey: key)
                }
            }
        }
    }
}

/// A note's headline as JSON, for `pieredze list --format json|jsonl`: the keys `NoteJSON`
/// gives the same values (`NoteField` keys), absent values left out, and when the note was last
/// written.
///
/// ```
/// { "id", "title", "kind", "country"?, "occurred"?, "updated": "2026-11-30T21:04:05.123Z" }
/// ```
public struct NoteHeadlineJSON: Encodable, Sendable {
    public let headline: NoteHeadline

    public init(_ headline: NoteHeadline) {
        self.headline = headline
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: NoteFieldKey.self)
        try container.encode(headline.id, forKey: NoteFieldKey(.id))
        try container.encode(headline.title, forKey: NoteFieldKey(.title))
        try container.encode(headline.kind.rawValue, forKey: NoteFieldKey(.kind))
        try container.encodeIfPresent(headline.country, forKey: NoteFieldKey(.country))
        try container.encodeIfPresent(headline.occurred, forKey: NoteFieldKey(.occurred))
        try container.encode(headline.updatedAt, forKey: NoteFieldKey(stringValue: "updated"))
    }
}
