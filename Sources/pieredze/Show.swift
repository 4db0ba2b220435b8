import ArgumentParser
import PieredzeKit

extension Pieredze {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one note.",
            discussion: """
                Text gives the note in the author's order (summary, context, lesson, recommendations, \
                body) with Latvian labels, or English or Russian ones with --lang; on a terminal long \
                lines wrap at the window's width (COLUMNS). md is the file `load` reads back; json the \
                API's shape.
                """)

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The note's id.")
        var id: String

        @Option(help: "Output format: text (readable in a terminal), md or json.")
        var format: NoteOutput.Format = .text

        @Option(help: ArgumentHelp("Language of the labels in text: lv, en or ru.", valueName: "lang"))
        var lang: ReportLanguage = .lv

        func run() throws {
            let knowledgeBase = try database.open(.read)
            guard let note = try knowledgeBase.note(id: id) else {
                printError("no note with id '\(VisibleText.escaping(id, lines: .flatten))'")
                throw ExitCode(1)
            }
            let names: [String: String] = try format == .text ? knowledgeBase.topicNames(language: lang) : [:]
            try writeStandardOutput(try NoteOutput.render(note, format: format, style: TerminalStyle.forStandardOutput(),
                                                          language: lang, topicNames: names))
        }
    }
}
