import CSQLite
import Foundation
import PieredzeStorage

/// Every note's facet values (country, year, kind, topics, tags, organizations) in memory, by
/// note: what `matchSummary` counts for each match, read once per database version instead of
/// joined for every request — the idea of Lucene's doc values (a column per field, looked up by
/// document).
///
/// Values are kept once in tables (`countries`, `tags`, …) and notes refer to them by index;
/// a note's lists are slices of one flat array (`topicStart[row] ..< topicStart[row + 1]`).
/// At 100,000 generated notes it takes about 10 MB and 0.3 s to read.
final class FacetColumns {
    /// What the columns were read from: `PRAGMA data_version` (changes when another connection
    /// commits) and `sqlite3_total_changes` (this connection's own writes). A different stamp
    /// means the columns are stale.
    struct Stamp: Equatable {
        var dataVersion: Int64
        var totalChanges: Int64

        static func current(_ connection: Connection) throws -> Stamp {
            Stamp(dataVersion: try connection.scalar("PRAGMA data_version", as: Int64.self) ?? 0,
                  totalChanges: Int64(sqlite3_total_changes64(connection.handle)))
        }
    }

    let stamp: Stamp
    private var rowOfNote: [Int64: Int32] = [:]
    /// `rowOfNote` as an array indexed by key (-1: no note), when keys are dense enough for it:
    /// a request looks up every match, and an array index is several times cheaper than a hash.
    private var denseRowOfNote: [Int32]?
    private(set) var countries: [String] = []
    private(set) var kinds: [String] = []
    private(set) var years: [Int64] = []
    private(set) var tags: [String] = []
    /// Per index of `tags`: its group of spellings equal under SQLite's `NOCASE` (an index into
    /// the groups, `tagGroupCount` of them), and its place in `BINARY` order among all tags.
    private(set) var tagGroup: [Int32] = []
    private(set) var tagGroupCount = 0
    private(set) var tagOrder: [Int32] = []
    /// The indexes of `tags` in `BINARY` order (`tagOrder` inverted).
    private(set) var tagsInOrder: [Int32] = []
    private(set) var organizations: [(id: Int64, name: String)] = []
    /// Per note row: an index into `countries`/`kinds`/`years`, or -1.
    private var country: [Int32] = []
    private var kind: [Int32] = []
    private var year: [Int32] = []
    /// Per note row, slices of the flat lists: topic ids, indexes into `tags` and `organizations`.
    private var topicStart: [Int32] = [0], topicIDs: [Int64] = []
    private var tagStart: [Int32] = [0], tagIndexes: [Int32] = []
    private var organizationStart: [Int32] = [0], organizationIndexes: [Int32] = []

    /// Reads every note's facet values: four statements, each in primary-key order.
    init(connection: Connection) throws {
        stamp = try Stamp.current(connection)
        var countryIndex: [String: Int32] = [:], kindIndex: [String: Int32] = [:], yearIndex: [Int64: Int32] = [:]
        func index<Value: Hashable>(_ value: Value?, in table: inout [Value], _ indexes: inout [Value: Int32]) -> Int32 {
            guard let value else { return -1 }
            if let known = indexes[value] { return known }
            table.append(value)
            indexes[value] = Int32(table.count - 1)
            return Int32(table.count - 1)
        }
        var pks: [Int64] = []
        try connection.prepare("SELECT pk, country, occurred_year, kind FROM notes ORDER BY pk").forEachRow { row in
            pks.append(row.int64(at: 0))
            rowOfNote[row.int64(at: 0)] = Int32(pks.count - 1)
            country.append(index(row.string(at: 1), in: &countries, &countryIndex))
            year.append(index(row.column(2, as: Int64.self), in: &years, &yearIndex))
            kind.append(index(row.string(at: 3), in: &kinds, &kindIndex))
        }
        // Each list read in note order and cut into per-note slices.
        // (`start` gets one entry a note row plus one: row r's slice is start[r] ..< start[r + 1].)
        func slices(_ sql: String, start: inout [Int32], _ append: (Statement) -> Void) throws {
            try connection.prepare(sql).forEachRow { statement in
                guard let note = rowOfNote[statement.int64(at: 0)].map(Int.init) else { return }
                while start.count < note + 2 { start.append(start.last!) }
                append(statement)
                start[note + 1] += 1
            }
            while start.count < pks.count + 1 { start.append(start.last!) }
        }
        try slices("SELECT note_pk, topic_id FROM note_topics ORDER BY note_pk", start: &topicStart) { topicIDs.append($0.int64(at: 1)) }
        var tagIndex: [String: Int32] = [:]
        try slices("SELECT note_pk, tag FROM note_tags ORDER BY note_pk", start: &tagStart) { statement in
            tagIndexes.append(index(statement.string(at: 1) ?? "", in: &tags, &tagIndex))
        }
        var organizationIndex: [Int64: Int32] = [:]
        try slices("""
            SELECT no.note_pk, no.organization_id, o.name FROM note_organizations no JOIN organizations o ON o.id = no.organization_id
            ORDER BY no.note_pk
            """, start: &organizationStart) { statement in
            let id = statement.int64(at: 1)
            if organizationIndex[id] == nil {
                organizations.append((id, statement.string(at: 2) ?? ""))
                organizationIndex[id] = Int32(organizations.count - 1)
            }
            organizationIndexes.append(organizationIndex[id]!)
        }
        var groupKeys: [String] = [], groupOfKey: [String: Int32] = [:]
        tagGroup = tags.map { index(KnowledgeBase.asciiLowercased($0), in: &groupKeys, &groupOfKey) }
        tagGroupCount = groupKeys.count
        tagsInOrder = tags.indices.sorted { KnowledgeBase.binaryPrecedes(tags[$0], tags[$1]) }.map(Int32.init)
        tagOrder = Array(repeating: 0, count: tags.count)
        for (place, index) in tagsInOrder.enumerated() { tagOrder[Int(index)] = Int32(place) }
        if let largest = pks.last, largest >= 0, largest <= Int64(pks.count) * 4 + 1024 {
            var dense = Array(repeating: Int32(-1), count: Int(largest) + 1)
            for (row, pk) in pks.enumerated() where pk >= 0 { dense[Int(pk)] = Int32(row) }
            denseRowOfNote = dense
            rowOfNote = [:]  // the array says the same
        }
    }

    /// The row of note key `pk`, or nil for a key no note has.
    @inline(__always) private func row(of pk: Int64) -> Int? {
        if let dense = denseRowOfNote {
            guard pk >= 0, pk < Int64(dense.count), dense[Int(pk)] >= 0 else { return nil }
            return Int(dense[Int(pk)])
        }
        return rowOfNote[pk].map(Int.init)
    }

    /// Counts of each facet value over a set of notes.
    struct Counts {
        var total = 0
        var countries: [Int]
        var kinds: [Int]
        /// Per index of `FacetColumns.years`.
        var years: [Int]
        var tags: [Int]
        var organizations: [Int]
        /// Per index of `TopicTree.topics`: the notes with that topic or a descendant.
        var topics: [Int]
        /// The values read to count them (notes and list entries; for tests that count work).
        var valuesRead = 0
    }

    /// Counts the facet values of the notes `pks` (each once; unknown keys are skipped).
    ///
    /// - Parameter lineage: for each topic id, the indexes in the topic tree of the topic and its
    ///   ancestors (a note counts once for each).
    func count<Keys: Sequence<Int64>>(_ pks: Keys, topicCount: Int, lineage: [Int64: [Int]]) -> Counts {
        var counts = Counts(countries: Array(repeating: 0, count: countries.count), kinds: Array(repeating: 0, count: kinds.count),
                            years: Array(repeating: 0, count: years.count),
                            tags: Array(repeating: 0, count: tags.count), organizations: Array(repeating: 0, count: organizations.count),
                            topics: Array(repeating: 0, count: topicCount))
        // Topic ids are small: an array by id spares a hash lookup per topic of every match.
        let largestTopic = lineage.keys.max() ?? -1
        let lineageByID: [[Int]]? = largestTopic < 1 << 16
            ? (0...max(largestTopic, 0)).map { lineage[$0] ?? [] } : nil
        var noteTopics: [Int] = []
        for pk in pks {
            guard let row = row(of: pk) else { continue }
            counts.total += 1
            if country[row] >= 0 { counts.countries[Int(country[row])] += 1 }
            if kind[row] >= 0 { counts.kinds[Int(kind[row])] += 1 }
            if year[row] >= 0 { counts.years[Int(year[row])] += 1 }
            for index in Int(tagStart[row])..<Int(tagStart[row + 1]) { counts.tags[Int(tagIndexes[index])] += 1 }
            for index in Int(organizationStart[row])..<Int(organizationStart[row + 1]) {
                counts.organizations[Int(organizationIndexes[index])] += 1
            }
            noteTopics.removeAll(keepingCapacity: true)
            counts.valuesRead += 1 + Int(tagStart[row + 1] - tagStart[row]) + Int(organizationStart[row + 1] - organizationStart[row])
                + Int(topicStart[row + 1] - topicStart[row])
            for index in Int(topicStart[row])..<Int(topicStart[row + 1]) {
                let id = topicIDs[index]
                let ancestry = lineageByID.map { id >= 0 && id < $0.count ? $0[Int(id)] : [] } ?? lineage[id] ?? []
                for topic in ancestry where !noteTopics.contains(topic) { noteTopics.append(topic) }
            }
            for topic in noteTopics { counts.topics[topic] += 1 }
        }
        return counts
    }
}
