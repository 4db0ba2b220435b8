import CStemmer
import LatvianText

/// Snowball's Russian stemmer (libstemmer, Debian's `libstemmer-dev`) for the Cyrillic words of
/// a note, so that `реформа` finds "реформы" and "реформу".
///
/// It stems the word AS WRITTEN (lower-cased, й and ё kept), because Snowball's endings need
/// them (новый, -ый), and then folds й → и and ё → е in the stem as unicode61 folds the text,
/// so that an unstemmed prefix query (`рай*`, folded to `раи`) still finds the stem.
///
/// Not thread-safe (an `sb_stemmer` keeps its state between calls): one per tokenizer
/// instance, as FTS5 uses an instance from one thread at a time. `stem` allocates nothing.
struct RussianStemmer {
    private let stemmer: OpaquePointer
    /// The lower-cased word handed to Snowball.
    private let word: UnsafeMutablePointer<UInt8>

    /// Words longer than this (in UTF-8 bytes) are not stemmed.
    static let maximumLength = 128

    /// nil when libstemmer has no Russian stemmer.
    init?() {
        guard let stemmer = sb_stemmer_new("russian", "UTF_8") else { return nil }
        self.stemmer = stemmer
        word = .allocate(capacity: Self.maximumLength)
    }

    func close() {
        sb_stemmer_delete(stemmer)
        word.deallocate()
    }

    /// Whether the folded token `bytes[0..<count]` is a Cyrillic word: Cyrillic letters only
    /// (U+0400…U+04FF, two UTF-8 bytes each).
    static func isCyrillicWord(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard count >= 2, count % 2 == 0 else { return false }
        var i = 0
        while i < count {
            guard bytes[i] == 0xD0 || bytes[i] == 0xD1 || bytes[i] == 0xD2 || bytes[i] == 0xD3,
                  bytes[i + 1] & 0xC0 == 0x80 else { return false }
            i += 2
        }
        return true
    }

    /// Stems the Russian word `original[0..<count]` as written in the text (any case, possibly
    /// with invisible characters) and calls `body` with the folded stem. Returns nil, without
    /// calling `body`, when the word holds anything but Russian letters (а–я, ё) and invisible
    /// characters, or is too long.
    func withStem<R>(of original: UnsafePointer<UInt8>, count: Int, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R? {
        guard count <= Self.maximumLength else { return nil }
        word.update(from: original, count: count)
        let length = LatvianFolding.removeInvisibleCharacters(word, count: count)
        guard length >= 2, length % 2 == 0 else { return nil }
        // Lower-case in place: every letter of а…я and ё is two bytes, as are its capitals.
        var i = 0
        while i < length {
            guard word[i] == 0xD0 || word[i] == 0xD1, word[i + 1] & 0xC0 == 0x80 else { return nil }
            var scalar = (UInt32(word[i] & 0x1F) << 6) | UInt32(word[i + 1] & 0x3F)
            switch scalar {
            case 0x410...0x42F: scalar += 0x20  // А…Я → а…я
            case 0x401: scalar = 0x451  // Ё → ё
            case 0x430...0x44F, 0x451: break
            default: return nil
            }
            word[i] = UInt8(0xC0 | (scalar >> 6))
            word[i + 1] = UInt8(0x80 | (scalar & 0x3F))
            i += 2
        }
        guard let stemmed = sb_stemmer_stem(stemmer, word, Int32(length)) else { return nil }
        let stemLength = Int(sb_stemmer_length(stemmer))
        // The stem lives in Snowball's buffer until its next call: fold a copy in `word`, й → и
        // and ё → е, as unicode61 (remove_diacritics) folds the text.
        word.update(from: stemmed, count: stemLength)
        var j = 0
        while j + 1 < stemLength {
            if word[j] == 0xD0 && word[j + 1] == 0xB9 { word[j + 1] = 0xB8 }  // й → и
            if word[j] == 0xD1 && word[j + 1] == 0x91 { word[j] = 0xD0; word[j + 1] = 0xB5 }  // ё → е
            j += 2
        }
        return body(word, stemLength)
    }
}
