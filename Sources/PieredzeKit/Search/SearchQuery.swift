import Foundation

/// A user's search text, parsed into a safe FTS5 expression.
///
/// The language (documented in `pieredze search --help` and the README):
/// - words: all must match, each stemmed (`pašvaldību reforma` finds "pašvaldības reformās");
/// - `"exact phrase"`: the words in this order, each still stemmed and folded;
/// - `prefix*`: words starting with it (not stemmed);
/// - `-word` or `-"phrase"` (or `NOT word`): leave out notes that have it;
/// - `OR` between words or groups: either; `AND` is allowed and changes nothing;
/// - `( … )`: grouping, optional.
///
/// Anything else — punctuation, hyphenated words, `2018.`, a lone `"`, `NEAR`, `*`, `col:umn` —
/// is text: every term reaches FTS5 inside double quotes, so no user input can be read as FTS5
/// syntax. The expression is then bound as a parameter of `MATCH`, never spliced into SQL.
public struct SearchQuery: Sendable, Equatable {
    /// The query as a tree.
    public indirect enum Node: Sendable, Equatable {
        case term(String, prefix: Bool)
        case all([Node])
        case any([Node])
        case not(Node)
    }

    /// Why a query cannot be run, in plain words.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case nothingToSearch
        case onlyExclusions
        case exclusionInAlternative

        public var description: String {
            switch self {
            case .nothingToSearch:
                return "the query has no words to search for (only punctuation or operators)"
            case .onlyExclusions:
                return "the query only excludes words (-word); add at least one word to search for"
            case .exclusionInAlternative:
                return "an excluded word (-word) cannot be one side of OR; write it outside the OR group"
            }
        }
    }

    public let text: String
    public let root: Node

    /// Acronyms of the field, written in capitals, also match their expansion: people write
    /// `ES` in a query and "Eiropas Savienības" in a note. Lower-case `es` ("I") is left alone.
    public static let acronyms: [String: [String]] = [
        "ES": ["Eiropas Savienība"],
        "LPS": ["Latvijas Pašvaldību savienība"],
        "KPS": ["Kirgizstānas Pašvaldību savienība"],
        "ATR": ["administratīvi teritoriālā reforma"],
        "VARAM": ["Vides aizsardzības un reģionālās attīstības ministrija"],
        "ĀM": ["Ārlietu ministrija"],
        "NVO": ["nevalstiskā organizācija"],
    ]

    /// Parses `text`; throws `Problem` only when nothing usable is left.
    public init(_ text: String) throws {
        self.text = text
        var parser = Parser(tokens: Lexer.tokens(of: text))
        let root = parser.parseSequence(topLevel: true)
        guard let root else { throw Problem.nothingToSearch }
        self.root = root
        _ = try Self.compile(root)  // reject what cannot be expressed
    }

    /// The FTS5 MATCH expression for all words (the default).
    public func expression() throws -> String {
        try Self.compile(root)
    }

    /// The fallback when all-words finds nothing: any positive term may match; exclusions stay.
    public func anyWordExpression() throws -> String? {
        var positives: [Node] = []
        var negatives: [Node] = []
        func collect(_ node: Node) {
            switch node {
            case .term: positives.append(node)
            case .all(let items), .any(let items): items.forEach(collect)
            case .not(let inner): negatives.append(inner)
            }
        }
        collect(root)
        guard positives.count > 1 else { return nil }
        return try Self.compile(.all([.any(positives)] + negatives.map { .not($0) }))
    }

    static func compile(_ node: Node) throws -> String {
        switch node {
        case let .term(text, prefix):
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (prefix ? " *" : "")
        case .not:
            throw Problem.onlyExclusions
        case .any(let items):
            if items.contains(where: { if case .not = $0 { return true } else { return false } }) {
                throw Problem.exclusionInAlternative
            }
            return "(" + (try items.map(compile).joined(separator: " OR ")) + ")"
        case .all(let items):
            var positives: [String] = []
            var negatives: [String] = []
            for item in items {
                if case .not(let inner) = item { negatives.append(try compile(inner)) } else { positives.append(try compile(item)) }
            }
            guard !positives.isEmpty else { throw Problem.onlyExclusions }
            var expression = "(" + positives.joined(separator: " AND ") + ")"
            for negative in negatives { expression += " NOT " + negative }
            return expression
        }
    }
}

/// Splits query text into words, phrases, operators and parentheses.
enum Lexer {
    enum Token: Equatable {
        case word(String, prefix: Bool)
        case phrase(String)
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
                phrase = phrase.trimmed
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
struct Parser {
    let tokens: [Lexer.Token]
    var position = 0

    init(tokens: [Lexer.Token]) { self.tokens = tokens }

    /// Items up to a closing parenthesis (or the end), joined by AND.
    mutating func parseSequence(topLevel: Bool) -> SearchQuery.Node? {
        var items: [SearchQuery.Node] = []
        while position < tokens.count {
            if tokens[position] == .close {
                position += 1
                if topLevel { continue }  // an unmatched ')': ignore it
                break
            }
            if tokens[position] == .or { position += 1; continue }  // OR with nothing before it
            if let item = parseAlternatives() { items.append(item) }
        }
        switch items.count {
        case 0: return nil
        case 1: return items[0]
        default: return .all(items)
        }
    }

    mutating func parseAlternatives() -> SearchQuery.Node? {
        var alternatives: [SearchQuery.Node] = []
        if let first = parseUnary() { alternatives.append(first) }
        while position < tokens.count, tokens[position] == .or {
            position += 1
            if let next = parseUnary() { alternatives.append(next) }
        }
        switch alternatives.count {
        case 0: return nil
        case 1: return alternatives[0]
        default: return .any(alternatives)
        }
    }

    mutating func parseUnary() -> SearchQuery.Node? {
        guard position < tokens.count else { return nil }
        let token = tokens[position]
        position += 1
        switch token {
        case .not:
            guard let inner = parseUnary() else { return nil }
            if case .not(let doubled) = inner { return doubled }
            return .not(inner)
        case .open:
            return parseSequence(topLevel: false)
        case .close, .or:
            position -= 1
            return nil
        case let .word(text, prefix):
            guard Self.usable(text) else { return nil }
            if !prefix, let expansion = SearchQuery.acronyms[text] {
                return .any([.term(text, prefix: false)] + expansion.map { .term($0, prefix: false) })
            }
            return .term(text, prefix: prefix)
        case .phrase(let text):
            return Self.usable(text) ? .term(text, prefix: false) : nil
        }
    }

    /// A term must hold at least one letter or digit, or FTS5 would get an empty phrase.
    static func usable(_ text: String) -> Bool {
        text.contains { $0.isLetter || $0.isNumber }
    }
}
