/// Latvian function words: prepositions, conjunctions, particles, the forms of the auxiliary and
/// modal verbs, and the question words people start a question with. A search does not require
/// them and does not count them as concepts of a query (`SearchQuery`).
///
/// Source: Lucene's Latvian stop word list (`lucene/analysis/common/.../lv/stopwords.txt`, by
/// Jacques Savoy, BSD licence, refined from Kārlis Kreslins' list in "A Stemming Algorithm for
/// Latvian"), copied as `../shared/eval/latvian/lucene_stopwords.txt`.
///
/// Trimmed: `droši` (an adverb with content, "safely", the adverb of `drošs`) and `diemžēl`
/// ("unfortunately", says something about the text). Kept: the auxiliaries `būt`, `tikt`, `tapt`,
/// `kļūt` and the modal `varēt` in all their forms, which carry tense and voice, not topic.
/// Added: the interrogatives Lucene's list dropped together with all pronouns and adverbs
/// (`kas`, `ko`, `kam`, `kur`, `kad`, `kāpēc`, `kādēļ`, `kurš`…), because a question typed as a
/// query (`kā iesaistīt jauniešus …`, `ko darīt, ja …`) starts with one.
public enum LatvianStopWords {
    /// The list as written (with diacritics), one entry per word form.
    public static let words: [String] = [
        // prepositions
        "aiz", "ap", "ar", "apakš", "ārpus", "augšpus", "bez", "caur", "dēļ", "gar", "iekš", "iz", "kopš", "labad",
        "lejpus", "līdz", "no", "otrpus", "pa", "par", "pār", "pēc", "pie", "pirms", "pret", "priekš", "starp",
        "šaipus", "uz", "viņpus", "virs", "virspus", "zem", "apakšpus",
        // conjunctions
        "un", "bet", "jo", "ja", "ka", "lai", "tomēr", "tikko", "turpretī", "arī", "kaut", "gan", "tādēļ", "tā", "ne",
        "tikvien", "vien", "kā", "ir", "te", "vai", "kamēr",
        // particles
        "diezin", "ik", "it", "taču", "nu", "pat", "tiklab", "iekšpus", "nedz", "tik", "nevis",
        "turpretim", "jeb", "iekam", "iekām", "iekāms", "kolīdz", "līdzko", "tiklīdz", "jebšu", "tālab", "tāpēc", "nekā",
        "itin", "jā", "jau", "jel", "nē", "nezin", "tad", "tikai", "vis", "tak", "iekams",
        // auxiliary verbs
        "būt", "biju", "biji", "bija", "bijām", "bijāt", "esmu", "esi", "esam", "esat", "būšu", "būsi", "būs", "būsim",
        "būsiet", "tikt", "tiku", "tiki", "tika", "tikām", "tikāt", "tieku", "tiec", "tiek", "tiekam", "tiekat", "tikšu",
        "tiks", "tiksim", "tiksiet", "tapt", "tapi", "tapāt", "topat", "tapšu", "tapsi", "taps", "tapsim", "tapsiet",
        "kļūt", "kļuvu", "kļuvi", "kļuva", "kļuvām", "kļuvāt", "kļūstu", "kļūsti", "kļūst", "kļūstam", "kļūstat",
        "kļūšu", "kļūsi", "kļūs", "kļūsim", "kļūsiet",
        // the modal varēt
        "varēt", "varēju", "varējām", "varēšu", "varēsim", "var", "varēji", "varējāt", "varēsi", "varēsiet", "varat",
        "varēja", "varēs",
        // question words (added, see above)
        "kas", "ko", "kam", "kur", "kad", "kāpēc", "kādēļ", "kurš", "kura", "kuri", "kuras", "kuru", "kādi", "kāda",
        "kāds", "kādas",
    ]

    /// `words`, folded (`LatvianFolding.fold`): what `isStopWord` compares with.
    public static let folded: Set<String> = Set(words.map(LatvianFolding.fold))

    /// Whether `word` (as typed, any case or diacritics; punctuation around it ignored) is a stop word.
    public static func isStopWord(_ word: String) -> Bool {
        let trimmed = word.drop { !$0.isLetter }.reversed().drop { !$0.isLetter }.reversed()
        return folded.contains(LatvianFolding.fold(String(trimmed)))
    }
}
