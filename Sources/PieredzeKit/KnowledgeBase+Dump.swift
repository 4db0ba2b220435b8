import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file formats `dump` writes, both of which `load` reads back.
public enum NoteDumpFormat: String, Sendable, CaseIterable {
    /// One JSON object a line, in one file or stream.
    case jsonl
    /// One Markdown file with YAML front matter a note, `<id>.md`, in a directory.
    case md
}

/// Why a dump wrote nothing.
public enum DumpError: Error, CustomStringConvertible, Equatable {
    /// A note's id cannot be a file name (a database written by other software may hold
    /// `../../x`); nothing was written.
    case unsafeID(String)

    public var description: String {
        switch self {
        case .unsafeID(let id):
            return "note id '\(id.unicodeScalars.map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16, uppercase: true))}" : String($0) }.joined())' cannot be a file name; expected lower-case letters a–z, digits, '-', '_' or '.', starting with a letter or digit; nothing was written"
        }
    }
}

/// Writing every note back out as files that `load` reads.
///
/// Notes come in id order (byte order of the id), so two dumps of similar databases diff well.
/// Every write is checked: a full disk or a closed pipe is an error (`ReportOutput.Failure`),
/// never a crash, and nothing is left half-written under the target name.
extension KnowledgeBase {
    /// Primary keys of every note, in id order.
    private func notePKsByID() throws -> [Int64] {
        try connection.rows("SELECT pk FROM notes ORDER BY id").compactMap { $0[0] }
    }

    /// Calls `body` with every note in id order, a batch at a time.
    private func forEachNoteByID(_ body: ([Note]) throws -> Void) throws {
        try NoteStore(connection: connection).forEachBatch(of: notePKsByID(), body)
    }

    /// Writes every note as one JSON line (`NoteExporter.jsonLine`) to standard output (`path`
    /// nil or `-`) or to the file `path`, atomically (`ReportOutput.write`: a temporary file
    /// beside it, then renamed); an existing file is replaced only when `force`. Returns how many
    /// notes were written. Throws `ReportOutput.Failure` when the file exists (without `force`)
    /// or a write fails.
    public func dumpJSONLines(to path: String?, force: Bool = false) throws -> Int {
        var count = 0
        try ReportOutput.write(to: path, force: force) { stream in
            try forEachNoteByID { notes in
                var chunk = ""
                for note in notes { chunk += try NoteExporter.jsonLine(note) + "\n" }
                stream.write(chunk)
                count += notes.count
            }
        }
        return count
    }

    /// Writes every note as `<id>.md` (`NoteExporter.markdown`) into `directory`; returns how many
    /// notes were written.
    ///
    /// Every id is checked first (`NoteExporter.fileName(for:)`); one that cannot be a file name
    /// throws `DumpError.unsafeID` before anything is written. When `directory` does not exist,
    /// the files are written into a temporary directory beside it, which is renamed to
    /// `directory` at the end, so the dump appears whole or not at all. When it exists, each file
    /// is written atomically (`ReportOutput.write`), and if any `<id>.md` already exists nothing
    /// is written unless `force` (then existing files are replaced; other files are left alone).
    public func dumpMarkdown(toDirectory directory: String, force: Bool = false) throws -> Int {
        var names: [String] = []
        for row in try connection.rows("SELECT id FROM notes ORDER BY id") {
            let id: String = row[0] ?? ""
            guard let name = NoteExporter.fileName(for: id) else { throw DumpError.unsafeID(id) }
            names.append(name)
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ReportOutput.Failure.cannotWrite(path: directory, reason: "it is a file; md writes one file a note into a directory")
            }
            if !force, let taken = names.first(where: { FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0)) }) {
                throw ReportOutput.Failure.exists(path: (directory as NSString).appendingPathComponent(taken))
            }
            return try writeMarkdownFiles(into: directory, force: force)
        }

        let url = URL(fileURLWithPath: directory)
        let parent = url.deletingLastPathComponent().path
        let temporary = (parent as NSString).appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        } catch {
            throw ReportOutput.Failure.cannotWrite(path: directory, reason: Self.reason(error))
        }
        var committed = false
        defer { if !committed { try? FileManager.default.removeItem(atPath: temporary) } }
        let count = try writeMarkdownFiles(into: temporary, force: false)
        guard rename(temporary, directory) == 0 else {
            throw ReportOutput.Failure.cannotWrite(path: directory, reason: String(cString: strerror(errno)))
        }
        committed = true
        return count
    }

    private func writeMarkdownFiles(into directory: String, force: Bool) throws -> Int {
        var count = 0
        try forEachNoteByID { notes in
            for note in notes {
                guard let name = NoteExporter.fileName(for: note.id) else { throw DumpError.unsafeID(note.id) }
                let text = try NoteExporter.markdown(note)
                try ReportOutput.write(to: (directory as NSString).appendingPathComponent(name), force: force) { stream in
                    stream.write(text)
                }
            }
            count += notes.count
        }
        return count
    }

    private static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(code))) }
        return error.localizedDescription
    }
}
