import Foundation

/// Search results rendered for people and for scripts: `pieredze search --format`, and the same
/// bytes for a server's API.
public enum SearchOutput {
    public enum Format: String, Sendable, CaseIterable {
        /// For people: numbered, title in bold, facts dimmed, matches highlighted (`TerminalStyle`).
        case text
        /// One object: `{ "query", "expression", "anyWord", "concepts", "suggestion"?, "total"?, "totalRelation"?, "results": [SearchHitJSON] }`, pretty-printed.
        case json
        /// One `SearchHitJSON` a line.
        case jsonl
        /// A Markdown numbered list, matches in bold.
        case md
        /// One note id a line, in rank order.
        case ids

        /// Formats for people, which get the "showing notes with any of the words" notice.
        public var isForPeople: Bool { self == .text || self == .md }
    }

    /// `results` in `format`; `offset` is the number of results skipped before these (ranks
    /// continue from it). Empty results give empty text, except JSON's object.
    public static func render(_ results: SearchResults, format: Format, offset: Int, style: TerminalStyle) throws -> String {
        switch format {
        case .ids:
            return results.hits.map { line($0.id) + "\n" }.joined()
        case .json:
            let object = SearchResultsJSON(query: results.text ?? results.expression, expression: results.expression,
                                           anyWord: results.anyWord, concepts: results.total,
                                           suggestion: results.suggestion, ranSuggestion: results.ranSuggestion ? true : nil,
                                           total: results.matchCount,
                                           totalRelation: results.matchCount == nil ? nil : results.matchCountIsLowerBound ? "gte" : "eq",
                                           results: results.hits.enumerated().map { SearchHitJSON($1, rank: rank(offset, $0)) })
            return try JSONText.encode(object, pretty: true) + "\n"
        case .jsonl:
            return try results.hits.enumerated().map { try JSONText.encode(SearchHitJSON($1, rank: rank(offset, $0)), pretty: false) + "\n" }.joined()
        case .md:
            return results.hits.enumerated().map { index, hit in
                let partial = hit.isPartial ? "; " + partialMatch(hit) : ""
                return "\(rank(offset, index)). **\(line(hit.note.title))** (`\(line(hit.id))`; \(line(facts(hit.note)))\(partial))\n   \(marked(hit, start: "**", end: "**", visible: true))\n"
            }.joined()
        case .text:
            let list = results.hits.enumerated().map { index, hit in
                let number = String(rank(offset, index)).leftPadded(to: 3)
                return "\(number). \(style.bold(line(hit.note.title)))\n"
                    + "     \(style.dim(line(hit.id + " · " + facts(hit.note)) + (hit.isPartial ? " · " + partialMatch(hit) : "")))\n"
                    + "     \(marked(hit, start: style.enabled ? "\u{1B}[1;33m" : "", end: style.enabled ? "\u{1B}[0m" : "", visible: true))\n"
            }.joined(separator: "\n")
            guard let count = results.matchCount, !results.hits.isEmpty else { return list }
            return list + "\n" + style.dim(totalLine(shown: results.hits.count, offset: offset, of: count,
                                                     atLeast: results.matchCountIsLowerBound)) + "\n"
        }
    }

    /// The last line of text output: `10 of 143 notes — more with --offset 10`; `11–20 of 143
    /// notes …` past the first page; `3 of 3 notes` when nothing is left; `10 of more than 10000
    /// notes …` when counting stopped there (`atLeast`).
    public static func totalLine(shown: Int, offset: Int, of count: Int, atLeast: Bool = false) -> String {
        let noun = count == 1 && !atLeast ? "note" : "notes"
        let total = atLeast ? "more than \(count)" : "\(count)"
        // One hit on a later page is "4 of 4 notes", not "4–4".
        let range = offset == 0 ? "\(shown)"
            : shown == 1 ? "\(rank(offset, 0))" : "\(rank(offset, 0))–\(rank(offset, shown - 1))"
        let next = offset.addingReportingOverflow(shown)
        guard !next.overflow, next.partialValue < count || atLeast else { return "\(range) of \(total) \(noun)" }
        return "\(range) of \(total) \(noun) — more with --offset \(next.partialValue)"
    }

    /// "matches 2 of 3 words", for a hit that lacks some of the query's concepts.
    public static func partialMatch(_ hit: SearchHit) -> String {
        "matches \(hit.matched) of \(hit.total) words"
    }

    /// First topic, then country and date: `reforma · KG 2018-08`.
    static func facts(_ note: Note) -> String {
        var facts: [String] = []
        if let topic = note.topics.first { facts.append(topic) }
        let place = [note.country, note.occurred].compactMap { $0 }.joined(separator: " ")
        if !place.isEmpty { facts.append(place) }
        return facts.joined(separator: " · ")
    }

    /// The 1-based rank of the `index`th hit after `offset` skipped ones; saturates instead of
    /// overflowing (the CLI keeps `offset` within `Paging.offsets`, a server might not).
    static func rank(_ offset: Int, _ index: Int) -> Int {
        let (sum, overflow) = offset.addingReportingOverflow(index + 1)
        return overflow ? Int.max : sum
    }

    /// A one-line value (title, id, facts) for text and Markdown output: control characters,
    /// TAB and line breaks shown visibly (`VisibleText`).
    static func line(_ text: String) -> String { VisibleText.escaping(text, lines: .flatten) }

    /// The hit's snippet on one line (line breaks become spaces) with its highlight markers
    /// replaced by `start` and `end`; with `visible`, control characters are shown as
    /// `VisibleText` does (text and Markdown; JSON escapes them itself).
    ///
    /// The markers are U+0002/U+0003 (`SearchEngine.highlightStart`/`highlightEnd`). A note
    /// that holds those characters itself (the loader refuses them; a database written by other
    /// software may not) could fake highlights, and its snippet cannot tell its own markers
    /// from the search's: such a hit is shown without highlighting, markers removed.
    static func marked(_ hit: SearchHit, start: String, end: String, visible: Bool) -> String {
        let trusted = !holdsHighlightMarkers(hit.note)
        let flat = hit.snippet.split(whereSeparator: \.isNewline).joined(separator: " ")
        var result = ""
        var run = String.UnicodeScalarView()
        func flush() {
            let text = String(run)
            result += visible ? VisibleText.escaping(text, lines: .flatten) : text
            run.removeAll()
        }
        for scalar in flat.unicodeScalars {
            if scalar == startMarker {
                flush()
                if trusted { result += start }
            } else if scalar == endMarker {
                flush()
                if trusted { result += end }
            } else {
                run.append(scalar)
            }
        }
        flush()
        return result
    }

    private static let startMarker = SearchEngine.highlightStart.unicodeScalars.first!
    private static let endMarker = SearchEngine.highlightEnd.unicodeScalars.first!

    /// True when any of the note's text that a snippet can come from holds a highlight marker.
    static func holdsHighlightMarkers(_ note: Note) -> Bool {
        let texts = [note.title, note.summary, note.body, note.context, note.lesson, note.recommendation]
            + note.tags + note.topics + note.organizations.map(\.name) + note.people.map(\.name)
        return texts.contains { $0.unicodeScalars.contains { $0 == startMarker || $0 == endMarker } }
    }
}

/// The JSON of a search: the query as typed (the FTS5 expression when there was no typed text)
/// and the FTS5 expression that ran (thesaurus terms and all, as `--explain` prints it), whether every hit lacks some of the
/// query's concepts, how many concepts the query has, the spelling suggestion (when a word
/// matched nothing; `ranSuggestion` when the results are the suggestion's), how many notes
/// match in all (`total`, when counted: page with `offset` until `rank` reaches it;
/// `totalRelation` "eq", or "gte" when counting stopped at `KnowledgeBase.countLimit` and more
/// match — Elasticsearch's `hits.total.relation`), and the hits in rank order.
public struct SearchResultsJSON: Encodable, Sendable {
    public var query: String
    public var expression: String
    public var anyWord: Bool
    public var concepts: Int
    public var suggestion: String?
    public var ranSuggestion: Bool?
    public var total: Int?
    public var totalRelation: String?
    public var results: [SearchHitJSON]
}

/// One search hit as JSON; `country` and `occurred` are left out when the note has none.
public struct SearchHitJSON: Encodable, Sendable {
    /// 1-based, counting from the first result of the search (paging included).
    public var rank: Int
    public var id: String
    public var title: String
    /// bm25 relevance (higher is better), rounded to three decimals.
    public var score: Double
    public var kind: String
    public var topics: [String]
    /// The best-matching fragment, matches in `**bold**`, on one line.
    public var snippet: String
    public var country: String?
    public var occurred: String?
    /// How many of the query's concepts the note matches, of `total`.
    public var matched: Int
    public var total: Int

    public init(_ hit: SearchHit, rank: Int) {
        self.rank = rank
        id = hit.id
        title = hit.note.title
        score = (hit.score * 1000).rounded() / 1000
        kind = hit.note.kind.rawValue
        topics = hit.note.topics
        snippet = SearchOutput.marked(hit, start: "**", end: "**", visible: false)
        country = hit.note.country
        occurred = hit.note.occurred
        matched = hit.matched
        total = hit.total
    }
}

extension String {
    /// The string with spaces in front up to `width` characters (unchanged when longer).
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

/// The paging a search accepts (`pieredze search --limit/--offset`, a server's API): at most
/// 10,000 results at a time, skipping at most 1,000,000. Far above any real knowledge base, far
/// below where `offset + limit` or a rank could overflow.
public enum SearchPaging {
    public static let limits = 1...10_000
    public static let offsets = 0...1_000_000

    /// nil when `limit` and `offset` are in range, else the sentence that says what is allowed.
    public static func problem(limit: Int, offset: Int) -> String? {
        if !limits.contains(limit) { return "--limit must be between 1 and 10000, not \(limit)" }
        if !offsets.contains(offset) { return "--offset must be between 0 and 1000000, not \(offset)" }
        return nil
    }
}
