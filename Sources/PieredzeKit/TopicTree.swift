import PieredzeStorage

/// The topic vocabulary as a tree, read with one query and resolved once.
///
/// Each topic's parent is looked up once and its depth computed once (memoised), so building
/// the tree is linear in the number of topics; `ancestors(of:)` and `subtree(of:)` then cost
/// the size of their answer. Used by reports (sections, scope), by `NoteStore.Filter` (a topic
/// includes its subtopics) and by `pieredze topics` (`outline(counts:english:)`).
public struct TopicTree: Sendable {
    /// Every topic in vocabulary order: parents before children, siblings by position.
    public let topics: [Topic]
    /// Index in `topics` of each topic's parent; nil for a top-level topic (or a parent not in
    /// the list).
    private let parentIndex: [Int?]
    /// 0 for a top-level topic, 1 for a subtopic, …
    private let depths: [Int]
    /// Indices of each topic's children, in vocabulary order.
    private let childIndices: [[Int]]
    private let indexByID: [Int: Int]
    private let indexBySlug: [String: Int]
    /// Parent look-ups and steps up the tree made while building: the doubling test checks that
    /// this grows linearly with the number of topics.
    let buildSteps: Int

    /// A tree over `topics`, kept in the given order (`load` gives vocabulary order). A parent
    /// id missing from the list makes its child top-level; a cycle of parents is cut where it
    /// closes, so every topic gets a finite depth.
    public init(topics: [Topic]) {
        self.topics = topics
        var indexByID: [Int: Int] = [:]
        var indexBySlug: [String: Int] = [:]
        indexByID.reserveCapacity(topics.count)
        indexBySlug.reserveCapacity(topics.count)
        for (index, topic) in topics.enumerated() {
            indexByID[topic.id] = index
            indexBySlug[topic.slug] = index
        }
        var steps = 0
        var parentIndex = [Int?](repeating: nil, count: topics.count)
        var childIndices = [[Int]](repeating: [], count: topics.count)
        for (index, topic) in topics.enumerated() {
            guard let parentID = topic.parentID else { continue }
            steps += 1
            if let parent = indexByID[parentID], parent != index {
                parentIndex[index] = parent
                childIndices[parent].append(index)
            }
        }
        // Depths, each computed once: walk up to the nearest topic whose depth is known, then
        // fill the walked path on the way back. `onPath` cuts a cycle.
        var depths = [Int](repeating: -1, count: topics.count)
        var onPath = [Bool](repeating: false, count: topics.count)
        var path: [Int] = []
        for start in topics.indices where depths[start] < 0 {
            var current = start
            var base = -1
            while true {
                steps += 1
                if depths[current] >= 0 { base = depths[current]; break }
                path.append(current)
                onPath[current] = true
                guard let parent = parentIndex[current], !onPath[parent] else { break }
                current = parent
            }
            for index in path.reversed() {
                base += 1
                depths[index] = base
                onPath[index] = false
            }
            path.removeAll(keepingCapacity: true)
        }
        self.parentIndex = parentIndex
        self.depths = depths
        self.childIndices = childIndices
        self.indexByID = indexByID
        self.indexBySlug = indexBySlug
        self.buildSteps = steps
    }

    /// Reads every topic in vocabulary order (one query; see `NoteStore.topics()`).
    public static func load(_ connection: Connection) throws -> TopicTree {
        TopicTree(topics: try NoteStore(connection: connection).topics())
    }

    public var isEmpty: Bool { topics.isEmpty }

    public func topic(slug: String) -> Topic? { indexBySlug[slug].map { topics[$0] } }
    public func topic(id: Int) -> Topic? { indexByID[id].map { topics[$0] } }

    /// 0 for a top-level topic, 1 for a subtopic, …; nil for a topic not in the tree.
    public func depth(of topic: Topic) -> Int? { indexByID[topic.id].map { depths[$0] } }

    /// The topics above `topic`, outermost first (empty for a top-level topic).
    public func ancestors(of topic: Topic) -> [Topic] {
        guard let start = indexByID[topic.id] else { return [] }
        var chain: [Topic] = []
        chain.reserveCapacity(depths[start])
        var index = start
        // The depth bounds the walk, so a cut cycle cannot loop.
        while chain.count < depths[start], let parent = parentIndex[index] {
            chain.append(topics[parent])
            index = parent
        }
        return chain.reversed()
    }

    /// The topic with `slug` followed by all its descendants (depth first, vocabulary order);
    /// nil for an unknown slug. "A topic includes its subtopics" everywhere means this set.
    public func subtree(of slug: String) -> [Topic]? {
        guard let root = indexBySlug[slug] else { return nil }
        var result: [Topic] = []
        var stack = [root]
        var seen = Set<Int>()  // only a cycle of parents (possible in `init(topics:)`) revisits
        while let index = stack.popLast() {
            guard seen.insert(index).inserted else { continue }
            result.append(topics[index])
            stack.append(contentsOf: childIndices[index].reversed())
        }
        return result
    }

    /// Ids of the topic `given` names (a slug or a display name, `TopicResolver`) and all its
    /// descendants. Throws `KnowledgeBaseError.unknownTopic` (with "did you mean" suggestions)
    /// for a topic the vocabulary lacks.
    public func subtreeIDs(of given: String) throws -> [Int] {
        let slug = try TopicResolver(tree: self).resolve(given).slug
        return (subtree(of: slug) ?? []).map(\.id)
    }

    /// The slug of the topic `given` names (a slug or a display name); throws as `subtreeIDs(of:)`.
    public func resolvedSlug(_ given: String) throws -> String {
        try TopicResolver(tree: self).resolve(given).slug
    }

    /// The topic's name in the report language.
    public func name(of topic: Topic, english: Bool) -> String { english ? topic.nameEN : topic.nameLV }
}

// MARK: Note counts

extension TopicTree {
    /// How many notes each topic holds, by topic id (a topic with no notes is absent).
    public struct NoteCounts: Sendable, Equatable {
        /// Notes filed under the topic itself.
        public var direct: [Int: Int]
        /// Distinct notes filed under the topic or any of its subtopics (a note filed under two
        /// subtopics counts once).
        public var withSubtopics: [Int: Int]

        public init(direct: [Int: Int] = [:], withSubtopics: [Int: Int] = [:]) {
            self.direct = direct
            self.withSubtopics = withSubtopics
        }
    }

    /// Both counts for every topic in one GROUP BY query: each filing (`note_topics`) is joined
    /// to its topic and every ancestor of it, then notes are counted once per topic.
    public static func noteCounts(_ connection: Connection) throws -> NoteCounts {
        var counts = NoteCounts()
        // UNION (not UNION ALL) ends the recursion even if the parents had a cycle.
        let rows = try connection.rows("""
            WITH RECURSIVE up(topic_id, ancestor_id) AS (
                SELECT id, id FROM topics
                UNION
                SELECT up.topic_id, t.parent_id FROM up JOIN topics t ON t.id = up.ancestor_id WHERE t.parent_id IS NOT NULL
            )
            SELECT up.ancestor_id,
                   count(DISTINCT CASE WHEN up.topic_id = up.ancestor_id THEN nt.note_pk END),
                   count(DISTINCT nt.note_pk)
            FROM note_topics nt JOIN up ON up.topic_id = nt.topic_id
            GROUP BY up.ancestor_id
            """)
        for row in rows {
            let id: Int = row[0] ?? 0
            let direct: Int = row[1] ?? 0
            if direct > 0 { counts.direct[id] = direct }
            counts.withSubtopics[id] = row[2] ?? 0
        }
        return counts
    }

    /// The text of `pieredze topics`: one line per topic in vocabulary order, indented two
    /// spaces per level: `slug  name  (total)` or `slug  name  (total, N directly)` when fewer
    /// notes are filed under the topic itself than under it and its subtopics. Every line ends
    /// with a newline; "" when there are no topics.
    public func outline(counts: NoteCounts, english: Bool) -> String {
        var text = ""
        for (index, topic) in topics.enumerated() {
            let total = counts.withSubtopics[topic.id] ?? 0
            let direct = counts.direct[topic.id] ?? 0
            text += String(repeating: "  ", count: depths[index])
            text += "\(topic.slug)  \(name(of: topic, english: english))  (\(total)"
            text += direct != total ? ", \(direct) directly)\n" : ")\n"
        }
        return text
    }
}
