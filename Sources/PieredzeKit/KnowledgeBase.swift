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
    /// The facet values of every note, kept between requests (`currentFacetColumns`).
    var facetColumns: FacetColumns?

    /// The file names of the migrations this opening applied (empty when the schema was
    /// already current, and always for `read` and `check`).
    public let appliedMigrations: [String]

    /// How much of the file a reading command maps into memory (virtual address space only).
    static let readMappingBytes = 1 << 30

    /// How a read connection holds pages in memory.
    ///
    /// A mapped page counts in the process's resident memory for every connection that touched
    /// it (each connection maps the file on its own), so a long-running process with several
    /// connections reads with pread(2) into a bounded page cache instead.
    public struct ReadMemory: Sendable, Equatable {
        /// Bytes of the file mapped into memory (`PRAGMA mmap_size`); 0 maps nothing.
        public var mappedBytes: Int
        /// The page cache limit in KiB (`PRAGMA cache_size = -N`); nil keeps SQLite's default (2 MiB).
        public var cacheKiB: Int?

        public init(mappedBytes: Int, cacheKiB: Int? = nil) {
            self.mappedBytes = mappedBytes
            self.cacheKiB = cacheKiB
        }

        /// A command: one connection in a short-lived process, the file mapped (up to 1 GiB).
        public static let command = ReadMemory(mappedBytes: KnowledgeBase.readMappingBytes)
        /// A server's pooled connection: nothing mapped, at most 8 MiB of cached pages each.
        public static let pooled = ReadMemory(mappedBytes: 0, cacheKiB: 8 << 10)
    }

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

    /// The connection settings every Pieredze connection uses: the Latvian tokenizer, the
    /// `pieredze_fold` function, and `trusted_schema` off (the default of `Connection`), so SQL
    /// stored in a database cannot call anything but innocuous functions.
    public static func connectionConfiguration() -> Connection.Configuration {
        var configuration = Connection.Configuration()
        configuration.prepareConnection.append { connection in
            try LatvianTokenizer.register(on: connection)
            try StarterThesaurus.register(on: connection)  // migration 0004 reads the starter thesaurus through it
            try FoldFunction.register(on: connection)
        }
        return configuration
    }

    /// The database's path, as given.
    public let path: String

    /// True when this process cannot write the database or its directory (read-only media, no
    /// permission): only `.read` and `.check` open such a database, and the check leaves out the
    /// full-text index (FTS5's integrity check is a write).
    public let isReadOnlyLocation: Bool

    /// How the schema differs from the one Pieredze's migrations build, one sentence each; only
    /// `.check` access opens such a database (and reports this), every other access refuses it.
    public let schemaDifferences: [String]

    /// Opens the database at `path` for `access`.
    ///
    /// Before anything runs on the database, its schema (`sqlite_schema`: every table, index,
    /// view and trigger) must be exactly what Pieredze's migrations build for the migrations it
    /// records: a database from elsewhere with an added trigger, a changed full-text table or a
    /// dropped CHECK would otherwise run someone else's SQL here. Throws
    /// `KnowledgeBaseError.untrustedSchema` then (except for `.check`, see `schemaDifferences`),
    /// `.noDatabase`, `.readOnlyLocation` when writing where the file or its directory cannot be
    /// written (`.check` opens read-only there, see `isReadOnlyLocation`), `.busy`, `.damaged`,
    /// or the migrator's errors.
    ///
    /// `trusted_schema` stays off for reading. Writers switch it on once the schema is verified:
    /// Pieredze's own triggers keep the FTS5 index in step, and SQLite does not mark FTS5
    /// `SQLITE_VTAB_INNOCUOUS` (https://www.sqlite.org/c3ref/c_vtab_constraint_support.html),
    /// so with it off every insert into `notes` fails with "unsafe use of virtual table".
    ///
    /// `readMemory` applies to `.read` and `.check` access only.
    public init(path: String, access: Access, busyTimeout: Duration = .seconds(5), readMemory: ReadMemory = .command) throws {
        self.path = path
        do {
            var mode: Connection.Mode
            switch access {
            case .read: mode = .readOnly
            case .write, .check: mode = .readWrite
            case .create:
                mode = .readWriteCreate
                try Self.createPrivateDirectory(for: path)
            }
            let isFile = path != ":memory:" && !path.hasPrefix("file:") && !path.isEmpty
            if access != .create, isFile, !FileManager.default.fileExists(atPath: path) {
                throw KnowledgeBaseError.noDatabase(path: path)
            }
            isReadOnlyLocation = isFile && !Self.isWritableLocation(path)
            if isReadOnlyLocation, access != .read {
                // A check reads what it can (see `problems`); a write cannot start.
                guard access == .check else { throw KnowledgeBaseError.readOnlyLocation(path: path) }
                mode = .readOnly
            }
            var configuration = Self.connectionConfiguration()
            configuration.busyTimeout = busyTimeout
            connection = try Connection(path: path, mode: mode, configuration: configuration)
            if access != .read, access != .check, connection.isReadOnly { throw KnowledgeBaseError.readOnlyLocation(path: path) }
            let migrator = try Schema.migrator()
            try migrator.validate(connection)
            let expected = try Schema.expected(versions: try migrator.appliedVersions(in: connection))
            schemaDifferences = try SchemaSnapshot(of: connection)
                .differences(from: expected.snapshot, owner: "Pieredze", allowedExtras: expected.allowedExtras)
            if !schemaDifferences.isEmpty, access != .check {
                throw KnowledgeBaseError.untrustedSchema(path: path, differences: schemaDifferences)
            }
            if access == .read || access == .check {
                try migrator.requireCurrent(connection)
                // A read maps the file instead of a pread(2) per page: each command is a new process
                // with an empty page cache, and those reads were a fifth of a search's time.
                try connection.execute("PRAGMA mmap_size = \(readMemory.mappedBytes)")
                if let cacheKiB = readMemory.cacheKiB { try connection.execute("PRAGMA cache_size = \(-cacheKiB)") }
                appliedMigrations = []
            } else {
                try connection.setTrustedSchema(true)
                appliedMigrations = try migrator.migrate(connection).map(\.fileName)
            }
        } catch let error as SQLiteError {
            throw KnowledgeBaseError(error, path: path)
        }
    }

    /// Creates the directory of a new database, 0700 (it holds notes that name people), when it
    /// does not exist; its parents are made as usual.
    private static func createPrivateDirectory(for path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty, !path.hasPrefix("file:"), path != ":memory:",
              !FileManager.default.fileExists(atPath: directory) else { return }
        let parent = (directory as NSString).deletingLastPathComponent
        if !parent.isEmpty { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
        } catch where FileManager.default.fileExists(atPath: directory) {
            // Another process made it first.
        }
    }

    /// Whether this process may write the database file and its directory (where SQLite makes the
    /// `-wal` and `-shm` files): `access(2)`, which also says no on a read-only file system.
    private static func isWritableLocation(_ path: String) -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        let existing = FileManager.default.fileExists(atPath: path)
        return (!existing || access(path, W_OK) == 0) && access(directory.isEmpty ? "." : directory, W_OK) == 0
    }
}

/// Errors of the knowledge base that are not about a single note, each a sentence for the user
/// (none carries SQL).
public enum KnowledgeBaseError: Error, CustomStringConvertible, Equatable {
    case noDatabase(path: String)
    case noSuchNote(id: String)
    /// `suggestions`: the known topics nearest to `slug` ("slug (Name)"), for "did you mean".
    case unknownTopic(slug: String, known: [String], suggestions: [String] = [])
    /// The database's schema is not the one Pieredze's migrations build (see `KnowledgeBase.init`).
    case untrustedSchema(path: String, differences: [String])
    /// A write was asked of a database that this process cannot write (read-only media, a
    /// directory or file without write permission).
    case readOnlyLocation(path: String)
    /// Another connection held the write lock for longer than the busy timeout.
    case busy(path: String)
    /// SQLite found the file damaged (`SQLITE_CORRUPT`) or not a database at all (`SQLITE_NOTADB`).
    case damaged(path: String, reason: String)
    /// Any other failure SQLite reported, in SQLite's words (its message, never the statement).
    case database(path: String, reason: String)

    /// The sentence for an error SQLite reported while working on the database at `path`: the one
    /// place SQLite's result codes become words for the user.
    public init(_ error: SQLiteError, path: String) {
        switch error.resultCode.primary {
        case SQLiteError.busy, SQLiteError.locked:
            self = .busy(path: path)
        case SQLiteError.readOnly:
            self = .readOnlyLocation(path: path)
        case SQLiteError.corrupt, SQLiteError.notADatabase:
            self = .damaged(path: path, reason: error.message)
        default:
            self = .database(path: path, reason: "\(error.message) (\(error.resultCode.name))")
        }
    }

    /// `error` as a sentence about the database at `path` when it is one of SQLite's, else nil:
    /// for front ends, whose commands reach SQLite through calls that do not map their errors.
    public init?(mapping error: any Error, path: String) {
        guard let error = error as? SQLiteError else { return nil }
        self.init(error, path: path)
    }

    public var description: String {
        switch self {
        case .noDatabase(let path):
            return "no database at \(path): point at one with --db PATH or the PIEREDZE_DB environment variable, "
                + "or create it with `pieredze init --db \(path)` (or `pieredze load` notes into it)"
        case .noSuchNote(let id):
            return "no note with id '\(id)'"
        case let .unknownTopic(slug, known, suggestions):
            guard !suggestions.isEmpty else { return "unknown topic '\(slug)'; known topics: \(known.joined(separator: ", "))" }
            return "unknown topic '\(slug)'; did you mean \(suggestions.joined(separator: ", "))? (`pieredze topics` lists every topic)"
        case let .untrustedSchema(path, differences):
            let shown = differences.prefix(5).joined(separator: "; ")
            let more = differences.count > 5 ? "; and \(differences.count - 5) more" : ""
            return "\(path): the database's schema differs from Pieredze's: \(shown)\(more). It was changed outside "
                + "Pieredze, so it is not opened (its SQL could run here); `pieredze check` lists every difference"
        case .readOnlyLocation(let path):
            return "read-only location: \(path) cannot be written here (read-only media, or no write permission on "
                + "the file or its directory); reading works, writing needs a copy in a writable place"
        case .busy(let path):
            return "another pieredze command is writing to \(path); try again"
        case let .damaged(path, reason):
            return "\(path) is damaged or not a Pieredze database (\(reason))"
        case let .database(path, reason):
            return "\(path): the database failed: \(reason)"
        }
    }
}
