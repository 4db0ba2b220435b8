import Foundation
import Testing

@testable import PieredzeStorage

/// A fresh directory under the system temporary directory, removed with everything in it when
/// the value is released (tests keep it in a stored property of their suite, so it lives exactly
/// as long as one test).
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("pieredze-storage-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the directory (the file need not exist).
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    func fileExists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: path(name))
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

/// A configuration with a custom busy timeout.
func configuration(busyTimeout: Duration) -> Connection.Configuration {
    var configuration = Connection.Configuration()
    configuration.busyTimeout = busyTimeout
    return configuration
}

/// A readable, comparable rendering of one SQLite value (blobs in hex, reals bit-exact).
func render(_ value: SQLiteValue) -> String {
    switch value {
    case .null: return "NULL"
    case .integer(let int): return "INTEGER \(int)"
    case .real(let double): return "REAL \(double) [\(String(double.bitPattern, radix: 16))]"
    case .text(let text): return "TEXT \(String(reflecting: text))"
    case .blob(let data): return "BLOB x'\(data.map { String(format: "%02x", $0) }.joined())'"
    }
}

/// Every row of `sqlite_schema` and every row of every table, as sorted lines: two databases
/// with equal dumps hold the same schema and the same data.
func dump(_ connection: Connection, includeRootPages: Bool = false) throws -> [String] {
    let rootPage = includeRootPages ? ", rootpage" : ""
    var lines = try connection.rows("SELECT type, name, tbl_name, sql\(rootPage) FROM sqlite_schema")
        .map { "schema: " + $0.values.map(render).joined(separator: " | ") }
        .sorted()
    let tables: [String] = try connection
        .rows("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .compactMap { $0[0] }
    for table in tables {
        let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        lines += try connection.rows("SELECT * FROM \(quoted)")
            .map { "\(table): " + $0.values.map(render).joined(separator: " | ") }
            .sorted()
    }
    return lines
}

/// The names of the tables in the main database, sorted.
func tableNames(_ connection: Connection) throws -> [String] {
    try connection.rows("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").compactMap { $0[0] }
}

/// Runs `body` and returns what it threw, or nil (recording an issue) when it did not throw.
func thrownError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> (any Error)? {
    do {
        try body()
    } catch {
        return error
    }
    Issue.record("expected an error to be thrown", sourceLocation: sourceLocation)
    return nil
}

/// Runs `body`, expecting a `SQLiteError` that the result-code pattern `code` matches (a primary
/// code matches all its extended codes), and returns it.
@discardableResult
func expectSQLiteError(
    _ code: SQLiteError.ResultCode, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> SQLiteError? {
    do {
        try body()
    } catch let error as SQLiteError {
        #expect(code ~= error, "expected \(code), got \(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected SQLiteError \(code), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
    Issue.record("expected SQLiteError \(code), nothing was thrown", sourceLocation: sourceLocation)
    return nil
}

/// A lock-protected box for passing results out of a helper thread.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

struct TestFailure: Error, Equatable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
