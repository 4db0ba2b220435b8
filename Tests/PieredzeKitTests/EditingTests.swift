import Foundation
import Testing
@testable import PieredzeKit
import PieredzeStorage

@Suite("near-duplicate warning: threshold, candidates, linear work")
struct NearDuplicateTests {
    /// The seeds' notes, as the store reads them back.
    private func seeds() throws -> (TestKnowledgeBase, [Note]) {
        let kb = try TestKnowledgeBase()
        try kb.load([seedsDirectory])
        return (kb, try kb.knowledgeBase.notes(pks: try kb.knowledgeBase.notePKs(matching: NoteStore.Filter())))
    }

    @Test("the 14 seed notes, about one project and one visit, are far below the threshold against each other")
    func seedsAreDistinct() throws {
        let (_, notes) = try seeds()
        #expect(notes.count == 14)
        var work = 0
        let shingles = notes.map { NearDuplicates.shingles(NearDuplicates.words(NearDuplicates.comparedText($0), work: &work)) }
        var highest = 0.0
        for i in shingles.indices { for j in shingles.indices where j > i { highest = max(highest, NearDuplicates.jaccard(shingles[i], shingles[j])) } }
        #expect(highest < 0.1, "highest similarity between two seeds: \(highest)")
    }

    @Test("a note with a new title and a few words changed is found; a different note is not")
    func findsEditedCopy() throws {
        let (kb, notes) = try seeds()
        let original = try #require(notes.first { $0.id == "kps-macibu-vizite-latvija-2018" })
        var copy = original
        copy.title = "Cits nosaukums"
        copy.id = "cits-nosaukums"
        copy.lesson = copy.lesson.replacingOccurrences(of: "trīs grupas", with: "vairākas grupas")
        var finder = try NearDuplicates(connection: kb.connection)
        let match = try #require(try finder.closest(to: copy))
        #expect(match.id == original.id)
        #expect(match.similarity >= NearDuplicates.threshold && match.similarity < 1)
        var other = Note(id: "cits", title: "Cits")
        other.body = "Ūdenssaimniecības pakalpojumi mazās pašvaldībās prasa kopīgus iepirkumus, reģionālus operatorus un ilgtermiņa investīciju plānus."
        #expect(try finder.closest(to: other) == nil)
    }

    @Test("a load's look-ups grow linearly with the notes loaded (doubling, counted steps)")
    func linearWork() throws {
        let (kb, _) = try seeds()
        func work(notes count: Int) throws -> Int {
            var finder = try NearDuplicates(connection: kb.connection)
            for number in 0..<count {
                var note = Note(id: "n-\(number)", title: "Nr \(number)")
                note.body = "Pašvaldību sadarbības projekts numur \(number) Kirgizstānā ar mācību vizītēm, lobēšanas pieredzi "
                    + "un nacionālā dialoga platformas veidošanu kopā ar partneriem no Latvijas pašvaldību savienības."
                _ = try finder.closest(to: note)
            }
            return finder.work
        }
        let small = try work(notes: 50), large = try work(notes: 100)
        #expect(small > 0)
        #expect(Double(large) <= 2.1 * Double(small), "50 notes: \(small) steps, 100 notes: \(large)")
    }

    @Test("only notes loaded without an id are checked, and only against notes there before the load")
    func onlyWithoutID() throws {
        let (kb, notes) = try seeds()
        let original = try #require(notes.first { $0.id == "kps-macibu-vizite-latvija-2018" })
        var copy = original
        copy.title = "Jauns virsraksts"
        copy.id = "jauns-virsraksts"
        let withID = try kb.directory.write("ar-id.md", try NoteExporter.markdown(copy))
        #expect(try kb.load([withID]).warnings.isEmpty)
        copy.id = "cits-virsraksts"
        copy.title = "Cits virsraksts"
        let withoutID = try NoteExporter.markdown(copy).replacingOccurrences(of: "id: cits-virsraksts\n", with: "")
        let warnings = try kb.load([try kb.directory.write("bez-id.md", withoutID)]).warnings
        #expect(warnings.count == 1)
        // The closest is the original (or the copy loaded just before, which was there before this load).
        #expect(warnings.first?.message.hasPrefix("looks like ") == true)
        #expect(warnings.first?.severity == .warning)
    }
}

@Suite("canonical YAML scalars and the problem block of a draft")
struct DraftTests {
    @Test("plain only where YAML reads it back as written", arguments: [
        ("pašvaldību asociācija", false, true), ("KPS valdes priekšsēdētājs, Narina mērs", false, true),
        ("KPS valdes priekšsēdētājs, Narina mērs", true, false), ("https://www.lps.lv/", false, true),
        ("a: b", false, false), ("a #b", false, false), ("#a", false, false), ("- a", false, false), ("null", false, false),
        ("~", false, false), ("", false, false), (" a", false, false), ("a:", false, false), ("'a'", false, false),
        ("a\tb", false, false), ("a\u{2028}b", false, false), ("reforma", true, true), ("a:b", true, false),
    ])
    func plain(text: String, inFlow: Bool, plain: Bool) {
        #expect(CanonicalYAML.isPlain(text, inFlow: inFlow) == plain)
    }

    @Test("double quotes escape what YAML may not carry raw")
    func doubleQuoted() {
        #expect(CanonicalYAML.doubleQuoted("a \"b\" \\ c\nd\te\u{85}f\u{FEFF}\u{1}") == "\"a \\\"b\\\" \\\\ c\\nd\\te\\Nf\\uFEFF\\u0001\"")
    }

    @Test("hostile titles, tags and roles read back unchanged through the loader")
    func hostileValues() throws {
        var note = Note(id: "naidigs", title: "Reforma #2: \"pēdiņas\" un \\ slīpsvītra")
        note.summary = "Kopsavilkums: ar kolu # un restīti"
        note.tags = ["a, b", "[x]", "null", "~", "- saraksts", "c: d", "parasts"]
        note.people = [Person(name: "Vārds: Uzvārds", role: "#1 loma", organization: "'org'")]
        note.source = Source(title: "Avots: ---", url: "https://lps.lv/a?b=c#d", publisher: "...", date: "2018-08")
        let kb = try TestKnowledgeBase()
        try kb.load([try kb.directory.write("naidigs.md", try NoteExporter.markdown(note))])
        #expect(try kb.store.note(id: "naidigs") == note)
    }

    @Test("the problem block goes after the front matter's first line, with the lines as shown, and comes off again")
    func problemBlock() {
        let text = "---\ntitle: \"X\"\ntopics: [nav]\n---\n\nTeksts.\n"
        let problems = [LoadProblem(SourceLocation(file: "d.md", line: 3), field: "topics", "unknown topic 'nav'")]
        let shown = NoteDraft.withProblems(problems, in: text)
        let lines = shown.components(separatedBy: "\n")
        #expect(lines[0] == "---")
        #expect(lines[2] == "# line 6: topics: unknown topic 'nav'")
        #expect(lines[5] == "topics: [nav]")
        #expect(NoteDraft.withoutProblems(shown) == text)
        // A block whose last line the user deleted ends at the first line that is not a comment.
        let trimmed = shown.replacingOccurrences(of: NoteDraft.problemsEnd + "\n", with: "")
        #expect(NoteDraft.withoutProblems(trimmed) == text)
        #expect(NoteDraft.withoutProblems(text) == text)
    }

    @Test("an article: the first non-empty line is the title, the rest the body")
    func article() {
        let split = NoteDraft.article("\n\n  Virsraksts \r\n\r\nPirmā rindkopa.\r\n\r\nOtrā.\r\n")
        #expect(split?.title == "Virsraksts")
        #expect(split?.body == "Pirmā rindkopa.\n\nOtrā.")
        #expect(NoteDraft.article(" \n\n") == nil)
    }

    @Test("the template is a valid note once it has a title, and lists every topic")
    func template() throws {
        let kb = try TestKnowledgeBase()
        let text = try kb.knowledgeBase.newNoteTemplate(title: "Veidne", topic: "macibu-vizites")
        for topic in try kb.store.topics() { #expect(text.contains("# " ) && text.contains(topic.slug + " — " + topic.nameLV)) }
        let checked = try kb.knowledgeBase.checkDraft(text, file: "d.md", purpose: .new)
        #expect(checked.problems.isEmpty)
        #expect(checked.note?.topics == ["macibu-vizites"])
        #expect(checked.note?.status == .draft)
        #expect(throws: KnowledgeBaseError.self) { try kb.knowledgeBase.newNoteTemplate(title: nil, topic: "nav") }
    }
}
