import Foundation
import Testing
@testable import PieredzeKit
import PieredzeStorage

/// Markdown as editors write it: line endings, where the front matter ends, lists as text, and
/// YAML comments that cut a title.
@Suite("Markdown as editors write it")
struct MarkdownDialectTests {
    /// A note's text with `\n` line ends, for the tests to turn into other line ends.
    static let note = """
        ---
        id: crlf-note
        title: Rindu beigas
        summary: |
          Pirmā rinda.
          Otrā rinda.
        tags: [a, b]
        ---

        Ievads.

        ## Mācība

        Mācība.
        """

    @Test("CRLF, lone-CR and mixed line ends load as LF does", arguments: ["\r\n", "\r", "mixed"])
    func lineEndings(ending: String) throws {
        let kb = try TestKnowledgeBase()
        let text: String
        if ending == "mixed" {
            let parts = Self.note.components(separatedBy: "\n")
            text = parts.indices.map { index in parts[index] + (index == parts.count - 1 ? "" : ["\r\n", "\n", "\r"][index % 3]) }.joined()
        } else {
            text = Self.note.replacingOccurrences(of: "\n", with: ending)
        }
        let file = try kb.directory.write("n.md", bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        try kb.load([file])
        let note = try #require(try kb.store.note(id: "crlf-note"))
        #expect(note.title == "Rindu beigas")
        #expect(note.summary == "Pirmā rinda.\nOtrā rinda.")
        #expect(note.tags == ["a", "b"])
        #expect(note.body == "Ievads.")
        #expect(note.lesson == "Mācība.")
    }

    @Test("the lines of a text split at LF, CRLF and lone CR, and only there")
    func lineSplitting() {
        var work = 0
        #expect(MarkdownNote.lines("a\r\nb\rc\nd", work: &work) == ["a", "b", "c", "d"])
        #expect(MarkdownNote.lines("a\r\n\r\nb\r", work: &work) == ["a", "", "b", ""])
        #expect(MarkdownNote.lines("ā\u{301}\r\n", work: &work) == ["ā\u{301}", ""])
        #expect(MarkdownNote.lines("", work: &work) == [""])
    }

    /// Front matter lines (without the opening `---`) and what the note's summary and body are then.
    @Test("a --- that is not a fence stays text", arguments: [
        // An indented --- inside a block scalar is text of the summary.
        ("summary: |\n  Pirms.\n  ---\n  Pēc.\n---\nTeksts.", "Pirms.\n---\nPēc.", "Teksts."),
        // The fence may have trailing spaces or tabs; '...' closes too.
        ("summary: Īss.\n--- \t\nTeksts.", "Īss.", "Teksts."),
        ("summary: Īss.\n...\nTeksts.", "Īss.", "Teksts."),
        // In the body, --- is a thematic break, also inside fenced code.
        ("summary: Īss.\n---\nA\n\n---\n\nB", "Īss.", "A\n\n---\n\nB"),
        ("summary: Īss.\n---\n```\n---\n```", "Īss.", "```\n---\n```"),
        // A quoted summary may hold --- in the middle of a line.
        ("summary: \"a --- b\"\n---\nTeksts.", "a --- b", "Teksts."),
    ])
    func notFences(frontMatter: String, summary: String, body: String) throws {
        let kb = try TestKnowledgeBase()
        let file = try kb.directory.write("n.md", "---\nid: fence\ntitle: Žogs\n" + frontMatter)
        try kb.load([file])
        let note = try #require(try kb.store.note(id: "fence"))
        #expect(note.summary == summary)
        #expect(note.body == body)
    }

    @Test("---- and '--- # comment' neither open nor close the front matter")
    func nearFences() throws {
        let kb = try TestKnowledgeBase()
        let fourDashes = try kb.directory.write("a.md", "---\ntitle: A\n----\nTeksts.\n")
        let commentOpen = try kb.directory.write("b.md", "--- # piezīme\ntitle: B\n---\n")
        let commentClose = try kb.directory.write("c.md", "---\ntitle: C\n--- # beigas\nTeksts.\n")
        let indentedOpen = try kb.directory.write("d.md", " ---\ntitle: D\n---\n")
        let problems = try kb.problems([fourDashes, commentOpen, commentClose, indentedOpen]).map(\.description)
        #expect(problems.contains("\(fourDashes):1: the front matter is never closed; expected a line '---' after the YAML fields"))
        #expect(problems.contains { $0.hasPrefix("\(commentOpen):1: no front matter") })
        #expect(problems.contains { $0.hasPrefix("\(commentClose):1: the front matter is never closed") })
        #expect(problems.contains { $0.hasPrefix("\(indentedOpen):1: no front matter") })
        #expect(problems.count == 4, "\(problems)")
    }

    @Test("comma-separated tags and topics in one string are split; other lists split only at ;")
    func commaSeparatedLists() throws {
        let kb = try TestKnowledgeBase()
        let file = try kb.directory.write("n.md", """
            ---
            id: komati
            title: Komati
            tags: "reforma, dialogs; reforma,, novadi"
            topics: "pasvaldibu-apvienosana, administrativi-teritoriala-reforma"
            organizations: "SIA Alfa, Beta; LPS"
            ---
            """)
        try kb.load([file])
        let note = try #require(try kb.store.note(id: "komati"))
        #expect(note.tags == ["reforma", "dialogs", "novadi"])
        #expect(note.topics == ["pasvaldibu-apvienosana", "administrativi-teritoriala-reforma"])
        #expect(note.organizations.map(\.name) == ["SIA Alfa, Beta", "LPS"])
    }

    @Test("a plain title or summary cut by a YAML comment warns, and the load goes on")
    func commentCutsTitle() throws {
        let kb = try TestKnowledgeBase()
        let cut = try kb.directory.write("a.md", "---\nid: a\ntitle: Reforma #2 posms\nsummary: Kopsavilkums\n  #turpinājums\n---\n")
        let quoted = try kb.directory.write("b.md", "---\nid: b\ntitle: \"Reforma #2 posms\"\nsummary: C# un F#\n---\n")
        let summary = try kb.load([cut, quoted])
        #expect(summary.new == 2)
        #expect(summary.warnings.map(\.description) == [
            "\(cut):3: warning: title: ends where a YAML comment starts (\" #\"); quote the title",
            "\(cut):4: warning: summary: ends where a YAML comment starts (\" #\"); quote the summary",
        ])
        #expect(try kb.store.note(id: "a")?.title == "Reforma")
        #expect(try kb.store.note(id: "b")?.title == "Reforma #2 posms")
    }

    @Test("warnings travel with a failed load too, after the errors are found")
    func warningsInFailure() throws {
        let kb = try TestKnowledgeBase()
        let cut = try kb.directory.write("a.md", "---\nid: a\ntitle: Reforma #2\n---\n")
        let bad = try kb.directory.write("b.md", "---\nid: b\ntitle: B\nkind: nezināms\n---\n")
        do {
            try kb.load([cut, bad])
            Issue.record("the load should fail")
        } catch let failure as LoadFailure {
            #expect(failure.problems.count == 1)
            #expect(failure.warnings.map(\.location.line) == [3])
            #expect(failure.description.hasPrefix("\(cut):3: warning: title:"))
        }
    }
}

/// Control characters are refused at load, in every field of every format.
@Suite("Control characters")
struct ControlCharacterTests {
    @Test("each forbidden control character is refused with its field and code point",
          arguments: [0x00, 0x01, 0x02, 0x03, 0x07, 0x08, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9B, 0x9F] as [UInt32])
    func refused(code: UInt32) throws {
        let kb = try TestKnowledgeBase()
        let character = String(Character(Unicode.Scalar(code)!))
        let escaped = String(format: "\\u%04x", code)
        let jsonl = try kb.directory.write("n.jsonl", #"{"id":"c-1","title":"A\#(escaped)B"}"# + "\n")
        // (A NUL byte makes a CSV file binary, which the CSV reader may refuse as a whole.)
        let csv = code == 0 ? nil : try kb.directory.write("n.csv", "id,title,tags\nc-2,Virsraksts,a;b\(character)c\n")
        let markdown = try kb.directory.write("n.md", "---\nid: c-3\ntitle: Virsraksts\n---\nTeksts \(character) te.\n")
        let frontMatter = try kb.directory.write("f.md", "---\nid: c-4\ntitle: Virsraksts\nsource:\n  title: A\(character)B\n---\n")
        let problems = try kb.problems([jsonl] + (csv.map { [$0] } ?? []) + [markdown, frontMatter]).map(\.description)
        let name = String(format: "U+%04X", code)
        let message = "control character \(name) not allowed; expected text (tab and line breaks are the only control characters a note may hold)"
        // A raw NUL byte makes a Markdown or CSV file binary: refused as a whole, before any field.
        let binary = "not a text file (it contains NUL bytes); expected UTF-8 text"
        let markdownProblems = code == 0 ? ["\(markdown):1: \(binary)", "\(frontMatter):1: \(binary)"]
            : ["\(markdown):5: body: \(message)", "\(frontMatter):5: source: \(message)"]
        #expect(problems == ["\(jsonl):1: title: \(message)"] + (csv.map { ["\($0):2: tags: \(message)"] } ?? []) + markdownProblems)
        #expect(try kb.count("notes") == 0)
    }

    @Test("tab, line breaks and ordinary characters (NBSP, U+00A0 onward) are fine")
    func allowed() throws {
        let kb = try TestKnowledgeBase()
        let jsonl = try kb.directory.write("n.jsonl", #"{"id":"ok","title":"A\tB\u00a0C","body":"x\r\ny\u00ffz\u2028"}"# + "\n")
        try kb.load([jsonl])
        #expect(try kb.store.note(id: "ok")?.title == "A\tB\u{A0}C")
    }

    @Test("nested values and field names are checked too")
    func nested() throws {
        let kb = try TestKnowledgeBase()
        let jsonl = try kb.directory.write("n.jsonl", """
            {"id":"a","title":"A","people":[{"name":"Jānis","role":"x\\u001b]0;t\\u0007"}]}
            {"id":"b","title":"B","source":{"title":"S","\\u001bx":"y"}}
            {"id":"c","title":"C","\\u0000":"y"}
            """)
        let problems = try kb.problems([jsonl]).map(\.description)
        #expect(problems.count == 3, "\(problems)")
        #expect(problems[0].hasPrefix("\(jsonl):1: people: control character U+001B not allowed"))
        #expect(problems[1].hasPrefix("\(jsonl):2: source: control character U+001B not allowed"))
        #expect(problems[2] == "\(jsonl):3: a field name holds control character U+0000; expected a field name such as title")
    }

    @Test("NUL in a title never reaches SQLite: the message is the loader's")
    func nulTitle() throws {
        let kb = try TestKnowledgeBase()
        let jsonl = try kb.directory.write("n.jsonl", #"{"id":"n-1","title":"Nu\u0000ll"}"#)
        let markdown = try kb.directory.write("n.md", bytes: Array("---\nid: n-2\ntitle: Nu".utf8) + [0] + Array("ll\n---\n".utf8))
        let problems = try kb.problems([jsonl, markdown]).map(\.description)
        #expect(problems.count == 2)
        #expect(problems.first?.hasPrefix("\(jsonl):1: title: control character U+0000 not allowed") == true)
        // A NUL byte in a Markdown file makes it binary: refused as a whole, never reaching SQLite.
        #expect(problems.last == "\(markdown):1: not a text file (it contains NUL bytes); expected UTF-8 text")
        #expect(problems.allSatisfy { !$0.contains("CHECK") && !$0.contains("\u{0}") })
    }
}

/// Long runs of combining marks, which normalisation reorders in quadratic time, are refused.
@Suite("Combining marks")
struct CombiningMarkTests {
    @Test("more than 30 combining marks in a row are refused in any field; 30 are fine")
    func runs() throws {
        let kb = try TestKnowledgeBase()
        let thirty = "a" + String(repeating: "\u{301}", count: 30) + "b"
        let fine = try kb.directory.write("ok.jsonl", #"{"id":"ok","title":"\#(thirty)"}"#)
        try kb.load([fine])
        let message = "more than 30 combining marks in a row; expected text in Unicode's stream-safe form (UAX #15)"
        let long = "a" + String(repeating: "\u{301}\u{327}", count: 100_000)
        let jsonl = try kb.directory.write("n.jsonl", #"{"id":"a","title":"A","tags":["x","\#(long)"]}"#)
        let markdown = try kb.directory.write("n.md", "---\nid: b\ntitle: B\n---\n## \(long)\n")
        let title = try kb.directory.write("t.md", "---\ntitle: \"" + "a" + String(repeating: "\u{301}", count: 31) + "\"\n---\n")
        let problems = try kb.problems([jsonl, markdown, title]).map(\.description)
        #expect(problems == ["\(jsonl):1: tags: \(message)", "\(markdown):5: body: \(message)", "\(title):2: title: \(message)"])
    }
}

/// YAML that would exhaust the loader is refused before Yams sees it.
@Suite("Front matter limits")
struct FrontMatterLimitTests {
    func problems(_ frontMatter: String) throws -> [String] {
        let kb = try TestKnowledgeBase()
        let file = try kb.directory.write("n.md", "---\n" + frontMatter + "\n---\nTeksts.\n")
        return try kb.problems([file]).map { $0.description.replacingOccurrences(of: file, with: "n.md") }
    }

    static let anchor = "YAML anchors and aliases (&name, *name) are not allowed in a note; write the value out, or quote text that starts with & or *"
    static let depth = "the front matter nests deeper than 32 levels; expected fields, lists and mappings a few levels deep"

    @Test("a YAML alias bomb is refused at its first anchor")
    func aliasBomb() throws {
        var yaml = "title: Bumba\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 {
            let previous = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(level - 1)))
            let name = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(level)))
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        #expect(try problems(yaml) == ["n.md:3: \(Self.anchor)"])
    }

    @Test("anchors and aliases wherever a node starts are refused", arguments: [
        "title: *x", "title: &x A", "tags:\n  - &x a", "tags: [a, *x]", "tags: {a: *x}", "tags: [\"a\":*x]",
        "source:\n  title: &t S", "tags: - *x", "? &k a\n: b", "tags:\n- - - *x",
    ])
    func anchorsRefused(yaml: String) throws {
        let found = try problems("id: a\n" + yaml)
        #expect(found.count == 1 && found[0].hasSuffix(Self.anchor), "\(found)")
    }

    @Test("& and * as text are fine", arguments: [
        "title: A & B *svarīgi*", "title: \"*x\"", "title: '&x'", "title: 'it''s *x'", "title: \"a \\\" *x\"",
        "title: A\nsummary: |\n  *x\n  &y\n  - *z", "title: A\nsummary: >-\n  *x", "title: A # *x",
        "title: A\ntags: [\"*x\", '&y', a*b]", "title: A\nsummary: pirmā\n  *otrā rinda",
        "title: \"pirmā\n  *otrā\"",
    ])
    func anchorsAsText(yaml: String) throws {
        #expect(try problems("id: a\n" + yaml) == [])
    }

    @Test("nesting is bounded, in flow and block style, far below where Yams breaks",
          arguments: ["flow", "flow-map", "block-map", "block-seq", "compact-seq"])
    func deepNesting(style: String) throws {
        // Block nesting 3,000 deep would be over 1 MB of indentation, refused for its size first.
        let levels = style.hasPrefix("block") ? 1_000 : 3_000
        let yaml: String
        switch style {
        case "flow": yaml = "title: A\ntags: " + String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
        case "flow-map": yaml = "title: A\ntags: " + String(repeating: "{a: ", count: levels) + "b" + String(repeating: "}", count: levels)
        case "block-map": yaml = "title: A\nsource:\n" + (1..<levels).map { String(repeating: " ", count: $0) + "a:" }.joined(separator: "\n")
        case "block-seq": yaml = "title: A\ntags:\n" + (0..<levels).map { String(repeating: " ", count: $0) + "-" }.joined(separator: "\n")
        default: yaml = "title: A\ntags: " + String(repeating: "- ", count: levels) + "x"
        }
        let found = try problems(yaml)
        #expect(found.count == 1 && found[0].hasSuffix(Self.depth), "\(found.map { String($0.prefix(200)) })")
    }

    @Test("the nesting a note really has is fine")
    func usualNesting() throws {
        let kb = try TestKnowledgeBase()
        try kb.load([try kb.directory.write("n.md", markdownNote())])
        let deep = "title: A\nsource:\n" + (1..<12).map { String(repeating: "  ", count: $0) + "a:" }.joined(separator: "\n") + " b"
        // Unknown nested keys under source are ignored by the decoder; what matters is that the scan lets it by.
        #expect(try problems(deep).allSatisfy { !$0.contains("nests deeper") })
    }

    @Test("front matter over 1 MB is refused with a sentence")
    func size() throws {
        let yaml = "title: A\nsummary: " + String(repeating: "vārds ", count: 200_000)
        #expect(try problems(yaml) == [
            "n.md:2: the front matter is \(yaml.utf8.count + 1) bytes; expected at most 1 MB of fields (long text belongs in the note's body, after the front matter)",
        ])
    }
}

/// Work that grows linearly with the input: doubling the input about doubles the work.
@Suite("Linear work")
struct LinearWorkTests {
    /// Counts the `==` calls a de-duplication makes.
    final class ComparisonCounter: @unchecked Sendable {
        var count = 0
    }

    struct CountedItem: Hashable {
        let value: Int
        let counter: ComparisonCounter
        static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.counter.count += 1
            return lhs.value == rhs.value
        }
        func hash(into hasher: inout Hasher) { hasher.combine(value) }
    }

    func comparisons(_ size: Int) -> Int {
        let counter = ComparisonCounter()
        // Every value twice: half the items are repeats.
        let items = (0..<size).map { CountedItem(value: $0 / 2, counter: counter) }
        #expect(uniqueItems(items).count == size / 2)
        return counter.count
    }

    @Test("de-duplicating tags compares each tag about once, so doubling the tags doubles the work")
    func deduplication() {
        let small = comparisons(20_000), large = comparisons(40_000)
        #expect(large < 3 * small, "\(small) → \(large) comparisons")
        #expect(large < 4 * 40_000, "\(large) comparisons for 40,000 items")
    }

    @Test("100,000 tags on one note load, repeats dropped in order")
    func manyTags() throws {
        let kb = try TestKnowledgeBase()
        let tags = (0..<100_000).map { "t\($0 % 50_000)" }
        let line = #"{"id":"daudz","title":"Daudz","tags":["# + tags.map { "\"\($0)\"" }.joined(separator: ",") + "]}\n"
        try kb.load([try kb.directory.write("n.jsonl", line)])
        let note = try #require(try kb.store.note(id: "daudz"))
        #expect(note.tags.count == 50_000 && note.tags.first == "t0" && note.tags.last == "t49999")
    }

    /// A Markdown note whose text has `size` of each structure the section splitter meets.
    func markdown(_ size: Int) -> String {
        var text = "---\ntitle: Liels\ntags: [" + (0..<size).map { "t\($0)" }.joined(separator: ", ") + "]\n---\n"
        for index in 0..<size {
            text += "Rinda \(index)\r\n## Cita sadaļa \(index)\n```\n## Mācība\n```\r# Virsraksts\n---\n"
        }
        text += "## Mācība\n" + String(repeating: "garš ", count: size) + "\n"
        return text
    }

    func work(_ size: Int) -> Int {
        var work = 0
        var problems: [LoadProblem] = []
        let record = MarkdownNote.record(text: markdown(size), file: "n.md", problems: &problems, work: &work)
        #expect(record != nil && problems.isEmpty, "\(problems)")
        return work
    }

    @Test("splitting Markdown into lines, front matter and sections: doubling the text doubles the work")
    func markdownSections() {
        let small = work(2_000), large = work(4_000)
        #expect(Double(large) / Double(small) < 2.5, "\(small) → \(large) steps")
        let text = markdown(4_000)
        #expect(large < 4 * text.utf8.count, "\(large) steps for \(text.utf8.count) bytes")
    }

    @Test("the front matter scan looks at each byte a bounded number of times")
    func frontMatterScan() {
        func steps(_ size: Int) -> Int {
            let lines = (0..<size).map { Substring("k\($0): [\"a\", 'b', {c: d}] # *x") }
            var work = 0
            #expect(FrontMatterLimits.check(lines[...], work: &work)?.message == nil)
            return work
        }
        let small = steps(5_000), large = steps(10_000)
        #expect(Double(large) / Double(small) < 2.5, "\(small) → \(large) steps")
    }
}
