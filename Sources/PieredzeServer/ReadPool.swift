import Foundation
import PieredzeKit

/// Read-only connections to the knowledge base, reused across requests.
///
/// A request takes a connection for its whole duration and runs its reads in one deferred
/// transaction, so a page sees one snapshot of the database; in WAL mode a load or a form save
/// writing meanwhile neither blocks it nor shows it half a change. At most `capacity` idle
/// connections are kept; more are opened when requests overlap and closed afterwards.
final class ReadPool: @unchecked Sendable {
    let path: String
    let capacity: Int
    private let lock = NSLock()
    private var idle: [KnowledgeBase] = []

    /// Opens one connection at once, so a missing or outdated database fails at start.
    init(path: String, capacity: Int = 8) throws {
        self.path = path
        self.capacity = capacity
        idle.append(try KnowledgeBase(path: path, access: .read))
    }

    /// Runs `body` with a read-only knowledge base inside one read transaction.
    func read<T>(_ body: (KnowledgeBase) throws -> T) throws -> T {
        let knowledgeBase = try lock.withLock { idle.popLast() } ?? KnowledgeBase(path: path, access: .read)
        defer {
            lock.withLock { if idle.count < capacity { idle.append(knowledgeBase) } }
        }
        return try knowledgeBase.connection.transaction(.deferred) { try body(knowledgeBase) }
    }
}
