import Foundation
import Hummingbird
import PieredzeKit

/// The read-only pages: start, search, note, topic, topic report.
extension Site {
    // MARK: Start page

    func home(_ request: Request) throws -> Response {
        let context = try context(request)
        let labels = context.labels
        let (topics, totals, recent, count) = try pool.readNow { knowledgeBase in
            (try knowledgeBase.topicTree(), try knowledgeBase.topicNoteCounts(), try knowledgeBase.recentlyChanged(limit: 10),
             try knowledgeBase.noteCount())
        }
        var main = """
            <section class="hero">
            <h1>\(escapeHTML(labels.tagline))</h1>
            <form action="/search" method="get" role="search">
            <input type="search" name="q" placeholder="\(escapeHTML(labels.searchPlaceholder))" aria-label="\(escapeHTML(labels.search))" autofocus>
            \(hiddenLanguage(context))<button type="submit">\(escapeHTML(labels.search))</button>
            </form>
            <p class="help">\(escapeHTML(labels.searchHelp))</p>
            </section>
            <div class="columns">
            <section>
            <h2>\(escapeHTML(labels.topics))</h2>
            \(topicTree(topics, totals: totals, context: context))
            <p><a href="\(escapeHTML(context.link("/search")))">\(escapeHTML(labels.allNotes))</a> <span class="count">(\(count))</span></p>
            </section>
            <section>
            <h2>\(escapeHTML(labels.recentlyChanged))</h2>

            """
        if recent.isEmpty {
            main += "<p class=\"muted\">\(escapeHTML(labels.noNotesYet))</p>\n"
        } else {
            main += "<ul class=\"recent\">\n"
            for note in recent {
                let facts = [labels.kindName(note.kind), note.country.map(labels.countryName), note.occurred].compactMap { $0 }
                main += "<li><a href=\"\(escapeHTML(context.link("/notes/" + note.id)))\">\(escapeHTML(note.title))</a>"
                main += "<br><span class=\"facts-line\">\(escapeHTML(facts.joined(separator: " · "))) · \(escapeHTML(labels.changed.lowercased())) <time>\(escapeHTML(String(note.updatedAt.prefix(10))))</time></span></li>\n"
            }
            main += "</ul>\n"
        }
        main += "</section>\n</div>\n"
        return .html(Layout.page(title: labels.tagline, context: context, bodyClass: "home", searchBar: false, main: main))
    }

    /// The topic tree as nested lists, each topic with its notes (subtopics included).
    func topicTree(_ tree: TopicTree, totals: TopicTree.NoteCounts, context: PageContext) -> String {
        let children = Dictionary(grouping: tree.topics, by: \.parentID)
        func list(_ parent: Int?) -> String {
            guard let items = children[parent], !items.isEmpty else { return "" }
            return "<ul>\n" + items.map { topic in
                "<li><a href=\"\(escapeHTML(context.link("/topics/" + topic.slug)))\">\(escapeHTML(context.labels.topicName(topic)))</a> "
                    + "<span class=\"count\">(\(totals.withSubtopics[topic.id] ?? 0))</span>\(list(topic.id))</li>\n"
            }.joined() + "</ul>"
        }
        return "<nav class=\"tree\" aria-label=\"\(escapeHTML(context.labels.topics))\">" + list(nil) + "</nav>"
    }

    func hiddenLanguage(_ context: PageContext) -> String {
        context.explicitLanguage.map { "<input type=\"hidden\" name=\"lang\" value=\"\($0.rawValue)\">" } ?? ""
    }

    // MARK: Search

    /// One page of a search (or, without text, of the notes the filters leave, newest first):
    /// the hits, the total, whether it fell back to any word, and the facets of the whole result.
    /// A note in a list, with the snippet that matched (empty when browsing).
    struct ListedNote {
        var note: Note
        var snippet: String
    }

    struct SearchPage {
        var hits: [ListedNote]
        var total: Int
        var relaxed: Bool
        /// The query with the closest indexed words, when some typed word matches no note.
        var suggestion: String? = nil
        /// True when the hits are the suggestion's (the query as typed found nothing).
        var ranSuggestion = false
        var facets: Facets
        var tree: TopicTree
    }

    /// One ranked search at most: the window from `search(text:)` (as `pieredze search`), the
    /// total and facets from `matchSummary`, which counts and aggregates the match set unranked.
    func runSearch(_ state: SearchState, knowledgeBase: KnowledgeBase) throws -> SearchPage {
        let tree = try knowledgeBase.topicTree()
        if let topic = state.topic, tree.topic(slug: topic) == nil {
            throw BadRequest(message: "unknown topic '\(topic)'")
        }
        let filter = state.filter
        if state.text.isEmpty {
            let summary = try knowledgeBase.matchSummary(filter: filter)
            let hits = try knowledgeBase.notes(matching: filter, limit: SearchState.pageSize, offset: state.offset)
                .map { ListedNote(note: $0, snippet: "") }
            return SearchPage(hits: hits, total: summary.total, relaxed: false, facets: summary.facets, tree: tree)
        }
        _ = try SearchQuery(state.text)  // a query that cannot run is a 400, before any search
        // The same search as `pieredze search`: thesaurus, partial matches, suggestions.
        let results = try knowledgeBase.search(text: state.text, filter: filter, limit: SearchState.pageSize, offset: state.offset)
        let summary = try knowledgeBase.matchSummary(text: results.ranSuggestion ? results.suggestion ?? state.text : state.text,
                                                     filter: filter)
        return SearchPage(hits: results.hits.map { ListedNote(note: $0.note, snippet: $0.snippet) }, total: summary.total,
                          relaxed: results.anyWord, suggestion: results.suggestion, ranSuggestion: results.ranSuggestion,
                          facets: summary.facets, tree: tree)
    }

    func search(_ request: Request) throws -> Response {
        let context = try context(request)
        let labels = context.labels
        var state = try SearchState(context.parameters)
        state.language = context.explicitLanguage
        let result: SearchPage
        do {
            result = try pool.readNow { try runSearch(state, knowledgeBase: $0) }
        } catch let problem as SearchQuery.Problem {
            return queryProblemPage(problem, state: state, context: context)
        }
        let pages = max(1, (result.total + SearchState.pageSize - 1) / SearchState.pageSize)
        // A page past the end (an old link, notes since removed) goes to the last page.
        if state.page > pages { return .redirect(to: state.with { $0.page = pages }.url) }
        let topicsBySlug = Dictionary(uniqueKeysWithValues: result.tree.topics.map { ($0.slug, $0) })
        let heading = !state.text.isEmpty ? labels.resultsFor : state.hasFilters ? labels.filteredNotes : labels.allNotes

        var main = "<h1>\(escapeHTML(heading))</h1>\n"
        main += searchForm(state, context: context)
        main += activeFilters(state, topics: topicsBySlug, context: context)
        main += "<div class=\"layout-search\">\n<section class=\"results\" aria-label=\"\(escapeHTML(labels.resultsFor))\">\n"
        main += "<p class=\"result-count\"><span id=\"result-count\">\(escapeHTML(labels.notes(result.total)))</span>"
        if result.total > 0 { main += "<a class=\"jump\" href=\"#facets\">\(escapeHTML(labels.narrow)) ↓</a>" }
        main += "</p>\n"
        if let suggestion = result.suggestion {
            let link = "<a href=\"\(escapeHTML(state.with { $0.text = suggestion }.url))\">\(escapeHTML(suggestion))</a>"
            if result.ranSuggestion {
                // The page shows another query's notes: say which, and offer the typed one back.
                main += "<p class=\"notice\" role=\"status\">" + labels.ranSuggestion(typed: escapeHTML(state.text), shown: "<strong>\(escapeHTML(suggestion))</strong>") + "</p>\n"
            } else {
                main += "<p class=\"notice\" role=\"status\">\(escapeHTML(labels.didYouMean)) \(link)?</p>\n"
            }
        }
        if result.relaxed, !result.ranSuggestion { main += "<p class=\"notice\">\(escapeHTML(labels.relaxed))</p>\n" }
        if result.hits.isEmpty {
            main += "<p class=\"notice\">\(escapeHTML(labels.noResults))</p>\n"
        } else {
            main += "<ol class=\"hits\" start=\"\(state.offset + 1)\">\n"
            for hit in result.hits { main += hitHTML(hit, topics: topicsBySlug, context: context) }
            main += "</ol>\n"
        }
        main += pager(state, total: result.total, context: context)
        var api = [("q", state.text)].filter { !$0.1.isEmpty } + hiddenFilters(state)
        if state.offset > 0 { api.append(("offset", String(state.offset))) }
        main += "<p class=\"help\">\(escapeHTML(labels.apiNote)) <a href=\"\(escapeHTML("/api/search?" + FormParameters.query(api)))\">/api/search</a></p>\n"
        main += "</section>\n"
        main += facetsHTML(result.facets, state: state, total: result.total, tree: result.tree, context: context)
        main += "</div>\n"
        let title = state.text.isEmpty ? heading : "\(state.text) — \(heading)"
        return .html(Layout.page(title: title, context: context, searchText: state.text, bodyClass: "search", searchBar: false, main: main))
    }

    /// A typed query that cannot run (400): the search page again, with the query in its box
    /// to fix and why, in the page's language.
    func queryProblemPage(_ problem: SearchQuery.Problem, state: SearchState, context: PageContext) -> Response {
        let labels = context.labels
        var main = "<h1>\(escapeHTML(labels.resultsFor))</h1>\n"
        main += searchForm(state, context: context)
        main += "<p class=\"error-box\" role=\"alert\">\(escapeHTML(labels.queryProblem(problem)))</p>\n"
        return .html(Layout.page(title: "\(state.text) — \(labels.resultsFor)", context: context, searchText: state.text,
                                 bodyClass: "search", searchBar: false, main: main), status: .badRequest)
    }

    /// The search form on the search page: it keeps the filters, so a new text searches within them.
    func searchForm(_ state: SearchState, context: PageContext) -> String {
        let labels = context.labels
        var html = "<form class=\"hero\" action=\"/search\" method=\"get\" role=\"search\"><div class=\"searchrow\">"
        html += "<input type=\"search\" name=\"q\" value=\"\(escapeHTML(state.text))\" aria-label=\"\(escapeHTML(labels.search))\">"
        for (name, value) in hiddenFilters(state) {
            html += "<input type=\"hidden\" name=\"\(name)\" value=\"\(escapeHTML(value))\">"
        }
        html += " <button type=\"submit\">\(escapeHTML(labels.search))</button></div>"
        return html + "<p class=\"help\">\(escapeHTML(labels.searchHelp))</p></form>\n"
    }

    /// The filters of `state` as name/value pairs (for hidden inputs and the API link).
    func hiddenFilters(_ state: SearchState) -> [(String, String)] {
        var pairs: [(String, String)] = []
        if let topic = state.topic { pairs.append(("topic", topic)) }
        if let country = state.country { pairs.append(("country", country)) }
        if let year = state.year { pairs.append(("year", String(year))) }
        if let kind = state.kind { pairs.append(("kind", kind.rawValue)) }
        if let tag = state.tag { pairs.append(("tag", tag)) }
        if let organization = state.organization { pairs.append(("org", organization)) }
        if let person = state.person { pairs.append(("person", person)) }
        if let language = state.language { pairs.append(("lang", language.rawValue)) }
        return pairs
    }

    func hitHTML(_ hit: ListedNote, topics: [String: Topic], context: PageContext) -> String {
        let labels = context.labels
        let note = hit.note
        var facts = [labels.kindName(note.kind)]
        if let country = note.country { facts.append(labels.countryName(country)) }
        if let occurred = note.occurred { facts.append(occurred) }
        facts += note.topics.prefix(2).map { slug in topics[slug].map(labels.topicName) ?? slug }
        var html = "<li class=\"hit\"><h2 lang=\"\(escapeHTML(note.language))\"><a href=\"\(escapeHTML(context.link("/notes/" + note.id)))\">\(escapeHTML(note.title))</a>\(draftBadge(note, context: context))</h2>\n"
        html += "<p class=\"facts-line\">\(escapeHTML(facts.joined(separator: " · ")))</p>\n"
        if !hit.snippet.isEmpty {
            html += "<p class=\"snippet\" lang=\"\(escapeHTML(note.language))\">\(Layout.snippetHTML(hit.snippet))</p>\n"
        } else if !note.summary.isEmpty {
            html += "<p class=\"summary-line\" lang=\"\(escapeHTML(note.language))\">\(escapeHTML(note.summary))</p>\n"
        }
        return html + "</li>\n"
    }

    /// "MELNRAKSTS" beside a draft's title (the reports' badge), so nobody takes it for a checked lesson.
    func draftBadge(_ note: Note, context: PageContext) -> String {
        note.status == .draft ? " <span class=\"status-draft\">\(escapeHTML(context.labels.statusName(.draft)))</span>" : ""
    }

    /// The filters in force, each with a link that removes it.
    func activeFilters(_ state: SearchState, topics: [String: Topic], context: PageContext) -> String {
        let labels = context.labels
        var chips: [(String, SearchState)] = []
        if let topic = state.topic {
            chips.append(("\(labels.topic): \(topics[topic].map(labels.topicName) ?? topic)", state.with { $0.topic = nil }))
        }
        if let country = state.country { chips.append(("\(labels.country): \(labels.countryName(country))", state.with { $0.country = nil })) }
        if let year = state.year { chips.append(("\(labels.year): \(year)", state.with { $0.year = nil })) }
        if let kind = state.kind { chips.append(("\(labels.kind): \(labels.kindName(kind))", state.with { $0.kind = nil })) }
        if let tag = state.tag { chips.append(("\(labels.tag): \(tag)", state.with { $0.tag = nil })) }
        if let organization = state.organization {
            chips.append(("\(labels.organization): \(organization)", state.with { $0.organization = nil }))
        }
        if let person = state.person { chips.append(("\(labels.person): \(person)", state.with { $0.person = nil })) }
        guard !chips.isEmpty else { return "" }
        var html = "<ul class=\"chips\" aria-label=\"\(escapeHTML(labels.activeFilters))\">\n"
        for (text, without) in chips {
            html += "<li>\(escapeHTML(text)) <a href=\"\(escapeHTML(without.url))\" title=\"\(escapeHTML(labels.removeFilter))\" aria-label=\"\(escapeHTML(labels.removeFilter)): \(escapeHTML(text))\">✕</a></li>\n"
        }
        if chips.count > 1 {
            let cleared = state.with { $0 = SearchState(); $0.text = state.text; $0.language = state.language }
            html += "<li><a href=\"\(escapeHTML(cleared.url))\">\(escapeHTML(labels.clearAll))</a></li>\n"
        }
        return html + "</ul>\n"
    }

    func pager(_ state: SearchState, total: Int, context: PageContext) -> String {
        let labels = context.labels
        let pages = max(1, (total + SearchState.pageSize - 1) / SearchState.pageSize)
        guard pages > 1 || state.page > 1 else { return "" }
        let previous = state.page > 1
            ? "<a rel=\"prev\" href=\"\(escapeHTML(state.with { $0.page = state.page - 1 }.url))\">\(escapeHTML(labels.previous))</a>"
            : "<span class=\"disabled\">\(escapeHTML(labels.previous))</span>"
        let next = state.page < pages
            ? "<a rel=\"next\" href=\"\(escapeHTML(state.with { $0.page = state.page + 1 }.url))\">\(escapeHTML(labels.next))</a>"
            : "<span class=\"disabled\">\(escapeHTML(labels.next))</span>"
        return "<nav class=\"pager\" aria-label=\"\(escapeHTML(labels.pages))\">\(previous)<span>\(escapeHTML(labels.page(state.page, of: pages)))</span>\(next)</nav>\n"
    }

    /// The facets: each value a link that adds it to the filters. Topics are offered below the
    /// chosen topic only, so every link narrows the result.
    func facetsHTML(_ facets: Facets, state: SearchState, total: Int, tree: TopicTree, context: PageContext) -> String {
        let labels = context.labels
        guard total > 0 else { return "<aside class=\"facets\"></aside>\n" }
        var html = "<aside class=\"facets\" id=\"facets\" aria-label=\"\(escapeHTML(labels.narrow))\">\n<h2>\(escapeHTML(labels.narrow))</h2>\n"
        func group(_ title: String, _ values: [FacetValue], selected: String?, name: (String) -> String, apply: @escaping (inout SearchState, String) -> Void) {
            // A value every note has would not narrow anything.
            let shown = values.filter { $0.value != selected && $0.count < total }
            guard !shown.isEmpty else { return }
            html += "<h3>\(escapeHTML(title))</h3>\n<ul>\n"
            for value in shown {
                let target = state.with { apply(&$0, value.value) }
                html += "<li><a href=\"\(escapeHTML(target.url))\">\(escapeHTML(name(value.value)))</a> <span class=\"count\">\(value.count)</span></li>\n"
            }
            html += "</ul>\n"
        }
        var topicValues = facets.topics
        if let chosen = state.topic {
            // Only the chosen topic's subtopics narrow: another topic would widen the result.
            let below = Set((tree.subtree(of: chosen) ?? []).map(\.slug)).subtracting([chosen])
            topicValues = topicValues.filter { below.contains($0.value) }
        }
        group(labels.topic, topicValues, selected: state.topic, name: { tree.topic(slug: $0).map(labels.topicName) ?? $0 }) { $0.topic = $1 }
        group(labels.country, facets.countries, selected: state.country, name: labels.countryName) { $0.country = $1 }
        group(labels.year, facets.years, selected: state.year.map(String.init), name: { $0 }) { $0.year = Int($1) }
        group(labels.kind, facets.kinds, selected: state.kind?.rawValue,
              name: { NoteKind(rawValue: $0).map(labels.kindName) ?? $0 }) { $0.kind = NoteKind(rawValue: $1) }
        group(labels.tag, facets.tags, selected: state.tag, name: { $0 }) { $0.tag = $1 }
        group(labels.organization, facets.organizations, selected: state.organization, name: { $0 }) { $0.organization = $1 }
        return html + "</aside>\n"
    }

    // MARK: Note

    func note(_ request: Request, id: String) throws -> Response {
        let context = try context(request)
        let labels = context.labels
        guard Self.isPlausibleKey(id) else { throw NotFound() }
        let (note, topics, dates, related) = try pool.readNow { knowledgeBase -> (Note, [Topic], (created: String, updated: String)?, [SearchHit]) in
            guard let note = try knowledgeBase.note(id: id) else { throw NotFound() }
            let related = try RelatedNotes.find(for: note, in: knowledgeBase)
            return (note, try knowledgeBase.topicTree().topics, try knowledgeBase.changeDates(id: id), related)
        }
        let topicsBySlug = Dictionary(uniqueKeysWithValues: topics.map { ($0.slug, $0) })
        let lang = escapeHTML(note.language)
        var main = ""
        if context.allowWrites, context.parameters["saved"] != nil {
            main += "<p class=\"notice saved\" role=\"status\">\(escapeHTML(labels.saved))</p>\n"
        }
        main += "<article class=\"note-page note kind-\(escapeHTML(note.kind.rawValue))\">\n"
        if let first = note.topics.first, let topic = topicsBySlug[first] {
            main += "<p class=\"breadcrumb\"><a href=\"\(escapeHTML(context.link("/topics/" + topic.slug)))\">\(escapeHTML(labels.topicName(topic)))</a></p>\n"
        }
        main += "<h1 lang=\"\(lang)\">\(escapeHTML(note.title))\(draftBadge(note, context: context))</h1>\n<dl class=\"meta\">\n"
        func meta(_ label: String, _ valueHTML: String) {
            main += "<div><dt>\(escapeHTML(label))</dt><dd>\(valueHTML)</dd></div>\n"
        }
        func searchLink(_ text: String, _ change: (inout SearchState) -> Void) -> String {
            var state = SearchState()
            state.language = context.explicitLanguage
            change(&state)
            return "<a href=\"\(escapeHTML(state.url))\">\(escapeHTML(text))</a>"
        }
        meta(labels.kind, "<span class=\"kind\">\(escapeHTML(labels.kindName(note.kind)))</span>")
        if let country = note.country { meta(labels.country, searchLink(labels.countryName(country)) { $0.country = country }) }
        if let occurred = note.occurred { meta(labels.occurred, "<time>\(escapeHTML(occurred))</time>") }
        if !note.topics.isEmpty {
            meta(labels.topics, note.topics.map { slug in
                "<a href=\"\(escapeHTML(context.link("/topics/" + slug)))\">\(escapeHTML(topicsBySlug[slug].map(labels.topicName) ?? slug))</a>"
            }.joined(separator: ", "))
        }
        if !note.organizations.isEmpty {
            meta(labels.organizations, note.organizations.map { organization in
                var text = searchLink(organization.name) { $0.organization = organization.name }
                if let country = organization.country { text += " <span class=\"muted\">(\(escapeHTML(country)))</span>" }
                return text
            }.joined(separator: "; "))
        }
        if !note.people.isEmpty {
            meta(labels.people, note.people.map { person in
                var text = searchLink(person.name) { $0.person = person.name }
                let detail = [person.role, person.organization].compactMap { $0 }.filter { !$0.isEmpty }
                if !detail.isEmpty { text += " <span class=\"muted\">— \(escapeHTML(detail.joined(separator: ", ")))</span>" }
                return text
            }.joined(separator: "; "))
        }
        if !note.tags.isEmpty { meta(labels.tags, note.tags.map { tag in searchLink(tag) { $0.tag = tag } }.joined(separator: ", ")) }
        meta(labels.status, escapeHTML(labels.statusName(note.status)))
        meta(labels.noteLanguage, escapeHTML(labels.languageName(note.language)))
        if let dates {
            meta(labels.added, "<time>\(escapeHTML(String(dates.created.prefix(10))))</time>")
            meta(labels.changed, "<time>\(escapeHTML(String(dates.updated.prefix(10))))</time>")
        }
        meta(labels.id, "<code>\(escapeHTML(note.id))</code>")
        main += "</dl>\n"
        if !note.summary.isEmpty { main += "<p class=\"summary\" lang=\"\(lang)\">\(escapeHTML(note.summary))</p>\n" }
        // The author's order: context, lesson, recommendations, then any free text.
        for (label, text) in [(labels.context, note.context), (labels.lesson, note.lesson),
                              (labels.recommendation, note.recommendation), (labels.body, note.body)] where !text.isEmpty {
            main += "<h2>\(escapeHTML(label))</h2>\n<div class=\"md\" lang=\"\(lang)\">\(SafeMarkdown.html(from: text, headingOffset: 2))</div>\n"
        }
        if let source = note.source {
            main += "<p class=\"source\"><span class=\"label\">\(escapeHTML(labels.source)):</span> \(sourceHTML(source))</p>\n"
        }
        if context.allowWrites {
            main += "<p class=\"actions\"><a class=\"button secondary\" href=\"\(escapeHTML(context.link("/notes/\(note.id)/edit")))\">\(escapeHTML(labels.editNote))</a></p>\n"
        }
        main += "</article>\n<section class=\"related\">\n<h2>\(escapeHTML(labels.related))</h2>\n"
        if related.isEmpty {
            main += "<p class=\"muted\">\(escapeHTML(labels.noRelated))</p>\n"
        } else {
            // Their summaries, not snippets: the query is the note's distinctive terms, whose
            // highlights would look like random words to the reader.
            main += "<ul class=\"hits\">\n" + related.map { hitHTML(ListedNote(note: $0.note, snippet: ""), topics: topicsBySlug, context: context) }.joined() + "</ul>\n"
        }
        main += "</section>\n<p class=\"help\">\(escapeHTML(labels.apiNote)) <a href=\"/api/notes/\(escapeHTML(note.id))\">/api/notes/\(escapeHTML(note.id))</a></p>\n"
        return .html(Layout.page(title: note.title, context: context, bodyClass: "note", main: main))
    }

    /// "<cite>Title</cite>, Publisher, date, link": the URL a link only when it is http(s).
    func sourceHTML(_ source: Source) -> String {
        var parts: [String] = []
        if let title = source.title, !title.isEmpty {
            if let url = source.url, HTMLEscaping.isWebURL(url) {
                parts.append("<cite><a href=\"\(escapeHTML(url))\" rel=\"noopener noreferrer\">\(escapeHTML(title))</a></cite>")
            } else {
                parts.append("<cite>\(escapeHTML(title))</cite>")
            }
        }
        if let publisher = source.publisher, !publisher.isEmpty { parts.append(escapeHTML(publisher)) }
        if let date = source.date, !date.isEmpty { parts.append(escapeHTML(date)) }
        if let url = source.url, !url.isEmpty, !(HTMLEscaping.isWebURL(url) && source.title?.isEmpty == false) {
            parts.append(HTMLEscaping.isWebURL(url)
                ? "<a href=\"\(escapeHTML(url))\" rel=\"noopener noreferrer\">\(escapeHTML(url))</a>"
                : "<span class=\"url\">\(escapeHTML(url))</span>")
        }
        return parts.joined(separator: ", ")
    }

    // MARK: Topic

    func topic(_ request: Request, slug: String) throws -> Response {
        let context = try context(request)
        let labels = context.labels
        guard Self.isPlausibleKey(slug) else { throw NotFound() }
        let page = try context.parameters.integer("page", in: 1...SearchState.maximumPage) ?? 1
        let pageSize = 50
        let (tree, totals, notes, total) = try pool.readNow { knowledgeBase in
            let tree = try knowledgeBase.topicTree()
            guard tree.topic(slug: slug) != nil else { throw NotFound() }
            var filter = NoteStore.Filter()
            filter.topics = [slug]
            let pks = try knowledgeBase.notePKs(matching: filter)
            let window = Array(pks.dropFirst((page - 1) * pageSize).prefix(pageSize))
            return (tree, try knowledgeBase.topicNoteCounts(), try knowledgeBase.notes(pks: window), pks.count)
        }
        guard let topic = tree.topic(slug: slug) else { throw NotFound() }
        let lastPage = max(1, (total + pageSize - 1) / pageSize)
        if page > lastPage { return .redirect(to: context.link("/topics/\(slug)" + (lastPage > 1 ? "?page=\(lastPage)" : ""))) }
        let topics = tree.topics
        let ancestors = tree.ancestors(of: topic)

        var main = ""
        if !ancestors.isEmpty {
            main += "<p class=\"breadcrumb\">\(escapeHTML(labels.partOf)): " + ancestors.map {
                "<a href=\"\(escapeHTML(context.link("/topics/" + $0.slug)))\">\(escapeHTML(labels.topicName($0)))</a>"
            }.joined(separator: " › ") + "</p>\n"
        }
        main += "<h1>\(escapeHTML(labels.topicName(topic)))</h1>\n"
        main += "<p class=\"facts-line\">\(escapeHTML(labels.notes(total)))</p>\n"
        var searchState = SearchState()
        searchState.topic = slug
        searchState.language = context.explicitLanguage
        main += "<div class=\"downloads\"><a class=\"button\" href=\"\(escapeHTML(searchState.url))\">\(escapeHTML(labels.search)): \(escapeHTML(labels.topicName(topic)))</a>"
        main += " <span>\(escapeHTML(labels.reportFormats))</span>"
        // The names people know the formats by: a web page, Markdown, a table for Excel, data.
        for (path, name) in [(ReportFormat.html.rawValue, "HTML"), (ReportFormat.md.rawValue, "Markdown"),
                             (Self.spreadsheetReport, "Excel"), (ReportFormat.csv.rawValue, "CSV"), (ReportFormat.json.rawValue, "JSON")] {
            main += " <a class=\"button secondary\" href=\"\(escapeHTML(context.link("/topics/\(slug)/report/\(path)")))\">\(name)</a>"
        }
        main += "</div>\n"
        let subtopics = topics.filter { $0.parentID == topic.id }
        if !subtopics.isEmpty {
            main += "<h2>\(escapeHTML(labels.subtopics))</h2>\n<ul class=\"tree\">\n"
            for sub in subtopics {
                main += "<li><a href=\"\(escapeHTML(context.link("/topics/" + sub.slug)))\">\(escapeHTML(labels.topicName(sub)))</a> <span class=\"count\">(\(totals.withSubtopics[sub.id] ?? 0))</span></li>\n"
            }
            main += "</ul>\n"
        }
        main += "<h2>\(escapeHTML(labels.notesInTopic))</h2>\n"
        if notes.isEmpty {
            main += "<p class=\"muted\">\(escapeHTML(labels.noResults))</p>\n"
        } else {
            let topicsBySlug = Dictionary(uniqueKeysWithValues: topics.map { ($0.slug, $0) })
            main += "<ul class=\"hits\">\n" + notes.map {
                hitHTML(ListedNote(note: $0, snippet: ""), topics: topicsBySlug, context: context)
            }.joined() + "</ul>\n"
        }
        let pages = max(1, (total + pageSize - 1) / pageSize)
        if pages > 1 {
            func pageLink(_ number: Int) -> String { context.link("/topics/\(slug)" + (number > 1 ? "?page=\(number)" : "")) }
            let previous = page > 1 ? "<a rel=\"prev\" href=\"\(escapeHTML(pageLink(page - 1)))\">\(escapeHTML(labels.previous))</a>" : "<span class=\"disabled\">\(escapeHTML(labels.previous))</span>"
            let next = page < pages ? "<a rel=\"next\" href=\"\(escapeHTML(pageLink(page + 1)))\">\(escapeHTML(labels.next))</a>" : "<span class=\"disabled\">\(escapeHTML(labels.next))</span>"
            main += "<nav class=\"pager\">\(previous)<span>\(escapeHTML(labels.page(page, of: pages)))</span>\(next)</nav>\n"
        }
        return .html(Layout.page(title: labels.topicName(topic), context: context, bodyClass: "topic", main: main))
    }

    /// The topic report's address for a spreadsheet: CSV as Excel in the reader's locale opens
    /// it (`;`, headings in the page's language), beside the plain CSV for programs.
    static let spreadsheetReport = "excel"

    /// The topic report in one of `pieredze report`'s formats, from the same renderers (or, at
    /// `excel`, the CSV renderer's spreadsheet dialect).
    func topicReport(_ request: Request, slug: String, format name: String) throws -> Response {
        let context = try context(request)
        let spreadsheet = name == Self.spreadsheetReport
        guard Self.isPlausibleKey(slug), let format = spreadsheet ? .csv : ReportFormat(rawValue: name) else { throw NotFound() }
        let renderer: any ReportRenderer = spreadsheet ? CSVReportRenderer.spreadsheet(context.language.reportLanguage) : format.renderer
        var filter = NoteStore.Filter()
        filter.topics = [slug]
        let reportRequest = ReportRequest(filter: filter, language: context.language.reportLanguage,
                                          generated: try ReportRequest.date(explicit: nil))
        let text: String = try pool.readNow { knowledgeBase in
            guard try knowledgeBase.topicTree().topic(slug: slug) != nil else { throw NotFound() }
            // A report enlarges its connection's page cache; a pooled connection goes back bounded.
            defer { try? knowledgeBase.connection.execute("PRAGMA cache_size = \(-(pool.memory.cacheKiB ?? 2000))") }
            let report = try knowledgeBase.report(reportRequest)
            return try renderer.render(report)
        }
        let contentType: String
        switch format {
        case .html: contentType = "text/html; charset=utf-8"
        case .md: contentType = "text/markdown; charset=utf-8"
        case .csv: contentType = "text/csv; charset=utf-8"
        case .json: contentType = "application/json; charset=utf-8"
        }
        var response = Response.text(text, contentType: contentType)
        if format == .html {
            response.headers[.contentSecurityPolicy] = SiteMiddleware.reportContentSecurityPolicy
        } else {
            // The spreadsheet and the plain CSV are both .csv: named apart, so neither download becomes "(1)".
            response.headers[.contentDisposition] = "attachment; filename=\"\(slug)\(spreadsheet ? "-excel" : "").\(format.fileExtension)\""
        }
        return response
    }
}
