import Foundation
import PieredzeKit
import Testing

/// A load killed with SIGKILL at any moment leaves the database as it was or with the whole load:
/// `check` finds nothing wrong and the note count is all or nothing.
extension CLITests {
    /// `count` generated notes with ids `prefix-N` as JSON lines, long enough that a load of a few
    /// thousand takes a good part of a second.
    func generatedNotes(_ prefix: String, count: Int) throws -> URL {
        let paragraph = "Pašvaldību reforma prasīja ilgu sabiedrisko apspriešanu, un novadu apvienošana notika pakāpeniski. "
        var text = ""
        for index in 0..<count {
            let body = String(repeating: paragraph, count: 1 + index % 4)
            text += "{\"id\":\"\(prefix)-\(index)\",\"title\":\"Piezīme \(index)\",\"summary\":\"\(body)\",\"tags\":[\"t\(index % 50)\"],"
                + "\"topics\":[\"pasvaldibu-apvienosana\"],\"organizations\":[\"Organizācija \(index % 30)\"]}\n"
        }
        let file = directory.appendingPathComponent("\(prefix).jsonl")
        try Data(text.utf8).write(to: file)
        return file
    }

    /// Starts `pieredze load FILE`, kills it with SIGKILL after `delay` milliseconds (if still running).
    func killedLoad(_ file: URL, after delay: Int) throws {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["load", file.path]
        var environment = ProcessInfo.processInfo.environment
        environment["PIEREDZE_DB"] = db
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(UInt32(delay * 1000))
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    func noteCount() throws -> Int {
        try KnowledgeBase(path: db, access: .read).listing().count
    }

    @Test("loads killed with SIGKILL leave nothing half-written", .timeLimit(.minutes(1)))
    func killedLoads() throws {
        let size = 3000
        #expect(try run(["init"]).status == 0)
        let first = try generatedNotes("pirmais", count: size)
        var expected = [0]
        for delay in [50, 150, 400] {
            try killedLoad(first, after: delay)
            let check = try run(["check"])
            #expect(check.stdout == "ok\n", "killed after \(delay) ms: \(check.stdout)\(check.stderr)")
            let count = try noteCount()
            #expect([0, size].contains(count), "killed after \(delay) ms: \(count) notes")
            if count == size { expected = [size] ; break }
        }
        // Make sure the next round loads into a database that already holds notes.
        if expected == [0] { #expect(try run(["load", first.path]).status == 0) }
        #expect(try noteCount() == size)

        let second = try generatedNotes("otrais", count: size)
        var killedMidway = 0
        for delay in [50, 150, 400, 800] {
            try killedLoad(second, after: delay)
            let check = try run(["check"])
            #expect(check.stdout == "ok\n", "killed after \(delay) ms: \(check.stdout)\(check.stderr)")
            let count = try noteCount()
            #expect([size, 2 * size].contains(count), "killed after \(delay) ms: \(count) notes")
            if count == size { killedMidway += 1 } else { break }
        }
        // At least one kill must have hit a load in progress, or the test proved nothing.
        #expect(killedMidway > 0)
    }
}
