import Crypto
import Foundation
import PieredzeStorage

/// Writes validated notes into the database: upsert by `id`, lists replaced, FTS kept in sync.
/// (The other direction, notes to files, is `NoteExporter`; database to notes is `NoteStore`.)
///
/// With a `HistoryRecorder`, every note it updates or deletes leaves its previous version, and
/// every note it inserts a row, in the same transaction (`note_versions`, migrations/0006).
///
/// Works inside a transaction the caller opened. Uses `INSERT … ON CONFLICT DO UPDATE` and
/// UPDATE, never `INSERT OR REPLACE`, which deletes and re-inserts rows behind the FTS
/// triggers' back and corrupts an external-content index.
final class NoteDatabaseWriter {
    /// What happened to one note.
    enum Outcome: Sendable { case new, updated, unchanged }

    typealias IndexStrategy = NoteLoader.IndexStrategy

    private let connection: Connection
    private let strategy: IndexStrategy
    private let topicIDs: [String: Int]
    private let timestamp: String
    private let history: HistoryRecorder?
    /// What this writer did, for the journal.
    private var counts = HistoryRecorder.Counts()
    private var organizationIDs: [String: Int64] = [:]
    private var personIDs: [String: Int64] = [:]
    private var savedTriggers: [String] = []
    /// CREATE INDEX statements dropped for a bulk load into an empty database, restored by `finish`.
    private var savedIndexes: [String] = []

    /// The full-text index's columns, comma-separated, as `notes` names them too.
    static let ftsColumns = Schema.NotesFullText.columns.map(\.key).joined(separator: ", ")
    private static let ftsTable = Schema.NotesFullText.table

    /// The `notes` columns UPDATE sets (all of the note's own but `id`), in `NoteField` order.
    private static let updatedColumns = NoteStore.noteColumnNames.filter { $0 != NoteField.id.key }
    /// UPDATE by pk (?1), then `updatedColumns`, then `updated_at` and `content_hash`.
    private static let updateSQL: String = {
        let n = updatedColumns.count
        let assignments = updatedColumns.enumerated().map { "\($1) = ?\($0 + 2)" }.joined(separator: ", ")
        return "UPDATE notes SET \(assignments), updated_at = ?\(n + 2), content_hash = ?\(n + 3) WHERE pk = ?1"
    }()
    /// INSERT of `NoteStore.noteColumnNames`, then `created_at` = `updated_at` and `content_hash`.
    private static let insertSQL: String = {
        let n = NoteStore.noteColumnNames.count
        return "INSERT INTO notes (\(NoteStore.noteColumnNames.joined(separator: ", ")), created_at, content_hash, updated_at) "
            + "VALUES (\((1...n).map { "?\($0)" }.joined(separator: ", ")), ?\(n + 1), ?\(n + 2), ?\(n + 1))"
    }()

    init(connection: Connection, strategy: IndexStrategy, topicIDs: [String: Int], history: HistoryRecorder? = nil) throws {
        self.connection = connection
        self.strategy = strategy
        self.topicIDs = topicIDs
        self.history = history
        self.timestamp = Date().sqliteValue.textValue
        // Ids seen in this load: a second note with the same id is an error, and in bulk mode
        // the list of rows the index still has to take in.
        try connection.execute("CREATE TEMP TABLE IF NOT EXISTS load_seen (id TEXT PRIMARY KEY, pk INTEGER, indexed INTEGER NOT NULL, is_new INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID")
        try connection.execute("DELETE FROM temp.load_seen")
        if strategy == .bulk {
            let triggers = Schema.NotesFullText.triggerNames
            savedTriggers = try connection.rows(
                "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'notes' AND name IN (SELECT value FROM json_each(?)) ORDER BY name",
                ["[" + triggers.map { "\"\($0)\"" }.joined(separator: ",") + "]"]
            ).compactMap { $0[0] }
            for name in triggers { try connection.execute("DROP TRIGGER IF EXISTS \"\(name)\"") }
            // Into an empty database, the lists' secondary indexes (by topic, tag, organization,
            // person) are built once at the end, by sorting, instead of row by row in random order
            // as notes come in: at 100,000 notes that was a third of the load.
            if try connection.scalar("SELECT count(*) FROM notes", as: Int.self) == 0 {
                savedIndexes = try connection.rows("""
                    SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
                    AND tbl_name IN ('notes', 'note_topics', 'note_tags', 'note_organizations', 'note_people') ORDER BY name
                    """).compactMap { $0[1] }
                let names: [String] = try connection.rows("""
                    SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
                    AND tbl_name IN ('notes', 'note_topics', 'note_tags', 'note_organizations', 'note_people')
                    """).compactMap { $0[0] }
                for name in names { try connection.execute("DROP INDEX \"\(name)\"") }
            }
        }
    }

    /// Inserts, updates or skips `note` by comparing its content hash with the stored one.
    func write(_ note: Note) throws -> Outcome {
        let hash = Self.contentHash(note)
        let lookup = try connection.cachedStatement("SELECT pk, content_hash FROM notes WHERE id = ?")
        try lookup.bind([note.id])
        let existing: (pk: Int64, hash: String)? = try lookup.step() ? (lookup.int64(at: 0), lookup.string(at: 1) ?? "") : nil
        lookup.reset()

        let outcome: Outcome
        let pk: Int64
        if let existing {
            pk = existing.pk
            if existing.hash == hash {
                try remember(note.id, pk: pk, needsIndex: false)
                counts.unchanged += 1
                return .unchanged
            }
            // Before anything of the note changes: its lists are read too.
            try history?.recordUpdate(id: note.id, pk: pk)
            if strategy == .bulk {
                // The old text must leave the index before the row changes (triggers are off).
                try connection.cachedStatement("""
                    INSERT INTO \(Self.ftsTable) (\(Self.ftsTable), rowid, \(Self.ftsColumns))
                    SELECT 'delete', pk, \(Self.ftsColumns) FROM notes WHERE pk = ?
                    """).execute([pk])
            }
            let values = zip(NoteStore.noteColumnNames, NoteStore.noteColumnValues(note))
                .filter { $0.0 != NoteField.id.key }.map(\.1)
            try connection.cachedStatement(Self.updateSQL).execute([pk] + values + [timestamp, hash])
            for table in ["note_topics", "note_tags", "note_organizations", "note_people"] {
                try connection.cachedStatement("DELETE FROM \(table) WHERE note_pk = ?").execute([pk])
            }
            outcome = .updated
        } else {
            try connection.cachedStatement(Self.insertSQL).execute(NoteStore.noteColumnValues(note) + [timestamp, hash])
            pk = connection.lastInsertRowID
            outcome = .new
        }
        if outcome == .new { counts.inserted += 1 } else { counts.updated += 1 }
        try writeLists(note, pk: pk)
        // New notes get their history rows in one statement at `finish`, from `load_seen`.
        try remember(note.id, pk: pk, needsIndex: true, isNew: outcome == .new)
        return outcome
    }

    /// Deletes the note `id` (its lists go by cascade, its index entry by trigger), keeping its
    /// version when there is a history; false when there is no such note. Only with the
    /// `triggers` strategy, whose triggers keep the index.
    func delete(id: String) throws -> Bool {
        precondition(strategy == .triggers, "deleting needs the index triggers")
        guard let pk = try connection.scalar("SELECT pk FROM notes WHERE id = ?", [id], as: Int64.self) else { return false }
        try history?.recordDelete(id: id, pk: pk)
        try connection.cachedStatement("DELETE FROM notes WHERE pk = ?").execute([pk])
        try remember(id, pk: pk, needsIndex: false)
        counts.deleted += 1
        return true
    }

    /// Records `id` without writing the note: once a load has problems it only validates, but
    /// must still find ids used twice.
    func claim(_ id: String) throws {
        try remember(id, pk: 0, needsIndex: false)
    }

    /// Records that `id` was loaded; a second note with the same id in one load is an error.
    private func remember(_ id: String, pk: Int64, needsIndex: Bool, isNew: Bool = false) throws {
        do {
            try connection.cachedStatement("INSERT INTO temp.load_seen (id, pk, indexed, is_new) VALUES (?, ?, ?, ?)")
                .execute([id, pk, needsIndex ? 0 : 1, isNew ? 1 : 0])
        } catch SQLiteError.constraint {
            throw DuplicateNoteID(id: id)
        }
    }

    private func writeLists(_ note: Note, pk: Int64) throws {
        let topic = try connection.cachedStatement("INSERT INTO note_topics (note_pk, topic_id, position) VALUES (?, ?, ?)")
        for (position, slug) in note.topics.enumerated() {
            try topic.execute([pk, topicIDs[slug], position])
        }
        let tag = try connection.cachedStatement("INSERT OR IGNORE INTO note_tags (note_pk, tag, position) VALUES (?, ?, ?)")
        for (position, name) in note.tags.enumerated() { try tag.execute([pk, name, position]) }
        let organization = try connection.cachedStatement(
            "INSERT OR IGNORE INTO note_organizations (note_pk, organization_id, position) VALUES (?, ?, ?)")
        for (position, entry) in note.organizations.enumerated() {
            try organization.execute([pk, try organizationID(entry), position])
        }
        let person = try connection.cachedStatement("INSERT OR IGNORE INTO note_people (note_pk, person_id, position) VALUES (?, ?, ?)")
        for (position, entry) in note.people.enumerated() {
            try person.execute([pk, try personID(entry), position])
        }
    }

    /// The organization's row id, creating it or filling in its country and kind when given.
    private func organizationID(_ organization: Organization) throws -> Int64 {
        if organization.country == nil, organization.kind == nil, let id = organizationIDs[organization.name] { return id }
        let upsert = try connection.cachedStatement("""
            INSERT INTO organizations (name, country, kind) VALUES (?1, ?2, ?3)
            ON CONFLICT (name) DO UPDATE SET country = coalesce(excluded.country, country), kind = coalesce(excluded.kind, kind)
            RETURNING id
            """)
        try upsert.bind([organization.name, organization.country, organization.kind])
        _ = try upsert.step()
        let id = upsert.int64(at: 0)
        upsert.reset()
        organizationIDs[organization.name] = id
        return id
    }

    /// The person's row id, creating them or updating their role and organization when given.
    private func personID(_ person: Person) throws -> Int64 {
        if person.role == nil, person.organization == nil, let id = personIDs[person.name] { return id }
        let organization = try person.organization.map { try organizationID(Organization(name: $0)) }
        let upsert = try connection.cachedStatement("""
            INSERT INTO people (name, role, organization_id) VALUES (?1, ?2, ?3)
            ON CONFLICT (name) DO UPDATE SET role = coalesce(excluded.role, role),
                organization_id = coalesce(excluded.organization_id, organization_id)
            RETURNING id
            """)
        try upsert.bind([person.name, person.role, organization])
        _ = try upsert.step()
        let id = upsert.int64(at: 0)
        upsert.reset()
        personIDs[person.name] = id
        return id
    }

    /// Finishes the load: in bulk mode, indexes every new or changed row in one statement and
    /// restores the triggers, then merges the index into one segment when the load wrote a
    /// quarter of the notes or more. Still inside the caller's transaction.
    ///
    /// A bulk index pass leaves FTS5 with a dozen segments (14 at 100,000 notes), and every
    /// query word is looked up in each: FTS5's `optimize` merged them in 3 s, and searches were
    /// 15–30 % faster (`make bench-serve`). It rewrites the whole index, so only a load that is a
    /// large part of the knowledge base pays for it: the cost stays proportional to the load.
    func finish() throws {
        if strategy == .bulk {
            let total = try connection.scalar("SELECT count(*) FROM notes", as: Int.self) ?? 0
            let written = try connection.scalar("SELECT count(*) FROM temp.load_seen WHERE indexed = 0", as: Int.self) ?? 0
            if written == total {
                // Nothing was indexed before this load: rebuilding is the same work without the join.
                try connection.execute("INSERT INTO \(Self.ftsTable) (\(Self.ftsTable)) VALUES ('rebuild')")
            } else {
                try connection.execute("""
                    INSERT INTO \(Self.ftsTable) (rowid, \(Self.ftsColumns))
                    SELECT n.pk, \(Schema.NotesFullText.columns.map { "n." + $0.key }.joined(separator: ", "))
                    FROM temp.load_seen s JOIN notes n ON n.pk = s.pk WHERE s.indexed = 0 ORDER BY n.pk
                    """)
            }
            if written * 4 >= total {
                try connection.execute("INSERT INTO \(Self.ftsTable) (\(Self.ftsTable)) VALUES ('optimize')")
            }
            for sql in savedTriggers { try connection.execute(sql) }
        }
        for sql in savedIndexes { try connection.execute(sql) }
        try history?.recordInsertsSeen()
        try connection.execute("DELETE FROM temp.load_seen")
        try history?.finish(counts)
    }

    /// SHA-256 over every field and list of the note, each part length-prefixed so that no two
    /// different notes can hash alike by moving text between fields.
    static func contentHash(_ note: Note) -> String {
        var hasher = SHA256()
        func add(_ text: String?) {
            guard let text else { hasher.update(data: [0xFF]); return }
            var count = UInt64(text.utf8.count).littleEndian
            withUnsafeBytes(of: &count) { hasher.update(bufferPointer: $0) }
            var utf8 = text
            utf8.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        for field in [note.id, note.title, note.summary, note.context, note.lesson, note.recommendation, note.body,
                      note.kind.rawValue, note.language, note.status.rawValue] { add(field) }
        for field in [note.country, note.occurred, note.source?.title, note.source?.url, note.source?.publisher, note.source?.date] { add(field) }
        for list in [note.topics, note.tags] {
            add(String(list.count))
            list.forEach { add($0) }
        }
        add(String(note.organizations.count))
        for organization in note.organizations { add(organization.name); add(organization.country); add(organization.kind) }
        add(String(note.people.count))
        for person in note.people { add(person.name); add(person.role); add(person.organization) }
        return SHA256Hex.hex(hasher.finalize())
    }
}

/// Two notes with one id in the same load.
struct DuplicateNoteID: Error {
    var id: String
}

extension SQLiteValue {
    /// The text of a `.text` value, else its description.
    var textValue: String {
        if case .text(let text) = self { return text }
        return "\(self)"
    }
}
