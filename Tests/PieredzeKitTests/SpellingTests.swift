import Foundation
import LatvianText
import Testing
@testable import PieredzeKit
import PieredzeStorage

@Suite("Spelling suggestions")
struct SpellingTests {
    static let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("seeds").path

    /// A vocabulary in memory, for counting the scan's work without an index.
    struct ListVocabulary: SpellingVocabulary {
        /// Sorted by code points, as an index gives them.
        let terms: [(term: [UInt32], text: String, documents: Int)]

        init(_ terms: [(String, Int)]) {
            self.terms = terms.map { (Array($0.0.unicodeScalars.map(\.value)), $0.0, $0.1) }
                .sorted { $0.term.lexicographicallyPrecedes($1.term) }
        }

        func contains(_ term: String) throws -> Bool { terms.contains { $0.text == term } }

        func forEachTerm(from lower: String, below upper: String, _ body: (String, Int) throws -> Void) throws {
            let low = Array(lower.unicodeScalars.map(\.value)), high = Array(upper.unicodeScalars.map(\.value))
            for entry in terms where !entry.term.lexicographicallyPrecedes(low) && entry.term.lexicographicallyPrecedes(high) {
                try body(entry.text, entry.documents)
            }
        }
    }

    static func distance(_ a: String, _ b: String, limit: Int = 2) -> Int? {
        var cells = 0
        return SpellingSuggester.distance(Array(a.unicodeScalars), Array(b.unicodeScalars), limit: limit, cells: &cells)
    }

    @Test("edit distance: insertion, deletion, substitution and a swap of neighbours cost 1; past the limit is nil")
    func editDistance() {
        #expect(Self.distance("pasvaldb", "pasvaldib") == 1)
        #expect(Self.distance("pasvaldib", "pasvaldb") == 1)
        #expect(Self.distance("reforma", "refroma") == 1)
        #expect(Self.distance("reforma", "reformu") == 1)
        #expect(Self.distance("reforma", "reforma") == 0)
        #expect(Self.distance("sadarbib", "sdarbb") == 2)
        #expect(Self.distance("sadarbib", "sdrbb") == nil)
        #expect(Self.distance("abc", "xyz", limit: 1) == nil)
        #expect(Self.distance("громад", "грамад", limit: 1) == 1)  // characters, not bytes
    }

    @Test("a misspelt word gets the closest indexed word, spelt as the notes spell it")
    func typo() throws {
        let base = try TestKnowledgeBase()
        try base.load([Self.seeds])
        let suggester = try SpellingSuggester(connection: base.connection)
        let suggestion = try #require(try suggester.suggestion(for: ["pasvaldbu", "reforma"]))
        #expect(suggestion.corrected == ["pašvaldību", "reforma"])
        #expect(suggestion.changedIndices == [0])
        #expect(suggestion.changed)
        #expect(suggestion.text == "pašvaldību reforma")
        // A swap of two letters in a longer word, and one in a short word.
        #expect(try suggester.suggestion(for: ["sadrabības"])?.corrected.map(LatvianFolding.fold) == ["sadarbibas"])
        #expect(try suggester.suggestion(for: ["Kirgizstnas"])?.corrected == ["Kirgizstānas"])
        // Search opens the database read-only: the vocabulary table lives in the temp schema.
        let readOnly = try KnowledgeBase(path: base.directory.url.appendingPathComponent("test.db").path, access: .read)
        #expect(try SpellingSuggester(connection: readOnly.connection).suggestion(for: ["pasvaldbu"])?.corrected == ["pašvaldību"])
    }

    @Test("no suggestion when every word matches, or when nothing is close")
    func noSuggestion() throws {
        let base = try TestKnowledgeBase()
        try base.load([Self.seeds])
        let suggester = try SpellingSuggester(connection: base.connection)
        #expect(try suggester.suggestion(for: ["pašvaldību", "reforma"]) == nil)
        #expect(try suggester.suggestion(for: ["pasvaldibu", "Kirgizstāna", "ES"]) == nil)
        #expect(try suggester.suggestion(for: ["qqqqqqqq"]) == nil)
        #expect(try suggester.suggestion(for: ["xy"]) == nil)  // too short to correct
        #expect(try suggester.suggestion(for: []) == nil)
    }

    @Test("the vocabulary scan's work doubles with the vocabulary, and is bounded per word")
    func scanIsLinear() throws {
        let base = try TestKnowledgeBase()
        // Deterministic words that all start with the typo's first letter: the worst case of the bound.
        var state: UInt64 = 42
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        let letters = Array("abdegijklmnoprstuvz")
        let words = (0..<20_000).map { _ in "p" + String((0..<(4 + Int(next() % 9))).map { _ in letters[Int(next() % UInt64(letters.count))] }) }
        func work(_ count: Int) throws -> SpellingWork {
            let vocabulary = ListVocabulary(words.prefix(count).map { ($0, 1) } + [("pasvaldib", 5)])
            let suggester = SpellingSuggester(connection: base.connection, vocabulary: vocabulary)
            var work = SpellingWork()
            let suggestion = try suggester.suggestion(for: ["pasvaldbu"], work: &work)
            #expect(suggestion?.corrected == ["pasvaldibu"])  // no note to copy the spelling from
            return work
        }
        let small = try work(10_000), large = try work(20_000)
        let scanned = Double(large.termsScanned) / Double(small.termsScanned)
        #expect(scanned > 1.8 && scanned < 2.2, "terms \(small.termsScanned) → \(large.termsScanned)")
        let cells = Double(large.cells) / Double(small.cells)
        #expect(cells > 1.8 && cells < 2.2, "cells \(small.cells) → \(large.cells)")
        // Only the terms starting with the stem's first two letters were read (a fix within one edit was there).
        #expect(large.termsScanned < words.filter { $0.hasPrefix("pa") }.count + 2)
        // Per compared term at most (stem length) × (2 × distance + 1) cells.
        #expect(large.cells <= large.termsCompared * 8 * 5)
    }

    @Test("the snapshot is rewritten once a twentieth of the notes changed: rewrites grow with the notes changed, not the loads")
    func snapshotRewritesAmortised() throws {
        // Loads of one note each into a base of `base` notes: a rewrite per `base / 20` loads.
        func rewrites(base: Int, loads: Int) throws -> Int {
            let knowledgeBase = try TestKnowledgeBase()
            var files: [String] = []
            for index in 0..<base {
                files.append(try knowledgeBase.directory.write("base-\(index).md",
                    markdownNote(id: "pamata-\(index)", title: "Pamata piezīme \(index)", body: "Teksts \(index).")))
            }
            try knowledgeBase.load(files)
            var count = 0
            for index in 0..<loads {
                let file = try knowledgeBase.directory.write("new-\(index).md",
                    markdownNote(id: "jauna-\(index)", title: "Jauna piezīme \(index)", body: "Vārds\(index)."))
                try knowledgeBase.load([file])
                if try knowledgeBase.connection.scalar("SELECT notes_changed FROM search_vocabulary_pending", as: Int64.self) == 0 { count += 1 }
            }
            return count
        }
        let small = try rewrites(base: 100, loads: 40), large = try rewrites(base: 200, loads: 40)
        // 40 one-note loads: every 5th–7th rewrites over 100–140 notes, every 10th–12th over
        // 200–240: twice the base, half the rewrites (and not one per load).
        #expect(small == 6 && large == 3, "\(small) and \(large) rewrites")
    }

    @Test("the vocabulary snapshot: written by load, read by the suggester; the live index has the last word")
    func snapshot() throws {
        let base = try TestKnowledgeBase()
        try base.load([Self.seeds])
        let snapshot = try #require(try SpellingVocabularySnapshot(connection: base.connection))
        #expect(try SpellingSuggester(connection: base.connection).vocabulary is SpellingVocabularySnapshot)
        var copied: [String: Int] = [:], live: [String: Int] = [:]
        try snapshot.forEachTerm(from: "", below: "\u{10FFFF}") { copied[$0] = $1 }
        try IndexVocabulary(connection: base.connection).forEachTerm(from: "", below: "\u{10FFFF}") { live[$0] = $1 }
        #expect(copied == live && copied.count > 100)
        // A word written since the snapshot (another writer) still matches: the live index is asked.
        try base.connection.execute("DELETE FROM search_vocabulary WHERE term = 'pasvaldib'")
        #expect(try snapshot.contains("pasvaldib"))
        #expect(try SpellingSuggester(connection: base.connection).suggestion(for: ["pašvaldību"]) == nil)
        // A snapshot word the index no longer holds is not suggested.
        try base.connection.execute("INSERT INTO search_vocabulary (term, documents) VALUES ('zzzkvarkx', 3)")
        #expect(try SpellingSuggester(connection: base.connection).suggestion(for: ["zzzkvarks"]) == nil)
        // The next load writes the snapshot afresh.
        let added = try base.directory.write("new.md", markdownNote(id: "jauna-piezime", title: "Zzzkvarki", body: "Zzzkvarki."))
        try base.load([added])
        var after: [String: Int] = [:]
        try snapshot.forEachTerm(from: "", below: "\u{10FFFF}") { after[$0] = $1 }
        #expect(after["pasvaldib"] != nil && after["zzzkvarkx"] == nil && after.keys.contains { $0.hasPrefix("zzzkvark") })
    }

    /// `PIEREDZE_SPELLING_BENCH_DB=path/to/100k.db swift test --filter SpellingTests` measures a
    /// real index (e.g. 100,000 notes from ../shared/bench/gen_notes.py).
    @Test("cost at scale", .enabled(if: ProcessInfo.processInfo.environment["PIEREDZE_SPELLING_BENCH_DB"] != nil))
    func costAtScale() throws {
        let path = ProcessInfo.processInfo.environment["PIEREDZE_SPELLING_BENCH_DB"] ?? ""
        let knowledgeBase = try KnowledgeBase(path: path, access: .read)
        let loadStarted = ContinuousClock.now
        let thesaurus = try Thesaurus.load(from: knowledgeBase.connection)
        let matches = thesaurus.matches(in: ["LPS", "un", "apvienotās", "teritoriālās", "kopienas", "pieredze"])
        print("thesaurus: loaded \(thesaurus.concepts.count) concepts and matched \(matches.count) in \(ContinuousClock.now - loadStarted)")
        #expect(matches.count == 2)
        let againStarted = ContinuousClock.now
        _ = try Thesaurus.load(from: knowledgeBase.connection).matches(in: ["hromadu", "veidošana"])
        print("thesaurus: loaded again (stemmer tables built) and matched in \(ContinuousClock.now - againStarted)")
        let suggester = try SpellingSuggester(connection: knowledgeBase.connection)
        let queries = [["pasvaldbu", "reforma"], ["sadrabiba"], ["kapacitates", "stiprinsana"], ["lobesna"], ["zemnieku"], ["reforma"]]
        for query in queries {
            var work = SpellingWork()
            let started = ContinuousClock.now
            let suggestion = try suggester.suggestion(for: query, work: &work)
            let elapsed = ContinuousClock.now - started
            print("spelling \(query) → \(suggestion?.text ?? "-"): \(elapsed), scanned \(work.termsScanned), compared \(work.termsCompared), cells \(work.cells)")
            #expect(elapsed < .seconds(2))
        }
    }
}
