import Foundation

/// Case and diacritic folding for Latvian text.
///
/// `fold` lower-cases, composes (NFC) and removes diacritics, so that a query typed
/// without Latvian letters (`pasvaldibu`) and the same word written properly
/// (`Pašvaldību`) become one token:
///
///     ā→a  č→c  ē→e  ģ→g  ī→i  ķ→k  ļ→l  ņ→n  š→s  ū→u  ž→z   (and Ā Č Ē … Ž)
///
/// Other letters lose their combining marks too (é→e, ö→o, й→и), which is what
/// SQLite's `unicode61` tokenizer does with `remove_diacritics 2` and what the
/// evaluation scripts do (NFD, drop combining marks, NFC).
///
/// Invisible characters (`invisibleCharacters`: the soft hyphen and the zero-width ones) are
/// removed, so `pašval\u{AD}dība` folds as `pasvaldiba`.
public enum LatvianFolding {
    /// Characters that may sit inside a word without being seen: U+00AD SOFT HYPHEN (a
    /// hyphenation hint), U+200B ZERO WIDTH SPACE, U+200C ZERO WIDTH NON-JOINER, U+200D ZERO
    /// WIDTH JOINER, U+2060 WORD JOINER and U+FEFF ZERO WIDTH NO-BREAK SPACE (a byte-order mark
    /// inside text). All are Unicode format characters (Cf), which SQLite's unicode61 would
    /// otherwise read as word separators.
    public static let invisibleCharacters: [Unicode.Scalar] = ["\u{AD}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}"]

    /// Removes `invisibleCharacters` from the UTF-8 text in `bytes[0..<count]`, in place, and
    /// returns the new length. Allocation-free; bytes that are not valid UTF-8 are kept as they are.
    public static func removeInvisibleCharacters(_ bytes: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var read = 0
        var write = 0
        while read < count {
            let byte = bytes[read]
            // U+00AD is C2 AD; U+200B…U+200D are E2 80 8B…8D; U+2060 is E2 81 A0; U+FEFF is EF BB BF.
            var invisibleLength = 0
            if byte == 0xC2, read + 1 < count, bytes[read + 1] == 0xAD {
                invisibleLength = 2
            } else if byte == 0xE2, read + 2 < count {
                let second = bytes[read + 1], third = bytes[read + 2]
                if (second == 0x80 && third >= 0x8B && third <= 0x8D) || (second == 0x81 && third == 0xA0) { invisibleLength = 3 }
            } else if byte == 0xEF, read + 2 < count, bytes[read + 1] == 0xBB, bytes[read + 2] == 0xBF {
                invisibleLength = 3
            }
            if invisibleLength > 0 {
                read += invisibleLength
            } else {
                bytes[write] = byte
                write += 1
                read += 1
            }
        }
        return write
    }

    /// Lower-cased, diacritic-free NFC form of `text`, without invisible characters.
    public static func fold(_ text: String) -> String {
        // Fast path: ASCII needs only lower-casing.
        var isASCII = true
        var hasUpper = false
        for byte in text.utf8 {
            if byte >= 0x80 { isASCII = false; break }
            if byte >= 0x41 && byte <= 0x5A { hasUpper = true }
        }
        if isASCII {
            guard hasUpper else { return text }
            return String(decoding: text.utf8.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        // Lower-case first (so e.g. "İ" → "i̇" loses its dot below), then decompose and
        // drop every combining mark and invisible character, then compose what is left.
        let decomposed = text.lowercased().decomposedStringWithCanonicalMapping
        var scalars = String.UnicodeScalarView()
        for scalar in decomposed.unicodeScalars where !isCombiningMark(scalar) && !invisibleCharacters.contains(scalar) {
            scalars.append(scalar)
        }
        return String(scalars).precomposedStringWithCanonicalMapping
    }

    /// A mark that NFD splits off a base letter (canonical combining class ≠ 0),
    /// the same test as Python's `unicodedata.combining(c)`.
    @inline(__always)
    static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.canonicalCombiningClass.rawValue != 0
    }
}
