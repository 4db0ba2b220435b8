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
            let knowledgeBase = try database.open(.read)
            // Each topic counts with its subtopics (a note filed under two subtopics counts once per topic).
            for entry in try knowledgeBase.topicCounts() {
                let indent = String(repeating: "  ", count: entry.depth)
                let name = english ? entry.topic.nameEN : entry.topic.nameLV
                let directly = entry.direct != entry.total ? ", \(entry.direct) directly" : ""
                print("\(indent)\(entry.topic.slug)  \(name)  (\(entry.total)\(directly))")
            }
        }
    }
}
