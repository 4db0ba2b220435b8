import CSQLite
import Foundation
import PieredzeStorage

/// What a results page shows beside its window of hits: how many notes match and the facets of
/// the whole result.
public struct MatchSummary: Sendable, Equatable {
    /// The number of matching notes.
    public var total: Int
    public var facets: Facets

    public init(total: Int, facets: Facets) {
        self.total = total
        self.facets = facets
    }
}

/// Counting and facets without ranking: a page that shows ten hits needs the size and the
/// facets of its whole result, not every match in rank order (`rankedKeys`), so these run the
/// match as a set once and count over it: one statement reads, for every match, the few
/// columns the facets need (never the notes' text).
extension KnowledgeBase {
    /// How many values each bounded facet (countries, years, tags, organizations) keeps.
    public static let defaultFacetLimit = 12

    /// The total and the facets of `text` under `filter`: the notes a search pages through (those
    /// with any of the query's concepts, thesaurus expanded; the same set as `count(text:)`)
    /// but unranked: one FTS5 pass over the match set and one read of the facets' columns over
    /// its rowids. (It counted only the notes with every concept when there were any, while the
    /// search went on to the notes with some: a page said "4 notes" over 10 hits and no pager.)
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
        return try summarize(try query.anyConceptExpression().expression)
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

    /// The notes `source` selects (a SELECT of note primary keys, its parameters first),
    /// counted by facet value from `FacetColumns`, read once per database version: a request
    /// reads only the matches' keys. (Joining the facet tables for every match cost more than the
    /// search itself on broad queries: 70,000 matches, a few hundred thousand rows.)
    private func aggregate(source: String, arguments: [(any SQLiteValueConvertible)?], facetLimit: Int) throws -> MatchSummary {
        let tree = try topicTree()
        // Each topic with its ancestors, as indexes into `tree.topics`.
        let indexOfID = Dictionary(uniqueKeysWithValues: tree.topics.enumerated().map { ($0.element.id, $0.offset) })
        var lineage: [Int64: [Int]] = [:]
        for topic in tree.topics {
            lineage[Int64(topic.id)] = ([topic] + tree.ancestors(of: topic)).compactMap { indexOfID[$0.id] }
        }
        let columns = try currentFacetColumns()
        var pks: [Int64] = []
        let statement = try connection.cachedStatement(source)
        try statement.forEachRow(arguments) { pks.append($0.int64(at: 0)) }
        let counts = columns.count(pks, topicCount: tree.topics.count, lineage: lineage)

        func ranked(_ values: [FacetValue], limit: Int? = nil) -> [FacetValue] {
            let sorted = values.sorted { $0.count != $1.count ? $0.count > $1.count : Self.binaryPrecedes($0.value, $1.value) }
            return limit.map { Array(sorted.prefix(max(0, $0))) } ?? sorted
        }
        func values(_ table: [String], _ tally: [Int]) -> [FacetValue] {
            zip(table, tally).filter { $0.1 > 0 }.map { FacetValue(value: $0.0, count: $0.1) }
        }
        // Tags are one value under SQLite's NOCASE, shown in their first spelling in binary order
        // among the matches' spellings. Tens of thousands of tags: integers only, then the top few.
        var groupCounts = Array(repeating: 0, count: columns.tagGroupCount)
        var groupFirst = Array(repeating: Int32.max, count: columns.tagGroupCount)
        for (index, count) in counts.tags.enumerated() where count > 0 {
            let group = Int(columns.tagGroup[index])
            groupCounts[group] += count
            groupFirst[group] = min(groupFirst[group], columns.tagOrder[index])
        }
        let topGroups = Self.top(max(0, facetLimit), of: groupCounts.indices.filter { groupCounts[$0] > 0 }) { a, b in
            groupCounts[a] != groupCounts[b] ? groupCounts[a] > groupCounts[b] : groupFirst[a] < groupFirst[b]
        }
        var facets = Facets()
        facets.countries = ranked(values(columns.countries, counts.countries), limit: facetLimit)
        facets.years = Array(zip(columns.years, counts.years).filter { $0.1 > 0 }.sorted { $0.0 > $1.0 }.prefix(max(0, facetLimit))
            .map { FacetValue(value: String($0.0), count: $0.1) })
        facets.kinds = ranked(values(columns.kinds, counts.kinds))
        facets.tags = topGroups.map { FacetValue(value: columns.tags[Int(columns.tagsInOrder[Int(groupFirst[$0])])], count: groupCounts[$0]) }
        facets.organizations = ranked(zip(columns.organizations, counts.organizations).filter { $0.1 > 0 }
            .map { FacetValue(value: $0.0.name, count: $0.1) }, limit: facetLimit)
        facets.topics = ranked(tree.topics.indices.filter { counts.topics[$0] > 0 }
            .map { FacetValue(value: tree.topics[$0].slug, count: counts.topics[$0]) })
        return MatchSummary(total: counts.total, facets: facets)
    }

    /// This connection's `FacetColumns`, read again when the database changed since.
    func currentFacetColumns() throws -> FacetColumns {
        if let columns = facetColumns, columns.stamp == (try FacetColumns.Stamp.current(connection)) { return columns }
        let columns = try FacetColumns(connection: connection)
        facetColumns = columns
        return columns
    }

    /// The first `count` of `items` in the order `precedes` gives, in that order, without sorting
    /// them all: one pass that keeps the best `count` (O(n·count), a few comparisons each for
    /// most items, against O(n log n) for a sort of thousands of tags).
    static func top<Item>(_ count: Int, of items: [Item], by precedes: (Item, Item) -> Bool) -> [Item] {
        guard count > 0 else { return [] }
        var best: [Item] = []
        best.reserveCapacity(count + 1)
        for item in items {
            if best.count == count, let last = best.last, !precedes(item, last) { continue }
            let place = best.firstIndex { precedes(item, $0) } ?? best.count
            best.insert(item, at: place)
            if best.count > count { best.removeLast() }
        }
        return best
    }

    /// SQLite's `NOCASE`: ASCII letters folded, nothing else.
    static func asciiLowercased(_ text: String) -> String {
        guard text.utf8.contains(where: { (65...90).contains($0) }) else { return text }
        return String(decoding: text.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// SQLite's `BINARY` order: the UTF-8 bytes compared.
    static func binaryPrecedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
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
