import ArgumentParser
import Foundation
import PieredzeKit

extension Pieredze {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Write a new note in your text editor.",
            discussion: """
                Opens $VISUAL, else $EDITOR, else vi, on a Markdown draft of the note: fill in the fields \
                (a comment at the top lists the topics, kinds and country codes) and write the text under the \
                headings, then save and close the editor. The note is checked as `pieredze load` checks it; when \
                something is wrong the editor opens again with the problems at the top (at most 5 times). When \
                it is right, the note is loaded and its id printed.

                Save an empty file, or close the editor without a change, to cancel (with --from, closing \
                without a change loads the article as it is). Without a terminal (standard input is not one), or when the draft \
                is saved unchanged after its problems were shown, the problems are printed and nothing is loaded. \
                Drafts are kept in the directory `drafts` beside the database until the note is loaded; \
                `pieredze load DRAFT` loads one later.

                --from FILE.txt starts from a plain-text article: its first line becomes the title (unless \
                --title is given), the rest the body, with status: draft.
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(help: "The note's title.")
        var title: String?

        @Option(help: ArgumentHelp("A topic slug for the note (see `pieredze topics`).", valueName: "slug"))
        var topic: String?

        @Option(name: .customLong("from"), help: ArgumentHelp("Start from a plain-text article (UTF-8).", valueName: "file.txt"))
        var article: String?

        func run() throws {
            var title = title.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            var body = ""
            if let article {
                guard let data = FileManager.default.contents(atPath: article) else {
                    printError("Error: cannot read \(article)")
                    throw ExitCode(1)
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    printError("Error: \(article) is not UTF-8 text; save it as UTF-8 (plain text) and try again")
                    throw ExitCode(1)
                }
                guard let split = NoteDraft.article(text) else {
                    printError("Error: \(article) has no text")
                    throw ExitCode(1)
                }
                if title == nil {
                    title = split.title
                    body = split.body
                } else {
                    body = text.trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            // An existing database only: a mistyped --db would otherwise put the note in a new file.
            let knowledgeBase = try database.open(.write)
            let template: String
            do {
                template = try knowledgeBase.newNoteTemplate(title: title, topic: topic, body: body)
            } catch let error as KnowledgeBaseError {
                if case .unknownTopic = error { throw ValidationError(error.description) }
                throw error
            }
            let draft = try knowledgeBase.createDraft(named: "new", text: template)
            var session = EditSession(knowledgeBase: knowledgeBase, purpose: .new, draft: draft,
                                      interactive: isatty(STDIN_FILENO) == 1, editor: Self.openEditor)
            session.closingUnchangedCancels = article == nil  // an article saved as it is becomes a note
            try Self.finish(try session.run(), new: true)
        }

        /// Opens the user's editor (`ExternalEditor`) on `file`.
        static func openEditor(_ file: String) throws -> Int32 {
            try ExternalEditor.open(file, command: ExternalEditor.command())
        }

        /// Reports how an editing session ended: the id (new) or what changed on standard
        /// output; problems, the reason and where the draft is on standard error, exit 1.
        static func finish(_ outcome: EditSession.Outcome, new: Bool) throws {
            switch outcome {
            case .loaded(let note, let summary):
                for warning in summary.warnings { printError(warning.description) }
                if new {
                    printError("added the note \(note.id)")
                    print(note.id)
                } else {
                    print("updated \(note.id)")
                }
            case .unchanged:
                if new {
                    printError("the draft was closed without changes: cancelled, no note added")
                    throw ExitCode(1)
                }
                print("no change; nothing written")
            case .stopped(let reason, let problems, let draft):
                for problem in problems { printError(problem.description) }
                let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
                switch reason {
                case .noTerminal: printError("\(count); nothing loaded (no terminal to reopen the editor on)")
                case .leftUnchanged: printError("\(count), and the draft was saved unchanged; nothing loaded")
                case .emptied:
                    printError("the file was saved empty: cancelled, nothing loaded; the text before is kept at \(draft)")
                    throw ExitCode(1)
                case .tooManyAttempts(let rounds): printError("still \(count) after \(rounds) attempts; nothing loaded")
                case .editorFailed(127):
                    printError("the editor (\(ExternalEditor.command())) could not be started; set EDITOR (e.g. export EDITOR=nano); nothing loaded")
                case .editorFailed(let status): printError("the editor (\(ExternalEditor.command())) exited with status \(status); nothing loaded")
                case .changedMeanwhile: printError("the note was changed by someone else while you edited it; nothing written")
                }
                // Loading a draft whose id is another note's would update that note: say so.
                let rule = new ? "give it an id no other note has" : "keep its id line"
                printError("The draft is kept at \(draft); fix it (\(rule)) and load it with: pieredze load \(draft)")
                throw ExitCode(1)
            }
        }
    }
}
