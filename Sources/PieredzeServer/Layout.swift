import PieredzeKit

/// `text` escaped for HTML element content and quoted attribute values.
func escapeHTML(_ text: String) -> String { HTMLEscaping.escape(text) }

/// What every page needs to know about its request: the language, whether it was chosen in the
/// address (then links keep it), and where the page is (for the language switch).
struct PageContext: Sendable {
    var language: SiteLanguage
    /// `?lang=` as given; nil when the language came from `Accept-Language`.
    var explicitLanguage: SiteLanguage?
    var path: String
    var parameters: FormParameters
    var allowWrites: Bool

    var labels: SiteLabels { language.labels }

    /// `path` (which may carry a query) with `lang=` added when the language was chosen in the address.
    func link(_ path: String) -> String {
        guard let explicitLanguage else { return path }
        return path + (path.contains("?") ? "&" : "?") + "lang=" + explicitLanguage.rawValue
    }

    /// This page in `language`.
    func languageSwitch(_ language: SiteLanguage) -> String {
        let kept = parameters.pairs.filter { $0.name != "lang" }.map { ($0.name, $0.value) }
        return path + "?" + FormParameters.query(kept + [("lang", language.rawValue)])
    }
}

/// The page frame: head, masthead with the search box and language switch, footer.
enum Layout {
    /// `searchBar`: the masthead's search box; off on the pages that have their own (start, search).
    /// `bodyClass` becomes `page-…` on `<body>`: prefixed, so a page kind never takes on the
    /// report stylesheet's rules for its own classes (`.note`, `.topic` are report sections).
    static func page(title: String, context: PageContext, searchText: String = "", bodyClass: String = "",
                     searchBar: Bool = true, main: String) -> String {
        let labels = context.labels
        let languages = SiteLanguage.allCases.map { language in
            language == context.language
                ? "<strong aria-current=\"true\">\(language.rawValue.uppercased())</strong>"
                : "<a href=\"\(escapeHTML(context.languageSwitch(language)))\" hreflang=\"\(language.rawValue)\" lang=\"\(language.rawValue)\">\(language.rawValue.uppercased())</a>"
        }.joined(separator: " ")
        var navigation = "<a href=\"\(escapeHTML(context.link("/")))\">\(escapeHTML(labels.topics))</a>"
        if context.allowWrites {
            navigation += " <a href=\"\(escapeHTML(context.link("/new")))\">\(escapeHTML(labels.newNote))</a>"
            navigation += " <a href=\"\(escapeHTML(context.link("/upload")))\">\(escapeHTML(labels.upload))</a>"
        }
        let searchForm = """
            <form class="searchbar" action="/search" method="get" role="search">
            <input type="search" name="q" value="\(escapeHTML(searchText))" placeholder="\(escapeHTML(labels.searchPlaceholder))" aria-label="\(escapeHTML(labels.search))">
            \(context.explicitLanguage.map { "<input type=\"hidden\" name=\"lang\" value=\"\($0.rawValue)\">" } ?? "")
            <button type="submit">\(escapeHTML(labels.search))</button>
            </form>
            """
        return """
            <!DOCTYPE html>
            <html lang="\(context.language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escapeHTML(title)) — \(escapeHTML(labels.siteName))</title>
            <link rel="stylesheet" href="/assets/site.css">
            </head>
            <body class="site\(bodyClass.isEmpty ? "" : " page-" + bodyClass)">
            <header class="masthead">
            <a class="brand" href="\(escapeHTML(context.link("/")))">\(escapeHTML(labels.siteName))<span class="tagline">\(escapeHTML(labels.tagline))</span></a>
            \(searchBar ? searchForm : "")
            <nav class="sitenav">\(navigation) <span class="langs">\(languages)</span></nav>
            </header>
            <main>
            \(main)
            </main>
            <footer class="colophon"><p>Pieredze · <a href="/api/topics">JSON API</a></p></footer>
            </body>
            </html>

            """
    }

    /// A snippet from the search engine: its text escaped, its highlight markers as `<mark>`.
    /// Snippets are cut from the notes' Markdown; its block markers (`- `, `1. `, `## `, `> `)
    /// and emphasis (`**`, `__`, backticks) are left out, so a line reads as text.
    static func snippetHTML(_ snippet: String) -> String {
        let lines = snippet.split(whereSeparator: \.isNewline).map { line in
            var text = String(line.drop { $0 == " " || $0 == "\t" })
            if let marker = text.firstMatch(of: /^(?:[-*+]|\d{1,3}[.)]|#{1,6}|>)[ \t]+/) { text.removeSubrange(marker.range) }
            return text.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "")
                .replacingOccurrences(of: "`", with: "")
        }
        return escapeHTML(lines.filter { !$0.isEmpty }.joined(separator: " "))
            .replacingOccurrences(of: SearchEngine.highlightStart, with: "<mark>")
            .replacingOccurrences(of: SearchEngine.highlightEnd, with: "</mark>")
    }

    /// The site's stylesheet: the report's, so the site and the reports look like one product,
    /// and the site's own rules after it. Served as `/assets/site.css` (the CSP allows no inline style).
    static let css = HTMLReportStyle.css + """

        /* ---- the site ---- */
        body.site { max-width: 72rem; padding: 0 1.5rem 3rem; }
        .masthead { display: flex; flex-wrap: wrap; align-items: center; gap: .8rem 1.5rem;
                    border-top: 6px solid var(--accent); padding: 1rem 0 .9rem; border-bottom: 1px solid var(--rule);
                    font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; }
        .brand { font-size: 1.5rem; font-weight: 700; text-decoration: none; color: var(--accent); display: flex; flex-direction: column; line-height: 1.1; }
        .tagline { font-size: .75rem; font-weight: 400; color: var(--muted); letter-spacing: .02em; }
        .searchbar { display: flex; flex: 1 1 20rem; gap: .4rem; min-width: 0; }
        .searchbar input[type=search], .hero input[type=search] { flex: 1; min-width: 0; font: inherit; font-size: 1rem;
                    padding: .45rem .6rem; border: 1px solid #8c959f; border-radius: 4px; }
        button, .button { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; font-size: .95rem; padding: .45rem .9rem; border: 1px solid var(--accent);
                    border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
        .button.secondary { background: #fff; color: var(--accent); }
        .sitenav { display: flex; flex-wrap: wrap; gap: .3rem 1rem; font-size: .9rem; align-items: center; }
        .langs { display: inline-flex; gap: .5rem; color: var(--muted); }
        main { padding-top: 1.2rem; }
        main h1 { margin-top: .6rem; }
        .hero { background: var(--soft); border: 1px solid var(--rule); padding: 1.2rem 1.4rem; margin: 1rem 0 2rem; }
        .hero form, .hero .searchrow { display: flex; gap: .5rem; }
        .hero input[type=search] { font-size: 1.05rem; }
        .jump { display: none; }
        .note-page, form.note-form, .page-form main > p { max-width: 50rem; }
        .hero p { margin: .6rem 0 0; }
        .help { color: var(--muted); font-size: .85rem; font-family: system-ui, sans-serif; }
        .columns { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 3rem; }
        .layout-search { display: grid; grid-template-columns: minmax(0, 1fr) 17rem; gap: 0 2.5rem; align-items: start; }
        .tree, .tree ul { list-style: none; padding-left: 0; margin: 0; }
        .tree ul { padding-left: 1.2rem; }
        .tree li { padding: .15rem 0; }
        .count { color: var(--muted); font-variant-numeric: tabular-nums; font-size: .9em; }
        .hits { list-style: none; padding: 0; margin: 0; }
        .hit { padding: .9rem 0; border-bottom: 1px solid var(--rule); }
        .hit h2, .hit h3 { font-size: 1.15rem; margin: 0 0 .2rem; }
        .hit h2 a, .hit h3 a { text-decoration: none; }
        .hit p { margin: .25rem 0 0; }
        .facts-line { font-family: system-ui, sans-serif; font-size: .85rem; color: var(--muted); }
        mark { background: #fbe7a1; color: inherit; padding: 0 .1em; }
        .summary-line { font-style: italic; }
        .status-draft { font-family: system-ui, sans-serif; }
        .result-count { font-family: system-ui, sans-serif; color: var(--muted); margin: 0 0 .5rem; }
        .notice { background: var(--accent-soft); border-left: 3px solid var(--accent); padding: .5rem .8rem;
                  font-family: system-ui, sans-serif; font-size: .9rem; }
        .error-box { background: #fff4f4; border: 1px solid #d1242f; color: #82071e; padding: .6rem .9rem; font-family: system-ui, sans-serif; }
        .facets { font-family: system-ui, sans-serif; font-size: .9rem; }
        .facets h2 { font-size: 1rem; margin: 0 0 .4rem; }
        .facets h3 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 1rem 0 .3rem; }
        .facets ul { list-style: none; padding: 0; margin: 0; }
        .facets li { display: flex; justify-content: space-between; gap: .5rem; padding: .12rem 0; }
        .facets li a { text-decoration: none; overflow-wrap: anywhere; }
        .chips { list-style: none; padding: 0; margin: 0 0 .8rem; display: flex; flex-wrap: wrap; gap: .4rem; font-family: system-ui, sans-serif; font-size: .85rem; }
        .chips li { background: var(--accent-soft); border-radius: 3px; padding: .1rem .5rem; }
        .chips a { text-decoration: none; margin-left: .3rem; }
        .pager { display: flex; justify-content: space-between; align-items: center; gap: 1rem; margin: 1.2rem 0;
                 font-family: system-ui, sans-serif; font-size: .9rem; }
        .pager .disabled { color: var(--muted); }
        .breadcrumb { font-family: system-ui, sans-serif; font-size: .85rem; color: var(--muted); margin: 0; }
        .note-page .meta { max-width: 100%; }
        .note-page h1 { margin-bottom: .5rem; }
        .related { margin-top: 2.5rem; border-top: 2px solid var(--accent); }
        .downloads { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; font-family: system-ui, sans-serif; }
        .actions { margin: 1rem 0; font-family: system-ui, sans-serif; }
        .recent li { margin: .35rem 0; }
        form.note-form { font-family: system-ui, sans-serif; }
        .field { margin: 0 0 1rem; }
        .field label { display: block; font-weight: 600; margin-bottom: .2rem; }
        .field input[type=text], .field input[type=url], .field textarea, .field select { width: 100%; font: inherit; font-size: .95rem;
                 padding: .4rem .5rem; border: 1px solid #8c959f; border-radius: 4px; }
        .field textarea { min-height: 6rem; }
        .field.invalid input, .field.invalid textarea, .field.invalid select { border-color: #d1242f; }
        .field .problem { color: #82071e; font-size: .85rem; margin: .2rem 0 0; }
        .field-row { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0 1rem; }
        .topics-picker { border: 1px solid var(--rule); padding: .4rem .8rem .6rem; margin: 0; }
        .topics-picker legend { font-weight: 600; padding: 0 .3rem; }
        .topics-picker label { display: block; font-weight: normal; padding: .1rem 0; }
        .topics-picker .depth-1 { padding-left: 1.5rem; }
        .topics-picker .depth-2 { padding-left: 3rem; }
        .problems { font-family: "DejaVu Sans Mono", monospace; font-size: .85rem; white-space: pre-wrap; }
        .theirs { background: #fff8c5; border-left: 3px solid #d4a72c; padding: .3rem .6rem; margin: .3rem 0 0; font-size: .85rem; white-space: pre-wrap; }
        .theirs .label { font-weight: 600; }

        @media (max-width: 50rem) {
          body.site { padding: 0 .9rem 2rem; }
          .layout-search, .columns { grid-template-columns: minmax(0, 1fr); }
          .facets { border-top: 1px solid var(--rule); margin-top: 1.5rem; padding-top: .5rem; }
          .masthead { gap: .6rem; }
          .searchbar { flex-basis: 100%; order: 3; }
          h1 { font-size: 1.6rem; }
          .hero form, .hero .searchrow { flex-direction: column; }
          .jump { display: inline; margin-left: .5rem; }
        }

        """
}
