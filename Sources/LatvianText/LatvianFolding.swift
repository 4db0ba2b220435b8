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
public enum LatvianFolding {
    /// Lower-cased, diacritic-free NFC form of `text`.
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
        // drop every combining mark, then compose what is left.
        let decomposed = text.lowercased().decomposedStringWithCanonicalMapping
        var scalars = String.UnicodeScalarView()
        for scalar in decomposed.unicodeScalars where !isCombiningMark(scalar) {
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
