import Foundation
import PieredzeKit
import PieredzeStorage
import Testing

/// Privacy and busy databases (issue 11, items 14 and 15).
@Suite("Database files are private; busy and damaged databases say what they are")
struct DatabaseLocationTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func permissions(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test("a new database's directory is 0700, its file, WAL and SHM 0600, whatever the umask")
    func privateFiles() throws {
        let previous = umask(0o022)
        defer { umask(previous) }
        let path = directory.url.appendingPathComponent("nested/pieredze/kb.db").path
        let kb = try KnowledgeBase(path: path, access: .create)
        _ = try kb.load([.path(try directory.write("a.md", markdownNote(id: "a-note")))])
        #expect(try permissions((path as NSString).deletingLastPathComponent) == 0o700)
        #expect(try permissions(path) == 0o600)
        // The connection is still open, so the WAL and its index exist.
        #expect(try permissions(path + "-wal") == 0o600)
        #expect(try permissions(path + "-shm") == 0o600)
    }

    @Test("an existing directory and file keep the permissions their owner gave them")
    func existingKept() throws {
        let path = directory.url.appendingPathComponent("shared.db").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o640]))
        _ = try KnowledgeBase(path: path, access: .create)
        #expect(try permissions(path) == 0o640)
    }

    @Test("a writer kept waiting past the busy timeout, and check, say another command is writing")
    func busy() throws {
        let path = directory.url.appendingPathComponent("busy.db").path
        let kb = try KnowledgeBase(path: path, access: .create)
        _ = try kb.load([.path(try directory.write("a.md", markdownNote(id: "a-note")))])
        try kb.connection.execute("BEGIN IMMEDIATE")
        defer { try? kb.connection.execute("ROLLBACK") }

        let writer = try KnowledgeBase(path: path, access: .write, busyTimeout: .milliseconds(100))
        #expect(throws: KnowledgeBaseError.busy(path: path)) { try writer.delete(id: "a-note") }
        let checker = try KnowledgeBase(path: path, access: .check, busyTimeout: .milliseconds(100))
        #expect(throws: KnowledgeBaseError.busy(path: path)) { try checker.problems() }
        #expect(KnowledgeBaseError.busy(path: path).description == "another pieredze command is writing to \(path); try again")
    }

    @Test("SQLite's errors become sentences without SQL; only corruption is damage")
    func mapping() {
        let sql = "INSERT INTO notes (id) VALUES (?)"
        func mapped(_ code: SQLiteError.ResultCode) -> KnowledgeBaseError {
            KnowledgeBaseError(SQLiteError(resultCode: code, message: "some message", sql: sql), path: "/x/kb.db")
        }
        #expect(mapped(SQLiteError.busy) == .busy(path: "/x/kb.db"))
        #expect(mapped(SQLiteError.busySnapshot) == .busy(path: "/x/kb.db"))
        #expect(mapped(SQLiteError.readOnly) == .readOnlyLocation(path: "/x/kb.db"))
        #expect(mapped(SQLiteError.readOnlyDatabaseMoved) == .readOnlyLocation(path: "/x/kb.db"))
        #expect(mapped(SQLiteError.corrupt) == .damaged(path: "/x/kb.db", reason: "some message"))
        #expect(mapped(SQLiteError.notADatabase) == .damaged(path: "/x/kb.db", reason: "some message"))
        for code in [SQLiteError.busy, SQLiteError.readOnly, SQLiteError.corrupt, SQLiteError.ioError, SQLiteError.full,
                     SQLiteError.constraintUnique, SQLiteError.error] {
            let text = mapped(code).description
            #expect(!text.contains(sql) && !text.contains("INSERT"), "\(code)")
        }
        #expect(KnowledgeBaseError.readOnlyLocation(path: "/m/kb.db").description.hasPrefix("read-only location: /m/kb.db"))
    }

    @Test("a text file is damaged, not a broken index")
    func notADatabase() throws {
        let path = try directory.write("notes.db", String(repeating: "not a database\n", count: 100))
        #expect(throws: KnowledgeBaseError.damaged(path: path, reason: "\(path) is not a SQLite database")) {
            try KnowledgeBase(path: path, access: .read)
        }
    }
}
