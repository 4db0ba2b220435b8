import Foundation

/// The file formats `dump` writes, both of which `load` reads back.
public enum NoteDumpFormat: String, Sendable, CaseIterable {
    /// One JSON object a line, in one file or stream.
    case jsonl
    /// One Markdown file with YAML front matter a note, `<id>.md`, in a directory.
    case md
}

/// Writing every note back out as files that `load` reads.
extension KnowledgeBase {
    /// Writes every note as one JSON line to `handle`; returns how many notes were written.
    public func dumpJSONLines(to handle: FileHandle) throws -> Int {
        var count = 0
        try forEachNoteBatch { notes in
            var chunk = ""
            for note in notes { chunk += try NoteExporter.jsonLine(note) + "\n" }
            handle.write(Data(chunk.utf8))
            count += notes.count
        }
        return count
    }

    /// Writes every note as `<id>.md` into `directory` (created when missing), each file
    /// atomically; returns how many notes were written.
    public func dumpMarkdown(toDirectory directory: String) throws -> Int {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var count = 0
        try forEachNoteBatch { notes in
            for note in notes {
                let path = (directory as NSString).appendingPathComponent(note.id + ".md")
                try Data(try NoteExporter.markdown(note).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            }
            count += notes.count
        }
        return count
    }
}
