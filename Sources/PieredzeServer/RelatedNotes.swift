import Foundation
import PieredzeKit

/// "More like this": the note's most distinctive words, searched as an any-word query.
///
/// A word's weight is tf·idf: how often the note uses it (title words count three times) times
/// log(N / df), where df is the number of notes the search engine finds for it, so the word is
/// weighed as search sees it (stemmed, folded). Words in one note only (the note itself) or in
/// more than half of all notes say nothing about likeness and are skipped.
enum RelatedNotes {
    static let terms = 8
    static let candidates = 30

    /// Up to `limit` notes, best first, never `note` itself.
    static func find(for note: Note, in knowledgeBase: KnowledgeBase, limit: Int = 5) throws -> [SearchHit] {
        let words = distinctiveWords(of: note, in: knowledgeBase)
        guard !words.isEmpty else { return [] }
        let query = try SearchQuery(words.joined(separator: " OR "))
        let results = try knowledgeBase.search(query, limit: limit + 1)
        return Array(results.hits.filter { $0.id != note.id }.prefix(limit))
    }

    /// The note's words in order of distinctiveness (at most `terms`).
    static func distinctiveWords(of note: Note, in knowledgeBase: KnowledgeBase) -> [String] {
        var frequency: [String: Int] = [:]
        func count(_ text: String, weight: Int) {
            for word in words(in: text) { frequency[word, default: 0] += weight }
        }
        count(note.title, weight: 3)
        for text in [note.summary, note.context, note.lesson, note.recommendation, note.body] { count(text, weight: 1) }
        guard let total = try? knowledgeBase.noteCount(), total > 2 else { return [] }
        let candidates = frequency.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(Self.candidates)
        var scored: [(word: String, score: Double)] = []
        for (word, tf) in candidates {
            guard let expression = try? SearchQuery(word).expression(),
                  let df = try? knowledgeBase.documentCount(matching: expression),
                  df > 1, df * 2 <= total else { continue }
            scored.append((word, Double(tf) * log(Double(total) / Double(df))))
        }
        return scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.word < $1.word }.prefix(Self.terms).map(\.word)
    }

    /// Lower-cased words of four letters or more (shorter ones are mostly function words);
    /// digits-only tokens are left out. Lower case keeps `OR` and acronyms from being read as
    /// query syntax.
    static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = ""
        func flush() {
            if current.count >= 4, current.contains(where: \.isLetter) { words.append(current) }
            current = ""
        }
        for character in text.lowercased() {
            if character.isLetter || character.isNumber { current.append(character) } else { flush() }
        }
        flush()
        return words
    }
}
