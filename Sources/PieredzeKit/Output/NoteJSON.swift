/// A note as JSON with the loader's field names, absent and empty fields left out: the shape
/// `pieredze show --format json` prints and `load` reads back (the same keys as
/// `NoteExport.jsonObject`).
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

    private enum Keys: String, CodingKey {
        case id, title, kind, language, status, summary, context, lesson, recommendation, body
        case country, occurred, topics, tags, organizations, people, source
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

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(note.id, forKey: .id)
        try container.encode(note.title, forKey: .title)
        try container.encode(note.kind.rawValue, forKey: .kind)
        try container.encode(note.language, forKey: .language)
        try container.encode(note.status.rawValue, forKey: .status)
        for (key, text) in [(Keys.summary, note.summary), (.context, note.context), (.lesson, note.lesson),
                            (.recommendation, note.recommendation), (.body, note.body)] where !text.isEmpty {
            try container.encode(text, forKey: key)
        }
        try container.encodeIfPresent(note.country, forKey: .country)
        try container.encodeIfPresent(note.occurred, forKey: .occurred)
        if !note.topics.isEmpty { try container.encode(note.topics, forKey: .topics) }
        if !note.tags.isEmpty { try container.encode(note.tags, forKey: .tags) }
        if !note.organizations.isEmpty {
            try container.encode(note.organizations.map { OrganizationJSON(name: $0.name, country: $0.country, kind: $0.kind) },
                                 forKey: .organizations)
        }
        if !note.people.isEmpty {
            try container.encode(note.people.map { PersonJSON(name: $0.name, role: $0.role, organization: $0.organization) },
                                 forKey: .people)
        }
        if let source = note.source {
            try container.encode(SourceJSON(title: source.title, url: source.url, publisher: source.publisher, date: source.date),
                                 forKey: .source)
        }
    }
}
