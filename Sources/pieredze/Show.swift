import ArgumentParser
import PieredzeKit

extension Pieredze {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one note.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The note's id.")
        var id: String

        @Option(help: "Output format: text (readable in a terminal), md or json.")
        var format: NoteOutput.Format = .text

        func run() throws {
            let knowledgeBase = try database.open(.read)
            guard let note = try knowledgeBase.note(id: id) else {
                printError("no note with id '\(VisibleText.escaping(id, lines: .flatten))'")
                throw ExitCode(1)
            }
            try writeStandardOutput(try NoteOutput.render(note, format: format, style: TerminalStyle.forStandardOutput()))
        }
    }
}
