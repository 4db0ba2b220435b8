import Foundation
import PieredzeStorage

/// Reads the journal and the versions (migrations/0006), and brings versions back through
/// `NoteDatabaseWriter`, so a restored note is written exactly as a load writes it and is
/// itself recorded as a change. Callers open the transactions.
struct HistoryStore {
    let connection: Connection

    /// The journal's columns on the alias `j`, as `entry(from:at:)` reads them.
    static let entryColumns = "j.id, j.at, j.command, j.files, j.detail, j.inserted, j.updated, j.unchanged, j.deleted"

    /// The journal entry in `row`'s columns `start…start+8` (selected with `entryColumns`).
    static func entry(from row: Row, at start: Int = 0) -> JournalEntry {
        let filesJSON: String = row[start + 3] ?? "[]"
        let files = (try? JSONSerialization.jsonObject(with: Data(filesJSON.utf8))) as? [String] ?? []
        return JournalEntry(number: row[start] ?? 0, at: row[start + 1] ?? "", command: row[start + 2] ?? "", files: files,
                            detail: row[start + 4] ?? "", inserted: row[start + 5] ?? 0, updated: row[start + 6] ?? 0,
                            unchanged: row[start + 7] ?? 0, deleted: row[start + 8] ?? 0)
    }

    /// The journal entry numbered `number`, or nil.
    func entry(_ number: Int64) throws -> JournalEntry? {
        try connection.rows("SELECT \(Self.entryColumns) FROM journal j WHERE j.id = ?", [number]).first.map { Self.entry(from: $0) }
    }

    /// The newest entries first, at most `limit` (nil: all), and how many there are in all.
    func entries(limit: Int?) throws -> (entries: [JournalEntry], total: Int) {
        let total = try connection.scalar("SELECT count(*) FROM journal", as: Int.self) ?? 0
        let rows = try connection.rows("SELECT \(Self.entryColumns) FROM journal j ORDER BY j.id DESC LIMIT ?", [limit ?? -1])
        return (rows.map { Self.entry(from: $0) }, total)
    }

    /// The decoder for stored versions: the loader's rules with the database's topics.
    func decoder() throws -> NoteDecoder {
        NoteDecoder(topics: try NoteStore(connection: connection).topics())
    }

    /// The note a stored version holds, read back with the loader's own JSON reader and rules.
    /// `which` names the version in a message ("version 3", "the version load #4 kept").
    static func decode(_ json: String, id: String, which: String, decoder: NoteDecoder) throws -> Note {
        let location = SourceLocation(file: "\(which) of \(id)", line: 1)
        var problems: [LoadProblem] = []
        do {
            let record = try JSONNoteDecoder().record(Data(json.utf8), location: location)
            if let note = decoder.decode(record, problems: &problems), !problems.contains(where: { $0.severity == .error }) {
                return note
            }
        } catch {
            throw HistoryError.unreadableVersion(id: id, which: which, reason: "it is not a JSON object")
        }
        let reason = problems.first { $0.severity == .error }.map { "\($0.field.map { $0 + ": " } ?? "")\($0.message)" }
        throw HistoryError.unreadableVersion(id: id, which: which, reason: reason ?? "it is not a note")
    }

    /// The versions of the note `id`, oldest first; nil when the note neither exists nor ever did.
    ///
    /// Each `note_versions` row holds the note as it was before its command, so version N (made by
    /// the N-th command that changed the note) is the next row's `previous`, or the note as it is
    /// now for the last; a row that inserted the note follows a deletion (or nothing). A note
    /// loaded before history began gets a version 0: the first row's `previous`, or the note itself
    /// when nothing has changed it since.
    func history(id: String) throws -> NoteHistory? {
        let rows = try connection.rows("""
            SELECT v.action, v.previous, \(Self.entryColumns) FROM note_versions v JOIN journal j ON j.id = v.journal_id
            WHERE v.note_id = ? ORDER BY v.id
            """, [id])
        let current = try NoteStore(connection: connection).note(id: id)
        guard !rows.isEmpty || current != nil else { return nil }
        let decoder = try decoder()
        var versions: [NoteVersion] = []
        var before: Note?
        if let first = rows.first, let json: String = first[1] {
            before = try Self.decode(json, id: id, which: "version 0", decoder: decoder)
        } else if rows.isEmpty {
            before = current
        }
        if let before { versions.append(NoteVersion(number: 0, entry: nil, change: .beforeHistory, note: before, changedFields: [])) }
        for (index, row) in rows.enumerated() {
            let number = index + 1
            let note: Note?
            if index + 1 < rows.count {
                let next: String? = rows[index + 1][1]
                note = try next.map { try Self.decode($0, id: id, which: "version \(number)", decoder: decoder) }
            } else {
                note = current
            }
            let change: NoteVersion.Change
            switch row[0] as String? {
            case "insert": change = .inserted
            case "delete": change = .deleted
            default: change = .updated
            }
            versions.append(NoteVersion(number: number, entry: Self.entry(from: row, at: 2), change: change, note: note,
                                        changedFields: NoteFieldDiff.changedFields(from: before, to: note)))
            before = note
        }
        return NoteHistory(id: id, versions: versions)
    }

    /// Notes deleted and not brought back, the latest deletion first.
    func deletedNotes() throws -> [DeletedNote] {
        try connection.rows("""
            SELECT v.note_id, json_extract(v.previous, '$.title'), \(Self.entryColumns)
            FROM note_versions v JOIN journal j ON j.id = v.journal_id
            WHERE v.action = 'delete'
              AND NOT EXISTS (SELECT 1 FROM note_versions later WHERE later.note_id = v.note_id AND later.id > v.id)
              AND NOT EXISTS (SELECT 1 FROM notes WHERE notes.id = v.note_id)
            ORDER BY v.id DESC
            """).map { DeletedNote(id: $0[0] ?? "", title: $0[1] ?? "", deletedBy: Self.entry(from: $0, at: 2)) }
    }

    /// Brings back version `version` of `id` (default: the one before the newest, which for a
    /// deleted note is the note before its deletion), as the command `restore`. Returns nil when
    /// the note already is that version (then nothing is written and the caller rolls back).
    func restore(id: String, version: Int?) throws -> RestoreResult? {
        guard let history = try history(id: id) else { throw HistoryError.noHistory(id: id) }
        let target: NoteVersion
        if let version {
            guard let found = history.version(version) else {
                throw HistoryError.noSuchVersion(id: id, version: version, versions: history.versions.map(\.number))
            }
            guard found.note != nil else { throw HistoryError.versionIsDeletion(id: id, version: version) }
            target = found
        } else {
            guard history.versions.count >= 2 else { throw HistoryError.noEarlierVersion(id: id) }
            // Restored after a delete: the version before the newest is the deletion itself.
            let previous = history.versions[history.versions.count - 2]
            guard previous.note != nil else { throw HistoryError.versionIsDeletion(id: id, version: previous.number) }
            target = history.versions[history.versions.count - 2]
        }
        guard let note = target.note else { throw HistoryError.versionIsDeletion(id: id, version: target.number) }
        let recorder = try HistoryRecorder(connection: connection, command: "restore", detail: "\(id) version \(target.number)")
        let writer = try NoteDatabaseWriter(connection: connection, strategy: .triggers, topicIDs: try topicIDs(), history: recorder)
        let outcome = try writer.write(note)
        try writer.finish()
        guard outcome != .unchanged, let entry = try entry(recorder.journalID) else { return nil }
        return RestoreResult(id: id, version: target.number, entry: entry, undeleted: history.isDeleted)
    }

    /// How many notes `revert` reads at a time: memory stays flat whatever the entry's size.
    static let revertBatchSize = 500

    /// Puts every note entry `number` touched back as it was before it: notes it inserted are
    /// deleted, notes it updated or deleted are written back from their versions; recorded as the
    /// command `revert-load`. Refuses (`HistoryError.laterChanges`) when any of those notes is no
    /// longer as the entry left it (`laterChanges`). Work is linear in the notes the entry
    /// touched: the check, then a batch of versions at a time and one write a note.
    func revert(_ number: Int64) throws -> JournalEntry {
        guard let reverted = try entry(number) else {
            throw HistoryError.noSuchEntry(number: number, last: try connection.scalar("SELECT max(id) FROM journal", as: Int64.self))
        }
        let touched = try connection.scalar("SELECT count(*) FROM note_versions WHERE journal_id = ?", [number], as: Int.self) ?? 0
        guard touched > 0 else { throw HistoryError.nothingToRevert(entry: reverted.name) }
        let (conflicts, total) = try laterChanges(number)
        if total > 0 { throw HistoryError.laterChanges(entry: reverted.name, notes: conflicts, total: total) }

        let recorder = try HistoryRecorder(connection: connection, command: "revert-load", detail: reverted.name)
        let writer = try NoteDatabaseWriter(connection: connection, strategy: .triggers, topicIDs: try topicIDs(), history: recorder)
        let decoder = try decoder()
        let batch = try connection.prepare("""
            SELECT id, note_id, action, previous FROM note_versions WHERE journal_id = ? AND id > ? ORDER BY id LIMIT ?
            """)
        var after: Int64 = 0
        while true {
            let rows = try batch.rows([number, after, Self.revertBatchSize])
            guard let last = rows.last else { break }
            after = last[0] ?? after
            for row in rows {
                let id: String = row[1] ?? ""
                if let json: String = row[3] {
                    _ = try writer.write(try Self.decode(json, id: id, which: "the version \(reverted.name) kept", decoder: decoder))
                } else {
                    _ = try writer.delete(id: id)
                }
            }
        }
        try writer.finish()
        return try entry(recorder.journalID) ?? reverted
    }

    /// The notes entry `number` touched that are no longer as it left them (the first `shown`,
    /// with the latest entry that changed each), and how many there are. A note changed later but
    /// since put back as the entry left it (a later load reverted) is not one of them.
    ///
    /// Work is linear in the notes the entry touched: for each, one indexed look-up of the next
    /// version, and, only where there is one, the note as it is now.
    func laterChanges(_ number: Int64, shown: Int = 10) throws -> (notes: [HistoryError.LaterChange], total: Int) {
        var notes: [HistoryError.LaterChange] = []
        var total = 0
        let store = NoteStore(connection: connection)
        let versionText = HistoryRecorder.VersionText()
        // The version after each note's version of this entry: it holds the note as the entry left it.
        let next = try connection.prepare("""
            SELECT v.note_id, later.previous, (SELECT max(l.journal_id) FROM note_versions l WHERE l.note_id = v.note_id)
            FROM note_versions v
            JOIN note_versions later ON later.id = (SELECT min(l.id) FROM note_versions l WHERE l.note_id = v.note_id AND l.id > v.id)
            WHERE v.journal_id = ?
            ORDER BY v.note_id
            """)
        var found: [(id: String, latest: Int64)] = []
        try next.forEachRow([number]) { row in
            let id = row.string(at: 0) ?? ""
            let leftAs = row.string(at: 1)
            let now = try store.note(id: id).map { try versionText.text($0) }
            guard now != leftAs else { return }
            total += 1
            if found.count < shown { found.append((id, row.int64(at: 2))) }
        }
        for (id, latest) in found {
            notes.append(HistoryError.LaterChange(id: id, laterEntry: try entry(latest)?.name ?? "#\(latest)"))
        }
        return (notes, total)
    }

    /// Deletes the note `id`, keeping its version, as the command `delete`; nil when there is no such note.
    func delete(id: String) throws -> JournalEntry? {
        let recorder = try HistoryRecorder(connection: connection, command: "delete", detail: id)
        let writer = try NoteDatabaseWriter(connection: connection, strategy: .triggers, topicIDs: [:], history: recorder)
        guard try writer.delete(id: id) else { return nil }
        try writer.finish()
        return try entry(recorder.journalID)
    }

    /// Topic ids by slug, for the writer.
    private func topicIDs() throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try NoteStore(connection: connection).topics().map { ($0.slug, $0.id) })
    }
}
