import ArgumentParser
import PieredzeKit

extension Pieredze {
    struct RevertLoad: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revert-load",
            abstract: "Undo a load (or another journal entry): every note it touched back as it was.",
            discussion: """
                Notes the entry inserted are deleted, notes it updated or deleted are brought back, in one \
                transaction. Refused, with nothing changed, when a later change touched any of those notes. The \
                revert is itself journaled, so it can be reverted too.
                """)

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The journal entry's number (`pieredze loads` lists them).", valueName: "N"))
        var entry: Int64

        func run() throws {
            let revert = try database.open(.write).revert(entry: entry)
            print("reverted #\(entry) as \(revert.name): \(HistoryOutput.counts(revert))")
        }
    }
}
