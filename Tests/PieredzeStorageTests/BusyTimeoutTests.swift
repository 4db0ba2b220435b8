import Dispatch
import Foundation
import Testing

@testable import PieredzeStorage

/// Two connections to one file: the busy timeout makes the second writer wait for the first.
/// Connections are not `Sendable`, so each is created and used on one thread only; the helper
/// thread gets nothing but the path and reports back through a semaphore and a locked box.
@Suite("Busy timeout between two connections")
struct BusyTimeoutTests {
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("busy.db")
        let setup = try Connection(path: path)
        try setup.execute("CREATE TABLE t (x INTEGER)")
        try setup.execute("INSERT INTO t VALUES (0)")
    }

    @Test("a writer blocked by another's write transaction fails with SQLITE_BUSY after its timeout")
    func busyAfterTimeout() throws {
        let holder = try Connection(path: path)
        let waiter = try Connection(path: path, configuration: configuration(busyTimeout: .milliseconds(200)))
        try holder.execute("BEGIN IMMEDIATE")
        try holder.execute("INSERT INTO t VALUES (1)")

        let clock = ContinuousClock()
        let start = clock.now
        var caught = false
        do {
            try waiter.execute("INSERT INTO t VALUES (2)")
            Issue.record("the second writer did not wait for the lock")
        } catch SQLiteError.busy {
            caught = true
        }
        let waited = clock.now - start
        #expect(caught)
        #expect(waited >= .milliseconds(150), "gave up after \(waited)")
        #expect(waited < .seconds(4), "waited \(waited) with a 200 ms timeout")

        let error = expectSQLiteError(SQLiteError.busy) { try waiter.execute("BEGIN IMMEDIATE") }
        #expect(error?.resultCode.primary == SQLiteError.busy)
        #expect(error?.message == "database is locked")
        #expect(!waiter.isInTransaction)

        try holder.execute("COMMIT")
        // The lock is free again: the waiter writes at once.
        try waiter.execute("INSERT INTO t VALUES (3)")
        #expect(try waiter.rows("SELECT x FROM t ORDER BY x").compactMap { $0[0, as: Int.self] } == [0, 1, 3])
    }

    @Test("readers are not blocked by a writer in WAL mode")
    func readersNotBlocked() throws {
        let writer = try Connection(path: path)
        let reader = try Connection(path: path, configuration: configuration(busyTimeout: .zero))
        try writer.execute("BEGIN IMMEDIATE")
        try writer.execute("INSERT INTO t VALUES (1)")
        #expect(try reader.scalar("SELECT count(*) FROM t", as: Int.self) == 1)  // the committed state
        try writer.execute("COMMIT")
        #expect(try reader.scalar("SELECT count(*) FROM t", as: Int.self) == 2)
    }

    @Test("a writer waits for another thread's transaction to commit, then succeeds")
    func waitsForCommitOnAnotherThread() throws {
        let path = self.path
        let locked = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let failure = LockedBox<String?>(nil)

        let thread = Thread {
            defer { finished.signal() }
            do {
                let holder = try Connection(path: path)
                try holder.execute("BEGIN IMMEDIATE")
                try holder.execute("INSERT INTO t VALUES (1)")
                locked.signal()
                Thread.sleep(forTimeInterval: 0.1)
                try holder.execute("COMMIT")
            } catch {
                failure.value = "holder: \(error)"
                locked.signal()
            }
        }
        thread.start()
        #expect(locked.wait(timeout: .now() + 10) == .success)

        let waiter = try Connection(path: path, configuration: configuration(busyTimeout: .seconds(5)))
        let clock = ContinuousClock()
        let start = clock.now
        try waiter.execute("INSERT INTO t VALUES (2)")
        let waited = clock.now - start

        #expect(finished.wait(timeout: .now() + 10) == .success)
        #expect(failure.value == nil)
        // It had to wait for the commit (≈100 ms), but not for the whole timeout.
        #expect(waited >= .milliseconds(50), "did not wait: \(waited)")
        #expect(waited < .seconds(4), "waited \(waited)")
        #expect(try waiter.rows("SELECT x FROM t ORDER BY x").compactMap { $0[0, as: Int.self] } == [0, 1, 2])
    }
}
