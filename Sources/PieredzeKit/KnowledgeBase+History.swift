import PieredzeStorage

/// History, undo and the journal: every command that changes notes is journaled, and every note
/// it changes keeps its previous version (migrations/0006, `HistoryStore`), so nothing is lost.
extension KnowledgeBase {
    /// Every version of the note `id`, oldest first, the last being the note as it is now (a
    /// deletion when it is deleted). Throws `HistoryError.noHistory` when the note neither
    /// exists nor ever did, `.unreadableVersion` for a stored version the loader's rules refuse.
    public func history(id: String) throws -> NoteHistory {
        try mappingErrors {
            try connection.transaction(.deferred) {
                guard let history = try HistoryStore(connection: connection).history(id: id) else { throw HistoryError.noHistory(id: id) }
                return history
            }
        }
    }

    /// Version `version` of the note `id` and the version after it, with the fields that differ
    /// (`pieredze history ID --diff N`). Throws `HistoryError.noSuchVersion`, `.newestVersion`
    /// when nothing follows it, and `history(id:)`'s errors.
    public func versionDiff(id: String, version: Int) throws -> (from: NoteVersion, to: NoteVersion, fields: [NoteFieldDiff]) {
        let history = try history(id: id)
        guard let index = history.versions.firstIndex(where: { $0.number == version }) else {
            throw HistoryError.noSuchVersion(id: id, version: version, versions: history.versions.map(\.number))
        }
        guard index + 1 < history.versions.count else { throw HistoryError.newestVersion(id: id, version: version) }
        let from = history.versions[index], to = history.versions[index + 1]
        return (from, to, NoteFieldDiff.diff(from: from.note, to: to.note))
    }

    /// Brings back version `version` of the note `id` (default: the version before the newest,
    /// which for a deleted note is the note as it was deleted), writing it as `load` would, in one
    /// transaction with its journal entry `restore` and the version it replaces. Returns nil when
    /// the note already is that version (nothing is written). Throws `HistoryError`
    /// (`.noHistory`, `.noSuchVersion`, `.versionIsDeletion`, `.noEarlierVersion`,
    /// `.unreadableVersion`) and, on the database, `KnowledgeBaseError`.
    public func restore(id: String, version: Int? = nil) throws -> RestoreResult? {
        do {
            return try mappingErrors {
                try connection.transaction(.immediate) {
                    guard let result = try HistoryStore(connection: connection).restore(id: id, version: version) else {
                        throw NothingChanged()
                    }
                    return result
                }
            }
        } catch is NothingChanged {
            return nil
        }
    }

    /// Notes deleted and not brought back, the latest deletion first.
    public func deletedNotes() throws -> [DeletedNote] {
        try mappingErrors { try HistoryStore(connection: connection).deletedNotes() }
    }

    /// The journal, newest entry first: at most `limit` entries (nil: all), and how many there are.
    public func journal(limit: Int? = nil) throws -> (entries: [JournalEntry], total: Int) {
        try mappingErrors { try connection.transaction(.deferred) { try HistoryStore(connection: connection).entries(limit: limit) } }
    }

    /// Puts every note the journal entry `number` touched back as it was before it (notes it
    /// inserted deleted, notes it updated or deleted written back), in one transaction with its
    /// own journal entry `revert-load`, which it returns. Throws `HistoryError.noSuchEntry`,
    /// `.nothingToRevert`, and `.laterChanges` (nothing written) when a later entry changed any of
    /// those notes.
    public func revert(entry number: Int64) throws -> JournalEntry {
        try mappingErrors { try connection.transaction(.immediate) { try HistoryStore(connection: connection).revert(number) } }
    }
}

/// Thrown inside a transaction to roll back a command that would change nothing.
private struct NothingChanged: Error {}
