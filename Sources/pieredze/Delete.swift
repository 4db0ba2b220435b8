import ArgumentParser
import Foundation
import PieredzeKit

extension Pieredze {
    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete a note (its index entry and links go with it); `pieredze restore ID` brings it back.",
            discussion: "Asks for confirmation on a terminal; --yes deletes without asking, and is needed when standard input is not a terminal.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The note's id.")
        var id: String

        @Flag(name: .shortAndLong, help: "Delete without asking.")
        var yes = false

        func run() throws {
            let shownID = VisibleText.escaping(id, lines: .flatten)
            guard yes || isatty(STDIN_FILENO) == 1 else {
                throw ValidationError("delete asks before deleting, and standard input is not a terminal to answer on; "
                                      + "add --yes to delete \(shownID) without asking")
            }  // the wording names the note, so not Confirmation.requireAnswerable
            let knowledgeBase = try database.open(.write)
            do {
                if !yes {
                    guard let note = try knowledgeBase.note(id: id) else { throw KnowledgeBaseError.noSuchNote(id: id) }
                    guard Confirmation.ask("delete \(shownID) (\(VisibleText.escaping(note.title, lines: .flatten)))?", yes: false) else {
                        printError("nothing was deleted")
                        throw ExitCode(1)
                    }
                }
                try knowledgeBase.delete(id: id)
            } catch let error as KnowledgeBaseError {
                printError(error.description)
                throw ExitCode(1)
            }
            print("deleted \(shownID); `pieredze restore \(shownID)` brings it back")
        }
    }
}
