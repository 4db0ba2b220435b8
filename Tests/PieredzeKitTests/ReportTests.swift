import Foundation
import Testing
@testable import PieredzeKit
import PieredzeStorage

/// Golden files live in Golden/ beside this file. Regenerate them after an intended change with
/// `PIEREDZE_UPDATE_GOLDEN=1 swift test --filter ReportTests` and review the diff.
private let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
private let updateGolden = ProcessInfo.processInfo.environment["PIEREDZE_UPDATE_GOLDEN"] == "1"
private let fixedDate = "2025-01-15"

/// A knowledge base holding the seeds.
private func seedKnowledgeBase(reversed: Bool = false) throws -> TestKnowledgeBase {
    let kb = try TestKnowledgeBase()
    var files = try NoteLoader.files(for: seedsDirectory)
    if reversed { files.reverse() }
    // One file at a time in the given order, so the primary keys follow it.
    for file in files { try kb.load([file]) }
    return kb
}

private func report(_ kb: TestKnowledgeBase, topics: [String] = [], query: String? = nil, country: String? = nil,
                    kind: NoteKind? = nil, language: ReportLanguage = .lv) throws -> Report {
    var filter = NoteStore.Filter()
    filter.topics = topics
    filter.country = country
    filter.kind = kind
    return try Report.build(store: kb.store, request: ReportRequest(filter: filter, query: query, language: language, generated: fixedDate))
}

private func checkGolden(_ text: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let file = goldenDirectory.appendingPathComponent(name)
    if updateGolden {
        try FileManager.default.createDirectory(at: goldenDirectory, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return
    }
    // Read as bytes: String(contentsOf:encoding:) would drop the CSV's byte order mark.
    guard let data = try? Data(contentsOf: file) else {
        Issue.record("missing golden file \(name); run with PIEREDZE_UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    if expected != text {
        let expectedLines = expected.components(separatedBy: "\n"), actualLines = text.components(separatedBy: "\n")
        let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        Issue.record("""
            \(name) differs from its golden file at line \(first + 1):
              expected: \(first < expectedLines.count ? expectedLines[first] : "<end>")
              actual:   \(first < actualLines.count ? actualLines[first] : "<end>")
            (PIEREDZE_UPDATE_GOLDEN=1 regenerates)
            """, sourceLocation: sourceLocation)
    }
}

/// Every tag in `html` outside `<style>`, as (name, [(attribute, value)]). Text is escaped in a
/// report, so every `<` opens a real tag.
private func tags(in html: String) -> [(name: String, attributes: [(String, String)])] {
    var result: [(String, [(String, String)])] = []
    var rest = Substring(html)
    while let open = rest.firstIndex(of: "<") {
        var index = rest.index(after: open)
        var quote: Character?
        while index < rest.endIndex {
            let character = rest[index]
            if let q = quote { if character == q { quote = nil } } else if character == "\"" || character == "'" {
                quote = character
            } else if character == ">" { break }
            index = rest.index(after: index)
        }
        let inner = rest[rest.index(after: open)..<min(index, rest.endIndex)]
        rest = index < rest.endIndex ? rest[rest.index(after: index)...] : ""
        if inner.hasPrefix("!") { continue }
        let body = inner.hasPrefix("/") ? inner.dropFirst() : inner
        let name = String(body.prefix(while: { !$0.isWhitespace && $0 != "/" && $0 != ">" })).lowercased()
        var attributes: [(String, String)] = []
        let attributePattern = /([^\s=\/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/
        for match in body.dropFirst(name.count).matches(of: attributePattern) {
            let value = match.output.2 ?? match.output.3 ?? match.output.4 ?? ""
            attributes.append((String(match.output.1).lowercased(), HTMLEscaping.unescape(String(value))))
        }
        result.append((name, attributes))
        if name == "style", !inner.hasPrefix("/"), let close = rest.range(of: "</style>") {
            rest = rest[close.lowerBound...]
        }
    }
    return result
}

@Suite("Topic reports")
struct ReportTests {
    // MARK: Golden files

    @Test("golden: administrativi-teritoriala-reforma in every format", arguments: ReportFormat.allCases)
    func goldenATR(format: ReportFormat) throws {
        let kb = try seedKnowledgeBase()
        let report = try report(kb, topics: ["administrativi-teritoriala-reforma"])
        try checkGolden(format.renderer.render(report), "administrativi-teritoriala-reforma.\(format.fileExtension)")
    }

    @Test("golden: starptautiska-sadarbiba (subtopics, a lesson in two sections) in every format", arguments: ReportFormat.allCases)
    func goldenInternational(format: ReportFormat) throws {
        let kb = try seedKnowledgeBase()
        let report = try report(kb, topics: ["starptautiska-sadarbiba"])
        try checkGolden(format.renderer.render(report), "starptautiska-sadarbiba.\(format.fileExtension)")
    }

    @Test("golden: English labels, all topics, Markdown")
    func goldenEnglish() throws {
        let kb = try seedKnowledgeBase()
        let report = try report(kb, language: .en)
        try checkGolden(MarkdownReportRenderer().render(report), "all-topics.en.md")
    }

    @Test("golden: a query orders by relevance")
    func goldenQuery() throws {
        let kb = try seedKnowledgeBase()
        let report = try report(kb, topics: ["interesu-lobesana", "nacionalais-dialogs"], query: "lobēšana")
        #expect(report.ordering == .relevance)
        #expect(report.entries.allSatisfy { $0.rank != nil })
        try checkGolden(MarkdownReportRenderer().render(report), "lobesana-query.md")
        #expect(!report.scope.anyWord)
    }

    @Test("a query no note fully matches says so on the cover, in every format")
    func anyWordQuery() throws {
        let kb = try seedKnowledgeBase()
        let report = try report(kb, topics: ["interesu-lobesana"], query: "lobēšana zilonis")
        #expect(report.scope.anyWord)
        #expect(!report.entries.isEmpty)
        #expect(try MarkdownReportRenderer().render(report).contains("neviena piezīme nesatur visus vārdus"))
        #expect(try HTMLReportRenderer().render(report).contains("neviena piezīme nesatur visus vārdus"))
        #expect(try JSONReportRenderer().render(report).contains("\"anyWord\""))
    }

    @Test("a CSV report, plain or for a spreadsheet in any language, loads back without changing a note",
          arguments: [nil, ReportLanguage.lv, .en, .ru])
    func csvReportLoadsBack(spreadsheet: ReportLanguage?) throws {
        let kb = try seedKnowledgeBase()
        // Text a spreadsheet would take for a formula, and an organization's and a person's details.
        let tricky = try kb.directory.write("formulas.jsonl", """
            {"id": "formulas", "title": "Formulas", "topics": ["pasvaldibu-apvienosana"], "body": "- =SUM(A1)\\n+ plus; -mīnus\\n@ats", \
            "organizations": [{"name": "Rīgas dome", "country": "LV", "kind": "pašvaldība"}], \
            "people": [{"name": "Anna Bērziņa", "role": "eksperte", "organization": "Rīgas dome"}]}

            """)
        try kb.load([tricky])
        let notes = try kb.store.count()
        let report = try report(kb, language: spreadsheet ?? .lv)
        let renderer = spreadsheet.map(CSVReportRenderer.spreadsheet) ?? CSVReportRenderer()
        let text = try renderer.render(report)
        #expect(text.contains("'- =SUM(A1)"), "the report defuses formulas")
        #expect(text.contains("Rīgas dome | LV | pašvaldība"), "organizations keep their details")
        #expect(text.contains("Anna Bērziņa | eksperte | Rīgas dome"), "people too")
        let stored = try #require(try kb.store.note(id: "formulas"))
        let file = try kb.directory.write("report.csv", text)
        let summary = try kb.knowledgeBase.load([.path(file)], collectOutcomes: true)
        #expect(summary.new == 0)
        #expect(summary.updated == 0, "every note reads back as it is stored: \(summary.outcomes.filter { $0.outcome != "unchanged" }.map(\.id))")
        #expect(summary.unchanged == notes)
        #expect(try kb.store.note(id: "formulas") == stored)
    }

    @Test("a draft is marked beside its title in the HTML and Markdown reports; a reviewed note is not")
    func draftsAreMarked() throws {
        let kb = try seedKnowledgeBase()
        let draft = try kb.directory.write("melnraksts.md", markdownNote(id: "nepabeigta-maciba", title: "Nepabeigta mācība",
                                                                           extra: "status: draft"))
        try kb.load([draft])
        let report = try report(kb, topics: ["administrativi-teritoriala-reforma"])
        let html = try HTMLReportRenderer().render(report)
        #expect(html.contains(">Nepabeigta mācība <span class=\"status-draft\">melnraksts</span></h3>"))
        #expect(html.components(separatedBy: "class=\"status-draft\"").count == 2, "only the draft")
        let markdown = try MarkdownReportRenderer().render(report)
        #expect(markdown.contains("### Nepabeigta mācība (melnraksts)"))
        #expect(markdown.components(separatedBy: "(melnraksts)").count == 2)
    }

    // MARK: Structure

    @Test("the report covers the topic and its subtopics, in vocabulary order")
    func structure() throws {
        let kb = try seedKnowledgeBase()
        let report = try report(kb, topics: ["starptautiska-sadarbiba"])
        #expect(report.title == "Starptautiskā sadarbība")
        #expect(report.sections.map(\.slug) == ["macibu-vizites", "sadarbibas-ligumi", "attistibas-sadarbibas-projekti"])
        #expect(report.sections.map(\.depth) == [1, 1, 1])
        // The topic itself has no lessons of its own: a group line in the contents, no section.
        #expect(report.contents.map(\.name) == ["Starptautiskā sadarbība", "Mācību vizītes", "Sadarbības līgumi", "Attīstības sadarbības projekti"])
        #expect(report.contents.map { $0.section == nil } == [true, false, false, false])
        #expect(report.countries == ["KG", "LV"])
        #expect(report.years == [2018])
        // darba-vizites-posmu-sasaiste is filed under two subtopics: listed in both, full text once.
        let lesson = try #require(report.entry(id: "darba-vizites-posmu-sasaiste"))
        #expect(lesson.sections == [1, 3])
        #expect(lesson.section == 1)
        #expect(report.sections[2].lessonIDs.contains("darba-vizites-posmu-sasaiste"))
        #expect(Set(report.entries.map(\.note.id)).count == report.entryCount)
        let html = try HTMLReportRenderer().render(report)
        #expect(html.components(separatedBy: "id=\"note-darba-vizites-posmu-sasaiste\"").count == 2)
        // Every id is unique and every internal link has its target.
        let ids = html.matches(of: /\sid="([^"]+)"/).map { String($0.output.1) }
        #expect(Set(ids).count == ids.count)
        for target in Set(html.matches(of: /href="#([^"]+)"/).map { String($0.output.1) }) {
            #expect(ids.contains(target), "broken link #\(target)")
        }
        // Newest first within a section, ties by id.
        for section in report.sections {
            let dates = section.lessonIDs.compactMap { report.entry(id: $0)?.note.occurred }
            #expect(dates == dates.sorted(by: >))
        }
        // Counts per topic match the sections; every lesson's source is in the annex, deduplicated.
        #expect(report.overview.byTopic.map(\.count) == report.sections.map(\.lessonIDs.count))
        #expect(report.sources.count == 1)
        #expect(report.sources[0].lessonIDs == report.entries.map(\.note.id).sorted())
        #expect(report.organizations.contains { $0.organization.name == "Latvijas Pašvaldību savienība" })
    }

    @Test("several --topic options combine; an unknown topic is an error")
    func topics() throws {
        let kb = try seedKnowledgeBase()
        let both = try report(kb, topics: ["administrativi-teritoriala-reforma", "nacionalais-dialogs"])
        #expect(both.title == "Administratīvi teritoriālā reforma; Nacionālais dialogs")
        #expect(both.sections.map(\.slug) == ["administrativi-teritoriala-reforma", "dialoga-platforma"])
        #expect(throws: KnowledgeBaseError.self) { try report(kb, topics: ["nav-tadas-temas"]) }
    }

    @Test("the same database and request give byte-identical output, whatever the load order")
    func determinism() throws {
        let first = try seedKnowledgeBase()
        let second = try seedKnowledgeBase(reversed: true)
        for topics in [[], ["starptautiska-sadarbiba"]] {
            for format in ReportFormat.allCases {
                let a = try format.renderer.render(report(first, topics: topics))
                let b = try format.renderer.render(report(first, topics: topics))
                let c = try format.renderer.render(report(second, topics: topics))
                #expect(a == b, "\(format) twice")
                #expect(a == c, "\(format) after loading in reverse order")
            }
        }
    }

    @Test("no match: an empty report")
    func empty() throws {
        let kb = try seedKnowledgeBase()
        #expect(try report(kb, country: "EE").isEmpty)
        #expect(try report(kb, topics: ["funkciju-sadale"]).isEmpty)
        #expect(try report(kb, topics: ["administrativi-teritoriala-reforma"], kind: .goodPractice).isEmpty)
        #expect(try report(kb, query: "neeksistējošsvārds").isEmpty)
    }

    // MARK: Safety

    @Test("HTML: script, event handlers and javascript: links in a note are never active")
    func xss() throws {
        let kb = try TestKnowledgeBase()
        let attack = #"<script>alert(1)</script> "><img src=x onerror=alert(1)>"#
        let body = """
            Teksts \(attack) un [saite](javascript:alert(1)) un [lielie burti](JaVaScRiPt:alert(2)).

            <div onclick="alert(3)">raw <b>HTML</b></div>
            <iframe src="https://evil.example/"></iframe>
            <a href="javascript:alert(4)">a tag</a>

            [entity](&#106;avascript:alert(5)) [tab](java\tscript:alert(6)) [quote](https://x.lv/" onmouseover="alert(7))
            [data](data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==) [vb](vbscript:msgbox(9))
            ![bilde](javascript:alert(10)) ![attēls](https://example.com/a.png)
            [ref link][r]

            [r]: javascript:alert(11)

            ```x" onclick="alert(12)
            <script>alert(13)</script>
            ```

            `<img src=x onerror=alert(14)>` un [laba saite](https://lps.lv/?a=1&b=2) un <https://lps.lv>
            """
        let note: [String: Any] = [
            "id": "xss-note", "title": attack, "summary": attack, "topics": ["administrativi-teritoriala-reforma"],
            "country": "LV", "occurred": "2020", "tags": [attack],
            "organizations": [["name": "<script>alert(15)</script>", "kind": attack]],
            "people": [["name": #""><svg onload=alert(16)>"#, "role": attack]],
            "source": ["title": attack, "url": "https://example.com/", "publisher": attack],
            "context": body, "lesson": attack, "recommendation": "- \(attack)", "body": body,
        ]
        let data = try JSONSerialization.data(withJSONObject: [note], options: [.sortedKeys])
        let file = try kb.directory.write("xss.json", String(decoding: data, as: UTF8.self))
        try kb.load([file])
        // The loader refuses such a URL; the report must not rely on that.
        try kb.connection.execute("UPDATE notes SET source_url = 'javascript:alert(17)' WHERE id = 'xss-note'")

        for language in ReportLanguage.allCases {
            var filter = NoteStore.Filter()
            filter.topics = ["administrativi-teritoriala-reforma"]
            let report = try Report.build(store: kb.store, request: ReportRequest(filter: filter, language: language, generated: fixedDate))
            let html = try HTMLReportRenderer().render(report)

            let allowed: Set<String> = [
                "!doctype", "html", "head", "meta", "title", "style", "body", "header", "nav", "section", "article",
                "footer", "figure", "figcaption", "div", "span", "p", "a", "h1", "h2", "h3", "h4", "h5", "h6", "dl", "dt",
                "dd", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "em", "strong",
                "s", "del", "blockquote", "br", "hr", "cite", "q", "time",
            ]
            for tag in tags(in: html) {
                #expect(allowed.contains(tag.name), "unexpected tag <\(tag.name)>")
                for (name, value) in tag.attributes {
                    #expect(!name.hasPrefix("on"), "event handler \(name)=\(value) on <\(tag.name)>")
                    #expect(name != "src", "a src attribute on <\(tag.name)>: \(value)")
                    if name == "href" {
                        // http(s), mailto, or relative: no ':' before the first '/', '?' or '#' (the
                        // entity trick stays a literal, harmless relative reference).
                        let lowered = value.lowercased()
                        let schemePart = lowered.prefix { !"/?#".contains($0) }
                        #expect(lowered.hasPrefix("https://") || lowered.hasPrefix("http://") || lowered.hasPrefix("mailto:")
                                    || !schemePart.contains(":"), "href [\(value)]")
                        #expect(!lowered.contains("javascript:") && !lowered.hasPrefix("data:"), "href [\(value)]")
                    }
                    if name == "style" { #expect(value.hasPrefix("width: ") && value.hasSuffix("%"), "style \(value)") }
                }
            }
            #expect(!html.lowercased().contains("<script"))
            #expect(!html.lowercased().contains("<img"))
            #expect(!html.lowercased().contains("<iframe"))
            #expect(!html.lowercased().contains("javascript:alert(1)\""))
            // The text itself is kept, visibly.
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(html.contains("<a href=\"https://lps.lv/?a=1&amp;b=2\">laba saite</a>"))
            #expect(html.contains("<a class=\"image-link\" href=\"https://example.com/a.png\">attēls</a>"))
            #expect(html.contains("<span class=\"unsafe-link\">saite</span>"))
            #expect(html.contains("<code>&lt;img src=x onerror=alert(14)&gt;</code>"))
        }

        // The other formats keep the text but escape what they place themselves.
        var filter = NoteStore.Filter()
        filter.topics = ["administrativi-teritoriala-reforma"]
        let report = try Report.build(store: kb.store, request: ReportRequest(filter: filter, generated: fixedDate))
        let markdown = try MarkdownReportRenderer().render(report)
        #expect(markdown.contains(#"### \<script\>alert(1)\</script\> "\>\<img src=x onerror=alert(1)\>"#))
        #expect(!markdown.contains("](javascript:alert(17)"))
    }

    @Test("SafeMarkdown renders Markdown and keeps only safe tags and links")
    func safeMarkdown() {
        #expect(SafeMarkdown.html(from: "Teksts ar **treknu** un *slīpu*.") == "<p>Teksts ar <strong>treknu</strong> un <em>slīpu</em>.</p>")
        #expect(SafeMarkdown.html(from: "- viens\n- divi") == "<ul><li>viens</li><li>divi</li></ul>")
        #expect(SafeMarkdown.html(from: "# Virsraksts") == "<h5>Virsraksts</h5>")
        #expect(SafeMarkdown.html(from: "> citāts") == "<blockquote><p>citāts</p></blockquote>")
        #expect(SafeMarkdown.html(from: "a < b & c > d \"e\"") == "<p>a &lt; b &amp; c &gt; d &quot;e&quot;</p>")
        #expect(SafeMarkdown.html(from: "`a < b && \"c\"`") == "<p><code>a &lt; b &amp;&amp; &quot;c&quot;</code></p>")
        #expect(SafeMarkdown.html(from: "```\nif a < b {}\n```") == "<pre><code>if a &lt; b {}\n</code></pre>")
        #expect(SafeMarkdown.html(from: "[x](mailto:a@b.lv)") == "<p><a href=\"mailto:a@b.lv\">x</a></p>")
        #expect(SafeMarkdown.html(from: "[x](../cits.html#a)") == "<p><a href=\"../cits.html#a\">x</a></p>")
        #expect(SafeMarkdown.html(from: "[x](javascript:alert(1))") == "<p><span class=\"unsafe-link\">x</span></p>")
        #expect(SafeMarkdown.html(from: "---\na: b\n---\nTeksts") .contains("Teksts"))
        #expect(SafeMarkdown.html(from: "<b>raw</b>") == "<p>&lt;b&gt;raw&lt;/b&gt;</p>")
    }

    @Test("the plain-prose fast path gives what Ink gives")
    func fastPath() throws {
        // Every field of the seeds, and random text from a small alphabet.
        let kb = try seedKnowledgeBase()
        var samples: [String] = []
        for note in try kb.store.notes(pks: kb.store.notePKs(matching: NoteStore.Filter())) {
            samples += [note.context, note.lesson, note.recommendation, note.body, note.summary, note.title]
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(bound))
        }
        let pieces = ["a", "ā", "Š", "ž", "b", "Ķ", " ", " ", " ", "\n", "\n\n", ".", ",", "!", "?", "(", ")", "\"", "'", "&", "<", ">",
                      "-", "–", "1", "2018. ", "#", ":", ";", "/", "%", "„", "“", "«", "\u{A0}", "\u{2028}", "&amp;", "x\ny", "Ⅻ"]
        for _ in 0..<5_000 {
            samples.append((0..<(1 + next(40))).map { _ in pieces[next(pieces.count)] }.joined())
        }
        var fast = 0
        for sample in samples {
            guard let html = SafeMarkdown.plainProseHTML(sample) else { continue }
            fast += 1
            #expect(html == SafeMarkdown.inkHTML(from: sample), "\(sample.debugDescription)")
        }
        #expect(fast > 300)  // the comparison ran on a fair share of samples
    }

    @Test("Latvian ordinals at the start of a line stay text; real numbered lists stay lists")
    func ordinals() {
        #expect(SafeMarkdown.protectingOrdinals("2018. gada augustā LPS") == "2018\\. gada augustā LPS")
        #expect(SafeMarkdown.protectingOrdinals("Teksts.\n\n16. augustā notika") == "Teksts.\n\n16\\. augustā notika")
        #expect(SafeMarkdown.protectingOrdinals("1. viens\n2. divi") == "1. viens\n2. divi")
        #expect(SafeMarkdown.protectingOrdinals("1. viens\n\n2. divi\n   turpinājums\n3. trīs") == "1. viens\n\n2. divi\n   turpinājums\n3. trīs")
        #expect(SafeMarkdown.protectingOrdinals("```\n2018. gads\n```") == "```\n2018. gads\n```")
        #expect(SafeMarkdown.html(from: "2018. gada augustā") == "<p>2018. gada augustā</p>")
        #expect(SafeMarkdown.html(from: "1. viens\n2. divi") == "<ol><li>viens</li><li>divi</li></ol>")
    }

    @Test("URL policy: http(s), mailto and relative only")
    func urlPolicy() {
        for url in ["https://lps.lv", "http://x", "mailto:a@b", "#a", "/x", "x/y:z", "?q=1"] {
            #expect(HTMLEscaping.isAllowedURL(url), "\(url)")
        }
        for url in ["javascript:alert(1)", " JavaScript:x", "java\tscript:x", "java\nscript:x", "\u{1}javascript:x",
                    "data:text/html,x", "vbscript:x", "file:///etc/passwd", "a:b"] {
            #expect(!HTMLEscaping.isAllowedURL(url), "\(url)")
        }
    }

    // MARK: Formats

    @Test("CSV: RFC 4180 quoting, one row per lesson")
    func csv() throws {
        // Issue 11 item 12: every field is quoted (a `;`-locale spreadsheet must not split a cell).
        #expect(CSVReportRenderer.quoted("plain") == "\"plain\"")
        #expect(CSVReportRenderer.quoted("a,b") == "\"a,b\"")
        #expect(CSVReportRenderer.quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVReportRenderer.quoted("two\nlines") == "\"two\nlines\"")
        // Cells a spreadsheet would run as formulas are defused with a leading apostrophe.
        #expect(CSVReportRenderer.quoted("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")
        #expect(CSVReportRenderer.quoted("+1") == "\"'+1\"")
        #expect(CSVReportRenderer.quoted("@SUM(A1)") == "\"'@SUM(A1)\"")
        #expect(CSVReportRenderer.quoted("- Plānot apspriešanu.") == "\"'- Plānot apspriešanu.\"")
        #expect(CSVReportRenderer.quoted("pa-svaldiba=x") == "\"pa-svaldiba=x\"")
        let kb = try seedKnowledgeBase()
        let report = try report(kb, topics: ["starptautiska-sadarbiba"])
        let csv = try CSVReportRenderer().render(report)
        #expect(csv.hasPrefix("\u{FEFF}\"id\",\"title\",\"kind\","))
        // Count records by parsing: quoted fields may hold newlines.
        var records = 0, inQuotes = false
        for character in csv.unicodeScalars {
            if character == "\"" { inQuotes.toggle() } else if character == "\n", !inQuotes { records += 1 }
        }
        #expect(records == report.entryCount + 1)
    }

    @Test("JSON: documented keys, nulls present")
    func json() throws {
        let kb = try seedKnowledgeBase()
        let report = try report(kb, topics: ["administrativi-teritoriala-reforma"])
        let data = Data(try JSONReportRenderer().render(report).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["format", "version", "language", "title", "generated", "ordering", "scope", "lessonCount",
                                     "countries", "years", "overview", "sections", "lessons", "sources", "index"])
        #expect(object["lessonCount"] as? Int == 2)
        let scope = try #require(object["scope"] as? [String: Any])
        #expect(scope["query"] is NSNull)
        let lessons = try #require(object["lessons"] as? [[String: Any]])
        #expect(lessons.count == 2)
        #expect(lessons[0]["rank"] is NSNull)
    }

    @Test("Markdown: headings inside a note move below the report's own")
    func demote() {
        #expect(MarkdownReportRenderer.demotingHeadings("# A\ntext\n## B", by: 4) == "##### A\ntext\n###### B")
        #expect(MarkdownReportRenderer.demotingHeadings("```\n# not a heading\n```", by: 4) == "```\n# not a heading\n```")
        #expect(MarkdownReportRenderer.demotingHeadings("#hashtag", by: 4) == "#hashtag")
    }

    // MARK: Dates and output

    @Test("generation date: --date, then SOURCE_DATE_EPOCH, else today")
    func dates() throws {
        #expect(try ReportRequest.date(explicit: "2024-02-29", environment: [:]) == "2024-02-29")
        #expect(throws: ReportRequest.DateError.self) { try ReportRequest.date(explicit: "2023-02-29", environment: [:]) }
        #expect(throws: ReportRequest.DateError.self) { try ReportRequest.date(explicit: "15.01.2025", environment: [:]) }
        #expect(try ReportRequest.date(explicit: nil, environment: ["SOURCE_DATE_EPOCH": "1700000000"]) == "2023-11-14")
        #expect(throws: ReportRequest.DateError.self) { try ReportRequest.date(explicit: nil, environment: ["SOURCE_DATE_EPOCH": "x"]) }
        #expect(ReportRequest.isValidDate(try ReportRequest.date(explicit: nil, environment: [:])))
    }

    @Test("-o writes atomically and refuses to overwrite without --force")
    func output() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("r.md").path
        try ReportOutput.write(to: path, force: false) { $0.write("first\n") }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\n")
        #expect(throws: ReportOutput.Failure.exists(path: path)) {
            try ReportOutput.write(to: path, force: false) { $0.write("second\n") }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\n")
        struct Boom: Error {}
        #expect(throws: Boom.self) { try ReportOutput.write(to: path, force: true) { _ in throw Boom() } }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\n")
        try ReportOutput.write(to: path, force: true) { $0.write(String(repeating: "ā", count: 100_000)) }
        #expect(try String(contentsOfFile: path, encoding: .utf8).count == 100_000)
        // No temporary files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["r.md"])
    }
}
