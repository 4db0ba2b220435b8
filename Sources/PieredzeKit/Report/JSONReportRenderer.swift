import Foundation

/// The report as JSON: the same structure as the other formats, as data.
///
/// Keys are sorted, output is pretty-printed UTF-8 ending in a newline, and every key is always
/// present (`null` when there is no value), so the shape below holds for every report:
///
/// ```
/// {
///   "format": "pieredze-report", "version": 1,
///   "language": "lv" | "en",                 // of the labels and topic names
///   "title": String, "generated": "YYYY-MM-DD",
///   "ordering": "date" | "relevance",
///   "scope": { "topics": [{ "slug", "name" }], "query", "country", "fromYear", "toYear",
///              "kind", "tag", "organization", "person", "language" },   // filters as given;
///              "anyWord": true when no note had all the query's words (else absent)
///   "lessonCount": Int,
///   "countries": [String],                   // ISO codes, sorted
///   "years": [Int],                          // ascending
///   "overview": { "byTopic" | "byCountry" | "byYear": [{ "key", "label", "count" }] },
///   "sections": [{ "number", "slug", "name", "depth", "ancestors": [{ "slug", "name" }],
///                  "lessonIds": [String] }],  // in document order; slug null = no topic
///   "lessons": [{ "id", "title", "summary", "kind", "language", "country", "occurred", "year",
///                 "topics", "tags", "organizations": [{ "name", "country", "kind" }],
///                 "people": [{ "name", "role", "organization" }],
///                 "context", "lesson", "recommendation", "body",    // Markdown, as written
///                 "source": { "title", "url", "publisher", "date" } | null,
///                 "sourceNumber", "status", "section", "sections", "rank" }],
///                                            // each lesson once, in document order;
///                                            // "section": where its full text is
///   "sources": [{ "number", "title", "url", "publisher", "date", "lessonIds" }],
///   "index": { "organizations": [{ "name", "country", "kind", "lessonIds" }],
///              "people": [{ "name", "role", "organization", "lessonIds" }] }
/// }
/// ```
public struct JSONReportRenderer: ReportRenderer {
    public init() {}

    public func render<Output: TextOutputStream>(_ report: Report, to output: inout Output) throws {
        output.write(try Self.string(report))
    }

    static func string(_ report: Report) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}

extension Report: Encodable {
    private enum Keys: String, CodingKey {
        case format, version, language, title, generated, ordering, scope, lessonCount, countries, years
        case overview, sections, lessons, sources, index
    }

    private enum IndexKeys: String, CodingKey { case organizations, people }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode("pieredze-report", forKey: .format)
        try container.encode(1, forKey: .version)
        try container.encode(language, forKey: .language)
        try container.encode(title, forKey: .title)
        try container.encode(generated, forKey: .generated)
        try container.encode(ordering, forKey: .ordering)
        try container.encode(scope, forKey: .scope)
        try container.encode(entryCount, forKey: .lessonCount)
        try container.encode(countries, forKey: .countries)
        try container.encode(years, forKey: .years)
        try container.encode(overview, forKey: .overview)
        try container.encode(sections, forKey: .sections)
        try container.encode(entries, forKey: .lessons)
        try container.encode(sources, forKey: .sources)
        var index = container.nestedContainer(keyedBy: IndexKeys.self, forKey: .index)
        try index.encode(organizations, forKey: .organizations)
        try index.encode(people, forKey: .people)
    }
}

// TopicName, Count and Overview are Encodable where they are declared (synthesised keys).

extension Report.Scope: Encodable {
    private enum Keys: String, CodingKey {
        case topics, query, anyWord, country, fromYear, toYear, kind, tag, organization, person, language
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(topics, forKey: .topics)
        try container.encode(query, forKey: .query)
        if anyWord { try container.encode(true, forKey: .anyWord) }
        try container.encode(filter.country, forKey: .country)
        try container.encode(filter.fromYear, forKey: .fromYear)
        try container.encode(filter.toYear, forKey: .toYear)
        try container.encode(filter.kind?.rawValue, forKey: .kind)
        try container.encode(filter.tag, forKey: .tag)
        try container.encode(filter.organization, forKey: .organization)
        try container.encode(filter.person, forKey: .person)
        try container.encode(filter.language, forKey: .language)
    }
}

extension Report.Section: Encodable {
    private enum Keys: String, CodingKey {
        case number, slug, name, depth, ancestors, lessonIds
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(number, forKey: .number)
        try container.encode(slug, forKey: .slug)
        try container.encode(name, forKey: .name)
        try container.encode(depth, forKey: .depth)
        try container.encode(ancestors, forKey: .ancestors)
        try container.encode(lessonIDs, forKey: .lessonIds)
    }
}

/// Organization, person and source with every key present.
private struct JSONOrganization: Encodable {
    var organization: Organization
    var lessonIDs: [String]?
    enum Keys: String, CodingKey { case name, country, kind, lessonIds }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(organization.name, forKey: .name)
        try container.encode(organization.country, forKey: .country)
        try container.encode(organization.kind, forKey: .kind)
        if let lessonIDs { try container.encode(lessonIDs, forKey: .lessonIds) }
    }
}

private struct JSONPerson: Encodable {
    var person: Person
    var lessonIDs: [String]?
    enum Keys: String, CodingKey { case name, role, organization, lessonIds }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(person.name, forKey: .name)
        try container.encode(person.role, forKey: .role)
        try container.encode(person.organization, forKey: .organization)
        if let lessonIDs { try container.encode(lessonIDs, forKey: .lessonIds) }
    }
}

private struct JSONSource: Encodable {
    var source: Source
    var number: Int?
    var lessonIDs: [String]?
    enum Keys: String, CodingKey { case number, title, url, publisher, date, lessonIds }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        if let number { try container.encode(number, forKey: .number) }
        try container.encode(source.title, forKey: .title)
        try container.encode(source.url, forKey: .url)
        try container.encode(source.publisher, forKey: .publisher)
        try container.encode(source.date, forKey: .date)
        if let lessonIDs { try container.encode(lessonIDs, forKey: .lessonIds) }
    }
}

extension Report.Entry: Encodable {
    /// The keys beside the note's own fields (`NoteField.key`).
    private enum Keys: String, CodingKey {
        case year, sourceNumber, section, sections, rank
    }

    public func encode(to encoder: any Encoder) throws {
        var fields = encoder.container(keyedBy: NoteFieldKey.self)
        for field in NoteField.allCases {
            let key = NoteFieldKey(field)
            switch field {
            case .id: try fields.encode(note.id, forKey: key)
            case .title: try fields.encode(note.title, forKey: key)
            case .summary, .context, .lesson, .recommendation, .body:
                try fields.encode(NoteExporter.textValue(field, of: note), forKey: key)
            case .kind: try fields.encode(note.kind.rawValue, forKey: key)
            case .language: try fields.encode(note.language, forKey: key)
            case .country: try fields.encode(note.country, forKey: key)
            case .occurred: try fields.encode(note.occurred, forKey: key)
            case .topics: try fields.encode(note.topics, forKey: key)
            case .tags: try fields.encode(note.tags, forKey: key)
            case .organizations: try fields.encode(note.organizations.map { JSONOrganization(organization: $0) }, forKey: key)
            case .people: try fields.encode(note.people.map { JSONPerson(person: $0) }, forKey: key)
            case .source: try fields.encode(note.source.map { JSONSource(source: $0) }, forKey: key)
            case .status: try fields.encode(note.status.rawValue, forKey: key)
            }
        }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(note.year, forKey: .year)
        try container.encode(sourceNumber, forKey: .sourceNumber)
        try container.encode(section, forKey: .section)
        try container.encode(sections, forKey: .sections)
        try container.encode(rank, forKey: .rank)
    }
}

extension Report.SourceEntry: Encodable {
    public func encode(to encoder: any Encoder) throws {
        try JSONSource(source: source, number: number, lessonIDs: lessonIDs).encode(to: encoder)
    }
}

extension Report.OrganizationEntry: Encodable {
    public func encode(to encoder: any Encoder) throws {
        try JSONOrganization(organization: organization, lessonIDs: lessonIDs).encode(to: encoder)
    }
}

extension Report.PersonEntry: Encodable {
    public func encode(to encoder: any Encoder) throws {
        try JSONPerson(person: person, lessonIDs: lessonIDs).encode(to: encoder)
    }
}
