import Foundation
import Testing

@testable import PieredzeStorage

/// Binds values, stores them in a column without affinity (so SQLite keeps the storage class it
/// was given), reads them back, and checks both the Swift value and what SQLite stored.
@Suite("Binding and reading every value type")
struct ValueRoundTripTests {
    let connection: Connection

    init() throws {
        connection = try Connection.inMemory()
        try connection.execute("CREATE TABLE v (id INTEGER PRIMARY KEY, x)")
    }

    /// Stores `value`, returns it read back as `T` with SQLite's `typeof()` of what was stored.
    func roundTrip<T: SQLiteValueConvertible>(_ value: T?, as type: T.Type = T.self) throws -> (value: T?, type: String) {
        try connection.execute("DELETE FROM v")
        try connection.execute("INSERT INTO v (id, x) VALUES (1, ?)", [value])
        let rows = try connection.rows("SELECT x, typeof(x) FROM v WHERE id = 1")
        try #require(rows.count == 1)
        let storageClass: String = try #require(rows[0][1])
        // Read through the statement API as well as through Row, and check they agree.
        let statement = try connection.prepare("SELECT x FROM v WHERE id = 1")
        try #require(try statement.step())
        let direct = statement.column(0, as: type)
        let viaRow = rows[0][0, as: type]
        #expect(String(describing: direct) == String(describing: viaRow))
        return (viaRow, storageClass)
    }

    @Test("Int, including Int.max and Int.min")
    func int() throws {
        for value in [0, 1, -1, 42, Int.max, Int.min] {
            let result = try roundTrip(value)
            #expect(result.value == value)
            #expect(result.type == "integer")
        }
    }

    @Test("Int64, including Int64.max and Int64.min, bit-exact in SQLite")
    func int64() throws {
        for value: Int64 in [0, -7, 1 << 53 + 1, .max, .min] {
            let result = try roundTrip(value)
            #expect(result.value == value)
            #expect(result.type == "integer")
            #expect(try connection.scalar("SELECT x = ? FROM v", [value], as: Bool.self) == true)
        }
        #expect(try connection.scalar("SELECT 9223372036854775807", as: Int64.self) == .max)
        #expect(try connection.scalar("SELECT -9223372036854775808", as: Int64.self) == .min)
    }

    @Test("Int32, and an out-of-range integer does not read as Int32")
    func int32() throws {
        for value: Int32 in [0, -5, .max, .min] {
            let result = try roundTrip(value)
            #expect(result.value == value)
            #expect(result.type == "integer")
        }
        _ = try roundTrip(Int64(Int32.max) + 1)
        #expect(try connection.scalar("SELECT x FROM v", as: Int32.self) == nil)
        #expect(try connection.scalar("SELECT x FROM v", as: Int64.self) == Int64(Int32.max) + 1)
        _ = try roundTrip(Int64(Int32.min) - 1)
        #expect(try connection.scalar("SELECT x FROM v", as: Int32.self) == nil)
    }

    @Test("Double, including tiny, huge, negative zero and infinity")
    func double() throws {
        let values: [Double] = [
            0, 1.5, -2.25, 3.141592653589793, 1e-300, 1.7976931348623157e308,
            Double.leastNonzeroMagnitude, -0.0, .infinity, -.infinity,
        ]
        for value in values {
            let result = try roundTrip(value)
            #expect(result.value?.bitPattern == value.bitPattern, "\(value) came back as \(String(describing: result.value))")
            #expect(result.type == "real")
        }
        #expect(try roundTrip(-0.0).value?.sign == .minus)
        // A whole-number real stays a real, and an integer column reads as Double.
        #expect(try roundTrip(2.0).type == "real")
        #expect(try roundTrip(7, as: Int.self).type == "integer")
        #expect(try connection.scalar("SELECT x FROM v", as: Double.self) == 7.0)
    }

    @Test("Bool is stored as integer 1 / 0")
    func bool() throws {
        let yes = try roundTrip(true)
        #expect(yes.value == true)
        #expect(yes.type == "integer")
        #expect(try connection.scalar("SELECT x FROM v", as: Int.self) == 1)
        let no = try roundTrip(false)
        #expect(no.value == false)
        #expect(try connection.scalar("SELECT x FROM v", as: Int.self) == 0)
    }

    @Test("Latvian letters, lower and upper case, are stored as UTF-8 and read back unchanged")
    func latvianText() throws {
        let lower = "ā č ē ģ ī ķ ļ ņ š ū ž"
        let upper = "Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž"
        for text in [lower, upper, "Pašvaldību savienība — ģimeņu ķēķis, ļoti ņiprs ūdens žogs"] {
            let result = try roundTrip(text)
            #expect(result.value == text)
            #expect(result.type == "text")
            #expect(try connection.scalar("SELECT length(x) FROM v", as: Int.self) == text.unicodeScalars.count)
            #expect(try connection.scalar("SELECT length(CAST(x AS BLOB)) FROM v", as: Int.self) == text.utf8.count)
            #expect(try connection.scalar("SELECT x = ? FROM v", [text], as: Bool.self) == true)
        }
        // The bytes SQLite holds are the UTF-8 encoding: 'ā' is C4 81, 'Ž' is C5 BD.
        _ = try roundTrip("āŽ")
        #expect(try connection.scalar("SELECT hex(x) FROM v", as: String.self) == "C481C5BD")
    }

    @Test("emoji, Cyrillic and other scripts")
    func otherScripts() throws {
        for text in ["👩‍👩‍👧‍👦 🇱🇻 😀", "Привет, мир — Ёё Щщ", "日本語のテキスト", "Ελληνικά", "e\u{301} vs é"] {
            let result = try roundTrip(text)
            #expect(result.value == text)
            #expect(result.value?.unicodeScalars.elementsEqual(text.unicodeScalars) == true)
            #expect(try connection.scalar("SELECT length(CAST(x AS BLOB)) FROM v", as: Int.self) == text.utf8.count)
        }
    }

    @Test("a string with an embedded NUL keeps every byte")
    func embeddedNul() throws {
        let text = "a\u{0}b"
        let result = try roundTrip(text)
        #expect(result.value == text)
        #expect(result.value?.utf8.count == 3)
        #expect(result.type == "text")
        #expect(try connection.scalar("SELECT hex(x) FROM v", as: String.self) == "610062")
    }

    @Test("the empty string and NULL are different")
    func emptyStringIsNotNull() throws {
        let empty = try roundTrip("")
        #expect(empty.value == "")
        #expect(empty.type == "text")
        #expect(try connection.scalar("SELECT x IS NULL FROM v", as: Bool.self) == false)

        let null = try roundTrip(String?.none)
        #expect(null.value == nil)
        #expect(null.type == "null")
        #expect(try connection.scalar("SELECT x IS NULL FROM v", as: Bool.self) == true)
    }

    @Test("Data round trips as a blob; empty Data stays a zero-length blob, not NULL")
    func data() throws {
        let bytes = Data([0, 1, 2, 0x7f, 0x80, 0xfe, 0xff, 0])
        let result = try roundTrip(bytes)
        #expect(result.value == bytes)
        #expect(result.type == "blob")
        #expect(try connection.scalar("SELECT hex(x) FROM v", as: String.self) == "0001027F80FEFF00")

        let empty = try roundTrip(Data())
        #expect(empty.type == "blob")
        #expect(empty.value == Data())
        #expect(try connection.scalar("SELECT x IS NULL FROM v", as: Bool.self) == false)
        #expect(try connection.scalar("SELECT length(x) FROM v", as: Int.self) == 0)

        let large = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        #expect(try roundTrip(large).value == large)
    }

    @Test("Date is stored as ISO-8601 UTC text with milliseconds and reads back within 1 ms")
    func date() throws {
        let date = Date(timeIntervalSince1970: 1_534_757_400.5)
        let result = try roundTrip(date)
        #expect(result.type == "text")
        let stored: String = try #require(try connection.scalar("SELECT x FROM v"))
        #expect(stored == "2018-08-20T09:30:00.500Z")
        let back = try #require(result.value)
        #expect(back == date)

        let pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
        for date in [Date(), Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_700_000_000.9996),
                     Date(timeIntervalSince1970: -86_400 * 365.25 * 50)] {
            let result = try roundTrip(date)
            let text: String = try #require(try connection.scalar("SELECT x FROM v"))
            #expect(text.wholeMatch(of: pattern) != nil, "\(text)")
            #expect(try connection.scalar("SELECT typeof(x) FROM v", as: String.self) == "text")
            let back = try #require(result.value)
            #expect(abs(back.timeIntervalSince(date)) <= 0.001, "\(date) came back as \(back)")
        }
        // Text without fractional seconds also reads as a Date; other text does not.
        let whole = Date(sqliteValue: .text("2018-08-20T09:30:00Z"))
        #expect(whole == Date(timeIntervalSince1970: 1_534_757_400))
        #expect(Date(sqliteValue: .text("20 August 2018")) == nil)
        #expect(Date(sqliteValue: .integer(1_534_757_400)) == nil)
    }

    // Regression: Date.sqliteValue once truncated to milliseconds instead of rounding. A Date
    // parsed from "…41.017Z" is a hair below .017 (binary floating point), so it was written back
    // as "…41.016Z", and `WHERE at = ?` with a Date read from that very column found nothing.
    @Test("stored date text survives text → Date → text, and a Date read back finds its row")
    func dateTextIsStable() throws {
        try connection.execute("DELETE FROM v")
        let texts = ["2026-11-27T09:16:41.017Z", "2024-01-01T00:00:00.999Z", "2018-08-20T09:30:00.123Z",
                     "2018-08-20T09:30:00.122Z"]
        for (id, text) in texts.enumerated() {
            try connection.execute("INSERT INTO v (id, x) VALUES (?, ?)", [id, text])
        }
        for (id, text) in texts.enumerated() {
            let date: Date = try #require(try connection.scalar("SELECT x FROM v WHERE id = ?", [id]))
            #expect(date.sqliteValue == .text(text))
            #expect(try connection.scalar("SELECT id FROM v WHERE x = ?", [date], as: Int.self) == id)
        }
        // A Date made from seconds ending in .123 is stored as .123, not .122.
        #expect(Date(timeIntervalSince1970: 1_534_757_400.123).sqliteValue == .text("2018-08-20T09:30:00.123Z"))
    }

    @Test("Dates stored as text sort chronologically")
    func datesSortAsText() throws {
        let dates = [Date(timeIntervalSince1970: 1_000_000_000.5), Date(timeIntervalSince1970: 999_999_999.999),
                     Date(timeIntervalSince1970: 1_600_000_000), Date(timeIntervalSince1970: 12.25)]
        try connection.execute("DELETE FROM v")
        for (index, date) in dates.enumerated() {
            try connection.execute("INSERT INTO v (id, x) VALUES (?, ?)", [index, date])
        }
        let sorted: [Int] = try connection.rows("SELECT id FROM v ORDER BY x").compactMap { $0[0] }
        let expected = dates.indices.sorted { dates[$0] < dates[$1] }
        #expect(sorted == expected)
    }

    @Test("nil binds NULL, for every optional type")
    func nilIsNull() throws {
        #expect(try roundTrip(Int?.none).type == "null")
        #expect(try roundTrip(Double?.none).type == "null")
        #expect(try roundTrip(Data?.none).type == "null")
        #expect(try roundTrip(Date?.none).type == "null")
        try connection.execute("UPDATE v SET x = ?", [nil])
        #expect(try connection.scalar("SELECT typeof(x) FROM v", as: String.self) == "null")
        // Reading NULL as an optional gives .some(nil); as a plain type, nil.
        let row = try #require(try connection.rows("SELECT x FROM v").first)
        #expect(row[0, as: Int.self] == nil)
        #expect(row[0, as: Int?.self] == .some(nil))
        #expect(row.values == [.null])
        // And Optional.some binds its value.
        let some: Int? = 5
        #expect(try roundTrip(some).value == 5)
    }

    @Test("SQLiteValue binds as itself")
    func sqliteValueBindsAsItself() throws {
        let values: [SQLiteValue] = [.null, .integer(-3), .real(0.5), .text("ņ"), .blob(Data([9]))]
        for value in values {
            #expect(try roundTrip(value).value == value)
        }
        #expect(try connection.scalar("SELECT ?", [SQLiteValue.text("x")], as: String.self) == "x")
    }

    @Test("values of the wrong storage class do not convert silently")
    func conversions() throws {
        let row = try #require(try connection.rows("SELECT 'abc', 2.5, x'00', 3, NULL").first)
        #expect(row[0, as: Int.self] == nil)
        #expect(row[0, as: Double.self] == nil)
        #expect(row[1, as: Int.self] == nil)
        #expect(row[1, as: Double.self] == 2.5)
        #expect(row[2, as: String.self] == nil)
        #expect(row[2, as: Data.self] == Data([0]))
        #expect(row[3, as: String.self] == "3")
        #expect(row[3, as: Double.self] == 3.0)
        #expect(row[4, as: String.self] == nil)
        #expect(row[0, as: Data.self] == Data("abc".utf8))
    }
}
