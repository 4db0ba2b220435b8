import Foundation

/// The objects a database's schema holds, as `sqlite_schema` lists them: what is compared to tell
/// a database its application built from one whose tables, triggers or views someone edited.
///
/// Reading `sqlite_schema` runs none of the SQL it stores, so a snapshot is safe to take of any
/// database before anything else touches its tables.
public struct SchemaSnapshot: Sendable, Equatable {
    /// One row of `sqlite_schema`: its `type` (`table`, `index`, `view`, `trigger`), `name`,
    /// `tbl_name`, and `sql` with runs of white space made one space (NULL for the indexes SQLite
    /// makes itself for UNIQUE and PRIMARY KEY constraints).
    public struct Object: Sendable, Hashable, Comparable {
        public var type: String
        public var name: String
        public var tableName: String
        public var sql: String?

        public init(type: String, name: String, tableName: String, sql: String?) {
            self.type = type
            self.name = name
            self.tableName = tableName
            self.sql = sql.map(Self.normalized)
        }

        /// White space runs as one space, trimmed: the text SQLite keeps is the statement as
        /// written, and where a line breaks changes nothing it does.
        static func normalized(_ sql: String) -> String {
            sql.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }

        public static func < (lhs: Object, rhs: Object) -> Bool {
            (lhs.name, lhs.type) < (rhs.name, rhs.type)
        }
    }

    /// Every object, by name.
    public var objects: [Object]

    public init(objects: [Object]) {
        self.objects = objects.sorted()
    }

    /// The schema of the main database of `connection`.
    public init(of connection: Connection) throws {
        self.init(objects: try connection.rows("SELECT type, name, tbl_name, sql FROM main.sqlite_schema").map {
            Object(type: $0[0] ?? "", name: $0[1] ?? "", tableName: $0[2] ?? "", sql: $0[3])
        })
    }

    /// How this schema differs from `expected`, one sentence each, in name order; empty when they
    /// are the same; `owner` names whose schema `expected` is ("trigger x is not \(owner)'s").
    /// Objects in `allowedExtras` (exactly as given there) may be present or not: the statistics
    /// tables `ANALYZE` creates, for example.
    public func differences(from expected: SchemaSnapshot, owner: String, allowedExtras: Set<Object> = []) -> [String] {
        let expectedByName = Dictionary(expected.objects.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let actualByName = Dictionary(objects.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var sentences: [String] = []
        for name in Set(expectedByName.keys).union(actualByName.keys).sorted() {
            switch (expectedByName[name], actualByName[name]) {
            case let (wanted?, found?) where wanted == found:
                continue
            case let (wanted?, found?) where wanted.type != found.type:
                sentences.append("\(name) is \(Self.withArticle(found.type)), \(owner)'s is \(Self.withArticle(wanted.type))")
            case let (wanted?, found?) where wanted.tableName != found.tableName:
                sentences.append("\(wanted.type) \(name) belongs to \(found.tableName), \(owner)'s to \(wanted.tableName)")
            case let (wanted?, _?):
                sentences.append("\(wanted.type) \(name) is not defined as \(owner) defines it")
            case let (wanted?, nil):
                sentences.append("\(wanted.type) \(name) is missing")
            case let (nil, found?):
                if allowedExtras.contains(found) { continue }
                sentences.append("\(found.type) \(name) is not \(owner)'s")
            case (nil, nil):
                continue
            }
        }
        return sentences
    }

    /// "a table", "an index".
    private static func withArticle(_ type: String) -> String {
        ("aeiou".contains(type.first ?? "x") ? "an " : "a ") + type
    }
}
