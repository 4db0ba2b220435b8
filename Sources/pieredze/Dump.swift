import ArgumentParser
import Foundation
import PieredzeKit

extension Pieredze {
    struct Dump: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dump",
            abstract: "Write every note back out as files that `pieredze load` reads.",
            discussion: """
                jsonl: OUT is a file (- for standard output). md: OUT is a directory, one <id>.md a note. \
                Notes are written in id order. A jsonl file is written atomically (a temporary file, then \
                renamed); a new md directory appears whole (written as a temporary directory, then renamed); \
                into an existing directory each file is written atomically. Existing files are kept unless \
                --force. Exit status: 0 written, 1 a write failed or a note id cannot be a file name, 2 bad usage.
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(help: "jsonl: one file; md: one file a note.")
        var format: NoteDumpFormat = .jsonl

        @Flag(help: "Replace existing files.")
        var force = false

        @Argument(help: ArgumentHelp("Output file (jsonl) or directory (md).", valueName: "out"))
        var output: String

        func validate() throws {
            if format == .md, output == "-" { throw ValidationError("md writes one file a note: give a directory") }
            if force, output == "-" { throw ValidationError("--force only applies to a file or directory") }
        }

        func run() throws {
            let knowledgeBase = try database.open(.read)
            let count: Int
            do {
                switch format {
                case .md: count = try knowledgeBase.dumpMarkdown(toDirectory: output, force: force)
                case .jsonl: count = try knowledgeBase.dumpJSONLines(to: output, force: force)
                }
            } catch let failure as ReportOutput.Failure {
                switch failure {
                case .exists, .isDirectory: throw ValidationError(failure.description)
                case .cannotWrite: throw failure
                }
            }
            if output != "-" { printError("dumped \(count) notes to \(output)") }
        }
    }
}
