/// Checking, repairing and deleting: the operations that keep a knowledge base sound.
extension KnowledgeBase {
    /// Every problem `IntegrityCheck` finds (one line each: SQLite's integrity check, foreign
    /// keys, the full-text index); empty when the database is sound. Needs `.check` or write
    /// access: FTS5's integrity check is an INSERT.
    public func problems() throws -> [String] {
        try IntegrityCheck.run(connection)
    }

    /// Rebuilds the full-text index from the notes, in one transaction. Needs write access.
    public func rebuildIndex() throws {
        try IntegrityCheck.rebuildIndex(connection)
    }

    /// Deletes the note with `id`, its lists and its index entry; throws
    /// `KnowledgeBaseError.noSuchNote` when there is none.
    public func delete(id: String) throws {
        try NoteStore(connection: connection).delete(id: id)
    }
}
