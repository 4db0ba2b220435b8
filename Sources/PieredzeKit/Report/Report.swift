import Foundation
import LatvianText

/// The notes matching a query, best first, already restricted by the filter: primary keys in
/// rank order, and whether search fell back to any word because no note had all of them. `Report.build` uses the search engine unless a test passes its own.
public typealias ReportSearch = (_ query: String, _ filter: NoteStore.Filter) throws -> (pks: [Int64], anyWord: Bool)

/// A topic report: everything the knowledge base holds on some topics, arranged for reading.
///
/// Built once from the database (`build`), then written by any `ReportRenderer`. Everything is
/// sorted explicitly, ties broken by id, so the same database and request give the same report.
///
/// Arrangement:
/// - one section per topic in scope (each requested topic and its subtopics, in vocabulary
///   order: parents before children) that has notes; without `--topic`, every topic with notes,
///   then notes without a topic;
/// - a note filed under several of those topics is listed in each of them, but its full text
///   appears once, in the first; the other sections list it with a pointer there. (Counts per
///   topic count it under each.)
/// - within a section: newest first by `occurred` (undated last, ties by id), or by relevance
///   when there is a query.
public struct Report: Sendable {
    public enum Ordering: String, Sendable, Codable {
        case date
        case relevance
    }

    public struct TopicName: Sendable, Hashable, Encodable {
        public var slug: String
        public var name: String
    }

    /// The filters and query as given, with the requested topics' names: the report's cover.
    /// The filters are the request's own `NoteStore.Filter`, so the two cannot drift apart.
    public struct Scope: Sendable, Equatable {
        public var filter: NoteStore.Filter
        /// The query, trimmed; nil without one.
        public var query: String?
        /// The filter's topics, in the order given, with their names (the slug for a topic the
        /// vocabulary does not know).
        public var topics: [TopicName]
        /// True when no note had all the query's words and the report holds those with any.
        public var anyWord = false

        /// The filters given besides topics and query, as (label, plain text) in cover order;
        /// each renderer escapes them for its format.
        public func filterFacts(_ labels: ReportLabels) -> [(label: String, value: String)] {
            var facts: [(label: String, value: String)] = []
            if let country = filter.country { facts.append((labels.country, labels.countryName(country))) }
            if let fromYear = filter.fromYear { facts.append((labels.fromYear, String(fromYear))) }
            if let toYear = filter.toYear { facts.append((labels.toYear, String(toYear))) }
            if let kind = filter.kind { facts.append((labels.kind, labels.kindName(kind))) }
            if let tag = filter.tag { facts.append((labels.tag, tag)) }
            if let organization = filter.organization { facts.append((labels.organization, organization)) }
            if let person = filter.person { facts.append((labels.person, person)) }
            if let language = filter.language { facts.append((labels.noteLanguage, language)) }
            return facts
        }
    }

    /// One row of an overview table.
    public struct Count: Sendable, Hashable, Encodable {
        /// Topic slug, country code or year; "" for "none given".
        public var key: String
        public var label: String
        public var count: Int
    }

    public struct Overview: Sendable, Hashable, Encodable {
        /// Per section, in section order.
        public var byTopic: [Count]
        /// Most lessons first, ties by code; notes without a country last.
        public var byCountry: [Count]
        /// Oldest year first; undated notes last.
        public var byYear: [Count]
    }

    public struct Section: Sendable, Hashable {
        /// 1-based, in document order.
        public var number: Int
        /// nil for the section of notes without a topic.
        public var slug: String?
        public var name: String
        /// 0 for a top-level topic, 1 for a subtopic, …
        public var depth: Int
        /// The topics above it, outermost first (empty for a top-level topic).
        public var ancestors: [TopicName]
        /// Ids of the section's entries, in order (date or relevance).
        public var lessonIDs: [String]
        /// The same, as positions in `Report.entries`.
        public internal(set) var entryPositions: [Int] = []
    }

    /// One note in the report (a lesson, good practice, observation or event) and where it is placed.
    public struct Entry: Sendable, Hashable {
        public var note: Note
        /// Number of the section that holds the full text (the first that lists it).
        public var section: Int
        /// Numbers of every section that lists it.
        public var sections: [Int]
        /// Number of its source in the annex.
        public var sourceNumber: Int?
        /// 1-based relevance rank when the report has a query.
        public var rank: Int?
    }

    public struct SourceEntry: Sendable, Hashable {
        public var number: Int
        public var source: Source
        /// Sorted.
        public var lessonIDs: [String]
    }

    public struct OrganizationEntry: Sendable, Hashable {
        public var organization: Organization
        public var lessonIDs: [String]
    }

    public struct PersonEntry: Sendable, Hashable {
        public var person: Person
        public var lessonIDs: [String]
    }

    public let language: ReportLanguage
    /// The requested topics' names, or a general title without `--topic`.
    public let title: String
    /// `YYYY-MM-DD`.
    public let generated: String
    public let ordering: Ordering
    public let scope: Scope
    /// Country codes covered, sorted.
    public let countries: [String]
    /// Years covered, ascending.
    public let years: [Int]
    public let overview: Overview
    public let sections: [Section]
    /// Every entry once, in document order (by the section holding its full text, then its
    /// place there).
    public let entries: [Entry]
    /// Deduplicated sources, sorted by title (then publisher, date, URL).
    public let sources: [SourceEntry]
    /// Sorted by name, ignoring case and diacritics.
    public let organizations: [OrganizationEntry]
    public let people: [PersonEntry]
    /// Every topic's name in the report's language, by slug (for a lesson's topics outside the
    /// report's sections too).
    public let topicNames: [String: String]

    private let positionByID: [String: Int]

    public var entryCount: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var labels: ReportLabels { ReportLabels.labels(for: language) }

    /// The entry for the note with `id`.
    public func entry(id: String) -> Entry? {
        positionByID[id].map { entries[$0] }
    }

    /// Builds the report for `request`: `ReportSource.fetch` (the database) then `arrange`.
    /// Throws `KnowledgeBaseError.unknownTopic` for an unknown topic slug. `search` overrides
    /// the search engine used for a query.
    public static func build(store: NoteStore, request: ReportRequest, search: ReportSearch? = nil) throws -> Report {
        arrange(try ReportSource.fetch(store: store, request: request, search: search))
    }

    /// Arranges fetched notes into a report; reads no database, so tests can drive it with a
    /// `ReportSource` built by hand. A requested topic missing from `source.topics` scopes
    /// nothing (`fetch` has already refused it) and is named by its slug on the cover.
    ///
    /// Steps: order the notes; file them into sections; place each full text in the first
    /// section listing it (document order); then the annex of sources, the index, the overview
    /// and the cover.
    public static func arrange(_ source: ReportSource) -> Report {
        let request = source.request
        let labels = ReportLabels.labels(for: request.language)
        func name(_ topic: Topic) -> String { labels.topicName(topic) }

        let query = request.effectiveQuery
        let (notes, ranks) = ordered(source.notes, ranked: query != nil)
        let filed = fileIntoSections(notes, request: request, tree: source.topics, name: name, labels: labels)

        // Full text goes to the first section listing a note; entries in document order.
        var primary = [Int](repeating: 0, count: notes.count)
        var listedIn = [[Int]](repeating: [], count: notes.count)
        var documentOrder: [Int] = []
        documentOrder.reserveCapacity(notes.count)
        for (offset, section) in filed.enumerated() {
            for position in section.positions {
                if primary[position] == 0 {
                    primary[position] = offset + 1
                    documentOrder.append(position)
                }
                listedIn[position].append(offset + 1)
            }
        }
        let inDocumentOrder = documentOrder.map { notes[$0] }
        let annex = annex(of: inDocumentOrder)
        let (organizations, people) = index(of: inDocumentOrder)

        var entries: [Entry] = []
        entries.reserveCapacity(notes.count)
        var positionByID: [String: Int] = [:]
        positionByID.reserveCapacity(notes.count)
        for (place, position) in documentOrder.enumerated() {
            let note = notes[position]
            positionByID[note.id] = entries.count
            entries.append(Entry(note: note, section: primary[position], sections: listedIn[position],
                                 sourceNumber: annex.numbers[place], rank: ranks[note.id]))
        }
        let sections = filed.enumerated().map { offset, section in
            let ids = section.positions.map { notes[$0].id }
            var arranged = Section(number: offset + 1, slug: section.slug, name: section.name, depth: section.ancestors.count,
                                   ancestors: section.ancestors, lessonIDs: ids)
            arranged.entryPositions = ids.map { positionByID[$0]! }
            return arranged
        }

        let counted = overview(of: entries, sections: sections, labels: labels)
        let requested = request.filter.topics.map { slug in
            TopicName(slug: slug, name: source.topics.topic(slug: slug).map(name) ?? slug)
        }
        let scope = Scope(filter: request.filter, query: query, topics: requested, anyWord: source.anyWord)
        let title = requested.isEmpty ? labels.defaultTitle : requested.map(\.name).joined(separator: "; ")

        return Report(language: request.language, title: title, generated: request.generated,
                      ordering: query == nil ? .date : .relevance, scope: scope,
                      countries: counted.countries, years: counted.years, overview: counted.overview,
                      sections: sections, entries: entries, sources: annex.sources,
                      organizations: organizations, people: people,
                      topicNames: Dictionary(source.topics.topics.map { ($0.slug, name($0)) }, uniquingKeysWith: { first, _ in first }),
                      positionByID: positionByID)
    }

    /// The notes in report order with their 1-based ranks by id: as given when `ranked` (best
    /// first, from the search), else newest first by `occurred`, undated last, ties by id.
    static func ordered(_ notes: [Note], ranked: Bool) -> (notes: [Note], ranks: [String: Int]) {
        guard !ranked else {
            var ranks: [String: Int] = [:]
            for (position, note) in notes.enumerated() { ranks[note.id] = position + 1 }
            return (notes, ranks)
        }
        let sorted = notes.sorted { a, b in
            switch (a.occurred, b.occurred) {
            case let (x?, y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.id < b.id
            }
        }
        return (sorted, [:])
    }

    /// A section before numbering: its topic (nil slug: notes without a topic in scope) and
    /// the positions in the ordered notes it lists.
    struct FiledSection {
        var slug: String?
        var name: String
        var ancestors: [TopicName]
        var positions: [Int]
    }

    /// One section per topic in scope that has notes, in vocabulary order, then one for notes
    /// filed under no topic in scope. Scope: the requested topics and their subtopics, or every
    /// topic when none is requested.
    static func fileIntoSections(_ notes: [Note], request: ReportRequest, tree: TopicTree,
                                 name: (Topic) -> String, labels: ReportLabels) -> [FiledSection] {
        var inScope: Set<Int>?
        if !request.filter.topics.isEmpty {
            inScope = Set(request.filter.topics.flatMap { tree.subtree(of: $0)?.map(\.id) ?? [] })
        }
        var members: [Int: [Int]] = [:]
        var withoutTopic: [Int] = []
        for (position, note) in notes.enumerated() {
            var filed = false
            var noteTopicIDs = Set<Int>()
            for slug in note.topics {
                guard let topic = tree.topic(slug: slug), inScope?.contains(topic.id) ?? true,
                      noteTopicIDs.insert(topic.id).inserted else { continue }
                members[topic.id, default: []].append(position)
                filed = true
            }
            if !filed { withoutTopic.append(position) }
        }
        var sections: [FiledSection] = []
        for topic in tree.topics {  // vocabulary (tree) order
            guard let positions = members[topic.id] else { continue }
            let ancestors = tree.ancestors(of: topic).map { TopicName(slug: $0.slug, name: name($0)) }
            sections.append(FiledSection(slug: topic.slug, name: name(topic), ancestors: ancestors, positions: positions))
        }
        if !withoutTopic.isEmpty {
            sections.append(FiledSection(slug: nil, name: labels.noTopic, ancestors: [], positions: withoutTopic))
        }
        return sections
    }

    /// The annex: sources deduplicated (by URL when there is one, else by title, publisher and
    /// date; the first note's fields win, gaps filled from later ones), sorted by title, then
    /// publisher, date and URL; and each note's source number, parallel to `notes`.
    static func annex(of notes: [Note]) -> (sources: [SourceEntry], numbers: [Int?]) {
        var sourceKeys: [String: Int] = [:]
        var sourceList: [(source: Source, ids: [String])] = []
        var listIndexOfNote = [Int?](repeating: nil, count: notes.count)
        for (position, note) in notes.enumerated() {
            guard let source = note.source else { continue }
            let key = sourceKey(source)
            if let existing = sourceKeys[key] {
                sourceList[existing].ids.append(note.id)
                var merged = sourceList[existing].source
                merged.title = merged.title ?? source.title
                merged.url = merged.url ?? source.url
                merged.publisher = merged.publisher ?? source.publisher
                merged.date = merged.date ?? source.date
                sourceList[existing].source = merged
                listIndexOfNote[position] = existing
            } else {
                sourceKeys[key] = sourceList.count
                listIndexOfNote[position] = sourceList.count
                sourceList.append((source, [note.id]))
            }
        }
        let sourceOrder = sourceList.indices.sorted { a, b in
            let x = sourceList[a].source, y = sourceList[b].source
            let keyX = [sortKey(x.title ?? x.publisher ?? x.url ?? ""), x.title ?? "", x.publisher ?? "", x.date ?? "", x.url ?? ""]
            let keyY = [sortKey(y.title ?? y.publisher ?? y.url ?? ""), y.title ?? "", y.publisher ?? "", y.date ?? "", y.url ?? ""]
            return keyX.lexicographicallyPrecedes(keyY)
        }
        var sourceNumber = [Int](repeating: 0, count: sourceList.count)
        for (offset, index) in sourceOrder.enumerated() { sourceNumber[index] = offset + 1 }
        let sources = sourceOrder.enumerated().map { offset, index in
            SourceEntry(number: offset + 1, source: sourceList[index].source, lessonIDs: sourceList[index].ids.sorted())
        }
        return (sources, listIndexOfNote.map { $0.map { sourceNumber[$0] } })
    }

    /// The index of organizations and people, each with the notes naming it, sorted by name.
    static func index(of notes: [Note]) -> (organizations: [OrganizationEntry], people: [PersonEntry]) {
        var organizationEntries: [String: (organization: Organization, ids: Set<String>)] = [:]
        var personEntries: [String: (person: Person, ids: Set<String>)] = [:]
        for note in notes {
            for organization in note.organizations {
                organizationEntries[organization.name, default: (organization, [])].ids.insert(note.id)
            }
            for person in note.people {
                personEntries[person.name, default: (person, [])].ids.insert(note.id)
            }
        }
        let organizations = organizationEntries.values
            .map { OrganizationEntry(organization: $0.organization, lessonIDs: $0.ids.sorted()) }
            .sorted { byName($0.organization.name, $1.organization.name) }
        let people = personEntries.values
            .map { PersonEntry(person: $0.person, lessonIDs: $0.ids.sorted()) }
            .sorted { byName($0.person.name, $1.person.name) }
        return (organizations, people)
    }

    /// Counts per section, country and year, with the countries and years covered (sorted).
    static func overview(of entries: [Entry], sections: [Section], labels: ReportLabels)
        -> (overview: Overview, countries: [String], years: [Int]) {
        var countryCounts: [String: Int] = [:]
        var yearCounts: [Int: Int] = [:]
        var undated = 0
        var noCountry = 0
        for entry in entries {
            if let country = entry.note.country { countryCounts[country, default: 0] += 1 } else { noCountry += 1 }
            if let year = entry.note.year { yearCounts[year, default: 0] += 1 } else { undated += 1 }
        }
        var byCountry = countryCounts
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { Count(key: $0.key, label: labels.countryName($0.key), count: $0.value) }
        if noCountry > 0 { byCountry.append(Count(key: "", label: labels.notGiven, count: noCountry)) }
        var byYear = yearCounts.keys.sorted().map { Count(key: String($0), label: String($0), count: yearCounts[$0]!) }
        if undated > 0 { byYear.append(Count(key: "", label: labels.notGiven, count: undated)) }
        let byTopic = sections.map { Count(key: $0.slug ?? "", label: $0.name, count: $0.lessonIDs.count) }
        return (Overview(byTopic: byTopic, byCountry: byCountry, byYear: byYear), countryCounts.keys.sorted(), yearCounts.keys.sorted())
    }

    private static func sourceKey(_ source: Source) -> String {
        if let url = source.url?.trimmingCharacters(in: .whitespaces), !url.isEmpty { return "u\u{1}" + url }
        return ["t", source.title ?? "", source.publisher ?? "", source.date ?? ""].joined(separator: "\u{1}")
    }

    /// Case- and diacritic-insensitive sort key (Ā next to A, as a Latvian reader expects).
    static func sortKey(_ text: String) -> String { LatvianFolding.fold(text) }

    private static func byName(_ a: String, _ b: String) -> Bool {
        let x = sortKey(a), y = sortKey(b)
        return x != y ? x < y : a < b
    }
}

extension Report {
    /// A line of the table of contents: a section, or a topic above sections that has no
    /// section of its own (no lessons filed directly under it), shown so the tree stays clear.
    public struct ContentsLine: Sendable, Hashable {
        public var name: String
        public var depth: Int
        public var section: Section?
    }

    /// The table of contents, sections in order with their missing ancestors as group lines.
    public var contents: [ContentsLine] {
        var lines: [ContentsLine] = []
        var path: [String] = []  // slugs of the last line and its ancestors
        for section in sections {
            for (depth, ancestor) in section.ancestors.enumerated() where depth >= path.count || path[depth] != ancestor.slug {
                lines.append(ContentsLine(name: ancestor.name, depth: depth, section: nil))
                path = Array(path.prefix(depth)) + [ancestor.slug]
            }
            lines.append(ContentsLine(name: section.name, depth: section.depth, section: section))
            path = section.ancestors.map(\.slug) + [section.slug ?? ""]
        }
        return lines
    }

    /// Years as compact ranges: `2015–2017, 2019`.
    public static func yearRanges(_ years: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        while index < years.count {
            var end = index
            while end + 1 < years.count, years[end + 1] == years[end] + 1 { end += 1 }
            parts.append(end == index ? String(years[index]) : "\(years[index])–\(years[end])")
            index = end + 1
        }
        return parts.joined(separator: ", ")
    }
}
