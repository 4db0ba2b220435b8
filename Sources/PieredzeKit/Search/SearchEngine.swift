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
    /// How many notes match in all (`SearchEngine.count`), when the caller counted them: the
    /// "of 143 notes" of text output and `total` in JSON; nil leaves both out.
    public var matchCount: Int?
    /// The FTS5 expressions ranked, in order (the passes `SearchEngine.search` ran; for the bench).
    public var passes: [String] = []
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
    /// The passes, each ranked by `coverage`, stop at the first that fills the window: the notes
    /// with every concept; then (for three concepts or more) the notes with at least n − 1, n − 2 …
    /// of the n concepts (`SearchQuery.atLeastExpression`, while it needs at most
    /// `maximumTierSubsets` combinations); then the notes with any concept. Each pass holds every
    /// note of the next pass that ranks above the rest, in the same order (concepts matched
    /// first), so stopping early changes no result; it saves ranking every note that has one
    /// common word of the query. A pass that matches more than `maximumRankedRows` notes is
    /// ranked over the notes with a concept in the title, else in the title, summary or lesson
    /// (the columns that weigh most), when those fill the window (`boundedPass`).
    ///
    /// - Throws: `SearchQuery.Problem` when the index refuses the expression; SQLite errors otherwise.
    public func search(_ query: SearchQuery, filter: NoteStore.Filter = NoteStore.Filter(), limit: Int? = 10, offset: Int = 0,
                       allWords: Bool = false) throws -> SearchResults {
        let total = query.concepts.count
        // Upper bounds on each concept's notes (vocabulary snapshot), to skip counting small passes.
        let bounds = limit == nil ? [] : try conceptBounds(query)
        func bound(atLeast minimum: Int) -> Int? {
            guard bounds.count == total, !bounds.isEmpty else { return nil }
            if minimum == total { return bounds.compactMap { $0 }.min() }
            guard bounds.allSatisfy({ $0 != nil }) else { return nil }
            return bounds.reduce(0) { $0 + $1! } / minimum  // a note with m concepts counts m times
        }
        var passes = [(try query.allConceptsExpression(), bound(atLeast: total))]
        if !allWords, total > 1 {
            // Without a window every pass would be read to the end: only the last one counts.
            if limit != nil {
                for minimum in stride(from: total - 1, through: 2, by: -1) {
                    guard let tier = try query.atLeastExpression(minimum, maximumSubsets: Self.maximumTierSubsets) else { break }
                    passes.append((tier, bound(atLeast: minimum)))
                }
            }
            passes.append((try query.anyConceptExpression(), bound(atLeast: 1)))
        }
        let wanted = limit.map { offset + $0 } ?? Int.max
        var ranked: [RankedRow] = []
        var expression = passes[0].0.expression
        var ran: [String] = []
        // Each phrase's document frequency, counted once for all the passes (each would count it).
        let frequencies = passes.count > 1 ? try phraseFrequencies(query) : nil
        func rank(_ pass: (expression: String, conceptOfPhrase: [Int])) throws -> Bool {
            ran.append(pass.expression)
            ranked = try rankedHits(pass.expression, rank: try coverageRank(pass.conceptOfPhrase, frequencies: frequencies), total: total,
                                    filter: filter, limit: limit, offset: offset, snippets: true)
            return ranked.count + offset >= wanted
        }
        for (pass, estimate) in passes {
            expression = pass.expression
            let bounded = try boundedPass(pass, query: query, wanted: wanted, bound: estimate)
            if try rank(bounded) { break }
            // A narrowed pass that left the window short (under a filter, say) is ranked in full.
            if bounded.expression != pass.expression, try rank(pass) { break }
        }
        let notes = try NoteStore(connection: connection).notes(pks: ranked.map(\.pk))
        let hits = zip(ranked, notes).map { ranked, note in
            SearchHit(pk: ranked.pk, id: note.id, score: ranked.score, snippet: ranked.snippet, note: note,
                      matched: ranked.matched, total: total)
        }
        var results = SearchResults(hits: hits, expression: expression, total: total)
        results.passes = ran
        return results
    }

    /// Tiers wider than this many combinations of concepts are skipped (the any-concept pass follows).
    public static let maximumTierSubsets = 24
    /// A pass that matches more notes than this is ranked over the notes with a concept in the
    /// heaviest columns first (ranking costs about 2 µs a note; counting, a tenth of that).
    public var maximumRankedRows = 20_000

    /// `pass`, or, when it matches more than `maximumRankedRows` notes, the pass narrowed to the
    /// notes that have a concept in the title (else in the title, summary or lesson) if at least
    /// `wanted` notes are left: `(pass) AND {title}: (concepts)`, the filter's phrases ignored
    /// by `coverage`. Counting stops after `maximumRankedRows + 1` notes.
    ///
    /// - Parameter bound: at least the number of notes the pass matches, when known
    ///   (`conceptBounds`): a pass known to be small is not counted.
    func boundedPass(_ pass: (expression: String, conceptOfPhrase: [Int]), query: SearchQuery,
                     wanted: Int, bound: Int? = nil) throws -> (expression: String, conceptOfPhrase: [Int]) {
        guard wanted <= maximumRankedRows, (bound ?? Int.max) > maximumRankedRows,
              try countMatches(pass.expression, atMost: maximumRankedRows + 1) > maximumRankedRows
        else { return pass }
        let concepts = try query.conceptsOnlyExpression()
        // An exclusion inside a group stays unfiltered (a column filter over NOT gains nothing).
        guard !concepts.conceptOfPhrase.contains(-1) else { return pass }
        let ignored = Array(repeating: CoverageRank.ignored, count: concepts.conceptOfPhrase.count)
        for columns in ["title", "title summary lesson"] {
            // The filter's phrases come after the pass's: the pass's concept map, then ignored ones.
            let narrowed = "(" + pass.expression + ") AND {" + columns + "}: " + concepts.expression
            if try countMatches(narrowed, atMost: wanted) >= wanted { return (narrowed, pass.conceptOfPhrase + ignored) }
        }
        return pass
    }

    /// For each concept of `query`, at least the number of notes it matches, from the vocabulary
    /// snapshot (`search_vocabulary`, migration 0007): a word matches at most the notes of its
    /// stem and its colocated alternatives together, a phrase at most those of its rarest word,
    /// an OR group their sum; nil for a prefix, or when the database has no snapshot. A snapshot
    /// older than the last write may be low: then a large pass is ranked in full, never wrongly.
    func conceptBounds(_ query: SearchQuery) throws -> [Int?] {
        guard try connection.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'search_vocabulary'", as: Int64.self) == 1
        else { return [] }
        let lookup = try connection.cachedStatement("SELECT documents FROM search_vocabulary WHERE term = ?")
        func documents(_ term: String) throws -> Int {
            try lookup.bind([term])
            defer { lookup.reset() }
            return try lookup.step() ? Int(lookup.int64(at: 0)) : 0
        }
        func bound(_ node: SearchQuery.Node) throws -> Int? {
            switch node {
            case let .term(text, prefix):
                guard !prefix else { return nil }
                var positions: [Int] = []
                for token in try LatvianTokenizer.tokens(of: text, mode: .query, on: connection) {
                    let count = try documents(token.text)
                    if token.flags & 1 != 0, !positions.isEmpty { positions[positions.count - 1] += count }  // FTS5_TOKEN_COLOCATED
                    else { positions.append(count) }
                }
                return positions.min()
            case .any(let items):
                var sum = 0
                for item in items { guard let part = try bound(item) else { return nil }; sum += part }
                return sum
            case .all(let items):
                return try items.compactMap { try bound($0) }.min()
            case .not:
                return nil
            }
        }
        return try query.concepts.map { try bound($0) }
    }

    /// How many notes `expression` matches, counting at most `atMost`.
    func countMatches(_ expression: String, atMost: Int) throws -> Int {
        let statement = try connection.cachedStatement(
            "SELECT count(*) FROM (SELECT rowid FROM notes_fts WHERE notes_fts MATCH ? LIMIT ?)")
        try statement.bind([expression, atMost])
        return try Self.count(from: statement)
    }

    /// The `count(*)` a bound statement returns; an expression the index refuses is
    /// `SearchQuery.Problem.cannotRun`, not an SQLite message.
    private static func count(from statement: Statement) throws -> Int {
        defer { statement.reset() }
        do {
            guard try statement.step() else { return 0 }
        } catch let error as SQLiteError where error.message.hasPrefix("fts5") {
            throw SearchQuery.Problem.cannotRun
        }
        return Int(statement.int64(at: 0))
    }

    /// Convenience: parse `text` with this engine's expansion, and search.
    public func search(_ text: String, filter: NoteStore.Filter = NoteStore.Filter(), limit: Int? = 10, offset: Int = 0,
                       allWords: Bool = false) throws -> SearchResults {
        try search(SearchQuery(text, expansion: expansion), filter: filter, limit: limit, offset: offset, allWords: allWords)
    }

    /// How many notes `query` matches under `filter`: the notes with any of its concepts (every
    /// note a search can page through), or with `allWords` the notes with all of them. Counted,
    /// not ranked: a tenth of a search's cost a note (`SELECT count(*)` over the match).
    ///
    /// - Throws: `SearchQuery.Problem` when the index refuses the expression; SQLite errors otherwise.
    public func count(_ query: SearchQuery, filter: NoteStore.Filter = NoteStore.Filter(), allWords: Bool = false) throws -> Int {
        let expression = allWords ? try query.allConceptsExpression().expression : try query.anyConceptExpression().expression
        let (condition, arguments) = try filter.sql(store: NoteStore(connection: connection))
        let unfiltered = filter == NoteStore.Filter()
        let statement = try connection.cachedStatement(unfiltered
            ? "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH ?"
            : "SELECT count(*) FROM notes_fts JOIN notes n ON n.pk = notes_fts.rowid WHERE notes_fts MATCH ? AND \(condition)")
        try statement.bind([expression] + (unfiltered ? [] : arguments))
        return try Self.count(from: statement)
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
    ///
    /// - Parameter frequencies: the document frequencies of the concepts' phrases
    ///   (`phraseFrequencies`), handed to `coverage` for the phrases the map gives a concept.
    public func coverageRank(_ conceptOfPhrase: [Int], frequencies: [Int]? = nil) throws -> String {
        var perPhrase: [Int]?
        if let frequencies, conceptOfPhrase.filter({ $0 >= 0 }).count == frequencies.count {
            var next = frequencies.makeIterator()
            perPhrase = conceptOfPhrase.map { $0 >= 0 ? next.next()! : 0 }  // ignored and excluded phrases are not scored
        }
        return CoverageRank.rankExpression(concepts: conceptOfPhrase, documentFrequencies: perPhrase, weights: try columnWeights())
    }

    /// How many notes hold each phrase of the query's concepts (`SearchQuery.conceptPhrases`):
    /// what `coverage` would count for every statement, counted once.
    func phraseFrequencies(_ query: SearchQuery) throws -> [Int]? {
        let phrases = try query.conceptPhrases()
        guard !phrases.isEmpty else { return nil }
        return try phrases.map { try countMatches($0, atMost: Int.max) }
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
