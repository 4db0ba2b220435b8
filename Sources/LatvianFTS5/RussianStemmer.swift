import CStemmer

/// Snowball's Russian stemmer (libstemmer, Debian's `libstemmer-dev`) for the Cyrillic words of
/// a note, so that `реформа` finds "реформы" and "реформу".
///
/// It stems the token as unicode61 hands it over: lower-cased, with й and ё kept (unicode61's
/// diacritic removal covers Latin letters only), which is what Snowball's endings expect
/// (новый, -ый) and what an unstemmed prefix query (`рай*`) is compared with.
///
/// Not thread-safe (an `sb_stemmer` keeps its state between calls): one per tokenizer
/// instance, as FTS5 uses an instance from one thread at a time. `stem` allocates nothing.
struct RussianStemmer {
    private let stemmer: OpaquePointer

    /// nil when libstemmer has no Russian stemmer.
    init?() {
        guard let stemmer = sb_stemmer_new("russian", "UTF_8") else { return nil }
        self.stemmer = stemmer
    }

    func close() {
        sb_stemmer_delete(stemmer)
    }

    /// Whether the token `bytes[0..<count]` is a lower-case Russian word: the letters а…я and ё
    /// (U+0430…U+044F, U+0451), two UTF-8 bytes each, and nothing else.
    static func isRussianWord(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard count >= 2, count % 2 == 0 else { return false }
        var i = 0
        while i < count {
            let scalar = (UInt32(bytes[i]) << 8) | UInt32(bytes[i + 1])
            // а…п is D0 B0…D0 BF, р…я is D1 80…D1 8F, ё is D1 91.
            guard (0xD0B0...0xD0BF).contains(scalar) || (0xD180...0xD18F).contains(scalar) || scalar == 0xD191 else { return false }
            i += 2
        }
        return true
    }

    /// Calls `body` with the stem of the Russian word `word[0..<count]` (see `isRussianWord`),
    /// which lives in Snowball's buffer until the next call.
    func withStem<R>(of word: UnsafePointer<UInt8>, count: Int, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R? {
        guard let stem = sb_stemmer_stem(stemmer, word, Int32(count)) else { return nil }  // nil: out of memory
        return body(stem, Int(sb_stemmer_length(stemmer)))
    }
}
