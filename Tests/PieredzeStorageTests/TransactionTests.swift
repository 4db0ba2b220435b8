import Foundation
import Testing

@testable import PieredzeStorage

@Suite("Transactions and savepoints")
struct TransactionTests {
    let directory: TemporaryDirectory
    let path: String
    let connection: Connection

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("transactions.db")
        connection = try Connection(path: path)
        try connection.execute("CREATE TABLE t (name TEXT PRIMARY KEY)")
    }

    func names(_ connection: Connection? = nil) throws -> [String] {
        try (connection ?? self.connection).rows("SELECT name FROM t ORDER BY name").compactMap { $0[0] }
    }

    @Test("a transaction commits when its body returns, and returns the body's value")
    func commitOnReturn() throws {
        #expect(!connection.isInTransaction)
        let value = try connection.transaction {
            #expect(connection.isInTransaction)
            try connection.execute("INSERT INTO t VALUES ('a')")
            try connection.execute("INSERT INTO t VALUES ('b')")
            return 42
        }
        #expect(value == 42)
        #expect(!connection.isInTransaction)
        #expect(try names() == ["a", "b"])
        // Committed to the file: another connection sees the rows.
        let other = try Connection(path: path, mode: .readOnly)
        #expect(try names(other) == ["a", "b"])
    }

    @Test("a transaction rolls back when its body throws, and rethrows the same error", arguments: [
        Connection.TransactionKind.deferred, .immediate, .exclusive,
    ])
    func rollbackOnThrow(kind: Connection.TransactionKind) throws {
        try connection.execute("INSERT INTO t VALUES ('before')")
        #expect(throws: TestFailure("boom")) {
            try connection.transaction(kind) {
                try connection.execute("INSERT INTO t VALUES ('inside')")
                try connection.execute("UPDATE t SET name = 'changed' WHERE name = 'before'")
                #expect(try names() == ["changed", "inside"])
                throw TestFailure("boom")
            }
        }
        #expect(!connection.isInTransaction)
        #expect(try names() == ["before"])
        let other = try Connection(path: path, mode: .readOnly)
        #expect(try names(other) == ["before"])
    }

    @Test("a SQL error in the body rolls back the earlier statements")
    func rollbackOnSQLError() throws {
        expectSQLiteError(SQLiteError.constraintPrimaryKey) {
            try connection.transaction(.immediate) {
                try connection.execute("INSERT INTO t VALUES ('x')")
                try connection.execute("INSERT INTO t VALUES ('y')")
                try connection.execute("INSERT INTO t VALUES ('x')")
            }
        }
        #expect(!connection.isInTransaction)
        #expect(try names().isEmpty)
    }

    @Test("a transaction cannot begin inside another; the outer one is rolled back")
    func noNestedTransactions() throws {
        expectSQLiteError(SQLiteError.error) {
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES ('outer')")
                try connection.transaction { try connection.execute("INSERT INTO t VALUES ('inner')") }
            }
        }
        #expect(!connection.isInTransaction)
        #expect(try names().isEmpty)
    }

    @Test("an inner savepoint that throws is rolled back; the outer transaction keeps its rows")
    func nestedSavepointRollback() throws {
        try connection.transaction {
            try connection.execute("INSERT INTO t VALUES ('outer 1')")
            #expect(throws: TestFailure("inner")) {
                try connection.savepoint {
                    try connection.execute("INSERT INTO t VALUES ('inner')")
                    try connection.execute("DELETE FROM t WHERE name = 'outer 1'")
                    #expect(try names() == ["inner"])
                    throw TestFailure("inner")
                }
            }
            #expect(connection.isInTransaction)
            #expect(try names() == ["outer 1"])
            try connection.execute("INSERT INTO t VALUES ('outer 2')")
        }
        #expect(!connection.isInTransaction)
        #expect(try names() == ["outer 1", "outer 2"])
        let other = try Connection(path: path, mode: .readOnly)
        #expect(try names(other) == ["outer 1", "outer 2"])
    }

    @Test("savepoints nest inside savepoints; each level rolls back only its own work")
    func savepointInsideSavepoint() throws {
        let result = try connection.savepoint {
            #expect(connection.isInTransaction)
            try connection.execute("INSERT INTO t VALUES ('level 1')")
            try connection.savepoint {
                try connection.execute("INSERT INTO t VALUES ('level 2')")
                #expect(throws: TestFailure("level 3")) {
                    try connection.savepoint {
                        try connection.execute("INSERT INTO t VALUES ('level 3')")
                        throw TestFailure("level 3")
                    }
                }
                #expect(try names() == ["level 1", "level 2"])
                try connection.savepoint { try connection.execute("INSERT INTO t VALUES ('level 3 again')") }
            }
            #expect(throws: TestFailure("level 2")) {
                try connection.savepoint {
                    try connection.execute("INSERT INTO t VALUES ('level 2b')")
                    try connection.savepoint { try connection.execute("INSERT INTO t VALUES ('level 3b')") }
                    throw TestFailure("level 2")
                }
            }
            return try names()
        }
        #expect(result == ["level 1", "level 2", "level 3 again"])
        #expect(!connection.isInTransaction)
        #expect(connection.savepointDepth == 0)
        #expect(try names() == ["level 1", "level 2", "level 3 again"])
    }

    @Test("a savepoint outside a transaction is one: released on return, rolled back on throw")
    func savepointAsTransaction() throws {
        try connection.savepoint { try connection.execute("INSERT INTO t VALUES ('kept')") }
        #expect(!connection.isInTransaction)
        #expect(throws: TestFailure("drop")) {
            try connection.savepoint {
                try connection.execute("INSERT INTO t VALUES ('dropped')")
                throw TestFailure("drop")
            }
        }
        #expect(!connection.isInTransaction)
        #expect(connection.savepointDepth == 0)
        #expect(try names() == ["kept"])
        let other = try Connection(path: path, mode: .readOnly)
        #expect(try names(other) == ["kept"])
    }

    @Test("rolling back the outer transaction discards released savepoints too")
    func outerRollbackDiscardsSavepoints() throws {
        #expect(throws: TestFailure("outer")) {
            try connection.transaction {
                try connection.savepoint { try connection.execute("INSERT INTO t VALUES ('released')") }
                throw TestFailure("outer")
            }
        }
        #expect(try names().isEmpty)
    }

    @Test("isInTransaction follows BEGIN / COMMIT / ROLLBACK")
    func isInTransaction() throws {
        #expect(!connection.isInTransaction)
        try connection.execute("BEGIN")
        #expect(connection.isInTransaction)
        try connection.execute("COMMIT")
        #expect(!connection.isInTransaction)
        try connection.execute("BEGIN IMMEDIATE")
        #expect(connection.isInTransaction)
        try connection.execute("ROLLBACK")
        #expect(!connection.isInTransaction)
        try connection.transaction(.immediate) { #expect(connection.isInTransaction) }
        #expect(!connection.isInTransaction)
    }

    @Test("an immediate transaction takes the write lock at once")
    func immediateTakesWriteLock() throws {
        let other = try Connection(path: path, configuration: configuration(busyTimeout: .milliseconds(10)))
        try connection.transaction(.immediate) {
            let error = expectSQLiteError(SQLiteError.busy) { try other.execute("BEGIN IMMEDIATE") }
            #expect(error?.message == "database is locked")
        }
        try connection.transaction(.deferred) {
            // A deferred transaction that has not written yet holds no write lock.
            try other.execute("BEGIN IMMEDIATE")
            try other.execute("ROLLBACK")
        }
    }
}
