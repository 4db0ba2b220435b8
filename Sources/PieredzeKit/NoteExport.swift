import Foundation
import Yams

/// Writes notes back out in the formats the loader reads, so that `dump` then `load` into an
/// empty database gives the same notes.
public enum NoteExport {
    /// The note as a JSON object with the loader's field names (absent fields left out).
    public static func jsonObject(_ note: Note) -> [String: Any] {
        var object: [String: Any] = ["id": note.id, "title": note.title, "kind": note.kind.rawValue,
                                     "language": note.language, "status": note.status.rawValue]
        for (key, value) in [("summary", note.summary), ("context", note.context), ("lesson", note.lesson),
                             ("recommendation", note.recommendation), ("body", note.body)] where !value.isEmpty {
            object[key] = value
        }
        if let country = note.country { object["country"] = country }
        if let occurred = note.occurred { object["occurred"] = occurred }
        if !note.topics.isEmpty { object["topics"] = note.topics }
        if !note.tags.isEmpty { object["tags"] = note.tags }
        if !note.organizations.isEmpty {
            object["organizations"] = note.organizations.map { organization -> [String: Any] in
                var entry: [String: Any] = ["name": organization.name]
                if let country = organization.country { entry["country"] = country }
                if let kind = organization.kind { entry["kind"] = kind }
                return entry
            }
        }
        if !note.people.isEmpty {
            object["people"] = note.people.map { person -> [String: Any] in
                var entry: [String: Any] = ["name": person.name]
                if let role = person.role { entry["role"] = role }
                if let organization = person.organization { entry["organization"] = organization }
                return entry
            }
        }
        if let source = note.source {
            var entry: [String: Any] = [:]
            if let title = source.title { entry["title"] = title }
            if let url = source.url { entry["url"] = url }
            if let publisher = source.publisher { entry["publisher"] = publisher }
            if let date = source.date { entry["date"] = date }
            object["source"] = entry
        }
        return object
    }

    /// One JSONL line (keys sorted, UTF-8 not escaped).
    public static func jsonLine(_ note: Note) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: jsonObject(note), options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// The canonical Markdown file: YAML front matter, body, then the three lesson sections.
    public static func markdown(_ note: Note) throws -> String {
        var object = jsonObject(note)
        for key in ["context", "lesson", "recommendation", "body"] { object.removeValue(forKey: key) }
        // Front matter in the order people read it, not alphabetical.
        let order = ["id", "title", "summary", "kind", "topics", "country", "occurred", "tags", "organizations",
                     "people", "source", "status", "language"]
        var yaml = ""
        for key in order {
            guard let value = object[key] else { continue }
            yaml += try Yams.dump(object: [key: value], width: -1, allowUnicode: true, sortKeys: true)
        }
        var text = "---\n" + yaml + "---\n"
        if !note.body.isEmpty { text += "\n" + note.body + "\n" }
        for (field, heading) in MarkdownNote.headings {
            let value = field == "context" ? note.context : field == "lesson" ? note.lesson : note.recommendation
            guard !value.isEmpty else { continue }
            text += "\n## \(heading)\n\n" + value + "\n"
        }
        return text
    }
}
