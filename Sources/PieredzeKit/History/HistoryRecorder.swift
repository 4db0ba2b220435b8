import Foundation
import PieredzeStorage

/// Writes the history of one command that changes notes (migrations/0006): its `journal` row
/// first, then a `note_versions` row for every note it inserts, updates or deletes, all in the
/// caller's transaction, so a command that fails or is rolled back leaves no history either.
///
/// `NoteDatabaseWriter` calls it before it changes a note; nothing else writes `note_versions`.
final class HistoryRecorder {
    /// How many notes a command inserted, updated, left unchanged and deleted (`journal`'s counts).
    struct Counts: Sendable, Equatable {
        var inserted = 0
        var updated = 0
        var unchanged = 0
        var deleted = 0
    }

    private let connection: Connection
    /// The command's `journal.id`.
    let journalID: Int64

    /// Opens the journal entry of `command` (`load`, `delete`, …) given `files` (inputs as given)
    /// and `detail` (a few words for people), timestamped now (UTC, milliseconds).
    init(connection: Connection, command: String, files: [String] = [], detail: String = "") throws {
        self.connection = connection
        let filesJSON = String(decoding: try JSONSerialization.data(withJSONObject: files, options: [.withoutEscapingSlashes]), as: UTF8.self)
        try connection.execute("INSERT INTO journal (at, command, files, detail) VALUES (?, ?, ?, ?)",
                               [Date().sqliteValue.textValue, command, filesJSON, detail])
        journalID = connection.lastInsertRowID
    }

    /// Records that the notes `NoteDatabaseWriter` inserted (`temp.load_seen` rows marked
    /// `is_new`) did not exist before this command: one statement, in id order, at the end of a
    /// load, which at 100,000 new notes costs far less than a statement a note.
    func recordInsertsSeen() throws {
        try connection.execute("""
            INSERT INTO note_versions (note_id, journal_id, action)
            SELECT id, ?, 'insert' FROM temp.load_seen WHERE is_new = 1 ORDER BY id
            """, [journalID])
    }

    /// Keeps the note at `pk` as it is now, before the command updates it.
    func recordUpdate(id: String, pk: Int64) throws {
        try record(id: id, pk: pk, action: "update")
    }

    /// Keeps the note at `pk` as it is now, before the command deletes it.
    func recordDelete(id: String, pk: Int64) throws {
        try record(id: id, pk: pk, action: "delete")
    }

    private func record(id: String, pk: Int64, action: String) throws {
        guard let note = try NoteStore(connection: connection).notes(pks: [pk]).first else { return }
        try connection.cachedStatement("INSERT INTO note_versions (note_id, journal_id, action, previous) VALUES (?, ?, ?, ?)")
            .execute([id, journalID, action, try versionText.text(note)])
    }

    private let versionText = VersionText()

    /// A version as stored: the note as `NoteJSON` (what `show --format json` prints and `load`
    /// reads), keys sorted, one line. `JSONEncoder`, not `JSONSerialization`: on Linux the latter
    /// goes through `NSString` and made updates with history 1.8× slower than without.
    struct VersionText {
        private let encoder: JSONEncoder = {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return encoder
        }()

        func text(_ note: Note) throws -> String {
            String(decoding: try encoder.encode(NoteJSON(note)), as: UTF8.self)
        }
    }

    /// Writes the command's counts into its journal entry.
    func finish(_ counts: Counts) throws {
        try connection.execute("UPDATE journal SET inserted = ?, updated = ?, unchanged = ?, deleted = ? WHERE id = ?",
                               [counts.inserted, counts.updated, counts.unchanged, counts.deleted, journalID])
    }
}

extension NoteLoader.Input {
    /// The input as the journal records it: its path as given, or `-` for standard input.
    var journalName: String {
        switch self {
        case .path(let path), .file(let path, _): return path
        case .standardInput: return "-"
        }
    }
}
