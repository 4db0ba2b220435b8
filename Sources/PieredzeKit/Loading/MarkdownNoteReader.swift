import Foundation
import LatvianText
import Yams

/// A Markdown note: YAML front matter between `---` lines, then the text.
///
/// Level-2 sections named by `NoteSection` (`## Konteksts`, `## Mācība` and `## Ieteikumi`, or
/// `## Context`, `## Lesson`, `## Recommendation`) become `context`, `lesson` and `recommendation`;
/// everything else — text before them and other sections — becomes `body`. Headings inside
/// fenced code (`MarkdownFence`) are text.
enum MarkdownNote {
    /// Parses one Markdown file's text into a record; problems go to `problems`.
    static func record(text: String, file: String, problems: inout [LoadProblem]) -> RawRecord? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        guard lines.first?.trimmed == "---" else {
            problems.append(LoadProblem(SourceLocation(file: file, line: 1),
                                        "no front matter; expected the file to start with a line '---', then YAML fields (id, title, …), then '---'"))
            return nil
        }
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmed == "---" || $0 == "..." }) else {
            problems.append(LoadProblem(SourceLocation(file: file, line: 1), "the front matter is never closed; expected a line '---' after the YAML fields"))
            return nil
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        var fields: [(key: String, value: FieldValue)] = []
        var fieldLines: [String: Int] = [:]
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                problems.append(LoadProblem(SourceLocation(file: file, line: 2), "the front matter is empty; expected at least a title"))
                return nil
            }
            guard case .mapping(let mapping) = node else {
                problems.append(LoadProblem(SourceLocation(file: file, line: 2), "the front matter is not a set of `key: value` fields"))
                return nil
            }
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    problems.append(LoadProblem(SourceLocation(file: file, line: 1 + (key.mark?.line ?? 1)), "a field name must be text"))
                    continue
                }
                fields.append((keyScalar.string, fieldValue(value)))
                fieldLines[keyScalar.string] = 1 + (key.mark?.line ?? 1)
            }
        } catch let error as YamlError {
            let (message, line) = describe(error)
            problems.append(LoadProblem(SourceLocation(file: file, line: 1 + line), "malformed YAML front matter: \(message)"))
            return nil
        } catch {
            problems.append(LoadProblem(SourceLocation(file: file, line: 2), "malformed YAML front matter: \(error)"))
            return nil
        }

        // The text after the front matter, split into known sections and the rest.
        var sectionText: [NoteSection: [Substring]] = [:]
        var sectionLine: [NoteSection: Int] = [:]
        var bodyLines: [Substring] = []
        var current: NoteSection?
        var fences = MarkdownFenceTracker()
        for (offset, line) in lines[(end + 1)...].enumerated() {
            let inFence = fences.isFenced(line)
            if !inFence, line.hasPrefix("## ") {
                let heading = LatvianFolding.fold(String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: ":#"))))
                if let section = NoteSection(foldedHeading: heading) {
                    if sectionLine[section] != nil {
                        problems.append(LoadProblem(SourceLocation(file: file, line: end + 2 + offset), field: section.key,
                                                    "a second '\(line)' section; expected each section once"))
                    }
                    current = section
                    sectionLine[section] = end + 2 + offset
                    continue
                }
                current = nil
            } else if !inFence, line.hasPrefix("# "), current != nil {
                current = nil
            }
            if let current { sectionText[current, default: []].append(line) } else { bodyLines.append(line) }
        }
        for section in NoteSection.allCases {
            guard let text = sectionText[section] else { continue }
            fields.append((section.key, .text(text.joined(separator: "\n"))))
            fieldLines[section.key] = sectionLine[section]
        }
        let body = bodyLines.joined(separator: "\n").trimmed
        if !body.isEmpty {
            fields.append((NoteField.body.key, .text(body)))
            fieldLines[NoteField.body.key] = end + 2
        }
        return RawRecord(fields: fields, location: SourceLocation(file: file, line: 1), fieldLines: fieldLines)
    }

    /// A YAML node as a field value. Scalars stay text (`2018-08` must not become a number or
    /// a date behind our back); plain `~`, `null` and empty scalars are null.
    static func fieldValue(_ node: Node) -> FieldValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return .null }
            return .text(scalar.string)
        case .sequence(let sequence):
            return .list(sequence.map(fieldValue))
        case .mapping(let mapping):
            return .map(mapping.compactMap { key, value in
                guard case .scalar(let keyScalar) = key else { return nil }
                return (keyScalar.string, fieldValue(value))
            })
        }
    }

    /// A Yams error's problem and its (front-matter-relative) line.
    static func describe(_ error: YamlError) -> (String, Int) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let text = context.map { "\(problem) \($0.text)" } ?? problem
            return (text, mark.line)
        case let .reader(problem, _, _, _):
            return (problem, 1)
        default:
            return (String(describing: error), 1)
        }
    }
}

/// One Markdown file as a reader of one record.
final class MarkdownNoteReader: NoteRecordReader {
    private var record: RawRecord?
    private(set) var bytesRead = 0

    init(data: Data, file: String, problems: inout [LoadProblem]) {
        bytesRead = data.count
        switch decodeUTF8(ArraySlice(data)) {
        case .failure(let error):
            problems.append(LoadProblem(lineLocation(data, offset: error.byteOffset, file: file), "invalid UTF-8; expected UTF-8 text"))
        case .success(let text):
            record = MarkdownNote.record(text: text, file: file, problems: &problems)
        }
    }

    func next(problems: inout [LoadProblem]) throws -> RawRecord? {
        defer { record = nil }
        return record
    }
}
