/// Searching, loading and reporting: the knowledge base's work, each a call on the facade.
extension KnowledgeBase {
    /// The notes matching `query` and `filter`, ranked (see `SearchEngine.search`). Throws
    /// `KnowledgeBaseError.unknownTopic` for an unknown filter topic and `SearchQuery.Problem`
    /// for a query that leaves nothing to search for.
    public func search(_ query: SearchQuery, filter: NoteStore.Filter = NoteStore.Filter(), limit: Int? = 10,
                       offset: Int = 0, allWords: Bool = false) throws -> SearchResults {
        try SearchEngine(connection: connection).search(query, filter: filter, limit: limit, offset: offset, allWords: allWords)
    }

    /// Searches `text` as a user typed it: its words expanded with this knowledge base's
    /// thesaurus (`Thesaurus`), ranked as `SearchEngine.search` ranks. When some plain word
    /// matches no note, `suggestion` holds the query with the closest indexed words instead
    /// (`SpellingSuggester`); when the query as typed finds nothing at all, the suggestion's
    /// results are returned instead and `ranSuggestion` is true.
    ///
    /// - Throws: `SearchQuery.Problem` for a query that cannot be run (nothing to search for,
    ///   too deep, too many terms); `KnowledgeBaseError.unknownTopic` for an unknown filter topic.
    public func search(text: String, filter: NoteStore.Filter = NoteStore.Filter(), limit: Int? = 10, offset: Int = 0,
                       allWords: Bool = false) throws -> SearchResults {
        let engine = try thesaurusSearchEngine()
        var results = try engine.search(text, filter: filter, limit: limit, offset: offset, allWords: allWords)
        results.text = text
        let complete = results.hits.contains { !$0.isPartial }
        guard !complete, let words = Self.plainWords(text),
              let suggestion = try SpellingSuggester(connection: connection).suggestion(for: words) else { return results }
        results.suggestion = suggestion.text
        // A word that matches nothing may still be a real word the notes lack (apmācības with
        // no training notes): replace it only when the query as typed finds nothing at all.
        if results.hits.isEmpty {
            var corrected = try engine.search(suggestion.text, filter: filter, limit: limit, offset: offset, allWords: allWords)
            if !corrected.hits.isEmpty {
                corrected.suggestion = suggestion.text
                corrected.ranSuggestion = true
                corrected.text = text
                results = corrected
            }
        }
        return results
    }

    /// How many notes `text` matches under `filter` (any of its words, or all with `allWords`),
    /// with this knowledge base's thesaurus, as `search(text:…)` reads it; for "10 of 143 notes".
    /// Count the suggestion's text when the results were the suggestion's (`ranSuggestion`).
    ///
    /// - Throws: as `search(text:…)`.
    public func count(text: String, filter: NoteStore.Filter = NoteStore.Filter(), allWords: Bool = false,
                      atMost: Int? = nil) throws -> Int {
        let engine = try thesaurusSearchEngine()
        return try engine.count(SearchQuery(text, expansion: engine.expansion), filter: filter, allWords: allWords, atMost: atMost)
    }

    /// Where `countMatches` stops counting: a results line says "of more than 10000 notes" past it
    /// (Elasticsearch's `track_total_hits` default). Nobody pages through ten thousand notes,
    /// and an exact total of a broad query at a million notes costs seconds.
    public static let countLimit = 10_000

    /// Sets `results.matchCount`, the number of notes that match in all (`10 of 143`), for the
    /// results of `search(text:filter:…)` with the same arguments: the notes of the suggestion
    /// when its results were shown instead. Nothing is counted when nothing was found. Counting
    /// stops past `atMost` (nil: never): then `matchCount` is `atMost` and
    /// `matchCountIsLowerBound` is true.
    public func countMatches(of results: inout SearchResults, text: String,
                             filter: NoteStore.Filter = NoteStore.Filter(), allWords: Bool = false,
                             atMost: Int? = KnowledgeBase.countLimit) throws {
        guard !results.hits.isEmpty else { return }
        let counted = results.ranSuggestion ? results.suggestion ?? text : text
        // One more than the limit tells "exactly the limit" from "more".
        let count = try self.count(text: counted, filter: filter, allWords: allWords, atMost: atMost.map { $0 + 1 })
        if let atMost, count > atMost {
            results.matchCount = atMost
            results.matchCountIsLowerBound = true
        } else {
            results.matchCount = count
            results.matchCountIsLowerBound = false
        }
    }

    /// The search engine a front end uses: this knowledge base's thesaurus as its expansion.
    func thesaurusSearchEngine() throws -> SearchEngine {
        SearchEngine(connection: connection, expansion: try thesaurus.load())
    }

    /// The words of a query made of plain words only (no phrases, prefixes, exclusions,
    /// operators or groups), which spelling suggestions can replace one for one; else nil.
    static func plainWords(_ text: String) -> [String]? {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        let operators: Set<String> = ["OR", "AND", "NOT"]
        guard !words.isEmpty, words.count <= SearchQuery.maximumTerms,
              words.allSatisfy({ word in
                  !operators.contains(word) && !word.hasPrefix("-")
                      && !word.contains(where: { "\"()*".contains($0) })
              }) else { return nil }
        return words
    }

    /// Loads notes from `inputs` in one transaction (see `NoteLoader.load`); throws `LoadFailure`
    /// listing every problem when any note is wrong, and then writes nothing. `collectOutcomes`
    /// fills the summary's per-note outcomes; `progress` is called as the load advances.
    public func load(_ inputs: [NoteLoader.Input], options: NoteLoader.Options = NoteLoader.Options(),
                     collectOutcomes: Bool = false,
                     progress: ((NoteLoader.Progress) -> Void)? = nil) throws -> NoteLoader.Summary {
        let loader = NoteLoader(connection: connection)
        loader.collectOutcomes = collectOutcomes
        loader.progress = progress
        return try loader.load(inputs, options: options)
    }

    /// Builds the report `request` asks for (see `Report.build`). Throws
    /// `KnowledgeBaseError.unknownTopic` for an unknown topic.
    public func report(_ request: ReportRequest) throws -> Report {
        // A report reads every row of its topics, several times over (notes, then their lists):
        // besides the mapping every read gets, keep pages cached (a 10,000-note report took
        // 20,000 preads). 64 MiB (a negative cache_size is in KiB), for this connection only.
        try connection.execute("PRAGMA cache_size = -65536")
        return try Report.build(store: NoteStore(connection: connection), request: request)
    }
}
