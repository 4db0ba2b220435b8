import Foundation
import Testing
@testable import LatvianFTS5
@testable import PieredzeKit
import PieredzeStorage

@Suite("coverage with a window: rows that cannot reach it are not scored in full, and the window is unchanged")
struct RankPruningTests {
    /// `count` notes of varied length where "reforma" and "budžets" occur 0–3 times in varied
    /// columns, and every seventh note is a copy of the one before (ties).
    static func notes(count: Int) -> String {
        var generator = SplitMix64(seed: 7)
        var lines: [String] = []
        var previous = ""
        for index in 0..<count {
            if index % 7 == 6 {
                lines.append(previous.replacingOccurrences(of: "\"n-\(index - 1)\"", with: "\"n-\(index)\""))
                continue
            }
            func words(_ word: String, upTo most: UInt64) -> String {
                Array(repeating: word, count: Int(generator.next() % (most + 1))).joined(separator: " ")
            }
            let filler = Array(repeating: "teksts", count: Int(generator.next() % 60)).joined(separator: " ")
            let title = "Piezīme \(words("reforma", upTo: 1))"
            let summary = "\(words("budžets", upTo: 2)) kopsavilkums"
            let body = "\(words("reforma", upTo: 3)) \(filler) \(words("budžets", upTo: 1)) \(words("apvienošana", upTo: 1))"
            previous = "{\"id\":\"n-\(index)\",\"title\":\"\(title)\",\"summary\":\"\(summary)\",\"body\":\"\(body)\"}"
            lines.append(previous)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func knowledgeBase(notes count: Int) throws -> TestKnowledgeBase {
        let kb = try TestKnowledgeBase()
        try kb.load([try kb.directory.write("notes.jsonl", notes(count: count))])
        return kb
    }

    /// The rows `ORDER BY rank` returns first: `window` rows and every further row tied with
    /// the last, as (rank, rowid) sorted so that the order of equal ranks does not matter.
    static func firstRows(_ connection: Connection, _ expression: String, rank: String, window: Int) throws -> [[Double]] {
        var rows: [[Double]] = []
        try connection.prepare("SELECT rowid, rank FROM notes_fts WHERE notes_fts MATCH ? AND rank MATCH ? ORDER BY rank")
            .forEachRow([expression, rank]) { statement in
                let value = statement.column(1, as: Double.self) ?? 0
                if rows.count >= window, let last = rows.last, last[0] != value { return }
                rows.append([value, Double(statement.int64(at: 0))])
            }
        return rows.sorted { $0[0] != $1[0] ? $0[0] < $1[0] : $0[1] < $1[1] }
    }

    @Test("the first rows and their ties are those of the full ranking", arguments: [1, 3, 10, 25])
    func sameWindow(window: Int) throws {
        let kb = try Self.knowledgeBase(notes: 300)
        let engine = SearchEngine(connection: kb.connection)
        for text in ["reforma", "reforma budžets", "reforma budžets apvienošana"] {
            let query = try SearchQuery(text)
            let any = try query.anyConceptExpression()
            let full = try Self.firstRows(kb.connection, any.expression, rank: try engine.coverageRank(any.conceptOfPhrase), window: window)
            let pruned = try Self.firstRows(kb.connection, any.expression,
                                            rank: try engine.coverageRank(any.conceptOfPhrase, window: window), window: window)
            #expect(full.count >= window, "\(text)")
            #expect(pruned == full, "\(text), window \(window)")
        }
    }

    @Test("the function called twice a row (two result columns, SQLite sorting) keeps the window exact")
    func calledTwice() throws {
        let kb = try Self.knowledgeBase(notes: 300)
        let engine = SearchEngine(connection: kb.connection)
        let any = try SearchQuery("reforma budžets apvienošana").anyConceptExpression()
        func rows(window: Int?) throws -> [[Double]] {
            // `rank MATCH` is not used: the function is called by name, twice for every row.
            let call = try engine.coverageRank(any.conceptOfPhrase, window: window)
                .replacingOccurrences(of: "coverage(", with: "coverage(notes_fts, ")
            var rows: [[Double]] = []
            try kb.connection.prepare("""
                SELECT rowid, \(call) AS a, \(call) AS b FROM notes_fts WHERE notes_fts MATCH ? ORDER BY a, rowid LIMIT 10
                """).forEachRow([any.expression]) { statement in
                rows.append([Double(statement.int64(at: 0)), statement.column(1, as: Double.self) ?? 0, statement.column(2, as: Double.self) ?? 0])
            }
            return rows
        }
        let full = try rows(window: nil)
        let pruned = try rows(window: 10)
        #expect(full.count == 10)
        #expect(pruned == full)
    }

    @Test("a search ranks the same with pruning (no filter) and without it (a filter every note passes)")
    func searchUnchanged() throws {
        let kb = try Self.knowledgeBase(notes: 300)
        var everyNote = NoteStore.Filter()
        everyNote.kind = .lesson  // the notes' default kind: a filter that keeps all, ranked unpruned
        for text in ["reforma", "reforma budžets apvienošana"] {
            for offset in [0, 5] {
                let pruned = try kb.knowledgeBase.search(text: text, limit: 10, offset: offset)
                let full = try kb.knowledgeBase.search(text: text, filter: everyNote, limit: 10, offset: offset)
                #expect(pruned.hits.map(\.id) == full.hits.map(\.id), "\(text) from \(offset)")
                #expect(pruned.hits.map(\.score) == full.hits.map(\.score))
            }
        }
    }

    @Test("with a window most rows skip the length lookup (FTS5's _docsize)")
    func fewerLengths() throws {
        let kb = try Self.knowledgeBase(notes: 600)
        let engine = SearchEngine(connection: kb.connection)
        let any = try SearchQuery("reforma budžets").anyConceptExpression()
        func lengthLookups(window: Int?) throws -> Int {
            let tally = StatementTally(kb.knowledgeBase)
            _ = try Self.firstRows(kb.connection, any.expression,
                                   rank: try engine.coverageRank(any.conceptOfPhrase, window: window), window: 10)
            return tally.count(containing: "_docsize")
        }
        let full = try lengthLookups(window: nil)
        let pruned = try lengthLookups(window: 10)
        #expect(full > 400)  // every matching row
        #expect(pruned * 2 < full, "\(pruned) of \(full)")  // 440 of 1174 here; at 100,000 generated notes a fifth
    }

    @Test("BestScores keeps the largest scores and reports the smallest kept")
    func bestScores() {
        var best = BestScores()
        #expect(best.minimum == -.infinity)
        var generator = SplitMix64(seed: 3)
        var all: [Double] = []
        for _ in 0..<500 {
            let score = Double(generator.next() % 1000)
            all.append(score)
            best.insert(score, keeping: 12)
            #expect(best.minimum == all.sorted(by: >).prefix(12).min())
        }
        #expect(best.count == 12)
    }
}
