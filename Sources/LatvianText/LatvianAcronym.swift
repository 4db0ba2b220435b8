/// Acronyms as written: `VARAM`, `LPS`, `ĀM`, `CEMR`. The index keeps them unstemmed, because
/// stemming reads them as Latvian words (`VARAM` → `var`, "can"), and case is gone after folding.
///
/// The rule works on the word's UTF-8 bytes as written, before folding, without allocating (the
/// tokenizer asks it for every word): at least one capital A–Z, no small letter (a–z or a
/// Latvian small letter with a diacritic: ā č ē ģ ī ķ ļ ņ š ū ž), at least two letters, at most
/// 12 bytes. `Rīga`, `ES-fondi` (one word each side of the hyphen: `ES` is an acronym), `2018`
/// and `rīga` are not acronyms; `ES`, `ĀM`, `VARAM`, `NVO` are.
public enum LatvianAcronym {
    public static let maximumBytes = 12
    /// From this many bytes (folded) a query word in capitals is also searched as a word: the
    /// field's acronyms are two to five letters (ES, LPS, CEMR, VARAM); `PAŠVALDĪBU` is a word
    /// typed in capitals.
    public static let queryWordLength = 6

    /// Whether the `count` bytes at `bytes` (one word's UTF-8 as written) are an acronym.
    public static func isAcronym(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard count >= 2, count <= maximumBytes else { return false }
        var capitals = 0
        var letters = 0
        var index = 0
        while index < count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                capitals += 1
                letters += 1
                index += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                return false
            case 0xC4, 0xC5:
                // Latvian letters with diacritics are two bytes, U+0100–U+017F: even code points
                // are capitals (Ā = C4 80), odd ones small (ā = C4 81).
                guard index + 1 < count else { return false }
                if bytes[index + 1] & 1 == 1 { return false }
                letters += 1
                index += 2
            case 0x80...0xFF:
                return false  // another script or symbol: leave the word to the stemmers
            default:
                index += 1  // digits and the like
            }
        }
        return capitals >= 1 && letters >= 2
    }

    /// `isAcronym` for a Swift string (tests, callers outside the tokenizer).
    public static func isAcronym(_ word: String) -> Bool {
        var utf8 = Array(word.utf8)
        return utf8.withUnsafeMutableBufferPointer { isAcronym($0.baseAddress!, count: $0.count) }
    }
}
