import Foundation
import LatvianText
import PieredzeStorage

/// The indexed words a spelling suggestion is chosen from.
public protocol SpellingVocabulary {
    /// True when the index holds `term` (a token as the tokenizer emits it: folded and stemmed).
    func contains(_ term: String) throws -> Bool
    /// Calls `body` with every indexed term in `[lower, upper)` (code-point order, which is
    /// UTF-8 byte order, which is how FTS5 sorts terms) and the number of notes holding it.
    func forEachTerm(from lower: String, below upper: String, _ body: (_ term: String, _ documents: Int) throws -> Void) throws
}

extension String {
    /// The least string greater than every string that starts with `self`: `pa` → `pb`; nil when
    /// the last character cannot be incremented.
    var prefixUpperBound: String? {
        guard let last = unicodeScalars.last, let next = Unicode.Scalar(last.value + 1) else { return nil }
        var scalars = unicodeScalars
        scalars.removeLast()
        scalars.append(next)
        return String(scalars)
    }
}

/// The vocabulary of the notes' full-text index, read through an `fts5vocab` table in the
/// connection's temp schema (so it works on read-only connections too).
///
/// Cost: `fts5vocab` counts every term's documents as it reads it, so a scan costs as much as
/// reading those terms' posting lists; the scan is bounded to one first character. Source:
/// https://sqlite.org/fts5.html#the_fts5vocab_virtual_table_module
public struct IndexVocabulary: SpellingVocabulary {
    public let connection: Connection
    static let table = "temp.pieredze_spelling_vocabulary"

    public init(connection: Connection) throws {
        self.connection = connection
        try connection.execute("CREATE VIRTUAL TABLE IF NOT EXISTS \(Self.table) USING fts5vocab(main, notes_fts, row)")
    }

    public func contains(_ term: String) throws -> Bool {
        let statement = try connection.cachedStatement("SELECT 1 FROM \(Self.table) WHERE term = ?")
        try statement.bind([term])
        defer { statement.reset() }
        return try statement.step()
    }

    public func forEachTerm(from lower: String, below upper: String, _ body: (String, Int) throws -> Void) throws {
        let statement = try connection.cachedStatement("SELECT term, doc FROM \(Self.table) WHERE term >= ? AND term < ?")
        try statement.bind([lower, upper])
        defer { statement.reset() }
        while try statement.step() {
            try body(statement.string(at: 0) ?? "", Int(statement.int64(at: 1)))
        }
    }
}

/// The vocabulary snapshot of migration 0007 (`search_vocabulary`: term, documents), read by
/// range without touching posting lists; a term it lacks (written since the last load) is
/// looked up in the live index (`IndexVocabulary`), so `contains` is never wrong about a word
/// that matches. Terms written since the last rewrite are not offered as suggestions until a
/// later load rewrites the snapshot (`noteChanges`).
public struct SpellingVocabularySnapshot: SpellingVocabulary {
    public let connection: Connection
    let live: IndexVocabulary

    /// nil when the database has no snapshot table (older than migration 0007) or it is empty.
    public init?(connection: Connection) throws {
        guard try connection.scalar("SELECT EXISTS (SELECT 1 FROM search_vocabulary)", as: Int64.self).map({ $0 == 1 }) == true
        else { return nil }
        self.connection = connection
        live = try IndexVocabulary(connection: connection)
    }

    public func contains(_ term: String) throws -> Bool {
        let statement = try connection.cachedStatement("SELECT 1 FROM search_vocabulary WHERE term = ?")
        try statement.bind([term])
        let found = try statement.step()
        statement.reset()
        return try found || live.contains(term)
    }

    public func forEachTerm(from lower: String, below upper: String, _ body: (String, Int) throws -> Void) throws {
        let statement = try connection.cachedStatement("SELECT term, documents FROM search_vocabulary WHERE term >= ? AND term < ?")
        try statement.bind([lower, upper])
        defer { statement.reset() }
        while try statement.step() {
            try body(statement.string(at: 0) ?? "", Int(statement.int64(at: 1)))
        }
    }

    /// Whether the live index still holds `term` (a snapshot's term may have been deleted since).
    func stillIndexed(_ term: String) throws -> Bool { try live.contains(term) }

    /// The share of all notes a series of loads must change before the snapshot is rewritten.
    /// A rewrite reads the whole vocabulary (about 1 s at 100,000 notes), so rewriting after
    /// every one-note load would make a small load cost as much as the index; rewriting after
    /// 1/20 of the notes changed makes it a constant per changed note (amortised).
    static let refreshShare = 20

    /// Counts `changed` notes (new or updated by a load) and rewrites the snapshot when the
    /// notes changed since the last rewrite reach 1/`refreshShare` of all notes, or when the
    /// snapshot is empty. Call inside the writing transaction. Returns whether it rewrote.
    @discardableResult
    public static func noteChanges(_ changed: Int, _ connection: Connection) throws -> Bool {
        guard changed > 0,
              try connection.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'search_vocabulary_pending'", as: Int64.self) == 1
        else { return false }
        let pending = (try connection.scalar("SELECT notes_changed FROM search_vocabulary_pending WHERE id = 1", as: Int64.self) ?? 0)
            + Int64(changed)
        let notes = try connection.scalar("SELECT count(*) FROM notes", as: Int64.self) ?? 0
        let empty = try connection.scalar("SELECT NOT EXISTS (SELECT 1 FROM search_vocabulary)", as: Int64.self) == 1
        let due = empty || pending * Int64(refreshShare) >= notes
        if due { try refresh(connection) }
        let update = try connection.cachedStatement("UPDATE search_vocabulary_pending SET notes_changed = ? WHERE id = 1")
        try update.bind([due ? Int64(0) : pending])
        _ = try update.step()
        update.reset()
        return due
    }

    /// Rewrites the snapshot from the live index: one read of the whole index (about 1 s at
    /// 100,000 notes). Call inside the writing transaction; a database without the table
    /// (older than migration 0007) is left alone.
    public static func refresh(_ connection: Connection) throws {
        guard try connection.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'search_vocabulary'", as: Int64.self) == 1
        else { return }
        _ = try IndexVocabulary(connection: connection)
        try connection.execute("DELETE FROM search_vocabulary")
        try connection.execute("INSERT INTO search_vocabulary (term, documents) SELECT term, doc FROM \(IndexVocabulary.table)")
    }
}

/// A query with its misspelt words replaced.
public struct SpellingSuggestion: Sendable, Equatable {
    /// The query's words, each word that matched nothing replaced by the closest indexed word.
    public var corrected: [String]
    /// Indices of the replaced words.
    public var changedIndices: [Int]
    /// Always true for a suggestion `SpellingSuggester` returns (it returns nil otherwise).
    public var changed: Bool { !changedIndices.isEmpty }
    /// The corrected query as one line: `pašvaldību reforma`.
    public var text: String { corrected.joined(separator: " ") }
}

/// How much a suggestion cost: terms read from the vocabulary and edit-distance cells computed.
struct SpellingWork: Equatable {
    var termsScanned = 0
    var termsCompared = 0
    var cells = 0
}

/// "Did you mean": for each query word that matches no indexed word, the closest indexed word
/// by edit distance on folded text.
///
/// The index holds stems, so the word's stem (its query token) is compared with the indexed
/// stems: `pasvaldbu` → stem `pasvaldb` → `pasvaldib`, one letter away. The word shown keeps the
/// ending typed (`pasvaldib` + `u`), spelt as a note spells it where one does (`pašvaldību`).
///
/// Bounds: words whose stem is shorter than 3 or longer than 30 characters are left alone; a
/// stem of up to 5 characters may be 1 edit away, a longer one 2 (optimal string alignment:
/// insertion, deletion, substitution, swap of neighbours); candidates share the first character
/// and differ in length by at most the distance, so the scan reads one first character's terms
/// once per word and compares only those of a fitting length, each in O(length × distance).
/// Ties go to the word more notes hold.
public struct SpellingSuggester {
    public let connection: Connection
    let vocabulary: any SpellingVocabulary

    public static let shortestStem = 3
    public static let longestStem = 30

    /// The largest edit distance tried for a stem of `length` characters.
    public static func maximumDistance(forStemLength length: Int) -> Int { length <= 5 ? 1 : 2 }

    /// Reads the vocabulary snapshot (`SpellingVocabularySnapshot`) when the database has one,
    /// else the live index through `fts5vocab` (`IndexVocabulary`).
    public init(connection: Connection) throws {
        self.connection = connection
        self.vocabulary = try SpellingVocabularySnapshot(connection: connection) ?? IndexVocabulary(connection: connection)
    }

    init(connection: Connection, vocabulary: any SpellingVocabulary) {
        self.connection = connection
        self.vocabulary = vocabulary
    }

    /// The query with each word that matches nothing replaced by its closest indexed word, or nil
    /// when every word matches (or no close word exists).
    ///
    /// - Parameter words: the plain words of a query as typed (not phrases, prefixes or
    ///   operators), in order.
    public func suggestion(for words: [String]) throws -> SpellingSuggestion? {
        var work = SpellingWork()
        return try suggestion(for: words, work: &work)
    }

    func suggestion(for words: [String], work: inout SpellingWork) throws -> SpellingSuggestion? {
        var corrected = words
        var changed: [Int] = []
        for (index, word) in words.enumerated() {
            if let replacement = try correction(of: word, work: &work) {
                corrected[index] = replacement
                changed.append(index)
            }
        }
        return changed.isEmpty ? nil : SpellingSuggestion(corrected: corrected, changedIndices: changed)
    }

    /// The word to show instead of `word`, or nil when it matches or nothing is close.
    func correction(of word: String, work: inout SpellingWork) throws -> String? {
        let tokens = try LatvianTokenizer.tokens(of: word, mode: .query, on: connection)
        for token in tokens where try vocabulary.contains(token.text) { return nil }
        let primary = tokens.filter { $0.flags & 1 == 0 }  // FTS5_TOKEN_COLOCATED = 1
        guard primary.count == 1 else { return nil }
        let stem = primary[0].text
        let stemScalars = Array(stem.unicodeScalars)
        guard (Self.shortestStem...Self.longestStem).contains(stemScalars.count) else { return nil }
        let limit = Self.maximumDistance(forStemLength: stemScalars.count)
        var best: (term: String, distance: Int, documents: Int)?
        func consider(_ term: String, _ documents: Int) {
            work.termsScanned += 1
            let length = term.unicodeScalars.count
            guard abs(length - stemScalars.count) <= limit else { return }
            work.termsCompared += 1
            guard let distance = Self.distance(stemScalars, Array(term.unicodeScalars), limit: best?.distance ?? limit, cells: &work.cells)
            else { return }
            if let current = best, (current.distance, -current.documents) <= (distance, -documents) { return }
            best = (term, distance, documents)
        }
        // Terms that share the first two characters first; only when none is within one edit,
        // the rest of the first character's terms (each term is read at most once).
        let first = String(stemScalars[0]), firstTwo = String(String.UnicodeScalarView(stemScalars[0..<2]))
        guard let firstEnd = first.prefixUpperBound, let firstTwoEnd = firstTwo.prefixUpperBound else { return nil }
        try vocabulary.forEachTerm(from: firstTwo, below: firstTwoEnd, consider)
        if (best?.distance ?? Int.max) > 1 {
            try vocabulary.forEachTerm(from: first, below: firstTwo, consider)
            try vocabulary.forEachTerm(from: firstTwoEnd, below: firstEnd, consider)
        }
        guard let best, best.distance > 0 else { return nil }
        // A snapshot's term may be gone from the index since (a note deleted or edited).
        if let snapshot = vocabulary as? SpellingVocabularySnapshot, try !snapshot.stillIndexed(best.term) { return nil }
        return try surfaceForm(typed: word, stem: stem, replacement: best.term)
    }

    /// The typed word with its stem replaced, checked to analyse to `replacement`; spelt as a
    /// note spells that form when one does.
    func surfaceForm(typed word: String, stem: String, replacement: String) throws -> String? {
        let folded = LatvianFolding.fold(ThesaurusKey.tokens(word).first.map(String.init) ?? word)
        var candidates: [String] = []
        if folded.hasPrefix(stem) { candidates.append(replacement + folded.dropFirst(stem.count)) }
        candidates.append(replacement)
        for candidate in candidates {
            let tokens = try LatvianTokenizer.tokens(of: candidate, mode: .query, on: connection)
            guard tokens.contains(where: { $0.text == replacement }) else { continue }
            let written = try writtenForm(of: replacement, folded: candidate)
            let shown = written ?? candidate
            return word.contains(where: \.isUppercase) ? shown : shown.lowercased()
        }
        return nil
    }

    /// How one note writes a word whose token is `term`, preferring the form that folds to
    /// `folded` (`pašvaldību` for `pasvaldibu`); nil when no note is at hand.
    func writtenForm(of term: String, folded: String) throws -> String? {
        let expression = "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let statement = try connection.cachedStatement("""
            SELECT n.title, n.summary, n.context, n.lesson, n.recommendation, n.body FROM notes n
            WHERE n.pk = (SELECT rowid FROM notes_fts WHERE notes_fts MATCH ? LIMIT 1)
            """)
        try statement.bind([expression])
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        var fallback: String?
        for column in Int32(0)..<6 {
            guard let text = statement.string(at: column), !text.isEmpty else { continue }
            let bytes = Array(text.utf8)
            for token in try LatvianTokenizer.tokens(of: text, on: connection) where token.text == term && token.flags & 1 == 0 {
                guard token.start >= 0, token.end <= bytes.count, token.start < token.end else { continue }
                let written = String(decoding: bytes[token.start..<token.end], as: UTF8.self)
                if LatvianFolding.fold(written) == folded { return written }
                if fallback == nil { fallback = written }
            }
        }
        // Another form of the word: its spelling for the part both forms share (`pašvaldīb` from
        // `pašvaldības`), the rest as folded.
        guard let fallback else { return nil }
        let foldedFallback = Array(LatvianFolding.fold(fallback)), writtenFallback = Array(fallback)
        guard foldedFallback.count == writtenFallback.count else { return nil }
        let shared = zip(foldedFallback, folded).prefix { $0 == $1 }.count
        return String(writtenFallback[..<shared]) + String(folded.dropFirst(shared))
    }

    /// Optimal string alignment distance between `a` and `b`, or nil when it exceeds `limit`.
    /// Only the band of width `2 × limit + 1` around the diagonal is computed, and the work
    /// stops as soon as a whole row exceeds `limit`; `cells` counts the cells computed.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int, cells: inout Int) -> Int? {
        guard abs(a.count - b.count) <= limit else { return nil }
        let infinity = limit + 1
        let width = b.count + 1
        var previous2 = [Int](repeating: infinity, count: width)
        var previous = (0..<width).map { $0 <= limit ? $0 : infinity }
        var current = [Int](repeating: infinity, count: width)
        if a.isEmpty { return b.count <= limit ? b.count : nil }
        for i in 1...a.count {
            let low = max(1, i - limit), high = min(b.count, i + limit)
            // Cells just outside the band are read by the next two rows: beyond the limit.
            if max(1, low - 1) <= min(b.count, high + 1) {
                for j in max(1, low - 1)...min(b.count, high + 1) { current[j] = infinity }
            }
            current[0] = i <= limit ? i : infinity
            var rowMinimum = current[0]
            if low <= high {
                for j in low...high {
                    cells += 1
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, previous2[j - 2] + 1) }
                    current[j] = min(value, infinity)
                    rowMinimum = min(rowMinimum, current[j])
                }
            }
            if rowMinimum > limit { return nil }
            (previous2, previous, current) = (previous, current, previous2)
        }
        let result = previous[b.count]
        return result <= limit ? result : nil
    }
}
