import Foundation
import LatvianText
import Yams

/// A Markdown note: YAML front matter between `---` lines, then the text.
///
/// The front matter is delimited as a YAML document is (YAML 1.2.2 §9.1, "document markers"):
/// the file's first line is `---` (after an optional byte-order mark), and the front matter ends
/// at the first following line that is `---` or `...` (trailing spaces or tabs allowed). An
/// indented `---` (inside a block scalar), `----` and `--- # comment` are not fences, and a `---`
/// after the front matter is Markdown (a thematic break). Lines end with LF, CRLF or a lone CR
/// (YAML 1.2.2 §5.4); the fields' text keeps LF only. Before Yams sees the front matter,
/// `FrontMatterLimits` refuses what notes never need and what could exhaust the loader: more
/// than 1 MB, nesting deeper than 32 levels, anchors and aliases.
///
/// Level-2 sections named by `NoteSection` (`## Konteksts`, `## Mācība` and `## Ieteikumi`, or
/// `## Context`, `## Lesson`, `## Recommendation`) become `context`, `lesson` and `recommendation`;
/// everything else — text before them and other sections — becomes `body`. Headings inside
/// fenced code (`MarkdownFence`) are text.
enum MarkdownNote {
    /// Parses one Markdown file's text into a record; problems (and warnings) go to `problems`.
    static func record(text: String, file: String, problems: inout [LoadProblem]) -> RawRecord? {
        var work = 0
        return record(text: text, file: file, problems: &problems, work: &work)
    }

    /// `record(text:file:problems:)`, counting in `work` the steps taken over lines and
    /// characters, so a test can show that the work grows linearly with the text.
    static func record(text: String, file: String, problems: inout [LoadProblem], work: inout Int) -> RawRecord? {
        var lines = self.lines(text, work: &work)
        if let first = lines.first, first.unicodeScalars.first == "\u{FEFF}" { lines[0] = Substring(first.unicodeScalars.dropFirst()) }
        guard isDocumentMarker(lines[0], "---") else {
            problems.append(LoadProblem(SourceLocation(file: file, line: 1),
                                        "no front matter; expected the file to start with a line '---', then YAML fields (id, title, …), then '---'"))
            return nil
        }
        var closing: Int?
        for index in lines.indices.dropFirst() {
            work += 1
            if isDocumentMarker(lines[index], "---") || isDocumentMarker(lines[index], "...") {
                closing = index
                break
            }
        }
        guard let end = closing else {
            problems.append(LoadProblem(SourceLocation(file: file, line: 1), "the front matter is never closed; expected a line '---' after the YAML fields"))
            return nil
        }
        if let found = firstControlCharacter(lines[1..<end]) {
            // Before Yams, whose reader refuses them too but without the line or the field.
            problems.append(LoadProblem(SourceLocation(file: file, line: 2 + found.offset), field: found.field,
                                        ControlCharacters.message(found.character)))
            return nil
        }
        if let refusal = FrontMatterLimits.check(lines[1..<end], work: &work) {
            problems.append(LoadProblem(SourceLocation(file: file, line: 2 + refusal.offset), refusal.message))
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
                let line = 1 + (key.mark?.line ?? 1)
                fieldLines[keyScalar.string] = line
                if Self.commentWarnedFields.contains(keyScalar.string), case .scalar(let valueScalar) = value, valueScalar.style == .plain,
                   endsAtComment(lines, keyLine: line - 1, frontMatterEnd: end) {
                    problems.append(LoadProblem(SourceLocation(file: file, line: line), field: keyScalar.string,
                                                severity: .warning,
                                                "ends where a YAML comment starts (\" #\"); quote the \(keyScalar.string)"))
                }
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
            work += 1
            let inFence = fences.isFenced(line)
            // (A heading with a long run of combining marks is no section; the decoder refuses it.)
            if !inFence, line.hasPrefix("## "), !CombiningMarks.exceedsRun(line) {
                work += line.utf8.count
                let heading = LatvianFolding.fold(String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: ":#"))))
                if let section = NoteSection(foldedHeading: heading) {
                    if sectionLine[section] != nil {
                        problems.append(LoadProblem(SourceLocation(file: file, line: end + 2 + offset), field: section.key,
                                                    "a second '## \(section.latvianHeading)' section; expected each section once"))
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

    /// The first front matter line (offset in `lines`) holding a control character that no note
    /// may hold, the character, and the top-level field it is in (when its line says so).
    static func firstControlCharacter(_ lines: ArraySlice<Substring>) -> (offset: Int, character: Unicode.Scalar, field: String?)? {
        var field: String?
        for (offset, line) in lines.enumerated() {
            if let first = line.unicodeScalars.first, first != " ", first != "\t", first != "#", first != "-",
               let colon = line.firstIndex(of: ":") {
                field = String(line[..<colon])
            }
            if let found = ControlCharacters.first(in: line) {
                return (offset, found, field.flatMap { ControlCharacters.first(in: $0) == nil ? $0 : nil })
            }
        }
        return nil
    }

    /// Text fields whose plain YAML value a ` #` would cut short without a word (`title: Reforma #2`).
    static let commentWarnedFields: Set<String> = [NoteField.title.key, NoteField.summary.key]

    /// True when the plain scalar of the field on `lines[keyLine]` (and its more-indented
    /// continuation lines) meets a YAML comment: `#` after a space or tab ends a plain scalar
    /// (YAML 1.2.2 §6.6), which then silently loses the rest of the line.
    static func endsAtComment(_ lines: [Substring], keyLine: Int, frontMatterEnd: Int) -> Bool {
        guard keyLine < frontMatterEnd else { return false }
        var index = keyLine
        repeat {
            let line = lines[index]
            var previous: Unicode.Scalar = "x"
            for scalar in line.unicodeScalars {
                if scalar == "#", previous == " " || previous == "\t" { return true }
                previous = scalar
            }
            index += 1
        } while index < frontMatterEnd && (lines[index].first == " " || lines[index].first == "\t")
        return false
    }

    /// The lines of `text` without their line breaks: LF, CRLF and a lone CR each end a line
    /// (YAML 1.2.2 §5.4, CommonMark §2.1). Works on UTF-8 code units, because Swift reads
    /// `"\r\n"` as one `Character` that a split on `"\n"` never finds.
    static func lines(_ text: String, work: inout Int) -> [Substring] {
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index < utf8.endIndex {
            work += 1
            let byte = utf8[index]
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
                index = utf8.index(after: index)
                continue
            }
            lines.append(Substring(text.unicodeScalars[start..<index]))
            index = utf8.index(after: index)
            if byte == UInt8(ascii: "\r"), index < utf8.endIndex, utf8[index] == UInt8(ascii: "\n") { index = utf8.index(after: index) }
            start = index
        }
        lines.append(Substring(text.unicodeScalars[start..<utf8.endIndex]))
        return lines
    }

    /// True when `line` is the document marker `marker` (`---` or `...`) followed only by spaces
    /// or tabs: the front matter's fences. `----`, `--- # x` and an indented `---` are not.
    static func isDocumentMarker(_ line: Substring, _ marker: String) -> Bool {
        let utf8 = line.utf8
        guard utf8.starts(with: marker.utf8) else { return false }
        return utf8.dropFirst(3).allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
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
