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
}
