import CSQLite
import Foundation

extension Connection {
    /// Copies the whole database to a new file at `path` with SQLite's online backup API.
    ///
    /// Safe while this connection is in use: the copy is a consistent snapshot. An existing
    /// file at `path` is overwritten.
    public func backup(to path: String) throws {
        // Whatever was there (even a file that is not a database) is replaced, as documented.
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
        let destination = try Connection(path: path, mode: .readWriteCreate, configuration: {
            var configuration = Configuration()
            configuration.walMode = false
            return configuration
        }())
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw SQLiteError(code: sqlite3_errcode(destination.handle), connection: destination.handle)
        }
        var code: Int32
        repeat {
            code = sqlite3_backup_step(backup, 256)
            if code == SQLITE_BUSY || code == SQLITE_LOCKED { sqlite3_sleep(10) }
        } while code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED
        let finish = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE else { throw SQLiteError(code: code, connection: destination.handle) }
        guard finish == SQLITE_OK else { throw SQLiteError(code: finish, connection: destination.handle) }
    }
}
