import ArgumentParser
import PieredzeKit

extension Pieredze {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List notes (id and title), newest first.")

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var filters: FilterOptions

        func run() throws {
            let knowledgeBase = try database.open(.read)
            for entry in try knowledgeBase.listing(matching: filters.filter) {
                let facts = [entry.country, entry.occurred].compactMap { $0 }.joined(separator: " ")
                print("\(entry.id)\t\(entry.title)\t\(facts)")
            }
        }
    }
}
