/// One note rendered for `pieredze show` (and a server's note page or API): as text for a
/// terminal, as the Markdown file `load` reads, or as JSON.
public enum NoteOutput {
    public enum Format: String, Sendable, CaseIterable {
        /// Readable in a terminal (`TerminalNote`).
        case text
        /// The canonical Markdown file with YAML front matter (`NoteExporter.markdown`), control
        /// characters shown visibly (`VisibleText`; `dump` writes them as stored).
        case md
        /// `NoteJSON`, pretty-printed.
        case json
    }

    /// The note in `format`, ending in a newline. `language` and `topicNames` (display names by
    /// slug) apply to text only; Markdown and JSON are the note's data.
    public static func render(_ note: Note, format: Format, style: TerminalStyle, language: ReportLanguage = .lv,
                              topicNames: [String: String] = [:]) throws -> String {
        switch format {
        case .text: return TerminalNote.render(note, style: style, language: language, topicNames: topicNames) + "\n"
        case .md: return VisibleText.escaping(try NoteExporter.markdown(note))
        case .json: return try JSONText.encode(NoteJSON(note), pretty: true) + "\n"
        }
    }
}
