import LatvianText

/// "Did you mean …": the known names closest to a mistyped one, by edit distance.
///
/// Names are compared folded (`LatvianFolding.fold`: lower case, no diacritics), so
/// "macibu vizites" is 0 edits from "Mācību vizītes". The distance is Levenshtein's (insert,
/// delete or replace one character), computed on at most `maximumLength` characters of each
/// side with a cut-off: a row whose every cell exceeds the bound stops early, so one comparison
/// costs at most `maximumLength` × (bound × 2 + 1) cells and a look-up is linear in the number
/// of candidates.
public enum NearestNames {
    /// Characters of each name compared; longer names are cut (a typo is found in its start).
    public static let maximumLength = 64

    /// The edit distance between `a` and `b` (both compared as given, not folded), or nil when
    /// it is more than `bound`. Work: at most `min(a, maximumLength)` rows of `2 × bound + 1` cells.
    public static func distance(_ a: String, _ b: String, bound: Int) -> Int? {
        var cells = 0
        return distance(a, b, bound: bound, cells: &cells)
    }

    /// `distance(_:_:bound:)`, adding the cells it computed to `cells` (the doubling test's count).
    static func distance(_ a: String, _ b: String, bound: Int, cells: inout Int) -> Int? {
        let left = Array(a.unicodeScalars.prefix(maximumLength))
        let right = Array(b.unicodeScalars.prefix(maximumLength))
        if abs(left.count - right.count) > bound { return nil }
        if left.isEmpty { return right.count <= bound ? right.count : nil }
        if right.isEmpty { return left.count <= bound ? left.count : nil }
        let infinity = bound + 1
        var previous = [Int](repeating: infinity, count: right.count + 1)
        var current = previous
        for column in 0...min(right.count, bound) { previous[column] = column }
        for row in 1...left.count {
            // Only the band |row - column| <= bound can stay within the bound.
            let low = max(1, row - bound), high = min(right.count, row + bound)
            current[0] = row <= bound ? row : infinity
            if low > 1 { current[low - 1] = infinity }
            var best = current[0]
            if low <= high {
                cells += high - low + 1
                for column in low...high {
                    let replace = previous[column - 1] + (left[row - 1] == right[column - 1] ? 0 : 1)
                    let delete = previous[column] + 1
                    let insert = current[column - 1] + 1
                    current[column] = min(replace, delete, insert, infinity)
                    best = min(best, current[column])
                }
            }
            if high < right.count { current[high + 1] = infinity }
            if best > bound { return nil }
            swap(&previous, &current)
        }
        let result = previous[right.count]
        return result <= bound ? result : nil
    }

    /// The default bound for `given`: a third of its length, at least 1 and at most 3 — a typo
    /// or two in a word, not a different word.
    public static func bound(for given: String) -> Int {
        min(3, max(1, given.unicodeScalars.count / 3))
    }

    /// Up to `limit` of `candidates` nearest to `given` (folded), nearest first (ties keep the
    /// candidates' order); a candidate that starts with the folded `given` (3 characters or
    /// more) counts as near too. Each candidate is `(key, names)`: the key is what is returned,
    /// the names what is compared (a topic's slug and its names).
    public static func suggest<Key>(_ given: String, among candidates: [(key: Key, names: [String])],
                                    limit: Int = 3) -> [Key] {
        var cells = 0
        return suggest(given, among: candidates, limit: limit, cells: &cells)
    }

    /// `suggest(_:among:limit:)`, adding the distance cells computed to `cells`.
    static func suggest<Key>(_ given: String, among candidates: [(key: Key, names: [String])],
                             limit: Int, cells: inout Int) -> [Key] {
        let folded = LatvianFolding.fold(given)
        let bound = bound(for: folded)
        var scored: [(distance: Int, order: Int, key: Key)] = []
        for (order, candidate) in candidates.enumerated() {
            var nearest: Int?
            for name in candidate.names {
                let other = LatvianFolding.fold(name)
                var distance = Self.distance(folded, other, bound: bound, cells: &cells)
                if distance == nil, folded.unicodeScalars.count >= 3, other.hasPrefix(folded) { distance = bound }
                if let distance { nearest = min(nearest ?? distance, distance) }
            }
            if let nearest { scored.append((nearest, order, candidate.key)) }
        }
        scored.sort { ($0.distance, $0.order) < ($1.distance, $1.order) }
        return scored.prefix(limit).map(\.key)
    }

    /// Up to `limit` of `names` nearest to `given`; see `suggest(_:among:limit:)`.
    public static func suggest(_ given: String, among names: [String], limit: Int = 3) -> [String] {
        suggest(given, among: names.map { (key: $0, names: [$0]) }, limit: limit)
    }
}
