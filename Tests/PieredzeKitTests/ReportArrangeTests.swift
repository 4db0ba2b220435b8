import Foundation
import Testing
@testable import PieredzeKit

/// `Report.arrange` driven by hand-made `ReportSource`s: no database anywhere in this file.
@Suite("Report arrangement")
struct ReportArrangeTests {
    /// reforma › (apvienosana, finanses); sadarbiba.
    static let tree = TopicTree(topics: [
        Topic(id: 1, slug: "reforma", nameLV: "Reforma", nameEN: "Reform", parentID: nil),
        Topic(id: 2, slug: "apvienosana", nameLV: "Apvienošana", nameEN: "Amalgamation", parentID: 1),
        Topic(id: 3, slug: "finanses", nameLV: "Finanses", nameEN: "Finance", parentID: 1),
        Topic(id: 4, slug: "sadarbiba", nameLV: "Sadarbība", nameEN: "Cooperation", parentID: nil),
    ])

    static func note(_ id: String, topics: [String], occurred: String?, country: String?, kind: NoteKind = .lesson,
                     source: Source? = nil, organizations: [Organization] = []) -> Note {
        var note = Note(id: id, title: "Piezīme \(id)")
        note.topics = topics
        note.occurred = occurred
        note.country = country
        note.kind = kind
        note.source = source
        note.organizations = organizations
        return note
    }

    static let shared = Source(title: "Ziņojums", url: "https://example.org/zinojums")
    /// Filed under two subtopics of `reforma`.
    static let twoSections = note("a-divas", topics: ["apvienosana", "finanses"], occurred: "2019-05", country: "LV",
                                  source: shared, organizations: [Organization(name: "Ēdole")])
    static let newer = note("b-jaunaka", topics: ["apvienosana"], occurred: "2021", country: "KG",
                            source: Source(title: "Ziņojums", url: "https://example.org/zinojums", publisher: "VARAM"),
                            organizations: [Organization(name: "Alsunga")])
    static let untopical = note("c-bez-temas", topics: [], occurred: nil, country: nil)
    static let event = note("d-notikums", topics: ["sadarbiba"], occurred: "2021-03-01", country: "LV", kind: .event)

    static func request(topics: [String] = [], query: String? = nil, country: String? = nil,
                        language: ReportLanguage = .lv) -> ReportRequest {
        var filter = NoteStore.Filter()
        filter.topics = topics
        filter.country = country
        return ReportRequest(filter: filter, query: query, language: language, generated: "2025-01-15")
    }

    @Test("a topic's subtopics become sections; a note under two is listed twice, its full text once")
    func subtopicSections() throws {
        let report = Report.arrange(ReportSource(request: Self.request(topics: ["reforma"]), topics: Self.tree,
                                                 notes: [Self.twoSections, Self.newer]))
        #expect(report.title == "Reforma")
        #expect(report.ordering == .date)
        #expect(report.sections.map(\.slug) == ["apvienosana", "finanses"])
        #expect(report.sections.map(\.depth) == [1, 1])
        #expect(report.sections.map { $0.ancestors.map(\.slug) } == [["reforma"], ["reforma"]])
        // Newest first within a section.
        #expect(report.sections[0].lessonIDs == ["b-jaunaka", "a-divas"])
        #expect(report.sections[1].lessonIDs == ["a-divas"])
        #expect(report.entries.map(\.note.id) == ["b-jaunaka", "a-divas"])
        let entry = try #require(report.entry(id: "a-divas"))
        #expect(entry.section == 1 && entry.sections == [1, 2])
        #expect(report.sections[1].entryPositions == [1])
        // The topic above the sections is a group line of the contents.
        #expect(report.contents.map(\.name) == ["Reforma", "Apvienošana", "Finanses"])
        #expect(report.contents.map { $0.section == nil } == [true, false, false])
        // Same URL: one source, its fields merged.
        #expect(report.sources.count == 1)
        #expect(report.sources[0].source.publisher == "VARAM")
        #expect(report.sources[0].lessonIDs == ["a-divas", "b-jaunaka"])
        #expect(report.entries.map(\.sourceNumber) == [1, 1])
        // Index sorted ignoring diacritics: Alsunga before Ēdole.
        #expect(report.organizations.map(\.organization.name) == ["Alsunga", "Ēdole"])
        #expect(report.overview.byTopic.map(\.count) == [2, 1])
        #expect(report.overview.byCountry.map(\.key) == ["KG", "LV"])
        #expect(report.overview.byYear.map(\.label) == ["2019", "2021"])
        #expect(report.countries == ["KG", "LV"] && report.years == [2019, 2021])
        #expect(report.entries.allSatisfy { $0.rank == nil })
    }

    @Test("without topics: every topic with notes in vocabulary order, then notes without a topic")
    func allTopics() {
        let report = Report.arrange(ReportSource(request: Self.request(language: .en), topics: Self.tree,
                                                 notes: [Self.untopical, Self.event, Self.twoSections, Self.newer]))
        #expect(report.sections.map(\.slug) == ["apvienosana", "finanses", "sadarbiba", nil])
        #expect(report.sections.map(\.name) == ["Amalgamation", "Finance", "Cooperation", report.labels.noTopic])
        #expect(report.sections.map(\.depth) == [1, 1, 0, 0])
        #expect(report.title == report.labels.defaultTitle)
        #expect(report.entryCount == 4)
        #expect(report.entry(id: "d-notikums")?.note.kind == .event)
        #expect(report.overview.byYear.last?.label == report.labels.notGiven)
        #expect(report.overview.byCountry.last?.key == "")
    }

    @Test("with a query the notes keep the given rank order, and the scope carries the filter")
    func relevance() {
        var source = ReportSource(request: Self.request(topics: ["reforma"], query: "  budžets ", country: "LV"),
                                  topics: Self.tree, notes: [Self.twoSections, Self.newer], anyWord: true)
        source.request.filter.kind = .lesson
        let report = Report.arrange(source)
        #expect(report.ordering == .relevance)
        #expect(report.sections[0].lessonIDs == ["a-divas", "b-jaunaka"])
        #expect(report.entries.map(\.rank) == [1, 2])
        #expect(report.scope.query == "budžets")
        #expect(report.scope.anyWord)
        #expect(report.scope.filter.country == "LV")
        #expect(report.scope.filter.kind == .lesson)
        #expect(report.scope.filter == source.request.filter)
        #expect(report.scope.topics == [Report.TopicName(slug: "reforma", name: "Reforma")])
        let facts = report.scope.filterFacts(report.labels)
        #expect(facts.map(\.label) == [report.labels.country, report.labels.kind])
    }

    @Test("an arranged report renders in every format without a database", arguments: ReportFormat.allCases)
    func renders(format: ReportFormat) throws {
        let report = Report.arrange(ReportSource(request: Self.request(topics: ["reforma"]), topics: Self.tree,
                                                 notes: [Self.twoSections, Self.newer]))
        let text = try format.renderer.render(report)
        #expect(text.contains("a-divas"))
        #expect(text.contains("b-jaunaka"))
    }

    @Test("no notes: an empty report with no sections")
    func empty() {
        let report = Report.arrange(ReportSource(request: Self.request(), topics: Self.tree, notes: []))
        #expect(report.isEmpty)
        #expect(report.sections.isEmpty)
        #expect(report.sources.isEmpty)
    }
}
