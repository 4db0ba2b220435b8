import ArgumentParser
import PieredzeKit

extension Pieredze {
    struct Loads: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "loads",
            abstract: "List the journal: every load and other change, newest first, with what it did.",
            discussion: "`pieredze revert-load N` puts back every note entry N changed.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Show at most this many entries; 0 shows every one.", valueName: "count"))
        var limit = 20

        func validate() throws {
            guard limit >= 0 else { throw ValidationError("--limit must be 0 (every entry) or more, not \(limit)") }
        }

        func run() throws {
            let (entries, total) = try database.open(.read).journal(limit: limit == 0 ? nil : limit)
            try writeStandardOutput(HistoryOutput.journal(entries, total: total))
        }
    }
}
