import Foundation
import PieredzeStorage

/// One migration compiled into this build and whether a database has it.
public struct MigrationState: Sendable, Equatable {
    /// `NNNN_description.sql`.
    public var fileName: String
    /// SHA-256 of the migration's SQL, 64 lower-case hex digits.
    public var sha256: String
    /// When it was applied, as recorded in `schema_migrations`; nil while pending.
    public var appliedAt: String?
    public var isApplied: Bool { appliedAt != nil }
}

extension KnowledgeBase {
    /// How many migrations this build carries (`migrations/*.sql`, compiled in).
    public static func migrationCount() throws -> Int {
        try Schema.migrator().migrations.count
    }

    /// Every migration of this build, applied or pending, for the database at `path`.
    ///
    /// Reads only and applies nothing, so unlike `init(path:access: .read)` it works on a
    /// database whose schema is behind. Throws `KnowledgeBaseError.noDatabase` when there is no
    /// file, and the migrator's error for an edited migration or one from a newer Pieredze.
    public static func migrationStatus(path: String) throws -> [MigrationState] {
        if path != ":memory:", !path.hasPrefix("file:"), !FileManager.default.fileExists(atPath: path) {
            throw KnowledgeBaseError.noDatabase(path: path)
        }
        let connection = try Connection(path: path, mode: .readOnly, configuration: connectionConfiguration())
        return try migrationStates(of: connection)
    }

    /// Every migration of this build with its state in this database.
    public func migrationStatus() throws -> [MigrationState] {
        try Self.migrationStates(of: connection)
    }

    private static func migrationStates(of connection: Connection) throws -> [MigrationState] {
        try Schema.migrator().status(of: connection).map {
            MigrationState(fileName: $0.migration.fileName, sha256: $0.migration.sha256, appliedAt: $0.appliedAt)
        }
    }
}
