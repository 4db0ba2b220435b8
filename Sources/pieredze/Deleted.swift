import ArgumentParser
import PieredzeKit

extension Pieredze {
    struct Deleted: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deleted", abstract: "List deleted notes (id, title, when) that `pieredze restore ID` brings back.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try writeStandardOutput(HistoryOutput.deleted(try database.open(.read).deletedNotes()))
        }
    }
}
