import Foundation

/// Writing and editing notes in a text editor (`pieredze new`, `pieredze edit`): drafts, their
/// checks with the loader's rules, and loading them.
extension KnowledgeBase {
    /// Where drafts are kept: a directory `drafts` beside the database file
    /// (`~/.local/share/pieredze/drafts` for the default database), so each knowledge base has
    /// its own and a draft is found where the data is.
    public var draftsDirectory: String {
        ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("drafts")
    }

    /// Writes `text` to a new draft file `<name>-<UTC date and time>.md` in `draftsDirectory`
    /// (created private, 0700; the file 0600, as the database's are) and returns its path.
    /// Throws `DraftError.cannotWrite` when the directory or file cannot be written.
    public func createDraft(named name: String, text: String, now: Date = Date()) throws -> String {
        let directory = draftsDirectory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw DraftError.cannotWrite(path: directory)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let stem = "\(name)-\(formatter.string(from: now))"
        for attempt in 1...100 {
            let file = (directory as NSString).appendingPathComponent(stem + (attempt == 1 ? "" : "-\(attempt)") + ".md")
            // Created exclusively, so two sessions never share a draft.
            let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if descriptor >= 0 {
                close(descriptor)
                try DraftFile.write(text, to: file)
                return file
            }
            guard errno == EEXIST else { throw DraftError.cannotWrite(path: file) }
        }
        throw DraftError.cannotWrite(path: directory)
    }

    /// The template of a new note (`NoteDraft.template`) with this database's topics. Throws
    /// `KnowledgeBaseError.unknownTopic` (with the nearest names) when `topic` is neither a topic
    /// slug nor a topic's name (`TopicResolver`).
    public func newNoteTemplate(title: String?, topic: String?, body: String = "") throws -> String {
        let tree = try topicTree()
        let slug = try topic.map { try tree.resolvedSlug($0) }
        return NoteDraft.template(title: title, topic: slug, body: body, topics: tree)
    }

    /// Checks a draft with the loader's own Markdown reader and decoder (and this database's
    /// topics), and what the purpose requires: a new note must not take an existing note's id;
    /// an edited note keeps its id. Returns the note, or every problem (`file:line`, lines of
    /// `text`). Warnings are not returned: the load prints them.
    public func checkDraft(_ text: String, file: String, purpose: DraftPurpose) throws -> (note: Note?, problems: [LoadProblem]) {
        var found: [LoadProblem] = []
        guard let record = MarkdownNote.record(text: text, file: file, problems: &found) else {
            return (nil, found.filter { $0.severity == .error })
        }
        let decoder = NoteDecoder(topics: try NoteStore(connection: connection).topics())
        let note = decoder.decode(record, problems: &found)
        var problems = found.filter { $0.severity == .error }
        guard let note, problems.isEmpty else { return (nil, problems) }
        let givenID = record.fields.contains { $0.key == NoteField.id.key }
        switch purpose {
        case .new:
            if let existing = try self.note(id: note.id) {
                let field = givenID ? NoteField.id.key : NoteField.title.key
                let how = givenID ? "give this note another id" : "give this note another title or an id of its own"
                problems.append(LoadProblem(record.location(of: field), field: field,
                    "a note with the id '\(note.id)' already exists (\"\(existing.title)\"); \(how), or change that note with `pieredze edit \(note.id)`"))
            }
        case .edit(let original):
            if !givenID {
                problems.append(LoadProblem(record.location, field: NoteField.id.key,
                    "missing; expected `id: \(original.id)` (an edited note keeps its id when its title changes)"))
            } else if note.id != original.id {
                problems.append(LoadProblem(record.location(of: NoteField.id.key), field: NoteField.id.key,
                    "'\(note.id)' is not this note's id; expected \(original.id) (an edited note keeps its id)"))
            }
        }
        return problems.isEmpty ? (note, []) : (nil, problems)
    }
}

/// What a draft is for.
public enum DraftPurpose: Sendable {
    /// A new note: its id must be free.
    case new
    /// A change to `original`: the id must stay.
    case edit(original: Note)
}

/// A draft that could not be written.
public enum DraftError: Error, Equatable, CustomStringConvertible {
    case cannotWrite(path: String)
    case notText(path: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path): return "cannot write the draft at \(path)"
        case .notText(let path): return "\(path) is not UTF-8 text"
        }
    }
}

/// Reading and writing a draft file.
enum DraftFile {
    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        } catch {
            throw DraftError.cannotWrite(path: path)
        }
    }

    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw DraftError.cannotWrite(path: path) }
        guard let text = String(data: data, encoding: .utf8) else { throw DraftError.notText(path: path) }
        return text
    }
}
