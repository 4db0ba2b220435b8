import Foundation
import Testing

@testable import PieredzeStorage

/// A parent table with children that cascade, as `notes` and its `note_*` tables do.
private let parentAndChildren = Migration(version: 1, name: "parent_and_children", sql: """
    CREATE TABLE notes (pk INTEGER PRIMARY KEY, title TEXT NOT NULL) STRICT;
    CREATE TABLE note_tags (note_pk INTEGER NOT NULL REFERENCES notes (pk) ON DELETE CASCADE,
                            tag TEXT NOT NULL, PRIMARY KEY (note_pk, tag)) STRICT, WITHOUT ROWID;
    INSERT INTO notes (pk, title) VALUES (1, 'Pirmā'), (2, 'Otrā');
    INSERT INTO note_tags (note_pk, tag) VALUES (1, 'reforma'), (1, 'novadi'), (2, 'budžets');
    """)

/// SQLite's 12-step ALTER TABLE (https://www.sqlite.org/lang_altertable.html#otheralter):
/// create the new table, copy, drop the old one, rename the new one into its place.
private let rebuildSQL = """
    CREATE TABLE new_notes (pk INTEGER PRIMARY KEY, title TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '') STRICT;
    INSERT INTO new_notes (pk, title) SELECT pk, title FROM notes;
    DROP TABLE notes;
    ALTER TABLE new_notes RENAME TO notes;
    """

@Suite("Migration foreign-key checks")
struct MigrationForeignKeyTests {
    let directory: TemporaryDirectory
    let connection: Connection

    init() throws {
        directory = try TemporaryDirectory()
        connection = try Connection(path: directory.path("foreign-keys.db"))
    }

    func tags() throws -> [String] {
        try connection.rows("SELECT note_pk || ':' || tag FROM note_tags ORDER BY note_pk, tag").compactMap { $0[0] }
    }

    @Test("a migration that rebuilds a parent table keeps its children (foreign keys deferred, the default)")
    func rebuildKeepsChildren() throws {
        let rebuild = Migration(version: 2, name: "rebuild_notes", sql: rebuildSQL)
        #expect(rebuild.foreignKeyChecks == .deferred)
        try Migrator(migrations: [parentAndChildren]).migrate(connection)
        let before = try tags()
        #expect(before.count == 3)

        let applied = try Migrator(migrations: [parentAndChildren, rebuild]).migrate(connection)

        #expect(applied.map(\.version) == [2])
        #expect(try tags() == before)
        #expect(try connection.scalar("SELECT count(*) FROM notes", as: Int.self) == 2)
        #expect(try connection.scalar("SELECT summary FROM notes WHERE pk = 1", as: String.self) == "")
        #expect(try connection.rows("PRAGMA foreign_key_check").isEmpty)
        // The setting is back on, and the children still point at the rebuilt parent.
        #expect(try connection.scalar("PRAGMA foreign_keys", as: Int.self) == 1)
        try connection.execute("DELETE FROM notes WHERE pk = 1")
        #expect(try tags() == ["2:budžets"])
    }

    @Test("the same rebuild with immediate checks cascades the drop to the children")
    func immediateRebuildLosesChildren() throws {
        let rebuild = Migration(version: 2, name: "rebuild_notes", sql: rebuildSQL, foreignKeyChecks: .immediate)
        try Migrator(migrations: [parentAndChildren]).migrate(connection)

        try Migrator(migrations: [parentAndChildren, rebuild]).migrate(connection)

        // Why `.deferred` is the default: DROP TABLE deleted every row first, and the cascade took the tags.
        #expect(try tags().isEmpty)
        #expect(try connection.scalar("PRAGMA foreign_keys", as: Int.self) == 1)
    }

    @Test("a migration that leaves a dangling reference is refused, names the table and commits nothing")
    func danglingReferenceRefused() throws {
        try Migrator(migrations: [parentAndChildren]).migrate(connection)
        let before = try dump(connection)
        // Rebuilds the parent but forgets note 2, whose tag is left pointing nowhere.
        let lossy = Migration(version: 2, name: "lossy_rebuild", sql: """
            CREATE TABLE new_notes (pk INTEGER PRIMARY KEY, title TEXT NOT NULL) STRICT;
            INSERT INTO new_notes (pk, title) SELECT pk, title FROM notes WHERE pk = 1;
            DROP TABLE notes;
            ALTER TABLE new_notes RENAME TO notes;
            CREATE TABLE audit (id INTEGER PRIMARY KEY);
            """)

        let expected = MigrationError.foreignKeyViolations(version: 2, name: "lossy_rebuild", count: 1, tables: ["note_tags"])
        #expect(throws: expected) {
            try Migrator(migrations: [parentAndChildren, lossy]).migrate(self.connection)
        }
        #expect(expected.description.contains("note_tags"))
        #expect(expected.description.contains("lossy_rebuild"))
        #expect(!connection.isInTransaction)
        #expect(try dump(connection) == before)
        #expect(try connection.scalar("SELECT count(*) FROM schema_migrations WHERE version = 2", as: Int.self) == 0)
        #expect(try connection.scalar("PRAGMA foreign_keys", as: Int.self) == 1)
    }

    @Test("a deferred migration is refused inside an open transaction, before it runs")
    func deferredInsideTransaction() throws {
        try Migrator(migrations: [parentAndChildren]).migrate(connection)
        let rebuild = Migration(version: 2, name: "rebuild_notes", sql: rebuildSQL)
        try connection.execute("BEGIN")
        #expect(throws: MigrationError.foreignKeysCannotBeDeferred(version: 2, name: "rebuild_notes")) {
            try Migrator(migrations: [parentAndChildren, rebuild]).migrate(self.connection)
        }
        try connection.execute("ROLLBACK")
        #expect(try tags().count == 3)
        #expect(try connection.scalar("SELECT count(*) FROM schema_migrations WHERE version = 2", as: Int.self) == 0)
    }

    @Test("a connection with foreign keys off stays off after a migration")
    func previousSettingRestored() throws {
        try connection.execute("PRAGMA foreign_keys = OFF")
        try Migrator(migrations: [parentAndChildren, Migration(version: 2, name: "rebuild_notes", sql: rebuildSQL)])
            .migrate(connection)
        #expect(try connection.scalar("PRAGMA foreign_keys", as: Int.self) == 0)
        #expect(try tags().count == 3)
    }
}
