import Foundation
import Testing
@testable import PieredzeKit
import PieredzeStorage

/// A note with every field given, in plain text that needs no CSV quoting or formula defusing.
private func fullNote() -> Note {
    var note = Note(id: "pilna-piezime", title: "Pilna piezīme")
    note.summary = "Kopsavilkums"
    note.context = "Konteksta teksts"
    note.lesson = "Mācības teksts"
    note.recommendation = "Ieteikumu teksts"
    note.body = "Apraksta teksts"
    note.kind = .goodPractice
    note.language = "lv"
    note.country = "LV"
    note.occurred = "2021-07-01"
    note.topics = ["administrativi-teritoriala-reforma"]
    note.tags = ["reforma", "novadi"]
    note.organizations = [Organization(name: "VARAM", country: "LV", kind: "ministrija")]
    note.people = [Person(name: "Jānis Bērziņš", role: "ministrs", organization: "VARAM")]
    note.source = Source(title: "Ziņojums", url: "https://example.lv/z", publisher: "VARAM", date: "2021-07-02")
    note.status = .reviewed
    return note
}

/// A knowledge base holding `fullNote()`, loaded from its exported JSONL line.
private func knowledgeBaseWithFullNote() throws -> TestKnowledgeBase {
    let kb = try TestKnowledgeBase()
    let file = try kb.directory.write("full.jsonl", try NoteExporter.jsonLine(fullNote()) + "\n")
    try kb.load([file])
    return kb
}

private func fullReport(_ kb: TestKnowledgeBase) throws -> Report {
    try Report.build(store: kb.store, request: ReportRequest(generated: "2025-01-15"))
}

@Suite("The note's fields, said once")
struct NoteFieldTests {
    @Test("every field appears in the CSV report under its csvColumns, with its values")
    func csvReport() throws {
        let kb = try knowledgeBaseWithFullNote()
        var text = ""
        try CSVReportRenderer().render(try fullReport(kb), to: &text)
        let rows = text.dropFirst().components(separatedBy: "\r\n").filter { !$0.isEmpty }
        try #require(rows.count == 2)
        // Every field is quoted (issue 11 item 12); these cells hold no quotes or commas.
        func fields(_ row: String) -> [String] { String(row.dropFirst().dropLast()).components(separatedBy: "\",\"") }
        let header = fields(rows[0])
        let cells = fields(rows[1])
        try #require(header.count == cells.count)
        #expect(header == CSVReportRenderer.columns)
        let note = fullNote()
        for field in NoteField.allCases {
            let columns = field.csvColumns
            let start = try #require(header.firstIndex(of: columns[0]), "\(field) has no column")
            #expect(Array(header[start..<start + columns.count]) == columns, "\(field)'s columns are not together")
            for column in columns { #expect(header.filter { $0 == column }.count == 1, "\(column) not exactly once") }
            #expect(Array(cells[start..<start + columns.count]) == CSVReportRenderer.values(field, of: note), "\(field)")
            #expect(!cells[start].isEmpty, "\(field) is empty in the CSV row")
        }
        #expect(cells[header.firstIndex(of: "source_url")!] == "https://example.lv/z")
        #expect(cells[header.firstIndex(of: "people")!] == "Jānis Bērziņš | ministrs | VARAM", "a person whole, as the loader reads it back")
    }

    @Test("every field appears in the JSON report's lessons under its key")
    func jsonReport() throws {
        let kb = try knowledgeBaseWithFullNote()
        let text = try JSONReportRenderer.string(try fullReport(kb))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let lessons = try #require(object["lessons"] as? [[String: Any]])
        let lesson = try #require(lessons.first)
        let note = fullNote()
        let extras: Set<String> = ["year", "sourceNumber", "section", "sections", "rank"]
        #expect(Set(lesson.keys) == Set(NoteField.allCases.map(\.key)).union(extras))
        for field in NoteField.allCases where !field.isList && field != .source {
            let expected = NoteExporter.jsonObject(note)[field.key] as? String
            #expect(lesson[field.key] as? String == expected, "\(field)")
        }
        #expect(lesson["topics"] as? [String] == note.topics)
        #expect(lesson["tags"] as? [String] == note.tags)
        #expect((lesson["organizations"] as? [[String: Any]])?.first?["kind"] as? String == "ministrija")
        #expect((lesson["people"] as? [[String: Any]])?.first?["role"] as? String == "ministrs")
        #expect((lesson["source"] as? [String: Any])?["publisher"] as? String == "VARAM")
    }

    @Test("the exporter writes every field under its key, and load reads it back unchanged")
    func exportAndLoad() throws {
        let note = fullNote()
        #expect(Set(NoteExporter.jsonObject(note).keys) == Set(NoteField.allCases.map(\.key)))
        let kb = try knowledgeBaseWithFullNote()
        #expect(try kb.store.note(id: note.id) == note)

        let markdown = try NoteExporter.markdown(note)
        let frontMatter = markdown.components(separatedBy: "---\n")[1]
        let keys = frontMatter.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("-") }
            .map { String($0.prefix(while: { $0 != ":" })) }
        #expect(keys == NoteField.frontMatterFields.map(\.key))
        for section in NoteSection.allCases { #expect(markdown.contains("\n## \(section.latvianHeading)\n\n\(note[section])\n")) }

        let copy = try TestKnowledgeBase()
        try copy.load([try copy.directory.write("pilna-piezime.md", markdown)])
        #expect(try copy.store.note(id: note.id) == note)
    }

    @Test("the loader accepts each field's key and aliases, in the order of its error message")
    func decoderKeys() {
        #expect(NoteDecoder.fieldNames == [
            "id", "title", "summary", "kind", "topics", "country", "occurred", "year", "date", "tags", "organizations",
            "people", "source", "source_title", "source_url", "source_publisher", "source_date", "status", "language",
            "context", "lesson", "recommendation", "body",
        ])
        #expect(NoteField.allCases.filter(\.isList) == [.topics, .tags, .organizations, .people])
        #expect(NoteField.allCases.compactMap(\.section) == NoteSection.allCases)
    }

    @Test("English section headings load into the same fields as Latvian ones")
    func englishHeadings() throws {
        let kb = try TestKnowledgeBase()
        var text = markdownNote(id: "english")
        for section in NoteSection.allCases {
            text = text.replacingOccurrences(of: "## \(section.latvianHeading)", with: "## \(section.englishHeading)")
        }
        try kb.load([try kb.directory.write("english.md", text)])
        let note = try #require(try kb.store.note(id: "english"))
        #expect(note.context == "Novadu apvienošana pašvaldību reformā.")
        #expect(note.lesson == "Pašvaldībām vajag laiku.")
        #expect(note.recommendation == "- Plānot apspriešanu.")
        #expect(note.body == "Ievads.")
    }

    @Test("the store's columns are the fields' database columns")
    func storeColumns() {
        #expect(NoteStore.noteColumnNames == [
            "id", "title", "summary", "kind", "country", "occurred_on", "source_title", "source_url", "source_publisher",
            "source_date", "status", "language", "context", "lesson", "recommendation", "body",
        ])
        #expect(NoteStore.noteColumnValues(fullNote()).count == NoteStore.noteColumnNames.count)
    }

    @Test("the full-text schema constants name what the migrations built")
    func fullTextSchema() throws {
        let kb = try TestKnowledgeBase()
        let triggers: [String] = try kb.connection.rows(
            "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'notes' AND sql LIKE '%' || ? || '%' ORDER BY name",
            [Schema.NotesFullText.table]).compactMap { $0[0] }
        #expect(triggers == Schema.NotesFullText.triggerNames.sorted())
        let columns: [String] = try kb.connection.rows("SELECT name FROM pragma_table_info(?)", [Schema.NotesFullText.table])
            .compactMap { $0[0] }
        #expect(columns == Schema.NotesFullText.columns.map(\.key))
    }

    @Test("notes are read in batches of 500, in the order given")
    func batches() throws {
        let kb = try TestKnowledgeBase()
        let lines = (0..<501).map { #"{"id": "n\#($0)", "title": "Piezīme \#($0)"}"# }.joined(separator: "\n")
        try kb.load([try kb.directory.write("many.jsonl", lines + "\n")])
        let pks = try kb.store.notePKs(matching: .init()).reversed().map { $0 }
        var sizes: [Int] = []
        var ids: [String] = []
        try kb.store.forEachBatch(of: pks) { notes in
            sizes.append(notes.count)
            ids += notes.map(\.id)
        }
        #expect(sizes == [500, 1])
        #expect(ids == (try kb.store.notes(pks: pks)).map(\.id))
    }
}

@Suite("Markdown fences (CommonMark 0.31.2 §4.5)")
struct MarkdownFenceTests {
    /// For each line of `text`, whether it is fenced code.
    private func fenced(_ text: String) -> [Bool] {
        var tracker = MarkdownFenceTracker()
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { tracker.isFenced($0) }
    }

    @Test("backticks and tildes open and close")
    func basic() {
        #expect(fenced("a\n```\n# x\n```\nb") == [false, true, true, true, false])
        #expect(fenced("a\n~~~\n# x\n~~~\nb") == [false, true, true, true, false])
        #expect(fenced("```swift\ncode\n```") == [true, true, true])
    }

    @Test("a closing fence must be the same character and at least as long")
    func closing() {
        #expect(fenced("````\n```\n~~~~\n`````\nb") == [true, true, true, true, false])
        #expect(fenced("~~~\n```\n~~~~\nb") == [true, true, true, false])
        #expect(fenced("```\n``` not closing\nx\n```  \nb") == [true, true, true, true, false])
    }

    @Test("indented 4 spaces is not a fence; up to 3 is")
    func indentation() {
        #expect(fenced("    ```\n# x") == [false, false])
        #expect(fenced("   ```\n# x\n   ```\ny") == [true, true, true, false])
        #expect(MarkdownFence.opening("  ~~~") == MarkdownFence(marker: "~", length: 3))
        #expect(MarkdownFence.opening("``") == nil)
        #expect(MarkdownFence.opening("``` a`b") == nil)  // a backtick fence's info string has no backtick
        #expect(MarkdownFence.opening("~~~ a`b") != nil)
    }

    @Test("an unclosed fence runs to the end")
    func unclosed() {
        #expect(fenced("a\n```\n## Mācība\ntext") == [false, true, true, true])
    }

    @Test("loading and rendering agree on where sections and headings are")
    func loaderAndRendererAgree() throws {
        let text = "Ievads.\n\n~~~~\n~~~\n## Mācība\n~~~~~\n\n    ```\n## Mācība\n\nTeksts."
        let kb = try TestKnowledgeBase()
        try kb.load([try kb.directory.write("fence.md", "---\nid: fence\ntitle: Fence\n---\n" + text + "\n")])
        let note = try #require(try kb.store.note(id: "fence"))
        #expect(note.body == "Ievads.\n\n~~~~\n~~~\n## Mācība\n~~~~~\n\n    ```")
        #expect(note.lesson == "Teksts.")
        let demoted = MarkdownReportRenderer.demotingHeadings(text, by: 1)
        #expect(demoted == "Ievads.\n\n~~~~\n~~~\n## Mācība\n~~~~~\n\n    ```\n### Mācība\n\nTeksts.")
        #expect(SafeMarkdown.protectingOrdinals("```\n2018. gads\n```\n2019. gads") == "```\n2018. gads\n```\n2019\\. gads")
    }
}

@Suite("Small shared helpers")
struct SharedHelperTests {
    @Test("each format owns its extensions; one list describes them")
    func formats() {
        for format in NoteFormat.allCases {
            for pathExtension in format.extensions {
                #expect(NoteFormat(pathExtension: pathExtension) == format)
                #expect(NoteFormat(pathExtension: pathExtension.uppercased()) == format)
            }
        }
        #expect(NoteFormat(pathExtension: "txt") == nil)
        #expect(NoteFormat(pathExtension: "ndjson") == .jsonl)
        #expect(NoteFormat.extensionsDescription == ".md, .jsonl, .json or .csv")
        #expect(NoteFormat.namesDescription == "md, jsonl, json or csv")
        #expect(NoteFormat.markdown.estimatedNoteCount(bytes: 1_000_000) == 1)
        #expect(NoteFormat.csv.estimatedNoteCount(bytes: 10) == 1)
        #expect(NoteFormat.jsonl.estimatedNoteCount(bytes: 4_000_000) == 2_000)
    }

    @Test("an unknown file type's message lists the formats")
    func unknownFileType() throws {
        let kb = try TestKnowledgeBase()
        let problems = try kb.problems([try kb.directory.write("note.txt", "x")])
        #expect(problems.map(\.message) == ["unknown file type; expected .md, .jsonl, .json or .csv (or use - with --format)"])
    }

    @Test("SHA-256 hex: the FIPS 180-2 test vector, and migrations use it")
    func sha256() {
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(SHA256Hex.of("abc") == abc)
        #expect(Migration.checksum("abc") == abc)
        #expect(SHA256Hex.hex([0x00, 0x0f, 0xf0, 0xff]) == "000ff0ff")
    }

    @Test("leap years: every 4th, not centuries, but every 400th")
    func leapYears() {
        #expect(CalendarDate.isLeapYear(2024) && CalendarDate.isLeapYear(2000))
        #expect(!CalendarDate.isLeapYear(1900) && !CalendarDate.isLeapYear(2023))
        #expect(CalendarDate.isValid(year: 2024, month: 2, day: 29))
        #expect(!CalendarDate.isValid(year: 2023, month: 2, day: 29))
        #expect(!CalendarDate.isValid(year: 2023, month: 13, day: 1))
        #expect(NoteDecoder.partialDate("2000-02-29") == "2000-02-29")
        #expect(NoteDecoder.partialDate("1900-02-29") == nil)
    }

    @Test("load summaries are equal only when every field is")
    func summaryEquality() {
        var a = NoteLoader.Summary()
        a.new = 1
        var b = a
        #expect(a == b)
        b.strategy = .bulk
        #expect(a != b)
        b = a
        b.outcomes = [("x", "new")]
        #expect(a != b)
        a.outcomes = [("x", "new")]
        #expect(a == b)
    }
}
