import Foundation

/// Search results rendered for people and for scripts: `pieredze search --format`, and the same
/// bytes for a server's API.
public enum SearchOutput {
    public enum Format: String, Sendable, CaseIterable {
        /// For people: numbered, title in bold, facts dimmed, matches highlighted (`TerminalStyle`).
        case text
        /// One object: `{ "query", "relaxed", "results": [SearchHitJSON] }`, pretty-printed.
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
            return results.hits.map { $0.id + "\n" }.joined()
        case .json:
            let object = SearchResultsJSON(query: results.expression, relaxed: results.relaxed,
                                           results: results.hits.enumerated().map { SearchHitJSON($1, rank: offset + $0 + 1) })
            return try JSONText.encode(object, pretty: true) + "\n"
        case .jsonl:
            return try results.hits.enumerated().map { try JSONText.encode(SearchHitJSON($1, rank: offset + $0 + 1), pretty: false) + "\n" }.joined()
        case .md:
            return results.hits.enumerated().map { index, hit in
                "\(offset + index + 1). **\(hit.note.title)** (`\(hit.id)`; \(facts(hit.note)))\n   \(marked(hit.snippet, start: "**", end: "**"))\n"
            }.joined()
        case .text:
            return results.hits.enumerated().map { index, hit in
                let number = String(offset + index + 1).leftPadded(to: 3)
                return "\(number). \(style.bold(hit.note.title))\n"
                    + "     \(style.dim(hit.id + " · " + facts(hit.note)))\n"
                    + "     \(marked(hit.snippet, start: style.enabled ? "\u{1B}[1;33m" : "", end: style.enabled ? "\u{1B}[0m" : ""))\n"
            }.joined(separator: "\n")
        }
    }

    /// First topic, then country and date: `reforma · KG 2018-08`.
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
}

/// The JSON of a search: the FTS5 expression that ran, whether it was relaxed to any word, and
/// the hits in rank order.
public struct SearchResultsJSON: Encodable, Sendable {
    public var query: String
    public var relaxed: Bool
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

    public init(_ hit: SearchHit, rank: Int) {
        self.rank = rank
        id = hit.id
        title = hit.note.title
        score = (hit.score * 1000).rounded() / 1000
        kind = hit.note.kind.rawValue
        topics = hit.note.topics
        snippet = SearchOutput.marked(hit.snippet, start: "**", end: "**")
        country = hit.note.country
        occurred = hit.note.occurred
    }
}

extension String {
    /// The string with spaces in front up to `width` characters (unchanged when longer).
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
