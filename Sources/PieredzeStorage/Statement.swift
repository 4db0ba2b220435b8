import CSQLite
import Foundation

/// A prepared statement (`sqlite3_stmt`), finalized when released.
///
/// Bind with `bind(_:)`, then `step()` until it returns false, or use `execute(_:)` and
/// `rows(_:)`. Like its connection, a statement belongs to one thread at a time.
public final class Statement {
    public let handle: OpaquePointer
    public let sql: String
    /// The connection's handle, kept for error messages; the connection outlives its statements.
    private let connectionHandle: OpaquePointer
    private var columnIndexByName: [String: Int32]?

    init(connection: OpaquePointer, sql: String, persistent: Bool) throws {
        var statement: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        // Everything that reads `tail` stays inside withCString: the C string does not outlive it.
        let (code, hasMore) = sql.withCString { text -> (Int32, Bool) in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(connection, text, -1, flags, &statement, &tail)
            guard code == SQLITE_OK, let tail else { return (code, false) }
            return (code, Self.holdsAnotherStatement(tail, connection: connection))
        }
        guard code == SQLITE_OK else {
            sqlite3_finalize(statement)
            throw SQLiteError(code: code, connection: connection, sql: sql)
        }
        guard let statement else {
            throw SQLiteError(resultCode: SQLiteError.misuse, message: "no SQL statement to prepare", sql: sql)
        }
        if hasMore {
            sqlite3_finalize(statement)
            throw SQLiteError(
                resultCode: SQLiteError.misuse,
                message: "more than one statement in prepare(); use executeScript for several",
                sql: sql)
        }
        self.handle = statement
        self.sql = sql
        self.connectionHandle = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Whether SQL text after the first statement holds another one (or an error), as opposed to
    /// nothing but white space, semicolons and comments: SQLite itself says, by preparing it.
    private static func holdsAnotherStatement(_ text: UnsafePointer<CChar>, connection: OpaquePointer) -> Bool {
        var next: UnsafePointer<CChar>? = text
        while let current = next, current.pointee != 0 {
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(connection, current, -1, &statement, &tail)
            defer { sqlite3_finalize(statement) }
            if code != SQLITE_OK || statement != nil { return true }
            if tail == current { return false }
            next = tail
        }
        return false
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw SQLiteError(code: code, connection: connectionHandle, sql: sql) }
    }

    // MARK: Binding

    /// The number of parameters (`?`, `?NNN`, `:name`, `@name`, `$name`) in the statement.
    public var parameterCount: Int32 { sqlite3_bind_parameter_count(handle) }

    /// Binds one value to the 1-based parameter `index`.
    public func bind(_ value: (any SQLiteValueConvertible)?, at index: Int32) throws {
        switch value?.sqliteValue ?? .null {
        case .null: try check(sqlite3_bind_null(handle, index))
        case .integer(let int): try check(sqlite3_bind_int64(handle, index, int))
        case .real(let double): try check(sqlite3_bind_double(handle, index, double))
        case .text(let text): try bindText(text, at: index)
        case .blob(let data):
            try data.withUnsafeBytes { bytes in
                // A zero-length blob must still bind as a blob, not NULL: pass a valid pointer.
                if bytes.count == 0 {
                    try check(sqlite3_bind_zeroblob(handle, index, 0))
                } else {
                    try check(sqlite3_bind_blob64(handle, index, bytes.baseAddress, UInt64(bytes.count), pieredze_transient()))
                }
            }
        }
    }

    /// Binds text without going through `SQLiteValue`: the loader's hot path.
    public func bindText(_ text: String, at index: Int32) throws {
        var text = text
        try text.withUTF8 { utf8 in
            try check(sqlite3_bind_text64(
                handle, index, UnsafeRawPointer(utf8.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                    .assumingMemoryBound(to: CChar.self),
                UInt64(utf8.count), pieredze_transient(), UInt8(SQLITE_UTF8)))
        }
    }

    /// Binds one value to a named parameter; `name` includes its prefix (`:id`, `@id`, `$id`).
    public func bind(_ value: (any SQLiteValueConvertible)?, named name: String) throws {
        let index = sqlite3_bind_parameter_index(handle, name)
        guard index > 0 else {
            throw SQLiteError(resultCode: SQLiteError.range, message: "no parameter named \(name)", sql: sql)
        }
        try bind(value, at: index)
    }

    /// Binds positional arguments; their count must equal the statement's parameter count.
    public func bind(_ arguments: [(any SQLiteValueConvertible)?]) throws {
        guard arguments.count == Int(parameterCount) else {
            throw SQLiteError(
                resultCode: SQLiteError.range,
                message: "statement takes \(parameterCount) arguments, \(arguments.count) given", sql: sql)
        }
        for (offset, value) in arguments.enumerated() { try bind(value, at: Int32(offset + 1)) }
    }

    /// Binds named arguments (`[":id": 1]`).
    public func bind(_ arguments: [String: (any SQLiteValueConvertible)?]) throws {
        for (name, value) in arguments { try bind(value, named: name) }
    }

    /// Sets every parameter back to NULL.
    public func clearBindings() { sqlite3_clear_bindings(handle) }

    /// Makes the statement ready to run again; bindings are kept.
    public func reset() { sqlite3_reset(handle) }

    // MARK: Stepping

    /// Advances to the next row: true when a row is available, false when the statement is done.
    @discardableResult
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            // sqlite3_reset returns the same error and leaves the statement reusable.
            sqlite3_reset(handle)
            throw SQLiteError(code: code, connection: connectionHandle, sql: sql)
        }
    }

    /// Resets, binds `arguments`, and steps until done, ignoring rows.
    public func execute(_ arguments: [(any SQLiteValueConvertible)?] = []) throws {
        reset()
        try bind(arguments)
        while try step() {}
        reset()
    }

    /// Resets, binds `arguments`, and calls `body` once per row with the statement positioned on it.
    public func forEachRow(_ arguments: [(any SQLiteValueConvertible)?] = [], _ body: (Statement) throws -> Void) throws {
        reset()
        try bind(arguments)
        defer { reset() }
        while try step() { try body(self) }
    }

    /// Resets, binds `arguments`, and returns every row.
    public func rows(_ arguments: [(any SQLiteValueConvertible)?] = []) throws -> [Row] {
        var rows: [Row] = []
        let names = columnNames
        try forEachRow(arguments) { statement in
            rows.append(Row(columnNames: names, values: (0..<columnCount).map { statement.value(at: $0) }))
        }
        return rows
    }

    // MARK: Columns

    public var columnCount: Int32 { sqlite3_column_count(handle) }

    public var columnNames: [String] {
        (0..<columnCount).map { String(cString: sqlite3_column_name(handle, $0)) }
    }

    /// The 0-based index of the result column called `name`, if any.
    public func columnIndex(named name: String) -> Int32? {
        if columnIndexByName == nil {
            var map: [String: Int32] = [:]
            for index in (0..<columnCount).reversed() { map[String(cString: sqlite3_column_name(handle, index))] = index }
            columnIndexByName = map
        }
        return columnIndexByName?[name]
    }

    /// The raw value of column `index` in the current row.
    public func value(at index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT: return .text(string(at: index) ?? "")
        default:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard count > 0, let bytes = sqlite3_column_blob(handle, index) else { return .blob(Data()) }
            return .blob(Data(bytes: bytes, count: count))
        }
    }

    /// Column `index` of the current row as `T`; nil for NULL or a value `T` cannot hold.
    public func column<T: SQLiteValueConvertible>(_ index: Int32, as type: T.Type = T.self) -> T? {
        T(sqliteValue: value(at: index))
    }

    /// Column `name` of the current row as `T`; nil when there is no such column.
    public func column<T: SQLiteValueConvertible>(named name: String, as type: T.Type = T.self) -> T? {
        columnIndex(named: name).flatMap { column($0, as: type) }
    }

    /// Text of column `index` read straight from SQLite's UTF-8 buffer; nil for NULL.
    public func string(at index: Int32) -> String? {
        guard let text = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    public func int64(at index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }
    public func isNull(at index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }
}
