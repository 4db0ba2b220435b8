import Foundation
import PieredzeKit
import PieredzeStorage
import Testing

/// Filters fold like the search (issue 11, item 11): case, diacritics and NFC do not matter, and
/// `%` and `_` are literal characters, not LIKE wildcards.
@Suite("Filters fold case and diacritics and match literally")
struct FilterFoldingTests {
    let kb: TestKnowledgeBase

    init() throws {
        kb = try TestKnowledgeBase()
        let notes = """
            {"id":"edinasana","title":"Skolu ēdināšana","tags":["Ēdināšana"],"organizations":["Rīgas pašvaldība"],"people":["Jānis Bērziņš"]}
            {"id":"biskeka","title":"Vizīte","tags":["Biškeka","100%_atbalsts"],"organizations":["LPS"],"people":["Anna Ozola"]}
            {"id":"savieniba","title":"Savienība","tags":["reforma"],"organizations":["Latvijas Pašvaldību savienība (LPS)","Fonds 50%"],"people":["Kārlis_Liepa"]}
            {"id":"cits","title":"Cits","tags":["ēdiens"],"organizations":["Alpsee biedrība"],"people":["Ilze Bērziņa"]}
            """
        try kb.load([try kb.directory.write("notes.jsonl", notes + "\n")])
    }

    func ids(_ configure: (inout NoteStore.Filter) -> Void) throws -> [String] {
        var filter = NoteStore.Filter()
        configure(&filter)
        return try kb.knowledgeBase.listing(matching: filter).map(\.id).sorted()
    }

    @Test("a tag matches whole, whatever its case and diacritics")
    func tags() throws {
        #expect(try ids { $0.tag = "ēdināšana" } == ["edinasana"])
        #expect(try ids { $0.tag = "EDINASANA" } == ["edinasana"])
        #expect(try ids { $0.tag = "biskeka" } == ["biskeka"])
        #expect(try ids { $0.tag = "BIŠKEKA" } == ["biskeka"])
        // Decomposed input (e + combining macron) is the same tag once normalised.
        #expect(try ids { $0.tag = "e\u{0304}dina\u{0304}s\u{030C}ana" } == ["edinasana"])
        // Whole value: a part of a tag is not the tag.
        #expect(try ids { $0.tag = "ēdin" } == [])
    }

    @Test("an organisation or a person matches by a part of the name, folded")
    func organisationsAndPeople() throws {
        #expect(try ids { $0.organization = "PAŠVALDĪBA" } == ["edinasana"])
        #expect(try ids { $0.organization = "pasvaldibu" } == ["savieniba"])
        #expect(try ids { $0.organization = "LPS" } == ["biskeka", "cits", "savieniba"])
        #expect(try ids { $0.person = "BĒRZIŅŠ" } == ["edinasana"])
        #expect(try ids { $0.person = "berzin" } == ["cits", "edinasana"])
    }

    @Test("% and _ are literal characters")
    func literalWildcards() throws {
        #expect(try ids { $0.tag = "100%_atbalsts" } == ["biskeka"])
        #expect(try ids { $0.tag = "100%" } == [])
        #expect(try ids { $0.tag = "%" } == [])
        #expect(try ids { $0.organization = "%" } == ["savieniba"])
        #expect(try ids { $0.organization = "50%" } == ["savieniba"])
        #expect(try ids { $0.organization = "_" } == [])
        #expect(try ids { $0.person = "_" } == ["savieniba"])
        #expect(try ids { $0.person = "Kārlis Liepa" } == [])
    }

    @Test("pieredze_fold is the index's folding, NULL-safe, and usable in stored SQL with trusted_schema off")
    func foldFunction() throws {
        let connection = try Connection.inMemory(configuration: KnowledgeBase.connectionConfiguration())
        #expect(try connection.isSchemaTrusted == false)
        #expect(try connection.scalar("SELECT pieredze_fold(?)", ["Pašvaldību SAVIENĪBA"], as: String.self) == "pasvaldibu savieniba")
        #expect(try connection.scalar("SELECT pieredze_fold(NULL) IS NULL", as: Int.self) == 1)
        // A view is stored SQL: only innocuous functions may run in it while the schema is untrusted.
        try connection.execute("CREATE TABLE t (name TEXT)")
        try connection.execute("INSERT INTO t VALUES ('Ēdināšana')")
        try connection.execute("CREATE VIEW folded AS SELECT pieredze_fold(name) AS name FROM t")
        #expect(try connection.scalar("SELECT name FROM folded", as: String.self) == "edinasana")
    }

    @Test("the search applies the same filters")
    func searchFilters() throws {
        var filter = NoteStore.Filter()
        filter.tag = "biskeka"
        let results = try kb.knowledgeBase.search(try SearchQuery("vizīte"), filter: filter)
        #expect(results.hits.map(\.id) == ["biskeka"])
    }
}
