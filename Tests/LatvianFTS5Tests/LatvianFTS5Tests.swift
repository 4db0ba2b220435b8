import CSQLite
import Testing
@testable import LatvianFTS5
import LatvianText

/// An in-memory SQLite database with the `latvian` tokenizer registered, through the C API only
/// (LatvianFTS5 knows nothing of PieredzeStorage).
final class Database {
    let db: OpaquePointer

    init() throws {
        var db: OpaquePointer?
        guard sqlite3_open(":memory:", &db) == SQLITE_OK, let db else { throw Failure("cannot open an in-memory database") }
        self.db = db
        try LatvianFTS5.register(on: db)
    }

    deinit { sqlite3_close(db) }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    func tokens(_ text: String, _ mode: LatvianFTS5.Mode = .document) throws -> [LatvianFTS5.Token] {
        try LatvianFTS5.tokens(of: text, mode: mode, on: db)
    }

    /// The token texts of `text`, with colocated tokens after a "+".
    func terms(_ text: String, _ mode: LatvianFTS5.Mode = .document) throws -> [String] {
        try tokens(text, mode).map { $0.flags & FTS5_TOKEN_COLOCATED != 0 ? "+" + $0.text : $0.text }
    }

    func execute(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw Failure(String(cString: sqlite3_errmsg(db))) }
    }

    /// The first column of every row of `sql`, with `parameters` bound as text.
    func column(_ sql: String, _ parameters: String...) throws -> [String] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw Failure(String(cString: sqlite3_errmsg(db))) }
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (index, parameter) in parameters.enumerated() {
            sqlite3_bind_text(statement, Int32(index + 1), parameter, -1, transient)
        }
        var values: [String] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return values }
            guard code == SQLITE_ROW else { throw Failure(String(cString: sqlite3_errmsg(db))) }
            values.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
        }
    }

    /// A table `t(x)` with one row per text, rowids from 1.
    func table(_ texts: [String], tokenize: String = "latvian") throws {
        try execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = '\(tokenize)')")
        for text in texts { _ = try column("INSERT INTO t(x) VALUES (?)", text) }
    }

    /// Rowids of `t` that match the FTS5 expression, in order.
    func matches(_ expression: String) throws -> [Int] {
        try column("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", expression).compactMap { Int($0) }
    }
}

@Suite("Tokens")
struct TokenTests {
    @Test("words are folded and stemmed; offsets point at the words as written")
    func offsets() throws {
        let database = try Database()
        let text = "Pašvaldību reformās — LPS."
        let tokens = try database.tokens(text)
        #expect(tokens.map(\.text) == ["pasvaldib", "reform", "lps"])
        let utf8 = Array(text.utf8)
        #expect(tokens.map { String(decoding: utf8[$0.start..<$0.end], as: UTF8.self) } == ["Pašvaldību", "reformās", "LPS"])
    }

    @Test("prefix query terms are folded, not stemmed")
    func prefix() throws {
        #expect(try Database().terms("pašvaldības", .prefixQuery) == ["pasvaldibas"])
    }
}

@Suite("Derivational families at query time")
struct DerivationTokenTests {
    @Test("a query word's family follows it as colocated query tokens; documents get none")
    func colocated() throws {
        let database = try Database()
        #expect(try database.terms("finansēt", .query)
                == ["finans", "+finansesan", "+finansejum", "+finanset", "+finansejos", "+finansejam"])
        #expect(try database.terms("izvērtēšana", .query) == ["izvertesan", "+izvert", "+izvertejum", "+izvertet", "+izvertejos", "+izvertejam"])
        #expect(try database.terms("finansēt izvērtēšana", .document) == ["finans", "izvertesan"])
        #expect(try database.terms("finans*", .prefixQuery) == ["finans"])
    }

    @Test("izvērtēšana finds izvērtējums, finansēt finds finansējums, vienoties finds vienošanās")
    func search() throws {
        let database = try Database()
        try database.table([
            "Reformas izvērtējums tika publicēts", "Projektu finansējums no ES fondiem",
            "Pašvaldības vienojās par sadarbību", "Līgums par vienošanos", "Viena pašvaldība",
        ])
        #expect(try database.matches(#""reformas" "izvērtēšana""#) == [1])
        #expect(try database.matches(#""finansēt" "projektus""#) == [2])
        #expect(try database.matches(#""vienoties""#) == [3, 4])
        #expect(try database.matches(#""finansētājs""#) == [2])
    }
}

@Suite("Compounds at index time")
struct CompoundTokenTests {
    @Test("a compound's base word is indexed colocated with the compound's own stem")
    func colocated() throws {
        let database = try Database()
        let tokens = try database.tokens("pretkorupcijas pasākumi")
        #expect(tokens.map(\.text) == ["pretkorupcij", "korupcij", "pasakum"])
        #expect(tokens.map { $0.flags & FTS5_TOKEN_COLOCATED != 0 } == [false, true, false])
        #expect(tokens[0].start == tokens[1].start && tokens[0].end == tokens[1].end)
        // Queries are not split: a search for the compound stays as precise as before.
        let queryTerms = try database.terms("pārrobežu", .query)
        #expect(queryTerms.first == "parrobez")
        #expect(!queryTerms.contains("robez"))
        // `compounds 0` turns it off.
        try database.execute("CREATE VIRTUAL TABLE plain USING fts5(x, tokenize = 'latvian compounds 0')")
        _ = try database.column("INSERT INTO plain(x) VALUES ('pretkorupcijas')")
        #expect(try database.column("SELECT rowid FROM plain WHERE plain MATCH 'korupcija'").isEmpty)
    }

    @Test("korupcija finds pretkorupcijas, robežas finds pārrobežu, ievēlēto finds jaunievēlētajiem")
    func search() throws {
        let database = try Database()
        try database.table(["Pretkorupcijas pasākumi", "Pārrobežu sadarbība", "Jaunievēlētajiem deputātiem", "Robežas"])
        #expect(try database.matches(#""korupcija""#) == [1])
        #expect(try database.matches(#""robežas""#) == [2, 4])
        #expect(try database.matches(#""ievēlēto""#) == [3])
        #expect(try database.matches(#""pārrobežu sadarbība""#) == [2])
        let marked = try database.column("SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH 'korupcija'")
        #expect(marked == ["[Pretkorupcijas] pasākumi"])
    }
}

@Suite("Invisible characters")
struct InvisibleCharacterTokenTests {
    @Test("soft hyphens and zero-width characters are removed; offsets cover the word as written")
    func removed() throws {
        let database = try Database()
        let text = "Paš\u{200B}val\u{AD}dību re\u{2060}for\u{200D}mas \u{FEFF}LPS\u{200C}"
        let tokens = try database.tokens(text)
        #expect(tokens.map(\.text) == ["pasvaldib", "reform", "lps"])
        let utf8 = Array(text.utf8)
        #expect(tokens.map { String(decoding: utf8[$0.start..<$0.end], as: UTF8.self) }
                == ["Paš\u{200B}val\u{AD}dību", "re\u{2060}for\u{200D}mas", "\u{FEFF}LPS\u{200C}"])
        // A run of invisible characters alone is no token.
        #expect(try database.terms("a \u{200B}\u{AD} b").count == 2)
    }

    @Test("notes and queries with invisible characters match the plain word; highlight marks the word whole")
    func search() throws {
        let database = try Database()
        try database.table(["Pašval\u{AD}dību reforma", "Pašvaldību sadarbība"])
        #expect(try database.matches(#""pašvaldība""#) == [1, 2])
        #expect(try database.matches("\"pašval\u{200B}dība\"") == [1, 2])
        #expect(try database.matches("\"pašval\u{AD}d\"*") == [1, 2])
        let marked = try database.column("SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH 'pašvaldība reforma'")
        #expect(marked == ["[Pašval\u{AD}dību] [reforma]"])
    }
}

@Suite("Russian words")
struct RussianTokenTests {
    @Test("Cyrillic words are stemmed with Snowball's Russian stemmer, folded like the text")
    func stemmed() throws {
        let database = try Database()
        #expect(try database.terms("реформа реформы реформу Реформами") == ["реформ", "реформ", "реформ", "реформ"])
        // unicode61 keeps й, whose endings Snowball needs (новый → нов).
        #expect(try database.terms("новый новая Новое") == ["нов", "нов", "нов"])
        #expect(try database.terms("Районный район") == ["район", "район"])
        // Kyrgyz letters outside Russian's alphabet are folded, not stemmed; Latin words are Latvian.
        #expect(try database.terms("өкмөт reformas") == ["өкмөт", "reform"])
    }

    @Test("реформа finds реформы and реформу; an unstemmed prefix still matches")
    func search() throws {
        let database = try Database()
        try database.table(["Муниципальные реформы в Кыргызстане", "Итоги реформу", "Районный совет"])
        #expect(try database.matches(#""реформа""#) == [1, 2])
        #expect(try database.matches(#""муниципальная""#) == [1])
        #expect(try database.matches(#""рай" *"#) == [3])
    }
}
