import Foundation
import LatvianText

/// Turns a `RawRecord` into a `Note`, or into the list of everything wrong with it.
///
/// Liberal where people are: a country by code or name, `occurred` as a date, month or year
/// (`year` and `date` are aliases), `source` as a string or a mapping, lists as sequences or as
/// `;`-separated text (tags and topics `,`-separated too). Strict where mistakes would be
/// silent: unknown fields, unknown topics, impossible dates and malformed ids are errors. All
/// text is normalised to NFC. Control characters (`ControlCharacters`) and long runs of
/// combining marks (`CombiningMarks`) are refused in every field, before anything else is
/// looked at.
public struct NoteDecoder: Sendable {
    /// Slugs of the topic vocabulary, for validating `topics`.
    public let knownTopics: Set<String>
    /// The vocabulary in display order, for the "known topics" list of the error message.
    let topicList: [String]

    /// Topics' display names (Latvian, English, Russian; folded) to slugs, so a spreadsheet
    /// may name a topic as people see it ("Mācību vizītes").
    let topicSlugsByName: [String: String]

    public init(topics: [String]) {
        self.knownTopics = Set(topics)
        self.topicList = topics
        self.topicSlugsByName = [:]
    }

    /// Accepts each topic by slug or by any of its names (`TopicResolver`'s rule).
    public init(topics: [Topic]) {
        self.knownTopics = Set(topics.map(\.slug))
        self.topicList = topics.map(\.slug)
        self.topicSlugsByName = TopicResolver.slugsByFoldedName(topics)
    }

    /// Every key a record may have: each `NoteField`'s key, then its aliases.
    public static let fieldNames: [String] = NoteField.inputKeys
    private static let knownFields = Set(fieldNames)

    /// Folded names of kinds: the codes, common variants, and the reports' names in every
    /// language (`ReportLabels.kindName`), so a value as a report or a person writes it reads back.
    static let kindAliases: [String: NoteKind] = {
        var aliases: [String: NoteKind] = [
            "lesson": .lesson, "maciba": .lesson, "lesson learned": .lesson,
            "good-practice": .goodPractice, "good practice": .goodPractice, "laba prakse": .goodPractice, "laba-prakse": .goodPractice,
            "observation": .observation, "noverojums": .observation,
            "event": .event, "event record": .event, "event-record": .event, "notikums": .event,
        ]
        for language in ReportLanguage.allCases {
            for kind in NoteKind.allCases { aliases[LatvianFolding.fold(ReportLabels.labels(for: language).kindName(kind))] = kind }
        }
        return aliases
    }()
    static let statusAliases: [String: NoteStatus] = {
        var aliases: [String: NoteStatus] = [
            "draft": .draft, "melnraksts": .draft, "reviewed": .reviewed, "parbaudits": .reviewed, "parskatits": .reviewed,
        ]
        for language in ReportLanguage.allCases {
            for status in NoteStatus.allCases { aliases[LatvianFolding.fold(ReportLabels.labels(for: language).statusName(status))] = status }
        }
        return aliases
    }()
    static let languages: Set<String> = ["lv", "en", "ru"]
    /// Folded language names in every report language ("latviešu", "Latvian", "латышский") to codes.
    static let languageAliases: [String: String] = {
        var aliases: [String: String] = [:]
        for language in ReportLanguage.allCases {
            for code in languages { aliases[LatvianFolding.fold(ReportLabels.labels(for: language).languageName(code))] = code }
        }
        return aliases
    }()
    /// Lists that, given as one text, are split at commas as well as at `;`.
    static let commaSeparatedLists: Set<String> = [NoteField.tags.key, NoteField.topics.key]

    /// Decodes `record`; appends to `problems` and returns nil when anything is wrong.
    public func decode(_ record: RawRecord, problems: inout [LoadProblem]) -> Note? {
        let before = problems.count
        var values: [String: FieldValue] = [:]
        func problem(_ field: String?, _ message: String) {
            problems.append(LoadProblem(field.map { record.location(of: $0) } ?? record.location, field: field, message))
        }
        // First, so that no message below repeats a control character to the terminal.
        for (key, value) in record.fields {
            if let found = ControlCharacters.first(in: key) {
                problem(nil, "a field name holds control character \(ControlCharacters.name(found)); expected a field name such as title")
            } else if let found = ControlCharacters.first(in: value) {
                problem(key, ControlCharacters.message(found))
            } else if CombiningMarks.exceedsRun(key) || value.firstResult({ CombiningMarks.exceedsRun($0) ? true : nil }) != nil {
                problem(key, CombiningMarks.message)
            }
        }
        guard problems.count == before else { return nil }
        for (key, value) in record.fields {
            guard Self.knownFields.contains(key) else {
                problem(key, "unknown field; expected one of \(Self.fieldNames.joined(separator: ", "))")
                continue
            }
            if values[key] != nil { problem(key, "given twice") }
            values[key] = value
        }

        func text(_ field: String) -> String? {
            switch values[field] {
            case .none, .null?: return nil
            case .text(let value)?:
                let trimmed = normalized(value).trimmed
                return trimmed.isEmpty ? nil : trimmed
            case .list?, .map?:
                problem(field, "expected text, found a \(values[field].map(describe) ?? "value")")
                return nil
            }
        }
        func list(_ field: String) -> [String] {
            switch values[field] {
            case .none, .null?: return []
            case .text(let value)?:
                // Tags and topics never hold a comma: "reforma, dialogs" is two tags.
                let separators: Set<Character> = Self.commaSeparatedLists.contains(field) ? [";", ","] : [";"]
                return uniqueItems(value.split(whereSeparator: separators.contains).lazy
                    .map { normalized(String($0)).trimmed }.filter { !$0.isEmpty })
            case .list(let items)?:
                var result: [String] = []
                for item in items {
                    guard case .text(let value) = item else {
                        problem(field, "expected a list of text, found a \(describe(item)) in it")
                        continue
                    }
                    let trimmed = normalized(value).trimmed
                    if !trimmed.isEmpty { result.append(trimmed) }
                }
                return uniqueItems(result)
            case .map?:
                problem(field, "expected a list, found a mapping")
                return []
            }
        }

        guard let title = text("title") else {
            if values["title"] == nil || values["title"] == .null { problem(nil, "title: missing; every note needs a title") }
            // Empty or blank text: refused, not skipped without a word.
            if case .text? = values["title"] { problem("title", "empty; every note needs a title") }
            return nil
        }
        let id: String
        if let given = text("id") {
            id = given
            if !Slug.isValid(given) {
                problem("id", "'\(given)' is not a valid id; expected \(Slug.idRule)")
            }
        } else {
            id = Slug.derive(from: title)
            if id.isEmpty { problem("title", "cannot derive an id from '\(title)'; give the note an id") }
        }
        var note = Note(id: id, title: title)
        note.summary = text(NoteField.summary.key) ?? ""
        for section in NoteSection.allCases { note[section] = text(section.key) ?? "" }
        note.body = text(NoteField.body.key) ?? ""

        if let kind = text("kind") {
            if let known = Self.kindAliases[LatvianFolding.fold(kind)] {
                note.kind = known
            } else {
                problem("kind", "unknown kind '\(kind)'; expected one of lesson, good-practice, observation, event")
            }
        }
        if let status = text("status") {
            if let known = Self.statusAliases[LatvianFolding.fold(status)] {
                note.status = known
            } else {
                problem("status", "unknown status '\(status)'; expected draft or reviewed")
            }
        }
        if let language = text("language") {
            if let code = Self.languages.contains(language.lowercased()) ? language.lowercased() : Self.languageAliases[LatvianFolding.fold(language)] {
                note.language = code
            } else {
                problem("language", "unknown language '\(language)'; expected lv, en or ru")
            }
        }
        if let country = text("country") {
            if let known = Countries.find(country) {
                note.country = known.code
            } else {
                problem("country", "unknown country '\(country)'; expected an ISO 3166 code (LV, KG, …) or a country name (Latvija, Kirgizstāna, …)")
            }
        }

        let dateFields = ([NoteField.occurred.key] + NoteField.occurred.inputAliases).filter { values[$0] != nil && values[$0] != .null }
        if dateFields.count > 1 {
            problem(dateFields[1], "\(dateFields.joined(separator: " and ")) say the same thing; give only one")
        }
        if let field = dateFields.first, let occurred = text(field) {
            if let date = Self.partialDate(occurred) {
                note.occurred = date
            } else {
                problem(field, "'\(occurred)' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY (or DD.MM.YYYY)")
            }
        }

        // A topic by slug, or by a name people see (the reports' spreadsheet writes names).
        var topics: [String] = []
        for given in list("topics") {
            let slug = knownTopics.contains(given) ? given : topicSlugsByName[LatvianFolding.fold(given)] ?? given
            if !topics.contains(slug) { topics.append(slug) }
        }
        note.topics = topics
        for topic in note.topics where !knownTopics.contains(topic) {
            let near = NearestNames.suggest(topic, among: topicList)
            let guess = near.isEmpty ? "" : "; did you mean " + near.map { "'\($0)'" }.joined(separator: " or ") + "?"
            problem("topics", "unknown topic '\(topic)'\(guess); known topics: \(topicList.joined(separator: ", "))")
        }
        note.tags = list("tags")
        note.organizations = organizations(values["organizations"], problem: problem)
        note.people = people(values["people"], problem: problem)
        note.source = source(values, problem: problem)

        return problems.count == before ? note : nil
    }

    private func organizations(_ value: FieldValue?, problem: (String?, String) -> Void) -> [Organization] {
        entries(value, field: "organizations", problem: problem).compactMap { entry in
            switch entry {
            case .text(let name): return Organization(name: name)
            case .map:
                guard let name = scalar(entry["name"]) else {
                    problem("organizations", "an organization without a name; expected name (and optionally country, kind)")
                    return nil
                }
                var organization = Organization(name: name, kind: scalar(entry["kind"]))
                if let country = scalar(entry["country"]) {
                    guard let known = Countries.find(country) else {
                        problem("organizations", "\(name): unknown country '\(country)'; expected an ISO 3166 code or a country name")
                        return nil
                    }
                    organization.country = known.code
                }
                return organization
            default: return nil
            }
        }
    }

    private func people(_ value: FieldValue?, problem: (String?, String) -> Void) -> [Person] {
        entries(value, field: "people", problem: problem).compactMap { entry in
            switch entry {
            case .text(let name): return Person(name: name)
            case .map:
                guard let name = scalar(entry["name"]) else {
                    problem("people", "a person without a name; expected name (and optionally role, organization)")
                    return nil
                }
                return Person(name: name, role: scalar(entry["role"]), organization: scalar(entry["organization"]))
            default: return nil
            }
        }
    }

    /// Entries of a list of names or mappings; `;`-separated text counts as a list of names.
    /// The parts an organization or person written as one text may have, after its name, in
    /// `name | country | kind` and `name | role | organization` (the web form's lines, and how
    /// the CSV report and `dump --format csv` write them, so nothing is lost on the way back).
    static let entryColumns: [String: [String]] = [
        NoteField.organizations.key: ["name", "country", "kind"],
        NoteField.people.key: ["name", "role", "organization"],
    ]

    /// `text` as a name, or, when it holds `|`, as a mapping of its columns (empty ones left out).
    private func columnsEntry(_ text: String, field: String) -> FieldValue {
        guard text.contains("|"), let keys = Self.entryColumns[field] else { return .text(text) }
        let columns = text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmed }
        return .map(zip(keys, columns).filter { !$0.1.isEmpty }.map { (key: $0.0, value: FieldValue.text($0.1)) })
    }

    private func entries(_ value: FieldValue?, field: String, problem: (String?, String) -> Void) -> [FieldValue] {
        var result: [FieldValue] = []
        switch value {
        case .none, .null?: return []
        case .text(let text)?:
            return text.split(separator: ";").map { normalized(String($0)).trimmed }
                .filter { !$0.isEmpty }.map { columnsEntry($0, field: field) }
        case .map?: problem(field, "expected a list, found a single mapping; write it as a list item (- name: …)")
        case .list(let items)?:
            for item in items {
                switch item {
                case .text(let text):
                    let name = normalized(text).trimmed
                    if !name.isEmpty { result.append(columnsEntry(name, field: field)) }
                case .map: result.append(item)
                default: problem(field, "expected names or mappings in the list, found a \(describe(item))")
                }
            }
        }
        return result
    }

    private func source(_ values: [String: FieldValue], problem: (String?, String) -> Void) -> Source? {
        var source = Source()
        switch values["source"] {
        case .none, .null?: break
        case .text(let title)?: source.title = scalar(.text(title))
        case .map?:
            let map = values["source"]!
            source = Source(title: scalar(map["title"]), url: scalar(map["url"]), publisher: scalar(map["publisher"]), date: scalar(map["date"]))
        case .list?: problem("source", "expected text or a mapping (title, url, publisher, date), found a list")
        }
        for (field, path) in zip(NoteField.sourceColumns, [\Source.title, \Source.url, \Source.publisher, \Source.date]) {
            if let value = scalar(values[field]) { source[keyPath: path] = value }
        }
        if let url = source.url {
            let lower = url.lowercased()
            if !(lower.hasPrefix("http://") || lower.hasPrefix("https://")) || URL(string: url) == nil {
                problem("source", "url '\(url)' is not a web address; expected http:// or https://")
            }
        }
        if let date = source.date {
            if let parsed = Self.partialDate(date) { source.date = parsed } else {
                problem("source", "date '\(date)' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY (or DD.MM.YYYY)")
            }
        }
        return source.isEmpty ? nil : source
    }

    private func scalar(_ value: FieldValue?) -> String? {
        guard case .text(let text)? = value else { return nil }
        let trimmed = normalized(text).trimmed
        return trimmed.isEmpty ? nil : trimmed
    }

    private func describe(_ value: FieldValue) -> String {
        switch value {
        case .null: return "null"
        case .text: return "text"
        case .list: return "list"
        case .map: return "mapping"
        }
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a real month and day, else nil.
    static func partialDate(_ text: String) -> String? {
        if text.contains("."), !text.contains("-") { return latvianDate(text) }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]), (1000...2999).contains(year),
              parts.dropFirst().allSatisfy({ $0.count == 2 && Int($0) != nil })
        else { return nil }
        if parts.count >= 2 {
            guard let month = Int(parts[1]), (1...12).contains(month) else { return nil }
            if parts.count == 3 {
                guard CalendarDate.isValid(year: year, month: month, day: Int(parts[2])!) else { return nil }
            }
        }
        return text
    }

    /// A day as Latvian writes it and a Latvian-locale spreadsheet exports it, `DD.MM.YYYY`
    /// (LVS standard order; the day and month may lack their leading zero, a final `.` is allowed:
    /// `5.8.2018.`), as `YYYY-MM-DD`; nil for anything else or a day that does not exist.
    static func latvianDate(_ text: String) -> String? {
        let trimmed = text.hasSuffix(".") ? String(text.dropLast()) : text
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
              let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]), (1000...2999).contains(year),
              CalendarDate.isValid(year: year, month: month, day: day)
        else { return nil }
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return "\(year)-\(two(month))-\(two(day))"
    }
}

/// NFC, with a fast path: text entirely below U+0300 (ASCII, Latin-1, Latin Extended-A/B, so
/// all of Latvian's letters precomposed) is already NFC and is returned as it is.
func normalized(_ text: String) -> String {
    // Below U+0300 every UTF-8 byte is under 0xCC (U+02FF is CB BF).
    if text.utf8.allSatisfy({ $0 < 0xCC }) { return text }
    return text.precomposedStringWithCanonicalMapping
}
