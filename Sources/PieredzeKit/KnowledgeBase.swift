import Foundation
import PieredzeStorage

/// The knowledge base: a SQLite database with Pieredze's schema, opened for a purpose.
///
/// Commands that write bring the schema up to date first; commands that only read refuse a
/// database that is not current rather than migrate it behind the user's back.
///
/// This is the one place a front end (the `pieredze` command line, an HTTP server) goes through:
/// opening and migrating, loading, searching, reading, reporting, checking and dumping are its
/// methods (the `KnowledgeBase+….swift` files), so a front end never holds a `Connection`.
public final class KnowledgeBase {
    /// The open connection, for PieredzeKit's own stores and for tests and the benchmark;
    /// front ends use the methods instead.
    public let connection: Connection

    /// The file names of the migrations this opening applied (empty when the schema was
    /// already current, and always for `read` and `check`).
    public let appliedMigrations: [String]

    /// How much of the file a reading command maps into memory (virtual address space only).
    static let readMappingBytes = 1 << 30

    /// What a command needs from the database.
    public enum Access: Sendable {
        /// Read only; the schema must be current.
        case read
        /// Read and write, but the schema must be current: for checks that write nothing yet
        /// need a writable connection (FTS5's `integrity-check` is an INSERT).
        case check
        /// Read and write an existing database; pending migrations are applied first.
        case write
        /// Like `write`, creating the file when it does not exist.
        case create
    }

    /// The default database: `$PIEREDZE_DB`, else `$XDG_DATA_HOME/pieredze/pieredze.db`
    /// (`~/.local/share/pieredze/pieredze.db`), so every command finds the same knowledge base
    /// whatever the current directory.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["PIEREDZE_DB"], !path.isEmpty { return path }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return (dataHome as NSString).appendingPathComponent("pieredze/pieredze.db")
    }

    /// The connection settings every Pieredze connection uses (the Latvian tokenizer included).
    public static func connectionConfiguration() -> Connection.Configuration {
        var configuration = Connection.Configuration()
        configuration.prepareConnection.append { connection in
            try LatvianTokenizer.register(on: connection)
            try StarterThesaurus.register(on: connection)  // migration 0004 reads the starter thesaurus through it
        }
        return configuration
    }

    public init(path: String, access: Access) throws {
        let mode: Connection.Mode
        switch access {
        case .read: mode = .readOnly
        case .write, .check: mode = .readWrite
        case .create:
            mode = .readWriteCreate
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty, !path.hasPrefix("file:"), path != ":memory:" {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
        }
        if access != .create, path != ":memory:", !path.hasPrefix("file:"), !FileManager.default.fileExists(atPath: path) {
            throw KnowledgeBaseError.noDatabase(path: path)
        }
        connection = try Connection(path: path, mode: mode, configuration: Self.connectionConfiguration())
        let migrator = try Schema.migrator()
        if access == .read || access == .check {
            try migrator.requireCurrent(connection)
            // A read maps the file instead of a pread(2) per page: each command is a new process
            // with an empty page cache, and those reads were a fifth of a search's time.
            try connection.execute("PRAGMA mmap_size = \(Self.readMappingBytes)")
            appliedMigrations = []
        } else {
            appliedMigrations = try migrator.migrate(connection).map(\.fileName)
        }
    }
}

/// Errors of the knowledge base that are not about a single note.
public enum KnowledgeBaseError: Error, CustomStringConvertible, Equatable {
    case noDatabase(path: String)
    case noSuchNote(id: String)
    case unknownTopic(slug: String, known: [String])

    public var description: String {
        switch self {
        case .noDatabase(let path):
            return "no database at \(path): create it with `pieredze init --db \(path)` or load notes with `pieredze load`"
        case .noSuchNote(let id):
            return "no note with id '\(id)'"
        case let .unknownTopic(slug, known):
            return "unknown topic '\(slug)'; known topics: \(known.joined(separator: ", "))"
        }
    }
}
