import Foundation
import Testing

@testable import PieredzeStorage

/// Hand-made migrations, so each case controls exactly what the database has seen.
enum Fixtures {
    static let towns = Migration(version: 1, name: "towns", sql: """
        -- Towns, with two rows.
        CREATE TABLE towns (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;
        INSERT INTO towns (id, name) VALUES (1, 'Rīga'), (2, 'Cēsis');
        """)
    static let notes = Migration(version: 2, name: "notes", sql: """
        CREATE TABLE notes (
            id      INTEGER PRIMARY KEY,
            town_id INTEGER NOT NULL REFERENCES towns (id),
            title   TEXT NOT NULL
        );
        CREATE INDEX notes_town ON notes (town_id);
        INSERT INTO notes (id, town_id, title) VALUES (1, 1, 'Pirmā piezīme; ar semikolu');
        """)
    static let tags = Migration(version: 3, name: "tags", sql: """
        CREATE TABLE tags (note_id INTEGER NOT NULL REFERENCES notes (id), tag TEXT NOT NULL,
                           PRIMARY KEY (note_id, tag)) WITHOUT ROWID;
        ALTER TABLE notes ADD COLUMN summary TEXT NOT NULL DEFAULT '';
        CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
            DELETE FROM tags WHERE note_id = old.id;
        END;
        """)
    static let all = [towns, notes, tags]
}

@Suite("Migrator")
struct MigratorTests {
    let directory: TemporaryDirectory
    let path: String
    let connection: Connection

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("migrations.db")
        connection = try Connection(path: path)
    }

    struct Record: Equatable {
        let version: Int
        let name: String
        let sha256: String
        let appliedAt: String
    }

    func records(_ connection: Connection? = nil) throws -> [Record] {
        try (connection ?? self.connection)
            .rows("SELECT version, name, sha256, applied_at FROM schema_migrations ORDER BY version")
            .map { Record(version: $0[0] ?? -1, name: $0[1] ?? "", sha256: $0[2] ?? "", appliedAt: $0[3] ?? "") }
    }

    // MARK: Applying

    @Test("a fresh database gets every migration, in version order, each recorded")
    func freshApply() throws {
        let migrator = try Migrator(migrations: [Fixtures.tags, Fixtures.towns, Fixtures.notes])
        #expect(migrator.migrations.map(\.version) == [1, 2, 3])
        let before = Date()
        let applied = try migrator.migrate(connection)
        let after = Date()
        #expect(applied == Fixtures.all)
        #expect(!connection.isInTransaction)

        #expect(try tableNames(connection) == ["notes", "schema_migrations", "tags", "towns"])
        #expect(try connection.scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'notes_town'",
                                      as: Int.self) == 1)
        #expect(try connection.scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'", as: Int.self) == 1)
        #expect(try connection.scalar("SELECT name FROM towns WHERE id = 2", as: String.self) == "Cēsis")
        #expect(try connection.scalar("SELECT summary FROM notes WHERE id = 1", as: String.self) == "")
        #expect(try connection.rows("PRAGMA foreign_key_check").isEmpty)

        let records = try records()
        #expect(records.map(\.version) == [1, 2, 3])
        #expect(records.map(\.name) == ["towns", "notes", "tags"])
        #expect(records.map(\.sha256) == Fixtures.all.map { Migration.checksum($0.sql) })
        #expect(records.map(\.sha256) == Fixtures.all.map(\.sha256))
        let pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
        for record in records {
            #expect(record.sha256.wholeMatch(of: /[0-9a-f]{64}/) != nil)
            #expect(record.appliedAt.wholeMatch(of: pattern) != nil, "\(record.appliedAt)")
            let date = try #require(Date(sqliteValue: .text(record.appliedAt)))
            #expect(date >= before.addingTimeInterval(-1) && date <= after.addingTimeInterval(1))
        }
        #expect(try connection.scalar("SELECT typeof(version) || ' ' || typeof(applied_at) FROM schema_migrations LIMIT 1",
                                      as: String.self) == "integer text")

        // Persisted: a new connection sees the same.
        let reopened = try Connection(path: path, mode: .readOnly)
        #expect(try self.records(reopened) == records)
        try migrator.requireCurrent(reopened)
    }

    @Test("running the migrator again applies nothing and changes nothing")
    func idempotentRerun() throws {
        let migrator = try Migrator(migrations: Fixtures.all)
        try migrator.migrate(connection)
        let records = try records()
        let before = try dump(connection)
        let changes = connection.totalChanges

        #expect(try migrator.migrate(connection).isEmpty)
        #expect(try migrator.migrate(connection).isEmpty)
        #expect(connection.totalChanges == changes)
        #expect(try self.records() == records)
        #expect(try dump(connection) == before)

        let reopened = try Connection(path: path)
        #expect(try migrator.migrate(reopened).isEmpty)
        #expect(try self.records(reopened) == records)
        #expect(try dump(reopened) == before)
    }

    @Test("a newer migrator applies only the migrations that are missing")
    func incrementalApply() throws {
        try Migrator(migrations: [Fixtures.towns]).migrate(connection)
        let first = try records()
        #expect(first.map(\.version) == [1])
        #expect(try tableNames(connection) == ["schema_migrations", "towns"])

        let applied = try Migrator(migrations: Fixtures.all).migrate(connection)
        #expect(applied.map(\.version) == [2, 3])
        let all = try records()
        #expect(all.map(\.version) == [1, 2, 3])
        #expect(all.first == first.first)  // v1's record untouched
        #expect(try connection.scalar("SELECT count(*) FROM towns", as: Int.self) == 2)  // v1 not re-run
    }

    @Test("a migrator with no migrations leaves an empty database empty")
    func emptyMigrator() throws {
        let migrator = try Migrator(migrations: [])
        #expect(try migrator.migrate(connection).isEmpty)
        try migrator.requireCurrent(connection)
        #expect(try migrator.status(of: connection).isEmpty)
        #expect(try dump(connection).isEmpty)
    }

    // MARK: Refusing

    @Test("an edited migration is refused with checksumMismatch, and nothing is written")
    func editedMigrationRefused() throws {
        try Migrator(migrations: [Fixtures.towns]).migrate(connection)
        let before = try dump(connection)
        let recorded = try records()

        let edited = Migration(version: 1, name: "towns", sql: Fixtures.towns.sql + "\n-- a harmless-looking edit")
        #expect(edited.sha256 != Fixtures.towns.sha256)
        let migrator = try Migrator(migrations: [edited, Fixtures.notes])
        let expected = MigrationError.checksumMismatch(
            version: 1, name: "towns", recorded: Fixtures.towns.sha256, shipped: edited.sha256)

        #expect(throws: expected) { try migrator.migrate(self.connection) }
        #expect(throws: expected) { try migrator.validate(self.connection) }
        #expect(throws: expected) { try migrator.requireCurrent(self.connection) }
        #expect(throws: expected) { _ = try migrator.status(of: self.connection) }

        #expect(try dump(connection) == before)
        #expect(try records() == recorded)
        #expect(try !tableNames(connection).contains("notes"))  // v2 was not applied either
        #expect(!connection.isInTransaction)
        #expect(expected.description.contains("edited"))
        #expect(expected.description.contains(String(Fixtures.towns.sha256.prefix(12))))

        // Even a whitespace-only change counts.
        let reformatted = Migration(version: 1, name: "towns", sql: Fixtures.towns.sql.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(throws: MigrationError.self) { try Migrator(migrations: [reformatted]).migrate(self.connection) }
        #expect(try dump(connection) == before)
    }

    @Test("a database with migrations this binary does not know is refused, and nothing is written")
    func futureMigrationRefused() throws {
        try Migrator(migrations: Fixtures.all).migrate(connection)
        let before = try dump(connection)

        let older = try Migrator(migrations: [Fixtures.towns, Fixtures.notes])
        let expected = MigrationError.unknownMigrations(versions: [3])
        #expect(throws: expected) { try older.migrate(self.connection) }
        #expect(throws: expected) { try older.validate(self.connection) }
        #expect(throws: expected) { try older.requireCurrent(self.connection) }
        #expect(throws: expected) { _ = try older.status(of: self.connection) }
        #expect(try dump(connection) == before)
        #expect(expected.description.contains("newer"))

        // An older binary that also has a migration of its own pending still refuses first.
        let diverged = try Migrator(migrations: [Fixtures.towns, Migration(version: 4, name: "other", sql: "CREATE TABLE other (x);")])
        #expect(throws: MigrationError.unknownMigrations(versions: [2, 3])) { try diverged.migrate(self.connection) }
        #expect(try dump(connection) == before)
    }

    // MARK: Failing

    @Test("a failing migration leaves the database exactly as it was", arguments: [
        // A syntax error after statements that created, inserted, updated and indexed.
        Migration(version: 2, name: "broken_syntax", sql: """
            CREATE TABLE extra (id INTEGER PRIMARY KEY, label TEXT);
            INSERT INTO extra (id, label) VALUES (1, 'a'), (2, 'b');
            UPDATE towns SET name = name || ' (mainīts)';
            INSERT INTO towns (id, name) VALUES (3, 'Valmiera');
            CREATE INDEX towns_name ON towns (name);
            DROP TABLE app_data;
            SELEC 'this is not SQL';
            CREATE TABLE never (x);
            """),
        // A constraint violation in the last statement.
        Migration(version: 2, name: "broken_constraint", sql: """
            CREATE TABLE extra (id INTEGER PRIMARY KEY, label TEXT);
            INSERT INTO extra (id, label) VALUES (1, 'a');
            DELETE FROM app_data;
            ALTER TABLE towns ADD COLUMN region TEXT;
            INSERT INTO towns (id, name) VALUES (1, 'Rīga atkal');
            """),
    ])
    func failingMigrationRollsBack(broken: Migration) throws {
        try Migrator(migrations: [Fixtures.towns]).migrate(connection)
        // Data the application wrote after v1, which the migration touches before failing.
        try connection.execute("CREATE TABLE app_data (k TEXT PRIMARY KEY, v BLOB)")
        try connection.execute("INSERT INTO app_data VALUES ('ā', x'00ff'), ('ž', NULL)")
        let before = try dump(connection)
        let recorded = try records()
        #expect(before.count > 5)

        let migrator = try Migrator(migrations: [Fixtures.towns, broken, Fixtures.tags])
        var sqliteError: SQLiteError?
        do {
            try migrator.migrate(connection)
            Issue.record("the broken migration was applied")
        } catch let MigrationError.failed(version, name, error) {
            #expect(version == 2)
            #expect(name == broken.name)
            sqliteError = error
        }
        let error = try #require(sqliteError)
        if broken.name == "broken_syntax" {
            #expect(error.message.contains("syntax error"))
            #expect(error.sql?.contains("SELEC") == true)
        } else {
            #expect(error.resultCode == SQLiteError.constraintPrimaryKey)
            #expect(error.sql?.contains("INSERT INTO towns (id, name) VALUES (1, 'Rīga atkal')") == true)
        }

        #expect(!connection.isInTransaction)
        #expect(try dump(connection) == before)
        #expect(try records() == recorded)
        #expect(try records().map(\.version) == [1])
        #expect(try !tableNames(connection).contains("extra"))
        // On disk too.
        let reopened = try Connection(path: path, mode: .readOnly)
        #expect(try dump(reopened) == before)
        #expect(try reopened.scalar("PRAGMA integrity_check", as: String.self) == "ok")
        // And the connection is fine for the next, correct, migration.
        #expect(try Migrator(migrations: [Fixtures.towns, Fixtures.notes]).migrate(connection).map(\.version) == [2])
    }

    @Test("a failing first migration leaves a new database empty, without schema_migrations")
    func failingFirstMigration() throws {
        let broken = Migration(version: 1, name: "bootstrap", sql: "CREATE TABLE a (x);\nINSERT INTO a VALUES (1);\nINSERT INTO b VALUES (2);")
        #expect(throws: MigrationError.self) { try Migrator(migrations: [broken]).migrate(self.connection) }
        #expect(try dump(connection).isEmpty)
        #expect(try tableNames(connection).isEmpty)
    }

    @Test("earlier migrations of the same run stay applied when a later one fails")
    func earlierMigrationsStay() throws {
        let broken = Migration(version: 2, name: "broken", sql: "CREATE TABLE x (a);\nINSERT INTO nowhere VALUES (1);")
        let migrator = try Migrator(migrations: [Fixtures.towns, broken, Fixtures.tags])
        #expect(throws: MigrationError.self) { try migrator.migrate(self.connection) }
        #expect(try records().map(\.version) == [1])
        #expect(try tableNames(connection) == ["schema_migrations", "towns"])
        let status = try migrator.status(of: connection)
        #expect(status.map(\.isApplied) == [true, false, false])
    }

    @Test("a migration that leaves foreign-key violations is rolled back", arguments: [
        // New rows that point nowhere (deferred constraint: the inserts themselves succeed).
        Migration(version: 2, name: "orphans", sql: """
            CREATE TABLE notes (id INTEGER PRIMARY KEY,
                                town_id INTEGER REFERENCES towns (id) DEFERRABLE INITIALLY DEFERRED);
            INSERT INTO notes VALUES (1, 99), (2, 98), (3, 1);
            """),
        // Deleting parents of existing rows with foreign keys deferred.
        Migration(version: 2, name: "delete_parents", sql: """
            PRAGMA defer_foreign_keys = ON;
            DELETE FROM towns;
            INSERT INTO towns (id, name) VALUES (5, 'Sigulda');
            """),
    ])
    func foreignKeyViolationsRolledBack(broken: Migration) throws {
        try Migrator(migrations: [Fixtures.towns]).migrate(connection)
        if broken.name == "delete_parents" {
            try connection.execute("CREATE TABLE visits (id INTEGER PRIMARY KEY, town_id INTEGER REFERENCES towns (id))")
            try connection.execute("INSERT INTO visits VALUES (1, 1), (2, 2)")
        }
        let before = try dump(connection)

        let table = broken.name == "delete_parents" ? "visits" : "notes"
        #expect(throws: MigrationError.foreignKeyViolations(version: 2, name: broken.name, count: 2, tables: [table])) {
            try Migrator(migrations: [Fixtures.towns, broken]).migrate(self.connection)
        }
        #expect(!connection.isInTransaction)
        #expect(try dump(connection) == before)
        #expect(try records().map(\.version) == [1])
        #expect(try connection.scalar("PRAGMA defer_foreign_keys", as: Int.self) == 0)
        #expect(try connection.scalar("PRAGMA foreign_keys", as: Int.self) == 1)
        let message = MigrationError.foreignKeyViolations(version: 2, name: broken.name, count: 2, tables: [table]).description
        #expect(message.contains("rolled back"))
        #expect(message.contains(table))
    }

    // MARK: Read-only use

    @Test("requireCurrent throws pendingMigrations, without writing anything")
    func requireCurrent() throws {
        let migrator = try Migrator(migrations: Fixtures.all)
        #expect(throws: MigrationError.pendingMigrations(versions: [1, 2, 3])) { try migrator.requireCurrent(self.connection) }
        #expect(try tableNames(connection).isEmpty)  // did not even create schema_migrations

        try Migrator(migrations: [Fixtures.towns]).migrate(connection)
        let readOnly = try Connection(path: path, mode: .readOnly)
        #expect(throws: MigrationError.pendingMigrations(versions: [2, 3])) { try migrator.requireCurrent(readOnly) }
        #expect(MigrationError.pendingMigrations(versions: [2, 3]).description.contains("pieredze migrate"))

        try migrator.migrate(connection)
        try migrator.requireCurrent(connection)
        try migrator.requireCurrent(readOnly)
        try migrator.validate(readOnly)
    }

    @Test("migrating through a read-only connection fails and writes nothing")
    func migrateReadOnly() throws {
        try Migrator(migrations: [Fixtures.towns]).migrate(connection)
        let before = try dump(connection)
        let readOnly = try Connection(path: path, mode: .readOnly)
        #expect(throws: (any Error).self) { try Migrator(migrations: Fixtures.all).migrate(readOnly) }
        #expect(try dump(connection) == before)
    }

    @Test("status(of:) lists applied and pending migrations")
    func status() throws {
        let migrator = try Migrator(migrations: Fixtures.all)
        let fresh = try migrator.status(of: connection)
        #expect(fresh.map(\.migration) == Fixtures.all)
        #expect(fresh.allSatisfy { !$0.isApplied && $0.appliedAt == nil })

        try Migrator(migrations: [Fixtures.towns]).migrate(connection)
        let partial = try migrator.status(of: connection)
        #expect(partial.map(\.migration.version) == [1, 2, 3])
        #expect(partial.map(\.isApplied) == [true, false, false])
        #expect(try partial[0].appliedAt == records().first?.appliedAt)
        #expect(partial[0].migration.sha256 == Fixtures.towns.sha256)
        #expect(partial[1].appliedAt == nil)

        try migrator.migrate(connection)
        let done = try migrator.status(of: connection)
        #expect(done.map(\.isApplied) == [true, true, true])
        #expect(try done.map(\.appliedAt) == records().map(\.appliedAt))
    }

    // MARK: Building migrators

    @Test("migration file names parse into version and name", arguments: [
        ("0001_bootstrap.sql", 1, "bootstrap"),
        ("0002_lessons_schema.sql", 2, "lessons_schema"),
        ("0042_a_b_c.sql", 42, "a_b_c"),
        ("12345_big.sql", 12345, "big"),
    ])
    func validFileNames(fileName: String, version: Int, name: String) throws {
        let migration = try Migration(fileName: fileName, sql: "SELECT 1;")
        #expect(migration.version == version)
        #expect(migration.name == name)
        #expect(migration.sql == "SELECT 1;")
        #expect(migration.sha256 == Migration.checksum("SELECT 1;"))
        #expect(migration.fileName == fileName)
    }

    @Test("invalid migration file names are rejected", arguments: [
        "bootstrap.sql", "0001-bootstrap.sql", "0001_bootstrap.txt", "0001_bootstrap", "0001_bootstrap.sql.bak",
        "0000_zero.sql", "-001_negative.sql", "0001_.sql", "_bootstrap.sql", "abcd_bootstrap.sql", "v1_bootstrap.sql", "001_short.sql", "0001_Upper.sql", "0001_with space.sql", "+001_plus.sql",
        "",
    ])
    func invalidFileNames(fileName: String) throws {
        #expect(throws: MigrationError.invalidFileName(fileName)) {
            _ = try Migration(fileName: fileName, sql: "SELECT 1;")
        }
        #expect(throws: MigrationError.invalidFileName(fileName)) {
            _ = try Migrator(files: [("0001_ok.sql", "SELECT 1;"), (fileName, "SELECT 2;")])
        }
        #expect(MigrationError.invalidFileName(fileName).description.contains("0001_description.sql"))
    }

    @Test("duplicate versions are rejected")
    func duplicateVersions() throws {
        #expect(throws: MigrationError.duplicateVersion(2)) {
            _ = try Migrator(migrations: [Fixtures.towns, Fixtures.notes, Migration(version: 2, name: "again", sql: "")])
        }
        #expect(throws: MigrationError.duplicateVersion(1)) {
            _ = try Migrator(files: [("0001_a.sql", "SELECT 1;"), ("00001_b.sql", "SELECT 2;")])
        }
        let ok = try Migrator(files: [("0002_b.sql", "SELECT 2;"), ("0001_a.sql", "SELECT 1;")])
        #expect(ok.migrations.map(\.fileName) == ["0001_a.sql", "0002_b.sql"])
    }

    @Test("checksums are hex SHA-256 of the SQL's UTF-8 bytes")
    func checksums() {
        #expect(Migration.checksum("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Migration.checksum("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Migration(version: 1, name: "x", sql: "abc").sha256 == Migration.checksum("abc"))
        #expect(Migration.checksum("ā") != Migration.checksum("a"))
        #expect(Migration.checksum("SELECT 1;\n") != Migration.checksum("SELECT 1;"))
    }
}
