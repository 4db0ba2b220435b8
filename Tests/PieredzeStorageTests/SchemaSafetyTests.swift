import CSQLite
import Foundation
import Testing

@testable import PieredzeStorage

/// trusted_schema, new files' permissions, the immutable fallback's URI, and schema comparison.
@Suite("Connections do not trust a database's schema; schemas compare object by object")
struct SchemaSafetyTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test("trusted_schema is off unless asked for")
    func trustedSchemaOff() throws {
        let connection = try Connection(path: directory.path("a.db"))
        #expect(try connection.isSchemaTrusted == false)
        try connection.setTrustedSchema(true)
        #expect(try connection.isSchemaTrusted == true)
        var configuration = Connection.Configuration()
        configuration.trustedSchema = true
        #expect(try Connection(path: directory.path("a.db"), configuration: configuration).isSchemaTrusted == true)
    }

    @Test("with trusted_schema off, a trigger cannot call a function not marked innocuous")
    func untrustedTriggerRefused() throws {
        let connection = try Connection(path: directory.path("t.db"))
        // A function registered without SQLITE_INNOCUOUS, like any with side effects.
        let code = sqlite3_create_function_v2(connection.handle, "side_effect", 0, SQLITE_UTF8, nil,
                                              { context, _, _ in sqlite3_result_int(context, 1) }, nil, nil, nil)
        #expect(code == SQLITE_OK)
        try connection.execute("CREATE TABLE t (x INTEGER)")
        try connection.execute("CREATE TABLE log (x INTEGER)")
        try connection.execute("CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN INSERT INTO log VALUES (side_effect()); END")
        #expect(throws: SQLiteError.self) { try connection.execute("INSERT INTO t VALUES (1)") }
        #expect(try connection.scalar("SELECT count(*) FROM log", as: Int.self) == 0)
        try connection.setTrustedSchema(true)
        try connection.execute("INSERT INTO t VALUES (1)")
        #expect(try connection.scalar("SELECT count(*) FROM log", as: Int.self) == 1)
    }

    @Test("a new database file is 0600 whatever the umask; an existing one keeps its mode")
    func newFilePermissions() throws {
        let previous = umask(0)
        defer { umask(previous) }
        let path = directory.path("private.db")
        _ = try Connection(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        let shared = directory.path("shared.db")
        #expect(FileManager.default.createFile(atPath: shared, contents: nil, attributes: [.posixPermissions: 0o644]))
        _ = try Connection(path: shared)
        #expect(try FileManager.default.attributesOfItem(atPath: shared)[.posixPermissions] as? Int == 0o644)
    }

    @Test("the immutable URI escapes what SQLite's URI parser would read as structure, and opens the file")
    func immutableURI() throws {
        #expect(Connection.immutableURI(for: "/a b/c%d?e#f.db") == "file:/a%20b/c%25d%3Fe%23f.db?immutable=1")
        let path = directory.path("odd %?# name.db")
        do {
            // Closed before reading: an immutable reader does not see what is still in the WAL.
            let writer = try Connection(path: path)
            try writer.execute("CREATE TABLE t (x INTEGER)")
            try writer.execute("INSERT INTO t VALUES (42)")
        }
        let reader = try Connection(path: Connection.immutableURI(for: path), mode: .readOnly)
        #expect(try reader.scalar("SELECT x FROM t", as: Int.self) == 42)
        #expect(!Connection.isPlainPath(":memory:") && !Connection.isPlainPath("file:x.db") && Connection.isPlainPath("x.db"))
    }

    @Test("schema differences name each object added, missing, retyped or redefined")
    func differences() throws {
        func object(_ type: String, _ name: String, _ sql: String?) -> SchemaSnapshot.Object {
            SchemaSnapshot.Object(type: type, name: name, tableName: "t", sql: sql)
        }
        let expected = SchemaSnapshot(objects: [
            object("table", "t", "CREATE TABLE t (x INTEGER CHECK (x > 0))"),
            object("index", "t_x", "CREATE INDEX t_x ON t (x)"),
            object("trigger", "t_ai", "CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN SELECT 1; END"),
        ])
        let stat = object("table", "sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat)")
        // Line breaks and indentation do not count.
        let same = SchemaSnapshot(objects: [
            object("table", "t", "CREATE TABLE t\n    (x INTEGER\n     CHECK (x > 0))"),
            object("index", "t_x", "CREATE INDEX t_x ON t (x)"),
            object("trigger", "t_ai", "CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN SELECT 1; END"), stat,
        ])
        #expect(same.differences(from: expected, owner: "P", allowedExtras: [stat]) == [])
        let edited = SchemaSnapshot(objects: [
            object("table", "t", "CREATE TABLE t (x INTEGER)"),
            object("view", "t_x", "CREATE VIEW t_x AS SELECT 1"),
            object("trigger", "t_evil", "CREATE TRIGGER t_evil AFTER INSERT ON t BEGIN DELETE FROM t; END"),
            object("table", "sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat,x CHECK (x))"),
        ])
        #expect(edited.differences(from: expected, owner: "P", allowedExtras: [stat]) == [
            "table sqlite_stat1 is not P's",
            "table t is not defined as P defines it",
            "trigger t_ai is missing",
            "trigger t_evil is not P's",
            "t_x is a view, P's is an index",
        ])
        let connection = try Connection.inMemory()
        try connection.execute("CREATE TABLE t (x INTEGER CHECK (x > 0))")
        #expect(try SchemaSnapshot(of: connection).objects == [object("table", "t", "CREATE TABLE t (x INTEGER CHECK (x > 0))")])
    }
}
