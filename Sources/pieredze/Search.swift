import ArgumentParser
import Foundation
import PieredzeKit

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
    @Option(help: "Only notes in this language: lv, en or ru.")
    var lang: String?
    @Option(help: "How many results.")
    var limit: Int = 10
    @Option(help: "Skip this many results (for paging).")
    var offset: Int = 0
    @Option(help: "Output: text (for people), json, jsonl, md or ids (one note id a line, in rank order).")
    var format: String = "text"
    @Flag(help: "Also print the FTS5 expression the query became.")
    var explain = false

    func validate() throws {
        guard !query.isEmpty else { throw ValidationError("give something to search for") }
        guard ["text", "json", "jsonl", "md", "ids"].contains(format) else {
            throw ValidationError("--format must be text, json, jsonl, md or ids")
        }
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        guard offset >= 0 else { throw ValidationError("--offset cannot be negative") }
        if let lang, !["lv", "en", "ru"].contains(lang) { throw ValidationError("--lang must be lv, en or ru") }
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
        filter.language = lang
        let results: SearchResults
        do {
            results = try SearchEngine(connection: knowledgeBase.connection).search(parsed, filter: filter, limit: limit, offset: offset)
        } catch let error as KnowledgeBaseError {
            throw ValidationError(error.description)
        } catch let problem as SearchQuery.Problem {
            throw ValidationError(problem.description)
        }
        if explain { printError("FTS5: \(results.expression)") }
        if results.relaxed, format == "text" || format == "md" {
            printError("No note has all the words; showing notes with any of them.")
        }
        print(SearchOutput.render(results, format: format, offset: offset, style: TerminalStyle.forStandardOutput()), terminator: "")
        if results.hits.isEmpty {
            if format == "text" { printError("No notes found.") }
            throw ExitCode(1)
        }
    }
}

/// The renderings of search results for people and for scripts.
enum SearchOutput {
    static func render(_ results: SearchResults, format: String, offset: Int, style: TerminalStyle) -> String {
        switch format {
        case "ids":
            return results.hits.map { $0.id + "\n" }.joined()
        case "json":
            let object: [String: Any] = ["query": results.expression, "relaxed": results.relaxed,
                                         "results": results.hits.enumerated().map { json($1, rank: offset + $0 + 1) }]
            return encode(object, pretty: true) + "\n"
        case "jsonl":
            return results.hits.enumerated().map { encode(json($1, rank: offset + $0 + 1), pretty: false) + "\n" }.joined()
        case "md":
            return results.hits.enumerated().map { index, hit in
                "\(offset + index + 1). **\(hit.note.title)** (`\(hit.id)`; \(facts(hit.note)))\n   \(marked(hit.snippet, start: "**", end: "**"))\n"
            }.joined()
        default:
            return results.hits.enumerated().map { index, hit in
                let number = String(offset + index + 1).leftPadded(to: 3)
                return "\(number). \(style.bold(hit.note.title))\n"
                    + "     \(style.dim(hit.id + " · " + facts(hit.note)))\n"
                    + "     \(marked(hit.snippet, start: style.enabled ? "\u{1B}[1;33m" : "", end: style.enabled ? "\u{1B}[0m" : ""))\n"
            }.joined(separator: "\n")
        }
    }

    static func facts(_ note: Note) -> String {
        var facts: [String] = []
        if let topic = note.topics.first { facts.append(topic) }
        let place = [note.country, note.occurred].compactMap { $0 }.joined(separator: " ")
        if !place.isEmpty { facts.append(place) }
        return facts.joined(separator: " · ")
    }

    /// The snippet with its highlight markers replaced, and line breaks flattened.
    static func marked(_ snippet: String, start: String, end: String) -> String {
        snippet.replacingOccurrences(of: SearchEngine.highlightStart, with: start)
            .replacingOccurrences(of: SearchEngine.highlightEnd, with: end)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    static func json(_ hit: SearchHit, rank: Int) -> [String: Any] {
        var object: [String: Any] = ["rank": rank, "id": hit.id, "title": hit.note.title, "score": (hit.score * 1000).rounded() / 1000,
                                     "kind": hit.note.kind.rawValue, "topics": hit.note.topics,
                                     "snippet": marked(hit.snippet, start: "**", end: "**")]
        if let country = hit.note.country { object["country"] = country }
        if let occurred = hit.note.occurred { object["occurred"] = occurred }
        return object
    }

    static func encode(_ object: Any, pretty: Bool) -> String {
        let options: JSONSerialization.WritingOptions = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return (try? JSONSerialization.data(withJSONObject: object, options: options)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
