import Foundation
import Testing

@testable import PieredzeStorage

@Suite("Online backup")
struct BackupTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// A database with a few tables, an index, a view, a trigger, text, blobs and NULLs.
    func fill(_ connection: Connection, rows: Int = 500) throws {
        try connection.executeScript("""
            CREATE TABLE towns (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, population INTEGER);
            CREATE TABLE notes (
                id      INTEGER PRIMARY KEY,
                town_id INTEGER REFERENCES towns (id),
                title   TEXT NOT NULL,
                body    TEXT,
                score   REAL,
                payload BLOB
            );
            CREATE INDEX notes_town ON notes (town_id, title);
            CREATE TABLE tags (note_id INTEGER NOT NULL REFERENCES notes (id), tag TEXT NOT NULL,
                               PRIMARY KEY (note_id, tag)) WITHOUT ROWID;
            CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT NOT NULL);
            CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
                INSERT INTO audit (what) VALUES ('note ' || new.id);
            END;
            CREATE VIEW town_counts AS SELECT town_id, count(*) AS n FROM notes GROUP BY town_id;
            INSERT INTO towns (id, name, population) VALUES
                (1, 'Rīga', 605273), (2, 'Daugavpils', 79120), (3, 'Liepāja', 67964), (4, 'Ķekava', NULL);
            """)
        try connection.transaction(.immediate) {
            let insert = try connection.cachedStatement(
                "INSERT INTO notes (id, town_id, title, body, score, payload) VALUES (?, ?, ?, ?, ?, ?)")
            let tag = try connection.cachedStatement("INSERT INTO tags (note_id, tag) VALUES (?, ?)")
            for id in 1...rows {
                let body: String? = id % 7 == 0 ? nil : String(repeating: "Pašvaldību pieredze \(id). ", count: id % 13 + 1)
                let payload: Data? = id % 5 == 0 ? Data((0..<(id % 97)).map { UInt8(truncatingIfNeeded: $0 * id) }) : nil
                try insert.execute([id, id % 4 + 1, "Piezīme ņ\(id)", body, Double(id) / 3, payload])
                try tag.execute([id, "tēma-\(id % 3)"])
            }
        }
    }

    func assertIdentical(_ original: Connection, _ copy: Connection) throws {
        #expect(try tableNames(copy) == tableNames(original))
        #expect(try tableNames(copy).count >= 5)
        let originalDump = try dump(original, includeRootPages: true)
        let copyDump = try dump(copy, includeRootPages: true)
        #expect(originalDump.count == copyDump.count)
        #expect(originalDump == copyDump)
        #expect(try copy.scalar("PRAGMA integrity_check", as: String.self) == "ok")
        #expect(try copy.rows("PRAGMA foreign_key_check").isEmpty)
        for pragma in ["page_size", "page_count", "user_version", "application_id"] {
            #expect(try copy.scalar("PRAGMA \(pragma)", as: Int.self) == original.scalar("PRAGMA \(pragma)", as: Int.self),
                    "PRAGMA \(pragma)")
        }
    }

    @Test("backup of a file database produces an identical database")
    func backupFileDatabase() throws {
        let original = try Connection(path: directory.path("original.db"))
        try original.execute("PRAGMA user_version = 12")
        try fill(original)
        let copyPath = directory.path("copy.db")
        try original.backup(to: copyPath)
        #expect(FileManager.default.fileExists(atPath: copyPath))

        let copy = try Connection(path: copyPath, mode: .readOnly)
        try assertIdentical(original, copy)
        #expect(try copy.scalar("SELECT count(*) FROM notes", as: Int.self) == 500)
        #expect(try copy.scalar("SELECT name FROM towns WHERE id = 4", as: String.self) == "Ķekava")
        #expect(try copy.scalar("SELECT n FROM town_counts WHERE town_id = 1", as: Int.self) == 125)
        // The index was copied and is used.
        let plan = try copy.rows("EXPLAIN QUERY PLAN SELECT title FROM notes WHERE town_id = 2")
            .compactMap { $0["detail", as: String.self] }.joined(separator: "\n")
        #expect(plan.contains("notes_town"))
        // The trigger works in the copy.
        let writable = try Connection(path: copyPath, mode: .readWrite)
        try writable.execute("INSERT INTO notes (id, town_id, title) VALUES (1000, 1, 'jauna')")
        #expect(try writable.scalar("SELECT what FROM audit ORDER BY id DESC LIMIT 1", as: String.self) == "note 1000")
    }

    @Test("backup of an in-memory database writes it to a file")
    func backupInMemory() throws {
        let original = try Connection.inMemory()
        try fill(original, rows: 120)
        let copyPath = directory.path("memory-copy.db")
        try original.backup(to: copyPath)
        let copy = try Connection(path: copyPath, mode: .readOnly)
        try assertIdentical(original, copy)
    }

    @Test("backup overwrites an existing database with the current state")
    func backupOverwrites() throws {
        let copyPath = directory.path("existing.db")
        do {
            let old = try Connection(path: copyPath)
            try old.execute("CREATE TABLE stale (x)")
            try old.execute("INSERT INTO stale VALUES ('vecs')")
        }
        let original = try Connection(path: directory.path("source.db"))
        try fill(original, rows: 50)
        try original.execute("DELETE FROM tags WHERE note_id > 40")
        try original.execute("DELETE FROM notes WHERE id > 40")
        try original.backup(to: copyPath)

        let copy = try Connection(path: copyPath, mode: .readOnly)
        #expect(try !tableNames(copy).contains("stale"))
        try assertIdentical(original, copy)
        #expect(try copy.scalar("SELECT count(*) FROM notes", as: Int.self) == 40)
    }

    @Test("the source stays usable, and a second backup reflects later changes")
    func backupTwice() throws {
        let original = try Connection(path: directory.path("twice.db"))
        try fill(original, rows: 30)
        try original.backup(to: directory.path("first.db"))
        try original.execute("UPDATE towns SET population = 1 WHERE id = 1")
        try original.backup(to: directory.path("second.db"))
        let first = try Connection(path: directory.path("first.db"), mode: .readOnly)
        let second = try Connection(path: directory.path("second.db"), mode: .readOnly)
        #expect(try first.scalar("SELECT population FROM towns WHERE id = 1", as: Int.self) == 605273)
        #expect(try second.scalar("SELECT population FROM towns WHERE id = 1", as: Int.self) == 1)
        try assertIdentical(original, second)
    }

    @Test("backup to an impossible path fails with a SQLiteError")
    func backupToBadPath() throws {
        let original = try Connection.inMemory()
        try fill(original, rows: 3)
        let error = expectSQLiteError(SQLiteError.cantOpen) {
            try original.backup(to: directory.path("no/such/directory/copy.db"))
        }
        #expect(error?.message.contains("no/such/directory") == true)
    }
}
