import Foundation
import LatvianText
import PieredzeStorage

/// Warns when a note loaded without an `id` is nearly the same text as a note already in the
/// knowledge base: its id comes from its title, so a changed title makes a second note instead
/// of updating the first ("looks like X with a new title; give it `id: X` to update X").
///
/// Cost, a constant per note checked, whatever the load's size: at most two FTS5 queries, each
/// an AND of `termsPerQuery` of the note's `queryTerms` longest distinct words (long words are
/// the rare ones, and a near copy shares nearly all of them), ranked by bm25, at most
/// `candidateLimit` notes among those that existed before the load; then each candidate's text is compared with the note's by the Jaccard
/// similarity of their sets of word 3-shingles (Broder 1997, "On the resemblance and
/// containment of documents"). Only the text people write is compared — summary, context,
/// lesson, recommendation, body — not the title, which is what changed.
///
/// The threshold, 0.7: changing one word in a text of n words changes at most 3 of its n − 2
/// shingles, so a 100-word text with a new title and up to about 5 words changed (or a sentence
/// added) still scores above 0.7, while two different notes score near 0 (the 14 seed notes,
/// written about the same project and the same visit, score at most 0.03 against each other;
/// see `NearDuplicateTests`). Notes of fewer than `minimumWords` words are not judged: a
/// short summary alike says too little.
struct NearDuplicates {
    static let threshold = 0.7
    static let candidateLimit = 3
    static let queryTerms = 8
    static let termsPerQuery = 4
    static let minimumWords = 12
    /// Only words at least this long (folded, in characters) are query terms.
    static let minimumTermLength = 5

    private let connection: Connection
    /// The largest `notes.pk` before the load: candidates are notes that were there already.
    private let existingUpTo: Int64
    /// Steps taken (words read, candidate rows compared, queries run): the doubling test
    /// checks that this grows linearly with the notes checked.
    private(set) var work = 0

    init(connection: Connection) throws {
        self.connection = connection
        existingUpTo = try connection.scalar("SELECT coalesce(max(pk), 0) FROM notes", as: Int64.self) ?? 0
    }

    /// The warning for `note`, read as `record`, when it was loaded without an id and an
    /// existing note's text is nearly the same; else nil.
    mutating func warning(for note: Note, record: RawRecord) throws -> LoadProblem? {
        guard existingUpTo > 0, !record.fields.contains(where: { $0.key == NoteField.id.key }) else { return nil }
        guard let match = try closest(to: note) else { return nil }
        let percent = Int((match.similarity * 100).rounded(.down))
        return LoadProblem(record.location(of: NoteField.title.key), field: NoteField.title.key, severity: .warning,
                           "looks like \(match.id) with a new title (\(percent) % of the text is the same); "
                           + "give it `id: \(match.id)` to update \(match.id) (this load adds it as a new note, \(note.id))")
    }

    /// The existing note (other than `note`) whose text is most like `note`'s, when at least
    /// `threshold` alike.
    mutating func closest(to note: Note) throws -> (id: String, similarity: Double)? {
        let words = Self.words(Self.comparedText(note), work: &work)
        guard words.count >= Self.minimumWords else { return nil }
        var seen = Set<String>()
        let terms = words.filter { $0.count >= Self.minimumTermLength && seen.insert($0).inserted }
            .enumerated().sorted { $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset }
            .prefix(Self.queryTerms).map(\.element)
        guard !terms.isEmpty else { return nil }
        // Two small AND queries rather than one OR of every term: an OR matches (and bm25
        // scores) a large part of a big knowledge base, 10× the cost of the load itself at
        // 10,000 notes; an AND of rare words matches a handful. Two disjoint groups, so that
        // one edited word does not hide the note.
        var rows: [Row] = []
        for group in stride(from: 0, to: terms.count, by: Self.termsPerQuery) {
            let words = terms[group..<min(group + Self.termsPerQuery, terms.count)]
            // Folded words are letters and digits only; quoted all the same, as every FTS5 term is.
            let expression = words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " AND ")
            let columns = Self.comparedFields.flatMap(\.databaseColumns).map { "n.\($0)" }.joined(separator: ", ")
            work += 1
            // The index drives (a subquery, so the planner cannot walk `notes` by its pk range
            // and probe the index row by row); FTS5 applies the rowid bound itself.
            rows = try connection.rows("""
                SELECT n.id, \(columns) FROM (
                    SELECT rowid AS pk, bm25(\(Schema.NotesFullText.table)) AS score FROM \(Schema.NotesFullText.table)
                    WHERE \(Schema.NotesFullText.table) MATCH ?1 AND rowid <= ?2 ORDER BY score LIMIT \(Self.candidateLimit)
                ) AS m JOIN notes n ON n.pk = m.pk
                WHERE n.id <> ?3 ORDER BY m.score
                """, [expression, existingUpTo, note.id])
            if !rows.isEmpty { break }
        }
        guard !rows.isEmpty else { return nil }
        let shingles = Self.shingles(words)
        var best: (id: String, similarity: Double)?
        for row in rows {
            work += 1
            guard let id: String = row[0] else { continue }
            let text = (1..<row.values.count).compactMap { row[$0, as: String.self] }.filter { !$0.isEmpty }.joined(separator: "\n")
            let similarity = Self.jaccard(shingles, Self.shingles(Self.words(text, work: &work)))
            if similarity >= Self.threshold, similarity > (best?.similarity ?? 0) { best = (id, similarity) }
        }
        return best
    }

    /// The fields compared: what people write, without the title.
    static let comparedFields: [NoteField] = [.summary, .context, .lesson, .recommendation, .body]

    static func comparedText(_ note: Note) -> String {
        comparedFields.map { NoteExporter.textValue($0, of: note) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// The folded words of `text` (`LatvianFolding.fold`: lower case, no diacritics), split at
    /// everything that is not a letter or digit. The text is folded once, then split; after
    /// folding, Latvian is ASCII, which is classified without Unicode property look-ups.
    static func words(_ text: String, work: inout Int) -> [String] {
        let folded = LatvianFolding.fold(text)
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            work += 1
            let isWordCharacter = scalar.isASCII
                ? (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
                : scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if isWordCharacter {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// The set of runs of 3 consecutive words (the words themselves when fewer than 3).
    static func shingles(_ words: [String]) -> Set<String> {
        guard words.count >= 3 else { return Set(words) }
        var result = Set<String>(minimumCapacity: words.count)
        for index in 0...(words.count - 3) {
            result.insert(words[index] + " " + words[index + 1] + " " + words[index + 2])
        }
        return result
    }

    /// |A ∩ B| / |A ∪ B|; 0 for two empty sets.
    static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        let common = small.reduce(0) { $0 + (large.contains($1) ? 1 : 0) }
        let union = a.count + b.count - common
        return union == 0 ? 0 : Double(common) / Double(union)
    }
}
