import CSQLite
import Foundation
import PieredzeStorage

/// What a results page shows beside its window of hits: how many notes match, whether only some
/// of the words matched, and the facets of the whole result.
public struct MatchSummary: Sendable, Equatable {
    /// The number of matching notes.
    public var total: Int
    /// True when no note has all of the query's words and `total` counts the notes with any of
    /// them (the same fact as `rankedKeys(text:).anyWord`).
    public var anyWord: Bool
    public var facets: Facets

    public init(total: Int, anyWord: Bool, facets: Facets) {
        self.total = total
        self.anyWord = anyWord
        self.facets = facets
    }
}

/// Counting and facets without ranking: a page that shows ten hits needs the size and the
/// facets of its whole result, not every match in rank order (`rankedKeys`), so these run the
/// match as a set once and aggregate over it in one statement.
extension KnowledgeBase {
    /// How many values each bounded facet (countries, years, tags, organizations) keeps.
    public static let defaultFacetLimit = 12

    /// The total, the any-word fallback and the facets of `text` under `filter`, with the same
    /// matching as `rankedKeys(text:filter:)` (thesaurus expansion; the notes with every concept,
    /// else, for a query of several concepts, those with any) but unranked: one FTS5 pass over
    /// the match set and SQL aggregates over its rowids (two when falling back to any word).
    ///
    /// Facets: countries, tags and organizations are the `facetLimit` most frequent, years the
    /// `facetLimit` newest; kinds and topics are whole (their vocabularies are fixed). A topic
    /// counts each note once for its topics and each of their ancestors.
    ///
    /// - Throws: `SearchQuery.Problem` for a query that cannot be run.
    public func matchSummary(text: String, filter: NoteStore.Filter = NoteStore.Filter(),
                             facetLimit: Int = KnowledgeBase.defaultFacetLimit) throws -> MatchSummary {
        let query = try SearchQuery(text, expansion: try thesaurus.load())
        let store = NoteStore(connection: connection)
        let (condition, arguments) = try filter.sql(store: store)
        let unfiltered = filter == NoteStore.Filter()
        func summarize(_ expression: String) throws -> MatchSummary {
            let source = unfiltered
                ? "SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?"
                : "SELECT n.pk FROM notes_fts JOIN notes n ON n.pk = notes_fts.rowid WHERE notes_fts MATCH ? AND \(condition)"
            do {
                return try aggregate(source: source, arguments: [expression] + (unfiltered ? [] : arguments), facetLimit: facetLimit)
            } catch let error as SQLiteError where error.message.hasPrefix("fts5") {
                throw SearchQuery.Problem.cannotRun  // as the search itself reports it
            }
        }
        let all = try summarize(try query.allConceptsExpression().expression)
        guard all.total == 0, query.concepts.count > 1 else { return all }
        var some = try summarize(try query.anyConceptExpression().expression)
        some.anyWord = some.total > 0
        return some
    }

    /// The total and facets of the notes matching `filter` (every note without one).
    public func matchSummary(filter: NoteStore.Filter, facetLimit: Int = KnowledgeBase.defaultFacetLimit) throws -> MatchSummary {
        let (condition, arguments) = try filter.sql(store: NoteStore(connection: connection))
        return try aggregate(source: "SELECT n.pk FROM notes n WHERE \(condition)", arguments: arguments, facetLimit: facetLimit)
    }

    /// One page of the notes matching `filter`, newest first (then by id): `limit` after `offset`.
    public func notes(matching filter: NoteStore.Filter, limit: Int, offset: Int) throws -> [Note] {
        let store = NoteStore(connection: connection)
        return try store.notes(pks: try store.notePKs(matching: filter, limit: limit, offset: offset))
    }

    /// Which facet a row of `aggregateSQL` belongs to.
    private enum FacetColumn: Int {
        case total = 0, country, year, kind, tag, organization, topic
    }

    /// One statement: `source` (a SELECT of note primary keys, its parameters first) materialized
    /// once, then the count and every facet over it. Each facet's rows carry their place in the
    /// facet's order (`row_number()`), so the order is SQLite's collation, not Swift's.
    private func aggregate(source: String, arguments: [(any SQLiteValueConvertible)?], facetLimit: Int) throws -> MatchSummary {
        let sql = """
            WITH RECURSIVE
              matches(pk) AS MATERIALIZED (\(source)),
              facts AS MATERIALIZED (SELECT country, occurred_year AS year, kind FROM notes WHERE pk IN matches),
              lineage(topic_id, ancestor_id) AS (
                SELECT id, id FROM topics
                UNION ALL SELECT lineage.topic_id, topics.parent_id FROM lineage JOIN topics ON topics.id = lineage.ancestor_id
                WHERE topics.parent_id IS NOT NULL)
            SELECT 0, NULL, count(*), 1 FROM matches
            UNION ALL SELECT 1, * FROM (
              SELECT country, count(*), row_number() OVER (ORDER BY count(*) DESC, country) AS place
              FROM facts WHERE country IS NOT NULL GROUP BY country) WHERE place <= ?1000
            UNION ALL SELECT 2, * FROM (
              SELECT CAST(year AS TEXT), count(*), row_number() OVER (ORDER BY year DESC) AS place
              FROM facts WHERE year IS NOT NULL GROUP BY year) WHERE place <= ?1000
            UNION ALL SELECT 3, kind, count(*), row_number() OVER (ORDER BY count(*) DESC, kind) FROM facts GROUP BY kind
            UNION ALL SELECT 4, * FROM (
              SELECT min(tag), count(*), row_number() OVER (ORDER BY count(*) DESC, min(tag)) AS place
              FROM note_tags WHERE note_pk IN matches GROUP BY tag COLLATE NOCASE) WHERE place <= ?1000
            UNION ALL SELECT 5, * FROM (
              SELECT o.name, count(*), row_number() OVER (ORDER BY count(*) DESC, o.name) AS place
              FROM note_organizations no JOIN organizations o ON o.id = no.organization_id
              WHERE no.note_pk IN matches GROUP BY o.id) WHERE place <= ?1000
            UNION ALL SELECT 6, a.slug, count(DISTINCT nt.note_pk),
              row_number() OVER (ORDER BY count(DISTINCT nt.note_pk) DESC, a.slug)
              FROM note_topics nt JOIN lineage l ON l.topic_id = nt.topic_id JOIN topics a ON a.id = l.ancestor_id
              WHERE nt.note_pk IN matches GROUP BY a.id
            """
        let statement = try connection.cachedStatement(sql)
        defer { statement.reset() }
        statement.clearBindings()
        for (index, argument) in arguments.enumerated() { try statement.bind(argument, at: Int32(index + 1)) }
        try statement.bind(max(0, facetLimit), at: 1000)
        var total = 0
        var rows: [(column: FacetColumn, place: Int64, value: FacetValue)] = []
        while try statement.step() {
            guard let column = FacetColumn(rawValue: Int(statement.int64(at: 0))) else { continue }
            if column == .total { total = Int(statement.int64(at: 2)); continue }
            rows.append((column, statement.int64(at: 3),
                         FacetValue(value: statement.string(at: 1) ?? "", count: Int(statement.int64(at: 2)))))
        }
        rows.sort { $0.column.rawValue != $1.column.rawValue ? $0.column.rawValue < $1.column.rawValue : $0.place < $1.place }
        var facets = Facets()
        for row in rows {
            switch row.column {
            case .total: break
            case .country: facets.countries.append(row.value)
            case .year: facets.years.append(row.value)
            case .kind: facets.kinds.append(row.value)
            case .tag: facets.tags.append(row.value)
            case .organization: facets.organizations.append(row.value)
            case .topic: facets.topics.append(row.value)
            }
        }
        return MatchSummary(total: total, anyWord: false, facets: facets)
    }
}

/// Counts the statements a connection runs, for tests that prove how much work a page does
/// (`sqlite3_trace_v2` with `SQLITE_TRACE_STMT`: once per statement run, after its parameters
/// are bound). Stops counting when released.
public final class StatementTally: @unchecked Sendable {
    private let connection: Connection
    private let lock = NSLock()
    private var statements: [String] = []

    /// Starts counting the statements `knowledgeBase` runs (replacing any other trace on it).
    public init(_ knowledgeBase: KnowledgeBase) {
        connection = knowledgeBase.connection
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_trace_v2(connection.handle, UInt32(SQLITE_TRACE_STMT), { _, context, statement, _ in
            guard let context, let statement else { return 0 }
            let tally = Unmanaged<StatementTally>.fromOpaque(context).takeUnretainedValue()
            let sql = sqlite3_sql(OpaquePointer(statement)).map { String(cString: $0) } ?? ""
            tally.lock.withLock { tally.statements.append(sql) }
            return 0
        }, context)
    }

    deinit { sqlite3_trace_v2(connection.handle, 0, nil, nil) }

    /// How many statements have run whose SQL contains `fragment`.
    public func count(containing fragment: String) -> Int {
        lock.withLock { statements.filter { $0.contains(fragment) }.count }
    }
}
