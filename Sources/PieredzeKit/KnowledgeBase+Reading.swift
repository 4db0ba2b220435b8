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
