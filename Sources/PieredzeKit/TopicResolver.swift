import Foundation
import LatvianText

/// What a user typed for a topic (`--topic`, a report's topic, a server filter) turned into a
/// topic: its slug, or its Latvian or English display name compared folded ("macibu vizites"
/// and "Mācību vizītes" both give `macibu-vizites`). The one place every filter resolves
/// topics (`TopicTree.subtreeIDs(of:)` calls it).
public struct TopicResolver: Sendable {
    public let tree: TopicTree
    private let slugByFoldedName: [String: String]

    public init(tree: TopicTree) {
        self.tree = tree
        slugByFoldedName = Self.slugsByFoldedName(tree.topics)
    }

    /// Each topic's Latvian, English and Russian names, folded, to its slug; an earlier topic
    /// keeps a name two topics fold alike to.
    static func slugsByFoldedName(_ topics: [Topic]) -> [String: String] {
        var byName: [String: String] = [:]
        for topic in topics {
            for name in [topic.nameLV, topic.nameEN, topic.nameRU] where !name.isEmpty {
                let key = LatvianFolding.fold(name.trimmingCharacters(in: .whitespaces))
                if byName[key] == nil { byName[key] = topic.slug }
            }
        }
        return byName
    }

    /// The topic `given` names: the slug as it is, else a display name (folded), else the slug
    /// folded (`Macibu-Vizites`). Throws `KnowledgeBaseError.unknownTopic` with up to three
    /// suggestions ("slug (Name)", nearest by edit distance over slugs and names) otherwise.
    public func resolve(_ given: String) throws -> Topic {
        if let topic = tree.topic(slug: given) { return topic }
        let trimmed = given.trimmingCharacters(in: .whitespaces)
        let folded = LatvianFolding.fold(trimmed)
        if let slug = slugByFoldedName[folded] ?? (tree.topic(slug: folded) != nil ? folded : nil),
           let topic = tree.topic(slug: slug) {
            return topic
        }
        throw KnowledgeBaseError.unknownTopic(slug: given, known: tree.topics.map(\.slug), suggestions: suggestions(for: trimmed))
    }

    /// Up to `limit` topics near `given`, as "slug (Latvian name)".
    public func suggestions(for given: String, limit: Int = 3) -> [String] {
        let candidates = tree.topics.map { (key: $0, names: [$0.slug, $0.nameLV, $0.nameEN, $0.nameRU]) }
        return NearestNames.suggest(given, among: candidates, limit: limit).map { "\($0.slug) (\($0.nameLV))" }
    }
}
