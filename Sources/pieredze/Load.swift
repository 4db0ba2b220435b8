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
                problem, every problem is listed (file:line: field: what was wrong) and nothing is written. Files in a directory \
                that are not notes (other extensions, hidden files and directories) are skipped and listed.

                Files are UTF-8 (a byte-order mark is fine); lines may end in LF, CR LF or CR. CSV fields are \
                separated by the comma, semicolon or tab the header line uses (or --delimiter). A file in \
                another encoding (Windows-1257, UTF-16) is refused with advice, or converted with --encoding.
                """)

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("Files or directories to load, or - for standard input.", valueName: "path"))
        var paths: [String]

        @Option(help: ArgumentHelp("Format of standard input, or of the files given whatever their extension says (not for directories)."))
        var format: NoteFormat?

        @Option(help: ArgumentHelp("Convert the files from this encoding to UTF-8 (default: UTF-8, others refused).", valueName: "encoding"))
        var encoding: TextEncoding?

        @Option(help: ArgumentHelp("CSV field separator: ',', ';' or tab (default: the one the header line uses).", valueName: "separator"))
        var delimiter: CSVDelimiter?

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
            if let format {
                for path in paths where path != "-" {
                    var isDirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                        throw ValidationError("--format \(format.rawValue) is for files and -, not the directory \(path), whose files are read by their extensions")
                    }
                }
                if delimiter != nil, format != .csv {
                    throw ValidationError("--delimiter is for CSV, not --format \(format.rawValue)")
                }
            }
        }

        func run() throws {
            let knowledgeBase = try database.open(.create)
            let progress = ProgressLine()
            var options = NoteLoader.Options(dryRun: dryRun)
            options.indexStrategy = indexStrategy.strategy
            options.dialect = TextDialect(encoding: encoding, delimiter: delimiter)
            let inputs: [NoteLoader.Input] = paths.map { path in
                if path == "-" { return .standardInput(format ?? .jsonl) }
                return format.map { .file(path, format: $0) } ?? .path(path)
            }
            let started = Date()
            let summary: NoteLoader.Summary
            do {
                summary = try knowledgeBase.load(inputs, options: options, collectOutcomes: verbose) { progress.update($0) }
            } catch let failure as LoadFailure {
                progress.clear()
                if let skipped = NoteLoader.describeSkipped(failure.skipped) { printError(skipped) }
                printError(failure.description)
                throw ExitCode(1)
            }
            progress.clear()
            for warning in summary.warnings { printError(warning.description) }
            if let skipped = NoteLoader.describeSkipped(summary.skipped) { printError(skipped) }
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
