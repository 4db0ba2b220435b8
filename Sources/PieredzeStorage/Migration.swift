import Crypto
import Foundation

/// One schema change: a numbered SQL script from `migrations/NNNN_description.sql`.
public struct Migration: Sendable, Hashable {
    /// The number in the file name; migrations apply in increasing order.
    public let version: Int
    /// The description in the file name (`lessons_schema` in `0002_lessons_schema.sql`).
    public let name: String
    public let sql: String
    /// Hex SHA-256 of the SQL text, recorded when applied, so an edited shipped migration is caught.
    public let sha256: String
    /// How foreign keys are enforced while the migration runs (not part of the checksum).
    public let foreignKeyChecks: ForeignKeyChecks

    /// When a migration's foreign keys are checked (the choice GRDB's `DatabaseMigrator` offers).
    public enum ForeignKeyChecks: Sendable, Hashable {
        /// Foreign keys are off while the migration runs and checked once, with
        /// `PRAGMA foreign_key_check`, before it commits; any violation rolls it back. Needed to
        /// rebuild a parent table (SQLite's 12-step ALTER TABLE procedure,
        /// https://www.sqlite.org/lang_altertable.html#otheralter): with foreign keys on,
        /// `DROP TABLE` of the old parent would cascade-delete or refuse its children's rows.
        case deferred
        /// Foreign keys stay on while the migration runs, so each statement is checked as it
        /// runs (actions such as ON DELETE CASCADE fire), and again before commit.
        case immediate
    }

    public init(version: Int, name: String, sql: String, foreignKeyChecks: ForeignKeyChecks = .deferred) {
        self.version = version
        self.name = name
        self.sql = sql
        self.sha256 = Self.checksum(sql)
        self.foreignKeyChecks = foreignKeyChecks
    }

    /// Parses a file name such as `0001_bootstrap.sql` together with the file's contents.
    public init(fileName: String, sql: String) throws {
        // NNNN_description.sql: four or more digits, then lower-case letters, digits and underscores.
        guard fileName.hasSuffix(".sql"),
              let underscore = fileName.firstIndex(of: "_"),
              fileName[..<underscore].count >= 4,
              fileName[..<underscore].allSatisfy({ $0.isASCII && $0.isNumber }),
              let version = Int(fileName[..<underscore]), version > 0
        else {
            throw MigrationError.invalidFileName(fileName)
        }
        let name = String(fileName[fileName.index(after: underscore)...].dropLast(4))
        guard !name.isEmpty, name.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw MigrationError.invalidFileName(fileName)
        }
        self.init(version: version, name: name, sql: sql)
    }

    /// The file name this migration has in `migrations/`.
    public var fileName: String {
        let number = String(version)
        return String(repeating: "0", count: max(0, 4 - number.count)) + number + "_" + name + ".sql"
    }

    /// Lower-case hex SHA-256 of `text`'s UTF-8 bytes (64 characters).
    public static func checksum(_ text: String) -> String {
        SHA256Hex.of(text)
    }
}

/// SHA-256 digests as lower-case hexadecimal text: migration checksums and note content hashes.
public enum SHA256Hex {
    /// The SHA-256 of `text`'s UTF-8 bytes, as 64 lower-case hex digits.
    public static func of(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// `bytes` (a digest, or any bytes) as lower-case hex, two digits a byte, without
    /// Foundation's slow `String(format:)`.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// Why the migrator refused or failed. Every case leaves the database as it was.
public enum MigrationError: Error, CustomStringConvertible, Equatable {
    case invalidFileName(String)
    case duplicateVersion(Int)
    /// An applied migration's recorded checksum differs from the shipped file: it was edited after release.
    case checksumMismatch(version: Int, name: String, recorded: String, shipped: String)
    /// The database records migrations this binary does not have: it was made by a newer Pieredze.
    case unknownMigrations(versions: [Int])
    /// The database has migrations this binary would apply, but the command may not write.
    case pendingMigrations(versions: [Int])
    /// A migration's SQL failed; it was rolled back.
    case failed(version: Int, name: String, error: SQLiteError)
    /// A migration left `count` rows that violate foreign keys, in `tables` (the child tables,
    /// sorted); it was rolled back.
    case foreignKeyViolations(version: Int, name: String, count: Int, tables: [String])
    /// Foreign keys could not be turned off for a `.deferred` migration because the connection
    /// was already inside a transaction (SQLite ignores `PRAGMA foreign_keys` there); nothing ran.
    case foreignKeysCannotBeDeferred(version: Int, name: String)

    public var description: String {
        switch self {
        case .invalidFileName(let name):
            return "migration file \(name): expected a name like 0001_description.sql"
        case .duplicateVersion(let version):
            return "two migrations share the version \(version)"
        case let .checksumMismatch(version, name, recorded, shipped):
            return "migration \(version) (\(name)) was applied with checksum \(recorded.prefix(12))…, but this binary ships \(shipped.prefix(12))…: "
                + "a released migration was edited. Refusing to touch the database; restore the original migration and add a new one instead."
        case .unknownMigrations(let versions):
            return "the database has migrations \(versions.map(String.init).joined(separator: ", ")) that this binary does not know: "
                + "it was created or upgraded by a newer Pieredze. Refusing to touch it; use the newer version."
        case .pendingMigrations(let versions):
            return "the database needs migrations \(versions.map(String.init).joined(separator: ", ")); run `pieredze migrate` first"
        case let .failed(version, name, error):
            return "migration \(version) (\(name)) failed and was rolled back: \(error.message) (\(error.resultCode.name))"
        case let .foreignKeyViolations(version, name, count, tables):
            return "migration \(version) (\(name)) left \(count) row(s) in \(tables.joined(separator: ", ")) "
                + "referring to rows that do not exist (foreign-key check) and was rolled back"
        case let .foreignKeysCannotBeDeferred(version, name):
            return "migration \(version) (\(name)) must run with foreign keys off, which SQLite allows only outside a transaction; "
                + "run the migrator outside any transaction"
        }
    }
}
