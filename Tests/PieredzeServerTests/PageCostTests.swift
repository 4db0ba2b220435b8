import Foundation
import Hummingbird
import Logging
import NIOPosix
@testable import PieredzeKit
@testable import PieredzeServer
import Testing

/// What a page costs: one ranked search, facets from one aggregate, bounded connections.
@Suite struct PageCostTests {
    /// Queries over the seeds: plain words, a phrase, several words of which no note has all
    /// (any-word fallback), an exclusion, and one that matches nothing.
    static let queries = ["pašvaldību", "reforma", "lobēšana kapacitāte", "\"mācību vizīte\"", "pašvaldību -Kirgizstāna",
                          "lobēšana zivsaimniecība kosmonautika", "nekasnotiekzemzemes"]

    static func filters() -> [NoteStore.Filter] {
        var country = NoteStore.Filter()
        country.country = "KG"
        var topic = NoteStore.Filter()
        topic.topics = ["starptautiska-sadarbiba"]
        var tagged = NoteStore.Filter()
        tagged.tag = "pašvaldības"
        return [NoteStore.Filter(), country, topic, tagged]
    }

    /// The total and facets `matchSummary` aggregates in SQL are those of every note the search
    /// pages through (`search` with a window past the last hit, then `facets(pks:)` over the
    /// keys), with the bounded lists cut where the old ones were not.
    @Test func matchSummaryEqualsTheRankedKeysAndTheirFacets() throws {
        let fixture = try ServerFixture()
        let knowledgeBase = try KnowledgeBase(path: fixture.databasePath, access: .read)
        let limit = 3  // small, so the cut is exercised on the seeds
        var compared = 0
        for filter in Self.filters() {
            for text in Self.queries {
                let paged = try knowledgeBase.search(text: text, filter: filter, limit: 1000, offset: 0).hits.map(\.pk)
                let summary = try knowledgeBase.matchSummary(text: text, filter: filter, facetLimit: limit)
                #expect(summary.total == paged.count, "\(text) \(filter)")
                #expect(summary.total == (try knowledgeBase.count(text: text, filter: filter)), "\(text) \(filter)")
                var expected = try knowledgeBase.facets(pks: paged, limit: limit)
                expected.countries = Array(expected.countries.prefix(limit))
                expected.years = Array(expected.years.prefix(limit))
                #expect(summary.facets == expected, "\(text) \(filter)")
                if summary.total > 0 { compared += 1 }
            }
            let all = try knowledgeBase.notePKs(matching: filter)
            let browse = try knowledgeBase.matchSummary(filter: filter, facetLimit: limit)
            #expect(browse.total == all.count)
            var expected = try knowledgeBase.facets(pks: all, limit: limit)
            expected.countries = Array(expected.countries.prefix(limit))
            expected.years = Array(expected.years.prefix(limit))
            #expect(browse.facets == expected, "\(filter)")
        }
        #expect(compared >= 12)  // the comparison saw real results, not only empty ones
        // Notes with some of the words count too, beside those with all: the search pages
        // through both (a new user's trial: "4 notes" over 10 hits, and no pager).
        let all = try knowledgeBase.rankedKeys(text: "pašvaldību reforma").pks.count
        #expect(try knowledgeBase.matchSummary(text: "pašvaldību reforma").total > all)
        #expect(try knowledgeBase.matchSummary(text: "lobēšana zivsaimniecība kosmonautika").total > 0)
        // Topic counts include ancestors, each note once: the seeds' 14 notes under their roots.
        let everything = try knowledgeBase.matchSummary(filter: NoteStore.Filter())
        #expect(everything.total == 14)
        #expect(everything.facets.topics.allSatisfy { $0.count <= 14 })
    }

    /// A pooled connection keeps every note's facet values between requests, and reads them
    /// again once another connection has written (`PRAGMA data_version`).
    @Test func facetColumnsFollowWritesOfOtherConnections() throws {
        let fixture = try ServerFixture()
        let reader = try KnowledgeBase(path: fixture.databasePath, access: .read)
        let before = try reader.matchSummary(filter: NoteStore.Filter(), facetLimit: 100)
        let kept = try #require(reader.facetColumns)
        #expect(try reader.matchSummary(text: "pašvaldību").total > 0)
        #expect(reader.facetColumns === kept, "no write: the same columns")
        let note = #"{"id": "jauna-piezime", "title": "Jauna piezīme", "summary": "Par pašvaldību.", "kind": "lesson", "topics": ["laba-parvaldiba"], "country": "EE", "occurred": "2021", "tags": ["jauna birka"]}"#
        let path = fixture.directory.appendingPathComponent("new.jsonl").path
        try (note + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let writer = try KnowledgeBase(path: fixture.databasePath, access: .write)
        _ = try NoteLoader(connection: writer.connection).load([.path(path)])
        let after = try reader.matchSummary(filter: NoteStore.Filter(), facetLimit: 100)
        #expect(reader.facetColumns !== kept)
        #expect(after.total == before.total + 1)
        #expect(after.facets.tags.contains(FacetValue(value: "jauna birka", count: 1)))
        #expect(after.facets.years.contains(FacetValue(value: "2021", count: (before.facets.years.first { $0.value == "2021" }?.count ?? 0) + 1)))
    }

    @Test func matchSummaryRefusesWhatSearchRefuses() throws {
        let fixture = try ServerFixture()
        let knowledgeBase = try KnowledgeBase(path: fixture.databasePath, access: .read)
        #expect(throws: SearchQuery.Problem.self) { try knowledgeBase.matchSummary(text: "-pašvaldību") }
    }

    /// The search page runs the ranked statements of one `search(text:)` and no more: counted
    /// at the SQL level (statements ordered by the FTS5 rank), against the search alone, and
    /// against the old page (search, then `rankedKeys` for the total), which ranked again.
    @Test(arguments: ["pašvaldību", "lobēšana kapacitāte", "lobēšana zivsaimniecība kosmonautika"])
    func searchPageRunsOneRankedSearch(text: String) throws {
        let fixture = try ServerFixture()
        let site = try Site(options: fixture.options(), logger: Logger(label: "test"))
        let ranked = "ORDER BY notes_fts.rank"
        var state = SearchState()
        state.text = text

        let pageBase = try KnowledgeBase(path: fixture.databasePath, access: .read)
        let pageTally = StatementTally(pageBase)
        let page = try site.runSearch(state, knowledgeBase: pageBase)
        #expect(page.total > 0)

        let aloneBase = try KnowledgeBase(path: fixture.databasePath, access: .read)
        let aloneTally = StatementTally(aloneBase)
        _ = try aloneBase.search(text: text, limit: SearchState.pageSize, offset: 0)

        let oldBase = try KnowledgeBase(path: fixture.databasePath, access: .read)
        let oldTally = StatementTally(oldBase)
        _ = try oldBase.search(text: text, limit: SearchState.pageSize, offset: 0)
        _ = try oldBase.rankedKeys(text: text)

        #expect(aloneTally.count(containing: ranked) >= 1)
        #expect(pageTally.count(containing: ranked) == aloneTally.count(containing: ranked))
        #expect(oldTally.count(containing: ranked) > aloneTally.count(containing: ranked))
    }

    /// Pooled connections map nothing and keep a bounded page cache, also after a topic report
    /// (which enlarges its connection's cache); a command's connection still maps the file.
    @Test func pooledConnectionsMapNothingAndBoundTheirCache() async throws {
        let fixture = try ServerFixture()
        let site = try Site(options: fixture.options(), logger: Logger(label: "test"))
        let expectedCache = -(KnowledgeBase.ReadMemory.pooled.cacheKiB ?? 0)
        let (mapped, cache) = try site.pool.readNow { knowledgeBase in
            (try knowledgeBase.connection.scalar("PRAGMA mmap_size", as: Int.self),
             try knowledgeBase.connection.scalar("PRAGMA cache_size", as: Int.self))
        }
        #expect(mapped == 0)
        #expect(cache == expectedCache)
        #expect(expectedCache < 0 && expectedCache >= -(16 << 10))

        let request = Request(head: .init(method: .get, scheme: "http", authority: "localhost", path: "/topics/starptautiska-sadarbiba/report/html"),
                              body: .init(buffer: .init()))
        let report = try site.topicReport(request, slug: "starptautiska-sadarbiba", format: "html")
        #expect(report.status == .ok)
        let after = try site.pool.readNow { try $0.connection.scalar("PRAGMA cache_size", as: Int.self) }
        #expect(after == expectedCache)

        let command = try KnowledgeBase(path: fixture.databasePath, access: .read)
        #expect(try command.connection.scalar("PRAGMA mmap_size", as: Int.self) == KnowledgeBase.ReadMemory.command.mappedBytes)
    }

    /// Sixteen requests at once open no more connections than the pool has threads: requests
    /// queue for a thread instead of each opening a connection.
    @Test func concurrentReadsUseAtMostOneConnectionPerThread() async throws {
        let fixture = try ServerFixture()
        let threads = NIOThreadPool(numberOfThreads: 2)
        threads.start()
        let pool = try ReadPool(path: fixture.databasePath, capacity: 2, threads: threads)
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    try await pool.read { knowledgeBase in
                        usleep(5_000)
                        return try knowledgeBase.noteCount()
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 14, count: 16))
        #expect(pool.openedConnections <= 2)
        try await threads.shutdownGracefully()
    }

    @Test func russianPagesNameCountriesInRussian() async throws {
        let fixture = try ServerFixture()
        try await fixture.withServer { client in
            let page = try await get(client, "/search?q=pa%C5%A1vald%C4%ABbu&lang=ru")
            #expect(page.status == .ok)
            #expect(page.text.contains(">Кыргызстан</a> <span class=\"count\">13</span>"))
            #expect(!page.text.contains(">Kyrgyzstan<"))
            let english = try await get(client, "/search?q=pa%C5%A1vald%C4%ABbu&lang=en")
            #expect(english.text.contains(">Kyrgyzstan</a>"))
            // Topic names too, on the topic page and in the topics API.
            let topic = try await get(client, "/topics/macibu-vizites?lang=ru")
            #expect(topic.text.contains("<h1>Учебные визиты</h1>"))
            let topics = try await get(client, "/api/topics")
            #expect(topics.text.contains("\"name_ru\" : \"Учебные визиты\"") || topics.text.contains("\"name_ru\":\"Учебные визиты\""))
        }
        #expect(Countries.all.allSatisfy { !$0.nameRU.isEmpty && $0.nameRU.unicodeScalars.contains { (0x400...0x4FF).contains($0.value) } })
    }
}
