/// `pieredze list`'s output: note headlines as text, JSON, JSON Lines or ids.
public enum ListOutput {
    public enum Format: String, Sendable, CaseIterable {
        /// One line a note. Piped: `id TAB title TAB country date`, as scripts have read it. On a
        /// terminal (`TerminalStyle.width` set): aligned columns `id  country date  title`, the
        /// title cut with "…" at the width.
        case text
        /// `[NoteHeadlineJSON]`, pretty-printed.
        case json
        /// One `NoteHeadlineJSON` a line.
        case jsonl
        /// One id a line.
        case ids
    }

    /// The headlines in `format`; every line ends in a newline ("" for no headlines, `[]` in JSON).
    public static func render(_ headlines: [NoteHeadline], format: Format, style: TerminalStyle) throws -> String {
        switch format {
        case .json:
            return try JSONText.encode(headlines.map(NoteHeadlineJSON.init), pretty: true) + "\n"
        case .jsonl:
            return try headlines.map { try JSONText.encode(NoteHeadlineJSON($0), pretty: false) + "\n" }.joined()
        case .ids:
            return headlines.map { VisibleText.escaping($0.id, lines: .flatten) + "\n" }.joined()
        case .text:
            let rows = headlines.map { headline in
                (id: VisibleText.escaping(headline.id, lines: .flatten),
                 title: VisibleText.escaping(headline.title, lines: .flatten),
                 facts: VisibleText.escaping([headline.country, headline.occurred].compactMap { $0 }.joined(separator: " "),
                                             lines: .flatten))
            }
            guard let width = style.width else {
                return rows.map { [$0.id, $0.title, $0.facts].joined(separator: "\t") + "\n" }.joined()
            }
            return aligned(rows, width: width, style: style)
        }
    }

    /// Columns padded to their widest value, counted in characters ("ā" is one).
    static func aligned(_ rows: [(id: String, title: String, facts: String)], width: Int, style: TerminalStyle) -> String {
        let idWidth = rows.map { $0.id.count }.max() ?? 0
        let factsWidth = rows.map { $0.facts.count }.max() ?? 0
        func padded(_ text: String, to width: Int) -> String {
            text + String(repeating: " ", count: max(0, width - text.count))
        }
        var text = ""
        for row in rows {
            let facts = factsWidth > 0 ? padded(row.facts, to: factsWidth) + "  " : ""
            let room = width - idWidth - 2 - facts.count
            var title = row.title
            if room >= 10, title.count > room { title = String(title.prefix(room - 1)) + "…" }
            text += style.dim(padded(row.id, to: idWidth)) + "  " + facts + title + "\n"
        }
        return text
    }
}
