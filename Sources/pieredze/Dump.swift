import ArgumentParser
import Foundation
import PieredzeKit

struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Write every note back out as files that `pieredze load` reads.",
        discussion: "jsonl: OUT is a file (- for standard output). md: OUT is a directory, one <id>.md a note.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "jsonl or md.")
    var format: String = "jsonl"

    @Argument(help: ArgumentHelp("Output file (jsonl) or directory (md).", valueName: "out"))
    var output: String

    func validate() throws {
        guard ["jsonl", "md"].contains(format) else { throw ValidationError("--format must be jsonl or md") }
        if format == "md", output == "-" { throw ValidationError("md writes one file a note: give a directory") }
    }

    func run() throws {
        let knowledgeBase = try database.open(.read)
        let store = NoteStore(connection: knowledgeBase.connection)
        let pks = try store.notePKs(matching: NoteStore.Filter()).sorted()
        var count = 0
        if format == "md" {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for start in stride(from: 0, to: pks.count, by: 500) {
                for note in try store.notes(pks: Array(pks[start..<min(start + 500, pks.count)])) {
                    let path = (output as NSString).appendingPathComponent(note.id + ".md")
                    try Data(try NoteExporter.markdown(note).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                    count += 1
                }
            }
        } else {
            let handle: FileHandle
            if output == "-" {
                handle = .standardOutput
            } else {
                guard FileManager.default.createFile(atPath: output, contents: nil) else {
                    throw ValidationError("cannot write \(output)")
                }
                handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            }
            for start in stride(from: 0, to: pks.count, by: 500) {
                var chunk = ""
                for note in try store.notes(pks: Array(pks[start..<min(start + 500, pks.count)])) {
                    chunk += try NoteExporter.jsonLine(note) + "\n"
                    count += 1
                }
                handle.write(Data(chunk.utf8))
            }
            if output != "-" { try handle.close() }
        }
        if output != "-" { printError("dumped \(count) notes to \(output)") }
    }
}
