/// The suffix rules of `LatvianStemmer`, as data.
///
/// All rules are written on FOLDED lower-case letters (ā→a, č→c, ē→e, ģ→g, ī→i, ķ→k,
/// ļ→l, ņ→n, š→s, ū→u, ž→z), because the index tokenizer hands the stemmer tokens that
/// SQLite's unicode61 tokenizer has already folded. Folding merges endings that differ
/// in writing (-as/-ās, -u/-ū, -is/-īs, -ešu/-esu, -ētu/-etu), so every rule below was
/// chosen for the folded spelling.
///
/// How the tables are used (see `LatvianStemmer`), each at most once, in this order:
///  0. `exceptions`: a listed whole word is its own stem (only `verbRoots` still applies).
///  1. `inflections`: the longest suffix that matches (and whose conditions hold) is
///     removed, or rewritten when the rule has a replacement.
///  2. `jExtensions`: a j-extended stem (-āj-, -ēj-, -oj-, -uj-) loses the
///     extension, so the past and the present of a verb meet (runāja/runā → run).
///  3. `alternations`: consonant alternations at the end of the stem (kurmj → kurm).
///  4. `verbRoots`: the stem variants of common 1st-conjugation verbs, alone or after a
///     verbal prefix, become one stem (notiek, notika, notiks → notik). This step also
///     runs after an `exceptions` hit.
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
    /// Consonants before the -ēt future -ēšu/-ēsi/-ēsim/-ēšos (see `inflections`).
    static let eFutureStemEnds = "bdglmptvz"
    /// Consonants before the -ēt conditional -ētu/-ētos.
    static let eConditionalStemEnds = "bcdglvt"
    /// Consonants before the -īt conditional -ītu/-ītos.
    static let iConditionalStemEnds = "glnrst"

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
        // ... and so do the -ēt conditional -ētos and future -ēšos (spēlētos, spēlēšos → spele),
        // after the consonants of the non-reflexive -ētu/-ēšu below.
        .rewrite("etos", to: "e", after: eConditionalStemEnds),
        .rewrite("esos", to: "e", after: eFutureStemEnds),
        // The -īt past that no -ija noun shares (apmainījies, apmainījāmies, apmainījāties;
        // apmainījāt below) and the past participle -ījis, -ījusies/-ījušies (piedalījies,
        // piedalījusies) meet the present; -ījās/-ījos/-īja/-īju read as -ija nouns.
        .strip("ijies ijamies ijaties ijis ijusies", minStem: 4),
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
        // -ēt verbs: future -ēšu/-ēsi/-ēsim (informēšu, zaudēsi) and conditional -ētu
        // (vērtētu; reflexive -ētos/-ēšos above), only after consonants that end no -es-/-et- noun stem
        // (not c r n s: procesu, adresi, mēnesim; not z n s m r k: budžetu, kabinetu,
        // pilsētu, priekšmetu, konkrētu, paketi).
        .strip("esu esi esim", after: eFutureStemEnds),
        .strip("etu", after: eConditionalStemEnds),
        // -īt verbs: conditional -ītu/-ītos (rakstītu, mainītu), not after d c z m
        // (kredītu, deficītu, tranzītu, limitu).
        .strip("itu itos", after: iConditionalStemEnds),
        // Conditional -tu: uzņemtu, izveidotu (not -ātu/-ētu/-ītu: rezultātu, budžetu).
        .strip("tu", after: conditionalStemEnds),
        .strip("otu"),
        // Infinitive and 2nd pl. -t with the theme vowel (aicināt, lobēt, apmainīt,
        // izveidot) and the present gerund -ot (aicinot); 1st conjugation: nest, ņemt.
        .strip("ijat", minStem: 4),
        .strip("at et it ot ut"),
        .strip("t", after: consonants),
        // 2nd pl. present / imperative: aiciniet, aizstāviet (j-stems: runājiet).
        .strip("iet"),
        // Gerund -dams/-dama/-dami/-damas: runādams, domādama; 1st conjugation: nesdams.
        .strip("adams adama adami adamas edams edama edami edamas"),
        .strip("idams idama idami idamas odams odama odami odamas"),
        .strip("dams dama dami damas", after: consonants),
        // k → c and g → dz in the 1st conjugation (teikt/teic, saukt/sauc, beigt/beidz):
        // the endings that can only be verbs bring the k/g stem to the c/dz stem of the
        // present and past (teikt, teiksim → teic; beigt, beigšu → beidz). k → c only
        // after the diphthongs ei/au: verbs with a short root vowel keep k in the past
        // (tikt/tika, likt/lika, pirkt/pirka), and tikt → tic would meet ticēt. The
        // ambiguous endings stay: -ks (pulks), -kšu/-ksi (indeksu), -ktu/-ktos (projektu);
        // `verbRoots` joins the last forms of the common verbs.
        .rewrite("eikt eikties eiksim eiksit eiksiet eiksot eiksies", to: "eic"),
        .rewrite("aukt aukties auksim auksit auksiet auksot auksies", to: "auc"),
        // The past of -zīt (atzina, pazina, iepazina, pazināt) meets its -zīst/-zīs stem
        // (`verbRoots`: zis). After a or t only, and with the prefix as the whole stem, so that
        // zināt (zina, nezina, izzina) and paziņot (paziņo) are not touched.
        .rewrite("zina zini zinu zinam zinat", to: "zis", after: "at", minStem: 2),
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
    /// aizstāvēja, izveidoja, atļauj), -ājs/-ējs nouns and adjectives (skolotājs,
    /// vietējs). -ēj only when four letters remain, so that short stems stay apart:
    /// pārējs/par, kopējs/kopā, vidējs/vide.
    ///
    /// -īj- stays: the -ija/-ijs nouns keep it (institūcija → institucij, kritērijs →
    /// kriterij), so that a country stays apart from its people (Krievija/krievs,
    /// Igaunija/igaunis, Latvija/latvietis) and medijs from medus, sesija from seši. The
    /// price: the -īt past -īja/-īju/-ījām (and reflexive -ījās/-ījos), which fold to the
    /// same letters, keeps -īj- too (apmainīja → apmainij, apart from apmain-); its
    /// verb-only forms -ījāt, -ījies, -ījāmies, -ījāties are inflection rules.
    static let jExtensions: [SuffixRule] = flatten([
        .strip("aj oj uj"),
        .strip("ej", minStem: 4),
    ])

    /// Consonant alternations at the end of the stem. Labial + j in declensions II, V
    /// and VI (kurmji, zemju, govju, pakāpju): kurmj → kurm. The other alternations that
    /// survive folding are handled above (k/c, g/dz) or not at all: t/š, d/ž, st/š
    /// (vizīšu, vižu, rīkšu) fold to -su/-zu, which cannot be told from s/z stems
    /// (adrešu, analīžu), so those genitive plurals keep their own stem; a query for one also
    /// matches the t or d stem (`LatvianDerivation.queryAlternatives`).
    static let alternations: [SuffixRule] = flatten([
        .strip("j", after: "pbmvf"),
    ])

    /// Whole words that are already stems. A small list of genuinely ambiguous forms:
    /// the bare 3rd-person present of prefixed ņemt, mest and nest ends in what reads as
    /// a noun ending (pieņem like ģimen-ēm, pamet like lob-ēt, atnes like egl-es), while
    /// their other forms stem to the whole word (pieņemt, pieņēma, pieņemu → pienem).
    /// kļūst would lose its t (kļūs- is kluss): kept whole, `verbRoots` makes it klu.
    static let exceptions: [String] = words("""
        pienem sanem iznem uznem ienem nonem panem atnem apnem parnem aiznem
        pamet atmet izmet iemet nomet uzmet aizmet parmet
        klust
        atnes iznes ienes pienes aiznes nones panes uznes parnes sanes
        """)

    /// Verbal prefixes, and their negated forms (nepa-, neiz-, …), that `verbRoots` may
    /// find before a root.
    static let verbPrefixes: [String] = {
        let plain = words("aiz ap at ie iz no pa par pie sa uz pret iepa")
        return plain + ["ne"] + plain.map { "ne" + $0 }
    }()

    /// Common 1st-conjugation verbs whose infinitive, present and past stems differ
    /// (vowel change, -st- present, k/c, g/dz): after the suffix rules, each stem variant
    /// (as the rules leave it, folded) is replaced by the root's canonical stem, alone or
    /// after a verbal prefix (`verbPrefixes`, or the root's own list). A variant marked
    /// `+` only counts after a prefix, because alone it is another word (kluss, vēsts,
    /// vēss). General Latvian grammar (the verb's principal parts), not a word list.
    static let verbRoots: [VerbRoot] = [
        // tikt/tiek/tika (notikt, pietikt, satikt), likt/liek/lika (palikt, atlikt): the
        // present has ie, k → c before e/i (tiec, liec); future tiks-, conditional tikt-.
        .root("tik", "tiek tiec tiks tikt"),
        .root("lik", "liek liec liks likt"),
        // pirkt/pērk/pirka (nopirkt), vilkt/velk/vilka: ablaut i/e.
        .root("pirk", "perk perc pirks pirkt"),
        .root("vilk", "velk velc vilks vilkt"),
        // sākt/sāk/sāka, nākt/nāk/nāca (ienākt, sanākt, pienākt): k/c.
        .root("sak", "sac saks sakt"),
        .root("nak", "nac naks+ nakt+"),
        // teikt/teic/teica, veikt, saukt, braukt (k → c after a diphthong, above): the
        // future -s/-si/-šu and the conditional -tu keep k.
        .root("teic", "teik teiks teikt"),
        .root("veic", "veik veiks veikt"),
        .root("sauc", "sauk sauks saukt"),
        .root("brauc", "brauk brauks braukt"),
        // beigt/beidz, slēgt/slēdz (noslēgt), lūgt/lūdz: the future beigs keeps g.
        .root("beidz", "beig"),
        .root("sledz", "sleg"),
        .root("ludz", "lug"),
        // kļūt/kļūst/kļuva (nokļūt, piekļūt), gūt/gūst/guva (iegūt): -st- present,
        // past -uva. Alone, kļūs- is kluss.
        .root("klu", "klust kluv klut klus+"),
        .root("klu", "kl+", prefixes: words("no pie aiz iz nenok nepie")),
        .root("gut", "gus gust guv"),
        .root("gut", "g+", prefixes: words("ie at neie neat")),
        // -zīt/-zīst (atzīt, pazīt, iepazīt; the past -zina is an inflection rule); only
        // after these prefixes, because zīs-, zīt- alone are other words.
        .root("zis", "z+ zist+ zit+", prefixes: words("at pa iepa neat nepa")),
        // skriet/skrien/skrēja; dot/dod/deva (nodot, izdot, pārdot).
        .root("skri", "skrien skrej skries skriet"),
        .root("dod", "dev"),
        .root("dod", "d+", prefixes: words("no iz par pie at ie uz aiz pa neno neiz nepar nepie neat neie neuz nepa")),
        // vest/ved/veda (ievest, pārvest; not pa-: pavēste), mest/met/meta (pamest),
        // just/jūt/juta (alone, jus- is jūsu), krist/krīt/krita, ciest/cieš/cieta,
        // zust/zūd/zuda (pazust): s/t, s/d before -t.
        .root("ved", "ves+ vest+", prefixes: words("ie iz no pie at aiz par sa uz ne neie neiz nepie")),
        .root("met", "mes+ mest+"),
        .root("jut", "jus+ just"),
        .root("krit", "kris krist"),
        .root("ciet", "cie cies ciest"),
        .root("zud", "zus+ zust+"),
        // -st- presents: dzimt/dzimst, mirst/mirsa (aizmirst). Not atbilst/atbilda: its
        // past would meet atbilde, atbildēt.
        .root("dzim", "dzims dzimst"),
        .root("mirs", "mirst"),
        // atrast/atrod/atrada, saprast/saprot/saprata: ablaut a/o.
        .root("rad", "rod+ ras+ rast+", prefixes: words("at neat")),
        .root("prat", "prot+ pr+ pras+ prast+", prefixes: words("sa nesa")),
        // atļaut/atļauj/atļāva, pieļaut: the j of the present and ā of the past.
        .root("lau", "laus laut"),
        .root("lau", "la+ lav+", prefixes: words("at pie neat nepie")),
        // celt, dzert, šķirt (piešķirt): the future -šu/-si and conditional -tu after l/r.
        .root("cel", "cels celt"),
        .root("dzer", "dzers dzert"),
        .root("skir", "skirs skirt"),
    ]

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

/// One root of `LatvianStemmerRules.verbRoots`: its stem variants and canonical stem.
struct VerbRoot: Sendable {
    struct Variant: Sendable {
        let text: String
        /// Only after a prefix (alone the variant is another word).
        let needsPrefix: Bool
    }

    let canonical: String
    let variants: [Variant]
    /// Allowed prefixes; `nil` = `LatvianStemmerRules.verbPrefixes`.
    let prefixes: [String]?

    /// `variants`: space-separated; a trailing `+` marks a variant that needs a prefix.
    static func root(_ canonical: String, _ variants: String, prefixes: [String]? = nil) -> VerbRoot {
        VerbRoot(canonical: canonical, variants: variants.split(separator: " ").map {
            $0.hasSuffix("+") ? Variant(text: String($0.dropLast()), needsPrefix: true)
                              : Variant(text: String($0), needsPrefix: false)
        }, prefixes: prefixes)
    }
}
