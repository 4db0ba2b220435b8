/// The whole analysis of one word, as the index sees it: NFC, lower case, diacritic
/// folding, then stemming. `pieredze analyze --stem` prints this.
public enum LatvianAnalyzer {
    /// `Pašvaldībām` → `pasvaldib`. Words the stemmer leaves alone (≤ 3 letters,
    /// digits, non-Latin script) come back folded only.
    public static func analyze(word: String) -> String {
        // LatvianFolding.fold lower-cases and composes (NFC) as part of folding.
        LatvianStemmer.stem(word)
    }
}
