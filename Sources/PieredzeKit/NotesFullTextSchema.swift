extension Schema {
    /// The full-text index over notes as the migrations build it (migrations/0003): what code that
    /// manages the index by hand (the bulk loader) must name. The migrations themselves are
    /// checksummed and stay as shipped; a test checks these names against a migrated database.
    public enum NotesFullText {
        /// The FTS5 table (external content over `notes`, rowid = `notes.pk`).
        public static let table = "notes_fts"
        /// Its columns, in the table's order; each is a `notes` column of the same name.
        public static let columns: [NoteField] = [.title, .summary, .context, .lesson, .recommendation, .body]
        /// The triggers on `notes` that keep the index in step row by row (insert, update, delete).
        public static let triggerNames = ["notes_ai", "notes_au", "notes_ad"]
    }
}
