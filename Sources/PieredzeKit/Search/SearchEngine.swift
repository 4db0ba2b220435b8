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
        let expression = try query.expression()
        var ranked = try rankedPKs(expression, filter: filter, limit: limit, offset: offset)
        var relaxed = false
        var used = expression
        if ranked.isEmpty, try rankedPKs(expression, filter: filter, limit: 1, offset: 0).isEmpty,
           let anyWord = try query.anyWordExpression() {
            ranked = try rankedPKs(anyWord, filter: filter, limit: limit, offset: offset)
            relaxed = !ranked.isEmpty
            used = anyWord
        }
        let snippets = try self.snippets(used, pks: ranked.map(\.pk))
        let notes = try NoteStore(connection: connection).notes(pks: ranked.map(\.pk))
        let hits = zip(ranked, notes).map { ranked, note in
            SearchHit(pk: ranked.pk, id: note.id, score: -ranked.rank, snippet: snippets[ranked.pk] ?? "", note: note)
        }
        return SearchResults(hits: hits, relaxed: relaxed, expression: used)
    }

    /// Convenience: parse and search.
    public func search(_ text: String, filter: NoteStore.Filter = NoteStore.Filter(), limit: Int? = 10, offset: Int = 0) throws -> SearchResults {
        try search(SearchQuery(text), filter: filter, limit: limit, offset: offset)
    }

    /// The window of matching pks in rank order, ties broken newest first, then by id.
    ///
    /// `ORDER BY rank` alone lets FTS5 hand rows over already ranked, so only the rows up to the
    /// window are read back; a second sort key would make SQLite sort every match. Ties are
    /// therefore broken here, reading on past the window while the rank stays equal.
    func rankedPKs(_ expression: String, filter: NoteStore.Filter, limit: Int?, offset: Int) throws -> [(pk: Int64, rank: Double)] {
        let (condition, arguments) = try filter.sql(store: NoteStore(connection: connection))
        let statement = try connection.cachedStatement("""
            SELECT n.pk, notes_fts.rank, n.occurred_on, n.id FROM notes_fts JOIN notes n ON n.pk = notes_fts.rowid
            WHERE notes_fts MATCH ? AND \(condition) ORDER BY notes_fts.rank
            """)
        let wanted = limit.map { offset + $0 } ?? Int.max
        var rows: [(pk: Int64, rank: Double, occurred: String, id: String)] = []
        do {
            try statement.bind([expression] + arguments)
            defer { statement.reset() }
            while try statement.step() {
                let rank = statement.column(1, as: Double.self) ?? 0
                if rows.count >= wanted, let last = rows.last, rank != last.rank { break }
                rows.append((statement.int64(at: 0), rank, statement.string(at: 2) ?? "", statement.string(at: 3) ?? ""))
            }
        }
        rows.sort { a, b in
            if a.rank != b.rank { return a.rank < b.rank }
            if a.occurred != b.occurred { return a.occurred > b.occurred }
            return a.id < b.id
        }
        let window = rows.dropFirst(offset).prefix(limit ?? Int.max)
        return window.map { ($0.pk, $0.rank) }
    }

    /// Snippets for the given rows only: `snippet()` is costly, so it never runs over all matches.
    func snippets(_ expression: String, pks: [Int64]) throws -> [Int64: String] {
        guard !pks.isEmpty else { return [:] }
        var result: [Int64: String] = [:]
        let statement = try connection.cachedStatement("""
            SELECT rowid, snippet(notes_fts, -1, ?, ?, '…', 24) FROM notes_fts
            WHERE notes_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))
            """)
        try statement.forEachRow([Self.highlightStart, Self.highlightEnd, expression,
                                  "[" + pks.map(String.init).joined(separator: ",") + "]"]) { row in
            result[row.int64(at: 0)] = row.string(at: 1) ?? ""
        }
        return result
    }
}
