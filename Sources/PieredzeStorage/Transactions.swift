import CSQLite

extension Connection {
    /// When a transaction takes its locks.
    public enum TransactionKind: String, Sendable {
        /// Locks on first read or write; can fail with `SQLITE_BUSY` when it later upgrades.
        case deferred = "DEFERRED"
        /// Takes the write lock at once: right for any transaction that will write.
        case immediate = "IMMEDIATE"
        case exclusive = "EXCLUSIVE"
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    public func transaction<T>(_ kind: TransactionKind = .deferred, _ body: () throws -> T) throws -> T {
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        let result: T
        do {
            result = try body()
        } catch {
            rollbackIgnoringErrors()
            throw error
        }
        do {
            try execute("COMMIT TRANSACTION")
        } catch {
            rollbackIgnoringErrors()
            throw error
        }
        return result
    }

    /// Runs `body` in a savepoint, which nests inside transactions and other savepoints: released
    /// when `body` returns, rolled back (and released) when it throws, leaving the outer
    /// transaction as it was before the savepoint.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepointDepth += 1
        let name = "pieredze_savepoint_\(savepointDepth)"
        defer { savepointDepth -= 1 }
        try execute("SAVEPOINT \(name)")
        do {
            let result = try body()
            try execute("RELEASE SAVEPOINT \(name)")
            return result
        } catch {
            // ROLLBACK TO keeps the savepoint open; RELEASE then removes it.
            try? execute("ROLLBACK TO SAVEPOINT \(name)")
            try? execute("RELEASE SAVEPOINT \(name)")
            throw error
        }
    }

    private func rollbackIgnoringErrors() {
        // A failed COMMIT or some errors (SQLITE_FULL, SQLITE_IOERR…) may have rolled back already.
        if isInTransaction { try? execute("ROLLBACK TRANSACTION") }
    }
}
