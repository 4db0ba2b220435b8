import Foundation
import PieredzeStorage

/// One value of a facet and how many notes of the current result have it.
public struct FacetValue: Sendable, Hashable {
    /// What the filter takes: a topic slug, a country code, a year, a kind's raw value, a tag or
    /// an organization's name.
    public var value: String
    public var count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}

/// Counts of a result's notes by topic, country, year, kind, tag and organization: what a page
/// offers to narrow the result with. Lists are ordered by count (largest first), then value.
public struct Facets: Sendable, Equatable {
    /// By topic slug; a note counts for its topics and each of their ancestors, once each.
    public var topics: [FacetValue] = []
    public var countries: [FacetValue] = []
    /// Newest year first (not by count): years read as a timeline.
    public var years: [FacetValue] = []
    public var kinds: [FacetValue] = []
    public var tags: [FacetValue] = []
    public var organizations: [FacetValue] = []

    public init() {}
}

/// A note as listed on a page: enough for one line, with when it last changed.
public struct NoteHeadline: Sendable, Equatable {
    public var id: String
    public var title: String
    public var kind: NoteKind
    public var country: String?
    public var occurred: String?
    /// When the database row was last written, ISO 8601 UTC (`2026-11-30T21:04:05.123Z`).
    public var updatedAt: String
}

/// Browsing: what a front end that pages through results needs beyond `search` (the web
/// server's pages). Sets of notes travel as one JSON array through `json_each`, so the
/// statements stay fixed whatever their size; every value is a bound parameter.
extension KnowledgeBase {
    /// The topic vocabulary as a tree (one query).
    public func topicTree() throws -> TopicTree {
        try TopicTree.load(connection)
    }

    /// Every topic's notes, with and without its subtopics' (one query).
    public func topicNoteCounts() throws -> TopicTree.NoteCounts {
        try TopicTree.noteCounts(connection)
    }

    /// Every match of `text` under `filter` as primary keys in rank order, its words expanded
    /// with the thesaurus as `search(text:…)` expands them, and whether search matched some of
    /// the words only (no note had them all): the whole result a page shows a window of.
    public func rankedKeys(text: String, filter: NoteStore.Filter = NoteStore.Filter()) throws -> (pks: [Int64], anyWord: Bool) {
        let engine = try thesaurusSearchEngine()
        return try engine.rankedKeys(SearchQuery(text, expansion: engine.expansion), filter: filter)
    }

    /// The notes matching `filter` as primary keys, newest first (then by id).
    public func notePKs(matching filter: NoteStore.Filter) throws -> [Int64] {
        try NoteStore(connection: connection).notePKs(matching: filter)
    }

    /// The notes with primary keys `pks`, in that order.
    public func notes(pks: [Int64]) throws -> [Note] {
        try NoteStore(connection: connection).notes(pks: pks)
    }

    /// Facet counts over the notes with primary keys `pks`; tags and organizations are cut to
    /// the `limit` most frequent.
    public func facets(pks: [Int64], limit: Int = 12) throws -> Facets {
        var facets = Facets()
        guard !pks.isEmpty else { return facets }
        let keys = "[" + pks.map(String.init).joined(separator: ",") + "]"
        func counts(_ sql: String, _ arguments: [(any SQLiteValueConvertible)?]) throws -> [FacetValue] {
            var values: [FacetValue] = []
            try connection.cachedStatement(sql).forEachRow(arguments) { row in
                values.append(FacetValue(value: row.string(at: 0) ?? "", count: Int(row.int64(at: 1))))
            }
            return values
        }
        facets.countries = try counts("""
            SELECT country, count(*) FROM notes WHERE pk IN (SELECT value FROM json_each(?)) AND country IS NOT NULL
            GROUP BY country ORDER BY 2 DESC, 1
            """, [keys])
        facets.years = try counts("""
            SELECT CAST(occurred_year AS TEXT), count(*) FROM notes WHERE pk IN (SELECT value FROM json_each(?))
            AND occurred_year IS NOT NULL GROUP BY occurred_year ORDER BY occurred_year DESC
            """, [keys])
        facets.kinds = try counts("""
            SELECT kind, count(*) FROM notes WHERE pk IN (SELECT value FROM json_each(?)) GROUP BY kind ORDER BY 2 DESC, 1
            """, [keys])
        facets.tags = try counts("""
            SELECT min(tag), count(*) FROM note_tags WHERE note_pk IN (SELECT value FROM json_each(?))
            GROUP BY tag COLLATE NOCASE ORDER BY 2 DESC, 1 LIMIT ?
            """, [keys, limit])
        facets.organizations = try counts("""
            SELECT o.name, count(*) FROM note_organizations no JOIN organizations o ON o.id = no.organization_id
            WHERE no.note_pk IN (SELECT value FROM json_each(?)) GROUP BY o.id ORDER BY 2 DESC, 1 LIMIT ?
            """, [keys, limit])
        // Topics: each note once for each of its topics and their ancestors.
        let tree = try topicTree()
        var topicsByNote: [Int64: [Int]] = [:]
        try connection.cachedStatement("SELECT note_pk, topic_id FROM note_topics WHERE note_pk IN (SELECT value FROM json_each(?))")
            .forEachRow([keys]) { row in topicsByNote[row.int64(at: 0), default: []].append(Int(row.int64(at: 1))) }
        var byTopic: [String: Int] = [:]
        for direct in topicsByNote.values {
            var slugs = Set<String>()
            for id in direct {
                guard let topic = tree.topic(id: id) else { continue }
                slugs.insert(topic.slug)
                for ancestor in tree.ancestors(of: topic) { slugs.insert(ancestor.slug) }
            }
            for slug in slugs { byTopic[slug, default: 0] += 1 }
        }
        facets.topics = byTopic.map { FacetValue(value: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
        return facets
    }

    /// The `limit` most recently written notes, newest first (then by id).
    public func recentlyChanged(limit: Int) throws -> [NoteHeadline] {
        var headlines: [NoteHeadline] = []
        try connection.cachedStatement("""
            SELECT id, title, kind, country, occurred_on, updated_at FROM notes ORDER BY updated_at DESC, id LIMIT ?
            """).forEachRow([limit]) { row in
            headlines.append(NoteHeadline(id: row.string(at: 0) ?? "", title: row.string(at: 1) ?? "",
                                          kind: NoteKind(rawValue: row.string(at: 2) ?? "") ?? .lesson,
                                          country: row.string(at: 3), occurred: row.string(at: 4), updatedAt: row.string(at: 5) ?? ""))
        }
        return headlines
    }

    /// When the note with `id` was first loaded and last changed (ISO 8601 UTC), or nil.
    public func changeDates(id: String) throws -> (created: String, updated: String)? {
        var dates: (String, String)?
        try connection.cachedStatement("SELECT created_at, updated_at FROM notes WHERE id = ?")
            .forEachRow([id]) { dates = ($0.string(at: 0) ?? "", $0.string(at: 1) ?? "") }
        return dates
    }

    /// The number of notes an FTS5 expression (from `SearchQuery`) matches.
    public func documentCount(matching expression: String) throws -> Int {
        var count = 0
        try connection.cachedStatement("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH ?")
            .forEachRow([expression]) { count = Int($0.int64(at: 0)) }
        return count
    }

    /// The number of notes.
    public func noteCount() throws -> Int {
        try NoteStore(connection: connection).count()
    }
}
