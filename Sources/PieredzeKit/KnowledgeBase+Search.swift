/// Searching, loading and reporting: the knowledge base's work, each a call on the facade.
extension KnowledgeBase {
    /// The notes matching `query` and `filter`, ranked (see `SearchEngine.search`). Throws
    /// `KnowledgeBaseError.unknownTopic` for an unknown filter topic and `SearchQuery.Problem`
    /// for a query that leaves nothing to search for.
    public func search(_ query: SearchQuery, filter: NoteStore.Filter = NoteStore.Filter(), limit: Int? = 10,
                       offset: Int = 0) throws -> SearchResults {
        try SearchEngine(connection: connection).search(query, filter: filter, limit: limit, offset: offset)
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
