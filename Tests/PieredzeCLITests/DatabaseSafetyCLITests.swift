import Dispatch
import Foundation
import PieredzeKit
import Testing

/// Databases from elsewhere, read-only places and busy writers, end to end (issue 11, items 13
/// and 14): each refusal is a sentence, never SQL, and only damage is reported as damage.
extension CLITests {
    /// Runs `pieredze ARGS` as the unprivileged user `nobody` when the tests run as root (where
    /// file permissions are not enforced), else as the current user.
    func runUnprivileged(_ arguments: [String]) throws -> Result {
        var environment = ProcessInfo.processInfo.environment
        environment["PIEREDZE_DB"] = db
        guard getuid() == 0 else { return try Self.spawn(Self.binary, arguments, in: directory, environment: environment) }
        let setpriv = "/usr/bin/setpriv"
        try #require(FileManager.default.isExecutableFile(atPath: setpriv), "running as root needs setpriv to drop privileges")
        return try Self.spawn(URL(fileURLWithPath: setpriv),
                              ["--reuid=65534", "--regid=65534", "--clear-groups", Self.binary.path] + arguments,
                              in: URL(fileURLWithPath: "/"), environment: environment)
    }

    @Test("a received database with a trigger added is refused by every command but check, which reports it")
    func editedSchemaRefused() throws {
        try loadSeeds()
        let edit = try sqlite3("CREATE TRIGGER notes_evil AFTER INSERT ON notes BEGIN DELETE FROM notes; END;", loadingExtension: false)
        #expect(edit.status == 0, "\(edit.stderr)")
        let note = directory.appendingPathComponent("new.jsonl")
        try Data("{\"id\":\"nauja\",\"title\":\"Jauna\"}\n".utf8).write(to: note)
        let commands = [["list"], ["search", "reforma"], ["show", "lps-kps-sadarbibas-ligums-2018"], ["load", note.path],
                        ["dump", "--format", "jsonl", "-"], ["delete", "--yes", "lps-kps-sadarbibas-ligums-2018"], ["check", "--repair"]]
        for command in commands {
            let result = try run(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("the database's schema differs from Pieredze's: trigger notes_evil is not Pieredze's"),
                    "\(command): \(result.stderr)")
            #expect(!result.stderr.contains("CREATE") && !result.stderr.contains("DELETE FROM"), "\(command)")
            #expect(result.stdout.isEmpty, "\(command)")
        }
        let check = try run(["check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("schema: trigger notes_evil is not Pieredze's"))
        #expect(!check.stdout.contains("rebuild"))
        #expect(try sqlite3("SELECT count(*) FROM notes", loadingExtension: false).stdout == "14\n")
    }

    @Test("a database in a directory nobody may write is read, and a write says read-only location")
    func readOnlyLocation() throws {
        try loadSeeds()
        // The database as copied onto read-only media: no -wal or -shm, nothing may be created.
        #expect(chmod(db, 0o644) == 0)
        #expect(chmod(directory.path, 0o555) == 0)
        defer { chmod(directory.path, 0o755) }
        #expect(!FileManager.default.fileExists(atPath: db + "-shm"))

        let list = try runUnprivileged(["list"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.split(separator: "\n").count == 14)
        let search = try runUnprivileged(["search", "--format", "ids", "pasvaldibu savienibas"])
        #expect(search.status == 0, "\(search.stderr)")
        #expect(!search.stdout.isEmpty)
        #expect(try runUnprivileged(["dump", "--format", "jsonl", "-"]).stdout.split(separator: "\n").count == 14)

        let check = try runUnprivileged(["check"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout == "ok, but the full-text index was not checked: read-only location: \(db) (its check writes)\n")

        for command in [["delete", "--yes", "lps-kps-sadarbibas-ligums-2018"], ["check", "--repair"], ["load", Self.seeds]] {
            let write = try runUnprivileged(command)
            #expect(write.status == 1, "\(command)")
            #expect(write.stderr.contains("read-only location: \(db)"), "\(command): \(write.stderr)")
            #expect(!write.stderr.contains("rebuild") && !write.stdout.contains("rebuild"), "\(command)")
        }
    }

    @Test("check and a second writer, kept waiting past the busy timeout, say another command is writing")
    func busyWriter() throws {
        try loadSeeds()
        let holder = try KnowledgeBase(path: db, access: .write)
        try holder.connection.execute("BEGIN IMMEDIATE")
        defer { try? holder.connection.execute("ROLLBACK") }
        // Both wait out the 5-second busy timeout, side by side.
        let commands = [["check"], ["delete", "--yes", "lps-kps-sadarbibas-ligums-2018"]]
        let results = ResultsBox(count: commands.count)
        let binary = Self.binary, directory = directory, db = db
        DispatchQueue.concurrentPerform(iterations: commands.count) { index in
            var environment = ProcessInfo.processInfo.environment
            environment["PIEREDZE_DB"] = db
            results.set(index, try? Self.spawn(binary, commands[index], in: directory, environment: environment))
        }
        for (command, result) in zip(commands, results.values) {
            let result = try #require(result)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("another pieredze command is writing to \(db); try again"), "\(command): \(result.stderr)")
            #expect(!result.stdout.contains("rebuild"), "\(command)")
        }
    }
}

/// Results written by concurrent workers, one slot each.
final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [CLITests.Result?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: CLITests.Result?) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [CLITests.Result?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
