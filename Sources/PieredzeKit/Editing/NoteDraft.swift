import Foundation
import LatvianText

/// The Markdown drafts `pieredze new` and `pieredze edit` open in an editor: the template of a
/// new note, a plain-text article turned into a draft, and the block of problems written at the
/// top of a draft that did not pass the loader's checks.
public enum NoteDraft {
    /// A new note's draft in the canonical Markdown format (`NoteExporter.markdown`), with every
    /// front matter field present, empty where not given, and a comment block listing what the
    /// fields accept: the topic slugs with their Latvian names (from `topics`, the database's
    /// vocabulary, indented under their parents), the kinds, statuses and languages the decoder
    /// knows, and the country codes of `Countries`.
    ///
    /// - Parameters:
    ///   - title: the note's title, or nil for an empty `title: ""`.
    ///   - topic: a topic slug put in `topics`.
    ///   - body: free text after the front matter (an article's text).
    ///   - topics: the topic vocabulary in display order (`TopicTree`).
    public static func template(title: String?, topic: String?, body: String, topics: TopicTree) -> String {
        var note = Note(id: "", title: title ?? "")
        note.body = body
        note.topics = topic.map { [$0] } ?? []
        note.status = .draft
        var text = "---\n" + guide(topics: topics)
        for field in NoteField.frontMatterFields where field != .id {
            if let value = NoteExporter.value(field, of: note), !(field == .title && note.title.isEmpty) {
                text += NoteExporter.frontMatterEntry(field, value)
            } else if field == .title || field == .summary {
                text += "\(field.key): \"\"\n"
            } else if field == .topics || field == .tags {
                text += "\(field.key): []\n"
            } else {
                text += "\(field.key):\n"
            }
        }
        text += "---\n"
        if !body.isEmpty { text += "\n" + body + "\n" }
        for section in NoteSection.allCases { text += "\n## \(section.latvianHeading)\n\n" }
        return text
    }

    /// The comment lines at the top of a new note's front matter: how to fill the fields.
    static func guide(topics: TopicTree) -> String {
        var lines = [
            "New note: fill in the fields and write the text under the headings, then save and close the editor.",
            "Lines starting with # are comments: they are not part of the note. An empty file cancels.",
            "The id is made from the title; add a line `id: my-id` to choose it (a-z, 0-9, -).",
            "kind: " + NoteKind.allCases.map(\.rawValue).joined(separator: " | "),
            "status: " + NoteStatus.allCases.map(\.rawValue).joined(separator: " | ")
                + "    language: " + NoteDecoder.languages.sorted().joined(separator: " | "),
            "occurred: YYYY-MM-DD, YYYY-MM or YYYY    tags: [first tag, second tag]",
            "organizations / people: a list of lines `  - name: …` (then `    country: LV`, `    kind: …` /",
            "  `    role: …`, `    organization: …`); source: `  title: …`, `  url: https://…`, `  publisher: …`, `  date: …`",
            "topics: [slug, slug] from this list:",
        ]
        for topic in topics.topics {
            let depth = topics.depth(of: topic) ?? 0
            lines.append(String(repeating: "  ", count: depth + 1) + topic.slug + " — " + topic.nameLV)
        }
        lines.append("country: a code (or the country's name):")
        var row = " "
        for country in Countries.all {
            let entry = " \(country.code) \(country.nameLV),"
            if row.count + entry.count > 96 {
                lines.append(row)
                row = " "
            }
            row += entry
        }
        lines.append(String(row.dropLast()))
        return lines.map { "# " + $0 }.joined(separator: "\n") + "\n"
    }

    /// A plain-text article split into a title and a body: the first non-empty line (trimmed)
    /// is the title, the rest (trimmed) the body; line ends become LF. Nil when the text has no
    /// non-empty line.
    public static func article(_ text: String) -> (title: String, body: String)? {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.firstIndex(where: { !$0.trimmed.isEmpty }) else { return nil }
        let body = lines[(first + 1)...].joined(separator: "\n").trimmed
        return (String(lines[first]).trimmed, body)
    }

    /// The first line of the block of problems `withProblems` writes.
    static let problemsStart = "# >>> pieredze found problems; fix them, then save and close the editor."
    /// The last line of that block.
    static let problemsEnd = "# <<< (this block is removed when the note is checked again; an empty file cancels)"

    /// `text` with `problems` as comment lines right after its first line when that is the front
    /// matter's `---` (so the block is a YAML comment), else at the very top; the editor opens
    /// on them. Line numbers in the messages are those of the text as shown, block included.
    public static func withProblems(_ problems: [LoadProblem], in text: String) -> String {
        let afterFence = text.hasPrefix("---\n")
        let firstMovedLine = afterFence ? 2 : 1
        let blockLines = problems.count + 2
        let messages = problems.map { problem -> String in
            var line = problem.location.line
            if line >= firstMovedLine { line += blockLines }
            let place = line > 0 ? "line \(line): " : ""
            let field = problem.field.map { "\($0): " } ?? ""
            return "# " + place + VisibleText.escaping(field + problem.message, lines: .flatten)
        }
        let block = ([problemsStart] + messages + [problemsEnd]).joined(separator: "\n") + "\n"
        return afterFence ? "---\n" + block + text.dropFirst(4) : block + text
    }

    /// `text` without a block of problems written by `withProblems`: its first line, the comment
    /// lines after it, and its last line. A block whose last line was deleted ends at the first
    /// line that is not a comment. Text without a block is returned as it is.
    public static func withoutProblems(_ text: String) -> String {
        guard let start = text.range(of: problemsStart + "\n") else { return text }
        var rest = text[start.upperBound...]
        while rest.hasPrefix("#") {
            let lineEnd = rest.firstIndex(of: "\n").map { rest.index(after: $0) } ?? rest.endIndex
            let line = rest[..<lineEnd]
            rest = rest[lineEnd...]
            if line.hasPrefix(problemsEnd) { break }
        }
        return String(text[..<start.lowerBound]) + rest
    }
}
