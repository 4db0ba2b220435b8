import ArgumentParser
import PieredzeKit

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List notes (id and title), newest first.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Only notes under this topic or its subtopics (a slug; see `pieredze topics`).")
    var topic: String?

    @Option(help: "Only notes about this country (ISO code or name).")
    var country: String?

    @Option(help: "Only notes from this year.")
    var year: Int?

    func run() throws {
        let knowledgeBase = try database.open(.read)
        var filter = NoteStore.Filter()
        if let topic { filter.topics = [topic] }
        if let country {
            guard let known = Countries.find(country) else { throw ValidationError("unknown country '\(country)'") }
            filter.country = known.code
        }
        filter.fromYear = year
        filter.toYear = year
        for entry in try NoteStore(connection: knowledgeBase.connection).listing(matching: filter) {
            let facts = [entry.country, entry.occurred].compactMap { $0 }.joined(separator: " ")
            print("\(entry.id)\t\(entry.title)\t\(facts)")
        }
    }
}
