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
        /// `PRAGMA trusted_schema`: whether SQL stored in the database (triggers, views, CHECK and
        /// DEFAULT expressions, generated columns) may call functions and virtual tables that are
        /// not marked innocuous. Off by default, so a database written by someone else cannot make
        /// this process run their side effects (https://www.sqlite.org/pragma.html#pragma_trusted_schema).
        /// A caller that has verified the schema as its own may switch it on (`setTrustedSchema`).
        public var trustedSchema = false
        /// Permissions of a database file this connection creates (`readWriteCreate` on a path that
        /// does not exist yet); SQLite gives its `-wal` and `-shm` files the same permissions.
        /// 0600 by default: the databases hold personal data.
        public var newFilePermissions: mode_t = 0o600
        /// `SQLITE_DBCONFIG_DEFENSIVE`: ordinary SQL cannot corrupt the file (no `writable_schema`).
        /// On by default; only tests that forge a damaged or edited database turn it off.
        public var defensive = true
        /// Extra set-up run on the open connection, e.g. to register an FTS5 tokenizer.
        public var prepareConnection: [(Connection) throws -> Void] = []

        public init() {}
    }

    public let handle: OpaquePointer
    /// The path given to `init`, or `:memory:`.
    public let path: String
    public let mode: Mode
    /// True when a read-only open fell back to SQLite's `immutable=1` (see `init`): the file sits
    /// where this process cannot create the WAL's `-shm` index, e.g. on read-only media.
    public let isImmutable: Bool
    private var statementCache: [String: Statement] = [:]
    /// How many savepoints are open, so nested ones get distinct names.
    var savepointDepth = 0

    /// Opens (or creates) the database at `path`, then checks that it really is a SQLite database.
    ///
    /// A `readOnly` open of a plain path that fails with `SQLITE_CANTOPEN` or `SQLITE_READONLY`
    /// (a WAL database whose `-shm` cannot be created: a directory the user cannot write, read-only
    /// media) is retried once as `file:<path>?immutable=1`, which reads the file without any lock
    /// or `-shm` (https://www.sqlite.org/uri.html#uriimmutable, https://www.sqlite.org/wal.html#readonly).
    /// That would silently miss changes still in a `-wal` file, so the retry is refused when a
    /// non-empty one exists and the first error is thrown instead.
    public init(path: String, mode: Mode = .readWriteCreate, configuration: Configuration = Configuration()) throws {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readWriteCreate:
            flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
            try Self.createPrivateFile(at: path, permissions: configuration.newFilePermissions)
        }
        let opened: (handle: OpaquePointer, immutable: Bool)
        do {
            opened = (try Self.openAndRead(path, flags: flags), false)
        } catch let error as SQLiteError where mode == .readOnly && Self.canRetryImmutable(path, after: error) {
            opened = (try Self.openAndRead(Self.immutableURI(for: path), flags: flags, reportedPath: path), true)
        }
        self.handle = opened.handle
        self.isImmutable = opened.immutable
        self.path = path
        self.mode = mode
        // If configuring fails, `self` is already whole, so deinit closes the handle.
        try configure(configuration)
    }

    /// Opens `filename` and reads the schema, the first thing that touches the file: a text file
    /// or a truncated database fails here with SQLITE_NOTADB, a WAL database whose `-shm` cannot
    /// be made with SQLITE_CANTOPEN or SQLITE_READONLY, instead of on first use.
    private static func openAndRead(_ filename: String, flags: Int32, reportedPath: String? = nil) throws -> OpaquePointer {
        let path = reportedPath ?? filename
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(filename, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            // sqlite3_open_v2 allocates a handle even when it fails; it must still be closed.
            let error = SQLiteError(code: code, connection: handle)
            sqlite3_close_v2(handle)
            throw SQLiteError(resultCode: error.resultCode, message: "cannot open \(path): \(error.message)")
        }
        _ = sqlite3_extended_result_codes(handle, 1)
        let readCode = sqlite3_exec(handle, "SELECT count(*) FROM sqlite_schema", nil, nil, nil)
        guard readCode == SQLITE_OK else {
            let error = SQLiteError(code: readCode, connection: handle)
            sqlite3_close_v2(handle)
            if error.resultCode.primary == SQLiteError.notADatabase {
                throw SQLiteError(resultCode: error.resultCode, message: "\(path) is not a SQLite database")
            }
            throw SQLiteError(resultCode: error.resultCode, message: "cannot read \(path): \(error.message)")
        }
        return handle
    }

    /// Whether a failed read-only open of `path` may be retried as immutable (see `init`).
    private static func canRetryImmutable(_ path: String, after error: SQLiteError) -> Bool {
        guard isPlainPath(path), [SQLiteError.cantOpen, SQLiteError.readOnly].contains(error.resultCode.primary) else {
            return false
        }
        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        return walSize == 0 && FileManager.default.isReadableFile(atPath: path)
    }

    /// A file path rather than `:memory:`, an empty name (a temporary database) or a `file:` URI.
    static func isPlainPath(_ path: String) -> Bool {
        !path.isEmpty && path != ":memory:" && !path.hasPrefix("file:")
    }

    /// `file:<path>?immutable=1`, the path percent-encoded as SQLite's URI parser expects
    /// (https://www.sqlite.org/uri.html): `%`, `?` and `#` end or escape parts of a URI.
    static func immutableURI(for path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "%?#")
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "file:\(encoded)?immutable=1"
    }

    /// Creates an empty file at `path` with `permissions` when there is none, so SQLite (which
    /// makes new databases with 0644 less the umask) starts from a private file; an empty file is
    /// an empty database. Existing files keep the permissions their owner gave them.
    private static func createPrivateFile(at path: String, permissions: mode_t) throws {
        guard isPlainPath(path) else { return }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        if descriptor >= 0 {
            // The umask may have taken bits away, never added them; make the mode exact.
            fchmod(descriptor, permissions)
            close(descriptor)
        }
        // EEXIST: keep the file. Anything else (no directory, no permission) is reported by
        // sqlite3_open_v2 in its own words.
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
        if configuration.defensive { try check(pieredze_enable_defensive(handle)) }
        try check(sqlite3_busy_timeout(handle, Int32(configuration.busyTimeout / .milliseconds(1))))
        try setTrustedSchema(configuration.trustedSchema)
        try execute("PRAGMA foreign_keys = ON")
        try execute("PRAGMA recursive_triggers = ON")
        if configuration.walMode, mode != .readOnly, !isInMemory, !isReadOnly {
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

    /// Sets `PRAGMA trusted_schema` (see `Configuration.trustedSchema`).
    public func setTrustedSchema(_ trusted: Bool) throws {
        try execute("PRAGMA trusted_schema = \(trusted ? "ON" : "OFF")")
    }

    /// The current `PRAGMA trusted_schema`.
    public var isSchemaTrusted: Bool {
        get throws { try scalar("PRAGMA trusted_schema", as: Int.self) == 1 }
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
