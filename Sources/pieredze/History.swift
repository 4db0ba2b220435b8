import ArgumentParser
import PieredzeKit

extension Pieredze {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "List a note's versions: when, by which load or command, which fields changed.",
            discussion: """
                Every load, delete, restore and revert keeps the version of each note it changes, deleted notes \
                included. Version 0, when shown, is the note as it was before history began.
                """)

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The note's id (also of a deleted note).")
        var id: String

        @Option(help: ArgumentHelp("Show field by field what changed from version N to the next one (or to the note as it is now).",
                                   valueName: "N"))
        var diff: Int?

        func run() throws {
            let knowledgeBase = try database.open(.read)
            if let diff {
                let (from, to, fields) = try knowledgeBase.versionDiff(id: id, version: diff)
                try writeStandardOutput(HistoryOutput.diff(id: id, from: from, to: to, fields: fields))
            } else {
                try writeStandardOutput(HistoryOutput.history(try knowledgeBase.history(id: id)))
            }
        }
    }
}
