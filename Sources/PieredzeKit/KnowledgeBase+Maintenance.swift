import PieredzeStorage

/// Checking, repairing and deleting: the operations that keep a knowledge base sound.
extension KnowledgeBase {
    /// Every problem found, one line each; empty when the database is sound. A schema that is
    /// not Pieredze's (`schemaDifferences`) is listed alone: the other checks would run the
    /// database's own SQL. Otherwise `IntegrityCheck`'s findings (SQLite's integrity check,
    /// foreign keys, the full-text index). Needs `.check` or write access: FTS5's integrity check
    /// is an INSERT, so at a read-only location (`isReadOnlyLocation`) the index is not checked.
    /// Throws `KnowledgeBaseError.busy` when another command holds the write lock
    /// past the busy timeout: a busy database is not a broken one.
    public func problems() throws -> [String] {
        guard schemaDifferences.isEmpty else {
            return schemaDifferences.map { "schema: \($0)" }
                + ["schema: the database's schema differs from Pieredze's; nothing else was checked, as that would run its SQL"]
        }
        return try mappingErrors { try IntegrityCheck.run(connection, checkingIndex: !isReadOnlyLocation) }
    }

    /// Rebuilds the full-text index from the notes, in one transaction. Needs write access.
    public func rebuildIndex() throws {
        try mappingErrors { try IntegrityCheck.rebuildIndex(connection) }
    }

    /// Runs `body`, turning SQLite's errors into `KnowledgeBaseError` sentences about this database.
    func mappingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw KnowledgeBaseError(error, path: path)
        }
    }

    /// Deletes the note with `id`, its lists and its index entry, in one transaction with its
    /// journal entry `delete` (returned) and the note's last version, so `restore(id:)` can bring
    /// it back. Throws `KnowledgeBaseError.noSuchNote` when there is none.
    @discardableResult
    public func delete(id: String) throws -> JournalEntry {
        try mappingErrors {
            try connection.transaction(.immediate) {
                guard let entry = try HistoryStore(connection: connection).delete(id: id) else { throw KnowledgeBaseError.noSuchNote(id: id) }
                return entry
            }
        }
    }
}
