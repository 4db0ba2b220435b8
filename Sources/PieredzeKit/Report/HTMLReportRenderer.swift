/// The report as one self-contained HTML file: inline CSS, no script, no fonts or images from
/// the network; readable on screen and printable on A4.
///
/// Every piece of note text is escaped (`HTMLEscaping.escape`); Markdown fields (context,
/// lesson, recommendation, body) go through `SafeMarkdown`, which neutralises raw HTML and
/// refuses links that are not http(s), mailto or relative. Links the report makes itself
/// (sources) obey the same URL policy.
///
/// Anchors: `sec-<slug>` (sections; `sec-none` for notes without a topic), `note-<id>`
/// (the full text of an entry), `src-<n>` (annex), `org-<n>` and `person-<n>` (index).
public struct HTMLReportRenderer: ReportRenderer {
    public init() {}

    public func render<Output: TextOutputStream>(_ report: Report, to output: inout Output) throws {
        var writer = Writer(report: report)
        writer.document(to: &output)
    }

    private struct Writer {
        let report: Report
        let labels: ReportLabels
        var organizationNumbers: [String: Int] = [:]
        var personNumbers: [String: Int] = [:]
        var sectionByNumber: [Int: Report.Section] = [:]

        init(report: Report) {
            self.report = report
            labels = report.labels
            for (offset, entry) in report.organizations.enumerated() { organizationNumbers[entry.organization.name] = offset + 1 }
            for (offset, entry) in report.people.enumerated() { personNumbers[entry.person.name] = offset + 1 }
            for section in report.sections { sectionByNumber[section.number] = section }
        }

        func e(_ text: String) -> String { HTMLEscaping.escape(text) }

        func sectionAnchor(_ section: Report.Section) -> String { "sec-" + e(section.slug ?? "none") }

        func noteAnchor(_ id: String) -> String { "note-" + e(id) }

        mutating func document<Output: TextOutputStream>(to out: inout Output) {
            out.write("""
                <!DOCTYPE html>
                <html lang="\(report.language.rawValue)">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="generator" content="Pieredze">
                <title>\(e(report.title)) — \(e(labels.documentKind))</title>
                <style>
                \(HTMLReportStyle.css)\(HTMLReportStyle.printMargins(title: report.title, labels: labels))</style>
                </head>
                <body>

                """)
            cover(to: &out)
            contents(to: &out)
            overview(to: &out)
            for section in report.sections { self.section(section, to: &out) }
            annex(to: &out)
            index(to: &out)
            out.write("<footer class=\"colophon\"><p>\(e(labels.generatedBy)) · \(e(report.generated))</p></footer>\n</body>\n</html>\n")
        }

        // MARK: Cover

        func cover<Output: TextOutputStream>(to out: inout Output) {
            let scope = report.scope
            out.write("<header class=\"cover\">\n<p class=\"kicker\">\(e(labels.documentKind))</p>\n<h1>\(e(report.title))</h1>\n")
            out.write("<dl class=\"facts\">\n")
            func fact(_ label: String, _ valueHTML: String) {
                out.write("<div><dt>\(e(label))</dt><dd>\(valueHTML)</dd></div>\n")
            }
            let topics = scope.topics.isEmpty
                ? e(labels.allTopics)
                : scope.topics.map { "\(e($0.name)) <code>\(e($0.slug))</code>" }.joined(separator: "<br>")
            fact(labels.topics, topics)
            if let query = scope.query {
                fact(labels.query, "<q>\(e(query))</q>" + (scope.anyWord ? " (\(e(labels.anyWordQuery)))" : ""))
            }
            for (label, value) in scope.filterFacts(labels) { fact(label, e(value)) }
            fact(labels.generated, "<time datetime=\"\(e(report.generated))\">\(e(report.generated))</time>")
            fact(labels.lessonCount, String(report.entryCount))
            fact(labels.countries, report.countries.isEmpty ? e(labels.notGiven) : report.countries.map { e(labels.countryName($0)) }.joined(separator: ", "))
            fact(labels.years, report.years.isEmpty ? e(labels.notGiven) : e(Report.yearRanges(report.years)))
            fact(labels.ordering, e(report.ordering == .date ? labels.orderedByDate : labels.orderedByRelevance))
            out.write("</dl>\n</header>\n")
        }

        // MARK: Contents

        func contents<Output: TextOutputStream>(to out: inout Output) {
            out.write("<nav class=\"toc\" aria-labelledby=\"toc-title\">\n<h2 id=\"toc-title\">\(e(labels.contents))</h2>\n<ol>\n")
            out.write("<li><a href=\"#overview\">\(e(labels.overview))</a></li>\n")
            for line in report.contents {
                let depth = min(line.depth, 3)
                guard let section = line.section else {
                    out.write("<li class=\"depth-\(depth) group\">\(e(line.name))</li>\n")
                    continue
                }
                out.write("<li class=\"depth-\(depth)\"><a href=\"#\(sectionAnchor(section))\"><span class=\"num\">\(section.number).</span> \(e(section.name))</a> <span class=\"count\">\(section.lessonIDs.count)</span></li>\n")
            }
            out.write("<li><a href=\"#sources\">\(e(labels.sourcesAnnex))</a></li>\n")
            out.write("<li><a href=\"#index\">\(e(labels.index))</a></li>\n")
            out.write("</ol>\n</nav>\n")
        }

        // MARK: Overview

        func overview<Output: TextOutputStream>(to out: inout Output) {
            out.write("<section class=\"overview\" id=\"overview\">\n<h2>\(e(labels.overview))</h2>\n<div class=\"charts\">\n")
            chart(labels.byTopic, column: labels.topic, rows: report.overview.byTopic, depths: report.sections.map(\.depth),
                  wide: true, to: &out)
            chart(labels.byCountry, column: labels.country, rows: report.overview.byCountry, to: &out)
            chart(labels.byYear, column: labels.year, rows: report.overview.byYear, to: &out)
            out.write("</div>\n<p class=\"aside\">\(e(labels.countingNote))</p>\n</section>\n")
        }

        /// A table whose last column is a CSS bar (no script, prints with `print-color-adjust`).
        func chart<Output: TextOutputStream>(_ caption: String, column: String, rows: [Report.Count], depths: [Int] = [],
                                             wide: Bool = false, to out: inout Output) {
            let maximum = max(1, rows.map(\.count).max() ?? 1)
            out.write("<figure class=\"chart\(wide ? " wide" : "")\">\n<figcaption>\(e(caption))</figcaption>\n<table>\n<thead><tr><th scope=\"col\">\(e(column))</th><th scope=\"col\" class=\"n\">\(e(labels.count))</th><th class=\"bar-cell\" aria-hidden=\"true\"></th></tr></thead>\n<tbody>\n")
            for (index, row) in rows.enumerated() {
                let width = (row.count * 100 + maximum / 2) / maximum
                let depth = index < depths.count ? min(depths[index], 3) : 0
                out.write("<tr><th scope=\"row\"\(depth > 0 ? " class=\"depth-\(depth)\"" : "")>\(e(row.label))</th><td class=\"n\">\(row.count)</td><td class=\"bar-cell\" aria-hidden=\"true\"><span class=\"bar\" style=\"width: \(width)%\"></span></td></tr>\n")
            }
            out.write("</tbody>\n</table>\n</figure>\n")
        }

        // MARK: Sections

        func section<Output: TextOutputStream>(_ section: Report.Section, to out: inout Output) {
            let anchor = sectionAnchor(section)
            out.write("<section class=\"topic depth-\(min(section.depth, 3))\" id=\"\(anchor)\">\n")
            if !section.ancestors.isEmpty {
                out.write("<p class=\"parent\">\(section.ancestors.map { e($0.name) }.joined(separator: " › "))</p>\n")
            }
            out.write("<h2><span class=\"num\">\(section.number).</span> \(e(section.name))</h2>\n")
            if let slug = section.slug { out.write("<p class=\"section-meta\"><code>\(e(slug))</code> · \(e(labels.lessonCount)): \(section.lessonIDs.count)</p>\n") }
            for position in section.entryPositions {
                if report.entries[position].section == section.number {
                    full(report.entries[position], to: &out)
                } else {
                    reference(report.entries[position], to: &out)
                }
            }
            out.write("</section>\n")
        }

        func sectionLink(_ number: Int) -> String {
            guard let section = sectionByNumber[number] else { return String(number) }
            return "<a href=\"#\(sectionAnchor(section))\">\(section.number). \(e(section.name))</a>"
        }

        func draftBadge(_ note: Note) -> String {
            note.status == .draft ? " <span class=\"status-draft\">\(e(labels.draft))</span>" : ""
        }

        func full<Output: TextOutputStream>(_ entry: Report.Entry, to out: inout Output) {
            let note = entry.note
            let lang = e(note.language)
            // A short lesson (a third of an A4 page or so) is kept whole in print; a longer one
            // flows across pages, its heading and facts kept with its first lines.
            let textLength = [note.summary, note.context, note.lesson, note.recommendation, note.body].reduce(0) { $0 + $1.count }
            let short = textLength <= HTMLReportStyle.shortLessonCharacters ? " short" : ""
            out.write("<article class=\"note\(short) kind-\(e(note.kind.rawValue))\" id=\"\(noteAnchor(note.id))\">\n")
            // A draft is marked where the reader meets it: a partner must not take it for a checked lesson.
            out.write("<h3 lang=\"\(lang)\">\(e(note.title))\(draftBadge(note))</h3>\n<dl class=\"meta\">\n")
            func meta(_ label: String, _ valueHTML: String) {
                out.write("<div><dt>\(e(label))</dt><dd>\(valueHTML)</dd></div>\n")
            }
            meta(labels.id, "<code>\(e(note.id))</code>")
            meta(labels.kind, "<span class=\"kind\">\(e(labels.kindName(note.kind)))</span>")
            meta(labels.country, note.country.map { e(labels.countryName($0)) } ?? e(labels.notGiven))
            meta(labels.date, note.occurred.map { "<time>\(e($0))</time>" } ?? e(labels.notGiven))
            if !note.organizations.isEmpty {
                meta(labels.organizations, note.organizations.map { organization in
                    var text = e(organization.name)
                    if let number = organizationNumbers[organization.name] { text = "<a href=\"#org-\(number)\">\(text)</a>" }
                    if let country = organization.country { text += " <span class=\"muted\">(\(e(country)))</span>" }
                    return text
                }.joined(separator: "; "))
            }
            if !note.people.isEmpty {
                meta(labels.people, note.people.map { person in
                    var text = e(person.name)
                    if let number = personNumbers[person.name] { text = "<a href=\"#person-\(number)\">\(text)</a>" }
                    let detail = [person.role, person.organization].compactMap { $0 }.filter { !$0.isEmpty }
                    if !detail.isEmpty { text += " <span class=\"muted\">— \(e(detail.joined(separator: ", ")))</span>" }
                    return text
                }.joined(separator: "; "))
            }
            if !note.tags.isEmpty { meta(labels.tags, note.tags.map(e).joined(separator: ", ")) }
            let others = entry.sections.filter { $0 != entry.section }
            if !others.isEmpty { meta(labels.alsoInSections, others.map(sectionLink).joined(separator: "; ")) }
            out.write("</dl>\n")
            if !note.summary.isEmpty { out.write("<p class=\"summary\" lang=\"\(lang)\">\(e(note.summary))</p>\n") }
            for (label, text) in [(labels.body, note.body), (labels.context, note.context), (labels.lesson, note.lesson),
                                  (labels.recommendation, note.recommendation)] where !text.isEmpty {
                out.write("<h4>\(e(label))</h4>\n<div class=\"md\" lang=\"\(lang)\">")
                out.write(SafeMarkdown.html(from: text))
                out.write("</div>\n")
            }
            if let source = note.source {
                out.write("<p class=\"source\"><span class=\"label\">\(e(labels.source)):</span> \(sourceHTML(source))")
                if let number = entry.sourceNumber { out.write(" <a class=\"source-ref\" href=\"#src-\(number)\">[\(number)]</a>") }
                out.write("</p>\n")
            }
            out.write("</article>\n")
        }

        func reference<Output: TextOutputStream>(_ entry: Report.Entry, to out: inout Output) {
            let note = entry.note
            var parts = [e(labels.kindName(note.kind))]
            if let country = note.country { parts.append(e(labels.countryName(country))) }
            if let occurred = note.occurred { parts.append("<time>\(e(occurred))</time>") }
            out.write("<article class=\"note ref\">\n<h3 lang=\"\(e(note.language))\"><a href=\"#\(noteAnchor(note.id))\">\(e(note.title))</a>\(draftBadge(note))</h3>\n")
            out.write("<p class=\"ref-meta\">\(parts.joined(separator: " · ")) — \(e(labels.fullTextInSection)) \(sectionLink(entry.section))</p>\n</article>\n")
        }

        /// "<cite>Title</cite>, Publisher, date, <a>url</a>" — the URL a link only if allowed.
        func sourceHTML(_ source: Source) -> String {
            var parts: [String] = []
            if let title = source.title, !title.isEmpty {
                if let url = source.url, HTMLEscaping.isWebURL(url) {
                    parts.append("<cite><a href=\"\(e(url))\">\(e(title))</a></cite>")
                } else {
                    parts.append("<cite>\(e(title))</cite>")
                }
            }
            if let publisher = source.publisher, !publisher.isEmpty { parts.append(e(publisher)) }
            if let date = source.date, !date.isEmpty { parts.append(e(date)) }
            if let url = source.url, !url.isEmpty, !(HTMLEscaping.isWebURL(url) && source.title?.isEmpty == false) {
                parts.append(HTMLEscaping.isWebURL(url) ? "<a href=\"\(e(url))\">\(e(url))</a>" : "<span class=\"url\">\(e(url))</span>")
            }
            return parts.joined(separator: ", ")
        }

        // MARK: Annex and index

        /// Links to the notes' full texts, by title (a title the report lacks falls back to the id).
        func noteLinks(_ ids: [String]) -> String {
            ids.map { "<a href=\"#\(noteAnchor($0))\">\(e(report.entry(id: $0)?.note.title ?? $0))</a>" }.joined(separator: "; ")
        }

        func annex<Output: TextOutputStream>(to out: inout Output) {
            out.write("<section class=\"annex\" id=\"sources\">\n<h2>\(e(labels.sourcesAnnex))</h2>\n<p class=\"aside\">\(e(labels.sourcesAnnexNote))</p>\n<ol class=\"sources\">\n")
            for entry in report.sources {
                out.write("<li id=\"src-\(entry.number)\"><span class=\"num\">[\(entry.number)]</span> \(sourceHTML(entry.source)). <span class=\"cited\">\(e(labels.citedIn)): \(noteLinks(entry.lessonIDs))</span></li>\n")
            }
            out.write("</ol>\n</section>\n")
        }

        func index<Output: TextOutputStream>(to out: inout Output) {
            out.write("<section class=\"index\" id=\"index\">\n<h2>\(e(labels.index))</h2>\n<p class=\"aside\">\(e(labels.indexNote))</p>\n<div class=\"index-columns\">\n")
            out.write("<div>\n<h3>\(e(labels.organizations))</h3>\n<ul class=\"index-list\">\n")
            for (offset, entry) in report.organizations.enumerated() {
                let detail = [entry.organization.country, entry.organization.kind].compactMap { $0 }.filter { !$0.isEmpty }
                let detailHTML = detail.isEmpty ? "" : " <span class=\"muted\">(\(e(detail.joined(separator: ", "))))</span>"
                out.write("<li id=\"org-\(offset + 1)\"><span class=\"name\">\(e(entry.organization.name))</span>\(detailHTML): \(noteLinks(entry.lessonIDs))</li>\n")
            }
            out.write("</ul>\n</div>\n<div>\n<h3>\(e(labels.people))</h3>\n<ul class=\"index-list\">\n")
            for (offset, entry) in report.people.enumerated() {
                let detail = [entry.person.role, entry.person.organization].compactMap { $0 }.filter { !$0.isEmpty }
                let detailHTML = detail.isEmpty ? "" : " <span class=\"muted\">(\(e(detail.joined(separator: ", "))))</span>"
                out.write("<li id=\"person-\(offset + 1)\"><span class=\"name\">\(e(entry.person.name))</span>\(detailHTML): \(noteLinks(entry.lessonIDs))</li>\n")
            }
            out.write("</ul>\n</div>\n</div>\n</section>\n")
        }
    }
}
