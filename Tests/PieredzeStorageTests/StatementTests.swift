import Foundation
import Testing

@testable import PieredzeStorage

@Suite("Statements: parameters, columns, rows, cache, scripts")
struct StatementTests {
    let connection: Connection

    init() throws {
        connection = try Connection.inMemory()
        try connection.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, town TEXT, born INTEGER)")
        try connection.execute("INSERT INTO people (id, name, town, born) VALUES (?, ?, ?, ?)", [1, "Jānis", "Cēsis", 1970])
        try connection.execute("INSERT INTO people (id, name, town, born) VALUES (?, ?, ?, ?)", [2, "Ilze", nil, 1985])
        try connection.execute("INSERT INTO people (id, name, town, born) VALUES (?, ?, ?, ?)", [3, "Ģirts", "Ķekava", 1992])
    }

    @Test("named parameters with :name, @name and $name")
    func namedParameters() throws {
        let statement = try connection.prepare("SELECT :colon, @at, $dollar, :colon || '!'")
        #expect(statement.parameterCount == 3)
        try statement.bind([":colon": "ā", "@at": 2, "$dollar": 2.5])
        #expect(try statement.step())
        #expect(statement.column(0, as: String.self) == "ā")
        #expect(statement.column(1, as: Int.self) == 2)
        #expect(statement.column(2, as: Double.self) == 2.5)
        #expect(statement.column(3, as: String.self) == "ā!")
        #expect(try !statement.step())

        statement.reset()
        try statement.bind("ž", named: ":colon")
        try statement.bind(nil, named: "@at")
        #expect(try statement.step())
        #expect(statement.column(0, as: String.self) == "ž")
        #expect(statement.isNull(at: 1))
        #expect(statement.column(2, as: Double.self) == 2.5)  // reset keeps bindings

        let insert = try connection.prepare("INSERT INTO people (id, name, town, born) VALUES (:id, :name, :town, :born)")
        try insert.bind([":id": 4, ":name": "Līga", ":town": "Līgatne", ":born": nil])
        #expect(try !insert.step())
        let row = try #require(try connection.rows("SELECT name, town, born FROM people WHERE id = 4").first)
        #expect(row["name", as: String.self] == "Līga")
        #expect(row["town", as: String.self] == "Līgatne")
        #expect(row.values[2] == .null)
    }

    @Test("binding an unknown parameter name fails with SQLITE_RANGE")
    func unknownParameterName() throws {
        let statement = try connection.prepare("SELECT :known")
        let error = expectSQLiteError(SQLiteError.range) {
            try statement.bind(1, named: ":unknown")
        }
        #expect(error?.message.contains(":unknown") == true)
        expectSQLiteError(SQLiteError.range) {
            try statement.bind([":known": 1, ":other": 2])
        }
    }

    @Test("the wrong number of positional arguments is an error, not a silent NULL")
    func wrongArgumentCount() throws {
        let tooFew = expectSQLiteError(SQLiteError.range) {
            try connection.execute("INSERT INTO people (id, name) VALUES (?, ?)", [10])
        }
        #expect(tooFew?.message.contains("2 arguments, 1 given") == true)
        #expect(tooFew?.sql == "INSERT INTO people (id, name) VALUES (?, ?)")
        expectSQLiteError(SQLiteError.range) {
            try connection.execute("SELECT ?", [1, 2])
        }
        expectSQLiteError(SQLiteError.range) {
            _ = try connection.rows("SELECT * FROM people WHERE id = ?")
        }
        #expect(try connection.scalar("SELECT count(*) FROM people", as: Int.self) == 3)
    }

    @Test("positional ?NNN parameters bind by index")
    func numberedParameters() throws {
        let statement = try connection.prepare("SELECT ?2, ?1, ?2")
        #expect(statement.parameterCount == 2)
        try statement.bind(["first", "second"])
        #expect(try statement.step())
        #expect(statement.column(0, as: String.self) == "second")
        #expect(statement.column(1, as: String.self) == "first")
        #expect(statement.column(2, as: String.self) == "second")
        // Binding while the statement is running is SQLite API misuse; after reset, an
        // index past the last parameter is out of range.
        expectSQLiteError(SQLiteError.misuse) { try statement.bind(1, at: 1) }
        statement.reset()
        expectSQLiteError(SQLiteError.range) { try statement.bind(1, at: 3) }
        expectSQLiteError(SQLiteError.range) { try statement.bind(1, at: 0) }
    }

    @Test("columns by index and by name")
    func columnsByName() throws {
        let statement = try connection.prepare("SELECT id, name, town AS pilsēta, born FROM people WHERE id = ?")
        #expect(statement.columnCount == 4)
        #expect(statement.columnNames == ["id", "name", "pilsēta", "born"])
        #expect(statement.columnIndex(named: "pilsēta") == 2)
        #expect(statement.columnIndex(named: "town") == nil)
        try statement.bind([3])
        #expect(try statement.step())
        #expect(statement.column(named: "name", as: String.self) == "Ģirts")
        #expect(statement.column(named: "pilsēta", as: String.self) == "Ķekava")
        #expect(statement.column(named: "born", as: Int.self) == 1992)
        #expect(statement.column(named: "missing", as: Int.self) == nil)
        #expect(statement.string(at: 1) == "Ģirts")
        #expect(statement.int64(at: 0) == 3)
        #expect(!statement.isNull(at: 2))
        #expect(statement.value(at: 3) == .integer(1992))
        #expect(try !statement.step())
    }

    @Test("Row subscripts by index and name; missing and mistyped columns give nil")
    func rowSubscripts() throws {
        let rows = try connection.rows("SELECT id, name, town, born, 'x' AS name FROM people ORDER BY id")
        #expect(rows.count == 3)
        let ilze = rows[1]
        #expect(ilze.columnNames == ["id", "name", "town", "born", "name"])
        #expect(ilze[0, as: Int.self] == 2)
        #expect(ilze[1, as: String.self] == "Ilze")
        #expect(ilze["name", as: String.self] == "Ilze")  // the first column of that name
        #expect(ilze["town", as: String.self] == nil)
        #expect(ilze["town", as: String?.self] == .some(nil))
        #expect(ilze["born", as: Int64.self] == 1985)
        #expect(ilze["nope", as: Int.self] == nil)
        #expect(ilze[99, as: Int.self] == nil)
        #expect(ilze[-1, as: Int.self] == nil)
        #expect(ilze["name", as: Int.self] == nil)
        let id: Int? = rows[2]["id"]
        #expect(id == 3)
        #expect(rows.map { $0["name", as: String.self] ?? "?" } == ["Jānis", "Ilze", "Ģirts"])
        #expect(rows[0] == Row(columnNames: ilze.columnNames,
                               values: [.integer(1), .text("Jānis"), .text("Cēsis"), .integer(1970), .text("x")]))
    }

    @Test("rows() with arguments, scalar() with no row, forEachRow")
    func queryHelpers() throws {
        let rows = try connection.rows("SELECT name FROM people WHERE born > ? ORDER BY born", [1980])
        #expect(rows.compactMap { $0[0, as: String.self] } == ["Ilze", "Ģirts"])
        #expect(try connection.scalar("SELECT name FROM people WHERE id = ?", [99], as: String.self) == nil)
        #expect(try connection.scalar("SELECT town FROM people WHERE id = 2", as: String.self) == nil)
        #expect(try connection.rows("SELECT * FROM people WHERE id < 0").isEmpty)

        let statement = try connection.prepare("SELECT id FROM people WHERE id >= ? ORDER BY id")
        var seen: [Int] = []
        try statement.forEachRow([2]) { seen.append($0.column(0) ?? -1) }
        #expect(seen == [2, 3])
        // The statement is reusable with other arguments.
        #expect(try statement.rows([3]).map { $0[0, as: Int.self] } == [3])
        #expect(try statement.rows([1]).count == 3)
    }

    @Test("a statement can be re-executed with new arguments")
    func reuse() throws {
        let insert = try connection.prepare("INSERT INTO people (id, name) VALUES (?, ?)")
        for id in 10..<20 { try insert.execute([id, "cilvēks \(id)"]) }
        #expect(try connection.scalar("SELECT count(*) FROM people WHERE id >= 10", as: Int.self) == 10)
        #expect(try connection.scalar("SELECT name FROM people WHERE id = 17", as: String.self) == "cilvēks 17")
        #expect(insert.sql == "INSERT INTO people (id, name) VALUES (?, ?)")
    }

    @Test("prepare refuses several statements and empty SQL")
    func prepareRefusesSeveralStatements() throws {
        let several = expectSQLiteError(SQLiteError.misuse) {
            _ = try connection.prepare("DELETE FROM people; DROP TABLE people")
        }
        #expect(several?.message.contains("executeScript") == true)
        #expect(try connection.scalar("SELECT count(*) FROM people", as: Int.self) == 3)
        expectSQLiteError(SQLiteError.misuse) { _ = try connection.prepare("  -- just a comment\n") }
        // A trailing semicolon and whitespace are fine (long SQL: stored out of line).
        let long = "SELECT 1 AS one;" + String(repeating: " ", count: 40) + "\n"
        #expect(try connection.prepare(long).columnCount == 1)
        #expect(try connection.prepare("SELECT 'ā' AS a, 'č' AS b;;  ; \n\n").columnCount == 2)
    }

    // Regression: Statement.init once decided "more than one statement" by trimming whitespace
    // and ';' from the tail, so a comment after the only statement counted as a second one.
    @Test("a comment after the only statement is not a second statement")
    func trailingComment() throws {
        let statement = try connection.prepare("SELECT 'ā' AS a, 'č' AS b; -- the letters")
        #expect(statement.columnCount == 2)
        try connection.execute("UPDATE people SET town = 'Sigulda' WHERE id = 2 /* Ilze moved */")
        #expect(try connection.scalar("SELECT town FROM people WHERE id = 2", as: String.self) == "Sigulda")
    }

    // Regression: Statement.init once read sqlite3_prepare_v3's tail pointer after
    // `sql.withCString` had returned. For small strings (up to 15 UTF-8 bytes, stored inline)
    // withCString hands out a temporary copy, so the tail dangled and short SQL with a trailing
    // ';' or whitespace was refused at random as "more than one statement".
    @Test("short SQL with a trailing semicolon or whitespace prepares")
    func shortSQLWithTrailingSemicolon() throws {
        for sql in ["SELECT 1;", "SELECT 1;  \n", "VACUUM;", "SELECT 2 ;\n\n"] {
            #expect(throws: Never.self, "\(sql)") { _ = try connection.prepare(sql) }
        }
        try connection.execute("PRAGMA user_version = 7;")
        #expect(try connection.scalar("PRAGMA user_version;", as: Int.self) == 7)
    }

    @Test("the statement cache returns the same statement, reset and with cleared bindings")
    func statementCache() throws {
        let sql = "SELECT id, ? FROM people ORDER BY id"
        let first = try connection.cachedStatement(sql)
        try first.bind(["bound"])
        #expect(try first.step())
        #expect(first.column(0, as: Int.self) == 1)
        #expect(try first.step())
        #expect(first.column(0, as: Int.self) == 2)

        let again = try connection.cachedStatement(sql)
        #expect(again === first)
        // Reset: it starts from the first row again; bindings cleared: the parameter is NULL.
        #expect(try again.step())
        #expect(again.column(0, as: Int.self) == 1)
        #expect(again.isNull(at: 1))

        let other = try connection.cachedStatement("SELECT 2")
        #expect(other !== first)
        #expect(try connection.cachedStatement("SELECT 2") === other)
        #expect(try connection.prepare(sql) !== first)
    }

    @Test("a cached insert can be run many times")
    func cachedInsert() throws {
        for id in 100..<110 {
            let insert = try connection.cachedStatement("INSERT INTO people (id, name) VALUES (?, ?)")
            try insert.execute([id, "n\(id)"])
        }
        #expect(try connection.scalar("SELECT count(*) FROM people WHERE id >= 100", as: Int.self) == 10)
    }

    @Test("a cached statement that failed is usable again")
    func cachedStatementAfterError() throws {
        let sql = "INSERT INTO people (id, name) VALUES (?, ?)"
        expectSQLiteError(SQLiteError.constraintPrimaryKey) {
            try connection.cachedStatement(sql).execute([1, "duplicate"])
        }
        try connection.cachedStatement(sql).execute([50, "fresh"])
        #expect(try connection.scalar("SELECT name FROM people WHERE id = 50", as: String.self) == "fresh")
    }

    @Test("executeScript runs several statements with comments and trigger bodies")
    func executeScript() throws {
        let script = """
            -- A comment before anything.
            CREATE TABLE log (id INTEGER PRIMARY KEY, message TEXT NOT NULL);
            /* A block comment; with a semicolon inside; */
            CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);

            CREATE TRIGGER items_ai AFTER INSERT ON items BEGIN
                INSERT INTO log (message) VALUES ('added ' || new.name);
                INSERT INTO log (message) VALUES ('second; statement');
            END;
            INSERT INTO items (name) VALUES ('ābols'), ('bumbieris'); -- trailing comment
            SELECT * FROM items;  -- rows are ignored
            UPDATE items SET name = upper(name) WHERE name = 'bumbieris';
            -- A comment at the end, and no statement after it.

            """
        try connection.executeScript(script)
        #expect(try tableNames(connection) == ["items", "log", "people"])
        #expect(try connection.rows("SELECT name FROM items ORDER BY id").compactMap { $0[0, as: String.self] }
            == ["ābols", "BUMBIERIS"])
        #expect(try connection.rows("SELECT message FROM log ORDER BY id").compactMap { $0[0, as: String.self] }
            == ["added ābols", "second; statement", "added bumbieris", "second; statement"])
        try connection.executeScript("")
        try connection.executeScript("  \n-- nothing\n")
    }

    @Test("an error in executeScript names the failing statement")
    func executeScriptError() throws {
        let script = """
            CREATE TABLE a (x);
            INSERT INTO a VALUES (1);
            INSERT INTO no_such_table VALUES (2);
            INSERT INTO a VALUES (3);
            """
        let error = expectSQLiteError(SQLiteError.error) { try connection.executeScript(script) }
        #expect(error?.message.contains("no such table: no_such_table") == true)
        #expect(error?.sql == "INSERT INTO no_such_table VALUES (2);")
        // The statements before the failure ran (executeScript is not a transaction); those after did not.
        #expect(try connection.rows("SELECT x FROM a").compactMap { $0[0, as: Int.self] } == [1])
    }

    @Test("a syntax error in executeScript names the failing statement")
    func executeScriptSyntaxError() throws {
        let script = "CREATE TABLE b (x);\nINSERT INTO b VALUES (1);\nINSERT INTO b VALUS (2);\nCREATE TABLE c (y);\n"
        let error = expectSQLiteError(SQLiteError.error) { try connection.executeScript(script) }
        #expect(error?.message.contains("syntax error") == true)
        // SQLite reports a syntax error at the offending token, so the statement text ends
        // there: "INSERT INTO b VALUS".
        let sql = try #require(error?.sql)
        #expect(sql.hasPrefix("INSERT INTO b VALUS"))
        #expect(!sql.contains("INSERT INTO b VALUES (1)"))
        #expect(!sql.contains("CREATE TABLE"))
        #expect(try tableNames(connection).contains("c") == false)
    }

    @Test("a runtime error in executeScript (constraint in a trigger) names the statement")
    func executeScriptConstraintError() throws {
        let script = """
            CREATE TABLE d (x TEXT NOT NULL UNIQUE);
            INSERT INTO d VALUES ('a');
            INSERT INTO d VALUES ('a');
            """
        let error = expectSQLiteError(SQLiteError.constraintUnique) { try connection.executeScript(script) }
        #expect(error?.sql == "INSERT INTO d VALUES ('a');")
    }
}
