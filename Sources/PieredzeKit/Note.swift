/// One experience note: a lesson, a good practice, an observation or an event record.
///
/// Fields follow lessons-learned practice: `context` (what the situation was), `lesson` (what was
/// learned), `recommendation` (what to do next time), `source` (the evidence). `body` holds any
/// free Markdown outside those sections.
public struct Note: Sendable, Hashable {
    /// Stable slug people and files refer to (`lps-kps-sadarbibas-ligums-2018`).
    public var id: String
    public var title: String
    public var summary: String = ""
    public var context: String = ""
    public var lesson: String = ""
    public var recommendation: String = ""
    public var body: String = ""
    public var kind: NoteKind = .lesson
    /// `lv`, `en` or `ru`.
    public var language: String = "lv"
    /// ISO 3166-1 alpha-2 code (`LV`, `KG`).
    public var country: String?
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    public var occurred: String?
    public var topics: [String] = []
    public var tags: [String] = []
    public var organizations: [Organization] = []
    public var people: [Person] = []
    public var source: Source?
    public var status: NoteStatus = .draft

    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }

    /// The year of `occurred`, if any.
    public var year: Int? { occurred.flatMap { Int($0.prefix(4)) } }
}

public enum NoteKind: String, Sendable, Hashable, Codable, CaseIterable {
    case lesson
    case goodPractice = "good-practice"
    case observation
    case event

    /// Latvian label (reports, terminal output).
    public var latvianName: String {
        switch self {
        case .lesson: return "mācība"
        case .goodPractice: return "laba prakse"
        case .observation: return "novērojums"
        case .event: return "notikums"
        }
    }

    public var englishName: String {
        switch self {
        case .lesson: return "lesson"
        case .goodPractice: return "good practice"
        case .observation: return "observation"
        case .event: return "event"
        }
    }
}

public enum NoteStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case draft
    case reviewed
}

public struct Organization: Sendable, Hashable, Codable {
    public var name: String
    public var country: String?
    public var kind: String?

    public init(name: String, country: String? = nil, kind: String? = nil) {
        self.name = name
        self.country = country
        self.kind = kind
    }
}

public struct Person: Sendable, Hashable, Codable {
    public var name: String
    public var role: String?
    public var organization: String?

    public init(name: String, role: String? = nil, organization: String? = nil) {
        self.name = name
        self.role = role
        self.organization = organization
    }
}

public struct Source: Sendable, Hashable, Codable {
    public var title: String?
    public var url: String?
    public var publisher: String?
    public var date: String?

    public init(title: String? = nil, url: String? = nil, publisher: String? = nil, date: String? = nil) {
        self.title = title
        self.url = url
        self.publisher = publisher
        self.date = date
    }

    public var isEmpty: Bool { title == nil && url == nil && publisher == nil && date == nil }
}

/// A topic of the controlled vocabulary.
public struct Topic: Sendable, Hashable, Codable {
    public var id: Int
    public var slug: String
    public var nameLV: String
    public var nameEN: String
    /// Russian, for partners who read Russian (migration 0008); empty: use `nameEN`.
    public var nameRU: String = ""
    public var parentID: Int?

    /// The name in `language` ("lv", "en", "ru"): Latvian by default, English where a Russian
    /// name is missing.
    public func name(language: String) -> String {
        switch language {
        case "en": return nameEN
        case "ru": return nameRU.isEmpty ? nameEN : nameRU
        default: return nameLV
        }
    }
}
