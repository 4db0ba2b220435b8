import Foundation
import Hummingbird
import PieredzeKit

/// The JSON API: the shapes of the CLI's `--format json`.
extension Site {
    /// `/api/search?q=…` with the filters of `/search`, `limit` (1–100, default 10) and
    /// `offset`: `{"query", "relaxed", "results": [{rank, id, title, score, kind, topics,
    /// snippet, country?, occurred?}]}` as `pieredze search --format json`.
    func apiSearch(_ request: Request) throws -> Response {
        let parameters = try FormParameters(encoded: request.uri.query)
        let state = try SearchState(parameters)
        guard !state.text.isEmpty else { throw BadRequest(message: "give the search text as q") }
        let limit = try parameters.integer("limit", in: 1...100) ?? 10
        let offset = try parameters.integer("offset", in: 0...1_000_000) ?? 0
        let query = try SearchQuery(state.text)
        let results = try pool.read { knowledgeBase in
            let store = NoteStore(connection: knowledgeBase.connection)
            if let topic = state.topic, try !store.topics().contains(where: { $0.slug == topic }) {
                throw BadRequest(message: "unknown topic '\(topic)'")
            }
            return try SearchEngine(connection: knowledgeBase.connection).search(query, filter: state.filter, limit: limit, offset: offset)
        }
        return .json(SearchJSON.object(results, offset: offset))
    }

    /// `/api/notes/{id}`: the note as `pieredze show --format json`.
    func apiNote(id: String) throws -> Response {
        guard Self.isPlausibleKey(id) else { throw NotFound() }
        let note = try pool.read { try NoteStore(connection: $0.connection).note(id: id) }
        guard let note else { throw NotFound() }
        return .json(NoteExport.jsonObject(note))
    }

    /// `/api/topics`: `[{slug, name_lv, name_en, parent, depth, notes}]`, parents before
    /// children; `notes` counts the topic's subtopics' notes too.
    func apiTopics() throws -> Response {
        let (topics, totals) = try pool.read { knowledgeBase in
            (try NoteStore(connection: knowledgeBase.connection).topics(), try NoteBrowser(connection: knowledgeBase.connection).topicTotals())
        }
        let byID = Dictionary(uniqueKeysWithValues: topics.map { ($0.id, $0) })
        let objects: [[String: Any]] = topics.map { topic in
            var depth = 0
            var parent = topic.parentID
            while let id = parent { depth += 1; parent = byID[id]?.parentID }
            return ["slug": topic.slug, "name_lv": topic.nameLV, "name_en": topic.nameEN,
                    "parent": topic.parentID.flatMap { byID[$0]?.slug } ?? NSNull(), "depth": depth,
                    "notes": totals[topic.slug] ?? 0]
        }
        return .json(objects)
    }
}

/// `pieredze search --format json`'s object for a page of results.
enum SearchJSON {
    static func object(_ results: SearchResults, offset: Int) -> [String: Any] {
        ["query": results.expression, "relaxed": results.relaxed,
         "results": results.hits.enumerated().map { hit($1, rank: offset + $0 + 1) }]
    }

    static func hit(_ hit: SearchHit, rank: Int) -> [String: Any] {
        var object: [String: Any] = ["rank": rank, "id": hit.id, "title": hit.note.title, "score": (hit.score * 1000).rounded() / 1000,
                                     "kind": hit.note.kind.rawValue, "topics": hit.note.topics,
                                     "snippet": hit.snippet.replacingOccurrences(of: SearchEngine.highlightStart, with: "**")
                                        .replacingOccurrences(of: SearchEngine.highlightEnd, with: "**")
                                        .split(whereSeparator: \.isNewline).joined(separator: " ")]
        if let country = hit.note.country { object["country"] = country }
        if let occurred = hit.note.occurred { object["occurred"] = occurred }
        return object
    }
}
