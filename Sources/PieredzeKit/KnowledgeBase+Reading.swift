/// A topic with how many notes it holds, for an overview of the topic tree.
public struct TopicCount: Sendable, Equatable {
    public var topic: Topic
    /// 0 for a top-level topic, 1 for its children, and so on.
    public var depth: Int
    /// Notes under the topic or any of its subtopics (each note once).
    public var total: Int
    /// Notes filed under the topic itself.
    public var direct: Int
}

/// Reading notes: one note, a listing, the topic tree, all of them in batches.
extension KnowledgeBase {
    /// How many notes one database read fetches when walking all of them (bounded memory,
    /// and SQLite's limit on bound parameters).
    public static let noteBatchSize = 500

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

    /// Every topic, parents before children in vocabulary order, with its depth and counts.
    public func topicCounts() throws -> [TopicCount] {
        let store = NoteStore(connection: connection)
        let topics = try store.topics()
        let direct = try store.noteCountsByTopic()
        let parents = Dictionary(uniqueKeysWithValues: topics.map { ($0.id, $0.parentID) })
        return try topics.map { topic in
            var depth = 0
            var parent = topic.parentID
            while let id = parent { depth += 1; parent = parents[id] ?? nil }
            var filter = NoteStore.Filter()
            filter.topics = [topic.slug]
            let total = try store.notePKs(matching: filter).count
            return TopicCount(topic: topic, depth: depth, total: total, direct: direct[topic.id] ?? 0)
        }
    }

    /// Calls `body` with every note matching `filter`, in batches of at most `noteBatchSize`,
    /// ordered by primary key (load order): what a dump writes.
    public func forEachNoteBatch(matching filter: NoteStore.Filter = NoteStore.Filter(), _ body: ([Note]) throws -> Void) throws {
        let store = NoteStore(connection: connection)
        let pks = try store.notePKs(matching: filter).sorted()
        for start in stride(from: 0, to: pks.count, by: Self.noteBatchSize) {
            try body(try store.notes(pks: Array(pks[start..<min(start + Self.noteBatchSize, pks.count)])))
        }
    }
}
