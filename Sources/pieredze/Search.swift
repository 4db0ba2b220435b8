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
                  pašvaldību reforma        each word is stemmed, so "pašvaldības reformās" matches; diacritics are optional
                  izvērtēšana, finansēt     a word also finds its family: izvērtējums, finansējums, lobēt ↔ lobēšana
                  korupcija                 also finds compounds: pretkorupcijas, robežas → pārrobežu
                  ES, hromada               thesaurus terms also find their other terms (Eiropas Savienība; apvienotā
                                            teritoriālā kopiena): see `pieredze thesaurus`
                  "nacionālā dialoga platforma"   an exact phrase (words in this order)
                  reforma*                  words starting with "reforma"
                  reforma -finanses         leave out notes with "finanses" (also NOT finanses)
                  lobēšana OR interešu      either word; ( ) group: (ES OR Eiropas) institūcijas
                Anything else is read as text: punctuation never causes a syntax error. Function words (ar, par, \
                un, kā …) are not required. Notes with all the words come first, then notes with most of them \
                ("matches 2 of 3 words"); --all-words shows only the first. A word that matches nothing gets a \
                "Did you mean" suggestion, whose results are shown when the query as typed finds nothing.

                Ranking: how many of the query's words a note has, then bm25 (title counts most, then summary \
                and lesson), newest first on ties.
                Exit status: 0 with results, 1 with none, 2 on bad usage.
                """)

        @OptionGroup var database: DatabaseOptions

        // allUnrecognized: `-word` (exclude) must reach the query, not be read as an unknown option.
        @Argument(parsing: .allUnrecognized, help: "What to search for (see above).")
        var query: [String]

        @OptionGroup var filters: FilterOptions
        @Option(help: "Only notes in this language.")
        var lang: NoteLanguageChoice?
        // Unconditional: `--offset -1` is a value out of range, not a missing one (a new user's trial).
        @Option(parsing: .unconditional, help: "How many results (1–10000).")
        var limit: Int = 10
        @Option(parsing: .unconditional, help: "Skip this many results, for paging (0–1000000).")
        var offset: Int = 0
        @Option(help: "Output: text for people, json or jsonl for scripts, md, or ids (one note id a line, in rank order).")
        var format: SearchOutput.Format = .text
        @Flag(help: "Only notes that have every word (by default notes with most of the words follow them).")
        var allWords = false
        @Flag(help: "Also print the FTS5 expression the query became (thesaurus terms and all).")
        var explain = false

        func validate() throws {
            guard !query.isEmpty else { throw ValidationError("give something to search for") }
            if let problem = SearchPaging.problem(limit: limit, offset: offset) { throw ValidationError(problem) }
        }

        func run() throws {
            let text = query.joined(separator: " ")
            do {
                _ = try SearchQuery(text)  // bad usage is refused before any database is opened
            } catch let problem as SearchQuery.Problem {
                throw ValidationError(problem.description)
            }
            let knowledgeBase = try database.open(.read)
            var filter = filters.filter
            filter.language = lang?.rawValue
            var results: SearchResults
            do {
                results = try knowledgeBase.search(text: text, filter: filter, limit: limit, offset: offset, allWords: allWords)
                // Text and JSON say how many notes match in all (ids and jsonl are lists only).
                if format == .text || format == .json {
                    try knowledgeBase.countMatches(of: &results, text: text, filter: filter, allWords: allWords)
                }
            } catch let error as KnowledgeBaseError {
                throw ValidationError(error.description)
            } catch let problem as SearchQuery.Problem {
                throw ValidationError(problem.description)
            }
            if explain { printError("FTS5: \(results.expression)") }
            if format.isForPeople, let suggestion = results.suggestion {
                printError(results.ranSuggestion ? "Showing results for: \(suggestion) (no note has the words as typed)"
                                                 : "Did you mean: \(suggestion)?")
            }
            // `anyWord` is about the hits shown: past the first page it says nothing of the notes before.
            if results.anyWord, format.isForPeople {
                printError(offset == 0 ? "No note has all the words; showing notes with most of them."
                                       : "From here on the notes have only some of the words.")
            }
            try writeStandardOutput(try SearchOutput.render(results, format: format, offset: offset, style: TerminalStyle.forStandardOutput()))
            if results.hits.isEmpty {
                if format == .text {
                    let matching = offset > 0 ? try knowledgeBase.count(text: text, filter: filter, allWords: allWords) : 0
                    if matching > 0 {
                        let notes = matching == 1 ? "1 note matches" : "\(matching) notes match"
                        printError("No more notes: \(notes), and --offset \(offset) is past the last; try --offset \(max(0, matching - limit))")
                    } else {
                        printError("No notes found.")
                    }
                }
                throw ExitCode(1)
            }
        }
    }
}
