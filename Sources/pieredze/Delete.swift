import ArgumentParser
import PieredzeKit

extension Pieredze {
    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Delete a note (its index entry and links go with it).")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The note's id.")
        var id: String

        func run() throws {
            let knowledgeBase = try database.open(.write)
            do {
                try knowledgeBase.delete(id: id)
            } catch let error as KnowledgeBaseError {
                printError(error.description)
                throw ExitCode(1)
            }
            print("deleted \(id)")
        }
    }
}
