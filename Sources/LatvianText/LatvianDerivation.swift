/// Derivational families of Latvian verbs, for QUERY-time expansion: the stems a query word
/// should also match so that a search for one member of a verb's family finds the others.
///
/// The index keeps each member apart on purpose (one stem per word, see `LatvianStemmer`):
/// joining `veidošana` with its verb would also join it with the noun `veids`. The query adds
/// the family only where the word the user typed shows it, as FTS5 colocated tokens.
///
/// A 2nd- or 3rd-conjugation verb is a root R and a theme vowel V (folded ā ē ī o: a e i o),
/// infinitive R+V+t. Its members and the stems `LatvianStemmer` gives them (Latvian grammar,
/// e.g. *Mūsdienu latviešu valodas gramatika*, word formation of nouns and participles):
///
/// | member | example (izvērtēt: R = izvērt, V = ē) | stem |
/// |---|---|---|
/// | verb (infinitive, present, past, …) | izvērtēt, izvērtē | R |
/// | reflexive verb in -oties (theme vowel kept) | vienoties, vienojās | R+V |
/// | verbal noun -šana/-šanās | izvērtēšana | R+V+san |
/// | result noun -jums | izvērtējums, finansējums, ieguldījums | R+V+jum |
/// | agent noun -tājs, past passive participle -ts/-ta | izvērtētājs, izvērtēts | R+V+t |
/// | present active participle -ošs | izvērtējošs (2nd conj.), attīstošs (3rd) | R+V+jos, R+os |
/// | present passive participle -ams/-āms | izvērtējams, attīstāms | R+V+jam, R+am |
/// | past of an -īt verb (-īja, -īju) | parakstīja | R+ij |
///
/// 2nd conjugation (present with -j-): -ot, -ēt and -āt verbs; 3rd conjugation (present
/// without it): -īt verbs and -ināt verbs (aicina, nodrošina). 1st-conjugation verbs (ieviest,
/// sasniegt) change their root between forms and are not covered.
///
/// A member is recognised from the query word only where its form is unambiguous: an
/// infinitive (R+V+t, R+V+ties); a stem in V+san, V+jum, V+jos, V+jam, -inos, -inam; a stem in
/// V+t whose word goes on with -āj- or a definite ending (izvērtētājs, izvērtētais), because an
/// indefinite -ts/-ta reads as a noun (rezultāts, pilsēta). A stem in -ij (the -īt past, or an
/// -ija noun) adds only the stem without -ij. A reflexive -oties/-ēties query does not add the
/// bare verb R: the stemmer keeps their theme vowel because R is often a noun or adjective
/// (vienoties/viens, ilgoties/ilgs), and the rest of the family still joins them.
public enum LatvianDerivation {
    /// The extra stems a query for `word` should match, besides `stem`, in family order and
    /// without duplicates; empty when the word shows no family. `word` is the folded word
    /// (lower case, no diacritics, as FTS5's unicode61 hands it over) and `stem` its
    /// `LatvianStemmer` stem. Words with anything but a–z get nothing.
    ///
    ///     queryAlternatives(forWord: "finanset", stem: "finans")
    ///     // ["finansesan", "finansejum", "finanset", "finansejos", "finansejam"]
    public static func queryAlternatives(forWord word: String, stem: String) -> [String] {
        let word = Array(word.utf8), stem = Array(stem.utf8)
        guard stem.count >= 3, word.count >= stem.count, word.allSatisfy(isLetter) else { return [] }
        if let family = VerbFamily(word: word, stem: stem) {
            var seen: Set<[UInt8]> = [stem]
            return family.memberStems.filter { seen.insert($0).inserted }.map { String(decoding: $0, as: UTF8.self) }
        }
        // A stem in -ij: the past of an -īt verb (parakstīja) or an -ija noun (Krievija).
        if stem.count >= 5, stem.hasSuffix("ij") {
            return [String(decoding: stem.dropLast(2), as: UTF8.self)]
        }
        // A genitive plural whose consonant alternation folding hides: nouns of the 5th and 6th
        // declensions alternate t → š and d → ž before -u (vizīte → vizīšu, kvīts → kvīšu,
        // iestāde → iestāžu), and folded, vizisu/iestazu read as s- and z-stems (procesu,
        // analīžu), which the index keeps them as (see `LatvianStemmerRules.alternations`). The
        // query also matches the t or d stem. Stems of five letters or more: a shorter one
        // would join common words (masu "of masses" → mat- "hair").
        if stem.count >= 5, word.count == stem.count + 1, word.last == UInt8(ascii: "u"), let last = stem.last,
           last == UInt8(ascii: "s") || last == UInt8(ascii: "z") {
            return [String(decoding: stem.dropLast() + [last == UInt8(ascii: "s") ? UInt8(ascii: "t") : UInt8(ascii: "d")], as: UTF8.self)]
        }
        return []
    }

    private static func isLetter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
}

/// One verb's family: its root and theme vowel (see `LatvianDerivation`).
struct VerbFamily: Equatable {
    /// Folded letters before the theme vowel: `izvert` for izvērtēt.
    var root: [UInt8]
    /// Folded theme vowel: a, e, i or o.
    var themeVowel: UInt8
    /// Read from a reflexive -oties/-ēties word: the bare verb's stem R is left out.
    var isReflexive = false

    static let themeVowels: [UInt8] = Array("aeio".utf8)
    /// The shortest root that stands for a verb (as the stemmer's minimum stem).
    static let minimumRootLength = 3

    init?(root: some Collection<UInt8>, themeVowel: UInt8) {
        guard root.count >= Self.minimumRootLength, Self.themeVowels.contains(themeVowel) else { return nil }
        self.root = Array(root)
        self.themeVowel = themeVowel
    }

    /// The family a query word belongs to, read from the word and its stem; nil when the form
    /// shows none (see `LatvianDerivation` for what is recognised and why).
    init?(word: [UInt8], stem: [UInt8]) {
        let ending = word[stem.count...]  // what the stemmer removed (empty when it rewrote)
        let endingMatches = word.starts(with: stem)
        let last = stem.last!
        // Infinitive R+V+t (izvērtēt → izvert), and the reflexive R+V+ties of -āt/-īt verbs
        // (mācīties → mac), whose theme vowel the stemmer removes.
        if endingMatches, ending.count == 2, ending.last == UInt8(ascii: "t") {
            self.init(root: stem, themeVowel: ending.first!)
            return
        }
        if endingMatches, ending.elementsEqual("aties".utf8) || ending.elementsEqual("ities".utf8) {
            self.init(root: stem, themeVowel: ending.first!)
            return
        }
        // Reflexive -oties/-ēties, whose theme vowel the stemmer keeps (vienoties → vieno).
        if endingMatches, ending.elementsEqual("ties".utf8), last == UInt8(ascii: "o") || last == UInt8(ascii: "e") {
            self.init(root: stem.dropLast(), themeVowel: last)
            isReflexive = true
            return
        }
        // Verbal noun R+V+san, result noun R+V+jum, present participles of the 2nd conjugation
        // R+V+jos, R+V+jam.
        for marker in ["san", "jum", "jos", "jam"] where stem.count > marker.utf8.count + 1 && stem.hasSuffix(marker) {
            let vowel = stem[stem.count - marker.utf8.count - 1]
            guard marker == "san" || marker == "jum" || vowel != UInt8(ascii: "i") else { return nil }
            self.init(root: stem.dropLast(marker.utf8.count + 1), themeVowel: vowel)
            return
        }
        // Present participles of -ināt verbs (3rd conjugation): aicinošs, aicināms → aicin-os, aicin-am.
        if stem.hasSuffix("inos") || stem.hasSuffix("inam") {
            self.init(root: stem.dropLast(2), themeVowel: UInt8(ascii: "a"))
            return
        }
        // Agent noun -tājs or definite past participle -tais/-tie/-to: R+V+t, where the word
        // goes on with -aj- (izvērtētājs, izvērtētajiem) or is a definite -ais, -ie, -o.
        if stem.count >= 5, last == UInt8(ascii: "t"), endingMatches,
           ending.starts(with: "aj".utf8) || ending.elementsEqual("ais".utf8) || ending.elementsEqual("ie".utf8)
            || ending.elementsEqual("o".utf8) {
            self.init(root: stem.dropLast(2), themeVowel: stem[stem.count - 2])
            return
        }
        return nil
    }

    /// Whether the present tense is formed without -j- (3rd conjugation: -īt verbs, and -ināt).
    var isThirdConjugation: Bool {
        themeVowel == UInt8(ascii: "i") || (themeVowel == UInt8(ascii: "a") && root.hasSuffix("in"))
    }

    /// The stems of every member, in the order of the table in `LatvianDerivation`.
    var memberStems: [[UInt8]] {
        let v = [themeVowel]
        var stems: [[UInt8]] = isReflexive ? [] : [root]
        if themeVowel == UInt8(ascii: "o") { stems.append(root + v) }
        stems.append(root + v + Array("san".utf8))
        stems.append(root + v + Array("jum".utf8))
        stems.append(root + v + Array("t".utf8))
        if isThirdConjugation {
            stems.append(root + Array("os".utf8))
            stems.append(root + Array("am".utf8))
        } else {
            stems.append(root + v + Array("jos".utf8))
            stems.append(root + v + Array("jam".utf8))
        }
        if themeVowel == UInt8(ascii: "i") { stems.append(root + Array("ij".utf8)) }
        return stems
    }
}

extension Collection<UInt8> {
    func hasSuffix(_ suffix: String) -> Bool {
        let tail = suffix.utf8
        return count >= tail.count && dropFirst(count - tail.count).elementsEqual(tail)
    }
}
