/// Everything a report is made from, read from the database in one step (`fetch`), so that
/// `Report.arrange` can place it without touching the database.
public struct ReportSource: Sendable {
    public var request: ReportRequest
    /// The whole topic vocabulary (sections need the ancestors of every topic in scope).
    public var topics: TopicTree
    /// The notes matching the request, each once: in rank order (best first) when the request
    /// has a query; in any order otherwise (`arrange` sorts them by date).
    public var notes: [Note]
    /// True when no note had all the query's words and `notes` holds those with any.
    public var anyWord: Bool

    public init(request: ReportRequest, topics: TopicTree, notes: [Note], anyWord: Bool = false) {
        self.request = request
        self.topics = topics
        self.notes = notes
        self.anyWord = anyWord
    }

    /// Reads the topics, then the notes matching `request` (ranked by `search`, default the
    /// search engine, when there is a query). Throws `KnowledgeBaseError.unknownTopic` for a
    /// requested topic slug the vocabulary lacks, before any search.
    public static func fetch(store: NoteStore, request: ReportRequest, search: ReportSearch? = nil) throws -> ReportSource {
        let topics = try TopicTree.load(store.connection)
        // A topic may be given by its display name: from here on the report speaks in slugs.
        var request = request
        request.filter.topics = try request.filter.topics.map { try topics.resolvedSlug($0) }

        var pks: [Int64]
        var anyWord = false
        if let query = request.effectiveQuery {
            let engine = search ?? Report.engineSearch(connection: store.connection)
            (pks, anyWord) = try engine(query, request.filter)
        } else {
            pks = try store.notePKs(matching: request.filter)
        }
        var seen = Set<Int64>()
        pks = pks.filter { seen.insert($0).inserted }

        var notes: [Note] = []
        notes.reserveCapacity(pks.count)
        try store.forEachBatch(of: pks) { notes += $0 }
        return ReportSource(request: request, topics: topics, notes: notes, anyWord: anyWord)
    }
}
