import Foundation
import PieredzeStorage

/// One search result.
public struct SearchHit: Sendable, Equatable {
    public var pk: Int64
    public var id: String
    /// bm25 relevance (higher is better): FTS5's `rank` negated.
    public var score: Double
    /// A fragment of the best-matching column with matches between `SearchEngine.highlightStart`
    /// and `SearchEngine.highlightEnd`; renderers turn those into bold, colour or `<mark>`.
    public var snippet: String
    public var note: Note
}

/// The results of one search.
public struct SearchResults: Sendable, Equatable {
    public var hits: [SearchHit]
    /// True when no note had all the words and the results are those with any of them.
    public var relaxed: Bool
    /// The FTS5 expression that ran (for `--explain` and tests).
    public var expression: String
}

/// Full-text search over the notes, ranked by bm25 with column weights, newest first on ties.
public struct SearchEngine {
    /// Control characters that cannot occur in note text (the loader keeps them out of snippets'
    /// way), so renderers can replace them without confusing them with real text.
    public static let highlightStart = "\u{2}"
    public static let highlightEnd = "\u{3}"

    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// Runs `query` with `filter`; falls back to any-word matching when all-words finds nothing.
    public func search(_ query: SearchQuery, filter: NoteStore.Filter = NoteStore.Filter(), limit: Int? = 10, offset: Int = 0) throws -> SearchResults {
        let (ranked, relaxed, used) = try rankedWithFallback(query, filter: filter, limit: limit, offset: offset, snippets: true)
        let notes = try NoteStore(connection: connection).notes(pks: ranked.map(\.pk))
        let hits = zip(ranked, notes).map { ranked, note in
            SearchHit(pk: ranked.pk, id: note.id, score: -ranked.rank, snippet: ranked.snippet, note: note)
        }
        return SearchResults(hits: hits, relaxed: relaxed, expression: used)
    }

    /// The matching notes' keys in rank order, and whether it fell back to any word: what a
    /// report needs, without the snippets and note contents `search` reads for every hit.
    public func rankedKeys(_ query: SearchQuery, filter: NoteStore.Filter = NoteStore.Filter()) throws -> (pks: [Int64], relaxed: Bool) {
        let (ranked, relaxed, _) = try rankedWithFallback(query, filter: filter, limit: nil, offset: 0, snippets: false)
        return (ranked.map(\.pk), relaxed)
    }

    /// All words first; when no note has them all, any word (exclusions kept).
    private func rankedWithFallback(_ query: SearchQuery, filter: NoteStore.Filter, limit: Int?, offset: Int, snippets: Bool) throws
        -> (ranked: [(pk: Int64, rank: Double, snippet: String)], relaxed: Bool, expression: String) {
        let expression = try query.expression()
        let ranked = try rankedHits(expression, filter: filter, limit: limit, offset: offset, snippets: snippets)
        guard ranked.isEmpty, try rankedHits(expression, filter: filter, limit: 1, offset: 0, snippets: false).isEmpty,
              let anyWord = try query.anyWordExpression()
        else { return (ranked, false, expression) }
        let relaxed = try rankedHits(anyWord, filter: filter, limit: limit, offset: offset, snippets: snippets)
        return relaxed.isEmpty ? (ranked, false, expression) : (relaxed, true, anyWord)
    }

    /// Convenience: parse and search.
    public func search(_ text: String, filter: NoteStore.Filter = NoteStore.Filter(), limit: Int? = 10, offset: Int = 0) throws -> SearchResults {
        try search(SearchQuery(text), filter: filter, limit: limit, offset: offset)
    }

    /// The window of matches in rank order, ties broken newest first, then by id, each with its
    /// snippet.
    ///
    /// `ORDER BY rank` alone lets FTS5 hand rows over already ranked, so only the rows up to the
    /// window are read back — and `snippet()`, the costly part, runs for those rows only; a second
    /// sort key would make SQLite sort, and snippet, every match. Ties are therefore broken here,
    /// reading on past the window while the rank stays equal.
    func rankedHits(_ expression: String, filter: NoteStore.Filter, limit: Int?, offset: Int, snippets: Bool = true) throws
        -> [(pk: Int64, rank: Double, snippet: String)] {
        let (condition, arguments) = try filter.sql(store: NoteStore(connection: connection))
        // Without snippets the markers are still bound (the statement's parameters stay the same).
        let snippet = snippets ? "snippet(notes_fts, -1, ?, ?, '…', 24)" : "coalesce(?, ?, '')"
        // Without filters the notes table is not needed until the window is known.
        let statement = try connection.cachedStatement(filter == NoteStore.Filter() ? """
            SELECT notes_fts.rowid, notes_fts.rank, \(snippet), NULL, NULL FROM notes_fts
            WHERE notes_fts MATCH ? ORDER BY notes_fts.rank
            """ : """
            SELECT n.pk, notes_fts.rank, \(snippet), n.occurred_on, n.id FROM notes_fts JOIN notes n ON n.pk = notes_fts.rowid
            WHERE notes_fts MATCH ? AND \(condition) ORDER BY notes_fts.rank
            """)
        let wanted = limit.map { offset + $0 } ?? Int.max
        var rows: [(pk: Int64, rank: Double, snippet: String, occurred: String?, id: String?)] = []
        try statement.bind([Self.highlightStart, Self.highlightEnd, expression] + (filter == NoteStore.Filter() ? [] : arguments))
        defer { statement.reset() }
        while try statement.step() {
            let rank = statement.column(1, as: Double.self) ?? 0
            if rows.count >= wanted, let last = rows.last, rank != last.rank { break }
            rows.append((statement.int64(at: 0), rank, statement.string(at: 2) ?? "", statement.string(at: 3), statement.string(at: 4)))
        }
        if rows.count > 1, zip(rows, rows.dropFirst()).contains(where: { $0.rank == $1.rank }) {
            try breakTies(&rows)
        }
        return rows.dropFirst(offset).prefix(limit ?? Int.max).map { ($0.pk, $0.rank, $0.snippet) }
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
