import Foundation
import LatvianText

/// Turns notes into the text of the files the loader reads (JSONL lines, Markdown files), so that
/// `dump` then `load` into an empty database gives the same notes. Keys and order come from
/// `NoteField`, Markdown headings from `NoteSection`.
public enum NoteExporter {
    /// The note as a JSON object with the loader's keys (`NoteField.key`); empty text, empty lists
    /// and absent values are left out.
    public static func jsonObject(_ note: Note) -> [String: Any] {
        var object: [String: Any] = [:]
        for field in NoteField.allCases {
            if let value = value(field, of: note) { object[field.key] = jsonValue(value) }
        }
        return object
    }

    /// A `FieldValue` as the JSON value `JSONSerialization` writes (maps as objects).
    private static func jsonValue(_ value: FieldValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .text(let text): return text
        case .list(let items): return items.map(jsonValue)
        case .map(let pairs): return Dictionary(uniqueKeysWithValues: pairs.map { ($0.key, jsonValue($0.value)) })
        }
    }

    /// One field's value, nil when the note leaves it empty (`id`, `title`, `kind`, `status` and
    /// `language` are always given). Mappings keep their keys in the order the canonical
    /// Markdown writes them: an organization's name, country, kind; a person's name, role,
    /// organization; a source's parts in `NoteField.sourceColumns` order (title, url, publisher, date).
    static func value(_ field: NoteField, of note: Note) -> FieldValue? {
        func text(_ value: String) -> FieldValue? { value.isEmpty ? nil : .text(value) }
        func list(_ values: [String]) -> FieldValue? { values.isEmpty ? nil : .list(values.map { .text($0) }) }
        func entry(_ pairs: [(String, String?)]) -> FieldValue {
            .map(pairs.compactMap { key, value in value.map { (key: key, value: FieldValue.text($0)) } })
        }
        switch field {
        case .id: return .text(note.id)
        case .title: return .text(note.title)
        case .kind: return .text(note.kind.rawValue)
        case .language: return .text(note.language)
        case .status: return .text(note.status.rawValue)
        case .summary, .context, .lesson, .recommendation, .body: return text(textValue(field, of: note))
        case .country: return note.country.map { .text($0) }
        case .occurred: return note.occurred.map { .text($0) }
        case .topics: return list(note.topics)
        case .tags: return list(note.tags)
        case .organizations:
            return note.organizations.isEmpty ? nil : .list(note.organizations.map {
                entry([("name", $0.name), ("country", $0.country), ("kind", $0.kind)])
            })
        case .people:
            return note.people.isEmpty ? nil : .list(note.people.map {
                entry([("name", $0.name), ("role", $0.role), ("organization", $0.organization)])
            })
        case .source:
            return note.source.map { source in
                let parts = [source.title, source.url, source.publisher, source.date]
                return entry(zip(NoteField.sourceColumns, parts).map { (String($0.dropFirst("source_".count)), $1) })
            }
        }
    }

    /// The text of one of the note's text fields (`summary`, a section or `body`); "" for others.
    static func textValue(_ field: NoteField, of note: Note) -> String {
        switch field {
        case .summary: return note.summary
        case .body: return note.body
        default: return field.section.map { note[$0] } ?? ""
        }
    }

    /// The Markdown file name of the note `id`, `<id>.md`, or nil when `id` could name something
    /// else: ids are checked here rather than trusted, because a database edited by other
    /// software may hold `../../x`. Accepted: 1–200 of `a–z 0–9 - _ .` (`Slug.isValid`),
    /// starting with a letter or digit (so never `.`, `..` or a hidden file).
    public static func fileName(for id: String) -> String? {
        guard Slug.isValid(id), let first = id.unicodeScalars.first,
              ("a"..."z").contains(first) || ("0"..."9").contains(first) else { return nil }
        return id + ".md"
    }

    /// One JSONL line (keys sorted, UTF-8 not escaped).
    public static func jsonLine(_ note: Note) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: jsonObject(note), options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// The canonical Markdown file, the one layout `show --format md`, `dump --format md` and
    /// `edit` write (README, "The note format"):
    ///
    /// - YAML front matter with the fields in `NoteField.allCases` order (`frontMatterFields`),
    ///   one `key: value` line each, empty fields left out. Titles and summaries (and a source's
    ///   title, and any Markdown field kept in the front matter) are always double-quoted; other
    ///   text is plain when YAML reads it back as written (`CanonicalYAML.isPlain`), else
    ///   double-quoted. Topics and tags are flow lists (`[a, b]`); organizations and people are
    ///   block lists of mappings (`  - name: …`, indented two spaces); the source is a mapping.
    /// - then the body, then the lesson sections under their Latvian headings in the order
    ///   context, lesson, recommendation (`NoteSection.allCases`), each separated by one blank
    ///   line; the file ends with one newline.
    ///
    /// Loading the file gives back exactly this note's fields. A Markdown field whose text the
    /// reader would read as structure (a line `## Mācība` or, in a section, any `# `/`## ` heading;
    /// a code fence left open; a CR; leading or trailing white space) is written in the front
    /// matter instead, as a double-quoted YAML string, where nothing in it is structure.
    /// Finally the file is read back with the loader's own reader (`MarkdownNote`) and, should any
    /// text field still differ, every Markdown field goes to the front matter.
    public static func markdown(_ note: Note) throws -> String {
        let markdownFields = NoteField.allCases.filter(\.isMarkdownText)
        var inFrontMatter = Set(markdownFields.filter { field in
            let text = textValue(field, of: note)
            return !text.isEmpty && !readsBackAsWritten(text, inSection: field != .body)
        })
        let text = markdown(note, frontMatterTextFields: inFrontMatter)
        if readsBack(text, as: note) { return text }
        inFrontMatter = Set(markdownFields)
        return markdown(note, frontMatterTextFields: inFrontMatter)
    }

    /// The Markdown file with the Markdown fields in `frontMatterTextFields` written as front matter.
    static func markdown(_ note: Note, frontMatterTextFields: Set<NoteField>) -> String {
        var text = "---\n"
        for field in NoteField.allCases where !field.isMarkdownText || frontMatterTextFields.contains(field) {
            guard let value = value(field, of: note) else { continue }
            text += frontMatterEntry(field, value)
        }
        text += "---\n"
        if !note.body.isEmpty, !frontMatterTextFields.contains(.body) { text += "\n" + note.body + "\n" }
        for section in NoteSection.allCases {
            let value = note[section]
            guard !value.isEmpty, !frontMatterTextFields.contains(section.field) else { continue }
            text += "\n## \(section.latvianHeading)\n\n" + value + "\n"
        }
        return text
    }

    /// Text people write in sentences, always double-quoted: `:` and ` #` are common in it and
    /// would end a plain YAML value.
    static func isProse(_ field: NoteField) -> Bool {
        field == .title || field == .summary || field.isMarkdownText
    }

    /// One field's front matter lines (see `markdown(_:)` for the layout).
    static func frontMatterEntry(_ field: NoteField, _ value: FieldValue) -> String {
        let key = field.key
        switch value {
        case .null: return ""
        case .text(let text):
            return "\(key): \(CanonicalYAML.scalar(text, quoted: isProse(field), inFlow: false))\n"
        case .list(let items):
            if items.allSatisfy({ if case .text = $0 { return true } else { return false } }) {
                let values = items.map { item -> String in
                    guard case .text(let text) = item else { return "" }
                    return CanonicalYAML.scalar(text, quoted: false, inFlow: true)
                }
                return "\(key): [\(values.joined(separator: ", "))]\n"
            }
            var lines = "\(key):\n"
            for item in items {
                guard case .map(let pairs) = item else { continue }
                for (index, pair) in pairs.enumerated() {
                    lines += (index == 0 ? "  - " : "    ") + mappingLine(pair)
                }
            }
            return lines
        case .map(let pairs):
            return "\(key):\n" + pairs.map { "  " + mappingLine($0) }.joined()
        }
    }

    /// `key: value` inside a mapping; a `title` (a source's) is prose.
    private static func mappingLine(_ pair: (key: String, value: FieldValue)) -> String {
        guard case .text(let text) = pair.value else { return "" }
        return "\(pair.key): \(CanonicalYAML.scalar(text, quoted: pair.key == NoteField.title.key, inFlow: false))\n"
    }

    /// True when `text`, written as the body (`inSection` false) or under a section heading,
    /// reads back unchanged by `MarkdownNote`'s rules: no CR, nothing the loader trims at either
    /// end, every code fence closed (`MarkdownFence`), and outside fences no line the reader
    /// takes as a section boundary (`## ` + a section name in the body; any `# ` or `## ` line in
    /// a section).
    static func readsBackAsWritten(_ text: String, inSection: Bool) -> Bool {
        guard !text.contains("\r"), text.trimmed == text else { return false }
        var fences = MarkdownFenceTracker()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if fences.isFenced(line) { continue }
            if inSection {
                if line.hasPrefix("# ") || line.hasPrefix("## ") { return false }
            } else if line.hasPrefix("## ") {
                let heading = LatvianFolding.fold(String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: ":#"))))
                if NoteSection(foldedHeading: heading) != nil { return false }
            }
        }
        return fences.open == nil
    }

    /// True when the loader's Markdown reader and decoder give back `note`'s text fields from `text`.
    static func readsBack(_ text: String, as note: Note) -> Bool {
        var problems: [LoadProblem] = []
        guard let record = MarkdownNote.record(text: text, file: "", problems: &problems), problems.isEmpty,
              let decoded = NoteDecoder(topics: note.topics).decode(record, problems: &problems), problems.isEmpty else { return false }
        return NoteField.allCases.allSatisfy { field in
            field != .summary && !field.isMarkdownText || textValue(field, of: decoded) == textValue(field, of: note)
        }
    }
}
