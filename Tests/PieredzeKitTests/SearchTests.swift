import CSQLite
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
        #expect(try SearchQuery("lobē*").expression() == #""lobē" *"#)
        #expect(try SearchQuery("reforma -finanses").expression() == #"("reforma") NOT "finanses""#)
        #expect(try SearchQuery("reforma NOT finanses").expression() == #"("reforma") NOT "finanses""#)
        #expect(try SearchQuery("lobēšana OR interešu dialogs").expression() == #"(("lobēšana" OR "interešu") AND "dialogs")"#)
        #expect(try SearchQuery("(a OR b) c").expression() == #"(("a" OR "b") AND "c")"#)
        #expect(try SearchQuery("ES").expression() == #"("ES" OR "Eiropas Savienība")"#)
        #expect(try SearchQuery("es").expression() == #""es""#)
    }

    @Test("hostile input never becomes FTS5 syntax", arguments: [
        "administratīvi-teritoriālā", "2018.", "\"", "AND", "NEAR", "*", "title:lobēt", "a AND", "OR", "(", ")", "((a", "a))",
        "NEAR(a b)", "a:b:c", "-", "--x", "\"\"", "x*y*", "^a", "a + b", "{a b}", "col:\"x\"", "'; DROP TABLE notes; --",
        "\u{0}", "a\"b", "🙂 reforma", "-a -b c",
    ])
    func hostile(input: String) throws {
        let kb = try TestKnowledgeBase()
        try kb.load([seedsDirectory])
        do {
            _ = try SearchEngine(connection: kb.connection).search(input)
        } catch let problem as SearchQuery.Problem {
            #expect(!problem.description.isEmpty)  // unusable input is explained, not an FTS5 error
        }
        #expect(try kb.count("notes") >= 10)
    }

    @Test("unusable queries say what is wrong")
    func problems() {
        #expect(throws: SearchQuery.Problem.nothingToSearch) { try SearchQuery("\" * ( ) -") }
        #expect(throws: SearchQuery.Problem.onlyExclusions) { try SearchQuery("-reforma") }
        #expect(throws: SearchQuery.Problem.exclusionInAlternative) { try SearchQuery("a OR -b") }
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
            for expression in [try query.expression(), try query.anyWordExpression()].compactMap({ $0 }) {
                do {
                    _ = try connection.rows("SELECT rowid FROM t WHERE t MATCH ?", [expression])
                } catch {
                    Issue.record("query \(text.debugDescription) → \(expression) failed: \(error)")
                }
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

    @Test("the cooperation agreement is found by the unions' name without diacritics")
    func agreement() throws {
        let results = try engine.search("pasvaldibu savienibas", limit: 5)
        #expect(results.hits.map(\.id).contains("lps-kps-sadarbibas-ligums-2018"))
        #expect(!results.relaxed)
    }

    @Test("title matches rank above body matches; snippets mark the words as written")
    func ranking() throws {
        let results = try engine.search("Vadības komitejas sanāksme")
        #expect(results.hits.first?.id == "vadibas-komitejas-sanaksme-biskeka-2018")
        #expect(results.hits.first.map { $0.snippet.contains(SearchEngine.highlightStart) } == true)
        let scores = results.hits.map(\.score)
        #expect(scores == scores.sorted(by: >))
    }

    @Test("all-words falls back to any-word and says so")
    func relaxed() throws {
        let results = try engine.search("Biškeka zilonis")
        #expect(results.relaxed)
        #expect(!results.hits.isEmpty)
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

    @Test("rankedKeys gives the same order as search, and the same fallback")
    func rankedKeys() throws {
        for text in ["pašvaldību", "Biškeka zilonis", "reforma -Biškeka"] {
            let query = try SearchQuery(text)
            let results = try engine.search(query, limit: nil)
            let keys = try engine.rankedKeys(query)
            #expect(keys.pks == results.hits.map(\.pk))
            #expect(keys.relaxed == results.relaxed)
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
