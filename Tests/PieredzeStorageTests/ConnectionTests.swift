import Foundation
import Testing

@testable import PieredzeStorage

@Suite("Connection: opening, closing and settings")
struct ConnectionTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test("opening a new path creates a SQLite database file")
    func openCreatesFile() throws {
        let path = directory.path("new.db")
        #expect(!FileManager.default.fileExists(atPath: path))
        do {
            let connection = try Connection(path: path)
            #expect(connection.path == path)
            #expect(connection.mode == .readWriteCreate)
            #expect(!connection.isInMemory)
            #expect(!connection.isReadOnly)
            try connection.execute("CREATE TABLE t (x)")
            try connection.execute("INSERT INTO t VALUES (42)")
        }
        #expect(FileManager.default.fileExists(atPath: path))
        let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(16)
        #expect(header == Data("SQLite format 3\u{0}".utf8))
        let reopened = try Connection(path: path, mode: .readWrite)
        #expect(try reopened.scalar("SELECT x FROM t", as: Int.self) == 42)
    }

    @Test("releasing a connection closes its handle: the WAL is checkpointed away and a second connection can leave WAL mode")
    func releaseClosesHandle() throws {
        let path = directory.path("close.db")
        let second: Connection
        do {
            let first = try Connection(path: path)
            try first.execute("CREATE TABLE t (x)")
            try first.execute("INSERT INTO t VALUES (1)")
            second = try Connection(path: path)
            // While `first` is open, `second` is not the only connection and cannot leave WAL mode.
            let refused = try? second.scalar("PRAGMA journal_mode = DELETE", as: String.self)
            #expect(refused != "delete")
            #expect(directory.fileExists("close.db-wal"))
            withExtendedLifetime(first) {}
        }
        // `first` is gone: `second` is alone and may switch the journal mode.
        #expect(try second.scalar("PRAGMA journal_mode = DELETE", as: String.self) == "delete")
        #expect(try second.scalar("SELECT count(*) FROM t", as: Int.self) == 1)
        withExtendedLifetime(second) {}
    }

    @Test("the last connection to close removes the -wal and -shm files")
    func lastCloseRemovesWalFiles() throws {
        let path = directory.path("wal.db")
        do {
            let connection = try Connection(path: path)
            try connection.execute("CREATE TABLE t (x)")
            try connection.execute("INSERT INTO t VALUES (1)")
            #expect(directory.fileExists("wal.db-wal"))
            withExtendedLifetime(connection) {}
        }
        #expect(!directory.fileExists("wal.db-wal"))
        #expect(!directory.fileExists("wal.db-shm"))
        // The data reached the main file; the file can be replaced and reopened.
        let copy = directory.path("copy.db")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try FileManager.default.removeItem(atPath: path)
        let reopened = try Connection(path: copy, mode: .readOnly)
        #expect(try reopened.scalar("SELECT count(*) FROM t", as: Int.self) == 1)
    }

    @Test("in-memory databases work and are private to their connection")
    func inMemory() throws {
        let connection = try Connection.inMemory()
        #expect(connection.isInMemory)
        #expect(connection.path == ":memory:")
        try connection.execute("CREATE TABLE t (x)")
        try connection.execute("INSERT INTO t VALUES (?)", ["ā"])
        #expect(try connection.scalar("SELECT x FROM t", as: String.self) == "ā")
        #expect(try connection.scalar("PRAGMA journal_mode", as: String.self) == "memory")
        let other = try Connection.inMemory()
        #expect(try tableNames(other).isEmpty)
    }

    @Test("a read-only connection refuses to write with SQLITE_READONLY")
    func readOnlyRefusesWrites() throws {
        let path = directory.path("ro.db")
        do {
            let writer = try Connection(path: path)
            try writer.execute("CREATE TABLE t (x)")
            try writer.execute("INSERT INTO t VALUES (1)")
        }
        let reader = try Connection(path: path, mode: .readOnly)
        #expect(reader.isReadOnly)
        #expect(reader.mode == .readOnly)
        #expect(try reader.scalar("SELECT count(*) FROM t", as: Int.self) == 1)

        var caught = false
        do {
            try reader.execute("INSERT INTO t VALUES (2)")
            Issue.record("a read-only connection wrote")
        } catch SQLiteError.readOnly {
            caught = true
        }
        #expect(caught)

        let error = #expect(throws: SQLiteError.self) {
            try reader.execute("CREATE TABLE u (y)")
        }
        #expect(error?.resultCode.primary == SQLiteError.readOnly)
        #expect(error?.message.contains("readonly") == true)
        #expect(try reader.scalar("SELECT count(*) FROM t", as: Int.self) == 1)
        #expect(try tableNames(reader) == ["t"])
    }

    @Test("opening a missing file read-only (or read-write) fails and creates nothing")
    func openMissingFileFails() throws {
        let path = directory.path("missing.db")
        for mode in [Connection.Mode.readOnly, .readWrite] {
            let error = #expect(throws: SQLiteError.self) {
                _ = try Connection(path: path, mode: mode)
            }
            #expect(error?.resultCode.primary == SQLiteError.cantOpen)
            #expect(error?.message.contains(path) == true)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a text file is reported as 'not a SQLite database', untouched", arguments: [
        Connection.Mode.readWriteCreate, .readWrite, .readOnly,
    ])
    func textFileIsNotADatabase(mode: Connection.Mode) throws {
        let path = directory.path("notes.txt")
        let text = String(repeating: "Šis nav datubāzes fails, tikai teksts.\n", count: 50)
        try text.write(toFile: path, atomically: true, encoding: .utf8)

        let error = #expect(throws: SQLiteError.self) {
            _ = try Connection(path: path, mode: mode)
        }
        #expect(error?.resultCode.primary == SQLiteError.notADatabase)
        #expect(error?.message.contains("is not a SQLite database") == true)
        #expect(error?.message.contains(path) == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
        #expect(!directory.fileExists("notes.txt-wal"))
    }

    @Test("file databases use WAL with synchronous=NORMAL")
    func walMode() throws {
        let connection = try Connection(path: directory.path("wal.db"))
        #expect(try connection.scalar("PRAGMA journal_mode", as: String.self) == "wal")
        #expect(try connection.scalar("PRAGMA synchronous", as: Int.self) == 1)
    }

    @Test("walMode = false keeps the rollback journal")
    func walModeOff() throws {
        var configuration = Connection.Configuration()
        configuration.walMode = false
        let connection = try Connection(path: directory.path("delete.db"), configuration: configuration)
        #expect(try connection.scalar("PRAGMA journal_mode", as: String.self) == "delete")
    }

    @Test("foreign keys and recursive triggers are on, and foreign keys are enforced")
    func pragmasOn() throws {
        let connection = try Connection(path: directory.path("pragmas.db"))
        #expect(try connection.scalar("PRAGMA foreign_keys", as: Int.self) == 1)
        #expect(try connection.scalar("PRAGMA recursive_triggers", as: Int.self) == 1)
        let memory = try Connection.inMemory()
        #expect(try memory.scalar("PRAGMA foreign_keys", as: Int.self) == 1)
        try memory.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
        try memory.execute("CREATE TABLE child (parent_id INTEGER REFERENCES parent (id))")
        expectSQLiteError(SQLiteError.constraintForeignKey) {
            try memory.execute("INSERT INTO child VALUES (7)")
        }
    }

    @Test("the busy timeout defaults to 5 s and follows the configuration")
    func busyTimeoutSetting() throws {
        #expect(try Connection.inMemory().scalar("PRAGMA busy_timeout", as: Int.self) == 5000)
        let short = try Connection.inMemory(configuration: configuration(busyTimeout: .milliseconds(200)))
        #expect(try short.scalar("PRAGMA busy_timeout", as: Int.self) == 200)
    }

    @Test("double-quoted string literals are rejected")
    func doubleQuotedStringsRejected() throws {
        let connection = try Connection.inMemory()
        let error = #expect(throws: SQLiteError.self) {
            try connection.execute(#"SELECT "nope""#)
        }
        #expect(error?.message.contains("no such column: nope") == true)
        try connection.execute("CREATE TABLE t (x)")
        let ddl = #expect(throws: SQLiteError.self) {
            try connection.execute(#"CREATE INDEX t_bad ON t ("missing")"#)
        }
        #expect(ddl?.message.contains("missing") == true)
        // Single quotes are string literals, double quotes identifiers.
        #expect(try connection.scalar(#"SELECT 'yes' FROM (SELECT 1 AS "x")"#, as: String.self) == "yes")
    }

    @Test("defensive mode stops SQL from corrupting the schema")
    func defensiveMode() throws {
        let connection = try Connection.inMemory()
        try connection.execute("CREATE TABLE t (x)")
        try? connection.execute("PRAGMA writable_schema = ON")
        #expect(throws: SQLiteError.self) {
            try connection.execute("UPDATE sqlite_schema SET sql = 'garbage' WHERE name = 't'")
        }
        #expect(try connection.scalar("SELECT sql FROM sqlite_schema WHERE name = 't'", as: String.self) == "CREATE TABLE t (x)")
    }

    @Test("prepareConnection hooks run on open, and their errors fail the open")
    func prepareConnectionHooks() throws {
        var configuration = Connection.Configuration()
        configuration.prepareConnection = [{ try $0.execute("CREATE TEMP TABLE hooked (x)") }]
        let connection = try Connection.inMemory(configuration: configuration)
        #expect(try connection.scalar("SELECT count(*) FROM temp.sqlite_schema WHERE name = 'hooked'", as: Int.self) == 1)

        configuration.prepareConnection = [{ _ in throw TestFailure("hook failed") }]
        #expect(throws: TestFailure("hook failed")) {
            _ = try Connection(path: directory.path("hook.db"), configuration: configuration)
        }
    }

    @Test("lastInsertRowID, changes and totalChanges")
    func rowIDAndChanges() throws {
        let connection = try Connection.inMemory()
        try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, x)")
        try connection.execute("INSERT INTO t (id, x) VALUES (41, 'a')")
        #expect(connection.lastInsertRowID == 41)
        try connection.execute("INSERT INTO t (x) VALUES ('b'), ('c')")
        #expect(connection.lastInsertRowID == 43)
        #expect(connection.changes == 2)
        try connection.execute("UPDATE t SET x = 'z' WHERE id > 41")
        #expect(connection.changes == 2)
        try connection.execute("DELETE FROM t")
        #expect(connection.changes == 3)
        #expect(connection.totalChanges == 1 + 2 + 2 + 3)
    }
}
