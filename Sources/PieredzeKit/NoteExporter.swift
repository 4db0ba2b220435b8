import Foundation
import LatvianText
import Yams

/// Turns notes into the text of the files the loader reads (JSONL lines, Markdown files), so that
/// `dump` then `load` into an empty database gives the same notes. Keys and order come from
/// `NoteField`, Markdown headings from `NoteSection`.
public enum NoteExporter {
    /// The note as a JSON object with the loader's keys (`NoteField.key`); empty text, empty lists
    /// and absent values are left out.
    public static func jsonObject(_ note: Note) -> [String: Any] {
        var object: [String: Any] = [:]
        for field in NoteField.allCases {
            if let value = jsonValue(field, of: note) { object[field.key] = value }
        }
        return object
    }

    /// One field's JSON value, nil when the note leaves it empty (`id`, `title`, `kind`, `status`
    /// and `language` are always given).
    private static func jsonValue(_ field: NoteField, of note: Note) -> Any? {
        func text(_ value: String) -> Any? { value.isEmpty ? nil : value }
        func list(_ values: [String]) -> Any? { values.isEmpty ? nil : values }
        func entry(_ pairs: [(String, String?)]) -> [String: Any] {
            var entry: [String: Any] = [:]
            for case let (key, value?) in pairs { entry[key] = value }
            return entry
        }
        switch field {
        case .id: return note.id
        case .title: return note.title
        case .kind: return note.kind.rawValue
        case .language: return note.language
        case .status: return note.status.rawValue
        case .summary, .context, .lesson, .recommendation, .body: return text(textValue(field, of: note))
        case .country: return note.country
        case .occurred: return note.occurred
        case .topics: return list(note.topics)
        case .tags: return list(note.tags)
        case .organizations:
            return note.organizations.isEmpty ? nil : note.organizations.map {
                entry([("name", $0.name), ("country", $0.country), ("kind", $0.kind)])
            }
        case .people:
            return note.people.isEmpty ? nil : note.people.map {
                entry([("name", $0.name), ("role", $0.role), ("organization", $0.organization)])
            }
        case .source:
            return note.source.map {
                entry([("title", $0.title), ("url", $0.url), ("publisher", $0.publisher), ("date", $0.date)])
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

    /// The canonical Markdown file: YAML front matter (`NoteField.frontMatterFields`, in the order
    /// people read them), the body, then the lesson sections under their Latvian headings.
    ///
    /// Loading the file gives back exactly this note's fields. A Markdown field whose text the
    /// reader would read as structure (a line `## Mācība` or, in a section, any `# `/`## ` heading;
    /// a code fence left open; a CR; leading or trailing white space) is written in the front
    /// matter instead, as a YAML string, where nothing in it is structure. Front matter values
    /// that would contain a line `---` or `...` (the end of the front matter) are double-quoted.
    /// Finally the file is read back with the loader's own reader (`MarkdownNote`) and, should any
    /// text field still differ, every Markdown field goes to the front matter.
    public static func markdown(_ note: Note) throws -> String {
        let markdownFields = NoteField.allCases.filter(\.isMarkdownText)
        var inFrontMatter = Set(markdownFields.filter { field in
            let text = textValue(field, of: note)
            return !text.isEmpty && !readsBackAsWritten(text, inSection: field != .body)
        })
        let text = try markdown(note, frontMatterTextFields: inFrontMatter)
        if readsBack(text, as: note) { return text }
        inFrontMatter = Set(markdownFields)
        return try markdown(note, frontMatterTextFields: inFrontMatter)
    }

    /// The Markdown file with the Markdown fields in `frontMatterTextFields` written as front matter.
    static func markdown(_ note: Note, frontMatterTextFields: Set<NoteField>) throws -> String {
        let object = jsonObject(note)
        var yaml = ""
        for field in NoteField.allCases where !field.isMarkdownText || frontMatterTextFields.contains(field) {
            guard let value = object[field.key] else { continue }
            yaml += try frontMatterEntry(key: field.key, value: value)
        }
        var text = "---\n" + yaml + "---\n"
        if !note.body.isEmpty, !frontMatterTextFields.contains(.body) { text += "\n" + note.body + "\n" }
        for section in NoteSection.allCases {
            let value = note[section]
            guard !value.isEmpty, let field = NoteField.allCases.first(where: { $0.section == section }),
                  !frontMatterTextFields.contains(field) else { continue }
            text += "\n## \(section.latvianHeading)\n\n" + value + "\n"
        }
        return text
    }

    /// One `key: value` front matter entry. Yams chooses the style; when that would put a line
    /// the reader takes for the end of the front matter (`---` or `...`, after trimming) into the
    /// value, every string in it is written double-quoted (one line, breaks as `\n`).
    static func frontMatterEntry(key: String, value: Any) throws -> String {
        let entry = try Yams.dump(object: [key: value], width: -1, allowUnicode: true, sortKeys: true)
        let endsFrontMatter = entry.split(separator: "\n").contains { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed == "---" || trimmed == "..."
        }
        guard endsFrontMatter || entry.contains("\r") else { return entry }
        let node = Node.mapping(Node.Mapping([(Node.scalar(Node.Scalar(key)), quotedNode(value))]))
        return try Yams.serialize(node: node, width: -1, allowUnicode: true, sortKeys: true)
    }

    /// A JSON-like value as a YAML node whose strings are all double-quoted.
    private static func quotedNode(_ value: Any) -> Node {
        switch value {
        case let text as String:
            return .scalar(Node.Scalar(text, .implicit, .doubleQuoted))
        case let list as [Any]:
            return .sequence(Node.Sequence(list.map(quotedNode)))
        case let map as [String: Any]:
            return .mapping(Node.Mapping(map.keys.sorted().map { (Node.scalar(Node.Scalar($0)), quotedNode(map[$0]!)) }))
        default:
            return .scalar(Node.Scalar(String(describing: value), .implicit, .doubleQuoted))
        }
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
