import Foundation
import PieredzeKit
import PieredzeStorage
import Testing

/// `migrations/` is the single source of truth; the binary carries the same files compiled in
/// by the MigrationsPlugin. These tests fail when the two drift apart.
@Suite("Compiled-in migrations")
struct EmbeddedMigrationsTests {
    /// The package's `migrations/` directory, found from this file: Tests/PieredzeKitTests/ → ../../migrations.
    static let migrationsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("migrations", isDirectory: true)

    /// Every `*.sql` file in `migrations/`, sorted by name, with its raw bytes.
    static func filesOnDisk() throws -> [(name: String, bytes: Data)] {
        try FileManager.default.contentsOfDirectory(atPath: migrationsDirectory.path)
            .filter { $0.hasSuffix(".sql") }
            .sorted()
            .map { ($0, try Data(contentsOf: migrationsDirectory.appendingPathComponent($0))) }
    }

    @Test("Schema.migrationFiles has the files of migrations/, in order, byte for byte")
    func embeddedEqualsFiles() throws {
        let onDisk = try Self.filesOnDisk()
        try #require(!onDisk.isEmpty, "no migrations found in \(Self.migrationsDirectory.path)")
        #expect(onDisk.first?.name == "0001_bootstrap.sql")

        let embedded = Schema.migrationFiles
        #expect(embedded.map(\.fileName) == onDisk.map(\.name))
        for (file, compiled) in zip(onDisk, embedded) {
            #expect(Data(compiled.sql.utf8) == file.bytes,
                    "\(file.name): the compiled-in SQL differs from the file (\(compiled.sql.utf8.count) vs \(file.bytes.count) bytes)")
            #expect(Migration.checksum(compiled.sql) == Migration.checksum(String(decoding: file.bytes, as: UTF8.self)))
        }
    }

    @Test("the migrator's migrations match the files: versions, names, checksums")
    func migratorMatchesFiles() throws {
        let onDisk = try Self.filesOnDisk()
        let migrator = try Schema.migrator()
        #expect(migrator.migrations.map(\.fileName) == onDisk.map(\.name))
        #expect(migrator.migrations.map(\.version) == Array(1...onDisk.count))  // numbered without gaps
        for (migration, file) in zip(migrator.migrations, onDisk) {
            let fromFile = try Migration(fileName: file.name, sql: String(decoding: file.bytes, as: UTF8.self))
            #expect(migration == fromFile)
            #expect(migration.sha256 == fromFile.sha256)
        }
    }

    @Test("the compiled-in migrations apply cleanly to an empty database")
    func migrationsApplyCleanly() throws {
        // The knowledge base's configuration: later migrations need its FTS5 tokenizer.
        let connection = try Connection.inMemory(configuration: KnowledgeBase.connectionConfiguration())
        let migrator = try Schema.migrator()
        let applied = try migrator.migrate(connection)
        #expect(applied.count == Schema.migrationFiles.count)
        #expect(try connection.rows("PRAGMA foreign_key_check").isEmpty)
        #expect(try connection.scalar("PRAGMA integrity_check", as: String.self) == "ok")
        let versions: [Int] = try connection.rows("SELECT version FROM schema_migrations ORDER BY version").compactMap { $0[0] }
        #expect(versions == migrator.migrations.map(\.version))
        #expect(try connection.scalar("SELECT value FROM meta WHERE key = 'application'", as: String.self) == "pieredze")
        try migrator.requireCurrent(connection)
        #expect(try migrator.migrate(connection).isEmpty)
    }

    /// A database made before a concept joined the starter set: 0004 copied the set of its day.
    /// Deleting the concept `reforma` after 0008 stands in for it.
    static func databaseBefore0009(userConcept: Bool) throws -> (Connection, Migrator) {
        let connection = try Connection.inMemory(configuration: KnowledgeBase.connectionConfiguration())
        let migrator = try Schema.migrator()
        let through8 = try Migrator(migrations: Array(migrator.migrations.prefix(8)))
        _ = try through8.migrate(connection)
        let reforma = try #require(try connection.scalar(
            "SELECT concept_id FROM thesaurus_terms WHERE text = 'reforma'", as: Int.self))
        let key = try #require(try connection.scalar(
            "SELECT lookup_key FROM thesaurus_terms WHERE text = 'reforma'", as: String.self))
        try connection.execute("DELETE FROM thesaurus_concepts WHERE id = ?", [reforma])
        if userConcept {  // the users hold "reforma" in a concept of their own
            try connection.execute("INSERT INTO thesaurus_concepts (id, note) VALUES (1000, 'mūsu')")
            try connection.execute("""
                INSERT INTO thesaurus_terms (concept_id, text, language, is_preferred, lookup_key)
                VALUES (1000, 'reforma', 'lv', 1, ?), (1000, 'pārveide', 'lv', 0, 'parveid')
                """, [key])
        }
        return (connection, migrator)
    }

    @Test("0009 gives an older database the starter concepts it lacks, and leaves the users' own")
    func starterAdditions() throws {
        let (older, migrator) = try Self.databaseBefore0009(userConcept: false)
        let concepts = try older.scalar("SELECT count(*) FROM thesaurus_concepts", as: Int.self)
        #expect(try migrator.migrate(older).map(\.version) == [9])
        #expect(try older.scalar("SELECT count(*) FROM thesaurus_concepts", as: Int.self) == concepts.map { $0 + 1 })
        let added: [String] = try older.rows("""
            SELECT text || ':' || language || ':' || is_preferred FROM thesaurus_terms
            WHERE concept_id = (SELECT concept_id FROM thesaurus_terms WHERE text = 'реформа') ORDER BY id
            """).compactMap { $0[0] }
        #expect(added == ["reforma:lv:1", "реформа:ru:0"])
        #expect(try older.rows("PRAGMA foreign_key_check").isEmpty)

        let (theirs, _) = try Self.databaseBefore0009(userConcept: true)
        _ = try migrator.migrate(theirs)
        let kept: [String] = try theirs.rows(
            "SELECT text FROM thesaurus_terms WHERE concept_id = 1000 ORDER BY id").compactMap { $0[0] }
        #expect(kept == ["reforma", "pārveide"])
        #expect(try theirs.scalar("SELECT count(*) FROM thesaurus_terms WHERE text = 'реформа'", as: Int.self) == 0)

        // A new database has the whole set from 0004; 0009 adds nothing twice.
        let fresh = try Connection.inMemory(configuration: KnowledgeBase.connectionConfiguration())
        _ = try migrator.migrate(fresh)
        #expect(try fresh.scalar("SELECT count(*) FROM thesaurus_terms WHERE text = 'реформа'", as: Int.self) == 1)
    }
}
