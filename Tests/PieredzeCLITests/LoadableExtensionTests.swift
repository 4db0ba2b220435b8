import CSQLiteExtension
import Foundation
import Testing

/// `liblatvian.so` in the `sqlite3` shell: the program other tools would use to open a Pieredze
/// database, whose index needs the latvian tokenizer.
extension CLITests {
    /// The extension beside the binary (`swift build` builds both into one products folder).
    static let extensionLibrary = binary.deletingLastPathComponent().appendingPathComponent("liblatvian.so").path
    static let shell = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs the sqlite3 shell on the test database, loading the extension first when asked.
    func sqlite3(_ sql: String, loadingExtension: Bool = true) throws -> Result {
        let shell = try #require(Self.shell, "the sqlite3 shell is not installed (make test installs it)")
        let arguments = ["-bail"] + (loadingExtension ? ["-cmd", ".load \(Self.extensionLibrary)"] : []) + [db, sql]
        return try Self.spawn(URL(fileURLWithPath: shell), arguments, in: directory)
    }

    @Test("the sqlite3 shell with liblatvian finds what pieredze search finds, stems and folds included")
    func shellWithExtensionMatchesSearch() throws {
        try loadSeeds()
        let pieredze = try run(["search", "--format", "ids", "--limit", "100", "pasvaldibu savienibas"])
        #expect(pieredze.status == 0)
        // pieredze search lists the notes with all the words first, then those with some of them.
        let shell = try sqlite3("""
            SELECT n.id FROM notes_fts JOIN notes n ON n.pk = notes_fts.rowid
            WHERE notes_fts MATCH '"pasvaldibu" OR "savienibas"' ORDER BY rank
            """)
        #expect(shell.status == 0, "\(shell.stderr)")
        let expected = Set(pieredze.stdout.split(separator: "\n"))
        #expect(expected.count >= 2)
        #expect(Set(shell.stdout.split(separator: "\n")) == expected)
    }

    @Test("highlight() through the extension marks the words as written, diacritics and case kept")
    func shellHighlightsWordsAsWritten() throws {
        try loadSeeds()
        let shell = try sqlite3("""
            SELECT highlight(notes_fts, 0, '[', ']') FROM notes_fts WHERE notes_fts MATCH 'title : lobesana'
            """)
        #expect(shell.status == 0, "\(shell.stderr)")
        #expect(shell.stdout.contains("[lobēšanā]"), "\(shell.stdout)")
    }

    @Test("without the extension the shell cannot use the index, and says which tokenizer is missing")
    func shellWithoutExtension() throws {
        try loadSeeds()
        let shell = try sqlite3("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'reforma'", loadingExtension: false)
        #expect(shell.status != 0)
        #expect(shell.stderr.contains("latvian"), "\(shell.stderr)")
    }

    @Test("in a program with its own copy of SQLite the extension refuses to load, and says why")
    func extensionRefusesAForeignSQLite() throws {
        typealias EntryPoint = @convention(c) (
            OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, UnsafePointer<sqlite3_api_routines>?
        ) -> Int32
        let library = try #require(dlopen(Self.extensionLibrary, RTLD_NOW), "cannot open \(Self.extensionLibrary)")
        // Never dlclose'd: the Swift runtime keeps pointers into a loaded image's conformance records.
        let entry = unsafeBitCast(try #require(dlsym(library, "sqlite3_latvian_init")), to: EntryPoint.self)
        // A routines table that is not the linked library's, as another SQLite copy would pass.
        var routines = sqlite3_api_routines()
        routines.malloc = { size in malloc(Int(size)) }
        var message: UnsafeMutablePointer<CChar>?
        let code = entry(nil, &message, &routines)
        #expect(code == SQLITE_ERROR)
        let text = try #require(message.map { String(cString: $0) })
        #expect(text.contains("its own copy of SQLite"), "\(text)")
        free(message)
    }
}
