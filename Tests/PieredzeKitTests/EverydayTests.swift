import Foundation
import Testing
@testable import PieredzeKit
import PieredzeStorage

/// Issue 13's everyday pieces inside PieredzeKit: topic names and "did you mean", wrapping,
/// Russian labels and the printed report.
@Suite("Everyday: topics by name, wrapping, labels, print")
struct EverydayTests {
    static func seeds() throws -> TestKnowledgeBase {
        let kb = try TestKnowledgeBase()
        try kb.load(try NoteLoader.files(for: seedsDirectory))
        return kb
    }

    static func report(_ kb: TestKnowledgeBase, topics: [String] = [], query: String? = nil,
                       language: ReportLanguage = .lv) throws -> Report {
        var filter = NoteStore.Filter()
        filter.topics = topics
        return try Report.build(store: kb.store, request: ReportRequest(filter: filter, query: query, language: language,
                                                                        generated: "2025-01-15"))
    }

    // MARK: Topics

    @Test("a topic is found by slug, by either display name folded, and a typo gets suggestions")
    func topicResolver() throws {
        let kb = try Self.seeds()
        let resolver = TopicResolver(tree: try kb.knowledgeBase.topicTree())
        for given in ["macibu-vizites", "Mācību vizītes", "mācību vizītes", "MACIBU VIZITES", "Study visits", " Mācību vizītes "] {
            #expect(try resolver.resolve(given).slug == "macibu-vizites", "\(given)")
        }
        #expect(throws: KnowledgeBaseError.self) { try resolver.resolve("mācību vizītēs un ekskursijas") }
        do {
            _ = try resolver.resolve("macibu-vizties")
            Issue.record("a typo resolved")
        } catch let error as KnowledgeBaseError {
            #expect(error.description.contains("did you mean macibu-vizites (Mācību vizītes)"), "\(error.description)")
        }
    }

    @Test("every filter takes a display name: the same notes as the slug")
    func filterByName() throws {
        let kb = try Self.seeds()
        var bySlug = NoteStore.Filter(), byName = NoteStore.Filter()
        bySlug.topics = ["macibu-vizites"]
        byName.topics = ["Mācību vizītes"]
        let slugged = try kb.knowledgeBase.headlines(matching: bySlug).map(\.id)
        #expect(!slugged.isEmpty)
        #expect(try kb.knowledgeBase.headlines(matching: byName).map(\.id) == slugged)
        let report = try Self.report(kb, topics: ["Mācību vizītes"])
        #expect(report.scope.topics.map(\.slug) == ["macibu-vizites"])
        #expect(report.title == "Mācību vizītes")
    }

    @Test("edit distance: exact, bounded, and suggestions nearest first")
    func nearestNames() {
        #expect(NearestNames.distance("search", "search", bound: 2) == 0)
        #expect(NearestNames.distance("serch", "search", bound: 2) == 1)
        #expect(NearestNames.distance("sreach", "search", bound: 2) == 2)
        #expect(NearestNames.distance("report", "search", bound: 2) == nil)
        #expect(NearestNames.distance("", "abc", bound: 3) == 3)
        #expect(NearestNames.suggest("serch", among: ["init", "search", "show", "list"]) == ["search"])
        #expect(NearestNames.suggest("zzzzzz", among: ["init", "search"]).isEmpty)
        // Long names are cut: comparing two huge strings stays bounded.
        let long = String(repeating: "a", count: 100_000)
        #expect(NearestNames.distance(long, long + "b", bound: 3) == 0)
    }

    @Test("suggestions cost work linear in the candidates, and bounded whatever a name's length")
    func nearestNamesLinear() {
        func cells(candidates count: Int, length: Int) -> Int {
            // All of one length, so none is skipped by the length check before the band.
            let names = (0..<count).map { String(repeating: "x", count: length) + "-\($0 % 10)" }
            var cells = 0
            _ = NearestNames.suggest(String(repeating: "x", count: length), among: names.map { (key: $0, names: [$0]) },
                                     limit: 3, cells: &cells)
            return cells
        }
        let base = cells(candidates: 500, length: 40)
        #expect(base > 0)
        #expect(cells(candidates: 1_000, length: 40) == 2 * base)
        // Names are cut at maximumLength characters: doubling a long name's length costs nothing more.
        #expect(cells(candidates: 500, length: 10_000) == cells(candidates: 500, length: 20_000))
    }

    // MARK: Wrapping

    @Test("wrapping breaks at spaces, counts characters not bytes, keeps list indents and long words")
    func wrapping() {
        let text = "Pašvaldību reformā ņēma vērā iedzīvotāju viedokli"
        let wrapped = TextWrapping.wrap(text, width: 20)
        #expect(wrapped == "Pašvaldību reformā\nņēma vērā\niedzīvotāju viedokli")
        #expect(wrapped.split(separator: "\n").allSatisfy { $0.count <= 20 })
        #expect(TextWrapping.wrap("- viens divi trīs četri", width: 12) == "- viens divi\n  trīs četri")
        #expect(TextWrapping.wrap("https://lps.lv/a/very/long/address", width: 10) == "https://lps.lv/a/very/long/address")
        #expect(TextWrapping.wrap("īss\n\notrs", width: 10) == "īss\n\notrs")
        #expect(TerminalStyle(enabled: false, width: nil).wrap(text) == text)
    }

    // MARK: Labels

    @Test("Russian labels: one table for show and reports")
    func russianLabels() throws {
        let kb = try Self.seeds()
        let report = try Self.report(kb, topics: ["starptautiska-sadarbiba"], language: .ru)
        let markdown = try MarkdownReportRenderer().render(report)
        for label in ["Обзор опыта", "Содержание", "Контекст", "Урок", "Рекомендации", "Приложение: источники"] {
            #expect(markdown.contains(label), "\(label)")
        }
        #expect(!markdown.contains("Konteksts"))
        // Country and topic names in Russian too (topics: migration 0008).
        #expect(markdown.contains("Кыргызстан (KG)") && !markdown.contains("Kyrgyzstan (KG)"))
        #expect(markdown.contains("Международное сотрудничество") && !markdown.contains("International cooperation"))
        #expect(NoteField.lesson.label(.ru) == "Урок")
        #expect(NoteField.recommendation.label(.en) == "Recommendations")
        let note = try #require(try kb.knowledgeBase.note(id: "lps-kps-sadarbibas-ligums-2018"))
        let text = TerminalNote.render(note, style: TerminalStyle(enabled: false), language: .ru)
        #expect(text.contains("\nКонтекст\n") && text.contains("\nУрок\n") && text.contains("Источник: "))
    }

    // MARK: Print

    @Test("reports: no rank lines, notes referred to by title, no forced page break, margin boxes")
    func printedReport() throws {
        let kb = try Self.seeds()
        let report = try Self.report(kb, topics: ["interesu-lobesana", "nacionalais-dialogs"], query: "lobēšana")
        #expect(report.entries.contains { $0.rank != nil })
        let markdown = try MarkdownReportRenderer().render(report)
        let html = try HTMLReportRenderer().render(report)
        #expect(!markdown.contains("**\(report.labels.rank):**"))
        #expect(!html.contains("<dt>\(report.labels.rank)</dt>"))
        // The annex and the index link notes by title.
        let first = try #require(report.sources.first)
        let firstID = try #require(first.lessonIDs.first)
        let title = try #require(report.entry(id: firstID)?.note.title)
        #expect(markdown.contains("\(report.labels.citedIn): [\(MarkdownReportRenderer.inline(title))]"))
        #expect(html.contains(">\(HTMLEscaping.escape(title))</a>"))
        #expect(!html.contains("\(report.labels.citedIn): <a href=\"#note-\(first.lessonIDs[0])\">\(first.lessonIDs[0])</a>"))
        // Print CSS: no forced break before sections or lessons; short blocks kept whole;
        // title and page numbers in the margins.
        #expect(!HTMLReportStyle.css.contains("break-before: page"))
        #expect(!HTMLReportStyle.css.contains("page-break-before"))
        #expect(HTMLReportStyle.css.contains(".note.short, .meta"))
        #expect(html.contains("@top-center { content: \""))
        #expect(html.contains("counter(page)") && html.contains("counter(pages)"))
        #expect(HTMLReportStyle.cssString("a\"b</style>") == "\"a\\22 b\\3c /style\\3e \"")
    }
}
