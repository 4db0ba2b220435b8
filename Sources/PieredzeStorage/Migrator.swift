import Foundation

/// Applies numbered migrations in order, recording each in `schema_migrations`.
///
/// Each migration runs in its own IMMEDIATE transaction together with its bookkeeping row and a
/// foreign-key check, so a failing migration leaves the database exactly as it was. By default
/// (`Migration.ForeignKeyChecks.deferred`) foreign keys are off while a migration runs, so it may
/// rebuild a parent table, and the previous setting is restored afterwards. Before
/// touching anything the migrator refuses databases it cannot trust: an edited migration
/// (checksum differs) or migrations from a newer binary.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    /// Where one migration stands in a given database.
    public struct Status: Sendable, Equatable {
        public let migration: Migration
        /// When it was applied, or nil while pending.
        public let appliedAt: String?
        public var isApplied: Bool { appliedAt != nil }
    }

    /// A record of `schema_migrations`.
    struct AppliedMigration {
        let version: Int
        let name: String
        let sha256: String
        let appliedAt: String
    }

    public init(migrations: [Migration]) throws {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.version == next.version {
            throw MigrationError.duplicateVersion(next.version)
        }
        self.migrations = sorted
    }

    /// Builds a migrator from `(file name, SQL)` pairs, e.g. the compiled-in migration files.
    public init(files: [(fileName: String, sql: String)]) throws {
        try self.init(migrations: files.map { try Migration(fileName: $0.fileName, sql: $0.sql) })
    }

    static let bookkeepingTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            sha256     TEXT NOT NULL,
            applied_at TEXT NOT NULL
        ) STRICT
        """

    func applied(in connection: Connection) throws -> [AppliedMigration] {
        let exists = try connection.scalar(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'", as: Int.self) ?? 0
        guard exists > 0 else { return [] }
        return try connection.rows("SELECT version, name, sha256, applied_at FROM schema_migrations ORDER BY version").map {
            AppliedMigration(version: $0[0] ?? 0, name: $0[1] ?? "", sha256: $0[2] ?? "", appliedAt: $0[3] ?? "")
        }
    }

    /// The versions recorded as applied in `connection`, in order; reads only. Reads
    /// `schema_migrations` only when it is a table (`applied` checks the type), so a view of that
    /// name in someone else's database runs nothing.
    public func appliedVersions(in connection: Connection) throws -> [Int] {
        try applied(in: connection).map(\.version)
    }

    /// Throws when the database cannot be trusted by this binary; reads only.
    public func validate(_ connection: Connection) throws {
        _ = try checkedPending(in: connection)
    }

    /// Validates, then returns the migrations not yet applied.
    private func checkedPending(in connection: Connection) throws -> [Migration] {
        let applied = try applied(in: connection)
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        let unknown = applied.filter { known[$0.version] == nil }.map(\.version)
        guard unknown.isEmpty else { throw MigrationError.unknownMigrations(versions: unknown) }
        for record in applied {
            let shipped = known[record.version]!
            if shipped.sha256 != record.sha256 {
                throw MigrationError.checksumMismatch(
                    version: record.version, name: record.name, recorded: record.sha256, shipped: shipped.sha256)
            }
        }
        let appliedVersions = Set(applied.map(\.version))
        return migrations.filter { !appliedVersions.contains($0.version) }
    }

    /// Throws unless every migration is applied and the database is trustworthy: for commands
    /// that only read, which must not migrate behind the user's back.
    public func requireCurrent(_ connection: Connection) throws {
        let pending = try checkedPending(in: connection)
        guard pending.isEmpty else { throw MigrationError.pendingMigrations(versions: pending.map(\.version)) }
    }

    /// Every migration with its applied date, in order.
    public func status(of connection: Connection) throws -> [Status] {
        _ = try checkedPending(in: connection)
        let appliedAt = Dictionary(uniqueKeysWithValues: try applied(in: connection).map { ($0.version, $0.appliedAt) })
        return migrations.map { Status(migration: $0, appliedAt: appliedAt[$0.version]) }
    }

    /// Applies every pending migration, each in its own transaction; returns those applied.
    @discardableResult
    public func migrate(_ connection: Connection) throws -> [Migration] {
        var done: [Migration] = []
        for migration in try checkedPending(in: connection) where try apply(migration, to: connection) {
            done.append(migration)
        }
        return done
    }

    /// Applies one migration; false when another process applied it first.
    private func apply(_ migration: Migration, to connection: Connection) throws -> Bool {
        // PRAGMA foreign_keys is a no-op inside a transaction, so it is switched around it.
        let enforced = try connection.scalar("PRAGMA foreign_keys", as: Int.self) == 1
        guard migration.foreignKeyChecks == .deferred, enforced else {
            return try applyInTransaction(migration, to: connection)
        }
        guard !connection.isInTransaction else {
            throw MigrationError.foreignKeysCannotBeDeferred(version: migration.version, name: migration.name)
        }
        try connection.execute("PRAGMA foreign_keys = OFF")
        do {
            let applied = try applyInTransaction(migration, to: connection)
            try connection.execute("PRAGMA foreign_keys = ON")
            return applied
        } catch {
            try? connection.execute("PRAGMA foreign_keys = ON")
            throw error
        }
    }

    private func applyInTransaction(_ migration: Migration, to connection: Connection) throws -> Bool {
        try connection.transaction(.immediate) {
            // Checked again under the write lock: another process may have migrated meanwhile.
            if try applied(in: connection).contains(where: { $0.version == migration.version }) { return false }
            do {
                try connection.execute(Self.bookkeepingTable)
                try connection.executeScript(migration.sql)
            } catch let error as SQLiteError {
                throw MigrationError.failed(version: migration.version, name: migration.name, error: error)
            }
            // One row per violating row: (table, rowid, parent, fkid). Works whether or not
            // foreign keys are enforced.
            let violations = try connection.rows("PRAGMA foreign_key_check")
            guard violations.isEmpty else {
                let tables = Set(violations.map { (row: Row) -> String in row[0] ?? "" }).sorted()
                throw MigrationError.foreignKeyViolations(
                    version: migration.version, name: migration.name, count: violations.count, tables: tables)
            }
            try connection.execute(
                "INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)",
                [migration.version, migration.name, migration.sha256, Date().sqliteValue])
            return true
        }
    }
}
