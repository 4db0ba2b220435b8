import CSQLite
import Foundation
import PieredzeKit
import PieredzeStorage

/// `make bench`: measures Pieredze against baselines run in the same process, on the same
/// machine, at the same time, and prints ratios (the machines are shared and noisy, so only
/// ratios within one run mean anything).
///
/// Usage: pieredze-bench load|search|tokenizer|report|all [--counts 10000,100000] [--data DIR]
///        [--binary .build/release/pieredze] [--extension .build/release/liblatvian.so]
///        [--search-count 100000] [--rounds 5] [--questions bench/search-questions.txt] [--in-process-only yes]
///        [--verbose yes]
/// A database the bench made (`DIR/search-N.db`) is reused: delete it to load afresh.
@main
struct Bench {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let suite = arguments.isEmpty ? "all" : arguments.removeFirst()
        var options = Options()
        while !arguments.isEmpty {
            let flag = arguments.removeFirst()
            guard let value = arguments.first else { fatalError("\(flag) needs a value") }
            arguments.removeFirst()
            switch flag {
            case "--counts": options.loadCounts = value.split(separator: ",").compactMap { Int($0) }
            case "--search-count": options.searchCount = Int(value)!
            case "--report-count": options.reportCount = Int(value)!
            case "--data": options.dataDirectory = value
            case "--shared": options.sharedDirectory = value
            case "--binary": options.binary = value
            case "--extension": options.extensionPath = value
            case "--rounds": options.rounds = Int(value)!
            case "--questions": options.questionsPath = value
            case "--in-process-only": options.inProcessOnly = value == "yes"
            case "--verbose": options.verbose = value == "yes"
            default: fatalError("unknown option \(flag)")
            }
        }
        try FileManager.default.createDirectory(atPath: options.dataDirectory, withIntermediateDirectories: true)
        print("pieredze-bench \(suite) — \(ProcessInfo.processInfo.activeProcessorCount) cores, SQLite \(String(cString: sqlite3_libversion()))")
        switch suite {
        case "load": try LoadBench(options: options).run()
        case "history": try HistoryCostBench(options: options).run()  // also the end of `load`
        case "tokenizer": try TokenizerBench(options: options).run()
        case "search": try SearchBench(options: options).run()
        case "report": try ReportBench(options: options).run()
        case "all":
            try LoadBench(options: options).run()
            try TokenizerBench(options: options).run()
            try SearchBench(options: options).run()
            try ReportBench(options: options).run()
        default: fatalError("unknown suite \(suite): load, tokenizer, search, report or all")
        }
    }
}

struct Options {
    var loadCounts = [10_000, 100_000]
    var searchCount = 100_000
    var reportCount = 10_000
    var dataDirectory = "build/bench"
    var sharedDirectory = "../shared"
    var binary = ".build/release/pieredze"
    var rounds = 5
    /// The longer natural-language questions the search bench adds to `queries.tsv`.
    var questionsPath = "bench/search-questions.txt"
    /// `--in-process-only yes`: the search bench skips the end-to-end (process) part.
    var inProcessOnly = false
    /// `--verbose yes`: the search bench prints each query's p50.
    var verbose = false
    /// The loadable extension, built next to the binary by `swift build -c release`.
    var extensionPath = ".build/release/liblatvian.so"

    /// The generated JSONL corpus of `count` notes (seed 42), made once and kept.
    func corpus(_ count: Int, format: String = "jsonl") throws -> String {
        let path = "\(dataDirectory)/notes-\(count).\(format)"
        if !FileManager.default.fileExists(atPath: path) {
            let result = try Measured.run(["python3", "\(sharedDirectory)/bench/gen_notes.py", "--count", String(count),
                                           "--seed", "42", "--format", format, "--out", path])
            guard result.status == 0 else { fatalError("gen_notes.py failed") }
        }
        return path
    }

    /// A database of the `count`-note corpus loaded by `pieredze load`, made once and kept.
    func loadedDatabase(_ name: String, count: Int) throws -> String {
        let database = "\(dataDirectory)/\(name)-\(count).db"
        if !FileManager.default.fileExists(atPath: database) {
            let loaded = try Measured.run([binary, "load", "--db", database, try corpus(count)])
            guard loaded.status == 0 else { fatalError("pieredze load failed") }
        }
        return database
    }

    func freshDatabase(_ name: String) -> String {
        let path = "\(dataDirectory)/\(name).db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        return path
    }
}
