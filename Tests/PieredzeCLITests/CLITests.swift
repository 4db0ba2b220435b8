import Foundation
import PieredzeKit
import Testing

/// A temporary directory of one test, with the path of a database in it (not created), removed
/// when the suite instance that holds it goes: what every end-to-end suite starts from.
final class ScratchDirectory {
    let url: URL
    let db: String

    init(_ name: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        db = url.appendingPathComponent("kb.db").path
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

/// End-to-end tests: they run the built `pieredze` binary as a user would. Each test gets a
/// temporary directory of its own (a class, so `deinit` can remove it).
@Suite("pieredze command line", .serialized)
final class CLITests {
    static let packageDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seeds = packageDirectory.appendingPathComponent("seeds").path

    /// The binary beside the test bundle (`swift build` puts both in the same products folder).
    static let binary: URL = {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("pieredze")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return packageDirectory.appendingPathComponent(".build/debug/pieredze")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let scratch: ScratchDirectory
    var directory: URL { scratch.url }
    var db: String { scratch.db }

    init() throws {
        scratch = try ScratchDirectory("pieredze-cli")
    }

    /// Runs `pieredze ARGS` in a neutral working directory, with `NO_COLOR` unset unless given.
    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:]) throws -> Result {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NO_COLOR")
        environment["PIEREDZE_DB"] = db
        for (key, value) in extra { environment[key] = value }
        return try Self.spawn(Self.binary, arguments, in: directory, environment: environment, stdin: stdin)
    }

    /// Runs a program to its end and collects its exit status and output.
    static func spawn(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String]? = nil,
                      stdin: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    func loadSeeds() throws {
        let result = try run(["load", Self.seeds])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("init, migrate --status and load the seeds, from any working directory")
    func initAndLoad() throws {
        let initialized = try run(["init"])
        #expect(initialized.status == 0)
        let status = try run(["migrate", "--status"])
        #expect(status.stdout.contains("0001_bootstrap.sql"))
        #expect(status.stdout.contains("0003_latvian_tokenizer.sql"))
        #expect(!status.stdout.contains("pending"))
        let load = try run(["load", Self.seeds])
        #expect(load.status == 0)
        #expect(load.stdout.hasPrefix("loaded 14 notes: 14 new, 0 updated, 0 unchanged"))
        let again = try run(["load", Self.seeds])
        #expect(again.stdout.hasPrefix("loaded 14 notes: 0 new, 0 updated, 14 unchanged"))
        #expect(try run(["check"]).stdout == "ok\n")
    }

    @Test("a bad load lists every problem, exits 1 and writes nothing")
    func badLoad() throws {
        let bad = directory.appendingPathComponent("bad.jsonl")
        try Data("{\"id\":\"a\",\"title\":\"Labs\"}\n{\"id\":\"b\",\"country\":\"Atlantīda\"}\n{\"id\":\"c\",\"title\":\"X\",\"topics\":[\"nav\"]}\n".utf8).write(to: bad)
        let result = try run(["load", bad.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.jsonl:2: title: missing"))
        #expect(result.stderr.contains("bad.jsonl:3: topics: unknown topic 'nav'; known topics: administrativi-teritoriala-reforma"))
        #expect(result.stderr.contains("nothing was loaded"))
        #expect(try run(["list"]).stdout.isEmpty)
    }

    @Test("--dry-run counts and writes nothing; standard input needs --format")
    func dryRunAndStdin() throws {
        let dry = try run(["load", "--dry-run", Self.seeds])
        #expect(dry.stdout.hasPrefix("would load 14 notes: 14 new"))
        #expect(try run(["list"]).stdout.isEmpty)
        #expect(try run(["load", "-"], stdin: "{}").status == 2)
        let piped = try run(["load", "-", "--format", "jsonl"], stdin: "{\"id\":\"no-stdin\",\"title\":\"No stdin\"}\n")
        #expect(piped.status == 0)
        #expect(try run(["list"]).stdout.hasPrefix("no-stdin\tNo stdin"))
    }

    @Test("search: ids in rank order, exit codes 0, 1 and 2")
    func search() throws {
        try loadSeeds()
        let found = try run(["search", "pasvaldibu savienibas", "--format", "ids", "--limit", "3"])
        #expect(found.status == 0)
        #expect(found.stdout.split(separator: "\n").count == 3)
        #expect(found.stdout.split(separator: "\n").contains("lps-kps-sadarbibas-ligums-2018"))
        // Without diacritics and with them, the same notes in the same order.
        let withDiacritics = try run(["search", "pašvaldību savienības", "--format", "ids", "--limit", "3"])
        #expect(withDiacritics.stdout == found.stdout)
        let agreement = try run(["search", "sadarbības līgums Biškekā", "--format", "ids", "--limit", "1"])
        #expect(agreement.stdout == "lps-kps-sadarbibas-ligums-2018\n")
        let none = try run(["search", "zilonis"])
        #expect(none.status == 1)
        #expect(none.stdout.isEmpty)
        let bad = try run(["search", "\" * -"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("no words to search for"))
        #expect(try run(["search", "reforma", "--format", "xml"]).status == 2)
        // -word excludes, and is not taken for an option.
        let all = try run(["search", "reforma", "--format", "ids", "--limit", "50"]).stdout.split(separator: "\n")
        let without = try run(["search", "reforma", "-Biškeka", "--format", "ids", "--limit", "50"])
        #expect(without.status == 0)
        #expect(without.stdout.split(separator: "\n").count < all.count)
    }

    @Test("search output has no colour when piped, and JSON is valid")
    func searchOutput() throws {
        try loadSeeds()
        let text = try run(["search", "reforma"])
        #expect(!text.stdout.contains("\u{1B}["))
        #expect(text.stdout.contains("1. "))
        let json = try run(["search", "reforma", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let results = object?["results"] as? [[String: Any]]
        #expect((results?.count ?? 0) > 0)
        #expect((results?.first?["snippet"] as? String)?.contains("**") == true)
        // How many notes match in all, and how to see more.
        let total = try #require(object?["total"] as? Int)
        #expect(total >= (results?.count ?? 0) && total > 1)
        #expect(object?["totalRelation"] as? String == "eq")  // far below the count limit
        let ids = try run(["search", "reforma", "--format", "ids", "--limit", "10000"]).stdout.split(separator: "\n")
        #expect(ids.count == total)
        #expect(text.stdout.hasSuffix("\(min(10, total)) of \(total) notes" + (total > 10 ? " — more with --offset 10\n" : "\n")), "\(text.stdout)")
        let first = try run(["search", "reforma", "--limit", "1"])
        #expect(first.stdout.hasSuffix("\n1 of \(total) notes — more with --offset 1\n"), "\(first.stdout)")
        let second = try run(["search", "reforma", "--limit", "1", "--offset", "1"])
        #expect(second.stdout.hasSuffix("\n2 of \(total) notes" + (total > 2 ? " — more with --offset 2\n" : "\n")), "\(second.stdout)")
        // Lists for scripts stay lists.
        #expect(!(try run(["search", "reforma", "--format", "jsonl"]).stdout.contains("of \(total) notes")))
        // Past the last note: how many match and where the last page starts, not "No notes found".
        let past = try run(["search", "reforma", "--limit", "5", "--offset", "\(total)"])
        #expect(past.status == 1)
        #expect(past.stderr.contains("No more notes: \(total) notes match, and --offset \(total) is past the last; try --offset \(max(0, total - 5))"),
                "\(past.stderr)")
        // A later page of partial matches does not claim that no note has all the words.
        let all = try run(["search", "pašvaldību", "reforma", "--all-words", "--format", "ids", "--limit", "10000"]).stdout
            .split(separator: "\n").count
        let later = try run(["search", "pašvaldību", "reforma", "--offset", "\(all)"])
        #expect(all > 0 && later.status == 0)
        #expect(!later.stderr.contains("No note has all the words"), "\(later.stderr)")
    }

    @Test("show, list filters, topics, delete")
    func browse() throws {
        try loadSeeds()
        let show = try run(["show", "lps-kps-sadarbibas-ligums-2018", "--format", "json"])
        let note = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        #expect(note?["country"] as? String == "KG")
        #expect(note?["occurred"] as? String == "2018-08-20")
        #expect(try run(["list", "--country", "Latvija"]).stdout.split(separator: "\n").count == 1)
        #expect(try run(["topics"]).stdout.contains("sadarbibas-ligumi  Sadarbības līgumi  (1)"))
        #expect(try run(["delete", "--yes", "lps-kps-sadarbibas-ligums-2018"]).status == 0)
        #expect(try run(["delete", "--yes", "lps-kps-sadarbibas-ligums-2018"]).status == 1)
        #expect(try run(["show", "lps-kps-sadarbibas-ligums-2018"]).status == 1)
        #expect(try run(["check"]).stdout == "ok\n")
    }

    @Test("dump then load into an empty database gives the same dump", arguments: ["jsonl", "md"])
    func dumpRoundTrip(format: String) throws {
        try loadSeeds()
        let first = directory.appendingPathComponent("first.\(format)").path
        #expect(try run(["dump", "--format", format, first]).status == 0)
        let other = directory.appendingPathComponent("other.db").path
        #expect(try run(["load", "--db", other, first]).status == 0)
        let second = directory.appendingPathComponent("second.\(format)").path
        #expect(try run(["dump", "--db", other, "--format", format, second]).status == 0)
        if format == "jsonl" {
            let a = try String(contentsOfFile: first, encoding: .utf8), b = try String(contentsOfFile: second, encoding: .utf8)
            #expect(a == b)
            #expect(a.split(separator: "\n").count == 14)
        } else {
            let files = try FileManager.default.contentsOfDirectory(atPath: first).sorted()
            #expect(files.count == 14)
            for file in files {
                #expect(try String(contentsOfFile: first + "/" + file, encoding: .utf8) == String(contentsOfFile: second + "/" + file, encoding: .utf8))
            }
        }
    }

    @Test("analyze --stem is the index's analysis")
    func analyze() throws {
        let result = try run(["analyze", "--stem"], stdin: "Pašvaldību\npasvaldibas\nreformās\n")
        let stems = result.stdout.split(separator: "\n")
        #expect(stems.count == 3)
        #expect(stems[0] == stems[1])
        #expect(stems[2] == "reform")
    }

    @Test("an edited migration and a newer database are refused with a reason")
    func refusals() throws {
        try loadSeeds()
        // Through the sqlite3 shell (not pieredze): the point is a database changed behind its back.
        func sql(_ statement: String) throws {
            let result = try sqlite3(statement, loadingExtension: false)
            #expect(result.status == 0, "\(result.stderr)")
        }
        try sql("UPDATE schema_migrations SET sha256 = 'abc' WHERE version = 2")
        let edited = try run(["list"])
        #expect(edited.status == 1)
        #expect(edited.stderr.contains("a released migration was edited"))
        try sql("UPDATE schema_migrations SET sha256 = '\(try migrationChecksum(2))' WHERE version = 2")
        #expect(try run(["list"]).status == 0)
        try sql("INSERT INTO schema_migrations VALUES (999, 'future', 'x', '2030-01-01')")
        let newer = try run(["search", "reforma"])
        #expect(newer.status == 1)
        #expect(newer.stderr.contains("newer Pieredze"))
    }

    /// The SHA-256 of a shipped migration file, computed by the system's sha256sum.
    func migrationChecksum(_ version: Int) throws -> String {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.packageDirectory.appendingPathComponent("migrations").path)
        let name = try #require(files.first { $0.hasPrefix(String(format: "%04d_", version)) })
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [Self.packageDirectory.appendingPathComponent("migrations/\(name)").path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        return String(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64))
    }

    // MARK: The command line's seams: migrate on a fresh path, version, enum choices

    @Test("migrate on a fresh path creates the database and its directory, as init does")
    func migrateCreates() throws {
        let fresh = directory.appendingPathComponent("new/dir/kb.db").path
        let migrated = try run(["migrate"], environment: ["PIEREDZE_DB": fresh])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        #expect(migrated.stdout.contains("applied 0001_bootstrap.sql"))
        #expect(FileManager.default.fileExists(atPath: fresh))
        let status = try run(["migrate", "--status"], environment: ["PIEREDZE_DB": fresh])
        #expect(status.status == 0)
        #expect(!status.stdout.contains("pending"))
        #expect(try run(["migrate"], environment: ["PIEREDZE_DB": fresh]).stdout.hasPrefix("up to date ("))
        let missing = try run(["migrate", "--status", "--db", directory.appendingPathComponent("none.db").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no database at"))
    }

    @Test("--version prints the version")
    func version() throws {
        let result = try run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == PieredzeVersion.current + "\n")
    }

    @Test("help lists the values of a fixed choice")
    func helpListsValues() throws {
        // Help wraps its lines to the terminal: compare with runs of white space as one space.
        func help(_ command: String) throws -> String {
            let result = try run([command, "--help"])
            #expect(result.status == 0)
            return result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let search = try help("search")
        #expect(search.contains("--format <format> Output: "), "\(search)")
        #expect(search.contains("(values: text, json, jsonl, md, ids; default: text)"), "\(search)")
        #expect(search.contains("(values: lv, en, ru)"))
        #expect(search.contains("(values: lesson, good-practice, observation, event)"))
        let report = try help("report")
        #expect(report.contains("(values: md, html, json, csv)") && report.contains("default: from -o's extension, else md"), "\(report)")
    }

    @Test("an invalid choice is bad usage: exit 2, the valid values named", arguments: [
        ["search", "reforma", "--format", "xml"], ["show", "x", "--format", "xml"], ["dump", "--format", "xml", "out"],
        ["report", "--format", "pdf"], ["report", "--lang", "de"], ["search", "reforma", "--lang", "de"],
        ["list", "--kind", "lesson-learned"], ["load", "--index-strategy", "fast", "x"],
    ])
    func invalidChoice(arguments: [String]) throws {
        try loadSeeds()
        let result = try run(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("is invalid for"), "\(result.stderr)")
    }
}
