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
            var text = ""
            for entry in try knowledgeBase.listing(matching: filters.filter) {
                let facts = [entry.country, entry.occurred].compactMap { $0 }.joined(separator: " ")
                // One line a note, tab-separated: values show their TABs and line breaks visibly.
                text += [entry.id, entry.title, facts].map { VisibleText.escaping($0, lines: .flatten) }.joined(separator: "\t") + "\n"
            }
            try writeStandardOutput(text)
        }
    }
}
