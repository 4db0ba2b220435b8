import ArgumentParser
import PieredzeKit

extension Pieredze {
    struct Topics: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "topics", abstract: "Show the topic tree with the number of notes under each topic.")

        @OptionGroup var database: DatabaseOptions

        @Flag(help: "English topic names.")
        var english = false

        func run() throws {
            // Each topic counts with its subtopics (a note filed under two subtopics counts once per topic).
            print(try database.open(.read).topicOutline(english: english), terminator: "")
        }
    }
}
