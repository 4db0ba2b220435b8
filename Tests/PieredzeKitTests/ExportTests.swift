import Foundation
import Testing
@testable import PieredzeKit
import PieredzeStorage

/// A fixed-seed pseudo-random generator (SplitMix64), so a generated case that fails is the same
/// case on the next run.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Lines of every structure Markdown and YAML front matter have, for generated note fields.
private let structureLines: [String] = [
    "# Virsraksts", "## Mācība", "## Konteksts", "## Ieteikumi", "## Context", "## Lesson", "## Recommendation",
    "## mācība:", "##   Macība  ", "### Trešais", "#### Ceturtais", "##### Piektais", "###### Sestais", "####### Septītais",
    "#bez atstarpes", "##", "Virsraksts", "=====", "-----", "```", "```swift", "````", "~~~", "~~~~ python", "   ```", "    ```",
    "---", "...", "--- ", " ---", "***", "___", "key: value", "id: cits-id", "title: \"Viltots\"", "- saraksts", "* zvaigzne",
    "1. pirmais", "2018. gada augusts", "> citāts", "<div>", "</div>", "<!-- komentārs", "-->", "<pre>", "</pre>",
    "<script>alert(1)</script>", "| a | b |", "|---|---|", "| 1 | 2 |", "teksts ar atstarpēm beigās   ", "\tar tabu",
    "  divas atstarpes priekšā", "rinda ar\rCR", "rinda ar CRLF\r", "&enkurs", "*alias", "!tag", "{ a: 1 }", "[1, 2]",
    "null", "~", "true", "0x1F", "2018-08", "'vienpēdiņas'", "\"pēdiņas\"", "# komentārs?", "a # ne komentārs",
    "[saite](https://lps.lv)", "![attēls](x.png)", "\\## ar slīpsvītru", "", "", "Pašvaldību reforma Latvijā ēŗūīļķņšžčā.",
]

private func generatedText(_ random: inout SeededGenerator, maxLines: Int) -> String {
    let count = Int.random(in: 1...maxLines, using: &random)
    return (0..<count).map { _ in structureLines.randomElement(using: &random)! }.joined(separator: "\n")
}

private func generatedLine(_ random: inout SeededGenerator) -> String {
    let pieces = (0..<Int.random(in: 1...3, using: &random)).map { _ in structureLines.randomElement(using: &random)! }
    return pieces.joined(separator: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
}

/// `count` generated notes as JSONL objects: every Markdown field and the summary from
/// `structureLines`, titles and list items from single lines of them.
private func generatedNotes(count: Int, seed: UInt64) throws -> String {
    var random = SeededGenerator(state: seed)
    var lines: [String] = []
    for number in 0..<count {
        var object: [String: Any] = ["id": "n-\(number)", "title": "Nr \(number) " + generatedLine(&random)]
        for key in ["summary", "body", "context", "lesson", "recommendation"] where Bool.random(using: &random) {
            object[key] = generatedText(&random, maxLines: 8)
        }
        if Bool.random(using: &random) { object["tags"] = (0..<3).map { _ in "t " + generatedLine(&random) } }
        if Bool.random(using: &random) { object["organizations"] = [["name": "org " + generatedLine(&random)]] }
        if Bool.random(using: &random) { object["source"] = ["title": generatedLine(&random), "url": "https://lps.lv/x"] }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        lines.append(String(decoding: data, as: UTF8.self))
    }
    return lines.joined(separator: "\n") + "\n"
}

private func jsonlDump(_ kb: TestKnowledgeBase, _ directory: TemporaryDirectory, _ name: String) throws -> String {
    let path = directory.url.appendingPathComponent(name).path
    _ = try kb.knowledgeBase.dumpJSONLines(to: path)
    return try String(contentsOfFile: path, encoding: .utf8)
}

@Suite("dump: Markdown gives back what JSONL gives back")
struct MarkdownRoundTripTests {
    @Test("the examples of issue 11 item 9 read back unchanged")
    func examples() throws {
        var note = Note(id: "piemers", title: "Piemērs")
        note.summary = "pirmā rinda\n---\notrā"
        note.body = "Ievads.\n\n## Mācība\n\nviltota sadaļa"
        note.lesson = "# Mācība ar virsrakstu\nteksts"
        note.context = "```\nvaļējs bloks"
        note.recommendation = "## Cits virsraksts\nun teksts"
        let text = try NoteExporter.markdown(note)
        #expect(NoteExporter.readsBack(text, as: note))
        // A plain note keeps its readable layout: sections under headings, not in the front matter.
        var plain = Note(id: "parasta", title: "Parasta")
        plain.body = "Ievads."
        plain.lesson = "Mācība.\n\n### Apakšvirsraksts\n\n```\n## nav sadaļa\n```"
        let plainText = try NoteExporter.markdown(plain)
        #expect(plainText.contains("\n## Mācība\n\nMācība."))
        #expect(!plainText.contains("lesson:"))
    }

    @Test("fields the reader would misread are recognised", arguments: [
        ("## Mācība", false, false), ("## Lesson", false, false), ("## Cits", false, true), ("# Virsraksts", false, true),
        ("# Virsraksts", true, false), ("## Cits", true, false), ("```\nx", true, false), ("~~~~\nx\n~~~", false, false),
        ("```\n## Mācība\n```", false, true), ("a\r\nb", true, false), ("  atkāpe", true, false), ("beigas  ", false, false),
        ("parasts teksts", true, true),
    ])
    func unsafeFields(text: String, inSection: Bool, safe: Bool) {
        #expect(NoteExporter.readsBackAsWritten(text, inSection: inSection) == safe)
    }

    @Test("generated notes with every Markdown structure: md dump → load → jsonl dump equals the jsonl dump")
    func property() throws {
        let directory = try TemporaryDirectory()
        let source = try directory.write("generated.jsonl", try generatedNotes(count: 300, seed: 0x5EED_2026))
        let original = try TestKnowledgeBase()
        try original.load([source])
        #expect(try original.count("notes") == 300)
        let expected = try jsonlDump(original, directory, "original.jsonl")

        let markdownDirectory = directory.url.appendingPathComponent("md").path
        #expect(try original.knowledgeBase.dumpMarkdown(toDirectory: markdownDirectory) == 300)
        let copy = try TestKnowledgeBase()
        try copy.load([markdownDirectory])
        let actual = try jsonlDump(copy, directory, "copy.jsonl")
        let expectedLines = expected.split(separator: "\n"), actualLines = actual.split(separator: "\n")
        #expect(expectedLines.count == 300)
        for (wanted, got) in zip(expectedLines, actualLines) where wanted != got {
            Issue.record("round trip changed a note:\n\(wanted)\n\(got)")
        }
        #expect(expected == actual)
    }
}

@Suite("dump: order, atomic files, --force, ids")
struct DumpTests {
    private func knowledgeBase(ids: [String]) throws -> (TestKnowledgeBase, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let lines = ids.map { "{\"id\":\"\($0)\",\"title\":\"Nosaukums \($0)\"}" }.joined(separator: "\n")
        let kb = try TestKnowledgeBase()
        try kb.load([try directory.write("notes.jsonl", lines + "\n")])
        return (kb, directory)
    }

    @Test("notes come in id order, whatever order they were loaded in")
    func idOrder() throws {
        let (kb, directory) = try knowledgeBase(ids: ["zeta", "alfa", "mu", "beta-2", "beta-10"])
        let ids = try jsonlDump(kb, directory, "out.jsonl").split(separator: "\n").map { line in
            String(line.split(separator: "\"id\":\"")[1].prefix(while: { $0 != "\"" }))
        }
        #expect(ids == ["alfa", "beta-10", "beta-2", "mu", "zeta"])
    }

    @Test("an existing file is kept without force and replaced with it")
    func overwrite() throws {
        let (kb, directory) = try knowledgeBase(ids: ["alfa"])
        let path = try directory.write("out.jsonl", "vecais saturs\n")
        #expect(throws: ReportOutput.Failure.exists(path: path)) { try kb.knowledgeBase.dumpJSONLines(to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "vecais saturs\n")
        #expect(try kb.knowledgeBase.dumpJSONLines(to: path, force: true) == 1)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("{"))
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["notes.jsonl", "out.jsonl"])
    }

    @Test("md: a new directory appears whole; an existing one keeps its files without force")
    func markdownDirectory() throws {
        let (kb, directory) = try knowledgeBase(ids: ["alfa", "beta"])
        let out = directory.url.appendingPathComponent("md").path
        #expect(try kb.knowledgeBase.dumpMarkdown(toDirectory: out) == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["alfa.md", "beta.md"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["md", "notes.jsonl"])
        try "mans labojums".write(toFile: out + "/beta.md", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: out + "/alfa.md")
        #expect(throws: ReportOutput.Failure.exists(path: out + "/beta.md")) { try kb.knowledgeBase.dumpMarkdown(toDirectory: out) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["beta.md"])  // alfa.md not written either
        #expect(try String(contentsOfFile: out + "/beta.md", encoding: .utf8) == "mans labojums")
        #expect(try kb.knowledgeBase.dumpMarkdown(toDirectory: out, force: true) == 2)
        #expect(try String(contentsOfFile: out + "/beta.md", encoding: .utf8).hasPrefix("---\nid: beta\n"))
    }

    @Test("an id that is not a safe file name is refused before anything is written", arguments: ["../../x", "..", ".slepens", "a/b", "A"])
    func unsafeID(id: String) throws {
        let (kb, directory) = try knowledgeBase(ids: ["alfa", "beta"])
        // A database edited by other software: its CHECK on ids is not enforced.
        try kb.connection.execute("PRAGMA ignore_check_constraints = ON")
        try kb.connection.execute("UPDATE notes SET id = ? WHERE id = 'beta'", [id])
        let out = directory.url.appendingPathComponent("deep/er/md").path
        try FileManager.default.createDirectory(atPath: directory.url.appendingPathComponent("deep/er").path, withIntermediateDirectories: true)
        #expect(throws: DumpError.unsafeID(id)) { try kb.knowledgeBase.dumpMarkdown(toDirectory: out) }
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.appendingPathComponent("deep/er").path) == [])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.appendingPathComponent("deep").path) == ["er"])
        #expect(DumpError.unsafeID(id).description.contains(id))
        #expect(NoteExporter.fileName(for: id) == nil)
    }

    @Test("safe ids are file names as they are")
    func safeIDs() {
        for id in ["alfa", "2018-vizite", "a.b_c-d", "x.."] { #expect(NoteExporter.fileName(for: id) == id + ".md") }
    }
}

@Suite("control characters are never printed raw")
struct VisibleTextTests {
    /// Terminal-active characters: NUL, BEL, BS, ESC, CR, DEL, C1 CSI and OSC, the highlight
    /// markers and a bidi override.
    static let hostile = "a\u{0}b\u{7}c\u{8}d\u{1B}]0;title\u{7}e\u{1B}[2Jf\r\u{7F}g\u{9B}h\u{9D}i\u{2}j\u{3}k\u{202E}l"

    static func isClean(_ text: String, allowingLines: Bool = true) -> Bool {
        !text.unicodeScalars.contains { VisibleText.needsEscape($0, lines: allowingLines ? .keep : .flatten) && $0 != "\u{1B}" }
            && !text.contains("\u{1B}]") && !text.contains("\u{1B}[2J")
    }

    @Test("every C0/C1 control, DEL and bidi control becomes visible; TAB and LF stay")
    func escaping() {
        let escaped = VisibleText.escaping(Self.hostile)
        #expect(escaped == "a␀b␇c␈d␛]0;title␇e␛[2Jf␍␡g\\u{9B}h\\u{9D}i␂j␃k\\u{202E}l")
        #expect(VisibleText.escaping("a\tb\nc") == "a\tb\nc")
        #expect(VisibleText.escaping("a\r\nb") == "a\nb")
        #expect(VisibleText.escaping("a\tb\nc", lines: .flatten) == "a␉b␊c")
        #expect(VisibleText.escaping("Pašvaldību “reforma” — ēŗ") == "Pašvaldību “reforma” — ēŗ")
    }

    private func hostileNote() -> Note {
        var note = Note(id: "kaitigs", title: "Virsraksts " + Self.hostile)
        note.summary = Self.hostile
        note.body = Self.hostile
        note.lesson = Self.hostile
        note.tags = ["birka" + Self.hostile]
        note.organizations = [Organization(name: "LPS" + Self.hostile)]
        return note
    }

    @Test("show: text and md output")
    func noteOutput() throws {
        for style in [TerminalStyle(enabled: false), TerminalStyle(enabled: true)] {
            let text = try NoteOutput.render(hostileNote(), format: .text, style: style)
            // Our own styling is the only ESC, and only when enabled.
            let withoutStyle = text.replacingOccurrences(of: "\u{1B}[1m", with: "").replacingOccurrences(of: "\u{1B}[2m", with: "")
                .replacingOccurrences(of: "\u{1B}[0m", with: "")
            #expect(!withoutStyle.unicodeScalars.contains { VisibleText.needsEscape($0) }, "\(withoutStyle)")
        }
        let markdown = try NoteOutput.render(hostileNote(), format: .md, style: TerminalStyle(enabled: false))
        #expect(!markdown.unicodeScalars.contains { VisibleText.needsEscape($0) })
        // JSON keeps the value, escaped as JSON escapes it.
        let json = try NoteOutput.render(hostileNote(), format: .json, style: TerminalStyle(enabled: false))
        #expect(json.contains("\\u001b") || json.contains("\\u001B"))
        #expect(!json.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    private func hit(_ snippet: String, note: Note) -> SearchHit {
        SearchHit(pk: 1, id: note.id, score: 1, snippet: snippet, note: note, matched: 1, total: 1)
    }

    @Test("search: stored markers do not fake highlights; real ones do")
    func highlights() throws {
        var plain = Note(id: "parasta", title: "Parasta")
        plain.body = "pašvaldību reforma"
        let real = hit("\u{2}pašvaldību\u{3} reforma", note: plain)
        #expect(SearchOutput.marked(real, start: "[", end: "]", visible: true) == "[pašvaldību] reforma")

        var forged = Note(id: "viltota", title: "Viltota")
        forged.body = "\u{2}viltus\u{3} un reforma"
        let fake = hit("\u{2}viltus\u{3} un \u{2}reforma\u{3}", note: forged)
        #expect(SearchOutput.marked(fake, start: "[", end: "]", visible: true) == "viltus un reforma")
        #expect(SearchHitJSON(fake, rank: 1).snippet == "viltus un reforma")

        var noisy = Note(id: "trokšnaina", title: "Virsraksts\u{1B}]0;x\u{7}")
        noisy.body = "a\u{1B}[2J reforma"
        let results = SearchResults(hits: [hit("a\u{1B}[2J \u{2}reforma\u{3}", note: noisy)], expression: "reforma", total: 1)
        for format in [SearchOutput.Format.text, .md] {
            let text = try SearchOutput.render(results, format: format, offset: 0, style: TerminalStyle(enabled: false))
            #expect(!text.unicodeScalars.contains { VisibleText.needsEscape($0) }, "\(format): \(text)")
        }
        let colored = try SearchOutput.render(results, format: .text, offset: 0, style: TerminalStyle(enabled: true))
        #expect(!colored.contains("\u{1B}[2J") && !colored.contains("\u{1B}]0;"))
        #expect(colored.contains("\u{1B}[1;33mreforma\u{1B}[0m"))
    }

    @Test("a rank never overflows, whatever offset a caller passes")
    func rankSaturates() {
        #expect(SearchOutput.rank(Int.max, 0) == Int.max)
        #expect(SearchOutput.rank(Int.max - 1, 5) == Int.max)
        #expect(SearchOutput.rank(10, 0) == 11)
        #expect(SearchPaging.problem(limit: Int.max, offset: 0) != nil)
        #expect(SearchPaging.problem(limit: 10, offset: Int.max) != nil)
        #expect(SearchPaging.problem(limit: 0, offset: 0) != nil)
        #expect(SearchPaging.problem(limit: 10, offset: -1) != nil)
        #expect(SearchPaging.problem(limit: 10_000, offset: 1_000_000) == nil)
        #expect(SearchPaging.problem(limit: 10_001, offset: 0) != nil)
    }
}

@Suite("reports: text formats close what a note leaves open, and stay free of control characters")
struct ReportTextSafetyTests {
    @Test("closing an open fence, HTML block or tag", arguments: [
        ("```\nkods", "```\nkods\n```"), ("~~~~~\nkods\n~~~", "~~~~~\nkods\n~~~\n~~~~~"), ("```\nkods\n```", "```\nkods\n```"),
        ("<!-- komentārs\nturpinās", "<!-- komentārs\nturpinās\n-->"), ("<!-- īss -->", "<!-- īss -->"),
        ("<pre>\nkods", "<pre>\nkods\n</pre>"), ("<div>\nteksts", "<div>\nteksts\n</div>"),
        ("<details><summary>x</summary>", "<details><summary>x</summary>\n</details>"), ("a <br> b <img src=x>", "a <br> b <img src=x>"),
        ("`<div>` kodā", "`<div>` kodā"), ("```\n<div>\n```", "```\n<div>\n```"), ("<?php\nx", "<?php\nx\n?>"),
        ("<![CDATA[\nx", "<![CDATA[\nx\n]]>"), ("<!DOCTYPE\nx", "<!DOCTYPE\nx\n>"), ("a < b > c", "a < b > c"),
    ])
    func closing(text: String, expected: String) {
        #expect(MarkdownReportRenderer.closingOpenBlocks(text) == expected)
    }

    private func report(lesson: String, title: String) throws -> PieredzeKit.Report {
        let kb = try TestKnowledgeBase()
        let directory = try TemporaryDirectory()
        let object: [String: Any] = ["id": "atverts", "title": "Virsraksts", "lesson": "Mācība.", "topics": ["administrativi-teritoriala-reforma"]]
        let data = try JSONSerialization.data(withJSONObject: object)
        try kb.load([try directory.write("n.jsonl", String(decoding: data, as: UTF8.self) + "\n")])
        // Text the loader would refuse, as a database written by other software holds it.
        try kb.connection.execute("UPDATE notes SET lesson = ?, title = ? WHERE id = 'atverts'", [lesson, title])
        return try kb.knowledgeBase.report(ReportRequest(filter: NoteStore.Filter(), query: nil, language: .lv, generated: "2025-01-15"))
    }

    @Test("Markdown report: a note's open fence and comment end before the report's next line; no raw controls")
    func markdownReport() throws {
        let report = try report(lesson: "```\nvaļējs\n<!-- x", title: "Virsraksts\u{1B}]0;x\u{7}")
        let text = try MarkdownReportRenderer().render(report)
        #expect(!text.unicodeScalars.contains { VisibleText.needsEscape($0) })
        #expect(text.contains("```\nvaļējs\n<!-- x\n```\n"))
        // The report's own source line follows outside any block.
        var fences = MarkdownFenceTracker()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { _ = fences.isFenced(line) }
        #expect(fences.open == nil)
    }

    @Test("the loader's restored(_:) undoes defused(_:) exactly, and leaves any other apostrophe alone")
    func defusedRoundTrip() {
        let samples = ["- punkts\n- otrs", "=SUM(A1); +1; -2; @x", "  \u{200B}=slēpts", "＝pilna platuma", "\t-tab",
                       "'- jau ar apostrofu", "Tas ir 'citāts'", "don't", "", "'", "a;'b", "; - ", "\n\n-"]
        for text in samples {
            #expect(CSVReportRenderer.restored(CSVReportRenderer.defused(text)) == text, "\(text.debugDescription)")
        }
        #expect(CSVReportRenderer.restored("Tas ir 'citāts'") == "Tas ir 'citāts'")
        #expect(CSVReportRenderer.restored("'- punkts") == "- punkts")
    }

    @Test("CSV report: no raw controls; formula starts defused everywhere a cell could start")
    func csvReport() throws {
        let report = try report(lesson: "a; =cmd\n@SUM(1)\u{1B}[2J", title: "＝HYPERLINK()")
        let text = try CSVReportRenderer().render(report)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars.contains { VisibleText.needsEscape($0) && $0 != "\t" })
        #expect(text.contains("\"a; '=cmd\n'@SUM(1)␛[2J\""))
        #expect(text.contains("\"'＝HYPERLINK()\""))
    }

    @Test("CSV defusing: every kind of formula start", arguments: [
        ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "␍x"),
        ("a;=1", "a;'=1"), ("a; =1", "a; '=1"), ("a;  -1", "a;  '-1"), ("a\n=1", "a\n'=1"), ("a\n\n+1", "a\n\n'+1"),
        ("＝1", "'＝1"), ("＋1", "'＋1"), ("－1", "'－1"), ("＠x", "'＠x"), ("a; ＝1", "a; '＝1"),
        ("\u{200B}=1", "'\u{200B}=1"), ("\u{FEFF}=1", "'\u{FEFF}=1"), ("a;\u{200D}\u{2060}+1", "a;'\u{200D}\u{2060}+1"),
        (" =1", " '=1"), ("a=1", "a=1"), ("a-b; c", "a-b; c"), ("pa-svaldiba=x", "pa-svaldiba=x"), ("", ""),
    ])
    func defusing(text: String, expected: String) {
        #expect(CSVReportRenderer.defused(VisibleText.escaping(text)) == expected)
        #expect(CSVReportRenderer.quoted(text) == "\"" + expected + "\"")
    }
}
