import ArgumentParser
import Foundation
import PieredzeKit

struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load experience notes from Markdown, JSONL, JSON or CSV files.",
        discussion: """
            PATH is a file, a directory (searched recursively for .md, .jsonl, .json and .csv files), or - \
            for standard input together with --format. Notes are matched by id: new ones are added, changed \
            ones updated, identical ones left alone. The whole load is one transaction: if any note has a \
            problem, every problem is listed (file:line: field: what was wrong) and nothing is written.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("Files or directories to load, or - for standard input.", valueName: "path"))
    var paths: [String]

    @Option(help: "Format of standard input: md, jsonl, json or csv.")
    var format: String?

    @Flag(help: "Check and count everything, write nothing.")
    var dryRun = false

    @Flag(name: .shortAndLong, help: "List every note with what happened to it.")
    var verbose = false

    @Option(help: ArgumentHelp("How to keep the full-text index in step: auto, triggers or bulk.", visibility: .hidden))
    var indexStrategy: String = "auto"

    func validate() throws {
        if paths.contains("-") {
            guard let format, NoteFormat(rawValue: format) != nil else {
                throw ValidationError("reading standard input (-) needs --format md, jsonl, json or csv")
            }
        }
        guard indexStrategy == "auto" || NoteLoader.IndexStrategy(rawValue: indexStrategy) != nil else {
            throw ValidationError("--index-strategy must be auto, triggers or bulk")
        }
    }

    func run() throws {
        let knowledgeBase = try database.open(.create)
        let loader = NoteLoader(connection: knowledgeBase.connection)
        loader.collectOutcomes = verbose
        let progress = ProgressLine()
        loader.progress = { progress.update($0) }
        var options = NoteLoader.Options(dryRun: dryRun)
        options.indexStrategy = NoteLoader.IndexStrategy(rawValue: indexStrategy)
        let inputs: [NoteLoader.Input] = paths.map {
            $0 == "-" ? .standardInput(NoteFormat(rawValue: format ?? "jsonl") ?? .jsonl) : .path($0)
        }
        let started = Date()
        let summary: NoteLoader.Summary
        do {
            summary = try loader.load(inputs, options: options)
        } catch let failure as LoadFailure {
            progress.clear()
            printError(failure.description)
            throw ExitCode(1)
        }
        progress.clear()
        if verbose {
            for (id, outcome) in summary.outcomes { print("\(outcome)\t\(id)") }
        }
        let seconds = Date().timeIntervalSince(started)
        let verb = dryRun ? "would load" : "loaded"
        print("\(verb) \(summary.total) notes: \(summary.new) new, \(summary.updated) updated, \(summary.unchanged) unchanged"
              + " (\(String(format: "%.2f", seconds)) s)" + (dryRun ? "; dry run, nothing written" : ""))
    }
}

/// A one-line progress display on standard error, shown only on a terminal and only once a
/// load has run for a second.
final class ProgressLine {
    private let enabled = isatty(STDERR_FILENO) == 1
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    func update(_ progress: NoteLoader.Progress) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(started) >= 1, progress.indexing || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let rate = Double(progress.notes) / now.timeIntervalSince(started)
        var line = "\(progress.notes) notes (\(Int(rate))/s)"
        if let total = progress.totalBytes, total > 0 {
            let fraction = min(1, Double(progress.bytesRead) / Double(total))
            let width = 30
            let filled = Int(fraction * Double(width))
            line = "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] "
                + "\(Int(fraction * 100))%  " + line
        }
        if progress.indexing { line += "; building the full-text index…" }
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
        drawn = true
    }

    func clear() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
