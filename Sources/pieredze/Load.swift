import ArgumentParser
import Foundation
import PieredzeKit

extension Pieredze {
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

        @Option(help: "Format of standard input.")
        var format: NoteFormat?

        @Flag(help: "Check and count everything, write nothing.")
        var dryRun = false

        @Flag(name: .shortAndLong, help: "List every note with what happened to it.")
        var verbose = false

        @Option(help: ArgumentHelp("How to keep the full-text index in step.", visibility: .hidden))
        var indexStrategy: IndexStrategyChoice = .auto

        func validate() throws {
            if paths.contains("-") {
                guard format != nil else {
                    let formats = NoteFormat.allCases.map(\.rawValue)
                    let choices = formats.dropLast().joined(separator: ", ") + " or " + (formats.last ?? "")
                    throw ValidationError("reading standard input (-) needs --format \(choices)")
                }
            }
        }

        func run() throws {
            let knowledgeBase = try database.open(.create)
            let progress = ProgressLine()
            var options = NoteLoader.Options(dryRun: dryRun)
            options.indexStrategy = indexStrategy.strategy
            let inputs: [NoteLoader.Input] = paths.map { $0 == "-" ? .standardInput(format ?? .jsonl) : .path($0) }
            let started = Date()
            let summary: NoteLoader.Summary
            do {
                summary = try knowledgeBase.load(inputs, options: options, collectOutcomes: verbose) { progress.update($0) }
            } catch let failure as LoadFailure {
                progress.clear()
                printError(failure.description)
                throw ExitCode(1)
            }
            progress.clear()
            for warning in summary.warnings { printError(warning.description) }
            if verbose {
                for (id, outcome) in summary.outcomes { print("\(outcome)\t\(id)") }
            }
            let seconds = Date().timeIntervalSince(started)
            let verb = dryRun ? "would load" : "loaded"
            print("\(verb) \(summary.total) notes: \(summary.new) new, \(summary.updated) updated, \(summary.unchanged) unchanged"
                  + " (\(String(format: "%.2f", seconds)) s)" + (dryRun ? "; dry run, nothing written" : ""))
        }
    }
}
