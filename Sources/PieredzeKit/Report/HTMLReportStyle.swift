/// The HTML report's stylesheet, inlined into every report: system fonts only, A4 print rules.
public enum HTMLReportStyle {
    public static let css = """
        :root {
          --ink: #1f2328; --muted: #59636e; --rule: #d8dee4; --soft: #f6f8fa;
          --accent: #9e3039; --accent-soft: #f7eced;
        }
        * { box-sizing: border-box; }
        html { font-size: 16px; -webkit-text-size-adjust: 100%; }
        body {
          margin: 0 auto; max-width: 50rem; padding: 2.5rem 1.5rem 4rem;
          font-family: Georgia, "DejaVu Serif", "Liberation Serif", "Times New Roman", serif;
          line-height: 1.55; color: var(--ink); background: #fff;
          overflow-wrap: break-word; hyphens: auto;
        }
        h1, h2, h3, h4, h5, h6, .kicker, .facts, .meta, .toc, .chart, .section-meta, .parent, .ref-meta,
        .source, .sources, .index-list, .colophon, .aside {
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
        }
        h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 .5em; }
        h1 { font-size: 2.1rem; margin: .2em 0 .8em; }
        h2 { font-size: 1.5rem; }
        h3 { font-size: 1.2rem; }
        h4 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--accent); margin: 1.3em 0 .3em; }
        h5, h6 { font-size: 1rem; margin: 1em 0 .3em; }
        a { color: var(--accent); }
        code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85em; }
        pre { background: var(--soft); padding: .7em 1em; overflow-x: auto; white-space: pre-wrap; }
        blockquote { margin: 1em 0; padding: 0 1em; border-left: 3px solid var(--rule); color: var(--muted); }
        .muted, .aside { color: var(--muted); }
        .aside { font-size: .85rem; }
        .num { color: var(--muted); font-variant-numeric: tabular-nums; }

        .cover { border-top: 6px solid var(--accent); padding-top: 1.2rem; margin-bottom: 2rem; }
        .kicker { margin: 0; font-size: .85rem; text-transform: uppercase; letter-spacing: .12em; color: var(--accent); }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.2rem; margin: 0; font-size: .95rem; }
        .facts div { display: contents; }
        .facts dt { color: var(--muted); }
        .facts dd { margin: 0; }
        .facts code, .section-meta code { color: var(--muted); }

        .toc { border: 1px solid var(--rule); background: var(--soft); padding: .3rem 1.5rem 1rem; margin: 2rem 0; }
        .toc h2 { margin-top: .8em; font-size: 1.1rem; }
        .toc ol { list-style: none; padding: 0; margin: 0; }
        .toc li { display: flex; gap: .5rem; padding: .15rem 0; border-bottom: 1px dotted var(--rule); }
        .toc li a { flex: 1; text-decoration: none; }
        .toc li.group { color: var(--muted); font-weight: 600; border-bottom: none; padding-top: .4rem; }
        .toc li.depth-1 { padding-left: 1.5rem; }
        .toc li.depth-2, .toc li.depth-3 { padding-left: 3rem; }
        .toc .count { color: var(--muted); font-variant-numeric: tabular-nums; }

        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1.5rem 2rem; }
        .chart { margin: 0; }
        .chart.wide { grid-column: 1 / -1; }
        .chart.wide .bar-cell { width: 45%; }
        .chart figcaption { font-weight: 600; margin-bottom: .3rem; }
        .chart table { width: 100%; border-collapse: collapse; font-size: .88rem; }
        .chart th, .chart td { text-align: left; padding: .2rem .3rem; border-bottom: 1px solid var(--rule); vertical-align: middle; }
        .chart thead th { font-weight: 600; color: var(--muted); }
        .chart tbody th { font-weight: normal; }
        .chart tbody th.depth-1 { padding-left: 1.2rem; }
        .chart tbody th.depth-2, .chart tbody th.depth-3 { padding-left: 2.4rem; }
        .chart .n { text-align: right; font-variant-numeric: tabular-nums; width: 3.5em; }
        .chart .bar-cell { width: 35%; }
        .bar { display: block; height: .7rem; min-width: 2px; background: var(--accent); border-radius: 2px;
               -webkit-print-color-adjust: exact; print-color-adjust: exact; }

        .topic { margin-top: 3rem; }
        .topic > h2 { border-bottom: 2px solid var(--accent); padding-bottom: .2em; margin-top: .2em; }
        .parent { margin: 0; color: var(--muted); font-size: .85rem; }
        .parent::after { content: " ›"; }
        .section-meta { color: var(--muted); font-size: .85rem; margin-top: -.2rem; }

        .note { margin: 2rem 0 2.5rem; }
        .note h3 { margin: 0 0 .5rem; }
        .meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0 0 .8rem;
                font-size: .85rem; background: var(--soft); border-left: 3px solid var(--accent); padding: .5rem .8rem; }
        .meta div { display: contents; }
        .meta dt { color: var(--muted); }
        .meta dd { margin: 0; }
        .kind { background: var(--accent-soft); color: var(--accent); padding: 0 .4em; border-radius: 3px; }
        .status-draft { font-size: .65em; font-weight: 600; text-transform: uppercase; letter-spacing: .05em; color: #7d4e00;
                        border: 1px solid #d4a72c; background: #fff8c5; border-radius: 3px; padding: 0 .35em; vertical-align: .15em; }
        .summary { font-style: italic; }
        .md > :first-child { margin-top: 0; }
        .md ul, .md ol { padding-left: 1.4rem; }
        .md table { border-collapse: collapse; }
        .md th, .md td { border: 1px solid var(--rule); padding: .2rem .5rem; }
        .source { font-size: .88rem; color: var(--muted); border-top: 1px solid var(--rule); padding-top: .4rem; }
        .source .label { font-weight: 600; }
        .source-ref { text-decoration: none; }
        .note.ref { margin: 1rem 0; padding: .4rem .8rem; border: 1px dashed var(--rule); }
        .note.ref h3 { font-size: 1rem; margin: 0; }
        .ref-meta { font-size: .85rem; color: var(--muted); margin: .2rem 0 0; }

        .sources { padding-left: 0; list-style: none; font-size: .9rem; }
        .sources li { margin: .4rem 0; padding-left: 2.5rem; text-indent: -2.5rem; }
        .sources .num { display: inline-block; width: 2.5rem; text-indent: 0; }
        .cited { color: var(--muted); }
        .index-columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0 2rem; }
        .index-list { list-style: none; padding: 0; font-size: .9rem; }
        .index-list li { margin: .3rem 0; padding-left: 1.2rem; text-indent: -1.2rem; }
        .index-list .name { font-weight: 600; }
        .colophon { margin-top: 4rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .8rem; }

        @page { size: A4; margin: 18mm 16mm 20mm; }
        @media print {
          html { font-size: 10.5pt; }
          body { max-width: none; padding: 0; hyphens: auto; }
          .toc { background: none; break-inside: avoid; }
          /* No forced page breaks: a section starts where the previous one ends, and a block
             moves to the next page only when it does not fit in what is left of this one. */
          .overview, .topic, .annex, .index { margin-top: 1.6rem; }
          .topic > h2, .parent, .section-meta, .aside, h1, h2, h3, h4, h5, h6 { break-after: avoid; }
          /* Short blocks stay whole (a short lesson too); a longer lesson flows on, its title
             and facts kept with its first lines. */
          .note.short, .meta, .chart, .note.ref, .sources li, .index-list li, .facts, .md li { break-inside: avoid; }
          .meta, .summary { break-after: avoid; }
          .note { margin: 1.2rem 0 1.6rem; }
          p, li { orphans: 3; widows: 3; }
          a { color: inherit; text-decoration: none; }
          a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; color: var(--muted); overflow-wrap: anywhere; }
          cite a[href^="http"]::after, .md a[href^="http"]::after { font-style: normal; }
          .meta, .kind, pre { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """

    /// Characters of text (summary, sections, body) up to which a lesson is "short" and kept on
    /// one page in print (about a third of an A4 page at the print size).
    public static let shortLessonCharacters = 1_200

    /// The print margins (`@page` margin boxes, CSS Paged Media; Chromium prints them since
    /// version 131): the report's title at the top of every page but the first, and the page
    /// number at the bottom ("3. lpp. / 7", "Page 3 / 7").
    public static func printMargins(title: String, labels: ReportLabels) -> String {
        let font = "font: 8pt system-ui, \"DejaVu Sans\", sans-serif; color: #59636e;"
        return """
            @page {
              @top-center { content: \(cssString(title)); \(font) }
              @bottom-right { content: \(cssString(labels.pageNumberBefore)) counter(page) \(cssString(labels.pageNumberAfter + " / ")) counter(pages); \(font) }
            }
            @page :first { @top-center { content: none; } }

            """
    }

    /// `text` as a CSS string literal: quotes, backslashes, line breaks and `<` (which could
    /// close the `<style>` element) written as CSS escapes; other control characters dropped.
    static func cssString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "\\", "<", ">", "&": result += "\\" + String(scalar.value, radix: 16) + " "
            case "\n", "\r", "\t": result += " "
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
