import LatvianFTS5
import LatvianText
import PieredzeStorage

/// The search's analysis of text, for `pieredze analyze` and anyone checking why a word matches:
/// folding, stemming and the index's tokens, exactly as the `latvian` tokenizer does them.
public enum TextAnalysis {
    /// Lower case, NFC, diacritics removed: `Pašvaldību` → `pasvaldibu`.
    public static func fold(_ text: String) -> String {
        LatvianFolding.fold(text)
    }

    /// The word as the index keeps it, folded then stemmed: `Pašvaldībām` → `pasvaldib`. Words
    /// the stemmer leaves alone (≤ 3 letters, digits) come back folded only; Russian words are
    /// stemmed by Snowball's Russian stemmer, as the index does (`IndexStem`).
    public static func stem(_ word: String) -> String {
        IndexStem.stem(word)
    }

    /// Runs the registered `latvian` FTS5 tokenizer over text, on a private in-memory database.
    public final class Tokenizer {
        private let connection: Connection

        public init() throws {
            connection = try Connection.inMemory(configuration: KnowledgeBase.connectionConfiguration())
        }

        /// The tokens FTS5 would index for `text` (a document, not a query), with their UTF-8
        /// byte offsets into it.
        public func tokens(of text: String) throws -> [LatvianTokenizer.Token] {
            try LatvianTokenizer.tokens(of: text, on: connection)
        }
    }
}
