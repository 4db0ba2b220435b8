/// The suffix rules of `LatvianStemmer`, as data.
///
/// All rules are written on FOLDED lower-case letters (ā→a, č→c, ē→e, ģ→g, ī→i, ķ→k,
/// ļ→l, ņ→n, š→s, ū→u, ž→z), because the index tokenizer hands the stemmer tokens that
/// SQLite's unicode61 tokenizer has already folded. Folding merges endings that differ
/// in writing (-as/-ās, -u/-ū, -is/-īs, -ešu/-esu, -ētu/-etu), so every rule below was
/// chosen for the folded spelling.
///
/// How the tables are used (see `LatvianStemmer`), each at most once, in this order:
///  0. `exceptions`: a listed whole word is its own stem (nothing else applies).
///  1. `inflections`: the longest suffix that matches (and whose conditions hold) is
///     removed, or rewritten when the rule has a replacement.
///  2. `jExtensions`: a j-extended stem (-āj-, -ēj-, -īj-, -oj-, -uj-) loses the
///     extension, so the past and the present of a verb meet (runāja/runā → run).
///  3. `alternations`: consonant alternations at the end of the stem (kurmj → kurm).
///
/// Conditions of a rule: `after` lists the letters allowed just before the suffix
/// (`nil`: any letter); the kept stem must have at least `minStem` letters and a vowel.
///
/// When a folded suffix is both a noun form and a rarer verb form, the NOUN wins, so that
/// the words a knowledge base is searched for stay whole: procesu/procesi (not the verb
/// future -ēšu/-ēsi), rezultātu/budžetu/kredītu (not the conditional -ātu/-ētu/-ītu),
/// mēnesim (not -ēsim), indeksu/maksu (not -kšu), balsīm (not -lsim). Verbal nouns
/// (-šana) are stemmed as nouns (apvienošan-) and not merged with their verb, because
/// the verb stem is often a noun too (veidošana/veids, balsošana/balss, domāšana/dome).
enum LatvianStemmerRules {
    static let vowels = "aeiou"
    static let consonants = "bcdfghjklmnpqrstvwxyz"
    /// Consonants that end a 1st-conjugation verb stem before the future -šu/-si/-šos
    /// (ņemšu, kāpšu, beigšu) and end no noun stem before -su/-si/-sos. Not k (indeksu,
    /// maksu, tukšu), l (balsu), r (kursu), n (šansu), s, t (procesu).
    static let futureStemEnds = "bgmpv"
    /// Before the future -sim/-sit/-siet/-šot any consonant but l (balsīm, balss).
    static let futurePluralStemEnds = "bcdfghjkmnpqrstvwxyz"
    /// Consonants before a conditional -tu/-tos that end no noun stem (ņemtu, sniegtu).
    /// Not k, p, n, r, s, l: projektu, konceptu, studentu, sportu, tekstu, baltu.
    static let conditionalStemEnds = "bgmvz"

    static let inflections: [SuffixRule] = flatten([
        // ── Reflexive verbs ──────────────────────────────────────────────────────────
        // Reflexive verbs in -oties and -ēties keep their theme vowel, so that they do not
        // share the stem of the noun or adjective they come from: ilgoties → ilgo (ilgs →
        // ilg), pretoties → preto (pretējs), spēkoties → speko (spēks), spēlēties → spele
        // (spēle → spel), draudzēties → draudze (draudze → draudz). An -ot verb has -o- in
        // every form (ilgojas, ilgosies, ilgotos, ilgošos); -ēties has -ē- everywhere but
        // in the present of the 3rd conjugation (izturos, izturas → iztur, split from
        // izturēties → izture). The cost: the gerund -oties of the other reflexive verbs
        // (mācoties → maco) splits from them, and -ējās/-ējos of -ējs adjectives and -eja
        // nouns (pretējās → prete, komitejas → komite) from their other forms.
        .rewrite("oties ojamies ojaties ojies ojieties ojoties ojos ojas", to: "o"),
        .rewrite("osies osieties osimies osities osoties osos otos", to: "o"),
        .rewrite("eties ejamies ejaties ejies ejieties ejoties ejos ejas", to: "e"),
        .rewrite("esies esieties esimies esities esoties", to: "e"),
        // Infinitive and 2nd pl. with the theme vowel (apmainīties, mācāties) and the
        // gerund -oties of the other verbs (above); 1st conjugation: pacelties, justies.
        .strip("aties ities uties"),
        .strip("ties", after: consonants),
        // Imperative -ieties, 2nd sg. -ies (past -jies: apmainījies), 1st pl. -amies.
        // 1st sg. -os and 3rd -as are the noun endings further down.
        .strip("ieties ies amies"),
        // Future: apmainīsies, -sieties, -simies, -sities, -šoties; pacelsies. The theme
        // vowel must follow a consonant (klausies is klaus-ies, not kla-usies).
        .strip("asies isies usies", after: consonants),
        .strip("asieties isieties usieties", after: consonants),
        .strip("asimies isimies usimies", after: consonants),
        .strip("asities isities usities", after: consonants),
        .strip("asoties isoties usoties", after: consonants),
        .strip("sies sieties simies sities soties", after: consonants),
        // Future 1st sg. -šos: apmainīšos, runāšos, uzņemšos (not -ēšos/-ūšos, which
        // read as procesos, autobusos).
        .strip("asos isos", after: consonants),
        .strip("sos", after: futureStemEnds),
        // Conditional -tos: uzņemtos (-otos is above; not -ātos/-ētos/-ītos: rezultātos).
        .strip("tos", after: conditionalStemEnds),

        // ── Verbs ────────────────────────────────────────────────────────────────────
        // Future 1st/2nd pl., 2nd pl. and the -šot mood: aicināsim, -sit, -siet, -šot;
        // 1st conjugation: uzņemsim, ņemsiet. (Not -ēsim: mēnesim, tiesnesim.)
        .strip("asim isim osim usim", after: consonants),
        .strip("asit esit isit osit usit", after: consonants),
        .strip("asiet esiet isiet osiet usiet", after: consonants),
        .strip("asot esot isot osot usot", after: consonants),
        .strip("sim sit siet sot", after: futurePluralStemEnds),
        // Future 1st/2nd sg. -šu, -si: aicināšu, izveidošu, apmainīsi; uzņemšu.
        // (-ēšu/-ēsi and -ūšu/-ūsi stay nouns: procesu, procesi, autobusu. -īšu/-īsi
        // keep a 4-letter stem: vizīšu is not vid-.)
        .strip("asu asi osu osi", after: consonants),
        .strip("isu isi", after: consonants, minStem: 4),
        .strip("su si", after: futureStemEnds),
        // Conditional -tu: uzņemtu, izveidotu (not -ātu/-ētu/-ītu: rezultātu, budžetu).
        .strip("tu", after: conditionalStemEnds),
        .strip("otu"),
        // Infinitive and 2nd pl. -t with the theme vowel (aicināt, lobēt, apmainīt,
        // izveidot) and the present gerund -ot (aicinot); 1st conjugation: nest, ņemt.
        .strip("at et it ot ut"),
        .strip("t", after: consonants),
        // 2nd pl. present / imperative: aiciniet, aizstāviet (j-stems: runājiet).
        .strip("iet"),
        // Gerund -dams/-dama/-dami/-damas: runādams, domādama; 1st conjugation: nesdams.
        .strip("adams adama adami adamas edams edama edami edamas"),
        .strip("idams idama idami idamas odams odama odami odamas"),
        .strip("dams dama dami damas", after: consonants),
        // k → c and g → dz in the 1st conjugation (teikt/teic, beigt/beidz): the endings
        // that can only be verbs bring the k/g stem to the c/dz stem of the present and
        // past (teikt, teiksim → teic; beigt, beigšu → beidz). The ambiguous ones stay:
        // -ks (pulks), -kšu/-ksi (indeksu), -ktu/-ktos (projektu).
        .rewrite("kt kties ksim ksit ksiet ksot ksies ksieties ksimies ksities ksoties", to: "c"),
        .rewrite("gt gtu gtos gties gsu gsi gsim gsit gsiet gsot gsos gsies gsieties gsimies gsities gsoties",
                 to: "dz"),

        // ── Nouns and adjectives ─────────────────────────────────────────────────────
        // Definite adjectives: zilais, zilajam, zilajai, zilajiem, zilajos, zilajā(s),
        // zilie, zilo.
        .strip("ais ajam ajai ajiem ajos ajas aja ie o"),
        // Dative plural of all declensions and adjectives: tēviem, lāčiem, zilajiem.
        .strip("iem"),
        // Declension I (tēvs, ceļš) and indefinite adjectives: -s -a -am -u -us -i -os.
        // II (lācis, akmens): -is -im; III (lietus, tirgus): -us -um; IV (lapa, puika):
        // -as -ai -am; V (egle): -e -es -ei -em; VI (govs): -ij -is -im.
        // Verbs share these: -u -i -a -am -as -os -is -es (aicinu, aicini, aicina,
        // aicinām, aicinās, veidos, apmainīs, aizstāvēs) and -os/-as of reflexives.
        .strip("am as ai em es ei is im us um os ij"),
        .strip("a e i o u s"),
    ])

    /// The j-extension of a stem: verb past and 2nd-conjugation present (runāja,
    /// aizstāvēja, apmainīja, izveidoja, atļauj), -ājs/-ējs nouns and adjectives
    /// (skolotājs, vietējs), -ija/-ijs nouns (akcija, kritērijs). -īj/-ēj only when four
    /// letters remain, so that short stems stay apart: medijs/medus, sesija/seši,
    /// pārējs/par, kopējs/kopā, vidējs/vide.
    static let jExtensions: [SuffixRule] = flatten([
        .strip("aj oj uj"),
        .strip("ij ej", minStem: 4),
    ])

    /// Consonant alternations at the end of the stem. Labial + j in declensions II, V
    /// and VI (kurmji, zemju, govju, pakāpju): kurmj → kurm. The other alternations that
    /// survive folding are handled above (k/c, g/dz) or not at all: t/š, d/ž, st/š
    /// (vizīšu, vižu, rīkšu) fold to -su/-zu, which cannot be told from s/z stems
    /// (adrešu, analīžu), so those genitive plurals keep their own stem.
    static let alternations: [SuffixRule] = flatten([
        .strip("j", after: "pbmvf"),
    ])

    /// Whole words that are already stems. A small list of genuinely ambiguous forms:
    /// the bare 3rd-person present of prefixed ņemt, mest and nest ends in what reads as
    /// a noun ending (pieņem like ģimen-ēm, pamet like lob-ēt, atnes like egl-es), while
    /// their other forms stem to the whole word (pieņemt, pieņēma, pieņemu → pienem).
    static let exceptions: [String] = words("""
        pienem sanem iznem uznem ienem nonem panem atnem apnem parnem aiznem
        pamet atmet izmet iemet nomet uzmet aizmet parmet
        atnes iznes ienes pienes aiznes nones panes uznes parnes sanes
        """)

    private static func flatten(_ groups: [[SuffixRule]]) -> [SuffixRule] { groups.flatMap { $0 } }
    private static func words(_ list: String) -> [String] {
        list.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    }
}

/// One suffix rule (see `LatvianStemmerRules`).
struct SuffixRule: Sendable {
    /// Folded lower-case ASCII suffix, 1…8 letters.
    let suffix: String
    /// What replaces the suffix ("" strips it); never longer than `suffix`.
    let replacement: String
    /// Letters allowed just before the suffix; `nil` = any.
    let after: String?
    /// Letters the stem must keep (not counting the replacement).
    let minStem: Int

    /// Rules that remove each of the space-separated `suffixes`.
    static func strip(_ suffixes: String, after: String? = nil, minStem: Int = 3) -> [SuffixRule] {
        suffixes.split(separator: " ").map {
            SuffixRule(suffix: String($0), replacement: "", after: after, minStem: minStem)
        }
    }

    /// Rules that replace each of the space-separated `suffixes` by `replacement`.
    static func rewrite(_ suffixes: String, to replacement: String, after: String? = nil,
                        minStem: Int = 3) -> [SuffixRule] {
        suffixes.split(separator: " ").map {
            SuffixRule(suffix: String($0), replacement: replacement, after: after, minStem: minStem)
        }
    }
}

extension Array where Element == SuffixRule {
    /// `.strip("a e i")` inside a rule table: see `SuffixRule.strip`.
    static func strip(_ suffixes: String, after: String? = nil, minStem: Int = 3) -> [SuffixRule] {
        SuffixRule.strip(suffixes, after: after, minStem: minStem)
    }

    /// `.rewrite("c", to: "k")` inside a rule table: see `SuffixRule.rewrite`.
    static func rewrite(_ suffixes: String, to replacement: String, after: String? = nil,
                        minStem: Int = 3) -> [SuffixRule] {
        SuffixRule.rewrite(suffixes, to: replacement, after: after, minStem: minStem)
    }
}
