import Foundation
import Yams

/// The file formats of `pieredze thesaurus import|export`.
public enum ThesaurusFileFormat: String, Sendable, CaseIterable {
    case yaml, csv

    public init?(pathExtension: String) {
        switch pathExtension.lowercased() {
        case "yaml", "yml": self = .yaml
        case "csv": self = .csv
        default: return nil
        }
    }
}

/// Thesaurus files, one concept per entry (YAML) or row (CSV):
///
/// ```yaml
/// - preferred: Eiropas Savienība      # required; its language is `language`, lv by default
///   note: …                           # optional scope note
///   lv: [ES]                          # alternative terms by language: a list or one term
///   en: [European Union, EU]
///   ru: [Европейский союз, ЕС]
///   acronyms: [CoR]                   # terms that are acronyms though not all capitals
/// ```
///
/// CSV has a header row with the same field names (`preferred,language,note,lv,en,ru,acronyms`;
/// only `preferred` is required) and lists joined with `;` (RFC 4180 quoting, as notes' CSV).
/// A term of one word written in capitals only (`ES`, `ĀM`, `ООН`) is an acronym.
enum ThesaurusFile {
    static let fields = ["preferred", "language", "note", "lv", "en", "ru", "acronyms"]
    static let expectedFields = "expected preferred, language, note, lv, en, ru or acronyms"

    /// The concepts in the file at `path` that could be read, and the problems found; throws
    /// `ThesaurusFailure` only when the file cannot be read at all.
    static func read(_ path: String, format: ThesaurusFileFormat) throws -> (drafts: [ThesaurusConceptDraft], problems: [ThesaurusProblem]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ThesaurusFailure(problems: [ThesaurusProblem(SourceLocation(file: path, line: 0), "cannot be read")])
        }
        var problems: [ThesaurusProblem] = []
        let drafts: [ThesaurusConceptDraft]
        switch format {
        case .yaml:
            guard let text = String(data: data, encoding: .utf8) else {
                throw ThesaurusFailure(problems: [ThesaurusProblem(SourceLocation(file: path, line: 1), "invalid UTF-8; expected UTF-8 text")])
            }
            drafts = parseYAML(text, file: path, problems: &problems)
        case .csv:
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ThesaurusFailure(problems: [ThesaurusProblem(SourceLocation(file: path, line: 0), "cannot be read")])
            }
            defer { try? handle.close() }
            // The loader's text checks: a BOM dropped, another encoding or binary refused in one sentence.
            let text: ByteSource
            do {
                text = try TextSource.open(FileByteSource(handle: handle), file: path, format: .csv, encoding: nil)
            } catch let stop as InputProblem {
                throw ThesaurusFailure(problems: [ThesaurusProblem(stop.problem.location, stop.problem.message)])
            }
            drafts = try parseCSV(CSVNoteReader(source: text, file: path), file: path, problems: &problems)
        }
        return (drafts, problems)
    }

    // MARK: YAML

    static func parseYAML(_ text: String, file: String, problems: inout [ThesaurusProblem]) -> [ThesaurusConceptDraft] {
        func location(_ node: Node?) -> SourceLocation { SourceLocation(file: file, line: node?.mark?.line ?? 1) }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (message, line) = MarkdownNote.describe(error)
            problems.append(ThesaurusProblem(SourceLocation(file: file, line: line), "malformed YAML: \(message)"))
            return []
        } catch {
            problems.append(ThesaurusProblem(SourceLocation(file: file, line: 1), "malformed YAML: \(error)"))
            return []
        }
        guard let root else { return [] }
        guard case .sequence(let entries) = root else {
            problems.append(ThesaurusProblem(location(root), "expected a list of concepts, each `- preferred: …`"))
            return []
        }
        var drafts: [ThesaurusConceptDraft] = []
        for entry in entries {
            guard case .mapping(let mapping) = entry else {
                problems.append(ThesaurusProblem(location(entry), "expected a concept: fields such as `preferred: …` and `lv: [...]`"))
                continue
            }
            var values: [(field: String, node: Node)] = []
            for (key, value) in mapping {
                guard case .scalar(let name) = key, fields.contains(name.string) else {
                    problems.append(ThesaurusProblem(location(key), field: key.scalar?.string, "unknown field; \(expectedFields)"))
                    continue
                }
                values.append((name.string, value))
            }
            /// A field's terms: one scalar or a list of scalars, each with its line.
            func terms(_ field: String) -> [(text: String, location: SourceLocation)] {
                guard let node = values.first(where: { $0.field == field })?.node else { return [] }
                switch node {
                case .scalar(let scalar):
                    return scalar.string.isEmpty && scalar.style == .plain ? [] : [(scalar.string, location(node))]
                case .sequence(let items):
                    return items.compactMap { item in
                        guard case .scalar(let scalar) = item else {
                            problems.append(ThesaurusProblem(location(item), field: field, "expected a term (text), found a list or fields"))
                            return nil
                        }
                        return (scalar.string, location(item))
                    }
                default:
                    problems.append(ThesaurusProblem(location(node), field: field, "expected a term or a list of terms"))
                    return []
                }
            }
            let draft = makeDraft(
                location: location(entry),
                preferred: terms("preferred"), language: terms("language"), note: terms("note"),
                alternatives: ThesaurusLanguage.allCases.map { ($0, terms($0.rawValue)) },
                acronyms: terms("acronyms"), problems: &problems)
            if let draft { drafts.append(draft) }
        }
        return drafts
    }

    // MARK: CSV

    static func parseCSV(_ reader: CSVNoteReader, file: String, problems: inout [ThesaurusProblem]) throws -> [ThesaurusConceptDraft] {
        var drafts: [ThesaurusConceptDraft] = []
        var loadProblems: [LoadProblem] = []
        var checkedHeader = false
        while let record = try reader.next(problems: &loadProblems) {
            if !checkedHeader {
                checkedHeader = true
                for (name, _) in record.fields where !fields.contains(name) {
                    problems.append(ThesaurusProblem(SourceLocation(file: file, line: 1), field: name, "unknown column; \(expectedFields)"))
                }
            }
            /// A column's terms, split at `;`.
            func terms(_ field: String) -> [(text: String, location: SourceLocation)] {
                guard case .text(let text)? = record.fields.first(where: { $0.key == field })?.value else { return [] }
                return text.split(separator: ";").map { String($0).trimmed }.filter { !$0.isEmpty }.map { ($0, record.location) }
            }
            func whole(_ field: String) -> [(text: String, location: SourceLocation)] {
                guard case .text(let text)? = record.fields.first(where: { $0.key == field })?.value else { return [] }
                return [(text.trimmed, record.location)]
            }
            let draft = makeDraft(
                location: record.location, preferred: whole("preferred"), language: whole("language"), note: whole("note"),
                alternatives: ThesaurusLanguage.allCases.map { ($0, terms($0.rawValue)) },
                acronyms: terms("acronyms"), problems: &problems)
            if let draft { drafts.append(draft) }
        }
        problems.insert(contentsOf: loadProblems.map { ThesaurusProblem($0.location, field: $0.field, $0.message) }, at: 0)
        return drafts
    }

    // MARK: Both

    /// A concept draft from its fields, or nil with problems.
    static func makeDraft(location: SourceLocation,
                          preferred: [(text: String, location: SourceLocation)],
                          language: [(text: String, location: SourceLocation)],
                          note: [(text: String, location: SourceLocation)],
                          alternatives: [(ThesaurusLanguage, [(text: String, location: SourceLocation)])],
                          acronyms: [(text: String, location: SourceLocation)],
                          problems: inout [ThesaurusProblem]) -> ThesaurusConceptDraft? {
        let before = problems.count
        var preferredLanguage = ThesaurusLanguage.lv
        if let given = language.first {
            if language.count > 1 {
                problems.append(ThesaurusProblem(given.location, field: "language", "expected one language"))
            } else if let parsed = ThesaurusLanguage(rawValue: given.text.lowercased()) {
                preferredLanguage = parsed
            } else {
                problems.append(ThesaurusProblem(given.location, field: "language", "unknown language '\(given.text)'; expected lv, en or ru"))
            }
        }
        if preferred.count != 1 {
            problems.append(ThesaurusProblem(preferred.first?.location ?? location, field: "preferred",
                                             preferred.isEmpty ? "missing; every concept needs its preferred term" : "expected one preferred term"))
        }
        if note.count > 1 { problems.append(ThesaurusProblem(note[1].location, field: "note", "expected one note")) }
        guard problems.count == before, let first = preferred.first else { return nil }
        var terms = [ThesaurusTermDraft(text: first.text, language: preferredLanguage, location: first.location, field: "preferred")]
        for (language, texts) in alternatives {
            terms += texts.map { ThesaurusTermDraft(text: $0.text, language: language, location: $0.location, field: language.rawValue) }
        }
        for acronym in acronyms {
            guard let index = terms.firstIndex(where: { $0.text.trimmed == acronym.text.trimmed }) else {
                problems.append(ThesaurusProblem(acronym.location, field: "acronyms", "'\(acronym.text)' is not one of this concept's terms"))
                continue
            }
            terms[index].markedAcronym = true
        }
        guard problems.count == before else { return nil }
        return ThesaurusConceptDraft(terms: terms, note: note.first?.text.trimmed ?? "", location: location)
    }

    /// The acronyms of `concept` that a reader would not take for acronyms by their capitals.
    static func markedAcronyms(_ concept: ThesaurusConcept) -> [String] {
        concept.terms.filter { $0.isAcronym && !ThesaurusKey.looksLikeAcronym($0.text) }.map(\.text)
    }

    /// `concepts` in `format`, read back by `read` to the same concepts.
    static func write(_ concepts: [ThesaurusConcept], format: ThesaurusFileFormat) -> String {
        switch format {
        case .yaml: return writeYAML(concepts)
        case .csv: return writeCSV(concepts)
        }
    }

    static func writeYAML(_ concepts: [ThesaurusConcept]) -> String {
        var entries: [Node] = []
        for concept in concepts {
            let preferred = concept.preferred
            var pairs: [(Node, Node)] = [(Node("preferred"), Node(preferred.text))]
            if preferred.language != .lv { pairs.append((Node("language"), Node(preferred.language.rawValue))) }
            if !concept.note.isEmpty { pairs.append((Node("note"), Node(concept.note))) }
            for language in ThesaurusLanguage.allCases {
                let texts = concept.alternatives.filter { $0.language == language }.map(\.text)
                if !texts.isEmpty { pairs.append((Node(language.rawValue), flowList(texts))) }
            }
            let marked = markedAcronyms(concept)
            if !marked.isEmpty { pairs.append((Node("acronyms"), flowList(marked))) }
            entries.append(.mapping(Node.Mapping(pairs)))
        }
        let header = "# Pieredze thesaurus: one concept per entry (see `pieredze thesaurus import --help`).\n"
        guard !entries.isEmpty else { return header + "[]\n" }
        let body = (try? Yams.serialize(node: .sequence(Node.Sequence(entries)), width: -1, allowUnicode: true)) ?? "[]\n"
        return header + body
    }

    private static func flowList(_ texts: [String]) -> Node {
        .sequence(Node.Sequence(texts.map { Node($0) }, .implicit, .flow))
    }

    static func writeCSV(_ concepts: [ThesaurusConcept]) -> String {
        func quoted(_ field: String) -> String {
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var lines = [fields.joined(separator: ",")]
        for concept in concepts {
            let preferred = concept.preferred
            var row = [preferred.text, preferred.language.rawValue, concept.note]
            for language in ThesaurusLanguage.allCases {
                row.append(concept.alternatives.filter { $0.language == language }.map(\.text).joined(separator: ";"))
            }
            row.append(markedAcronyms(concept).joined(separator: ";"))
            lines.append(row.map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
