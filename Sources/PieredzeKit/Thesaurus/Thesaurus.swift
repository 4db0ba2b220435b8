import LatvianFTS5
import LatvianText
import PieredzeStorage

/// The languages a thesaurus term can be in (the notes' languages).
public enum ThesaurusLanguage: String, Sendable, CaseIterable, Comparable {
    case lv, en, ru

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One term of a concept.
public struct ThesaurusTerm: Sendable, Equatable {
    /// The term as written (`Eiropas Savienība`, `ES`, `территориальная громада`).
    public var text: String
    public var language: ThesaurusLanguage
    /// True for the concept's one preferred term.
    public var isPreferred: Bool
    /// An acronym matches only as written, capitals included: `ES`, not the pronoun `es`.
    public var isAcronym: Bool

    public init(text: String, language: ThesaurusLanguage, isPreferred: Bool = false, isAcronym: Bool = false) {
        self.text = text
        self.language = language
        self.isPreferred = isPreferred
        self.isAcronym = isAcronym
    }

    /// The key a query run must have to name this term (see `ThesaurusKey`).
    public var lookupKey: String {
        isAcronym ? ThesaurusKey.acronymKey(text) : ThesaurusKey.plainKey(text)
    }
}

/// A concept: one preferred term and its alternative terms, all meaning the same thing.
public struct ThesaurusConcept: Sendable, Equatable {
    /// `thesaurus_concepts.id`; 0 for a concept not stored.
    public var id: Int64
    /// A scope note for people editing the thesaurus (not searched).
    public var note: String
    /// The preferred term first, then the alternatives in the order they were added.
    public var terms: [ThesaurusTerm]

    public init(id: Int64 = 0, note: String = "", terms: [ThesaurusTerm]) {
        self.id = id
        self.note = note
        self.terms = terms
    }

    public var preferred: ThesaurusTerm { terms.first(where: \.isPreferred) ?? terms[0] }
    public var alternatives: [ThesaurusTerm] { terms.filter { !$0.isPreferred } }
}

/// How a term and a run of query words are compared.
///
/// A text is split into tokens (runs of letters and digits, as FTS5's unicode61 splits words,
/// so `Co-operation` is `co operation`). A plain term's key is its tokens folded and stemmed by
/// `LatvianStemmer.stem`, joined by spaces: `hromadu`, `hromādas` and `hromada` are all `hromad`. An
/// acronym's key is its one token as written with diacritics removed but capitals kept
/// (`ĀM` → `AM`), so only a word written in the same capitals matches it. Plain keys are lower
/// case and acronym keys hold a capital, so the two never collide.
public enum ThesaurusKey {
    /// The most tokens a term may have: the bound that keeps matching linear in the query's length.
    public static let maximumTokens = 10

    /// The runs of letters and digits in `text`.
    public static func tokens<S: StringProtocol>(_ text: S) -> [Substring] {
        var tokens: [Substring] = []
        var start: String.Index?
        let string = Substring(text)
        var index = string.startIndex
        while index < string.endIndex {
            let isWordCharacter = string[index].isLetter || string[index].isNumber
            if isWordCharacter, start == nil { start = index }
            if !isWordCharacter, let begin = start { tokens.append(string[begin..<index]); start = nil }
            index = string.index(after: index)
        }
        if let begin = start { tokens.append(string[begin...]) }
        return tokens
    }

    /// `Apvienotās teritoriālās kopienas` → `apvienot teritorial kopien` (whatever the stemmer makes of each word).
    public static func plainKey<S: StringProtocol>(_ text: S) -> String {
        tokens(text).map { IndexStem.stem(String($0)) }.joined(separator: " ")
    }

    /// `ĀM` → `AM`; `ЕС` stays `ЕС`. The text's tokens joined by spaces (an acronym has one).
    public static func acronymKey<S: StringProtocol>(_ text: S) -> String {
        tokens(text).map { token -> String in
            var scalars = String.UnicodeScalarView()
            for scalar in String(token).decomposedStringWithCanonicalMapping.unicodeScalars
            where scalar.properties.canonicalCombiningClass.rawValue == 0 {
                scalars.append(scalar)
            }
            return String(scalars).precomposedStringWithCanonicalMapping
        }.joined(separator: " ")
    }

    /// True when `text` is one token of at least two letters, all of them capitals (`ES`,
    /// `ĀM`, `ООН`): such a term is taken as an acronym unless said otherwise.
    public static func looksLikeAcronym(_ text: String) -> Bool {
        let parts = tokens(text)
        guard parts.count == 1 else { return false }
        let letters = parts[0].filter(\.isLetter)
        return letters.count >= 2 && letters.allSatisfy(\.isUppercase)
    }

    /// True when `text` can be an acronym at all: one token holding a capital letter.
    public static func canBeAcronym(_ text: String) -> Bool {
        let parts = tokens(text)
        return parts.count == 1 && parts[0].contains(where: \.isUppercase)
    }
}

/// The thesaurus as a query expansion: every concept with its terms, indexed by lookup key.
///
/// `matches(in:)` walks the query words once; at each word it tries the runs that start there,
/// up to the longest term's number of tokens (at most `ThesaurusKey.maximumTokens`), and takes
/// the longest run that names a term. So its work is linear in the number of query words.
public struct Thesaurus: QueryExpansion {
    public let concepts: [ThesaurusConcept]
    /// Lookup key → (index into `concepts`, index into that concept's `terms`).
    let index: [String: (concept: Int, term: Int)]
    /// The most tokens any term has.
    let longestTerm: Int

    /// The thesaurus of `concepts`, each term's lookup key computed from its text.
    public init(concepts: [ThesaurusConcept]) {
        self.init(concepts: concepts, keys: concepts.map { $0.terms.map(\.lookupKey) })
    }

    /// `keys[c][t]` is the lookup key of `concepts[c].terms[t]`; the first term with a key keeps it.
    init(concepts: [ThesaurusConcept], keys: [[String]]) {
        self.concepts = concepts
        var index: [String: (concept: Int, term: Int)] = [:]
        var longest = 0
        for (conceptIndex, concept) in concepts.enumerated() {
            for termIndex in concept.terms.indices {
                let key = keys[conceptIndex][termIndex]
                guard !key.isEmpty, index[key] == nil else { continue }
                index[key] = (conceptIndex, termIndex)
                // A key has one space between tokens: its token count without tokenizing again.
                longest = max(longest, min(ThesaurusKey.maximumTokens, key.utf8.reduce(1) { $1 == 0x20 ? $0 + 1 : $0 }))
            }
        }
        self.index = index
        self.longestTerm = longest
    }

    /// The thesaurus stored in the database, read in one query, with the lookup keys stored
    /// beside the terms (stemming every term on every search would cost more than the search's
    /// own parsing). `ThesaurusStore.refreshLookupKeys()` brings keys written by an older
    /// stemmer up to date; every change through `ThesaurusStore` does it first.
    public static func load(from connection: Connection) throws -> Thesaurus {
        var concepts: [ThesaurusConcept] = []
        var keys: [[String]] = []
        try connection.prepare("""
            SELECT c.id, c.note, t.text, t.language, t.is_preferred, t.is_acronym, t.lookup_key
            FROM thesaurus_concepts c JOIN thesaurus_terms t ON t.concept_id = c.id
            ORDER BY c.id, t.is_preferred DESC, t.id
            """).forEachRow { row in
            let id = row.int64(at: 0)
            let term = ThesaurusTerm(
                text: row.string(at: 2) ?? "", language: ThesaurusLanguage(rawValue: row.string(at: 3) ?? "") ?? .lv,
                isPreferred: row.int64(at: 4) != 0, isAcronym: row.int64(at: 5) != 0)
            let key = row.string(at: 6) ?? ""
            if concepts.last?.id == id {
                concepts[concepts.count - 1].terms.append(term)
                keys[keys.count - 1].append(key)
            } else {
                concepts.append(ThesaurusConcept(id: id, note: row.string(at: 1) ?? "", terms: [term]))
                keys.append([key])
            }
        }
        return Thesaurus(concepts: concepts, keys: keys)
    }

    /// The concept and term that `text` names, if any: as an acronym when written so, else by
    /// its folded, stemmed words.
    public func lookup(_ text: String) -> (concept: ThesaurusConcept, term: ThesaurusTerm)? {
        var probes = 0
        return lookupIndices(text, probes: &probes).map { (concepts[$0.concept], concepts[$0.concept].terms[$0.term]) }
    }

    func lookupIndices(_ text: String, probes: inout Int) -> (concept: Int, term: Int)? {
        if ThesaurusKey.canBeAcronym(text) {
            probes += 1
            if let hit = index[ThesaurusKey.acronymKey(text)] { return hit }
        }
        probes += 1
        return index[ThesaurusKey.plainKey(text)]
    }

    /// Whether a term is worth searching for as an alternative. The index is folded, so an
    /// acronym alternative matches its letters in any case: `ES` would find the pronoun "es" and
    /// `UN` the conjunction "un". Acronyms of one or two letters are therefore recognised in a
    /// query but not offered as alternatives; longer ones (`LPS`, `VARAM`, `ООН`) are.
    static func searchable(_ term: ThesaurusTerm) -> Bool {
        !term.isAcronym || term.text.filter(\.isLetter).count >= 3
    }

    public func matches(in words: [String]) -> [QueryExpansionMatch] {
        var probes = 0
        return matches(in: words, probes: &probes)
    }

    /// `matches(in:)`, counting the dictionary look-ups it makes in `probes` (for the tests
    /// that show the work is linear).
    func matches(in words: [String], probes: inout Int) -> [QueryExpansionMatch] {
        // Each word's tokens, analysed once.
        let tokens = words.map { ThesaurusKey.tokens($0) }
        let keys = tokens.map { $0.map { IndexStem.stem(String($0)) } }
        var result: [QueryExpansionMatch] = []
        var start = 0
        while start < words.count {
            var best: (length: Int, hit: (concept: Int, term: Int))?
            if tokens[start].count == 1, tokens[start][0].contains(where: \.isUppercase) {
                probes += 1
                if let hit = index[ThesaurusKey.acronymKey(tokens[start][0])] { best = (1, hit) }
            }
            var key = ""
            var tokenCount = 0
            var end = start
            while end < words.count, !keys[end].isEmpty {
                tokenCount += keys[end].count
                if tokenCount > longestTerm { break }
                key += (key.isEmpty ? "" : " ") + keys[end].joined(separator: " ")
                probes += 1
                // Longer runs win; at equal length an acronym, tried first, stays.
                if let hit = index[key], (best?.length ?? 0) < end - start + 1 { best = (end - start + 1, hit) }
                end += 1
            }
            guard let best else { start += 1; continue }
            let concept = concepts[best.hit.concept]
            let alternatives = concept.terms.indices.filter { $0 != best.hit.term && Self.searchable(concept.terms[$0]) }
                .map { concept.terms[$0].text }
            result.append(QueryExpansionMatch(range: start..<(start + best.length), alternatives: alternatives))
            start += best.length
        }
        return result
    }
}
