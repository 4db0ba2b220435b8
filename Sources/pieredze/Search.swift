import ArgumentParser
import Foundation
import PieredzeKit

extension Pieredze {
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "Search the notes in Latvian: inflected forms and missing diacritics still match.",
            discussion: """
                QUERY:
                  pašvaldību reforma        all words must match; each is stemmed, so "pašvaldības reformās" matches
                  pasvaldibu                diacritics are optional
                  lobēt, parakstīt          a verb also finds its verbal noun (lobēšana) and an -īt verb its past (parakstīja)
                  "nacionālā dialoga platforma"   an exact phrase (words in this order)
                  lobē*                     words starting with "lobē" (prefixes are not stemmed)
                  reforma -finanses         leave out notes with "finanses" (also NOT finanses)
                  lobēšana OR interešu      either word; ( ) group: (ES OR Eiropas) institūcijas
                Anything else is read as text: punctuation never causes a syntax error. When no note has \
                all the words, notes with any of them are shown, and the output says so.

                Results are ranked by bm25 (title counts most, then summary and lesson), newest first on ties.
                Exit status: 0 with results, 1 with none, 2 on bad usage.
                """)

        @OptionGroup var database: DatabaseOptions

        // allUnrecognized: `-word` (exclude) must reach the query, not be read as an unknown option.
        @Argument(parsing: .allUnrecognized, help: "What to search for (see above).")
        var query: [String]

        @OptionGroup var filters: FilterOptions
        @Option(help: "Only notes in this language.")
        var lang: NoteLanguageChoice?
        @Option(help: "How many results (1–10000).")
        var limit: Int = 10
        @Option(help: "Skip this many results, for paging (0–1000000).")
        var offset: Int = 0
        @Option(help: "Output: text for people, json or jsonl for scripts, md, or ids (one note id a line, in rank order).")
        var format: SearchOutput.Format = .text
        @Flag(help: "Also print the FTS5 expression the query became.")
        var explain = false

        func validate() throws {
            guard !query.isEmpty else { throw ValidationError("give something to search for") }
            if let problem = SearchPaging.problem(limit: limit, offset: offset) { throw ValidationError(problem) }
        }

        func run() throws {
            let parsed: SearchQuery
            do {
                parsed = try SearchQuery(query.joined(separator: " "))
            } catch let problem as SearchQuery.Problem {
                throw ValidationError(problem.description)
            }
            let knowledgeBase = try database.open(.read)
            var filter = filters.filter
            filter.language = lang?.rawValue
            let results: SearchResults
            do {
                results = try knowledgeBase.search(parsed, filter: filter, limit: limit, offset: offset)
            } catch let error as KnowledgeBaseError {
                throw ValidationError(error.description)
            } catch let problem as SearchQuery.Problem {
                throw ValidationError(problem.description)
            }
            if explain { printError("FTS5: \(results.expression)") }
            if results.relaxed, format.isForPeople {
                printError("No note has all the words; showing notes with any of them.")
            }
            try writeStandardOutput(try SearchOutput.render(results, format: format, offset: offset, style: TerminalStyle.forStandardOutput()))
            if results.hits.isEmpty {
                if format == .text { printError("No notes found.") }
                throw ExitCode(1)
            }
        }
    }
}
