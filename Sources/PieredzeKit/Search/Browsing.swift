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
/// offers to narrow the result with. Each list is ordered by count (largest first), then value.
public struct Facets: Sendable, Equatable {
    /// By topic slug; a note counts for its topics and each of their ancestors (once each).
    public var topics: [FacetValue] = []
    public var countries: [FacetValue] = []
    /// Newest year first (not by count): years read as a timeline.
    public var years: [FacetValue] = []
    public var kinds: [FacetValue] = []
    public var tags: [FacetValue] = []
    public var organizations: [FacetValue] = []

    public init() {}
}

/// A note as listed on a page: enough to show a line, with when it last changed.
public struct NoteHeadline: Sendable, Equatable {
    public var id: String
    public var title: String
    public var kind: NoteKind
    public var country: String?
    public var occurred: String?
    /// When the database row was last written, ISO 8601 UTC (`2026-11-30T21:04:05.123Z`).
    public var updatedAt: String
}

/// The reads a browsing front end needs beyond search and `NoteStore`: facet counts over a set
/// of notes, the most recently changed notes, topic totals and document frequencies. All values
/// are bound parameters; sets of notes travel as one JSON array through `json_each`, so the
/// statements stay fixed whatever their size.
public struct NoteBrowser {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// Facet counts over the notes with primary keys `pks`; tags and organizations are cut to the
    /// `limit` most frequent.
    public func facets(pks: [Int64], limit: Int = 12) throws -> Facets {
        var facets = Facets()
        guard !pks.isEmpty else { return facets }
        let keys = "[" + pks.map(String.init).joined(separator: ",") + "]"
        func counts(_ sql: String, _ arguments: [(any SQLiteValueConvertible)?]) throws -> [FacetValue] {
            try connection.cachedStatement(sql).mapRows(arguments) { row in
                FacetValue(value: row.string(at: 0) ?? "", count: Int(row.int64(at: 1)))
            }
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
        var topicsByNote: [Int64: [Int]] = [:]
        try connection.cachedStatement("SELECT note_pk, topic_id FROM note_topics WHERE note_pk IN (SELECT value FROM json_each(?))")
            .forEachRow([keys]) { row in topicsByNote[row.int64(at: 0), default: []].append(Int(row.int64(at: 1))) }
        facets.topics = try rolledUp(topicsByNote)
        return facets
    }

    /// Every topic's number of notes, its subtopics' notes included (a note counts once per
    /// topic), by slug: the counts of a topic tree.
    public func topicTotals() throws -> [String: Int] {
        var topicsByNote: [Int64: [Int]] = [:]
        try connection.cachedStatement("SELECT note_pk, topic_id FROM note_topics")
            .forEachRow([]) { row in topicsByNote[row.int64(at: 0), default: []].append(Int(row.int64(at: 1))) }
        return Dictionary(uniqueKeysWithValues: try rolledUp(topicsByNote).map { ($0.value, $0.count) })
    }

    /// Counts per topic slug, each note counted once for each of its topics and their ancestors.
    private func rolledUp(_ topicsByNote: [Int64: [Int]]) throws -> [FacetValue] {
        let topics = try NoteStore(connection: connection).topics()
        let parent = Dictionary(uniqueKeysWithValues: topics.map { ($0.id, $0.parentID) })
        let slug = Dictionary(uniqueKeysWithValues: topics.map { ($0.id, $0.slug) })
        var counts: [Int: Int] = [:]
        for direct in topicsByNote.values {
            var seen = Set<Int>()
            for topic in direct {
                var current: Int? = topic
                while let id = current, seen.insert(id).inserted { current = parent[id] ?? nil }
            }
            for id in seen { counts[id, default: 0] += 1 }
        }
        return counts.compactMap { id, count in slug[id].map { FacetValue(value: $0, count: count) } }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
    }

    /// The `limit` most recently written notes, newest first (then by id).
    public func recentlyChanged(limit: Int) throws -> [NoteHeadline] {
        try connection.cachedStatement("""
            SELECT id, title, kind, country, occurred_on, updated_at FROM notes ORDER BY updated_at DESC, id LIMIT ?
            """).mapRows([limit]) { row in
            NoteHeadline(id: row.string(at: 0) ?? "", title: row.string(at: 1) ?? "",
                         kind: NoteKind(rawValue: row.string(at: 2) ?? "") ?? .lesson,
                         country: row.string(at: 3), occurred: row.string(at: 4), updatedAt: row.string(at: 5) ?? "")
        }
    }

    /// When the note with `id` was first loaded and last changed (ISO 8601 UTC), or nil.
    public func changeDates(id: String) throws -> (created: String, updated: String)? {
        try connection.cachedStatement("SELECT created_at, updated_at FROM notes WHERE id = ?")
            .mapRows([id]) { ($0.string(at: 0) ?? "", $0.string(at: 1) ?? "") }.first
    }

    /// The number of notes an FTS5 expression (from `SearchQuery`) matches.
    public func documentCount(matching expression: String) throws -> Int {
        Int(try connection.cachedStatement("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH ?")
            .mapRows([expression]) { $0.int64(at: 0) }.first ?? 0)
    }
}

extension Statement {
    /// Runs the statement with `arguments` and maps each row; resets it afterwards.
    fileprivate func mapRows<T>(_ arguments: [(any SQLiteValueConvertible)?], _ transform: (Statement) throws -> T) throws -> [T] {
        var result: [T] = []
        try forEachRow(arguments) { result.append(try transform($0)) }
        return result
    }
}
