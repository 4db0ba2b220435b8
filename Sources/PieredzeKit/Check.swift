import PieredzeStorage

/// Consistency checks of a knowledge base: SQLite's own, foreign keys, and the FTS index.
///
/// With the custom `latvian` tokenizer the plain `sqlite3` shell cannot check the index (it
/// does not have the tokenizer), so this is how people and tests do it.
public enum IntegrityCheck {
    /// Every problem found; empty when the database is sound. Throws SQLite's error for anything
    /// that is not a finding (busy, read-only).
    /// `checkingIndex` false leaves out the full-text index, whose check is a write.
    public static func run(_ connection: Connection, checkingIndex: Bool = true) throws -> [String] {
        var problems: [String] = []
        for row in try connection.rows("PRAGMA integrity_check") {
            if let message: String = row[0], message != "ok" { problems.append("integrity_check: \(message)") }
        }
        for row in try connection.rows("PRAGMA foreign_key_check") {
            let table: String = row[0] ?? "?"
            let rowid: Int64 = row[1] ?? 0
            let parent: String = row[2] ?? "?"
            problems.append("foreign_key_check: \(table) row \(rowid) refers to a missing \(parent) row")
        }
        guard checkingIndex else { return problems }
        do {
            try connection.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)")
        } catch let error as SQLiteError where error.resultCode.primary == SQLiteError.corrupt {
            // Only a mismatch (SQLITE_CORRUPT_VTAB) means a broken index; a busy or read-only
            // database is thrown on, to be reported as what it is.
            problems.append("notes_fts: the full-text index does not match the notes (\(error.message)); rebuild it with `pieredze check --repair`")
        }
        return problems
    }

    /// Rebuilds the full-text index from the notes.
    public static func rebuildIndex(_ connection: Connection) throws {
        try connection.transaction(.immediate) {
            try connection.execute("INSERT INTO notes_fts (notes_fts) VALUES ('rebuild')")
        }
    }
}
