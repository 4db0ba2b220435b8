import CSQLite

/// An error reported by SQLite: its result codes, its message, and the SQL that caused it.
///
/// The description never includes bound arguments: notes can hold personal data, and errors
/// end up in logs and terminals.
public struct SQLiteError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The extended result code (e.g. `SQLITE_CONSTRAINT_UNIQUE`); its low byte is the primary code.
    public let resultCode: ResultCode
    /// SQLite's own message (`sqlite3_errmsg`), or ours when the error is not SQLite's.
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?

    public init(resultCode: ResultCode, message: String, sql: String? = nil) {
        self.resultCode = resultCode
        self.message = message
        self.sql = sql
    }

    /// Reads the error state of a connection after a call returned `code`.
    init(code: Int32, connection: OpaquePointer?, sql: String? = nil) {
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        // sqlite3_extended_errcode can lag behind a failed sqlite3_open_v2 or step; keep the
        // more precise of the two only when it agrees with the primary code we were given.
        let chosen = (extended & 0xFF) == (code & 0xFF) ? extended : code
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        self.init(resultCode: ResultCode(rawValue: chosen), message: message, sql: sql)
    }

    /// The primary result code (`SQLITE_CONSTRAINT` for `SQLITE_CONSTRAINT_UNIQUE`).
    public var primaryResultCode: ResultCode { resultCode.primary }

    public var description: String {
        var text = "SQLite error \(resultCode.rawValue) (\(resultCode.name)): \(message)"
        if let sql { text += " — while executing `\(sql)`" }
        return text
    }
}

extension SQLiteError {
    /// A result code: primary (`SQLITE_BUSY`) or extended (`SQLITE_CONSTRAINT_FOREIGNKEY`).
    ///
    /// Matches errors in `catch` clauses: a primary code matches all its extended codes, so
    /// `catch SQLiteError.constraint` catches unique and foreign-key violations alike, while
    /// `catch SQLiteError.constraintUnique` catches only the former.
    public struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public var primary: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }
        public var isPrimary: Bool { rawValue & ~0xFF == 0 }

        /// SQLite's English name of the code (`sqlite3_errstr`).
        public var name: String { String(cString: sqlite3_errstr(rawValue)) }
        public var description: String { "\(rawValue) (\(name))" }

        public static func ~= (pattern: ResultCode, error: any Error) -> Bool {
            guard let error = error as? SQLiteError else { return false }
            return pattern.isPrimary ? error.resultCode.primary == pattern : error.resultCode == pattern
        }
    }

    public static let error = ResultCode(rawValue: SQLITE_ERROR)
    public static let `internal` = ResultCode(rawValue: SQLITE_INTERNAL)
    public static let permission = ResultCode(rawValue: SQLITE_PERM)
    public static let abort = ResultCode(rawValue: SQLITE_ABORT)
    public static let busy = ResultCode(rawValue: SQLITE_BUSY)
    public static let locked = ResultCode(rawValue: SQLITE_LOCKED)
    public static let noMemory = ResultCode(rawValue: SQLITE_NOMEM)
    public static let readOnly = ResultCode(rawValue: SQLITE_READONLY)
    public static let interrupt = ResultCode(rawValue: SQLITE_INTERRUPT)
    public static let ioError = ResultCode(rawValue: SQLITE_IOERR)
    public static let corrupt = ResultCode(rawValue: SQLITE_CORRUPT)
    public static let full = ResultCode(rawValue: SQLITE_FULL)
    public static let cantOpen = ResultCode(rawValue: SQLITE_CANTOPEN)
    public static let schema = ResultCode(rawValue: SQLITE_SCHEMA)
    public static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
    public static let mismatch = ResultCode(rawValue: SQLITE_MISMATCH)
    public static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
    public static let range = ResultCode(rawValue: SQLITE_RANGE)
    public static let notADatabase = ResultCode(rawValue: SQLITE_NOTADB)

    public static let constraintCheck = ResultCode(rawValue: SQLITE_CONSTRAINT | (1 << 8))
    public static let constraintForeignKey = ResultCode(rawValue: SQLITE_CONSTRAINT | (3 << 8))
    public static let constraintNotNull = ResultCode(rawValue: SQLITE_CONSTRAINT | (5 << 8))
    public static let constraintPrimaryKey = ResultCode(rawValue: SQLITE_CONSTRAINT | (6 << 8))
    public static let constraintTrigger = ResultCode(rawValue: SQLITE_CONSTRAINT | (7 << 8))
    public static let constraintUnique = ResultCode(rawValue: SQLITE_CONSTRAINT | (8 << 8))
    public static let readOnlyDatabaseMoved = ResultCode(rawValue: SQLITE_READONLY | (4 << 8))
    public static let busySnapshot = ResultCode(rawValue: SQLITE_BUSY | (2 << 8))
}
