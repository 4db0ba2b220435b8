import Foundation
import NIOPosix
import PieredzeKit

/// Read-only connections to the knowledge base, reused across requests, and the threads that use
/// them.
///
/// A request takes a connection for its whole duration and runs its reads in one deferred
/// transaction, so a page sees one snapshot of the database; in WAL mode a load or a form save
/// writing meanwhile neither blocks it nor shows it half a change.
///
/// SQLite work blocks its thread, so it never runs on Swift's cooperative executor (as many
/// threads as cores, which also carry the HTTP side of every request) or on an event loop: a
/// page runs on `threads`, a `NIOThreadPool` of as many threads as cores, and further requests
/// queue there, in arrival order. So at most `threads.count` connections are in use at once, and
/// the pool keeps at most `capacity` idle ones. Each connection maps nothing and caches at most
/// `memory.cacheKiB` of pages (`KnowledgeBase.ReadMemory.pooled`): mapping the file per
/// connection made every connection's touched pages count in the server's resident memory.
final class ReadPool: @unchecked Sendable {
    let path: String
    let capacity: Int
    let memory: KnowledgeBase.ReadMemory
    /// Where blocking work runs.
    let threads: NIOThreadPool
    private let lock = NSLock()
    private var idle: [KnowledgeBase] = []
    private var opened = 0

    /// Opens one connection at once, so a missing or outdated database fails at start.
    init(path: String, capacity: Int = ProcessInfo.processInfo.activeProcessorCount, memory: KnowledgeBase.ReadMemory = .pooled,
         threads: NIOThreadPool = .singleton) throws {
        self.path = path
        self.capacity = max(1, capacity)
        self.memory = memory
        self.threads = threads
        idle.append(try open())
    }

    /// How many connections this pool has opened so far (tests).
    var openedConnections: Int { lock.withLock { opened } }

    private func open() throws -> KnowledgeBase {
        let knowledgeBase = try KnowledgeBase(path: path, access: .read, readMemory: memory)
        lock.withLock { opened += 1 }
        return knowledgeBase
    }

    /// Runs `body` on a pool thread with a read-only knowledge base inside one read transaction.
    func read<T: Sendable>(_ body: @escaping @Sendable (KnowledgeBase) throws -> T) async throws -> T {
        try await threads.runIfActive { try self.readNow(body) }
    }

    /// Runs `work` (a whole page: reads and rendering) on a pool thread.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await threads.runIfActive(work)
    }

    /// Runs `body` on this thread with a read-only knowledge base inside one read transaction.
    func readNow<T>(_ body: (KnowledgeBase) throws -> T) throws -> T {
        let knowledgeBase = try lock.withLock { idle.popLast() } ?? open()
        defer {
            lock.withLock { if idle.count < capacity { idle.append(knowledgeBase) } }
        }
        return try knowledgeBase.connection.transaction(.deferred) { try body(knowledgeBase) }
    }
}
