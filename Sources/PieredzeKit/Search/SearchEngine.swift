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
    /// The query as the user typed it (set by `KnowledgeBase.search(text:…)`), else nil.
    public var text: String?
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
    /// True when counting stopped at `matchCount` (`KnowledgeBase.countLimit`): more notes match
    /// ("of more than 10000 notes"; JSON `"totalRelation": "gte"`, Elasticsearch's word).
    public var matchCountIsLowerBound = false
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
    /// The passes, each ranked by `coverage`, stop at the first that answers the window: the notes
    /// with every concept; then, when the query has both rare and common concepts, the notes with
    /// a rare one, when they fill the window (`commonTermsCutoff`; without it, when its window
    /// outranks anything common words alone can score: `rareConceptPass`); then (for three concepts or more) the notes with at least n − 1, n − 2 …
    /// of the n concepts (`SearchQuery.atLeastExpression`, while it needs at most
    /// `maximumTierSubsets` combinations; a tier that the concepts' notes, were they independent,
    /// would make under half the window is skipped: `independentEstimate`); then the notes with
    /// any concept. Each pass holds every
    /// note of the next pass that ranks above the rest, in the same order (concepts matched
    /// first), so stopping early changes no result; it saves ranking every note that has one
    /// common word of the query. A pass that matches more than `maximumRankedRows` notes is
    /// ranked over the notes with a concept in the title, else in the title, summary or lesson
    /// (the columns that weigh most), when those fill the window (`narrowings`).
    ///
    /// - Throws: `SearchQuery.Problem` when the index refuses the expression; SQLite errors otherwise.
    public func search(_ query: SearchQuery, filter: NoteStore.Filter = NoteStore.Filter(), limit: Int? = 10, offset: Int = 0,
                       allWords: Bool = false) throws -> SearchResults {
        let total = query.concepts.count
        // What the vocabulary snapshot says of each concept's notes, to skip counting passes.
        let bounds = limit == nil ? [] : try conceptBounds(query)
        var passes = [(try query.allConceptsExpression(), PassSize(concepts: bounds, atLeast: total))]
        if !allWords, total > 1 {
            // Without a window every pass would be read to the end: only the last one counts.
            if limit != nil {
                for minimum in stride(from: total - 1, through: 2, by: -1) {
                    guard let tier = try query.atLeastExpression(minimum, maximumSubsets: Self.maximumTierSubsets) else { break }
                    passes.append((tier, PassSize(concepts: bounds, atLeast: minimum)))
                }
            }
            passes.append((try query.anyConceptExpression(), PassSize(concepts: bounds, atLeast: 1)))
        }
        let wanted = limit.map { offset + $0 } ?? Int.max
        var ranked: [RankedRow] = []
        var expression = passes[0].0.expression
        var ran: [String] = []
        // Each phrase's document frequency, counted once for all the passes (each would count it).
        let rows = try largestRowNumber()
        let frequencies = try phraseFrequencies(query, rows: rows)
        let phraseConcepts = try query.anyConceptExpression().conceptOfPhrase.filter { $0 >= 0 }
        // `coverage` prunes to the window, unless a filter drops ranked rows after it (a join).
        let window = limit != nil && filter == NoteStore.Filter() ? wanted : nil
        func rank(_ pass: (expression: String, conceptOfPhrase: [Int])) throws -> Bool {
            ran.append(pass.expression)
            ranked = try rankedHits(pass.expression, rank: try coverageRank(pass.conceptOfPhrase, frequencies: frequencies, window: window),
                                    total: total,
                                    filter: filter, limit: limit, offset: offset, snippets: true)
            return ranked.count + offset >= wanted
        }
        // At most how many notes hold each concept (its phrases' counts summed), for estimates.
        var conceptNotes: (notes: [Int], rows: Int)?
        if let frequencies {
            var notes = Array(repeating: 0, count: total)
            for (concept, entry) in zip(phraseConcepts, frequencies) { notes[concept] += entry.min() ?? 0 }
            conceptNotes = (notes, rows)
        }
        passing: for (index, (pass, size)) in passes.enumerated() {
            expression = pass.expression
            if index == 1, let frequencies,
               let rare = try rareConceptPass(query, bounds: bounds, frequencies: frequencies, phraseConcepts: phraseConcepts,
                                              rows: rows, wanted: wanted),
               try rank(rare.pass), let last = ranked.last,
               commonTermsCutoff || last.matched > rare.commonConcepts
                || (last.matched == rare.commonConcepts && last.score > rare.commonBest) {
                expression = rare.pass.expression
                break
            }
            // A tier that independent words would make far smaller than the window is skipped:
            // the next pass holds its notes, ranked first. (Words that go together make a tier
            // larger than the estimate, and such a tier is ranked; the half leaves room for that.)
            if index > 0, index < passes.count - 1, size.minimum > 1, size.minimum < total, let conceptNotes,
               Self.independentEstimate(atLeast: size.minimum, of: conceptNotes.notes, rows: conceptNotes.rows) * 2 < Double(wanted) {
                continue
            }
            // A narrowed pass that leaves the window short (under a filter, say) is ranked in full.
            for narrowed in try narrowings(pass, query: query, wanted: wanted, size: size, conceptNotes: conceptNotes) {
                if try rank(narrowed) { break passing }
            }
            if try rank(pass) { break }
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
    /// A concept the vocabulary snapshot gives more notes than this is common: `rareConceptPass`
    /// ranks the notes with the other concepts first. (2 % of a million notes; a collection of
    /// a few thousand has no common concept.)
    public var commonConceptNotes = 20_000
    /// When the notes with a rare concept fill the window, the notes with common concepts only
    /// are not ranked at all, as Elasticsearch's `common` terms query does with its
    /// `cutoff_frequency`: words in tens of thousands of notes are stop words of the collection,
    /// they order the notes that have a rarer word but do not bring in notes of their own. False:
    /// only when `rareConceptPass` proves that no such note can enter the window.
    public var commonTermsCutoff = true

    /// The notes with a rare concept, ranked, when they answer the window exactly: the MaxScore
    /// idea (Turtle and Flood, 1995) with the concepts matched first. Every note outside this
    /// pass has common concepts only, so it matches at most `c` concepts (the common ones) and
    /// scores at most the sum of their bm25 maxima, idf × (k1 + 1) each; when the window's last
    /// note matches more, or as many with a higher score, no such note can enter the window, and
    /// the window equals that of the any-concept pass. Ranking the rare concepts' notes costs
    /// their number, not the common words' (often most notes).
    ///
    /// - Returns: the pass, the number of common concepts and their best possible bm25 sum; nil
    ///   when the query has no rare or no common concept (by the snapshot), or no window.
    ///
    /// - Parameters:
    ///   - frequencies: `phraseFrequencies`, one entry per phrase of `phraseConcepts`.
    ///   - phraseConcepts: the concept of each of those phrases (`anyConceptExpression`'s map).
    ///   - rows: `largestRowNumber()`, at least the table's row count (IDF grows with it).
    func rareConceptPass(_ query: SearchQuery, bounds: [ConceptBound?], frequencies: [[Int]], phraseConcepts: [Int],
                         rows: Int, wanted: Int) throws
        -> (pass: (expression: String, conceptOfPhrase: [Int]), commonConcepts: Int, commonBest: Double)? {
        guard wanted <= maximumRankedRows, bounds.count == query.concepts.count, query.concepts.count > 1 else { return nil }
        let rare = bounds.indices.filter { (bounds[$0]?.upper ?? Int.max) <= commonConceptNotes }
        let common = bounds.indices.filter { !rare.contains($0) }
        guard !rare.isEmpty, !common.isEmpty else { return nil }
        // The common concepts' best possible bm25: the largest IDF among each one's phrases.
        guard phraseConcepts.count == frequencies.count, rows > 0 else { return nil }
        var bestIDF = Array(repeating: 0.0, count: query.concepts.count)
        for (concept, documents) in zip(phraseConcepts, frequencies) {
            let idf = documents.reduce(0.0) { $0 + CoverageRank.inverseDocumentFrequency(rows: Double(rows), documents: Double($1)) }
            bestIDF[concept] = max(bestIDF[concept], idf)
        }
        let commonBest = common.reduce(0.0) { $0 + bestIDF[$1] * (CoverageRank.k1 + 1) }
        return (try query.anyConceptExpression(requiringOneOf: rare), common.count, commonBest)
    }

    /// What the vocabulary snapshot says of the notes of one concept: at least `lower`, at most
    /// `upper`; `positional` when it is a phrase (several words in a row), whose matching reads
    /// every candidate's positions, so that counting it costs as much as ranking it.
    struct ConceptBound {
        var lower: Int
        var upper: Int
        var positional: Bool
    }

    /// The bounds on a pass's notes from its concepts' bounds: the notes with at least `atLeast`
    /// of them.
    struct PassSize {
        /// The pass matches at least this many notes (0: unknown).
        var lower = 0
        /// At most this many notes besides those of its phrases (nil: unknown). Phrases are left
        /// out: their bound (their rarest word's notes) is loose, and counting them is costly.
        var upper: Int?
        /// Every note of the pass has a phrase of the query (all concepts are required and one
        /// is a phrase): its matches are few for what they cost to find.
        var phraseBound = false
        /// The pass's notes have at least this many of the query's concepts.
        var minimum: Int

        init(concepts: [ConceptBound?], atLeast minimum: Int) {
            self.minimum = minimum
            guard !concepts.isEmpty else { return }
            let known = concepts.compactMap { $0 }
            if minimum == concepts.count {
                upper = known.map(\.upper).min()
                phraseBound = known.contains { $0.positional }
                if concepts.count == 1 { lower = known.first?.lower ?? 0 }
                return
            }
            guard known.count == concepts.count else { return }
            // A note with m concepts counts m times in the sum.
            upper = known.filter { !$0.positional }.reduce(0) { $0 + $1.upper } / minimum
            if minimum == 1 { lower = known.map(\.lower).max() ?? 0 }
        }
    }

    /// The narrower passes to rank before `pass` when it matches more than `maximumRankedRows`
    /// notes: the pass over the notes that have a concept in the title, then in the title,
    /// summary or lesson — `(pass) AND {title}: (concepts)`, the filter's phrases ignored by
    /// `coverage`; the first that fills the window answers it. None when the pass is small by
    /// the snapshot, or is counted and found small (counting stops after `maximumRankedRows + 1`).
    /// A pass whose every note needs a phrase is not counted (`PassSize.phraseBound`): counting a
    /// phrase reads the positions of every candidate, as ranking does, and ranking its few
    /// matches costs little more; a snapshot's bound above the limit (`PassSize.lower`) skips
    /// the count too.
    ///
    /// - Parameter conceptNotes: at most how many notes hold each concept, of how many rows: when
    ///   the notes with `size.minimum` concepts or more, were the concepts independent, number
    ///   under a tenth of `maximumRankedRows`, the pass is ranked without counting (words that go
    ///   together raise the real number; the tenth leaves room for that). A tier of several
    ///   common words often has a few notes: counting it cost as much as ranking it.
    func narrowings(_ pass: (expression: String, conceptOfPhrase: [Int]), query: SearchQuery,
                    wanted: Int, size: PassSize, conceptNotes: (notes: [Int], rows: Int)? = nil) throws
        -> [(expression: String, conceptOfPhrase: [Int])] {
        guard wanted <= maximumRankedRows, !size.phraseBound else { return [] }
        if let upper = size.upper, upper <= maximumRankedRows { return [] }
        let estimate = conceptNotes.flatMap { conceptNotes in
            size.minimum > 1 ? Self.independentEstimate(atLeast: size.minimum, of: conceptNotes.notes, rows: conceptNotes.rows) : nil
        }
        if size.lower <= maximumRankedRows, let estimate, estimate * 10 <= Double(maximumRankedRows) { return [] }
        // Four times the limit by the estimate: narrowed without counting (the count of two words
        // in a third of the notes each cost 0.1 s at a million notes); when the words shun each
        // other and the narrowed passes fall short, the pass is ranked in full, as after a count.
        if size.lower <= maximumRankedRows, (estimate ?? 0) < Double(4 * maximumRankedRows),
           try countMatches(pass.expression, atMost: maximumRankedRows + 1) <= maximumRankedRows { return [] }
        let concepts = try query.conceptsOnlyExpression()
        // An exclusion inside a group stays unfiltered (a column filter over NOT gains nothing).
        guard !concepts.conceptOfPhrase.contains(-1) else { return [] }
        let ignored = Array(repeating: CoverageRank.ignored, count: concepts.conceptOfPhrase.count)
        // The filter's phrases come after the pass's: the pass's concept map, then ignored ones.
        return ["title", "title summary lesson"].map { columns in
            ("(" + pass.expression + ") AND {" + columns + "}: " + concepts.expression, pass.conceptOfPhrase + ignored)
        }
    }

    /// How many of `rows` notes hold at least `minimum` of the concepts, were they independent:
    /// rows × P(at least `minimum` of the events, each with probability notes / rows), by the
    /// distribution of how many occur, built one concept at a time.
    static func independentEstimate(atLeast minimum: Int, of notes: [Int], rows: Int) -> Double {
        guard rows > 0 else { return 0 }
        var exactly = [1.0] + Array(repeating: 0.0, count: notes.count)  // P(k concepts so far)
        for (seen, count) in notes.enumerated() {
            let p = min(1, Double(count) / Double(rows))
            for k in stride(from: seen + 1, through: 1, by: -1) { exactly[k] = exactly[k] * (1 - p) + exactly[k - 1] * p }
            exactly[0] *= 1 - p
        }
        return Double(rows) * exactly.dropFirst(max(0, minimum)).reduce(0, +)
    }

    /// For each concept of `query`, bounds on the number of notes it matches, from the vocabulary
    /// snapshot (`search_vocabulary`, migration 0007): a word matches at least the notes of its
    /// most frequent index term and at most those of its stem and colocated alternatives
    /// together; a phrase at most those of its rarest word; a prefix those of the terms that start
    /// with it; an OR group at least its largest part and at most their sum; nil for an exclusion,
    /// or none when the database has no snapshot. A snapshot older than the last write may be
    /// off by the notes written since: then a pass is counted or narrowed when it need not be —
    /// the result changes no more than `maximumRankedRows` already allows.
    func conceptBounds(_ query: SearchQuery) throws -> [ConceptBound?] {
        guard try hasVocabularySnapshot() else { return [] }
        let documents = snapshotDocuments
        let range = try connection.cachedStatement(
            "SELECT coalesce(sum(documents), 0), coalesce(max(documents), 0) FROM search_vocabulary WHERE term >= ? AND term < ?")
        func prefixed(_ prefix: String) throws -> (sum: Int, max: Int) {
            try range.bind([prefix, prefix + "\u{10FFFF}"])
            defer { range.reset() }
            guard try range.step() else { return (0, 0) }
            return (Int(range.int64(at: 0)), Int(range.int64(at: 1)))
        }
        func bound(_ node: SearchQuery.Node) throws -> ConceptBound? {
            switch node {
            case let .term(text, prefix):
                if prefix {
                    var result = ConceptBound(lower: 0, upper: 0, positional: false)
                    for token in try LatvianTokenizer.tokens(of: text, mode: .prefixQuery, on: connection) {
                        let (sum, most) = try prefixed(token.text)
                        result.upper += sum
                        result.lower = max(result.lower, most)
                    }
                    if SearchQuery.prefixNeedsStem(text), let word = try bound(.term(text, prefix: false)) {
                        result.upper += word.upper
                        result.lower = max(result.lower, word.lower)
                    }
                    return result
                }
                var positions: [(lower: Int, upper: Int)] = []
                for token in try LatvianTokenizer.tokens(of: text, mode: .query, on: connection) {
                    let count = try documents(token.text)
                    if token.flags & 1 != 0, let last = positions.popLast() {  // FTS5_TOKEN_COLOCATED
                        positions.append((max(last.lower, count), last.upper + count))
                    } else {
                        positions.append((count, count))
                    }
                }
                guard let upper = positions.map(\.upper).min() else { return ConceptBound(lower: 0, upper: 0, positional: false) }
                return positions.count == 1 ? ConceptBound(lower: positions[0].lower, upper: upper, positional: false)
                    : ConceptBound(lower: 0, upper: upper, positional: true)
            case .any(let items):
                var result = ConceptBound(lower: 0, upper: 0, positional: false)
                for item in items {
                    guard let part = try bound(item) else { return nil }
                    result = ConceptBound(lower: max(result.lower, part.lower), upper: result.upper + part.upper,
                                          positional: result.positional || part.positional)
                }
                return result
            case .all(let items):
                let parts = try items.compactMap { try bound($0) }
                guard let upper = parts.map(\.upper).min() else { return nil }
                return ConceptBound(lower: 0, upper: upper, positional: parts.contains { $0.positional })
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
    /// - Parameter atMost: stop counting there (nil: count every match). FTS5 hands matches over
    ///   in rowid order, so a capped count reads the posting lists only up to the cap's match:
    ///   Elasticsearch's `track_total_hits` (10,000 by default), for the same reason — the total
    ///   of a broad query costs more than ranking its first page (3 s against 0.25 s at a
    ///   million notes).
    /// - Returns: the number of matches, at most `atMost`.
    /// - Throws: `SearchQuery.Problem` when the index refuses the expression; SQLite errors otherwise.
    public func count(_ query: SearchQuery, filter: NoteStore.Filter = NoteStore.Filter(), allWords: Bool = false,
                      atMost: Int? = nil) throws -> Int {
        let expression = allWords ? try query.allConceptsExpression().expression : try query.anyConceptExpression().expression
        let (condition, arguments) = try filter.sql(store: NoteStore(connection: connection))
        let unfiltered = filter == NoteStore.Filter()
        // LIMIT -1 is no limit (SQLite's `LIMIT` with a negative value): one statement for both.
        let statement = try connection.cachedStatement(unfiltered
            ? "SELECT count(*) FROM (SELECT 1 FROM notes_fts WHERE notes_fts MATCH ? LIMIT ?)"
            : "SELECT count(*) FROM (SELECT 1 FROM notes_fts JOIN notes n ON n.pk = notes_fts.rowid WHERE notes_fts MATCH ? AND \(condition) LIMIT ?)")
        try statement.bind([expression] + (unfiltered ? [] : arguments) + [atMost.map { max(0, $0) } ?? -1])
        return try Self.count(from: statement)
    }

    /// What a report needs: every note with all of the query's concepts, in rank order, without
    /// snippets or note contents; when no note has them all, every note with any of them, most
    /// concepts first, and `anyWord` true.
    public func rankedKeys(_ query: SearchQuery, filter: NoteStore.Filter = NoteStore.Filter()) throws -> (pks: [Int64], anyWord: Bool) {
        let total = query.concepts.count
        let allConcepts = try query.allConceptsExpression()
        let frequencies = try phraseFrequencies(query)
        let all = try rankedHits(allConcepts.expression, rank: try coverageRank(allConcepts.conceptOfPhrase, frequencies: frequencies), total: total,
                                 filter: filter, limit: nil, offset: 0, snippets: false)
        guard all.isEmpty, total > 1 else { return (all.map(\.pk), false) }
        let anyConcept = try query.anyConceptExpression()
        let some = try rankedHits(anyConcept.expression, rank: try coverageRank(anyConcept.conceptOfPhrase, frequencies: frequencies), total: total,
                                  filter: filter, limit: nil, offset: 0, snippets: false)
        return (some.map(\.pk), !some.isEmpty)
    }

    /// The `rank MATCH` argument: `coverage` with the concept map and the index's column weights
    /// (`SELECT … WHERE notes_fts MATCH ? AND rank MATCH ? ORDER BY rank`).
    ///
    /// - Parameters:
    ///   - frequencies: the document frequencies of the concepts' phrases
    ///     (`phraseFrequencies`), handed to `coverage` for the phrases the map gives a concept.
    ///   - window: the rows the statement keeps in rank order (`LIMIT` + `OFFSET`), which lets
    ///     `coverage` skip the length of rows that cannot reach them; nil when a filter joined
    ///     after ranking drops rows (see `CoverageRank`).
    public func coverageRank(_ conceptOfPhrase: [Int], frequencies: [[Int]]? = nil, window: Int? = nil) throws -> String {
        var perPhrase: [[Int]]?
        if let frequencies, conceptOfPhrase.filter({ $0 >= 0 }).count == frequencies.count {
            var next = frequencies.makeIterator()
            perPhrase = conceptOfPhrase.map { $0 >= 0 ? next.next()! : [0] }  // ignored and excluded phrases are not scored
        }
        return CoverageRank.rankExpression(concepts: conceptOfPhrase, documentFrequencies: perPhrase, window: window,
                                           weights: try columnWeights())
    }

    /// How many notes hold each phrase of the query's concepts (`SearchQuery.conceptPhrases`):
    /// what `coverage` would count for every statement, counted once. A phrase of several words
    /// gets one number a word (`coverage` sums their IDFs, as Lucene scores a phrase): counting
    /// the phrase itself would read the positions of every note with its words, as much work as
    /// ranking it, while a word is counted from its posting list alone.
    ///
    /// A word the vocabulary snapshot finds in at least half the notes is not counted: bm25 gives
    /// any such word the same IDF (1e-6, see `CoverageRank.inverseDocumentFrequency`), so it
    /// gets the largest row number instead, which yields that IDF; counting a function word
    /// (`kā`, `pie`) read a posting list of nearly every note.
    ///
    /// - Parameter rows: `largestRowNumber()`, when the caller has it.
    func phraseFrequencies(_ query: SearchQuery, rows: Int? = nil) throws -> [[Int]]? {
        let phrases = try query.conceptPhrases()
        guard !phrases.isEmpty else { return nil }
        let rows = try rows ?? largestRowNumber()
        let hasSnapshot = try hasVocabularySnapshot()
        func count(_ word: String) throws -> Int {
            if hasSnapshot, rows > 0, try snapshotNotes(ofWord: word) * 2 >= rows { return rows }
            return try countMatches(word, atMost: Int.max)
        }
        return try phrases.map { phrase in
            let words = try phraseWords(phrase)
            guard words.count > 1 else { return [try count(phrase)] }
            return try words.map(count)
        }
    }

    /// At least how many notes hold the FTS5 word `"…"` by the vocabulary snapshot: its most
    /// frequent index term (the stem or a colocated form); 0 for a prefix or a phrase.
    func snapshotNotes(ofWord phrase: String) throws -> Int {
        guard let text = Self.unquoted(phrase) else { return 0 }
        let tokens = try LatvianTokenizer.tokens(of: text, mode: .query, on: connection)
        guard tokens.dropFirst().allSatisfy({ $0.flags & 1 != 0 }) else { return 0 }  // one position
        return try tokens.map { try snapshotDocuments($0.text) }.max() ?? 0
    }

    /// The text of an FTS5 phrase `"…"` (its doubled quotes undone), or nil for anything else
    /// (a prefix `"…" *`).
    static func unquoted(_ phrase: String) -> String? {
        guard phrase.hasPrefix("\""), phrase.hasSuffix("\""), phrase.count >= 2 else { return nil }
        return String(phrase.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
    }

    /// Whether the database has the vocabulary snapshot (`search_vocabulary`, migration 0007).
    func hasVocabularySnapshot() throws -> Bool {
        try connection.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'search_vocabulary'", as: Int64.self) == 1
    }

    /// The notes of one index term by the vocabulary snapshot; 0 for a term it lacks.
    func snapshotDocuments(_ term: String) throws -> Int {
        let lookup = try connection.cachedStatement("SELECT documents FROM search_vocabulary WHERE term = ?")
        try lookup.bind([term])
        defer { lookup.reset() }
        return try lookup.step() ? Int(lookup.int64(at: 0)) : 0
    }

    /// The largest note key: at least the number of rows FTS5 counts (keys are positive), so an
    /// IDF or an estimate made with it is never too small; 0 for an empty knowledge base.
    func largestRowNumber() throws -> Int {
        try connection.scalar("SELECT max(pk) FROM notes", as: Int64.self).map(Int.init) ?? 0
    }

    /// The words of an FTS5 phrase `"…"` as FTS5 phrases of their own (each with the colocated
    /// forms the tokenizer gives it), or `[phrase]` for a prefix or a one-word phrase.
    func phraseWords(_ phrase: String) throws -> [String] {
        guard let text = Self.unquoted(phrase) else { return [phrase] }
        let bytes = Array(text.utf8)
        var words: [String] = []
        for token in try LatvianTokenizer.tokens(of: text, mode: .query, on: connection) where token.flags & 1 == 0 {  // not FTS5_TOKEN_COLOCATED
            guard token.start >= 0, token.end <= bytes.count, token.start < token.end else { return [phrase] }
            let word = String(decoding: bytes[token.start..<token.end], as: UTF8.self)
            words.append("\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
        }
        return words.isEmpty ? [phrase] : words
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
