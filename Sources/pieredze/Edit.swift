import ArgumentParser
import Foundation
import PieredzeKit

extension Pieredze {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change a note in your text editor.",
            discussion: """
                Opens $VISUAL, else $EDITOR, else vi, on the note as Markdown (the form `show --format md` \
                writes). Save and close the editor: a changed note is checked as `pieredze load` checks it and \
                saved; the id stays when the title changes. Closing without a change writes nothing. When \
                something is wrong the editor opens again with the problems at the top (at most 5 times); save an \
                empty file to cancel. Without a terminal the problems are printed instead. Until the change is \
                saved, the draft is kept in the directory `drafts` beside the database.
                """)

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The note's id.")
        var id: String

        func run() throws {
            let knowledgeBase = try database.open(.write)
            guard let note = try knowledgeBase.note(id: id) else {
                printError("no note with id '\(VisibleText.escaping(id, lines: .flatten))'")
                throw ExitCode(1)
            }
            let name = NoteExporter.fileName(for: note.id).map { String($0.dropLast(3)) } ?? "edit"
            let draft = try knowledgeBase.createDraft(named: name, text: try NoteExporter.markdown(note))
            let session = EditSession(knowledgeBase: knowledgeBase, purpose: .edit(original: note), draft: draft,
                                      interactive: isatty(STDIN_FILENO) == 1, editor: New.openEditor)
            try New.finish(try session.run(), new: false)
        }
    }
}
