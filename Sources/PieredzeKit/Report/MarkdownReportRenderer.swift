/// The report as one Markdown document (CommonMark with GitHub tables).
///
/// Short fields the report places itself (titles, names, sources) are escaped so they cannot
/// change the document's structure; the Markdown fields of a note (context, lesson,
/// recommendation, body) are copied as written, except that their headings are moved down four
/// levels to sit under the lesson's own headings, and a lone Latvian ordinal at the start of a
/// line (`2018. gada`) gets a backslash (`2018\. gada`) so it is not read as a numbered list
/// (see `SafeMarkdown.protectingOrdinals`); both are invisible once rendered. Anchors are explicit `<a id="…"></a>` tags
/// (the same names as in the HTML report), understood by GitHub, pandoc and most viewers.
///
/// Whatever a note's Markdown field leaves open is closed right after it (`closingOpenBlocks`:
/// a code fence, an HTML comment or `<pre>`-like block, an HTML tag), so the report's own next
/// line is read as the report wrote it. Control characters anywhere are shown visibly
/// (`VisibleText`).
public struct MarkdownReportRenderer: ReportRenderer {
    public init() {}

    public func render<Output: TextOutputStream>(_ report: Report, to out: inout Output) throws {
        var visible = VisibleTextStream(base: out)
        try renderDocument(report, to: &visible)
        out = visible.base
    }

    private func renderDocument<Output: TextOutputStream>(_ report: Report, to out: inout Output) throws {
        let labels = report.labels
        let sectionByNumber = Dictionary(uniqueKeysWithValues: report.sections.map { ($0.number, $0) })
        func i(_ text: String) -> String { Self.inline(text) }
        func anchor(_ name: String) -> String { "<a id=\"\(HTMLEscaping.escape(name))\"></a>" }
        func sectionAnchor(_ section: Report.Section) -> String { "sec-" + (section.slug ?? "none") }
        func sectionLink(_ number: Int) -> String {
            guard let section = sectionByNumber[number] else { return String(number) }
            return "[\(section.number). \(i(section.name))](#\(sectionAnchor(section)))"
        }
        // Notes are referred to by title (the id is for machines); a title the report lacks
        // falls back to the id.
        func noteLinks(_ ids: [String]) -> String {
            ids.map { "[\(i(report.entry(id: $0)?.note.title ?? $0))](#note-\($0))" }.joined(separator: "; ")
        }

        // Cover.
        let scope = report.scope
        out.write("# \(i(report.title))\n\n*\(i(labels.documentKind))*\n\n")
        func fact(_ label: String, _ value: String) { out.write("- **\(i(label)):** \(value)\n") }
        fact(labels.topics, scope.topics.isEmpty ? i(labels.allTopics)
             : scope.topics.map { "\(i($0.name)) (`\($0.slug)`)" }.joined(separator: "; "))
        if let query = scope.query {
            fact(labels.query, "“\(i(query))”" + (scope.anyWord ? " (\(labels.anyWordQuery))" : ""))
        }
        for (label, value) in scope.filterFacts(labels) { fact(label, i(value)) }
        fact(labels.generated, report.generated)
        fact(labels.lessonCount, String(report.entryCount))
        fact(labels.countries, report.countries.isEmpty ? i(labels.notGiven) : report.countries.map { i(labels.countryName($0)) }.joined(separator: ", "))
        fact(labels.years, report.years.isEmpty ? i(labels.notGiven) : Report.yearRanges(report.years))
        fact(labels.ordering, i(report.ordering == .date ? labels.orderedByDate : labels.orderedByRelevance))

        // Contents.
        out.write("\n## \(i(labels.contents))\n\n- [\(i(labels.overview))](#overview)\n")
        for line in report.contents {
            let indent = String(repeating: "  ", count: min(line.depth, 3))
            guard let section = line.section else {
                out.write("\(indent)- \(i(line.name))\n")
                continue
            }
            out.write("\(indent)- [\(section.number). \(i(section.name))](#\(sectionAnchor(section))) (\(section.lessonIDs.count))\n")
        }
        out.write("- [\(i(labels.sourcesAnnex))](#sources)\n- [\(i(labels.index))](#index)\n")

        // Overview.
        out.write("\n\(anchor("overview"))\n\n## \(i(labels.overview))\n")
        for (caption, column, rows) in [(labels.byTopic, labels.topic, report.overview.byTopic),
                                        (labels.byCountry, labels.country, report.overview.byCountry),
                                        (labels.byYear, labels.year, report.overview.byYear)] {
            out.write("\n### \(i(caption))\n\n| \(i(column)) | \(i(labels.count)) |\n|---|---:|\n")
            for row in rows { out.write("| \(i(row.label)) | \(row.count) |\n") }
        }
        out.write("\n*\(i(labels.countingNote))*\n")

        // Sections.
        for section in report.sections {
            out.write("\n\(anchor(sectionAnchor(section)))\n\n")
            if !section.ancestors.isEmpty { out.write("*\(section.ancestors.map { i($0.name) }.joined(separator: " › ")) ›*\n\n") }
            out.write("## \(section.number). \(i(section.name))\n")
            for position in section.entryPositions {
                let lesson = report.entries[position]
                let note = lesson.note
                guard lesson.section == section.number else {
                    var parts = [i(labels.kindName(note.kind))]
                    if let country = note.country { parts.append(i(labels.countryName(country))) }
                    if let occurred = note.occurred { parts.append(occurred) }
                    if note.status == .draft { parts.append("**\(i(labels.draft))**") }
                    out.write("\n- [\(i(note.title))](#note-\(note.id)) — \(parts.joined(separator: " · ")). \(i(labels.fullTextInSection)) \(sectionLink(lesson.section)).\n")
                    continue
                }
                // A draft is marked where the reader meets it: a partner must not take it for a checked lesson.
                out.write("\n\(anchor("note-" + note.id))\n\n### \(i(note.title))\(note.status == .draft ? " (\(i(labels.draft)))" : "")\n\n")
                fact(labels.id, "`\(note.id)`")
                fact(labels.kind, i(labels.kindName(note.kind)))
                fact(labels.country, note.country.map { i(labels.countryName($0)) } ?? i(labels.notGiven))
                fact(labels.date, note.occurred ?? i(labels.notGiven))
                if !note.organizations.isEmpty {
                    fact(labels.organizations, note.organizations.map { organization in
                        i(organization.name) + (organization.country.map { " (\(i($0)))" } ?? "")
                    }.joined(separator: "; "))
                }
                if !note.people.isEmpty {
                    fact(labels.people, note.people.map { person in
                        let detail = [person.role, person.organization].compactMap { $0 }.filter { !$0.isEmpty }
                        return i(person.name) + (detail.isEmpty ? "" : " — " + i(detail.joined(separator: ", ")))
                    }.joined(separator: "; "))
                }
                if !note.tags.isEmpty { fact(labels.tags, note.tags.map(i).joined(separator: ", ")) }
                let others = lesson.sections.filter { $0 != lesson.section }
                if !others.isEmpty { fact(labels.alsoInSections, others.map(sectionLink).joined(separator: "; ")) }
                if !note.summary.isEmpty { out.write("\n*\(i(note.summary))*\n") }
                for (label, text) in [(labels.body, note.body), (labels.context, note.context), (labels.lesson, note.lesson),
                                      (labels.recommendation, note.recommendation)] where !text.isEmpty {
                    out.write("\n#### \(i(label))\n\n\(Self.closingOpenBlocks(Self.demotingHeadings(SafeMarkdown.protectingOrdinals(text), by: 4)))\n")
                }
                if let source = note.source {
                    out.write("\n**\(i(labels.source)):** \(Self.source(source))")
                    if let number = lesson.sourceNumber { out.write(" [[\(number)]](#src-\(number))") }
                    out.write("\n")
                }
            }
        }

        // Annex.
        out.write("\n\(anchor("sources"))\n\n## \(i(labels.sourcesAnnex))\n\n*\(i(labels.sourcesAnnexNote))*\n\n")
        for entry in report.sources {
            out.write("\(entry.number). \(anchor("src-\(entry.number)"))\(Self.source(entry.source)). \(i(labels.citedIn)): \(noteLinks(entry.lessonIDs))\n")
        }

        // Index.
        out.write("\n\(anchor("index"))\n\n## \(i(labels.index))\n\n*\(i(labels.indexNote))*\n\n### \(i(labels.organizations))\n\n")
        for entry in report.organizations {
            let detail = [entry.organization.country, entry.organization.kind].compactMap { $0 }.filter { !$0.isEmpty }
            out.write("- **\(i(entry.organization.name))**\(detail.isEmpty ? "" : " (\(i(detail.joined(separator: ", "))))"): \(noteLinks(entry.lessonIDs))\n")
        }
        out.write("\n### \(i(labels.people))\n\n")
        for entry in report.people {
            let detail = [entry.person.role, entry.person.organization].compactMap { $0 }.filter { !$0.isEmpty }
            out.write("- **\(i(entry.person.name))**\(detail.isEmpty ? "" : " (\(i(detail.joined(separator: ", "))))"): \(noteLinks(entry.lessonIDs))\n")
        }
        out.write("\n---\n\n*\(i(labels.generatedBy)) · \(report.generated)*\n")
    }

    /// `text` on one line with Markdown's structural characters backslash-escaped.
    static func inline(_ text: String) -> String {
        func special(_ byte: UInt8) -> Bool {
            switch byte {
            case 0x5C, 0x60, 0x2A, 0x5F, 0x5B, 0x5D, 0x3C, 0x3E, 0x7C, 0x26, 0x23: return true  // \ ` * _ [ ] < > | & #
            default: return false
            }
        }
        guard text.utf8.contains(where: { special($0) || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if special(byte) {
                bytes.append(0x5C)
                bytes.append(byte)
            } else if byte == 0x0A {
                if previous != 0x0D { bytes.append(0x20) }  // CR LF is one space
            } else if byte == 0x0D || byte == 0x09 {
                bytes.append(0x20)
            } else {
                bytes.append(byte)
            }
            previous = byte
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// "*Title*, Publisher, date, <url>" — a link only for an allowed URL.
    static func source(_ source: Source) -> String {
        var parts: [String] = []
        let url = source.url.flatMap { $0.isEmpty ? nil : $0 }
        let linkable = url.map { HTMLEscaping.isWebURL($0) } ?? false
        if let title = source.title, !title.isEmpty {
            parts.append(linkable ? "[*\(inline(title))*](<\(escapeDestination(url!))>)" : "*\(inline(title))*")
        }
        if let publisher = source.publisher, !publisher.isEmpty { parts.append(inline(publisher)) }
        if let date = source.date, !date.isEmpty { parts.append(inline(date)) }
        if let url, !(linkable && source.title?.isEmpty == false) {
            parts.append(linkable ? "<\(escapeDestination(url))>" : "`\(url.replacingOccurrences(of: "`", with: "'"))`")
        }
        return parts.joined(separator: ", ")
    }

    private static func escapeDestination(_ url: String) -> String {
        url.replacingOccurrences(of: "<", with: "%3C").replacingOccurrences(of: ">", with: "%3E")
            .replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "\n", with: "")
    }

    /// Markdown with every ATX heading outside fenced code moved down `levels` (at most `######`).
    static func demotingHeadings(_ markdown: String, by levels: Int) -> String {
        guard markdown.utf8.contains(0x23) else { return markdown }  // "#"
        var lines: [Substring] = []
        var fences = MarkdownFenceTracker()
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: { $0 == " " })
            let indent = line.count - trimmed.count
            if !fences.isFenced(line), indent <= 3, trimmed.hasPrefix("#") {
                let hashes = trimmed.prefix(while: { $0 == "#" })
                let rest = trimmed.dropFirst(hashes.count)
                if hashes.count <= 6, rest.isEmpty || rest.first == " " || rest.first == "\t" {
                    lines.append(Substring(String(repeating: "#", count: min(6, hashes.count + levels)) + rest))
                    continue
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// `markdown` followed by whatever closes what it leaves open at its end, each closer on a
    /// line of its own: an open code fence (`MarkdownFence`), an HTML block of CommonMark's kinds
    /// 1–5 (spec 0.31.2, §4.6: `<script>`/`<pre>`/`<style>`/`<textarea>`, `<!--`, `<?`, `<!X`,
    /// `<![CDATA[`), which only their end marker ends, and HTML tags opened outside code and
    /// never closed. A stray closing tag is harmless, so a tag is rather closed once too often.
    static func closingOpenBlocks(_ markdown: String) -> String {
        guard markdown.contains("`") || markdown.contains("~") || markdown.contains("<") else { return markdown }
        var fences = MarkdownFenceTracker()
        var htmlBlockEnd: String?
        var openTags: [String] = []
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let lower = line.lowercased()
            if let end = htmlBlockEnd {
                if lower.contains(end) { htmlBlockEnd = nil }
                continue
            }
            if fences.isFenced(line) { continue }
            let trimmed = lower.drop(while: { $0 == " " })
            if lower.count - trimmed.count <= 3, let end = htmlBlockEndMarker(trimmed) {
                if !trimmed.dropFirst(2).contains(end) { htmlBlockEnd = end }
                continue
            }
            trackTags(in: lower, open: &openTags)
        }
        var closers: [String] = []
        if let fence = fences.open { closers.append(String(repeating: fence.marker, count: fence.length)) }
        if let htmlBlockEnd { closers.append(htmlBlockEnd) }
        if !openTags.isEmpty { closers.append(openTags.reversed().map { "</\($0)>" }.joined()) }
        guard !closers.isEmpty else { return markdown }
        return markdown + "\n" + closers.joined(separator: "\n")
    }

    /// The end marker of the CommonMark HTML block of kind 1–5 that `line` (lower-cased, indent
    /// removed) starts, or nil.
    private static func htmlBlockEndMarker(_ line: Substring) -> String? {
        for name in ["script", "pre", "style", "textarea"] where line.hasPrefix("<" + name) {
            let after = line.dropFirst(name.count + 1).first
            if after == nil || after == " " || after == "\t" || after == ">" { return "</\(name)>" }
        }
        if line.hasPrefix("<!--") { return "-->" }
        if line.hasPrefix("<?") { return "?>" }
        if line.hasPrefix("<![cdata[") { return "]]>" }
        if line.hasPrefix("<!"), let letter = line.dropFirst(2).first, letter.isASCII, letter.isLetter { return ">" }
        return nil
    }

    /// HTML elements that have no closing tag.
    private static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                                                    "param", "source", "track", "wbr"]

    /// Updates `open` with the start and end tags in `line` outside code spans.
    private static func trackTags(in line: String, open: inout [String]) {
        var inCode = false
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character == "`" {
                inCode.toggle()
            } else if character == "<", !inCode {
                var cursor = line.index(after: index)
                let closing = cursor < line.endIndex && line[cursor] == "/"
                if closing { cursor = line.index(after: cursor) }
                let nameStart = cursor
                while cursor < line.endIndex, line[cursor].isASCII, line[cursor].isLetter || line[cursor].isNumber { cursor = line.index(after: cursor) }
                let name = String(line[nameStart..<cursor])
                // No `>` after this `<` means none after any later `<` either: stop (linear).
                guard let end = line[cursor...].firstIndex(of: ">") else { break }
                if !name.isEmpty, name.first!.isLetter {
                    let selfClosing = line[line.index(before: end)] == "/"
                    if closing {
                        if let position = open.lastIndex(of: name) { open.removeSubrange(position...) }
                    } else if !selfClosing, !voidElements.contains(name) {
                        open.append(name)
                    }
                    index = end
                }
            }
            index = line.index(after: index)
        }
    }
}
