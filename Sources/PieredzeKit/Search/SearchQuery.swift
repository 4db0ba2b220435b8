import Foundation
import LatvianFTS5
import LatvianText

/// A user's search text, parsed into a safe FTS5 expression.
///
/// The language (documented in `pieredze search --help` and the README):
/// - words: each stemmed (`pašvaldību reforma` finds "pašvaldības reformās"); notes with all of
///   them rank first, then notes with most of them (`SearchEngine`), or only notes with all of
///   them in the strict mode (`--all-words`);
/// - function words (`ar`, `par`, `un`, `pie`, `pēc`, `ja`, … `LatvianStopWords`) are not
///   required and are no concept of the query, unless the query has nothing else;
/// - `"exact phrase"`: the words in this order, each still stemmed and folded (function words
///   included);
/// - `prefix*`: words starting with it as written (`reforma*` finds "reformas" though the index
///   holds the stem `reform`);
/// - `-word` or `-"phrase"` (or `NOT word`): leave out notes that have it;
/// - `OR` between words or groups: either; `AND` is allowed and changes nothing;
/// - `( … )`: grouping, optional, at most `maximumDepth` levels deep.
///
/// A run of plain words is offered to a `QueryExpansion` (the thesaurus): a term it knows becomes
/// one concept with its alternatives, any of which may match (a term of several words as a phrase).
/// Repeated terms count once; at most `maximumTerms` different terms.
///
/// Anything else — punctuation, hyphenated words, `2018.`, a lone `"`, `NEAR`, `*`, `col:umn` —
/// is text: every term reaches FTS5 inside double quotes, so no user input can be read as FTS5
/// syntax. The expression is then bound as a parameter of `MATCH`, never spliced into SQL.
public struct SearchQuery: Sendable, Equatable {
    /// The query as a tree.
    public indirect enum Node: Sendable, Hashable {
        case term(String, prefix: Bool)
        case all([Node])
        case any([Node])
        case not(Node)
    }

    /// Why a query cannot be run, in plain words (the CLI exits with 2 and prints the sentence).
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case nothingToSearch
        case onlyExclusions
        case exclusionInAlternative
        /// Parentheses nested deeper than `SearchQuery.maximumDepth`.
        case nestedTooDeep
        /// More different terms than `SearchQuery.maximumTerms`.
        case tooManyTerms
        /// The full-text index refused the query (never expected; the SQLite message is not shown).
        case cannotRun

        public var description: String {
            switch self {
            case .nothingToSearch:
                return "the query has no words to search for (only punctuation or operators)"
            case .onlyExclusions:
                return "the query only excludes words (-word); add at least one word to search for"
            case .exclusionInAlternative:
                return "an excluded word (-word) cannot be one side of OR; write it outside the OR group"
            case .nestedTooDeep:
                return "the query nests parentheses more than \(SearchQuery.maximumDepth) levels deep; remove some"
            case .tooManyTerms:
                return "the query has more than \(SearchQuery.maximumTerms) different words or phrases; shorten it"
            case .cannotRun:
                return "the search index cannot run this query; simplify it (fewer operators or parentheses)"
            }
        }
    }

    /// Parentheses deeper than this are refused (FTS5's own parser overflows at about 30).
    public static let maximumDepth = 10
    /// More different terms than this are refused: each is a posting list to read.
    public static let maximumTerms = 64

    public let text: String
    /// The whole query: its concepts, all required, and its exclusions.
    public let root: Node
    /// What a note can match: the query's positive parts at the top level (words, phrases,
    /// prefixes, OR groups, expanded terms), repeated ones once.
    public let concepts: [Node]
    /// What a note must not match (`-word`).
    public let exclusions: [Node]

    /// Parses `text`, asking `expansion` for the alternatives of its runs of plain words.
    ///
    /// - Throws: `Problem` when nothing usable is left, or the query is nested too deep or too long.
    public init(_ text: String, expansion: any QueryExpansion = NoQueryExpansion()) throws {
        self.text = text
        let tokens = Self.expand(Lexer.tokens(of: text), with: expansion)
        var parser = Parser(tokens: tokens, dropsStopWords: true)
        var root = try parser.parseQuery()
        if root == nil || !Self.hasPositiveTerm(root!) {
            // Only function words (or nothing): search the words as typed.
            var asTyped = Parser(tokens: tokens, dropsStopWords: false)
            root = try asTyped.parseQuery()
            parser = asTyped
        }
        guard let root else { throw Problem.nothingToSearch }
        guard parser.termCount <= Self.maximumTerms else { throw Problem.tooManyTerms }
        let items: [Node]
        if case .all(let children) = root { items = children } else { items = [root] }
        var concepts: [Node] = []
        var exclusions: [Node] = []
        for item in items {
            if case .not(let inner) = item { exclusions.append(inner) } else { concepts.append(item) }
        }
        self.root = root
        self.concepts = concepts
        self.exclusions = exclusions
        _ = try Self.compile(root)  // reject what cannot be expressed
    }

    /// The FTS5 MATCH expression that requires every concept (the strict mode).
    public func expression() throws -> String {
        try Self.compile(root)
    }

    /// The FTS5 MATCH expression that matches any concept (exclusions kept), and for each of its
    /// phrases, in the order written, the index in `concepts` it belongs to (-1 for an exclusion):
    /// the concept map of `CoverageRank`.
    public func anyConceptExpression() throws -> (expression: String, conceptOfPhrase: [Int]) {
        try conceptsExpression(joinedBy: "OR")
    }

    /// The concepts joined by OR, without the exclusions (a column filter's operand).
    public func conceptsOnlyExpression() throws -> (expression: String, conceptOfPhrase: [Int]) {
        try conceptsExpression(joinedBy: "OR", exclusionsKept: false)
    }

    /// The strict mode's expression written concept by concept (every concept required,
    /// exclusions kept), with the same concept map as `anyConceptExpression`, so both passes can
    /// rank with `CoverageRank`.
    public func allConceptsExpression() throws -> (expression: String, conceptOfPhrase: [Int]) {
        try conceptsExpression(joinedBy: "AND")
    }

    /// The expression of the notes with at least `minimum` of the query's concepts, ranked as
    /// `anyConceptExpression` ranks them (the same phrases with the same concept map), or nil
    /// when it would need more than `maximumSubsets` combinations of concepts.
    ///
    /// Written `((a AND b) OR (a AND c) OR (b AND c)) AND (a OR b OR c)`: the first part chooses
    /// the rows, its phrases marked `CoverageRank.ignored` (-2) in the map; the second part is
    /// the any-concept expression, whose phrases FTS5 positions on every matching row, so the
    /// ranking function sees each concept of a row once. Exclusions are kept.
    public func atLeastExpression(_ minimum: Int, maximumSubsets: Int) throws -> (expression: String, conceptOfPhrase: [Int])? {
        guard minimum >= 1, minimum <= concepts.count else { return nil }
        guard minimum > 1 else { return try anyConceptExpression() }
        guard Self.combinations(concepts.count, minimum) <= maximumSubsets else { return nil }
        // Each concept's text, and how many phrases it writes (each marked ignored in the subsets).
        var texts: [String] = []
        var phraseCounts: [Int] = []
        for concept in concepts {
            var phrases: [Int] = []
            texts.append(try Self.compile(concept, concept: CoverageRank.ignored, map: &phrases))
            phraseCounts.append(phrases.count)
        }
        var map: [Int] = []
        var subsets: [String] = []
        for subset in Self.subsets(of: concepts.count, size: minimum) {
            subsets.append("(" + subset.map { texts[$0] }.joined(separator: " AND ") + ")")
            for index in subset { map += Array(repeating: CoverageRank.ignored, count: phraseCounts[index]) }
        }
        let any = try conceptsExpression(joinedBy: "OR", exclusionsKept: false)
        var expression = "(" + subsets.joined(separator: " OR ") + ") AND " + any.expression
        map += any.conceptOfPhrase
        for exclusion in exclusions {
            expression += " NOT " + (try Self.compile(exclusion, concept: -1, map: &map))
        }
        return (expression, map)
    }

    /// The any-concept expression restricted to the notes that have at least one of the concepts
    /// `required` (indices into `concepts`), ranked as `anyConceptExpression` ranks them (the same
    /// phrases and concept map; the restriction's phrases marked `CoverageRank.ignored`):
    /// `(a OR b OR c) AND (c)`. Exclusions are kept. `SearchEngine` ranks the notes with a rare
    /// concept this way before it ranks the notes with common words only.
    public func anyConceptExpression(requiringOneOf required: [Int]) throws -> (expression: String, conceptOfPhrase: [Int]) {
        guard !required.isEmpty, required.allSatisfy(concepts.indices.contains) else { return try anyConceptExpression() }
        let any = try conceptsExpression(joinedBy: "OR", exclusionsKept: false)
        var map = any.conceptOfPhrase
        let parts = try required.map { try Self.compile(concepts[$0], concept: CoverageRank.ignored, map: &map) }
        var expression = "(" + any.expression + ") AND (" + parts.joined(separator: " OR ") + ")"
        for exclusion in exclusions {
            expression += " NOT " + (try Self.compile(exclusion, concept: -1, map: &map))
        }
        return (expression, map)
    }

    /// n choose k, saturating at `Int.max`.
    static func combinations(_ n: Int, _ k: Int) -> Int {
        guard k >= 0, k <= n else { return 0 }
        var result = 1
        for index in 0..<min(k, n - k) {
            let (product, overflow) = result.multipliedReportingOverflow(by: n - index)
            if overflow { return Int.max }
            result = product / (index + 1)
        }
        return result
    }

    /// Every `size`-element subset of `0..<count`, in lexicographic order.
    static func subsets(of count: Int, size: Int) -> [[Int]] {
        guard size >= 1, size <= count else { return [] }
        var result: [[Int]] = []
        var current = Array(0..<size)
        while true {
            result.append(current)
            var position = size - 1
            while position >= 0, current[position] == count - size + position { position -= 1 }
            if position < 0 { return result }
            current[position] += 1
            for next in (position + 1)..<size { current[next] = current[next - 1] + 1 }
        }
    }

    /// The concepts joined by `operator` (`AND`, `OR`), then `NOT` each exclusion, with the
    /// concept map of its phrases.
    private func conceptsExpression(joinedBy operator: String, exclusionsKept: Bool = true) throws -> (expression: String, conceptOfPhrase: [Int]) {
        guard !concepts.isEmpty else { throw Problem.onlyExclusions }
        var map: [Int] = []
        var parts: [String] = []
        for (index, concept) in concepts.enumerated() {
            parts.append(try Self.compile(concept, concept: index, map: &map))
        }
        var expression = parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " \(`operator`) ") + ")"
        for exclusion in exclusions where exclusionsKept {
            expression += " NOT " + (try Self.compile(exclusion, concept: -1, map: &map))
        }
        return (expression, map)
    }

    static func compile(_ node: Node) throws -> String {
        var map: [Int] = []
        return try compile(node, concept: 0, map: &map)
    }

    /// The FTS5 text of `node`; appends `concept` to `map` for every phrase written, in the order written.
    static func compile(_ node: Node, concept: Int, map: inout [Int]) throws -> String {
        switch node {
        case let .term(text, prefix):
            let quoted = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            guard prefix else {
                map.append(concept)
                return quoted
            }
            // The index holds stems, and a stem can be shorter than the prefix (`reforma*` →
            // `reform`): the prefix also matches, as a word, the stem of what was typed.
            if Self.prefixNeedsStem(text) {
                map += [concept, concept]
                return "(" + quoted + " OR " + quoted + " *)"
            }
            map.append(concept)
            return quoted + " *"
        case .not:
            throw Problem.onlyExclusions
        case .any(let items):
            if items.contains(where: { if case .not = $0 { return true } else { return false } }) {
                throw Problem.exclusionInAlternative
            }
            return "(" + (try items.map { try compile($0, concept: concept, map: &map) }.joined(separator: " OR ")) + ")"
        case .all(let items):
            let positives = items.filter { if case .not = $0 { return false } else { return true } }
            guard !positives.isEmpty else { throw Problem.onlyExclusions }
            var expression = "(" + (try positives.map { try compile($0, concept: concept, map: &map) }.joined(separator: " AND ")) + ")"
            for item in items {
                if case .not(let inner) = item { expression += " NOT " + (try compile(inner, concept: -1, map: &map)) }
            }
            return expression
        }
    }

    /// The FTS5 text of each phrase `compile` writes for `node`, in the same order (`"a"`,
    /// `"reform" *`), excluded ones included.
    static func phraseTexts(_ node: Node) -> [String] {
        switch node {
        case let .term(text, prefix):
            let quoted = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            guard prefix else { return [quoted] }
            return prefixNeedsStem(text) ? [quoted, quoted + " *"] : [quoted + " *"]
        case .not(let inner):
            return phraseTexts(inner)
        case .any(let items):
            return items.flatMap(phraseTexts)
        case .all(let items):
            let positives = items.filter { if case .not = $0 { return false } else { return true } }
            let negatives = items.compactMap { item -> Node? in if case .not(let inner) = item { return inner } else { return nil } }
            return positives.flatMap(phraseTexts) + negatives.flatMap(phraseTexts)
        }
    }

    /// The phrases of the concepts, in the order every pass's expression writes them (those the
    /// concept map gives a concept of 0 or more), each as an FTS5 expression of its own.
    public func conceptPhrases() throws -> [String] {
        let map = try conceptsOnlyExpression().conceptOfPhrase
        let texts = concepts.flatMap(Self.phraseTexts)
        guard texts.count == map.count else { return [] }
        return zip(texts, map).filter { $0.1 >= 0 }.map(\.0)
    }

    /// Whether the stem of a prefix as a word is shorter than the prefix folded: then a word that
    /// starts with the prefix may be indexed under that stem (`reformas*`: "reformas" is `reform`).
    static func prefixNeedsStem(_ prefix: String) -> Bool {
        guard prefix.allSatisfy({ $0.isLetter }) else { return false }
        return LatvianStemmer.stem(prefix) != LatvianFolding.fold(prefix)
    }

    static func hasPositiveTerm(_ node: Node) -> Bool {
        switch node {
        case .term: return true
        case .all(let items), .any(let items): return items.contains(where: hasPositiveTerm)
        case .not: return false
        }
    }

    /// Replaces the terms `expansion` knows in each run of plain words with one token each.
    ///
    /// A run is a sequence of plain words (no phrase, prefix, operator or parenthesis between
    /// them); a word bound by `OR` or `NOT` belongs to that operator, not to the run.
    static func expand(_ tokens: [Lexer.Token], with expansion: any QueryExpansion) -> [Lexer.Token] {
        if expansion is NoQueryExpansion { return tokens }
        var result: [Lexer.Token] = []
        var index = 0
        func isPlainWord(_ token: Lexer.Token) -> Bool {
            if case .word(_, prefix: false) = token { return true } else { return false }
        }
        while index < tokens.count {
            guard isPlainWord(tokens[index]) else { result.append(tokens[index]); index += 1; continue }
            var end = index
            while end < tokens.count, isPlainWord(tokens[end]) { end += 1 }
            var start = index
            if start > 0, tokens[start - 1] == .or || tokens[start - 1] == .not {
                result.append(tokens[start]); start += 1
            }
            var last = end
            if end < tokens.count, tokens[end] == .or, last > start { last -= 1 }
            let words = tokens[start..<last].map { token -> String in
                if case .word(let word, _) = token { return word } else { return "" }
            }
            var position = 0
            for match in expansion.matches(in: words).sorted(by: { $0.range.lowerBound < $1.range.lowerBound })
            where match.range.lowerBound >= position && match.range.upperBound <= words.count && !match.range.isEmpty {
                result += tokens[(start + position)..<(start + match.range.lowerBound)]
                result.append(.concept(Array(words[match.range]), alternatives: match.alternatives))
                position = match.range.upperBound
            }
            result += tokens[(start + position)..<end]
            index = end
        }
        return result
    }
}

/// Splits query text into words, phrases, operators and parentheses.
enum Lexer {
    enum Token: Equatable {
        case word(String, prefix: Bool)
        case phrase(String)
        /// Words a `QueryExpansion` named as one term, and that term's alternatives.
        case concept([String], alternatives: [String])
        case or, not, open, close
    }

    static func tokens(of text: String) -> [Token] {
        var tokens: [Token] = []
        var index = text.startIndex
        func isBoundary(_ character: Character) -> Bool {
            character.isWhitespace || character == "\"" || character == "(" || character == ")"
        }
        while index < text.endIndex {
            let character = text[index]
            if character.isWhitespace {
                index = text.index(after: index)
            } else if character == "\"" {
                // A phrase runs to the next quote, or to the end when the quote is never closed.
                let start = text.index(after: index)
                let end = text[start...].firstIndex(of: "\"") ?? text.endIndex
                var phrase = String(text[start..<end])
                index = end < text.endIndex ? text.index(after: end) : end
                var prefix = false
                while index < text.endIndex, text[index] == "*" { prefix = true; index = text.index(after: index) }
                phrase = phrase.trimmingCharacters(in: .whitespacesAndNewlines)
                tokens.append(prefix ? .word(phrase, prefix: true) : .phrase(phrase))
            } else if character == "(" {
                tokens.append(.open)
                index = text.index(after: index)
            } else if character == ")" {
                tokens.append(.close)
                index = text.index(after: index)
            } else if character == "-", let next = text.index(index, offsetBy: 1, limitedBy: text.endIndex), next < text.endIndex,
                      !text[next].isWhitespace, text[next] != "-", text[next] != ")" {
                tokens.append(.not)
                index = next
            } else {
                var end = index
                while end < text.endIndex, !isBoundary(text[end]) { end = text.index(after: end) }
                var word = String(text[index..<end])
                index = end
                switch word {
                case "OR": tokens.append(.or)
                case "AND": break
                case "NOT": tokens.append(.not)
                default:
                    var prefix = false
                    while word.hasSuffix("*") { word.removeLast(); prefix = true }
                    word.removeAll { $0 == "*" }
                    tokens.append(.word(word, prefix: prefix))
                }
            }
        }
        return tokens
    }
}

/// Recursive descent over the tokens; forgiving: stray operators and parentheses are skipped.
/// Recursion is bounded: only an opening parenthesis descends, at most `maximumDepth` times.
struct Parser {
    let tokens: [Lexer.Token]
    /// Leave out plain words that are function words (`LatvianStopWords`).
    let dropsStopWords: Bool
    var position = 0
    var depth = 0
    /// Different terms used, as typed (a term of an expansion once, without its alternatives).
    private var terms: Set<SearchQuery.Node> = []
    var termCount: Int { terms.count }

    init(tokens: [Lexer.Token], dropsStopWords: Bool) {
        self.tokens = tokens
        self.dropsStopWords = dropsStopWords
    }

    /// The whole query, its top level flattened (`(a b) c` is `a b c`), repeated items once.
    mutating func parseQuery() throws -> SearchQuery.Node? {
        guard let root = try parseSequence(topLevel: true) else { return nil }
        guard case .all(let items) = root else { return root }
        var flat: [SearchQuery.Node] = []
        for item in items {
            if case .all(let inner) = item { flat += inner } else { flat.append(item) }
        }
        flat = Self.unique(flat)
        return flat.count == 1 ? flat[0] : .all(flat)
    }

    /// Items up to a closing parenthesis (or the end), joined by AND.
    mutating func parseSequence(topLevel: Bool) throws -> SearchQuery.Node? {
        var items: [SearchQuery.Node] = []
        while position < tokens.count {
            if tokens[position] == .close {
                position += 1
                if topLevel { continue }  // an unmatched ')': ignore it
                break
            }
            if tokens[position] == .or { position += 1; continue }  // OR with nothing before it
            if let item = try parseAlternatives() { items.append(item) }
        }
        items = Self.unique(items)
        switch items.count {
        case 0: return nil
        case 1: return items[0]
        default: return .all(items)
        }
    }

    mutating func parseAlternatives() throws -> SearchQuery.Node? {
        var alternatives: [SearchQuery.Node] = []
        if let first = try parseUnary() { alternatives.append(first) }
        while position < tokens.count, tokens[position] == .or {
            position += 1
            if let next = try parseUnary() { alternatives.append(next) }
        }
        alternatives = Self.unique(alternatives)
        switch alternatives.count {
        case 0: return nil
        case 1: return alternatives[0]
        default: return .any(alternatives)
        }
    }

    mutating func parseUnary() throws -> SearchQuery.Node? {
        // NOT NOT x is x: count the NOTs in a loop rather than recursing once per NOT.
        var negations = 0
        while position < tokens.count, tokens[position] == .not { negations += 1; position += 1 }
        guard let inner = try parsePrimary(excluded: negations % 2 == 1) else { return nil }
        if negations % 2 == 0 { return inner }
        if case .not(let doubled) = inner { return doubled }
        return .not(inner)
    }

    private mutating func parsePrimary(excluded: Bool) throws -> SearchQuery.Node? {
        guard position < tokens.count else { return nil }
        let token = tokens[position]
        position += 1
        switch token {
        case .not:
            position -= 1
            return nil
        case .open:
            guard depth < SearchQuery.maximumDepth else { throw SearchQuery.Problem.nestedTooDeep }
            depth += 1
            defer { depth -= 1 }
            return try parseSequence(topLevel: false)
        case .close, .or:
            position -= 1
            return nil
        case let .word(text, prefix):
            guard Self.usable(text) else { return nil }
            if dropsStopWords, !prefix, !excluded, LatvianStopWords.isStopWord(text) { return nil }
            return record(.term(text, prefix: prefix))
        case .phrase(let text):
            return Self.usable(text) ? record(.term(text, prefix: false)) : nil
        case let .concept(words, alternatives):
            let typed = record(.term(words.joined(separator: " "), prefix: false))
            let others = alternatives.filter(Self.usable).map { SearchQuery.Node.term($0, prefix: false) }
            let all = Self.unique([typed] + others)
            return all.count == 1 ? typed : .any(all)
        }
    }

    private mutating func record(_ term: SearchQuery.Node) -> SearchQuery.Node {
        terms.insert(term)
        return term
    }

    /// `nodes` without repeats, in first-seen order (`ES ES ES` is one term).
    static func unique(_ nodes: [SearchQuery.Node]) -> [SearchQuery.Node] {
        var seen: Set<SearchQuery.Node> = []
        return nodes.filter { seen.insert($0).inserted }
    }

    /// A term must hold at least one letter or digit, or FTS5 would get an empty phrase.
    static func usable(_ text: String) -> Bool {
        text.contains { $0.isLetter || $0.isNumber }
    }
}
