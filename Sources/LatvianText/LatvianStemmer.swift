/// A rule-based Latvian stemmer for folded (lower-case, diacritic-free) words.
///
/// It removes the inflection of nouns (all six declensions), adjectives (indefinite
/// and definite), verbs (present, past, future, imperative, infinitive, conditional,
/// -ot/-dams gerunds, reflexive forms) and verbal nouns (-šana, -šanās, which keep
/// their -šan- stem), and normalises j-extended stems (-āj-, -ēj-, -oj-), the consonant
/// alternations that survive diacritic folding (labial + j, k/c, g/dz) and the stem
/// changes of common 1st-conjugation verbs (tiek/tika/tiks, kļūst/kļuva, atrod/atrada),
/// with their verbal prefixes. The rules are data: see `LatvianStemmerRules`.
///
/// Measured with `eval/latvian/conflation_eval.py`: recall 0.950 (macro), 0.916
/// (micro), merged lemmas 0.029, Lucene test vectors 0.991. Reflexive -oties/-ēties
/// verbs keep their theme vowel (ilgoties → ilgo, spēlēties → spele), apart from the
/// noun or adjective of the same root (ilgs → ilg, spēle → spel); -ija nouns keep -ij-
/// (Krievija → krievij, krievs → kriev).
///
/// Words of three letters or fewer, and words with anything but the letters a–z
/// (digits, upper case, non-ASCII such as Cyrillic) are returned unchanged. A stem keeps
/// at least three letters and one vowel.
///
/// The byte API is the hot path of the full-text tokenizer: it allocates nothing and
/// works in place. The `String` API folds first, so `stem("pašvaldību")` and
/// `stem("pasvaldibu")` agree.
public enum LatvianStemmer {
    /// Stems the folded lower-case ASCII word in `word[0..<count]` in place and returns
    /// the length of the stem. The result is never longer than `count` (rules may
    /// rewrite the last bytes, e.g. teikt → teic, beigt → beidz, but never lengthen the
    /// word), so any buffer with `word.count >= count` is large enough; nothing at or
    /// past `word[count]` is read or written. Allocation-free; safe to call from any
    /// thread (the rule tables are built once, on first use, and then only read).
    ///
    /// Words of ≤ 3 bytes, and words with a byte outside `a`…`z`, are left unchanged.
    public static func stem(_ word: UnsafeMutableBufferPointer<UInt8>, count: Int) -> Int {
        guard count > 3, count <= word.count, let base = word.baseAddress else { return count }
        var firstVowel = -1
        for i in 0..<count {
            let letter = base[i] &- 0x61 // 'a'
            guard letter < 26 else { return count }
            if firstVowel < 0 && (vowelMask >> UInt32(letter)) & 1 != 0 { firstVowel = i }
        }
        guard firstVowel >= 0 else { return count }
        let tables = compiledTables
        var length = count
        if !tables.exceptions.containsWord(base, count) {
            length = tables.inflections.apply(base, count, firstVowel: firstVowel)
            length = tables.jExtensions.apply(base, length, firstVowel: firstVowel)
            length = tables.alternations.apply(base, length, firstVowel: firstVowel)
        }
        return tables.verbRoots.apply(base, length, wordLength: count)
    }

    /// Folds `word` (lower case, no diacritics) and stems it. Used by tests and the CLI;
    /// the tokenizer calls the byte API.
    public static func stem(_ word: String) -> String {
        let folded = LatvianFolding.fold(word)
        var bytes = Array(folded.utf8)
        let count = bytes.count
        let length = bytes.withUnsafeMutableBufferPointer { stem($0, count: count) }
        return String(decoding: bytes[..<length], as: UTF8.self)
    }

    /// a e i o u (`LatvianStemmerRules.vowels`) as letter bits; a literal, so reading it
    /// costs no lazy-initialisation check.
    static let vowelMask: UInt32 = 1 << 0 | 1 << 4 | 1 << 8 | 1 << 14 | 1 << 20
}

// MARK: - Compiled rule tables

/// The rule tables, compiled once on first use (one lazy global, so the hot path pays a
/// single initialisation check and no reference counting).
private let compiledTables = CompiledTables()

private struct CompiledTables: Sendable {
    let exceptions = CompiledRules(LatvianStemmerRules.exceptions.map {
        SuffixRule(suffix: $0, replacement: $0, after: nil, minStem: 0)
    })
    let inflections = CompiledRules(LatvianStemmerRules.inflections)
    let jExtensions = CompiledRules(LatvianStemmerRules.jExtensions)
    let alternations = CompiledRules(LatvianStemmerRules.alternations)
    let verbRoots = CompiledRoots(LatvianStemmerRules.verbRoots, prefixes: LatvianStemmerRules.verbPrefixes)
}

/// Bit `i` set for each letter `"a" + i` in `letters`.
func letterMask(_ letters: String) -> UInt32 {
    var mask: UInt32 = 0
    for byte in letters.utf8 where byte >= 0x61 && byte <= 0x7A { mask |= 1 << UInt32(byte - 0x61) }
    return mask
}

/// A copy of `values` that is never freed: the compiled tables are built once and live as long
/// as the process, and raw pointers keep reference counting off the hot path.
private func permanentCopy<T>(_ values: [T]) -> UnsafePointer<T> {
    let storage = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
    storage.initialize(from: values, count: values.count)
    return UnsafePointer(storage)
}

/// The last (up to) eight letters of `base[0..<count]`, the last one in the lowest byte: what
/// the packed suffixes are compared with.
@inline(__always)
private func wordTail(_ base: UnsafeMutablePointer<UInt8>, _ count: Int) -> UInt64 {
    if count >= 8 {
        return UInt64(bigEndian: UnsafeRawPointer(base + (count - 8)).loadUnaligned(as: UInt64.self))
    }
    var tail: UInt64 = 0
    for i in 0..<count { tail |= UInt64(base[count - 1 - i]) << UInt64(8 * i) }
    return tail
}

/// A rule packed into integers, so that matching needs no allocation or reference counting.
private struct PackedRule {
    /// Suffix bytes, last letter in the lowest byte (compared with the word's tail).
    var suffix: UInt64
    /// Covers the suffix's `length` low bytes.
    var mask: UInt64
    /// Replacement bytes, first letter in the lowest byte.
    var replacement: UInt64
    /// Letters allowed before the suffix (bit per letter).
    var after: UInt32
    var length: UInt8
    var replacementLength: UInt8
    var minStem: UInt8
}

/// A rule table bucketed by the last two letters of the suffix (one-letter suffixes are
/// listed in all 26 buckets of their letter). Within a bucket the longest suffix comes
/// first and equal lengths keep table order, so the first rule that applies is the
/// longest. The storage is allocated once and lives as long as the process.
private struct CompiledRules: @unchecked Sendable {
    private let rules: UnsafePointer<PackedRule>
    /// Rules for the word ending "xy" are `rules[bucketStart[k] ..< bucketStart[k + 1]]`
    /// with `k = (x - "a") * 26 + (y - "a")`.
    private let bucketStart: UnsafePointer<Int32>

    init(_ table: [SuffixRule]) {
        var buckets = [[(order: Int, rule: PackedRule)]](repeating: [], count: 26 * 26)
        for (order, rule) in table.enumerated() {
            let suffix = Array(rule.suffix.utf8)
            let replacement = Array(rule.replacement.utf8)
            precondition(!suffix.isEmpty && suffix.count <= 8 && replacement.count <= suffix.count
                         && (suffix + replacement).allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
                         && (rule.minStem >= 2 || rule.suffix == rule.replacement),
                         "bad Latvian stemmer rule \(rule.suffix) → \(rule.replacement)")
            var packed = PackedRule(suffix: 0, mask: 0, replacement: 0,
                                    after: rule.after.map(letterMask) ?? (1 << 26) - 1,
                                    length: UInt8(suffix.count), replacementLength: UInt8(replacement.count),
                                    minStem: UInt8(rule.minStem))
            for (i, byte) in suffix.reversed().enumerated() {
                packed.suffix |= UInt64(byte) << UInt64(8 * i)
                packed.mask |= 0xFF << UInt64(8 * i)
            }
            for (i, byte) in replacement.enumerated() { packed.replacement |= UInt64(byte) << UInt64(8 * i) }
            let last = Int(suffix[suffix.count - 1] - 0x61)
            if suffix.count >= 2 {
                buckets[Int(suffix[suffix.count - 2] - 0x61) * 26 + last].append((order, packed))
            } else {
                for before in 0..<26 { buckets[before * 26 + last].append((order, packed)) }
            }
        }
        var rules: [PackedRule] = []
        var bucketStart: [Int32] = []
        for bucket in buckets {
            bucketStart.append(Int32(rules.count))
            rules += bucket.sorted { ($0.rule.length, -$0.order) > ($1.rule.length, -$1.order) }.map(\.rule)
        }
        bucketStart.append(Int32(rules.count))
        self.rules = permanentCopy(rules)
        self.bucketStart = permanentCopy(bucketStart)
    }

    /// Whether `base[0..<count]` is one of the table's suffixes as a whole word.
    func containsWord(_ base: UnsafeMutablePointer<UInt8>, _ count: Int) -> Bool {
        guard count >= 2, count <= 8 else { return false }
        let bucket = Int(base[count - 2] &- 0x61) &* 26 &+ Int(base[count - 1] &- 0x61)
        var index = Int(bucketStart[bucket])
        let end = Int(bucketStart[bucket + 1])
        guard index < end else { return false }
        let tail = wordTail(base, count)
        while index < end {
            if Int(rules[index].length) == count && rules[index].suffix == tail { return true }
            index += 1
        }
        return false
    }

    /// Applies the first (longest) matching rule to `base[0..<count]`, a word of a–z
    /// letters whose first vowel is at `firstVowel`; returns the new length.
    @inline(__always)
    func apply(_ base: UnsafeMutablePointer<UInt8>, _ count: Int, firstVowel: Int) -> Int {
        guard count >= 2 else { return count }
        let bucket = Int(base[count - 2] &- 0x61) &* 26 &+ Int(base[count - 1] &- 0x61)
        var index = Int(bucketStart[bucket])
        let end = Int(bucketStart[bucket + 1])
        guard index < end else { return count }
        let tail = wordTail(base, count)
        while index < end {
            let rule = rules[index]
            index += 1
            let length = Int(rule.length)
            guard length < count, tail & rule.mask == rule.suffix else { continue }
            let stemLength = count - length
            guard stemLength >= Int(rule.minStem), firstVowel < stemLength else { continue }
            let before = UInt32(base[stemLength - 1] &- 0x61)
            guard (rule.after >> before) & 1 != 0 else { continue }
            var replacement = rule.replacement
            for i in 0..<Int(rule.replacementLength) {
                base[stemLength + i] = UInt8(truncatingIfNeeded: replacement)
                replacement >>= 8
            }
            return stemLength + Int(rule.replacementLength)
        }
        return count
    }
}

/// The verb-root table (`LatvianStemmerRules.verbRoots`) packed for the hot path: each
/// variant is a suffix rule bucketed like `CompiledRules`, with the prefixes it may follow.
private struct CompiledRoots: @unchecked Sendable {
    private struct PackedRoot {
        var suffix: UInt64
        var mask: UInt64
        var replacement: UInt64
        var length: UInt8
        var replacementLength: UInt8
        var needsPrefix: Bool
        /// `prefixes[prefixStart ..< prefixEnd]`: the prefixes allowed before the variant.
        var prefixStart: Int32
        var prefixEnd: Int32
    }

    private let rules: UnsafePointer<PackedRoot>
    private let bucketStart: UnsafePointer<Int32>
    /// Prefixes packed first letter in the lowest byte (so no two are equal).
    private let prefixes: UnsafePointer<UInt64>
    /// Per bucket, the letters that may stand third from the end of a matching stem: a
    /// cheap test that keeps most stems out of the rule loop.
    private let thirdLetters: UnsafePointer<UInt32>

    init(_ table: [VerbRoot], prefixes standard: [String]) {
        func pack(_ text: String) -> UInt64 {
            var value: UInt64 = 0
            for (i, byte) in text.utf8.enumerated() { value |= UInt64(byte) << UInt64(8 * i) }
            return value
        }
        var prefixList: [UInt64] = []
        var prefixRanges: [String: (Int32, Int32)] = [:]
        func range(_ list: [String]) -> (Int32, Int32) {
            let key = list.joined(separator: " ")
            if let known = prefixRanges[key] { return known }
            let start = Int32(prefixList.count)
            for prefix in list {
                precondition(!prefix.isEmpty && prefix.utf8.count <= 8
                             && prefix.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }, "bad prefix \(prefix)")
                prefixList.append(pack(prefix))
            }
            let result = (start, Int32(prefixList.count))
            prefixRanges[key] = result
            return result
        }
        let allLetters: UInt32 = (1 << 26) - 1
        var buckets = [[PackedRoot]](repeating: [], count: 26 * 26)
        var thirdLetters = [UInt32](repeating: 0, count: 26 * 26)
        for root in table {
            let replacement = Array(root.canonical.utf8)
            let allowed = range(root.prefixes ?? standard)
            for variant in root.variants {
                let suffix = Array(variant.text.utf8)
                precondition(!suffix.isEmpty && suffix.count <= 8 && replacement.count <= 8
                             && (suffix + replacement).allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
                             && (variant.needsPrefix || suffix.count >= 3),
                             "bad Latvian verb root \(variant.text) → \(root.canonical)")
                var packed = PackedRoot(suffix: 0, mask: 0, replacement: pack(root.canonical),
                                        length: UInt8(suffix.count), replacementLength: UInt8(replacement.count),
                                        needsPrefix: variant.needsPrefix, prefixStart: allowed.0, prefixEnd: allowed.1)
                for (i, byte) in suffix.reversed().enumerated() {
                    packed.suffix |= UInt64(byte) << UInt64(8 * i)
                    packed.mask |= 0xFF << UInt64(8 * i)
                }
                // Bucket by the stem's last two letters; note the letters that can come
                // third from the end (the variant's, or a prefix's when it is shorter).
                let allowedPrefixes = (root.prefixes ?? standard).map { Array($0.utf8) }
                let letters = suffix.map { Int($0 - 0x61) }
                var places: [(bucket: Int, third: UInt32)] = []
                switch letters.count {
                case 1:
                    for prefix in allowedPrefixes {
                        let n = prefix.count
                        places.append((Int(prefix[n - 1] - 0x61) * 26 + letters[0],
                                       n >= 2 ? 1 << UInt32(prefix[n - 2] - 0x61) : allLetters))
                    }
                case 2:
                    let third = variant.needsPrefix
                        ? allowedPrefixes.reduce(UInt32(0)) { $0 | 1 << UInt32($1[$1.count - 1] - 0x61) }
                        : allLetters
                    places.append((letters[0] * 26 + letters[1], third))
                default:
                    let n = letters.count
                    places.append((letters[n - 2] * 26 + letters[n - 1], 1 << UInt32(letters[n - 3])))
                }
                for place in places {
                    buckets[place.bucket].append(packed)
                    thirdLetters[place.bucket] |= place.third
                }
            }
        }
        var rules: [PackedRoot] = []
        var bucketStart: [Int32] = []
        for bucket in buckets {
            bucketStart.append(Int32(rules.count))
            rules += bucket.sorted { $0.length > $1.length }
        }
        bucketStart.append(Int32(rules.count))
        self.thirdLetters = permanentCopy(thirdLetters)
        self.rules = permanentCopy(rules)
        self.bucketStart = permanentCopy(bucketStart)
        self.prefixes = permanentCopy(prefixList)
    }

    /// If the stem `base[0..<count]` is a listed verb-root variant, alone or after an
    /// allowed prefix, rewrites it to the root's canonical form (never past `wordLength`,
    /// the length of the word the stem came from) and returns the new length.
    @inline(__always)
    func apply(_ base: UnsafeMutablePointer<UInt8>, _ count: Int, wordLength: Int) -> Int {
        guard count >= 3 else { return count }
        // One table load and bit test rejects almost every stem (an empty bucket has no
        // third letters).
        let bucket = Int(base[count - 2] &- 0x61) &* 26 &+ Int(base[count - 1] &- 0x61)
        guard (thirdLetters[bucket] >> UInt32(base[count - 3] &- 0x61)) & 1 != 0 else { return count }
        return match(base, count, wordLength: wordLength, bucket: bucket)
    }

    /// The rule loop of `apply`, out of line so that the common path stays small.
    @inline(never)
    private func match(_ base: UnsafeMutablePointer<UInt8>, _ count: Int, wordLength: Int, bucket: Int) -> Int {
        var index = Int(bucketStart[bucket])
        let end = Int(bucketStart[bucket + 1])
        let tail = wordTail(base, count)
        while index < end {
            let rule = rules[index]
            index += 1
            let length = Int(rule.length)
            guard length <= count, tail & rule.mask == rule.suffix else { continue }
            let prefixLength = count - length
            if prefixLength == 0 {
                guard !rule.needsPrefix else { continue }
            } else {
                guard prefixLength <= 8 else { continue }
                var prefix: UInt64 = 0
                for i in 0..<prefixLength { prefix |= UInt64(base[i]) << UInt64(8 * i) }
                var found = false
                var p = Int(rule.prefixStart)
                while p < Int(rule.prefixEnd) {
                    if prefixes[p] == prefix { found = true; break }
                    p += 1
                }
                guard found else { continue }
            }
            let newLength = prefixLength + Int(rule.replacementLength)
            guard newLength <= wordLength else { continue }
            var replacement = rule.replacement
            for i in 0..<Int(rule.replacementLength) {
                base[prefixLength + i] = UInt8(truncatingIfNeeded: replacement)
                replacement >>= 8
            }
            return newLength
        }
        return count
    }
}
