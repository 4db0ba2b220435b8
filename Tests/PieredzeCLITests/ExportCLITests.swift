import Foundation
import PieredzeKit
import Testing

/// Issue 11 items 8, 10 and 13 from the outside: numbers out of range, unwritable standard
/// output, overwriting, and ids that are not file names.
@Suite("pieredze: numbers, unwritable output, dump safety", .serialized)
final class ExportCLITests {
    let scratch: ScratchDirectory
    var directory: URL { scratch.url }
    var db: String { scratch.db }

    init() throws {
        scratch = try ScratchDirectory("pieredze-export-cli")
        let load = try run(["load", CLITests.seeds])
        #expect(load.status == 0, "\(load.stderr)")
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> CLITests.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["PIEREDZE_DB"] = db
        return try CLITests.spawn(CLITests.binary, arguments, in: directory, environment: environment)
    }

    /// Runs `pieredze ARGS > /dev/full`: every write to standard output fails with ENOSPC.
    func runIntoFullDevice(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["PIEREDZE_DB"] = db
        process.environment = environment
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let err = Pipe()
        process.standardOutput = full
        process.standardError = err
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    @Test("a full standard output is exit 1 with a sentence, never a crash", arguments: [
        ["dump", "--format", "jsonl", "-"], ["search", "pašvaldību"], ["search", "pašvaldību", "--format", "json"],
        ["list"], ["show", "lps-kps-sadarbibas-ligums-2018"], ["show", "lps-kps-sadarbibas-ligums-2018", "--format", "md"],
    ])
    func fullOutput(arguments: [String]) throws {
        let result = try runIntoFullDevice(arguments)
        #expect(result.status == 1, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("cannot write standard output: No space left on device"), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test("numbers out of range are bad usage with a sentence", arguments: [
        (["search", "reforma", "--offset", "9223372036854775807"], "--offset must be between 0 and 1000000"),
        (["search", "reforma", "--offset", "1000001"], "--offset must be between 0 and 1000000"),
        (["search", "reforma", "--offset=-1"], "--offset must be between 0 and 1000000"),
        (["search", "reforma", "--offset", "-1"], "--offset must be between 0 and 1000000, not -1"),
        (["search", "reforma", "--limit", "-5"], "--limit must be between 1 and 10000, not -5"),
        (["search", "reforma", "--limit", "9223372036854775807"], "--limit must be between 1 and 10000"),
        (["search", "reforma", "--limit", "9223372036854775806", "--offset", "1"], "--limit must be between 1 and 10000"),
        (["search", "reforma", "--limit", "0"], "--limit must be between 1 and 10000"),
        (["search", "reforma", "--limit", "99999999999999999999"], "limit"),
        (["list", "--year", "9223372036854775807"], "a year must have four digits"),
        (["list", "--from=-9223372036854775808"], "a year must have four digits"),
        (["report", "--to", "9223372036854775807"], "a year must have four digits"),
        (["search", "reforma", "--from", "99999999999999999999"], "from"),
    ])
    func numbers(arguments: [String], message: String) throws {
        let result = try run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test("the largest allowed paging works")
    func largestPaging() throws {
        let result = try run(["search", "pašvaldību", "--limit", "10000", "--offset", "1000000", "--format", "ids"])
        #expect(result.status == 1)  // nothing that far, and no crash
        #expect(result.stdout.isEmpty)
        #expect(try run(["search", "pašvaldību", "--limit", "10000", "--format", "ids"]).status == 0)
    }

    @Test("dump keeps an existing file or directory's files without --force (exit 2), replaces them with it")
    func dumpOverwrite() throws {
        let file = directory.appendingPathComponent("out.jsonl").path
        try "vecais\n".write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try run(["dump", file])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("exists; use --force to overwrite it"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "vecais\n")
        #expect(try run(["dump", "--force", file]).status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count == 14)

        let markdown = directory.appendingPathComponent("md").path
        #expect(try run(["dump", "--format", "md", markdown]).status == 0)
        let again = try run(["dump", "--format", "md", markdown])
        #expect(again.status == 2)
        #expect(again.stderr.contains("exists; use --force"))
        #expect(try run(["dump", "--format", "md", "--force", markdown]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: markdown).count == 14)
    }

    @Test("dump refuses an id that would leave its directory, naming it, and writes nothing")
    func dumpUnsafeID() throws {
        let knowledgeBase = try KnowledgeBase(path: db, access: .write)
        try knowledgeBase.connection.execute("PRAGMA ignore_check_constraints = ON")
        try knowledgeBase.connection.execute("UPDATE notes SET id = '../../escaped' WHERE id = 'lps-kps-sadarbibas-ligums-2018'")
        let inner = directory.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        let result = try run(["dump", "--format", "md", inner.appendingPathComponent("md").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("note id '../../escaped' cannot be a file name"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: inner.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("escaped.md").path))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("a/escaped.md").path))
    }

    @Test("show and list print a hostile title visibly, never raw")
    func hostileTitle() throws {
        let knowledgeBase = try KnowledgeBase(path: db, access: .write)
        try knowledgeBase.connection.execute(
            "UPDATE notes SET title = ? WHERE id = 'lps-kps-sadarbibas-ligums-2018'", ["Virsraksts\u{1B}]52;c;aGk=\u{7}\u{1B}[2J\tbeigas"])
        for arguments in [["show", "lps-kps-sadarbibas-ligums-2018"], ["show", "lps-kps-sadarbibas-ligums-2018", "--format", "md"], ["list"]] {
            let result = try run(arguments)
            #expect(result.status == 0)
            #expect(!result.stdout.contains("\u{1B}"), "\(arguments)")
            #expect(!result.stdout.contains("\u{7}"), "\(arguments)")
            // Text shows control pictures; the Markdown file's YAML writes the title with its own escapes (`\e`).
            #expect(result.stdout.contains(arguments.contains("md") ? "Virsraksts\\e]52;c;aGk=\\a\\e[2J" : "Virsraksts␛]52;c;aGk=␇␛[2J"),
                    "\(arguments): \(result.stdout)")
        }
        // In `list`, a TAB in a title cannot shift the columns.
        let line = try #require(try run(["list"]).stdout.split(separator: "\n").first { $0.contains("Virsraksts") })
        #expect(line.split(separator: "\t", omittingEmptySubsequences: false).count == 3)
    }
}
