import ArgumentParser
import Foundation
import PieredzeKit

extension Pieredze {
    struct Dump: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dump",
            abstract: "Write every note back out as files that `pieredze load` reads.",
            discussion: "jsonl: OUT is a file (- for standard output). md: OUT is a directory, one <id>.md a note.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "jsonl: one file; md: one file a note.")
        var format: NoteDumpFormat = .jsonl

        @Argument(help: ArgumentHelp("Output file (jsonl) or directory (md).", valueName: "out"))
        var output: String

        func validate() throws {
            if format == .md, output == "-" { throw ValidationError("md writes one file a note: give a directory") }
        }

        func run() throws {
            let knowledgeBase = try database.open(.read)
            let count: Int
            switch format {
            case .md:
                count = try knowledgeBase.dumpMarkdown(toDirectory: output)
            case .jsonl where output == "-":
                count = try knowledgeBase.dumpJSONLines(to: .standardOutput)
            case .jsonl:
                guard FileManager.default.createFile(atPath: output, contents: nil) else {
                    throw ValidationError("cannot write \(output)")
                }
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
                count = try knowledgeBase.dumpJSONLines(to: handle)
                try handle.close()
            }
            if output != "-" { printError("dumped \(count) notes to \(output)") }
        }
    }
}
