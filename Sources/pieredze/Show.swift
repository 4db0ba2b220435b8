import ArgumentParser
import Foundation
import PieredzeKit

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one note.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The note's id.")
    var id: String

    @Option(help: "Output format: text (readable in a terminal), md or json.")
    var format: String = "text"

    func validate() throws {
        guard ["text", "md", "json"].contains(format) else { throw ValidationError("--format must be text, md or json") }
    }

    func run() throws {
        let knowledgeBase = try database.open(.read)
        guard let note = try NoteStore(connection: knowledgeBase.connection).note(id: id) else {
            printError("no note with id '\(id)'")
            throw ExitCode(1)
        }
        switch format {
        case "md": print(try NoteExporter.markdown(note), terminator: "")
        case "json":
            let data = try JSONSerialization.data(withJSONObject: NoteExporter.jsonObject(note), options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        default: print(TerminalNote.render(note, style: TerminalStyle.forStandardOutput()))
        }
    }
}

/// Bold and colour on a terminal, nothing when output is piped or `NO_COLOR` is set.
struct TerminalStyle {
    var enabled: Bool

    static func forStandardOutput() -> TerminalStyle {
        let environment = ProcessInfo.processInfo.environment
        return TerminalStyle(enabled: isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty)
    }

    func bold(_ text: String) -> String { enabled ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    func dim(_ text: String) -> String { enabled ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    func accent(_ text: String) -> String { enabled ? "\u{1B}[1;33m\(text)\u{1B}[0m" : text }
}

enum TerminalNote {
    static func render(_ note: Note, style: TerminalStyle) -> String {
        var lines: [String] = [style.bold(note.title), style.dim(note.id)]
        var facts = [note.kind.latvianName]
        if let country = note.country { facts.append(Countries.name(of: country)) }
        if let occurred = note.occurred { facts.append(occurred) }
        facts.append(note.status.rawValue)
        lines.append(facts.joined(separator: " · "))
        if !note.topics.isEmpty { lines.append("Tēmas: " + note.topics.joined(separator: ", ")) }
        if !note.tags.isEmpty { lines.append("Birkas: " + note.tags.joined(separator: ", ")) }
        if !note.organizations.isEmpty { lines.append("Organizācijas: " + note.organizations.map(\.name).joined(separator: "; ")) }
        if !note.people.isEmpty {
            lines.append("Personas: " + note.people.map { [$0.name, $0.role].compactMap { $0 }.joined(separator: " — ") }.joined(separator: "; "))
        }
        if !note.summary.isEmpty { lines += ["", note.summary] }
        if !note.body.isEmpty { lines += ["", note.body] }
        for (heading, text) in [("Konteksts", note.context), ("Mācība", note.lesson), ("Ieteikumi", note.recommendation)] where !text.isEmpty {
            lines += ["", style.bold(heading), text]
        }
        if let source = note.source {
            lines += ["", style.dim("Avots: " + [source.title, source.publisher, source.date, source.url].compactMap { $0 }.joined(separator: ", "))]
        }
        return lines.joined(separator: "\n")
    }
}
