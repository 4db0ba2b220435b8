import Foundation
import LatvianText
import PieredzeStorage

/// Reads and writes notes and their lists in the database. All values are bound parameters.
public struct NoteStore {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    // MARK: Topics

    /// Every topic, parents before children, in their vocabulary order.
    public func topics() throws -> [Topic] {
        try connection.rows("""
            WITH RECURSIVE tree(id, path) AS (
                SELECT id, printf('%04d', position) FROM topics WHERE parent_id IS NULL
                UNION ALL
                SELECT t.id, tree.path || '/' || printf('%04d', t.position) FROM topics t JOIN tree ON t.parent_id = tree.id
            )
            SELECT t.id, t.slug, t.name_lv, t.name_en, t.parent_id, t.name_ru FROM topics t JOIN tree USING (id) ORDER BY tree.path
            """).map { Topic(id: $0[0] ?? 0, slug: $0[1] ?? "", nameLV: $0[2] ?? "", nameEN: $0[3] ?? "", nameRU: $0[5] ?? "", parentID: $0[4]) }
    }

    /// Number of notes filed under each topic itself (not counting subtopics), by topic id.
    public func noteCountsByTopic() throws -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for row in try connection.rows("SELECT topic_id, count(*) FROM note_topics GROUP BY topic_id") {
            counts[row[0] ?? 0] = row[1] ?? 0
        }
        return counts
    }

    // MARK: Reading notes

    /// The `notes` columns that hold a note's own values (`NoteField.databaseColumns`, in field order).
    static let noteColumnNames: [String] = NoteField.allCases.flatMap(\.databaseColumns)

    /// `n.pk` then `noteColumnNames`, for a SELECT on the alias `n`.
    static let noteColumns = (["pk"] + noteColumnNames).map { "n." + $0 }.joined(separator: ", ")

    /// The note in a row selected with `noteColumns` (lists still empty).
    static func note(from row: Statement) -> Note {
        var note = Note(id: "", title: "")
        var index: Int32 = 1
        func next() -> String? {
            defer { index += 1 }
            return row.string(at: index)
        }
        for field in NoteField.allCases {
            switch field {
            case .id: note.id = next() ?? ""
            case .title: note.title = next() ?? ""
            case .summary: note.summary = next() ?? ""
            case .context, .lesson, .recommendation: note[field.section!] = next() ?? ""
            case .body: note.body = next() ?? ""
            case .kind: note.kind = NoteKind(rawValue: next() ?? "") ?? .lesson
            case .language: note.language = next() ?? "lv"
            case .country: note.country = next()
            case .occurred: note.occurred = next()
            case .status: note.status = NoteStatus(rawValue: next() ?? "") ?? .draft
            case .source:
                let source = Source(title: next(), url: next(), publisher: next(), date: next())
                note.source = source.isEmpty ? nil : source
            case .topics, .tags, .organizations, .people: break  // tables of their own
            }
        }
        return note
    }

    /// The values of `noteColumnNames` for `note`, in that order.
    static func noteColumnValues(_ note: Note) -> [(any SQLiteValueConvertible)?] {
        var values: [(any SQLiteValueConvertible)?] = []
        for field in NoteField.allCases {
            switch field {
            case .id: values.append(note.id)
            case .title: values.append(note.title)
            case .summary, .context, .lesson, .recommendation, .body: values.append(NoteExporter.textValue(field, of: note))
            case .kind: values.append(note.kind.rawValue)
            case .language: values.append(note.language)
            case .country: values.append(note.country)
            case .occurred: values.append(note.occurred)
            case .status: values.append(note.status.rawValue)
            case .source: values += [note.source?.title, note.source?.url, note.source?.publisher, note.source?.date]
            case .topics, .tags, .organizations, .people: break
            }
        }
        return values
    }

    /// The note with `id`, or nil.
    public func note(id: String) throws -> Note? {
        guard let pk = try connection.scalar("SELECT pk FROM notes WHERE id = ?", [id], as: Int64.self) else { return nil }
        return try notes(pks: [pk]).first
    }

    /// Notes by primary key, in the order given, with all their lists.
    public func notes(pks: [Int64]) throws -> [Note] {
        guard !pks.isEmpty else { return [] }
        var byPK: [Int64: Note] = [:]
        // json_each over one bound JSON array keeps the statements fixed whatever the count, so
        // they are prepared once per connection (a search reads its hits through them each time).
        let keys = "[" + pks.map(String.init).joined(separator: ",") + "]"
        let select = try connection.cachedStatement(
            "SELECT \(Self.noteColumns) FROM notes n WHERE n.pk IN (SELECT value FROM json_each(?))")
        try select.forEachRow([keys]) { row in byPK[row.int64(at: 0)] = Self.note(from: row) }
        try connection.cachedStatement("""
            SELECT nt.note_pk, t.slug FROM note_topics nt JOIN topics t ON t.id = nt.topic_id
            WHERE nt.note_pk IN (SELECT value FROM json_each(?)) ORDER BY nt.note_pk, nt.position
            """).forEachRow([keys]) { row in byPK[row.int64(at: 0)]?.topics.append(row.string(at: 1) ?? "") }
        try connection.cachedStatement("""
            SELECT note_pk, tag FROM note_tags WHERE note_pk IN (SELECT value FROM json_each(?)) ORDER BY note_pk, position
            """).forEachRow([keys]) { row in byPK[row.int64(at: 0)]?.tags.append(row.string(at: 1) ?? "") }
        try connection.cachedStatement("""
            SELECT no.note_pk, o.name, o.country, o.kind FROM note_organizations no JOIN organizations o ON o.id = no.organization_id
            WHERE no.note_pk IN (SELECT value FROM json_each(?)) ORDER BY no.note_pk, no.position
            """).forEachRow([keys]) { row in
            byPK[row.int64(at: 0)]?.organizations.append(
                Organization(name: row.string(at: 1) ?? "", country: row.string(at: 2), kind: row.string(at: 3)))
        }
        try connection.cachedStatement("""
            SELECT np.note_pk, p.name, p.role, o.name FROM note_people np JOIN people p ON p.id = np.person_id
            LEFT JOIN organizations o ON o.id = p.organization_id
            WHERE np.note_pk IN (SELECT value FROM json_each(?)) ORDER BY np.note_pk, np.position
            """).forEachRow([keys]) { row in
            byPK[row.int64(at: 0)]?.people.append(
                Person(name: row.string(at: 1) ?? "", role: row.string(at: 2), organization: row.string(at: 3)))
        }
        return pks.compactMap { byPK[$0] }
    }

    /// How many notes `forEachBatch` reads at a time: large enough that a statement's overhead
    /// does not count, small enough that a dump or report of 100,000 notes does not hold them all.
    public static let batchSize = 500

    /// Reads the notes with `pks` in batches of `batchSize`, in the order given, and passes each
    /// batch to `body`.
    public func forEachBatch(of pks: [Int64], _ body: ([Note]) throws -> Void) throws {
        for start in stride(from: 0, to: pks.count, by: Self.batchSize) {
            try body(try notes(pks: Array(pks[start..<min(start + Self.batchSize, pks.count)])))
        }
    }

    /// Filters shared by `list`, `search` and `report`.
    public struct Filter: Sendable, Equatable {
        /// Topic slugs; a note matches when filed under any of them or their subtopics.
        public var topics: [String] = []
        public var country: String?
        public var fromYear: Int?
        public var toYear: Int?
        /// A tag, matched whole, ignoring case and diacritics (`ēdināšana` finds "Ēdināšana").
        public var tag: String?
        /// Part of an organisation's name, ignoring case and diacritics; `%` and `_` are literal.
        public var organization: String?
        /// Part of a person's name, ignoring case and diacritics; `%` and `_` are literal.
        public var person: String?
        public var kind: NoteKind?
        public var language: String?

        public init() {}

        /// A SQL condition on the alias `n` (notes) and its bound arguments.
        func sql(store: NoteStore) throws -> (condition: String, arguments: [(any SQLiteValueConvertible)?]) {
            var conditions: [String] = []
            var arguments: [(any SQLiteValueConvertible)?] = []
            if !topics.isEmpty {
                let tree = try TopicTree.load(store.connection)
                let ids = try topics.flatMap { try tree.subtreeIDs(of: $0) }
                conditions.append("n.pk IN (SELECT note_pk FROM note_topics WHERE topic_id IN (SELECT value FROM json_each(?)))")
                arguments.append("[" + ids.map(String.init).joined(separator: ",") + "]")
            }
            if let country { conditions.append("n.country = ?"); arguments.append(country) }
            if let fromYear { conditions.append("n.occurred_year >= ?"); arguments.append(fromYear) }
            if let toYear { conditions.append("n.occurred_year <= ?"); arguments.append(toYear) }
            // Tags, organisations and people compare folded (`pieredze_fold`, the index's folding:
            // case, diacritics, NFC) and literally, so `--tag biskeka` finds "Biškeka" and `%` or
            // `_` are only themselves. A tag matches as a whole value; an organisation or a person
            // when the folded name contains the folded value anywhere (`--org LPS` finds
            // "Latvijas Pašvaldību savienība (LPS)", `--person bērziņš` finds "Jānis Bērziņš").
            if let tag {
                // Folded once per distinct tag, not once per row.
                conditions.append("""
                    n.pk IN (SELECT note_pk FROM note_tags WHERE tag IN (
                        SELECT tag FROM (SELECT DISTINCT tag FROM note_tags) WHERE \(FoldFunction.name)(tag) = ?))
                    """)
                arguments.append(LatvianFolding.fold(tag))
            }
            if let organization {
                conditions.append("""
                    n.pk IN (SELECT no.note_pk FROM note_organizations no JOIN organizations o ON o.id = no.organization_id
                             WHERE instr(\(FoldFunction.name)(o.name), ?) > 0)
                    """)
                arguments.append(LatvianFolding.fold(organization))
            }
            if let person {
                conditions.append("""
                    n.pk IN (SELECT np.note_pk FROM note_people np JOIN people p ON p.id = np.person_id
                             WHERE instr(\(FoldFunction.name)(p.name), ?) > 0)
                    """)
                arguments.append(LatvianFolding.fold(person))
            }
            if let kind { conditions.append("n.kind = ?"); arguments.append(kind.rawValue) }
            if let language { conditions.append("n.language = ?"); arguments.append(language) }
            return (conditions.isEmpty ? "1" : conditions.joined(separator: " AND "), arguments)
        }
    }

    /// Primary keys of the notes matching `filter`, newest first (then by id).
    public func notePKs(matching filter: Filter, limit: Int? = nil, offset: Int = 0) throws -> [Int64] {
        let (condition, arguments) = try filter.sql(store: self)
        var sql = "SELECT n.pk FROM notes n WHERE \(condition) ORDER BY n.occurred_on DESC NULLS LAST, n.id"
        var all = arguments
        if let limit { sql += " LIMIT ? OFFSET ?"; all += [limit, offset] }
        return try connection.rows(sql, all).compactMap { $0[0] }
    }

    /// (id, title, country, occurred) of notes matching `filter`, newest first: `pieredze list`.
    public func listing(matching filter: Filter) throws -> [(id: String, title: String, country: String?, occurred: String?)] {
        let (condition, arguments) = try filter.sql(store: self)
        return try connection.rows(
            "SELECT n.id, n.title, n.country, n.occurred_on FROM notes n WHERE \(condition) ORDER BY n.occurred_on DESC NULLS LAST, n.id",
            arguments
        ).map { ($0[0] ?? "", $0[1] ?? "", $0[2], $0[3]) }
    }

    public func count() throws -> Int {
        try connection.scalar("SELECT count(*) FROM notes", as: Int.self) ?? 0
    }

    /// Deletes the note with `id` (its lists go by cascade, its index entry by trigger).
    public func delete(id: String) throws {
        try connection.transaction(.immediate) {
            try connection.execute("DELETE FROM notes WHERE id = ?", [id])
            guard connection.changes == 1 else { throw KnowledgeBaseError.noSuchNote(id: id) }
        }
    }
}
