import CSQLite
import LatvianText
import PieredzeStorage

/// `pieredze_fold(text)`: the index's folding (`LatvianFolding.fold`: lower case, NFC, no
/// diacritics) as an SQL function, so filters compare tags, organisations and people the way the
/// search compares words. NULL gives NULL; other values are read as text.
///
/// Registered `SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS` (https://www.sqlite.org/c3ref/c_deterministic.html):
/// same input, same output, no side effects, so SQLite may use it with `trusted_schema` off.
enum FoldFunction {
    static let name = "pieredze_fold"

    static func register(on connection: Connection) throws {
        let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS
        let code = sqlite3_create_function_v2(connection.handle, name, 1, flags, nil, { context, count, arguments in
            guard count == 1, let value = arguments?[0], sqlite3_value_type(value) != SQLITE_NULL,
                  let text = sqlite3_value_text(value) else {
                sqlite3_result_null(context)
                return
            }
            let length = Int(sqlite3_value_bytes(value))
            let folded = LatvianFolding.fold(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
            var utf8 = folded.utf8CString  // NUL-terminated; the length excludes it
            utf8.withUnsafeMutableBufferPointer { buffer in
                sqlite3_result_text(context, buffer.baseAddress, Int32(buffer.count - 1), pieredze_transient())
            }
        }, nil, nil, nil)
        guard code == SQLITE_OK else {
            throw SQLiteError(resultCode: .init(rawValue: code), message: "cannot register \(name)")
        }
    }
}
