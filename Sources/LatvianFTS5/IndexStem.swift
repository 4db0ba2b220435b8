import Foundation
import LatvianText

/// A word's stem exactly as the `latvian` tokenizer indexes it, for code that compares words
/// outside FTS5 (thesaurus keys, `pieredze analyze --stem`): a Russian word (lower-cased
/// Cyrillic) through Snowball's Russian stemmer, anything else through `LatvianStemmer`.
public enum IndexStem {
    /// `Pašvaldībām` → `pasvaldib`; `Громады` → `громад`.
    public static func stem(_ word: String) -> String {
        let lowered = word.lowercased()
        var bytes = Array(lowered.utf8)
        let count = bytes.count
        let isRussian = count > 0 && bytes.withUnsafeMutableBufferPointer { RussianStemmer.isRussianWord($0.baseAddress!, count: count) }
        guard isRussian, let stemmer = RussianStemmer() else { return LatvianStemmer.stem(word) }
        defer { stemmer.close() }
        return bytes.withUnsafeMutableBufferPointer { buffer in
            stemmer.withStem(of: buffer.baseAddress!, count: buffer.count) { stem, length in
                String(decoding: UnsafeBufferPointer(start: stem, count: length), as: UTF8.self)
            }
        } ?? LatvianStemmer.stem(word)
    }
}
