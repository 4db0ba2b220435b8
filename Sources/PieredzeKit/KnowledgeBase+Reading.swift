import PieredzeStorage

/// Reading notes: one note, a listing, the topic tree, all of them in batches.
extension KnowledgeBase {
    /// The note with `id`, or nil.
    public func note(id: String) throws -> Note? {
        try NoteStore(connection: connection).note(id: id)
    }

    /// (id, title, country, occurred) of the notes matching `filter`, newest first (then by id).
    /// Throws `KnowledgeBaseError.unknownTopic` for a filter topic that does not exist.
    public func listing(matching filter: NoteStore.Filter = NoteStore.Filter()) throws
        -> [(id: String, title: String, country: String?, occurred: String?)] {
        try NoteStore(connection: connection).listing(matching: filter)
    }

    /// The topic tree, one line a topic, parents before children and indented by depth, each
    /// with its notes including subtopics (and those filed directly, where different):
    /// `  slug  name  (total, direct directly)`. What `pieredze topics` prints.
    public func topicOutline(english: Bool) throws -> String {
        try topicTree().outline(counts: try topicNoteCounts(), english: english)
    }

    /// Calls `body` with every note matching `filter`, in batches of `NoteStore.batchSize`,
    /// ordered by primary key (load order): what a dump writes.
    public func forEachNoteBatch(matching filter: NoteStore.Filter = NoteStore.Filter(), _ body: ([Note]) throws -> Void) throws {
        let store = NoteStore(connection: connection)
        let pks = try store.notePKs(matching: filter).sorted()
        try store.forEachBatch(of: pks, body)
    }
}

/// `pieredze list`: headlines with their change dates.
extension KnowledgeBase {
    /// The notes matching `filter`, newest first by `occurred` (undated last, then by id), as
    /// `NoteHeadline`s. `changedSince`: only notes written on or after this day
    /// (`YYYY-MM-DD`, UTC) or instant (ISO 8601 as `updatedAt` gives it); `limit`: at most this
    /// many. Throws `KnowledgeBaseError.unknownTopic` for a filter topic that does not exist.
    public func headlines(matching filter: NoteStore.Filter = NoteStore.Filter(), changedSince: String? = nil,
                          limit: Int? = nil) throws -> [NoteHeadline] {
        let store = NoteStore(connection: connection)
        var (condition, arguments) = try filter.sql(store: store)
        if let changedSince {
            condition += " AND n.updated_at >= ?"
            arguments.append(changedSince)
        }
        arguments.append(limit ?? -1)
        var headlines: [NoteHeadline] = []
        try connection.cachedStatement("""
            SELECT n.id, n.title, n.kind, n.country, n.occurred_on, n.updated_at FROM notes n WHERE \(condition)
            ORDER BY n.occurred_on DESC NULLS LAST, n.id LIMIT ?
            """).forEachRow(arguments) { row in
            headlines.append(NoteHeadline(id: row.string(at: 0) ?? "", title: row.string(at: 1) ?? "",
                                          kind: NoteKind(rawValue: row.string(at: 2) ?? "") ?? .lesson,
                                          country: row.string(at: 3), occurred: row.string(at: 4), updatedAt: row.string(at: 5) ?? ""))
        }
        return headlines
    }

    /// Every topic's display name in `language` by slug (English for Russian), for `show`.
    public func topicNames(language: ReportLanguage) throws -> [String: String] {
        let labels = ReportLabels.labels(for: language)
        var names: [String: String] = [:]
        for topic in try topicTree().topics { names[topic.slug] = labels.topicName(topic) }
        return names
    }
}
