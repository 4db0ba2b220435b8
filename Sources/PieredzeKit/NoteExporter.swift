import Foundation
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

    /// One JSONL line (keys sorted, UTF-8 not escaped).
    public static func jsonLine(_ note: Note) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: jsonObject(note), options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// The canonical Markdown file: YAML front matter (`NoteField.frontMatterFields`, in the order
    /// people read them), the body, then the lesson sections under their Latvian headings.
    public static func markdown(_ note: Note) throws -> String {
        let object = jsonObject(note)
        var yaml = ""
        for field in NoteField.frontMatterFields {
            guard let value = object[field.key] else { continue }
            yaml += try Yams.dump(object: [field.key: value], width: -1, allowUnicode: true, sortKeys: true)
        }
        var text = "---\n" + yaml + "---\n"
        if !note.body.isEmpty { text += "\n" + note.body + "\n" }
        for section in NoteSection.allCases {
            let value = note[section]
            guard !value.isEmpty else { continue }
            text += "\n## \(section.latvianHeading)\n\n" + value + "\n"
        }
        return text
    }
}
