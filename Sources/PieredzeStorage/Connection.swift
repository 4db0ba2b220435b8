import CSQLite
import Foundation

/// One open SQLite database connection (`sqlite3*`).
///
/// Concurrency model: a connection and its statements are used by one thread at a time and are
/// deliberately not `Sendable`; open one connection per thread (SQLite serialises writers through
/// the file lock, and the busy timeout makes a second writer wait instead of failing at once).
/// The library is opened with `SQLITE_OPEN_NOMUTEX` for that reason.
public final class Connection {
    /// How to open the file.
    public enum Mode: Sendable {
        /// Refuse writes; fail if the file does not exist.
        case readOnly
        /// Fail if the file does not exist.
        case readWrite
        /// Create the file if it does not exist.
        case readWriteCreate
    }

    /// Settings applied to every connection when it opens.
    public struct Configuration {
        /// How long a statement waits for another connection's lock before failing with `SQLITE_BUSY`.
        public var busyTimeout: Duration = .seconds(5)
        /// Whether file databases use WAL journaling with `synchronous=NORMAL` (readers never block the writer).
        public var walMode = true
        /// Extra set-up run on the open connection, e.g. to register an FTS5 tokenizer.
        public var prepareConnection: [(Connection) throws -> Void] = []

        public init() {}
    }

    public let handle: OpaquePointer
    /// The path given to `init`, or `:memory:`.
    public let path: String
    public let mode: Mode
    private var statementCache: [String: Statement] = [:]
    /// How many savepoints are open, so nested ones get distinct names.
    var savepointDepth = 0

    /// Opens (or creates) the database at `path`, then checks that it really is a SQLite database.
    public init(path: String, mode: Mode = .readWriteCreate, configuration: Configuration = Configuration()) throws {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            // sqlite3_open_v2 allocates a handle even when it fails; it must still be closed.
            let error = SQLiteError(code: code, connection: handle)
            sqlite3_close_v2(handle)
            throw SQLiteError(resultCode: error.resultCode, message: "cannot open \(path): \(error.message)")
        }
        self.handle = handle
        self.path = path
        self.mode = mode
        // If configuring fails, `self` is already whole, so deinit closes the handle.
        try configure(configuration)
    }

    /// Opens a private in-memory database.
    public static func inMemory(configuration: Configuration = Configuration()) throws -> Connection {
        try Connection(path: ":memory:", configuration: configuration)
    }

    deinit {
        statementCache.removeAll()
        // close_v2 defers the close until any statements still alive are finalized.
        sqlite3_close_v2(handle)
    }

    private func configure(_ configuration: Configuration) throws {
        try check(sqlite3_extended_result_codes(handle, 1))
        try check(pieredze_disable_dqs(handle))
        try check(pieredze_enable_defensive(handle))
        try check(sqlite3_busy_timeout(handle, Int32(configuration.busyTimeout / .milliseconds(1))))
        // Reading the schema is the first thing that touches the file: a text file or a
        // truncated database fails here with SQLITE_NOTADB instead of on first use.
        do {
            try execute("SELECT count(*) FROM sqlite_schema")
        } catch let error as SQLiteError where error.resultCode.primary == SQLiteError.notADatabase {
            throw SQLiteError(resultCode: error.resultCode, message: "\(path) is not a SQLite database")
        }
        try execute("PRAGMA foreign_keys = ON")
        try execute("PRAGMA recursive_triggers = ON")
        if configuration.walMode, mode != .readOnly, !isInMemory {
            try execute("PRAGMA journal_mode = WAL")
            try execute("PRAGMA synchronous = NORMAL")
        }
        for prepare in configuration.prepareConnection { try prepare(self) }
    }

    /// True for `:memory:` and temporary databases, which have no file (WAL does not apply).
    public var isInMemory: Bool {
        guard let file = sqlite3_db_filename(handle, "main") else { return true }
        return file.pointee == 0
    }

    /// True when the main database refuses writes (opened read-only, or a read-only file).
    public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    func check(_ code: Int32, sql: String? = nil) throws {
        guard code == SQLITE_OK else { throw SQLiteError(code: code, connection: handle, sql: sql) }
    }

    // MARK: Statements

    /// Prepares a new statement; the caller owns it.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: handle, sql: sql, persistent: false)
    }

    /// Returns a prepared statement from this connection's cache, keyed by its SQL text.
    ///
    /// For statements run many times (the loader's inserts): prepared once with
    /// `SQLITE_PREPARE_PERSISTENT`, reset before being handed out again.
    public func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            statement.clearBindings()
            return statement
        }
        let statement = try Statement(connection: handle, sql: sql, persistent: true)
        statementCache[sql] = statement
        return statement
    }

    /// Runs one statement with positional arguments, ignoring any rows.
    public func execute(_ sql: String, _ arguments: [(any SQLiteValueConvertible)?] = []) throws {
        try prepare(sql).execute(arguments)
    }

    /// Runs SQL text that may hold several statements (a migration file). Takes no arguments.
    public func executeScript(_ sql: String) throws {
        var statementError: SQLiteError?
        sql.withCString { start in
            var next: UnsafePointer<CChar>? = start
            while let current = next, current.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let code = sqlite3_prepare_v2(handle, current, -1, &statement, &tail)
                let text = tail.map { String(decoding: UnsafeRawBufferPointer(start: current, count: $0 - current), as: UTF8.self) }
                    ?? String(cString: current)
                guard code == SQLITE_OK else {
                    statementError = SQLiteError(code: code, connection: handle, sql: text.trimmingCharacters(in: .whitespacesAndNewlines))
                    return
                }
                next = tail
                guard let statement else { continue }  // whitespace or a comment
                defer { sqlite3_finalize(statement) }
                var stepCode = sqlite3_step(statement)
                while stepCode == SQLITE_ROW { stepCode = sqlite3_step(statement) }
                guard stepCode == SQLITE_DONE else {
                    statementError = SQLiteError(code: stepCode, connection: handle, sql: text.trimmingCharacters(in: .whitespacesAndNewlines))
                    return
                }
            }
        }
        if let statementError { throw statementError }
    }

    /// Runs a query and returns every row.
    public func rows(_ sql: String, _ arguments: [(any SQLiteValueConvertible)?] = []) throws -> [Row] {
        try prepare(sql).rows(arguments)
    }

    /// The first column of the first row as `T`, or nil when there is no row or it is NULL.
    public func scalar<T: SQLiteValueConvertible>(_ sql: String, _ arguments: [(any SQLiteValueConvertible)?] = [], as type: T.Type = T.self) throws -> T? {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        guard try statement.step() else { return nil }
        return statement.column(0, as: type)
    }

    /// The rowid of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Rows changed since the connection opened.
    public var totalChanges: Int { Int(sqlite3_total_changes64(handle)) }

    /// True while a transaction is open (autocommit is off).
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }
}
