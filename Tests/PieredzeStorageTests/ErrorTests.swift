import Foundation
import Testing

@testable import PieredzeStorage

@Suite("SQLiteError: result codes, messages, SQL, and no leaked arguments")
struct ErrorTests {
    let connection: Connection

    init() throws {
        connection = try Connection.inMemory()
        try connection.executeScript("""
            CREATE TABLE towns (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
            CREATE TABLE people (
                id      INTEGER PRIMARY KEY,
                name    TEXT NOT NULL,
                email   TEXT UNIQUE,
                age     INTEGER CHECK (age >= 0),
                town_id INTEGER REFERENCES towns (id)
            );
            CREATE TABLE pairs (a INTEGER, b INTEGER, PRIMARY KEY (a, b)) WITHOUT ROWID;
            CREATE TABLE strict_numbers (n INTEGER) STRICT;
            INSERT INTO towns (id, name) VALUES (1, 'Rīga');
            INSERT INTO people (id, name, email, age, town_id) VALUES (1, 'Anna', 'anna@example.lv', 30, 1);
            INSERT INTO pairs VALUES (1, 2);
            """)
    }

    // MARK: Constraint violations

    @Test("UNIQUE violation → SQLITE_CONSTRAINT_UNIQUE (2067)")
    func unique() throws {
        let sql = "INSERT INTO people (id, name, email) VALUES (2, 'Bērziņš', 'anna@example.lv')"
        var caught = false
        do {
            try connection.execute(sql)
        } catch SQLiteError.constraintPrimaryKey {
            Issue.record("a UNIQUE violation matched the PRIMARY KEY pattern")
        } catch SQLiteError.constraintUnique {
            caught = true
        }
        #expect(caught)
        let error = try #require(expectSQLiteError(SQLiteError.constraintUnique) { try connection.execute(sql) })
        #expect(error.resultCode == SQLiteError.constraintUnique)
        #expect(error.resultCode.rawValue == 2067)  // SQLITE_CONSTRAINT_UNIQUE
        #expect(error.resultCode.primary == SQLiteError.constraint)
        #expect(error.primaryResultCode == SQLiteError.constraint)
        #expect(!error.resultCode.isPrimary)
        #expect(error.message == "UNIQUE constraint failed: people.email")
    }

    @Test("PRIMARY KEY violation → SQLITE_CONSTRAINT_PRIMARYKEY (1555; rowid alias and WITHOUT ROWID)")
    func primaryKey() throws {
        var count = 0
        do {
            try connection.execute("INSERT INTO people (id, name) VALUES (1, 'Otrs')")
        } catch SQLiteError.constraintUnique {
            Issue.record("a PRIMARY KEY violation matched the UNIQUE pattern")
        } catch SQLiteError.constraintPrimaryKey {
            count += 1
        }
        do {
            try connection.execute("INSERT INTO pairs VALUES (1, 2)")
        } catch SQLiteError.constraintPrimaryKey {
            count += 1
        }
        #expect(count == 2)
        let error = expectSQLiteError(SQLiteError.constraintPrimaryKey) {
            try connection.execute("INSERT INTO pairs VALUES (?, ?)", [1, 2])
        }
        #expect(error?.resultCode.rawValue == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
        #expect(error?.message.contains("pairs.a, pairs.b") == true)
    }

    @Test("FOREIGN KEY violation → SQLITE_CONSTRAINT_FOREIGNKEY (787)")
    func foreignKey() throws {
        var caught = false
        do {
            try connection.execute("INSERT INTO people (id, name, town_id) VALUES (3, 'Pēteris', 99)")
        } catch SQLiteError.constraintForeignKey {
            caught = true
        }
        #expect(caught)
        let error = expectSQLiteError(SQLiteError.constraintForeignKey) {
            try connection.execute("DELETE FROM towns WHERE id = 1")
        }
        #expect(error?.resultCode.rawValue == 787)  // SQLITE_CONSTRAINT_FOREIGNKEY
        #expect(error?.message == "FOREIGN KEY constraint failed")
        #expect(try connection.scalar("SELECT count(*) FROM towns", as: Int.self) == 1)
    }

    @Test("NOT NULL violation → SQLITE_CONSTRAINT_NOTNULL (1299)")
    func notNull() throws {
        var caught = false
        do {
            try connection.execute("INSERT INTO people (id, name) VALUES (4, ?)", [nil])
        } catch SQLiteError.constraintNotNull {
            caught = true
        }
        #expect(caught)
        let error = expectSQLiteError(SQLiteError.constraintNotNull) {
            try connection.execute("UPDATE people SET name = NULL")
        }
        #expect(error?.resultCode.rawValue == 1299)  // SQLITE_CONSTRAINT_NOTNULL
        #expect(error?.message == "NOT NULL constraint failed: people.name")
    }

    @Test("CHECK violation → SQLITE_CONSTRAINT_CHECK (275)")
    func check() throws {
        var caught = false
        do {
            try connection.execute("INSERT INTO people (id, name, age) VALUES (5, 'Jauns', -1)")
        } catch SQLiteError.constraintCheck {
            caught = true
        }
        #expect(caught)
        let error = expectSQLiteError(SQLiteError.constraintCheck) {
            try connection.execute("UPDATE people SET age = -5")
        }
        #expect(error?.resultCode.rawValue == 275)  // SQLITE_CONSTRAINT_CHECK
        #expect(error?.message.contains("CHECK constraint failed") == true)
    }

    @Test("the primary pattern SQLiteError.constraint matches every constraint violation", arguments: [
        ("INSERT INTO people (id, name, email) VALUES (10, 'x', 'anna@example.lv')", SQLiteError.constraintUnique),
        ("INSERT INTO people (id, name) VALUES (1, 'x')", SQLiteError.constraintPrimaryKey),
        ("INSERT INTO people (id, name, town_id) VALUES (10, 'x', 42)", SQLiteError.constraintForeignKey),
        ("INSERT INTO people (id, name) VALUES (10, NULL)", SQLiteError.constraintNotNull),
        ("INSERT INTO people (id, name, age) VALUES (10, 'x', -3)", SQLiteError.constraintCheck),
    ])
    func primaryPatternMatchesExtendedCodes(sql: String, extended: SQLiteError.ResultCode) throws {
        var matched = false
        do {
            try connection.execute(sql)
        } catch SQLiteError.busy {
            Issue.record("a constraint violation matched SQLiteError.busy")
        } catch SQLiteError.constraint {
            matched = true
        }
        #expect(matched)
        let error = try #require(expectSQLiteError(extended) { try connection.execute(sql) })
        #expect(error.resultCode == extended)
        #expect(extended ~= error)
        #expect(SQLiteError.constraint ~= error)
        #expect(!(SQLiteError.error ~= error))
        #expect(!(SQLiteError.constraintTrigger ~= error))
        #expect(!(SQLiteError.constraint ~= TestFailure("not SQLite")))
        #expect(try connection.scalar("SELECT count(*) FROM people", as: Int.self) == 1)
    }

    @Test("a failed statement changes nothing, and the connection stays usable")
    func failedStatementIsAtomic() throws {
        expectSQLiteError(SQLiteError.constraintUnique) {
            // The second row violates UNIQUE: the first must not stay behind.
            try connection.execute("INSERT INTO towns (id, name) VALUES (2, 'Cēsis'), (3, 'Rīga')")
        }
        #expect(try connection.scalar("SELECT count(*) FROM towns", as: Int.self) == 1)
        try connection.execute("INSERT INTO towns (id, name) VALUES (2, 'Cēsis')")
        #expect(try connection.scalar("SELECT count(*) FROM towns", as: Int.self) == 2)
    }

    // MARK: Syntax errors and SQL

    @Test("a syntax error carries SQLite's message and the statement's SQL")
    func syntaxError() throws {
        let sql = "SELEC name FROM people"
        let error = try #require(expectSQLiteError(SQLiteError.error) { _ = try connection.rows(sql) })
        #expect(error.resultCode == SQLiteError.error)
        #expect(error.message.contains("syntax error"))
        #expect(error.message.contains("SELEC"))
        #expect(error.sql == sql)
        let description = String(describing: error)
        #expect(description.contains("syntax error"))
        #expect(description.contains(sql))
        #expect(description.contains("SQLite error 1"))

        let unknownColumn = expectSQLiteError(SQLiteError.error) {
            try connection.execute("UPDATE people SET nam = 'x'")
        }
        #expect(unknownColumn?.message == "no such column: nam")
        #expect(unknownColumn?.sql == "UPDATE people SET nam = 'x'")
    }

    @Test("a runtime error carries the SQL of the statement that failed")
    func runtimeErrorSQL() throws {
        let sql = "INSERT INTO strict_numbers (n) VALUES (?)"
        let error = expectSQLiteError(SQLiteError.constraint) { try connection.execute(sql, ["not a number"]) }
        #expect(error?.sql == sql)
        #expect(error?.message.contains("cannot store TEXT value in INTEGER column") == true)
    }

    @Test("the description never contains bound argument values")
    func argumentsStayOutOfDescription() throws {
        let secret = "Slepens: Jānis Bērziņš, personas kods 010170-12345"
        let secretNumber = 987_654_321_012
        try connection.execute("INSERT INTO people (id, name, email) VALUES (?, ?, ?)", [7, secret, "secret@example.lv"])
        var errors: [SQLiteError] = []
        for (sql, arguments) in [
            ("INSERT INTO people (id, name, email) VALUES (?, ?, ?)", [secretNumber, secret, "secret@example.lv"]),
            ("INSERT INTO people (id, name, email) VALUES (?, ?, ?)", [7, secret, "other@example.lv"]),
            ("INSERT INTO people (id, name, age) VALUES (?, ?, ?)", [secretNumber, secret, -secretNumber]),
            ("INSERT INTO people (id, name, town_id) VALUES (?, ?, ?)", [secretNumber, secret, secretNumber]),
            ("INSERT INTO strict_numbers (n) VALUES (?)", [secret]),
            ("INSERT INTO people (id, name) VALUES (?, ?, ?)", [secretNumber, secret]),
        ] as [(String, [(any SQLiteValueConvertible)?])] {
            do {
                try connection.execute(sql, arguments)
                Issue.record("\(sql) should have failed")
            } catch let error as SQLiteError {
                errors.append(error)
            }
        }
        #expect(errors.count == 6)
        for error in errors {
            for text in [String(describing: error), String(reflecting: error), error.message, error.sql ?? "",
                         error.localizedDescription] {
                #expect(!text.contains("Slepens"), "\(text)")
                #expect(!text.contains("Bērziņš"), "\(text)")
                #expect(!text.contains("secret@example.lv"), "\(text)")
                #expect(!text.contains(String(secretNumber)), "\(text)")
            }
            #expect(String(describing: error).contains("INSERT INTO"))
        }
    }

    @Test("result code names come from SQLite")
    func resultCodeNames() {
        #expect(SQLiteError.busy.name == "database is locked")
        #expect(SQLiteError.readOnly.name == "attempt to write a readonly database")
        #expect(SQLiteError.constraintUnique.name == "constraint failed")
        #expect(SQLiteError.constraintUnique.primary == SQLiteError.constraint)
        #expect(SQLiteError.constraintUnique.rawValue == 2067)  // SQLITE_CONSTRAINT_UNIQUE
        #expect(SQLiteError.constraintCheck.rawValue == 275)  // SQLITE_CONSTRAINT_CHECK
        #expect(SQLiteError.constraintForeignKey.rawValue == 787)  // SQLITE_CONSTRAINT_FOREIGNKEY
        #expect(SQLiteError.constraintNotNull.rawValue == 1299)  // SQLITE_CONSTRAINT_NOTNULL
        #expect(SQLiteError.constraintPrimaryKey.rawValue == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
        #expect(SQLiteError.constraintTrigger.rawValue == 1811)  // SQLITE_CONSTRAINT_TRIGGER
        #expect(SQLiteError.readOnlyDatabaseMoved.rawValue == 1032)  // SQLITE_READONLY_DBMOVED
        #expect(SQLiteError.busySnapshot.rawValue == 517)  // SQLITE_BUSY_SNAPSHOT
        #expect(SQLiteError.busy.isPrimary)
        #expect(SQLiteError.busy.description == "5 (database is locked)")
    }

    @Test("RAISE in a trigger gives SQLITE_CONSTRAINT_TRIGGER (1811) with the trigger's message")
    func triggerRaise() throws {
        try connection.execute("""
            CREATE TRIGGER towns_no_delete BEFORE DELETE ON towns
            BEGIN SELECT RAISE(ABORT, 'towns are never deleted'); END
            """)
        let error = expectSQLiteError(SQLiteError.constraintTrigger) { try connection.execute("DELETE FROM towns") }
        #expect(error?.message == "towns are never deleted")
    }
}
