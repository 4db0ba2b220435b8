import ArgumentParser
import PieredzeKit

struct Topics: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics", abstract: "Show the topic tree with the number of notes under each topic.")

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "English topic names.")
    var english = false

    func run() throws {
        let knowledgeBase = try database.open(.read)
        let store = NoteStore(connection: knowledgeBase.connection)
        let topics = try store.topics()
        let own = try store.noteCountsByTopic()
        // Count each topic with its subtopics (a note filed under two subtopics counts once per topic).
        func depth(_ topic: Topic) -> Int {
            var depth = 0
            var parent = topic.parentID
            while let id = parent { depth += 1; parent = topics.first { $0.id == id }?.parentID }
            return depth
        }
        for topic in topics {
            let total = try store.notePKs(matching: { var filter = NoteStore.Filter(); filter.topics = [topic.slug]; return filter }()).count
            let indent = String(repeating: "  ", count: depth(topic))
            let name = english ? topic.nameEN : topic.nameLV
            let direct = own[topic.id] ?? 0
            print("\(indent)\(topic.slug)  \(name)  (\(total)\(direct != total ? ", \(direct) directly" : ""))")
        }
    }
}
