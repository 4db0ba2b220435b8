import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `coverage`, an FTS5 ranking function: how many of a query's concepts a row matches first,
/// then bm25 with column weights, so that a query of any of its words ranks the rows with all of
/// them first, then those with most of them.
///
/// Usage, as FTS5 documents for ranking functions (https://sqlite.org/fts5.html#sorting_by_auxiliary_function_results):
///
///     SELECT rowid, rank FROM notes_fts
///     WHERE notes_fts MATCH '"pasvaldibu" OR "reforma" OR ("ES" OR "Eiropas Savienība")'
///       AND rank MATCH 'coverage(''0 1 2 2'', 10.0, 5.0, 2.0, 5.0, 2.0, 1.0)'
///     ORDER BY rank LIMIT 10
///
/// Arguments: an optional concept map, an optional text of document frequencies (one entry
/// per phrase: the number of rows that hold it, as the caller counted them once for several
/// statements; -1: count it here, as bm25 does; several numbers joined by `+`, e.g. `120+48000`:
/// the phrase's IDF is the sum of those words' IDFs, as Lucene's `PhraseQuery` scores a phrase,
/// which spares counting the phrase itself, a second reading of every candidate's positions),
/// an optional text holding one number, the window: how many best rows the statement keeps
/// (its `LIMIT` plus `OFFSET`; see "Pruning" below), then one weight per column (missing weights
/// are 1.0, as for `bm25`). The concept map is text: one integer per phrase of the MATCH expression, in
/// the order the phrases are written, naming the concept the phrase belongs to (phrases that are
/// alternatives of one concept share its number; -1: the phrase counts for no concept, e.g. an
/// excluded word; -2 (`CoverageRank.ignored`): the phrase only narrows which rows match and
/// counts for nothing, not even bm25, and its document frequency is not computed — a tier
/// expression repeats concepts that way, see `SearchEngine`). Without a map, or when its length
/// differs from the expression's phrase count, every phrase is a concept of its own.
///
/// Value: `-(matched × 1,000,000 + bm25)`, where `matched` is the number of distinct concepts
/// with at least one phrase in the row and `bm25` is FTS5's own bm25 (k1 = 1.2, b = 0.75, the same
/// IDF and document length; the formula of `fts5Bm25Function` in SQLite's fts5_aux.c), so that
/// `ORDER BY rank` sorts by concepts, then bm25; `CoverageRank.decode` splits a rank into both.
/// bm25 stays far below 1,000,000 (at most a few hundred per phrase).
///
/// Pruning: FTS5 ranks by calling the function for every matching row, and most of that cost is
/// the row's length (`xColumnSize`, a lookup in the `_docsize` table). With a window of k rows,
/// the function keeps the k best scores computed so far; a row whose score could not reach the
/// k-th even at length 0 (bm25's length term k1 × (1 − b + b × length / average) is then at its
/// smallest, k1 × (1 − b)) gets that upper bound as its score, without its length. Such a row is
/// strictly worse than k others, so the first k rows of `ORDER BY rank` (ascending), and every row
/// that ties with the k-th, are exactly those of the unpruned ranking (the idea of MaxScore and
/// WAND, Turtle & Flood 1995, Broder et al. 2003, applied to one row at a time). Each cursor keeps
/// its own best scores (FTS5 runs the function once to sort and once more for the rows read back;
/// a second call on the same row, e.g. `rank` read twice, is not counted twice). The window is
/// the third text argument, after the frequencies (`'-1 -1'` to count them here); give it only to
/// a statement that keeps the first k rows in ascending rank order: not under a join that drops
/// rows after ranking, not to `ORDER BY rank DESC`.
public enum CoverageRank {
    public static let functionName = "coverage"
    /// The weight of one matched concept in the rank: larger than any bm25 score.
    public static let conceptWeight = 1_000_000.0
    /// The concept-map value of a phrase that only narrows the matching rows and is not scored.
    public static let ignored = -2

    /// Registers `coverage` on the connection `db` (Pieredze's connections and liblatvian.so).
    public static func register(on db: OpaquePointer) throws(LatvianFTS5Error) {
        let api = try LatvianFTS5.fts5API(db)
        let code = api.pointee.xCreateFunction(api, functionName, nil, coverageFunction, nil)
        guard code == SQLITE_OK else { throw LatvianFTS5Error(code: code, message: "cannot register the coverage ranking function") }
    }

    /// bm25's term-frequency saturation and length normalisation, as FTS5's `bm25()` sets them.
    public static let k1 = 1.2
    public static let b = 0.75

    /// bm25's IDF of a phrase held by `documents` of `rows` rows, as `fts5Bm25Function`
    /// (SQLite's fts5_aux.c) computes it: log((N − n + 0.5) / (n + 0.5)), and 1e-6 where that is
    /// not positive (a phrase in half the rows or more). A phrase adds at most IDF × (k1 + 1)
    /// to a row's bm25.
    public static func inverseDocumentFrequency(rows: Double, documents: Double) -> Double {
        let idf = log((rows - documents + 0.5) / (documents + 0.5))
        return idf <= 0 ? 1e-6 : idf
    }

    /// The concepts matched and the bm25 score (higher is better) in a rank `coverage` returned.
    public static func decode(rank: Double) -> (matched: Int, score: Double) {
        let value = -rank
        let matched = (value / conceptWeight).rounded(.down)
        return (Int(matched), value - matched * conceptWeight)
    }

    /// The `rank MATCH` text for a concept map, the phrases' document frequencies when the
    /// caller counted them (one per phrase; -1: count it here), and column weights.
    /// Each phrase's entry is one number, or one per word of a phrase (IDFs summed). `window`:
    /// the rows the statement keeps (`LIMIT` + `OFFSET`), for pruning; nil ranks every row fully.
    public static func rankExpression(concepts: [Int], documentFrequencies: [[Int]]? = nil, window: Int? = nil,
                                      weights: [Double]) -> String {
        // The window is the third text argument: without counted frequencies, -1 (count here) each.
        let frequencies = documentFrequencies ?? (window == nil ? nil : concepts.map { _ in [-1] })
        return "\(functionName)('\(concepts.map(String.init).joined(separator: " "))'"
            + (frequencies.map { ", '" + $0.map { $0.map(String.init).joined(separator: "+") }.joined(separator: " ") + "'" } ?? "")
            + (window.map { ", '\(max($0, 1))'" } ?? "")
            + weights.map { ", \($0)" }.joined() + ")"
    }
}

/// What one query computes once and every row reuses (kept with `xSetAuxdata`).
private final class CoverageQueryData {
    let phraseCount: Int
    /// The concept of each phrase (-1: none, scored alone; -2: ignored).
    let concepts: [Int]
    let conceptCount: Int
    let inverseDocumentFrequencies: [Double]
    let averageLength: Double
    let weights: [Double]
    /// Scratch space a row's computation reuses.
    var frequencies: [Double]
    /// The inverse document frequency of each concept: its most frequent phrase's (the
    /// document frequency of a union is at least its largest part's).
    let conceptInverseDocumentFrequencies: [Double]
    /// A row's weighted term frequency of each concept: its phrases' frequencies summed.
    var conceptFrequencies: [Double]
    /// How many best rows the statement keeps (pruning), or nil.
    let window: Int?
    /// The best `window` scores computed so far (higher is better).
    var best = BestScores()
    /// The row whose exact score `best` took last: a second call on it adds nothing.
    var lastScoredRow: Int64?

    init(phraseCount: Int, concepts: [Int], inverseDocumentFrequencies: [Double], averageLength: Double, weights: [Double],
         window: Int?) {
        self.window = window
        self.phraseCount = phraseCount
        self.concepts = concepts
        conceptCount = (concepts.max() ?? -1) + 1
        self.inverseDocumentFrequencies = inverseDocumentFrequencies
        self.averageLength = averageLength
        self.weights = weights
        frequencies = Array(repeating: 0, count: phraseCount)
        var conceptIDFs = Array(repeating: Double.infinity, count: max(conceptCount, 0))
        for (phrase, concept) in concepts.enumerated() where concept >= 0 && phrase < inverseDocumentFrequencies.count {
            conceptIDFs[concept] = min(conceptIDFs[concept], inverseDocumentFrequencies[phrase])
        }
        conceptInverseDocumentFrequencies = conceptIDFs.map { $0.isFinite ? $0 : 0 }
        conceptFrequencies = Array(repeating: 0, count: max(conceptCount, 0))
    }
}

private typealias ExtensionAPI = UnsafePointer<Fts5ExtensionApi>

private func coverageFunction(
    _ api: UnsafePointer<Fts5ExtensionApi>?, _ fts: OpaquePointer?, _ context: OpaquePointer?,
    _ argumentCount: Int32, _ arguments: UnsafeMutablePointer<OpaquePointer?>?
) {
    guard let api, let fts else { return }
    let data: CoverageQueryData
    if let stored = api.pointee.xGetAuxdata(fts, 0) {
        data = Unmanaged<CoverageQueryData>.fromOpaque(stored).takeUnretainedValue()
    } else {
        switch queryData(api, fts, argumentCount, arguments) {
        case .success(let made):
            data = made
            let code = api.pointee.xSetAuxdata(fts, Unmanaged.passRetained(made).toOpaque()) { pointer in
                if let pointer { Unmanaged<CoverageQueryData>.fromOpaque(pointer).release() }
            }
            guard code == SQLITE_OK else { sqlite3_result_error_code(context, code); return }
        case .failure(let code):
            sqlite3_result_error_code(context, code.code)
            return
        }
    }
    var instanceCount: Int32 = 0
    var code = api.pointee.xInstCount(fts, &instanceCount)
    guard code == SQLITE_OK else { sqlite3_result_error_code(context, code); return }
    let k1 = CoverageRank.k1, b = CoverageRank.b
    var matched = 0
    // The row's weighted frequency of each phrase, then of each concept (its phrases summed).
    data.frequencies.withUnsafeMutableBufferPointer { frequencies in
        for index in frequencies.indices { frequencies[index] = 0 }
        var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
        for instance in 0..<instanceCount {
            code = api.pointee.xInst(fts, instance, &phrase, &column, &offset)
            guard code == SQLITE_OK else { return }
            let weight = Int(column) < data.weights.count ? data.weights[Int(column)] : 1.0
            if Int(phrase) < frequencies.count { frequencies[Int(phrase)] += weight }
        }
        data.conceptFrequencies.withUnsafeMutableBufferPointer { conceptFrequencies in
            for index in conceptFrequencies.indices { conceptFrequencies[index] = 0 }
            for index in 0..<data.phraseCount where frequencies[index] > 0 {
                let concept = data.concepts[index]
                guard concept >= 0 else { continue }
                if conceptFrequencies[concept] == 0 { matched += 1 }
                conceptFrequencies[concept] += frequencies[index]
            }
        }
    }
    guard code == SQLITE_OK else { sqlite3_result_error_code(context, code); return }
    // A concept (a word and its thesaurus alternatives) is scored as one term, as Lucene's
    // SynonymQuery does: its phrases' frequencies summed, the document frequency of its most
    // frequent phrase. So alternatives neither add up nor lend a rare phrase's weight to a
    // common word. With one phrase a concept this is bm25 exactly.
    func score(lengthNorm: Double) -> Double {
        var score = 0.0
        for index in 0..<data.phraseCount where data.concepts[index] == -1 && data.frequencies[index] > 0 {
            let frequency = data.frequencies[index]
            score += data.inverseDocumentFrequencies[index] * (frequency * (k1 + 1)) / (frequency + lengthNorm)
        }
        for concept in 0..<data.conceptFrequencies.count where data.conceptFrequencies[concept] > 0 {
            let frequency = data.conceptFrequencies[concept]
            score += data.conceptInverseDocumentFrequencies[concept] * (frequency * (k1 + 1)) / (frequency + lengthNorm)
        }
        return Double(matched) * CoverageRank.conceptWeight + score
    }
    if let window = data.window, data.best.count >= window {
        // At length 0 the denominator is smallest: no row of this frequency scores more.
        let bound = score(lengthNorm: k1 * (1 - b))
        if bound < data.best.minimum {
            sqlite3_result_double(context, -bound)
            return
        }
    }
    var length: Int32 = 0
    code = api.pointee.xColumnSize(fts, -1, &length)
    guard code == SQLITE_OK else { sqlite3_result_error_code(context, code); return }
    let value = score(lengthNorm: k1 * (1 - b + b * Double(length) / data.averageLength))
    if let window = data.window {
        // The heap must hold distinct rows' scores: a row counted twice would lower the bar early.
        let row = api.pointee.xRowid(fts)
        if row != data.lastScoredRow {
            data.best.insert(value, keeping: window)
            data.lastScoredRow = row
        }
    }
    sqlite3_result_double(context, -value)
}

/// The largest scores seen, at most a window of them: a binary min-heap, so the smallest kept
/// (the threshold a row must beat) is read in O(1) and a better row replaces it in O(log k).
struct BestScores {
    private var heap: [Double] = []

    var count: Int { heap.count }
    /// The smallest score kept (`-infinity` when none is).
    var minimum: Double { heap.first ?? -.infinity }

    /// Adds `score` while fewer than `window` are kept; else replaces the smallest if larger.
    mutating func insert(_ score: Double, keeping window: Int) {
        if heap.count < window {
            heap.append(score)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard heap[child] < heap[parent] else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        } else if let smallest = heap.first, score > smallest {
            heap[0] = score
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smaller = parent
                if left < heap.count, heap[left] < heap[smaller] { smaller = left }
                if right < heap.count, heap[right] < heap[smaller] { smaller = right }
                guard smaller != parent else { break }
                heap.swapAt(parent, smaller)
                parent = smaller
            }
        }
    }
}

/// Reads the arguments and computes the per-query statistics bm25 needs (row count, average
/// row length, each phrase's IDF from the number of rows that hold it).
private func queryData(
    _ api: ExtensionAPI, _ fts: OpaquePointer, _ argumentCount: Int32, _ arguments: UnsafeMutablePointer<OpaquePointer?>?
) -> Result<CoverageQueryData, CoverageError> {
    let phraseCount = Int(api.pointee.xPhraseCount(fts))
    var values: [OpaquePointer?] = (0..<Int(argumentCount)).map { arguments?[$0] }
    var concepts = Array(0..<phraseCount)
    if let first = values.first, sqlite3_value_type(first) == SQLITE_TEXT {
        let text = sqlite3_value_text(first).map { String(cString: $0) } ?? ""
        let parsed = text.split(separator: " ").compactMap { Int($0) }
        if parsed.count == phraseCount { concepts = parsed.map { max($0, CoverageRank.ignored) } }
        values.removeFirst()
    }
    var known: [[Int64]] = Array(repeating: [], count: phraseCount)
    if let first = values.first, sqlite3_value_type(first) == SQLITE_TEXT {
        let text = sqlite3_value_text(first).map { String(cString: $0) } ?? ""
        let parsed = text.split(separator: " ").map { entry in entry.split(separator: "+").compactMap { Int64($0) } }
        if parsed.count == phraseCount, parsed.allSatisfy({ !$0.isEmpty }) { known = parsed.map { $0.allSatisfy { $0 >= 0 } ? $0 : [] } }
        values.removeFirst()
    }
    var window: Int?
    if let first = values.first, sqlite3_value_type(first) == SQLITE_TEXT {
        let text = sqlite3_value_text(first).map { String(cString: $0) } ?? ""
        if let rows = Int(text), rows > 0 { window = rows }
        values.removeFirst()
    }
    let weights = values.map { sqlite3_value_double($0) }
    var rowCount: Int64 = 0
    var tokenCount: Int64 = 0
    var code = api.pointee.xRowCount(fts, &rowCount)
    if code == SQLITE_OK { code = api.pointee.xColumnTotalSize(fts, -1, &tokenCount) }
    guard code == SQLITE_OK else { return .failure(CoverageError(code: code)) }
    var frequencies: [Double] = []
    for phrase in 0..<phraseCount {
        // An ignored phrase is never scored: skip its count (a read of its whole posting list).
        if concepts[phrase] == CoverageRank.ignored { frequencies.append(0); continue }
        if !known[phrase].isEmpty {
            frequencies.append(known[phrase].reduce(0) { $0 + CoverageRank.inverseDocumentFrequency(rows: Double(rowCount), documents: Double($1)) })
            continue
        }
        var hits: Int64 = 0
        do {
            code = api.pointee.xQueryPhrase(fts, Int32(phrase), &hits) { _, _, userData in
                userData!.assumingMemoryBound(to: Int64.self).pointee += 1
                return SQLITE_OK
            }
            guard code == SQLITE_OK else { return .failure(CoverageError(code: code)) }
        }
        frequencies.append(CoverageRank.inverseDocumentFrequency(rows: Double(rowCount), documents: Double(hits)))
    }
    return .success(CoverageQueryData(
        phraseCount: phraseCount, concepts: concepts, inverseDocumentFrequencies: frequencies,
        averageLength: rowCount > 0 && tokenCount > 0 ? Double(tokenCount) / Double(rowCount) : 1, weights: weights,
        window: window))
}

private struct CoverageError: Error {
    var code: Int32
}
