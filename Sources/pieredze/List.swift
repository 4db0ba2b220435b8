import ArgumentParser
import PieredzeKit

extension Pieredze {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List notes (id, title, country and date), newest first.",
            discussion: """
                Text is one note a line: on a terminal in aligned columns, piped as id TAB title TAB \
                country date. json and jsonl give {"id", "title", "kind", "country", "occurred", "updated"} \
                (the keys of `show --format json`); ids gives one id a line.
                """)

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var filters: FilterOptions

        @Option(help: "Output format: text, json, jsonl or ids.")
        var format: ListOutput.Format = .text

        @Option(help: ArgumentHelp("At most this many notes.", valueName: "n"))
        var limit: Int?

        @Option(help: ArgumentHelp("Only notes changed (loaded or edited) on or after this day, UTC.", valueName: "YYYY-MM-DD"))
        var since: String?

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more, not \(limit)") }
            if let since, !ReportRequest.isValidDate(since) {
                throw ValidationError("--since must be a real day as YYYY-MM-DD (for example 2026-01-31), not '\(since)'")
            }
        }

        func run() throws {
            let knowledgeBase = try database.open(.read)
            let headlines: [NoteHeadline]
            do {
                headlines = try knowledgeBase.headlines(matching: filters.filter, changedSince: since, limit: limit)
            } catch let error as KnowledgeBaseError {
                if case .unknownTopic = error { throw ValidationError(error.description) }
                throw error
            }
            try writeStandardOutput(try ListOutput.render(headlines, format: format, style: TerminalStyle.forStandardOutput()))
        }
    }
}
