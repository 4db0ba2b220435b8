import Foundation
import LatvianFTS5
import Testing
@testable import PieredzeKit
import PieredzeStorage

@Suite("Search in tiers: the passes before the any-word pass change no result")
struct TieredSearchTests {
    let kb: TestKnowledgeBase
    var engine: SearchEngine { SearchEngine(connection: kb.connection) }
    static let words = ["bibliotēka", "velosipēds", "kompostēšana", "budžets", "iedzīvotāji", "apspriešana",
                        "skola", "ceļš", "novads", "pagasts", "delegācija", "vizīte"]

    init() throws {
        kb = try TestKnowledgeBase()
        // 160 notes, each with a deterministic handful of the words in its title and body, so that
        // queries of three to six words have notes with all, most and some of them.
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for index in 0..<160 {
            let title = (0..<2).map { _ in Self.words[next(Self.words.count)] }.joined(separator: " ")
            let body = (0..<(3 + next(8))).map { _ in Self.words[next(Self.words.count)] }.joined(separator: " ")
            try kb.directory.write("n\(index).md", markdownNote(id: "piezime-\(index)", title: title, body: body + "."))
        }
        try kb.load([kb.directory.path])
    }

    static let queries = ["bibliotēka velosipēds kompostēšana", "budžets iedzīvotāji apspriešana skola",
                          "ceļš novads pagasts delegācija vizīte", "bibliotēka skola vizīte budžets novads ceļš",
                          "velosipēds -skola kompostēšana budžets", "(bibliotēka OR skola) vizīte delegācija"]

    @Test("every window equals the same window of the full any-word ranking")
    func sameWindows() throws {
        for text in Self.queries {
            let query = try SearchQuery(text)
            let full = try engine.search(query, limit: nil).hits
            for (limit, offset) in [(1, 0), (3, 0), (10, 0), (10, 5), (5, 40), (20, 150)] {
                let window = try engine.search(query, limit: limit, offset: offset)
                let expected = Array(full.dropFirst(offset).prefix(limit))
                #expect(window.hits.map(\.pk) == expected.map(\.pk), "\(text) limit \(limit) offset \(offset)")
                #expect(window.hits.map(\.matched) == expected.map(\.matched), "\(text)")
                #expect(zip(window.hits, expected).allSatisfy { abs($0.score - $1.score) < 1e-9 }, "\(text)")
            }
        }
    }

    @Test("a tier is ranked when the strict pass does not fill the window, and the any-word pass is then not needed")
    func tiersRun() throws {
        let query = try SearchQuery("bibliotēka skola vizīte budžets novads ceļš")
        let results = try engine.search(query, limit: 20)
        let strict = try engine.search(query, limit: nil, allWords: true).hits.count
        try #require(strict < 20, "the strict pass fills the window: \(strict) notes have every word")
        #expect(results.passes.first == (try query.allConceptsExpression().expression))
        #expect(results.passes.count >= 2)
        #expect(results.passes.last != (try query.anyConceptExpression().expression))
        #expect(results.passes.dropFirst().allSatisfy { $0.contains(") AND (") })
    }

    @Test("at-least expressions: every subset of the right size, ignored phrases marked -2")
    func atLeast() throws {
        let query = try SearchQuery("a b c -d")
        let tier = try #require(try query.atLeastExpression(2, maximumSubsets: 10))
        #expect(tier.expression == #"((("a" AND "b") OR ("a" AND "c") OR ("b" AND "c")) AND ("a" OR "b" OR "c")) NOT "d""#
                || tier.expression == #"(("a" AND "b") OR ("a" AND "c") OR ("b" AND "c")) AND ("a" OR "b" OR "c") NOT "d""#)
        #expect(tier.conceptOfPhrase == [-2, -2, -2, -2, -2, -2, 0, 1, 2, -1])
        #expect(try query.atLeastExpression(2, maximumSubsets: 2) == nil)
        #expect(SearchQuery.combinations(6, 3) == 20 && SearchQuery.combinations(64, 32) > 1_000_000)
        #expect(SearchQuery.subsets(of: 4, size: 2) == [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]])
    }

    @Test("a pass over more notes than maximumRankedRows ranks the notes with a word in the title")
    func bounded() throws {
        var small = engine
        small.maximumRankedRows = 5
        let text = "bibliotēka"
        let results = try small.search(text, limit: 3)
        #expect(results.hits.count == 3)
        #expect(results.passes.last?.contains("{title}") == true)
        #expect(results.hits.allSatisfy { $0.note.title.contains("bibliotēka") })
        // Without a window there is nothing to bound.
        #expect(try small.search(text, limit: nil).hits.count == (try engine.search(text, limit: nil)).hits.count)
    }

    @Test("the rare-concept pass (MaxScore): every window equals the full ranking's, and some are answered by it alone")
    func rareConceptPass() throws {
        // Half of the words are "common" for this engine: those in more notes than the median word.
        let counts = try Self.words.map { try engine.count(try SearchQuery($0)) }
        var rareFirst = engine
        rareFirst.commonConceptNotes = counts.sorted()[counts.count / 2]
        rareFirst.commonTermsCutoff = false
        try #require(counts.contains { $0 > rareFirst.commonConceptNotes } && counts.contains { $0 <= rareFirst.commonConceptNotes })
        var answered = 0
        for text in Self.queries + ["bibliotēka velosipēds", "skola ceļš novads", "kompostēšana delegācija vizīte skola"] {
            let query = try SearchQuery(text)
            let full = try engine.search(query, limit: nil).hits
            for (limit, offset) in [(1, 0), (3, 0), (10, 0), (10, 5), (5, 40), (20, 150)] {
                let window = try rareFirst.search(query, limit: limit, offset: offset)
                let expected = Array(full.dropFirst(offset).prefix(limit))
                #expect(window.hits.map(\.pk) == expected.map(\.pk), "\(text) limit \(limit) offset \(offset)")
                #expect(zip(window.hits, expected).allSatisfy { $0.matched == $1.matched && abs($0.score - $1.score) < 1e-9 }, "\(text)")
                // The rare-concept pass ends the passes: `((any)) AND (rare)`, no `"a" AND "b"` of a tier.
                if window.passes.count == 2, window.passes[1].contains(") AND ("), !window.passes[1].contains("\" AND ") { answered += 1 }
            }
        }
        #expect(answered > 0, "the rare-concept pass never answered a window")
    }

    @Test("common terms cutoff: when the notes with a rare word fill the window, notes with only a common word are left out")
    func commonTermsCutoff() throws {
        // 100 notes: "budžets" in the title of 10 (common for an engine whose limit is 5), which
        // outrank by bm25 the 3 notes with "kompostēšana" once in a long body (rare).
        let kb = try TestKnowledgeBase()
        let filler = Array(repeating: "Teksts par citām lietām bez nozīmes šeit.", count: 12).joined(separator: " ")
        for index in 0..<100 {
            let title = index < 10 ? "Budžets un budžets" : "Piezīme numur \(index)"
            let body = (index >= 50 && index < 53 ? "Kompostēšana. " : "") + filler
            try kb.directory.write("c\(index).md", markdownNote(id: "c-\(index)", title: title, body: body))
        }
        try kb.load([kb.directory.path])
        var cutoff = SearchEngine(connection: kb.connection)
        cutoff.commonConceptNotes = 5
        let exact = try SearchEngine(connection: kb.connection).search("kompostēšana budžets", limit: 3)
        #expect(exact.hits.allSatisfy { $0.note.title.hasPrefix("Budžets") }, "the full ranking puts the common word's notes first")
        let results = try cutoff.search("kompostēšana budžets", limit: 3)
        #expect(results.hits.map(\.id).sorted() == ["c-50", "c-51", "c-52"])
        cutoff.commonTermsCutoff = false
        #expect(try cutoff.search("kompostēšana budžets", limit: 3).hits.map(\.pk) == exact.hits.map(\.pk))
    }

    @Test("the rare-concept pass: the notes with a rare concept, all concepts still scored")
    func rareConceptExpression() throws {
        let query = try SearchQuery("a b c -d")
        let pass = try query.anyConceptExpression(requiringOneOf: [2])
        #expect(pass.expression == #"(("a" OR "b" OR "c")) AND ("c") NOT "d""#)
        #expect(pass.conceptOfPhrase == [0, 1, 2, -2, -1])
    }

    @Test("a pass whose every note needs a phrase is ranked, not counted or narrowed")
    func phrasePass() throws {
        var small = engine
        small.maximumRankedRows = 5
        let results = try small.search("\"bibliotēka velosipēds\"", limit: 3)
        #expect(results.passes.count == 1)
        #expect(results.passes.allSatisfy { !$0.contains("{title}") })
        #expect(results.hits.map(\.pk) == (try engine.search("\"bibliotēka velosipēds\"", limit: 3)).hits.map(\.pk))
    }

    @Test("a phrase is scored with the sum of its words' IDFs (as Lucene does), not by counting the phrase")
    func phraseScore() throws {
        #expect(try engine.phraseWords(#""bibliotēka velosipēds""#) == [#""bibliotēka""#, #""velosipēds""#])
        #expect(try engine.phraseWords(#""bibliotēka""#) == [#""bibliotēka""#])
        #expect(try engine.phraseWords(#""bibl" *"#) == [#""bibl" *"#])
        let hits = try engine.search(#""bibliotēka velosipēds""#, limit: 3).hits
        try #require(!hits.isEmpty)
        let a = try engine.count(try SearchQuery("bibliotēka")), b = try engine.count(try SearchQuery("velosipēds"))
        let phrase = try engine.count(try SearchQuery(#""bibliotēka velosipēds""#))
        let rank = CoverageRank.rankExpression(concepts: [0], documentFrequencies: [[a, b]], weights: try engine.columnWeights())
        var expected: [(pk: Int64, score: Double)] = []
        try kb.connection.prepare("""
            SELECT rowid, rank FROM notes_fts WHERE notes_fts MATCH '"bibliotēka velosipēds"' AND rank MATCH ? ORDER BY rank LIMIT 3
            """).forEachRow([rank]) { expected.append(($0.int64(at: 0), CoverageRank.decode(rank: $0.column(1, as: Double.self) ?? 0).score)) }
        #expect(hits.map(\.pk) == expected.map(\.pk))
        #expect(zip(hits, expected).allSatisfy { abs($0.score - $1.score) < 1e-9 })
        // The words' IDFs add up to more than the phrase's own count would give.
        let counted = CoverageRank.rankExpression(concepts: [0], documentFrequencies: [[phrase]], weights: try engine.columnWeights())
        var own: [Double] = []
        try kb.connection.prepare("""
            SELECT rank FROM notes_fts WHERE notes_fts MATCH '"bibliotēka velosipēds"' AND rank MATCH ? ORDER BY rank LIMIT 1
            """).forEachRow([counted]) { own.append(CoverageRank.decode(rank: $0.column(0, as: Double.self) ?? 0).score) }
        #expect(own.first.map { $0 != hits[0].score } == true)
    }

    @Test("a word in half the notes or more is not counted: its IDF is bm25's floor either way")
    func commonWordIDF() throws {
        let word = try #require(Self.words.first { try engine.count(try SearchQuery($0)) * 2 >= 160 })
        #expect(try engine.snapshotNotes(ofWord: "\"\(word)\"") * 2 >= 160)
        #expect(try engine.phraseFrequencies(try SearchQuery(word)) == [[160]])  // the largest row number
        let counted = CoverageRank.rankExpression(concepts: [0], documentFrequencies: [[try engine.count(try SearchQuery(word))]],
                                                  weights: try engine.columnWeights())
        var expected: [(pk: Int64, score: Double)] = []
        try kb.connection.prepare("SELECT rowid, rank FROM notes_fts WHERE notes_fts MATCH ? AND rank MATCH ? ORDER BY rank LIMIT 5")
            .forEachRow(["\"\(word)\"", counted]) { expected.append(($0.int64(at: 0), CoverageRank.decode(rank: $0.column(1, as: Double.self) ?? 0).score)) }
        let hits = try engine.search(word, limit: 5).hits
        #expect(hits.map(\.pk) == expected.map(\.pk))
        #expect(zip(hits, expected).allSatisfy { abs($0.score - $1.score) < 1e-12 })
    }

    @Test("a tier that independent words would make small is ranked without counting it first")
    func estimatedSmallTier() throws {
        #expect(abs(SearchEngine.independentEstimate(atLeast: 2, of: [50, 50], rows: 100) - 25) < 1e-9)
        #expect(abs(SearchEngine.independentEstimate(atLeast: 1, of: [50, 50], rows: 100) - 75) < 1e-9)
        #expect(SearchEngine.independentEstimate(atLeast: 3, of: [50, 50], rows: 100) == 0)
        var small = engine
        small.maximumRankedRows = 50
        let query = try SearchQuery("bibliotēka velosipēds kompostēšana")
        let tier = try #require(try query.atLeastExpression(2, maximumSubsets: 24))
        let unknown = SearchEngine.PassSize(concepts: [], atLeast: 2)
        // Common words: estimated large, counted, found over the limit: narrowed passes first.
        #expect(!(try small.narrowings(tier, query: query, wanted: 10, size: unknown, conceptNotes: ([110, 110, 110], 160))).isEmpty)
        // Words said to be rare: the same tier is not counted (a count would have found it large).
        #expect(try small.narrowings(tier, query: query, wanted: 10, size: unknown, conceptNotes: ([3, 3, 3], 160)).isEmpty)
    }

    @Test("words estimated four times over the limit are narrowed without a count")
    func estimatedLargeTier() throws {
        var small = engine
        small.maximumRankedRows = 5
        // Words no note has: a count would find the pass empty and narrow nothing.
        let query = try SearchQuery("zzzt yyyt xxxt")
        let pass = try query.allConceptsExpression()
        let unknown = SearchEngine.PassSize(concepts: [], atLeast: 3)
        #expect(try small.narrowings(pass, query: query, wanted: 3, size: unknown, conceptNotes: ([1, 1, 1], 160)).isEmpty)
        // Said to be in nearly every note: an estimate of 160 ≥ 4 × 5, narrowed without counting.
        #expect(try small.narrowings(pass, query: query, wanted: 3, size: unknown, conceptNotes: ([160, 160, 160], 160)).count == 2)
    }

    @Test("a tier that independent words would make far smaller than the window is skipped, and no window changes")
    func skippedTiers() throws {
        // 300 notes; each of six words is in a note with probability 0.15, independently: the
        // notes with 5 or 4 of the words number about 0.1 and 1.6 (under half a window of 10).
        let kb = try TestKnowledgeBase()
        let words = Array(Self.words.prefix(6))
        var state: UInt64 = 11
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(UInt64(1) << 53)
        }
        var lines: [String] = []
        for index in 0..<300 {
            let present = words.filter { _ in next() < 0.15 }
            lines.append("{\"id\":\"s-\(index)\",\"title\":\"Piezīme \(index)\",\"summary\":\"Teksts \(present.joined(separator: " ")).\"}")
        }
        try kb.load([try kb.directory.write("s.jsonl", lines.joined(separator: "\n") + "\n")])
        let engine = SearchEngine(connection: kb.connection)
        let query = try SearchQuery(words.joined(separator: " "))
        let full = try engine.search(query, limit: nil).hits
        let fifth = try #require(try query.atLeastExpression(5, maximumSubsets: SearchEngine.maximumTierSubsets)).expression
        let fourth = try #require(try query.atLeastExpression(4, maximumSubsets: SearchEngine.maximumTierSubsets)).expression
        for (limit, offset) in [(10, 0), (5, 0), (10, 10)] {
            let window = try engine.search(query, limit: limit, offset: offset)
            #expect(!window.passes.contains(fifth) && !window.passes.contains(fourth), "\(window.passes)")
            let expected = Array(full.dropFirst(offset).prefix(limit))
            #expect(window.hits.map(\.pk) == expected.map(\.pk), "limit \(limit) offset \(offset)")
            #expect(zip(window.hits, expected).allSatisfy { $0.matched == $1.matched && abs($0.score - $1.score) < 1e-9 })
        }
        // A window of one: half of it is under every estimate but the last tiers', which run.
        let one = try engine.search(query, limit: 1)
        #expect(one.hits.map(\.pk) == [full[0].pk])
    }

    @Test("count: the notes with any word (all with allWords), the same as the unbounded list")
    func count() throws {
        for text in Self.queries {
            let query = try SearchQuery(text)
            #expect(try engine.count(query) == (try engine.search(query, limit: nil)).hits.count, "\(text)")
            #expect(try engine.count(query, allWords: true) == (try engine.search(query, limit: nil, allWords: true)).hits.count)
        }
        var filter = NoteStore.Filter()
        filter.fromYear = 2020  // every note occurred in 2009
        #expect(try engine.count(try SearchQuery("bibliotēka"), filter: filter) == 0)
    }
}
