/// A note's fields as lines of text, and what differs between two versions of a note, field by
/// field (`pieredze history ID --diff N`).
public struct NoteFieldDiff: Sendable, Equatable {
    /// One line of a field's diff.
    public enum Line: Sendable, Equatable {
        /// In both versions (shown around changes, for context).
        case same(String)
        case removed(String)
        case added(String)
        /// Unchanged lines left out: how many.
        case skipped(Int)
    }

    public var field: NoteField
    public var lines: [Line]

    /// Lines of context kept around each change in a long field.
    static let contextLines = 2
    /// Fields longer than this (in lines, either version) are compared as a whole, not line by
    /// line: keeps the comparison linear in what it is given (`CollectionDifference` is
    /// O(n·d)).
    static let maximumDiffLines = 2_000

    /// The fields whose values differ between `old` and `new`, in `NoteField` order (every field
    /// `new` has when `old` is nil, and the other way round).
    public static func changedFields(from old: Note?, to new: Note?) -> [NoteField] {
        NoteField.allCases.filter { lines($0, of: old) != lines($0, of: new) }
    }

    /// The diff of every field that differs between `old` and `new` (nil: the note did not exist).
    public static func diff(from old: Note?, to new: Note?) -> [NoteFieldDiff] {
        NoteField.allCases.compactMap { field in
            let before = lines(field, of: old), after = lines(field, of: new)
            guard before != after else { return nil }
            return NoteFieldDiff(field: field, lines: diffLines(before, after))
        }
    }

    /// The field's value as lines: text split at line ends, one list item a line, a source as
    /// its parts; no lines when the field is empty or absent.
    public static func lines(_ field: NoteField, of note: Note?) -> [String] {
        guard let note else { return [] }
        func text(_ value: String) -> [String] {
            value.isEmpty ? [] : value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        switch field {
        case .id: return [note.id]
        case .title: return text(note.title)
        case .summary, .context, .lesson, .recommendation, .body: return text(NoteExporter.textValue(field, of: note))
        case .kind: return [note.kind.rawValue]
        case .language: return [note.language]
        case .status: return [note.status.rawValue]
        case .country: return note.country.map { [$0] } ?? []
        case .occurred: return note.occurred.map { [$0] } ?? []
        case .topics: return note.topics
        case .tags: return note.tags
        case .organizations:
            return note.organizations.map { organization in
                let details = [organization.country, organization.kind].compactMap { $0 }
                return organization.name + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))")
            }
        case .people:
            return note.people.map { person in
                let details = [person.role, person.organization].compactMap { $0 }
                return person.name + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))")
            }
        case .source:
            guard let source = note.source else { return [] }
            return [("title", source.title), ("url", source.url), ("publisher", source.publisher), ("date", source.date)]
                .compactMap { name, value in value.map { "\(name): \($0)" } }
        }
    }

    /// `old` → `new` as removed, added and (around changes) unchanged lines.
    static func diffLines(_ old: [String], _ new: [String]) -> [Line] {
        guard old.count <= maximumDiffLines, new.count <= maximumDiffLines else {
            return old.map(Line.removed) + new.map(Line.added)
        }
        let difference = new.difference(from: old)
        var removed = Set<Int>(), added = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): added.insert(offset)
            }
        }
        var all: [Line] = []
        var oldIndex = 0, newIndex = 0
        while oldIndex < old.count || newIndex < new.count {
            if oldIndex < old.count, removed.contains(oldIndex) {
                all.append(.removed(old[oldIndex]))
                oldIndex += 1
            } else if newIndex < new.count, added.contains(newIndex) {
                all.append(.added(new[newIndex]))
                newIndex += 1
            } else {
                all.append(.same(old[oldIndex]))
                oldIndex += 1
                newIndex += 1
            }
        }
        return trimmingContext(all)
    }

    /// `lines` with unchanged lines farther than `contextLines` from any change replaced by `.skipped`.
    static func trimmingContext(_ lines: [Line]) -> [Line] {
        var keep = [Bool](repeating: false, count: lines.count)
        for (index, line) in lines.enumerated() {
            if case .same = line { continue }
            for near in max(0, index - contextLines)...min(lines.count - 1, index + contextLines) { keep[near] = true }
        }
        var result: [Line] = []
        var skipped = 0
        for (index, line) in lines.enumerated() {
            if keep[index] {
                if skipped > 0 { result.append(.skipped(skipped)); skipped = 0 }
                result.append(line)
            } else {
                skipped += 1
            }
        }
        if skipped > 0 { result.append(.skipped(skipped)) }
        return result
    }
}
