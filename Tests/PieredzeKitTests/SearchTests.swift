import CSQLite
import LatvianFTS5
import LatvianText
import Foundation
import Testing
@testable import PieredzeKit
import PieredzeStorage

@Suite("Latvian tokenizer")
struct TokenizerTests {
    let connection: Connection

    init() throws {
        connection = try Connection.inMemory(configuration: KnowledgeBase.connectionConfiguration())
    }

    @Test("tokens are folded and stemmed; offsets point at the words as written")
    func offsets() throws {
        let text = "Pašvaldību reformās — LPS un ES."
        let tokens = try LatvianTokenizer.tokens(of: text, on: connection)
        #expect(tokens.map(\.text) == ["pasvaldib", "reform", "lps", "un", "es"])
        let utf8 = Array(text.utf8)
        let words = tokens.map { String(decoding: utf8[$0.start..<$0.end], as: UTF8.self) }
        #expect(words == ["Pašvaldību", "reformās", "LPS", "un", "ES"])
        #expect(tokens.allSatisfy { $0.flags & FTS5_TOKEN_COLOCATED == 0 })
    }

    @Test("query words are stemmed like documents; prefix queries are not stemmed")
    func queryModes() throws {
        #expect(try LatvianTokenizer.tokens(of: "pasvaldibu", mode: .query, on: connection).first?.text == "pasvaldib")
        #expect(try LatvianTokenizer.tokens(of: "pašvaldības", mode: .document, on: connection).map(\.text) == ["pasvaldib"])
        #expect(try LatvianTokenizer.tokens(of: "pašvaldības", mode: .prefixQuery, on: connection).map(\.text) == ["pasvaldibas"])
    }

    @Test("surface 1 adds the folded surface form colocated, only where it differs from the stem")
    func surfaceForms() throws {
        try connection.execute("CREATE VIRTUAL TABLE s USING fts5(x, tokenize = 'latvian surface 1')")
        try connection.execute("INSERT INTO s(x) VALUES ('Pašvaldību reforma LPS')")
        let terms: [String] = try connection.rows("""
            CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, s, instance)
            """).isEmpty ? try connection.rows("SELECT term FROM temp.v ORDER BY offset, term").compactMap { $0[0] } : []
        #expect(terms == ["pasvaldib", "pasvaldibu", "reform", "reforma", "lps"])
    }

    @Test("Cyrillic, English and numbers pass through lower-cased")
    func otherScripts() throws {
        let tokens = try LatvianTokenizer.tokens(of: "Бишкек Municipal 2018.", on: connection).map(\.text)
        #expect(tokens == ["бишкек", "municipal", "2018"])
    }

    @Test("highlight() marks the original words through the tokenizer")
    func highlight() throws {
        try connection.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'latvian')")
        try connection.execute("INSERT INTO t(x) VALUES ('Sadarbība ar Kirgizstānas pašvaldību savienību.')")
        let marked = try connection.scalar("SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?", ["\"savienības\""], as: String.self)
        #expect(marked == "Sadarbība ar Kirgizstānas pašvaldību [savienību].")
    }
}

@Suite("Search query language")
struct SearchQueryTests {
    @Test("words are ANDed, phrases, prefixes, exclusions and OR compile to quoted FTS5")
    func compile() throws {
        #expect(try SearchQuery("pašvaldību reforma").expression() == #"("pašvaldību" AND "reforma")"#)
        #expect(try SearchQuery(#""nacionālā dialoga platforma""#).expression() == #""nacionālā dialoga platforma""#)
        #expect(try SearchQuery("reform*").expression() == #""reform" *"#)
        #expect(try SearchQuery("reforma -finanses").expression() == #"("reforma") NOT "finanses""#)
        #expect(try SearchQuery("reforma NOT finanses").expression() == #"("reforma") NOT "finanses""#)
        #expect(try SearchQuery("lobēšana OR interešu dialogs").expression() == #"(("lobēšana" OR "interešu") AND "dialogs")"#)
        #expect(try SearchQuery("(a OR b) c").expression() == #"(("a" OR "b") AND "c")"#)
        // Without a thesaurus, an acronym is a word like any other.
        #expect(try SearchQuery("ES").expression() == #""ES""#)
        #expect(try SearchQuery("es").expression() == #""es""#)
    }

    @Test("any-concept expression: each concept's phrases mapped to it, exclusions to -1")
    func anyConcept() throws {
        let query = try SearchQuery("(a OR b) c reformas* -d")
        let anyConcept = try query.anyConceptExpression()
        #expect(anyConcept.expression == #"(("a" OR "b") OR "c" OR ("reformas" OR "reformas" *)) NOT "d""#)
        #expect(anyConcept.conceptOfPhrase == [0, 0, 1, 2, 2, -1])
        #expect(query.concepts.count == 3)
        #expect(query.exclusions == [.term("d", prefix: false)])
    }

    @Test("function words are no concepts, except in phrases and when nothing else is left")
    func stopWords() throws {
        #expect(try SearchQuery("vienoties par aizņēmumu limitu").concepts.count == 3)
        #expect(try SearchQuery("sadarbība ar pašvaldībām un ministriju").expression()
                == #"("sadarbība" AND "pašvaldībām" AND "ministriju")"#)
        // Case and diacritics do not matter; words around punctuation neither.
        #expect(try SearchQuery("KĀ iesaistīt jauniešus? Pec apvienosanas").concepts
                == [.term("iesaistīt", prefix: false), .term("jauniešus?", prefix: false), .term("apvienosanas", prefix: false)])
        #expect(try SearchQuery(#""sadarbība ar pašvaldībām""#).expression() == #""sadarbība ar pašvaldībām""#)
        #expect(try SearchQuery("ar un par").expression() == #"("ar" AND "un" AND "par")"#)
        #expect(try SearchQuery("ar -reforma").expression() == #"("ar") NOT "reforma""#)
        #expect(LatvianStopWords.isStopWord("Pēc") && LatvianStopWords.isStopWord("pec") && !LatvianStopWords.isStopWord("ES"))
    }

    @Test("a prefix longer than its stem also matches the stem as a word")
    func prefixLongerThanStem() throws {
        #expect(try SearchQuery("pašvaldības*").expression() == #"("pašvaldības" OR "pašvaldības" *)"#)
        #expect(try SearchQuery("reform*").expression() == #""reform" *"#)
        #expect(try SearchQuery(#""nacionālā dialoga"*"#).expression() == #""nacionālā dialoga" *"#)
    }

    @Test("nesting deeper than the limit is refused with a sentence, without recursing")
    func deepNesting() throws {
        #expect(throws: SearchQuery.Problem.nestedTooDeep) { try SearchQuery(String(repeating: "(", count: 44_000) + "reforma") }
        #expect(throws: SearchQuery.Problem.nestedTooDeep) {
            try SearchQuery(String(repeating: "(", count: 11) + "a" + String(repeating: ")", count: 11))
        }
        let deepest = String(repeating: "(", count: 10) + "a OR b" + String(repeating: ")", count: 10) + " c"
        #expect(try SearchQuery(deepest).expression() == #"(("a" OR "b") AND "c")"#)
        // A long chain of NOTs is read in a loop, not by recursion.
        #expect(try SearchQuery("a " + String(repeating: "NOT ", count: 44_001) + "b").expression() == #"("a") NOT "b""#)
        #expect(!SearchQuery.Problem.nestedTooDeep.description.contains("fts5"))
    }

    @Test("repeated terms count once; too many different terms are refused")
    func termLimits() throws {
        let clock = ContinuousClock()
        var repeated: SearchQuery?
        let elapsed = try clock.measure {
            repeated = try SearchQuery(Array(repeating: "ES", count: 1_000).joined(separator: " "),
                                       expansion: DictionaryExpansion(["ES": ["Eiropas Savienība"]]))
        }
        #expect(try repeated?.expression() == #"("ES" OR "Eiropas Savienība")"#)
        #expect(elapsed < .seconds(1))
        let words = (0..<SearchQuery.maximumTerms).map { "vards\($0)" }
        #expect(try SearchQuery(words.joined(separator: " ")).concepts.count == SearchQuery.maximumTerms)
        #expect(throws: SearchQuery.Problem.tooManyTerms) { try SearchQuery((words + ["vēl"]).joined(separator: " ")) }
        #expect(SearchQuery.Problem.tooManyTerms.description.contains("64"))
    }

    @Test("a query expansion's alternatives join the words as one concept; several words as a phrase")
    func expansion() throws {
        let thesaurus = DictionaryExpansion([
            "ES": ["Eiropas Savienība", "EU"],
            "apvienotās teritoriālās kopienas": ["hromada"],
        ])
        let query = try SearchQuery("ES fondi apvienotās teritoriālās kopienas", expansion: thesaurus)
        #expect(query.concepts.count == 3)
        #expect(try query.expression()
                == #"(("ES" OR "Eiropas Savienība" OR "EU") AND "fondi" AND ("apvienotās teritoriālās kopienas" OR "hromada"))"#)
        // A word bound by OR or NOT is not part of a run the expansion sees.
        #expect(try SearchQuery("fondi OR ES", expansion: thesaurus).expression() == #"("fondi" OR "ES")"#)
        #expect(try SearchQuery("fondi -ES", expansion: thesaurus).expression() == #"("fondi") NOT "ES""#)
        // Function words inside a known term stay in it.
        let ministry = DictionaryExpansion(["VARAM": ["Vides aizsardzības un reģionālās attīstības ministrija"]])
        #expect(try SearchQuery("VARAM un reforma", expansion: ministry).expression()
                == #"(("VARAM" OR "Vides aizsardzības un reģionālās attīstības ministrija") AND "reforma")"#)
    }

    @Test("hostile input never becomes FTS5 syntax: it runs, or is refused for having no words", arguments: [
        "administratīvi-teritoriālā", "2018.", "\"", "AND", "NEAR", "*", "title:lobēt", "a AND", "OR", "(", ")", "((a", "a))",
        "NEAR(a b)", "a:b:c", "-", "--x", "\"\"", "x*y*", "^a", "a + b", "{a b}", "col:\"x\"", "'; DROP TABLE notes; --",
        "\u{0}", "a\"b", "🙂 reforma", "-a -b c",
    ])
    func hostile(input: String) throws {
        let kb = try TestKnowledgeBase()
        try kb.load([seedsDirectory])
        let hasNoWords = ["\"", "AND", "*", "OR", "(", ")", "-", "\"\"", "\u{0}"].contains(input)
        if hasNoWords {
            #expect(throws: SearchQuery.Problem.nothingToSearch) { try SearchEngine(connection: kb.connection).search(input) }
        } else {
            for allWords in [false, true] {
                _ = try SearchEngine(connection: kb.connection).search(input, allWords: allWords)
            }
        }
        #expect(try kb.count("notes") >= 10)
    }

    @Test("unusable queries say what is wrong")
    func problems() {
        #expect(throws: SearchQuery.Problem.nothingToSearch) { try SearchQuery("\" * ( ) -") }
        #expect(throws: SearchQuery.Problem.onlyExclusions) { try SearchQuery("-reforma") }
        #expect(throws: SearchQuery.Problem.exclusionInAlternative) { try SearchQuery("a OR -b") }
        for problem in [SearchQuery.Problem.nothingToSearch, .onlyExclusions, .exclusionInAlternative, .nestedTooDeep,
                        .tooManyTerms, .cannotRun] {
            #expect(problem.description.count > 20 && !problem.description.lowercased().contains("fts5"))
        }
    }

    @Test("random strings never raise an FTS5 error")
    func randomStrings() throws {
        let connection = try Connection.inMemory(configuration: KnowledgeBase.connectionConfiguration())
        try connection.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'latvian')")
        try connection.execute("INSERT INTO t(x) VALUES ('pašvaldību reforma un lobēšana Eiropas Savienībā')")
        let alphabet = Array("aāsšz \"*()-:^+.,OR AND NOT NEAR{}'\\ES12\t")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...16, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            guard let query = try? SearchQuery(text) else { continue }
            let anyConcept = try query.anyConceptExpression()
            let coverage = CoverageRank.rankExpression(concepts: anyConcept.conceptOfPhrase, weights: [1])
            do {
                _ = try connection.rows("SELECT rowid FROM t WHERE t MATCH ?", [try query.expression()])
                for row in try connection.rows("SELECT rank FROM t WHERE t MATCH ? AND rank MATCH ?", [anyConcept.expression, coverage]) {
                    let matched = CoverageRank.decode(rank: row[0, as: Double.self] ?? 0).matched
                    #expect((1...query.concepts.count).contains(matched), "\(text.debugDescription): \(matched)")
                }
            } catch {
                Issue.record("query \(text.debugDescription) failed: \(error)")
            }
        }
    }
}

@Suite("Searching the seeds")
struct SearchEngineTests {
    let kb: TestKnowledgeBase
    var engine: SearchEngine { SearchEngine(connection: kb.connection) }

    init() throws {
        kb = try TestKnowledgeBase()
        try kb.load([seedsDirectory])
    }

    @Test("inflected forms and missing diacritics find the same notes")
    func inflection() throws {
        let proper = try engine.search("pašvaldību reforma", limit: nil).hits.map(\.id)
        let folded = try engine.search("pasvaldibu reformas", limit: nil).hits.map(\.id)
        #expect(!proper.isEmpty)
        #expect(Set(proper) == Set(folded))
        #expect(proper.contains("atr-pieredze-kirgizstanai-2018"))
    }

    @Test("a long word typed in capitals finds what it finds in small letters; a short acronym stays whole")
    func capitals() throws {
        let small = Set(try engine.search("pašvaldību reforma", limit: nil).hits.map(\.id))
        #expect(small.count > 2)
        #expect(Set(try engine.search("PAŠVALDĪBU REFORMA", limit: nil).hits.map(\.id)).isSuperset(of: small))
        #expect(Set(try engine.search("PASVALDIBU REFORMAS", limit: nil).hits.map(\.id)).isSuperset(of: small))
        // VARAM (5 letters) is the ministry, not "varam" (we can): not stemmed to "var".
        let tokens = try LatvianTokenizer.tokens(of: "VARAM", mode: .query, on: kb.connection).map(\.text)
        #expect(tokens == ["varam"])
        let word = try LatvianTokenizer.tokens(of: "PAŠVALDĪBU", mode: .query, on: kb.connection)
        #expect(word.count >= 2 && word.dropFirst().allSatisfy { $0.flags & 1 != 0 }, "\(word)")
    }

    @Test("the cooperation agreement is found by the unions' name without diacritics")
    func agreement() throws {
        let results = try engine.search("pasvaldibu savienibas", limit: 5)
        #expect(results.hits.map(\.id).contains("lps-kps-sadarbibas-ligums-2018"))
        #expect(!results.anyWord)
    }

    @Test("title matches rank above body matches; snippets mark the words as written")
    func ranking() throws {
        let results = try engine.search("Vadības komitejas sanāksme")
        #expect(results.hits.first?.id == "vadibas-komitejas-sanaksme-biskeka-2018")
        #expect(results.hits.first.map { $0.snippet.contains(SearchEngine.highlightStart) } == true)
        let scores = results.hits.map(\.score)
        #expect(scores == scores.sorted(by: >))
    }

    @Test("notes with some of the words are found and marked; the strict mode finds none")
    func partial() throws {
        let results = try engine.search("Biškeka zilonis")
        #expect(results.anyWord)
        #expect(!results.hits.isEmpty)
        #expect(results.hits.allSatisfy { $0.matched == 1 && $0.total == 2 })
        #expect(try engine.search("Biškeka zilonis", allWords: true).hits.isEmpty)
        #expect(try engine.search("zilonis žirafe").hits.isEmpty)
    }

    @Test("filters narrow the results", arguments: [
        ("topic", "sadarbibas-ligumi"), ("country", "LV"), ("kind", "event"), ("year", "2018"), ("person", "Kaminskis"),
    ])
    func filters(name: String, value: String) throws {
        var filter = NoteStore.Filter()
        switch name {
        case "topic": filter.topics = [value]
        case "country": filter.country = value
        case "kind": filter.kind = NoteKind(rawValue: value)
        case "year": filter.fromYear = Int(value); filter.toYear = Int(value)
        default: filter.person = value
        }
        let all = try engine.search("pašvaldību", limit: nil).hits
        let narrowed = try engine.search("pašvaldību", filter: filter, limit: nil).hits
        #expect(!narrowed.isEmpty)
        #expect(narrowed.count <= all.count)
        for hit in narrowed {
            switch name {
            case "topic": #expect(hit.note.topics.contains(value))
            case "country": #expect(hit.note.country == value)
            case "kind": #expect(hit.note.kind.rawValue == value)
            case "year": #expect(hit.note.year == Int(value))
            default: #expect(hit.note.people.contains { $0.name.contains(value) })
            }
        }
    }

    @Test("a parent topic includes its subtopics")
    func subtopics() throws {
        var filter = NoteStore.Filter()
        filter.topics = ["starptautiska-sadarbiba"]
        let ids = try engine.search("pašvaldību", filter: filter, limit: nil).hits.map(\.id)
        #expect(ids.contains("lps-kps-sadarbibas-ligums-2018"))  // filed under sadarbibas-ligumi only
    }

    @Test("rankedKeys: the notes with all words in search's order, else those with any word")
    func rankedKeys() throws {
        for text in ["pašvaldību", "Biškeka zilonis", "reforma -Biškeka", "pašvaldību savienība Biškeka"] {
            let query = try SearchQuery(text)
            let results = try engine.search(query, limit: nil)
            let keys = try engine.rankedKeys(query)
            #expect(keys.anyWord == results.anyWord, "\(text)")
            #expect(keys.pks == (keys.anyWord ? results.hits : results.hits.filter { !$0.isPartial }).map(\.pk), "\(text)")
            #expect(try engine.search(query, limit: nil, allWords: true).hits.map(\.pk) == (keys.anyWord ? [] : keys.pks))
        }
    }

    @Test("limit and offset page through the same ranking")
    func paging() throws {
        let all = try engine.search("pašvaldību", limit: nil).hits.map(\.id)
        let page = try engine.search("pašvaldību", limit: 3, offset: 2).hits.map(\.id)
        #expect(page == Array(all[2..<5]))
    }
}

@Suite("Verb and verbal noun at query time")
struct VerbalNounTests {
    @Test("a query's verb also matches its verbal noun and back, as colocated query tokens")
    func colocated() throws {
        let connection = try Connection.inMemory(configuration: KnowledgeBase.connectionConfiguration())
        let verb = try LatvianTokenizer.tokens(of: "lobēt", mode: .query, on: connection)
        #expect(verb.first?.text == "lob")
        #expect(verb.dropFirst().map(\.text) == ["lobesan", "lobejum", "lobet", "lobejos", "lobejam"])
        #expect(try LatvianTokenizer.tokens(of: "apvienot", mode: .query, on: connection).map(\.text) == ["apvien", "apvieno", "apvienosan", "apvienojum", "apvienot", "apvienojos", "apvienojam"])
        // Words that are not infinitives or verbal nouns get no synonym.
        #expect(try LatvianTokenizer.tokens(of: "reformas", mode: .query, on: connection).map(\.text) == ["reform"])
        #expect(verb.dropFirst().allSatisfy { $0.flags & FTS5_TOKEN_COLOCATED != 0 })
        let noun = try LatvianTokenizer.tokens(of: "apvienošana", mode: .query, on: connection)
        #expect(noun.map(\.text) == ["apvienosan", "apvien", "apvieno", "apvienojum", "apvienot", "apvienojos", "apvienojam"])
        // Documents are indexed without synonyms: the index stays one token a word.
        #expect(try LatvianTokenizer.tokens(of: "lobēt apvienošana", mode: .document, on: connection).count == 2)
    }

    @Test("lobēt finds lobēšana, apvienošana finds apvienot")
    func search() throws {
        let connection = try Connection.inMemory(configuration: KnowledgeBase.connectionConfiguration())
        try connection.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'latvian')")
        try connection.execute("INSERT INTO t(x) VALUES ('Pašvaldību interešu lobēšanā Eiropas Savienības institūcijās'), ('Novadus nolēma apvienot')")
        #expect(try connection.rows("SELECT rowid FROM t WHERE t MATCH ?", [#""lobēt" AND "institūcijas""#]).count == 1)
        #expect(try connection.rows("SELECT rowid FROM t WHERE t MATCH ?", [#""apvienošana""#]).count == 1)
        #expect(try connection.rows("SELECT rowid FROM t WHERE t MATCH ?", [#""lobēšana institūcijās""#]).count == 0)
    }

    @Test("an -īt verb's infinitive also matches its past in -īj-, and the past the rest of the verb")
    func pastOfIVerbs() throws {
        let connection = try Connection.inMemory(configuration: KnowledgeBase.connectionConfiguration())
        // The stemmer keeps -īj- (the index tells parakstīja from paraksta); the query joins them.
        #expect(LatvianStemmer.stem("parakstīja") != LatvianStemmer.stem("parakstīt"))
        #expect(try LatvianTokenizer.tokens(of: "parakstīt", mode: .query, on: connection).map(\.text)
                == ["parakst", "parakstisan", "parakstijum", "parakstit", "parakstos", "parakstam", "parakstij"])
        #expect(try LatvianTokenizer.tokens(of: "piedalīties", mode: .query, on: connection).map(\.text) == ["piedal", "piedalisan", "piedalijum", "piedalit", "piedalos", "piedalam", "piedalij"])
        #expect(try LatvianTokenizer.tokens(of: "parakstīja", mode: .query, on: connection).map(\.text) == ["parakstij", "parakst"])
        #expect(try LatvianTokenizer.tokens(of: "parakstīt", mode: .document, on: connection).map(\.text) == ["parakst"])
        // -āt and -ēt verbs have no -īj- past to add.
        #expect(try LatvianTokenizer.tokens(of: "lobēt", mode: .query, on: connection).map(\.text) == ["lob", "lobesan", "lobejum", "lobet", "lobejos", "lobejam"])

        try connection.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'latvian')")
        try connection.execute("""
            INSERT INTO t(x) VALUES ('LPS un KPS parakstīja sadarbības līgumu'), ('Eksperti piedalījās sanāksmē'),
                                    ('Līgumu paraksta abas puses')
            """)
        func matches(_ expression: String) throws -> [Int64] {
            try connection.rows("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", [expression]).compactMap { $0[0, as: Int64.self] }
        }
        #expect(try matches(#""parakstīt" "līgumu""#) == [1, 3])
        #expect(try matches(#""piedalīties""#) == [2])
        #expect(try matches(#""parakstīja""#) == [1, 3])
    }
}

@Suite("Ranking with partial matches")
struct PartialMatchTests {
    let kb: TestKnowledgeBase
    var engine: SearchEngine { SearchEngine(connection: kb.connection) }

    init() throws {
        kb = try TestKnowledgeBase()
        let notes = [
            markdownNote(id: "visi-tris", title: "Novietne", body: "Bibliotēkas velosipēdu novietne un kompostēšana."),
            markdownNote(id: "divi", title: "Novietne", body: "Bibliotēkas velosipēdu novietne. "
                         + String(repeating: "Pie ēkas ir vieta, kur apmeklētāji atstāj savus transportlīdzekļus. ", count: 8)),
            markdownNote(id: "viens-virsraksta", title: "Kompostēšana", body: "Par to, kā kompostēt."),
            markdownNote(id: "neviens", title: "Budžets", body: "Ienākumi un izdevumi."),
        ] + (1...10).map { markdownNote(id: "cits-\($0)", title: "Sanāksme \($0)", body: "Apspriešana par ceļiem un skolām.") }
        for (index, note) in notes.enumerated() { try kb.directory.write("n\(index).md", note) }
        try kb.load([kb.directory.path])
    }

    @Test("all concepts first, then most concepts, bm25 last; each hit says how many it matches")
    func order() throws {
        let results = try engine.search("bibliotēka velosipēdi kompostēšana")
        #expect(results.hits.map(\.id) == ["visi-tris", "divi", "viens-virsraksta"])
        #expect(results.hits.map(\.matched) == [3, 2, 1])
        #expect(results.hits.allSatisfy { $0.total == 3 } && results.total == 3)
        #expect(!results.anyWord)
        // The title match scores higher by bm25 than the body matches, yet ranks last.
        #expect(results.hits[2].score > results.hits[1].score)
        let strict = try engine.search("bibliotēka velosipēdi kompostēšana", allWords: true)
        #expect(strict.hits.map(\.id) == ["visi-tris"])
        #expect(strict.hits.map(\.matched) == [3])
    }

    @Test("the limit is filled with partial matches; function words change nothing")
    func fill() throws {
        #expect(try engine.search("bibliotēka velosipēdi kompostēšana", limit: 2).hits.map(\.id) == ["visi-tris", "divi"])
        // A window the notes with every word fill is the strict pass's answer, in the same order.
        let first = try engine.search("bibliotēka velosipēdi kompostēšana", limit: 1)
        #expect(first.hits.map(\.id) == ["visi-tris"] && first.hits.map(\.matched) == [3])
        #expect(first.expression == #"("bibliotēka" AND "velosipēdi" AND "kompostēšana")"#)
        let withStopWords = try engine.search("bibliotēka ar velosipēdiem un kompostēšana pēc")
        #expect(withStopWords.hits.map(\.id) == ["visi-tris", "divi", "viens-virsraksta"])
        #expect(withStopWords.total == 3)
    }

    @Test("coverage's bm25 is FTS5's bm25 with the same weights")
    func sameBM25() throws {
        let query = try SearchQuery("novietne kompostēšana")
        let anyConcept = try query.anyConceptExpression()
        let rank = try engine.coverageRank(anyConcept.conceptOfPhrase)
        let rows = try kb.connection.rows("""
            SELECT rowid, rank, bm25(notes_fts, 10.0, 5.0, 2.0, 5.0, 2.0, 1.0) FROM notes_fts
            WHERE notes_fts MATCH ? AND rank MATCH ? ORDER BY rank
            """, [anyConcept.expression, rank])
        #expect(rows.count == 3)
        for row in rows {
            let decoded = CoverageRank.decode(rank: row[1, as: Double.self] ?? 0)
            #expect(abs(decoded.score + (row[2, as: Double.self] ?? 0)) < 1e-6)
        }
    }

    @Test("an expansion's alternative finds the note, a multi-word one as a phrase, counted as one concept")
    func expansion() throws {
        let thesaurus = DictionaryExpansion(["ritenis": ["velosipēdu novietne"], "VB": ["bibliotēka"]])
        let results = try SearchEngine(connection: kb.connection, expansion: thesaurus).search("VB ritenis")
        #expect(Set(results.hits.map(\.id)) == ["visi-tris", "divi"])
        #expect(results.hits.allSatisfy { $0.matched == 2 && $0.total == 2 })
        // The words of the phrase apart do not make the alternative match.
        let apart = DictionaryExpansion(["ritenis": ["novietne velosipēdu"]])
        #expect(try SearchEngine(connection: kb.connection, expansion: apart).search("ritenis").hits.isEmpty)
    }

    @Test("the deepest query allowed, alternating AND and OR with prefixes, runs in both modes")
    func deepestRuns() throws {
        var text = "bibliotēkas*"
        for level in 0..<SearchQuery.maximumDepth {
            text = level % 2 == 0 ? "(velosipēdu* OR \(text))" : "(novietne \(text))"
        }
        for allWords in [false, true] {
            #expect(Set(try engine.search(text, allWords: allWords).hits.map(\.id)) == ["visi-tris", "divi"])
        }
    }

    @Test("a prefix longer than a stem finds the words that start with it")
    func prefix() throws {
        // "Bibliotēkas" is indexed as its stem, shorter than the prefix.
        #expect(Set(try engine.search("bibliotēkas*").hits.map(\.id)) == ["divi", "visi-tris"])
        #expect(try engine.search("bibliotēk*").hits.count == 2)
        #expect(try engine.search("kompostēšana*").hits.count == 2)
    }
}

/// A thesaurus from a dictionary, for tests: a run of words as typed (joined by spaces) that is a
/// key has the key's alternatives; the longest key at each position wins.
struct DictionaryExpansion: QueryExpansion {
    let terms: [String: [String]]
    let longest: Int

    init(_ terms: [String: [String]]) {
        self.terms = terms
        longest = terms.keys.map { $0.split(separator: " ").count }.max() ?? 1
    }

    func matches(in words: [String]) -> [QueryExpansionMatch] {
        var matches: [QueryExpansionMatch] = []
        var start = 0
        while start < words.count {
            var found: QueryExpansionMatch?
            for length in stride(from: min(longest, words.count - start), through: 1, by: -1) {
                if let alternatives = terms[words[start..<(start + length)].joined(separator: " ")] {
                    found = QueryExpansionMatch(range: start..<(start + length), alternatives: alternatives)
                    break
                }
            }
            if let found { matches.append(found); start = found.range.upperBound } else { start += 1 }
        }
        return matches
    }
}
