/// Compounds with a productive prefix, for INDEX-time splitting: a document word such as
/// `pretkorupcijas` is also indexed under the stem of its base word (`korupcijas` → korupcij),
/// colocated, so that a search for `korupcija` finds it. The word's own stem is unchanged.
///
/// The prefixes are those that form nouns and adjectives whose meaning contains the base word's
/// (Latvian word formation: prefixal compounds of place, time, degree and relation):
///
/// - `pret-` against (pretkorupcijas), `starp-` between (starpvalstu, starpnozaru),
///   `pār-` across (pārrobežu), `ārpus-` outside (ārpusskolas), `apakš-` sub- (apakškomiteja),
///   `līdz-` co- (līdzfinansējums, līdzdalība), `kop-` joint (kopprojekts, kopsapulce),
///   `daudz-` multi- (daudzdzīvokļu, daudzfunkcionāls), `vis-` most (vislabākais),
///   `pus-` half (pusgads), `jaun-` newly (jaunievēlētais, jaundibināts).
///
/// Left out on purpose: `ne-` and `bez-` negate their base word (neatkarīgs, bezdarbs), so a
/// search for the base word should not find them; `pie-`, `priekš-` and `paš-` have formed
/// common words whose remainder is an unrelated word (piemērs/mērs, pielikums/likums,
/// priekšlikums, pašvaldība/valdība), which would flood the searches for those words.
///
/// Folding makes `pār-` read as `par` (partneris, parlaments): such false splits leave a
/// remainder that is no word (tneris, laments) and only cost a token in the index.
///
/// Cost, measured on the bench's 10,000 generated notes: the FTS index 1.007× as large, the
/// load about 1.05× as long (FTS5 'rebuild' with and without `compounds 0`: 1.04–1.06×).
public enum LatvianCompounds {
    /// A productive prefix and what its base word must look like.
    public struct Prefix: Sendable {
        /// Folded letters: `par` is pār-, `lidz` līdz-.
        public var letters: String
        /// The shortest base word, in letters: keeps whole the short words that merely begin
        /// with the prefix's letters (visas, pusē, jaunums).
        public var minimumBaseLength: Int
        /// The base word must begin with a consonant: words that begin with the letters of
        /// these prefixes and go on with a vowel are almost never compounds (paraksts, paredzēt,
        /// pretenzija, kopiena, kopīgs, līdzekļi, līdzīgs, daudzums).
        public var baseStartsWithConsonant: Bool
    }

    public static let prefixes: [Prefix] = [
        Prefix(letters: "pret", minimumBaseLength: 5, baseStartsWithConsonant: true),
        Prefix(letters: "par", minimumBaseLength: 5, baseStartsWithConsonant: true),
        Prefix(letters: "kop", minimumBaseLength: 5, baseStartsWithConsonant: true),
        Prefix(letters: "lidz", minimumBaseLength: 5, baseStartsWithConsonant: true),
        Prefix(letters: "daudz", minimumBaseLength: 4, baseStartsWithConsonant: true),
        Prefix(letters: "starp", minimumBaseLength: 4, baseStartsWithConsonant: false),
        Prefix(letters: "arpus", minimumBaseLength: 4, baseStartsWithConsonant: false),
        Prefix(letters: "apaks", minimumBaseLength: 4, baseStartsWithConsonant: false),
        Prefix(letters: "jaun", minimumBaseLength: 5, baseStartsWithConsonant: false),
        Prefix(letters: "vis", minimumBaseLength: 6, baseStartsWithConsonant: false),
        Prefix(letters: "pus", minimumBaseLength: 4, baseStartsWithConsonant: false),
    ]

    /// Where the base word of a compound starts in the folded word `word[0..<count]`: the
    /// length of its prefix, or 0 when the word is not split. A split needs a listed prefix,
    /// a base word as the prefix asks (length, first letter), a vowel in the base word and
    /// only the letters a–z. Allocation-free (the index tokenizer calls it for every word).
    public static func baseWordStart(_ word: UnsafePointer<UInt8>, count: Int) -> Int {
        guard count >= 7 else { return 0 }  // no shorter word has a prefix and its base (pus + 4)
        let table = compiledPrefixes
        // One bit test rejects the words that begin with no prefix's first letter.
        let first = word[0] &- 0x61
        guard first < 26, (table.firstLetters >> UInt32(first)) & 1 != 0 else { return 0 }
        var head: UInt64 = 0  // the first eight letters, the first one in the lowest byte
        for i in 0..<min(count, 8) { head |= UInt64(word[i]) << UInt64(8 * i) }
        for index in 0..<table.count {
            let entry = table.entries[index]
            guard head & entry.mask == entry.letters, count - entry.length >= entry.minimumBaseLength else { continue }
            if entry.baseStartsWithConsonant {
                let first = word[entry.length] &- 0x61
                guard first < 26, (LatvianStemmer.vowelMask >> UInt32(first)) & 1 == 0 else { return 0 }
            }
            var hasVowel = false
            for i in entry.length..<count {
                let letter = word[i] &- 0x61
                guard letter < 26 else { return 0 }
                if (LatvianStemmer.vowelMask >> UInt32(letter)) & 1 != 0 { hasVowel = true }
            }
            return hasVowel ? entry.length : 0
        }
        return 0
    }

    /// `baseWordStart` for a `String` (folds first): the base word, or nil. For tests and tools.
    public static func baseWord(of word: String) -> String? {
        var bytes = Array(LatvianFolding.fold(word).utf8)
        let start = bytes.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { baseWordStart($0, count: buffer.count) } ?? 0 }
        guard start > 0 else { return nil }
        bytes.removeFirst(start)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The prefixes packed into integers, longest first (so `arpus` is tried before a shorter
/// prefix); built once and never freed, so the hot path needs no reference counting.
private struct CompiledPrefixes: @unchecked Sendable {
    struct Entry {
        /// The prefix's letters, the first one in the lowest byte.
        var letters: UInt64
        /// Covers the prefix's `length` low bytes.
        var mask: UInt64
        var length: Int
        var minimumBaseLength: Int
        var baseStartsWithConsonant: Bool
    }

    let entries: UnsafePointer<Entry>
    let count: Int
    /// Bit `i` set for each letter `"a" + i` that begins a prefix.
    let firstLetters: UInt32

    init(_ prefixes: [LatvianCompounds.Prefix]) {
        let sorted = prefixes.sorted { $0.letters.utf8.count > $1.letters.utf8.count }.map { prefix in
            let bytes = Array(prefix.letters.utf8)
            precondition(!bytes.isEmpty && bytes.count <= 8 && bytes.allSatisfy { $0 >= 0x61 && $0 <= 0x7A },
                         "bad compound prefix \(prefix.letters)")
            var entry = Entry(letters: 0, mask: 0, length: bytes.count, minimumBaseLength: prefix.minimumBaseLength,
                              baseStartsWithConsonant: prefix.baseStartsWithConsonant)
            for (i, byte) in bytes.enumerated() {
                entry.letters |= UInt64(byte) << UInt64(8 * i)
                entry.mask |= 0xFF << UInt64(8 * i)
            }
            return entry
        }
        let storage = UnsafeMutablePointer<Entry>.allocate(capacity: sorted.count)
        storage.initialize(from: sorted, count: sorted.count)
        entries = UnsafePointer(storage)
        count = sorted.count
        firstLetters = letterMask(String(prefixes.compactMap { $0.letters.first }))
    }
}

private let compiledPrefixes = CompiledPrefixes(LatvianCompounds.prefixes)
