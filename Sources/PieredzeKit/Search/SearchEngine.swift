import Foundation
import LatvianFTS5
import PieredzeStorage

/// One search result.
public struct SearchHit: Sendable, Equatable {
    public var pk: Int64
    public var id: String
    /// bm25 relevance with the column weights (higher is better), as FTS5's `bm25()` computes it.
    public var score: Double
    /// A fragment of the best-matching column with matches between `SearchEngine.highlightStart`
    /// and `SearchEngine.highlightEnd`; renderers turn those into bold, colour or `<mark>`.
    public var snippet: String
    public var note: Note
    /// How many of the query's concepts (words, phrases, prefixes, OR groups, thesaurus terms;
    /// not function words) the note matches, of `total`: "matches 2 of 3 words".
    public var matched: Int
    public var total: Int

    /// Whether the note lacks some of the query's concepts.
    public var isPartial: Bool { matched < total }
}

/// The results of one search.
public struct SearchResults: Sendable, Equatable {
    public var hits: [SearchHit]
    /// The FTS5 expression that ran (for `--explain` and tests).
    public var expression: String
    /// The number of concepts in the query (every hit's `total`).
    public var total: Int

    /// True when there are hits and none has all the query's concepts: the notes shown have only
    /// some of the words. (The same fact `SearchEngine.rankedKeys` calls `anyWord`.)
    public var anyWord: Bool { !hits.isEmpty && hits.allSatisfy(\.isPartial) }

    /// A query with each word that matches no note replaced by the closest indexed word
    /// ("Did you mean: …?"), when some word matched nothing; see `KnowledgeBase.search(_:…)`.
    public var suggestion: String?
    /// True when the query as typed found nothing and `hits` are those of `suggestion`.
    public var ranSuggestion = false
}

/// Full-text search over the notes.
///
/// Ranking: notes with all of the query's concepts first, then notes with most of them, each
/// group by bm25 with the table's column weights, newest first on ties. First the strict pass
/// (every concept, ranked by `coverage` too); when it does not fill the window, one FTS5
/// pass over any concept with the ranking function `coverage` (`LatvianFTS5.CoverageRank`) as
/// `rank`, so `ORDER BY rank` is served by FTS5 and only the window is read back. The strict
/// mode (`allWords`) stops after the first pass.
public struct SearchEngine {
    /// Control characters that cannot occur in note text (the loader keeps them out of snippets'
    /// way), so renderers can replace them without confusing them with real text.
    public static let highlightStart = "\u{2}"
    public static let highlightEnd = "\u{3}"
    /// bm25 column weights when the index has no `rank` setting (migration 0003 sets one).
    static let defaultWeights: [Double] = [10, 5, 2, 5, 2, 1]

    public let connection: Connection
    /// Where the words of a query text get their alternatives (`search(_ text:)`).
    public let expansion: any QueryExpansion

    public init(connection: Connection, expansion: any QueryExpansion = NoQueryExpansion()) {
        self.connection = connection
        self.expansion = expansion
    }

    /// Runs `query` with `filter`: the notes with most of its concepts first (or, with
    /// `allWords`, only the notes with all of them), `limit` of them after `offset`.
    ///
    /// - Throws: `SearchQuery.Problem` when the index refuses the expression; SQLite errors otherwise.
    public func search(_ query: SearchQuery, filter: NoteStore.Filter = NoteStore.Filter(), limit: Int? = 10, offset: Int = 0,
                       allWords: Bool = false) throws -> SearchResults {
        let total = query.concepts.count
        let allConcepts = try query.allConceptsExpression()
        var expression = allConcepts.expression
        var ranked = try rankedHits(expression, rank: try coverageRank(allConcepts.conceptOfPhrase), total: total,
                                    filter: filter, limit: limit, offset: offset, snippets: true)
        // The notes with every concept come first in the any-concept ranking, in the same order
        // (the same bm25 of the same phrases), so when they fill the window, or the query has a
        // single concept, the strict pass is the answer: a cheap AND instead of a long OR.
        let windowFilled = limit.map { ranked.count >= $0 } ?? false
        if !allWords, total > 1, !windowFilled {
            let anyConcept = try query.anyConceptExpression()
            expression = anyConcept.expression
            ranked = try rankedHits(expression, rank: try coverageRank(anyConcept.conceptOfPhrase), total: total,
                                    filter: filter, limit: limit, offset: offset, snippets: true)
        }
        let notes = try NoteStore(connection: connection).notes(pks: ranked.map(\.pk))
        let hits = zip(ranked, notes).map { ranked, note in
            SearchHit(pk: ranked.pk, id: note.id, score: ranked.score, snippet: ranked.snippet, note: note,
                      matched: ranked.matched, total: total)
        }
        return SearchResults(hits: hits, expression: expression, total: total)
    }

    /// Convenience: parse `text` with this engine's expansion, and search.
    public func search(_ text: String, filter: NoteStore.Filter = NoteStore.Filter(), limit: Int? = 10, offset: Int = 0,
                       allWords: Bool = false) throws -> SearchResults {
        try search(SearchQuery(text, expansion: expansion), filter: filter, limit: limit, offset: offset, allWords: allWords)
    }

    /// What a report needs: every note with all of the query's concepts, in rank order, without
    /// snippets or note contents; when no note has them all, every note with any of them, most
    /// concepts first, and `anyWord` true.
    public func rankedKeys(_ query: SearchQuery, filter: NoteStore.Filter = NoteStore.Filter()) throws -> (pks: [Int64], anyWord: Bool) {
        let total = query.concepts.count
        let allConcepts = try query.allConceptsExpression()
        let all = try rankedHits(allConcepts.expression, rank: try coverageRank(allConcepts.conceptOfPhrase), total: total,
                                 filter: filter, limit: nil, offset: 0, snippets: false)
        guard all.isEmpty, total > 1 else { return (all.map(\.pk), false) }
        let anyConcept = try query.anyConceptExpression()
        let some = try rankedHits(anyConcept.expression, rank: try coverageRank(anyConcept.conceptOfPhrase), total: total,
                                  filter: filter, limit: nil, offset: 0, snippets: false)
        return (some.map(\.pk), !some.isEmpty)
    }

    /// The `rank MATCH` argument: `coverage` with the concept map and the index's column weights
    /// (`SELECT … WHERE notes_fts MATCH ? AND rank MATCH ? ORDER BY rank`).
    public func coverageRank(_ conceptOfPhrase: [Int]) throws -> String {
        CoverageRank.rankExpression(concepts: conceptOfPhrase, weights: try columnWeights())
    }

    /// The bm25 weights of the index's `rank` setting (`bm25(10.0, 5.0, …)`), else `defaultWeights`.
    func columnWeights() throws -> [Double] {
        let setting = try connection.cachedStatement("SELECT v FROM notes_fts_config WHERE k = 'rank'")
        defer { setting.reset() }
        guard try setting.step(), let text = setting.string(at: 0), text.hasPrefix("bm25("), text.hasSuffix(")") else {
            return Self.defaultWeights
        }
        let weights = text.dropFirst(5).dropLast().split(separator: ",").compactMap {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
        return weights.isEmpty ? Self.defaultWeights : weights
    }

    struct RankedRow {
        var pk: Int64
        var rank: Double
        var snippet: String
        var matched: Int
        var score: Double
    }

    /// The window of matches in rank order, ties broken newest first, then by id, each with its
    /// snippet.
    ///
    /// `ORDER BY rank` alone lets FTS5 hand rows over already ranked, so only the rows up to the
    /// window are read back — and `snippet()`, the costly part, runs for those rows only; a second
    /// sort key would make SQLite sort, and snippet, every match. Ties are therefore broken here,
    /// reading on past the window while the rank stays equal.
    ///
    /// - Parameter rank: a `rank MATCH` ranking function (`coverage(…)`), or nil for the table's bm25.
    func rankedHits(_ expression: String, rank: String?, total: Int, filter: NoteStore.Filter, limit: Int?, offset: Int,
                    snippets: Bool = true) throws -> [RankedRow] {
        let (condition, arguments) = try filter.sql(store: NoteStore(connection: connection))
        // Without snippets the markers are still bound (the statement's parameters stay the same).
        let snippet = snippets ? "snippet(notes_fts, -1, ?, ?, '…', 24)" : "coalesce(?, ?, '')"
        let ranking = rank == nil ? "" : " AND notes_fts.rank MATCH ?"
        let unfiltered = filter == NoteStore.Filter()
        // Without filters the notes table is not needed until the window is known.
        let statement = try connection.cachedStatement(unfiltered ? """
            SELECT notes_fts.rowid, notes_fts.rank, \(snippet), NULL, NULL FROM notes_fts
            WHERE notes_fts MATCH ?\(ranking) ORDER BY notes_fts.rank
            """ : """
            SELECT n.pk, notes_fts.rank, \(snippet), n.occurred_on, n.id FROM notes_fts JOIN notes n ON n.pk = notes_fts.rowid
            WHERE notes_fts MATCH ?\(ranking) AND \(condition) ORDER BY notes_fts.rank
            """)
        let wanted = limit.map { offset + $0 } ?? Int.max
        var rows: [(pk: Int64, rank: Double, snippet: String, occurred: String?, id: String?)] = []
        try statement.bind([Self.highlightStart, Self.highlightEnd, expression] + (rank.map { [$0] } ?? []) + (unfiltered ? [] : arguments))
        defer { statement.reset() }
        do {
            while try statement.step() {
                let rank = statement.column(1, as: Double.self) ?? 0
                if rows.count >= wanted, let last = rows.last, rank != last.rank { break }
                rows.append((statement.int64(at: 0), rank, statement.string(at: 2) ?? "", statement.string(at: 3), statement.string(at: 4)))
            }
        } catch let error as SQLiteError where error.message.hasPrefix("fts5") {
            // FTS5's own messages (syntax, parser stack) name its internals; the user gets a sentence.
            throw SearchQuery.Problem.cannotRun
        }
        if rows.count > 1, zip(rows, rows.dropFirst()).contains(where: { $0.rank == $1.rank }) {
            try breakTies(&rows)
        }
        return rows.dropFirst(offset).prefix(limit ?? Int.max).map { row in
            if rank == nil { return RankedRow(pk: row.pk, rank: row.rank, snippet: row.snippet, matched: total, score: -row.rank) }
            let (matched, score) = CoverageRank.decode(rank: row.rank)
            return RankedRow(pk: row.pk, rank: row.rank, snippet: row.snippet, matched: matched, score: score)
        }
    }

    /// Orders equal ranks newest first, then by id (reading both when the query did not).
    private func breakTies(_ rows: inout [(pk: Int64, rank: Double, snippet: String, occurred: String?, id: String?)]) throws {
        if rows.contains(where: { $0.id == nil }) {
            let keys = "[" + rows.map { String($0.pk) }.joined(separator: ",") + "]"
            var facts: [Int64: (String?, String?)] = [:]
            try connection.prepare("SELECT pk, occurred_on, id FROM notes WHERE pk IN (SELECT value FROM json_each(?))")
                .forEachRow([keys]) { facts[$0.int64(at: 0)] = ($0.string(at: 1), $0.string(at: 2)) }
            for index in rows.indices { (rows[index].occurred, rows[index].id) = facts[rows[index].pk] ?? (nil, nil) }
        }
        rows.sort { a, b in
            if a.rank != b.rank { return a.rank < b.rank }
            if (a.occurred ?? "") != (b.occurred ?? "") { return (a.occurred ?? "") > (b.occurred ?? "") }
            return (a.id ?? "") < (b.id ?? "")
        }
    }
}
