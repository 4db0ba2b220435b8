import Foundation
import Hummingbird
import PieredzeKit

/// The JSON API: the bytes of the CLI's `--format json`, from the same renderers
/// (`SearchOutput`, `NoteOutput`), so the site and the command line cannot drift apart.
extension Site {
    /// `/api/search?q=…` with the filters of `/search`, `limit` (1–100, default 10) and
    /// `offset`: `pieredze search --format json`'s `{"query", "anyWord", "concepts", "suggestion"?,
    /// "total", "totalRelation", "results": [{rank, id, title, score, kind, topics, snippet, country?, occurred?}]}`.
    func apiSearch(_ request: Request) throws -> Response {
        let parameters = try FormParameters(encoded: request.uri.query)
        let state = try SearchState(parameters)
        guard !state.text.isEmpty else { throw BadRequest(message: "give the search text as q") }
        let limit = try parameters.integer("limit", in: 1...100) ?? 10
        let offset = try parameters.integer("offset", in: 0...1_000_000) ?? 0
        _ = try SearchQuery(state.text)  // a query that cannot run is a 400, before any search
        let json = try pool.readNow { knowledgeBase in
            try checkTopic(state.topic, in: knowledgeBase)
            // `pieredze search --format json`'s search and bytes: thesaurus, suggestion and all.
            var results = try knowledgeBase.search(text: state.text, filter: state.filter, limit: limit, offset: offset)
            try knowledgeBase.countMatches(of: &results, text: state.text, filter: state.filter)
            return try SearchOutput.render(results, format: .json, offset: offset, style: TerminalStyle(enabled: false))
        }
        return .text(json, contentType: Response.jsonType)
    }

    /// `/api/notes/{id}`: the note as `pieredze show --format json`.
    func apiNote(id: String) throws -> Response {
        guard Self.isPlausibleKey(id) else { throw NotFound() }
        let note = try pool.readNow { try $0.note(id: id) }
        guard let note else { throw NotFound() }
        return .text(try NoteOutput.render(note, format: .json, style: TerminalStyle(enabled: false)), contentType: Response.jsonType)
    }

    /// `/api/topics`: `[{slug, name_lv, name_en, parent, depth, notes, direct}]` in vocabulary
    /// order (parents before children); `notes` counts the subtopics' notes too (each once),
    /// `direct` only those filed under the topic itself: the figures of `pieredze topics`.
    func apiTopics() throws -> Response {
        let (tree, counts) = try pool.readNow { knowledgeBase in
            (try knowledgeBase.topicTree(), try knowledgeBase.topicNoteCounts())
        }
        let topics = tree.topics.map { topic in
            TopicJSON(slug: topic.slug, nameLV: topic.nameLV, nameEN: topic.nameEN, nameRU: topic.nameRU,
                      parent: topic.parentID.flatMap { tree.topic(id: $0)?.slug }, depth: tree.depth(of: topic) ?? 0,
                      notes: counts.withSubtopics[topic.id] ?? 0, direct: counts.direct[topic.id] ?? 0)
        }
        return .text(try JSONText.encode(topics, pretty: true) + "\n", contentType: Response.jsonType)
    }

    /// A `BadRequest` for a filter topic the vocabulary does not have.
    func checkTopic(_ slug: String?, in knowledgeBase: KnowledgeBase) throws {
        guard let slug else { return }
        if try knowledgeBase.topicTree().topic(slug: slug) == nil { throw BadRequest(message: "unknown topic '\(slug)'") }
    }
}

/// One topic of `/api/topics`.
struct TopicJSON: Encodable {
    var slug: String
    var nameLV: String
    var nameEN: String
    var nameRU: String
    var parent: String?
    var depth: Int
    var notes: Int
    var direct: Int

    enum CodingKeys: String, CodingKey {
        case slug, nameLV = "name_lv", nameEN = "name_en", nameRU = "name_ru", parent, depth, notes, direct
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(slug, forKey: .slug)
        try container.encode(nameLV, forKey: .nameLV)
        try container.encode(nameEN, forKey: .nameEN)
        try container.encode(nameRU, forKey: .nameRU)
        try container.encode(parent, forKey: .parent)  // null for a top-level topic
        try container.encode(depth, forKey: .depth)
        try container.encode(notes, forKey: .notes)
        try container.encode(direct, forKey: .direct)
    }
}
