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
                revert is itself journaled, so it can be reverted too. Asks first on a terminal; --yes goes \
                ahead without asking, and is needed when standard input is not a terminal.
                """)

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The journal entry's number (`pieredze loads` lists them).", valueName: "N"))
        var entry: Int64

        @Flag(name: .shortAndLong, help: "Revert without asking.")
        var yes = false

        func run() throws {
            try Confirmation.requireAnswerable(yes: yes, what: "revert-load")
            let knowledgeBase = try database.open(.write)
            if !yes, let undone = try knowledgeBase.journal().entries.first(where: { $0.number == entry }) {
                guard Confirmation.ask("revert #\(entry) (\(undone.command), \(HistoryOutput.counts(undone))): "
                                       + "its new notes are deleted and the others put back as they were. Go ahead?", yes: false) else {
                    printError("nothing was changed")
                    throw ExitCode(1)
                }
            }
            let revert = try knowledgeBase.revert(entry: entry)
            print("reverted #\(entry) as \(revert.name): \(HistoryOutput.counts(revert))")
        }
    }
}
