import Foundation

/// One `pieredze new` or `pieredze edit`: the draft is opened in an editor, checked with the
/// loader's rules when the editor closes, and loaded when it passes.
///
/// When it does not pass, the draft is reopened with the problems written as comments at its top
/// (`NoteDraft.withProblems`; they are removed before the next check) — only when `interactive`
/// (standard input is a terminal) and at most `maxRounds` times in all. The loop always ends:
/// a draft saved unchanged after a reopen, an empty file or a failing editor stops it at once,
/// and after `maxRounds` the draft is kept. Whenever a session stops without loading, the draft
/// file stays where it is, without the problem block, and the outcome says where.
public struct EditSession {
    public enum Outcome: Sendable {
        /// The note was loaded (through `KnowledgeBase.load`); the draft was removed.
        case loaded(Note, NoteLoader.Summary)
        /// The editor was closed without a change: `edit` leaves the note as it was, `new` adds
        /// nothing; nothing was written, the draft was removed.
        case unchanged
        /// Nothing was loaded; the draft is kept at `draft`. `problems` are its problems, if any
        /// (lines of the draft as kept).
        case stopped(Reason, problems: [LoadProblem], draft: String)
    }

    public enum Reason: Sendable, Equatable {
        /// The checks failed and there is no terminal to reopen the editor on.
        case noTerminal
        /// The draft was saved unchanged after it was reopened with its problems.
        case leftUnchanged
        /// The file was saved empty: the user's way to cancel.
        case emptied
        /// `maxRounds` reopens, still with problems.
        case tooManyAttempts(Int)
        /// The editor exited with a failure status (vi's `:cq`).
        case editorFailed(Int32)
        /// `edit` only: the note changed in the database while it was being edited.
        case changedMeanwhile
    }

    public let knowledgeBase: KnowledgeBase
    public let purpose: DraftPurpose
    /// The draft file (`KnowledgeBase.createDraft`), already holding the text to start from.
    public let draft: String
    /// Reopen on problems (standard input is a terminal); else stop after the first check.
    public var interactive: Bool
    /// How many times the editor is opened at most.
    public var maxRounds = 5
    /// `new` only: whether closing the editor on the draft as it started cancels (a bare
    /// template), or checks and loads it (a draft made from an article, `new --from`).
    public var closingUnchangedCancels = true
    private var isNew: Bool { if case .new = purpose { return true } else { return false } }
    /// Opens the editor on a file and returns its exit status (`ExternalEditor.open`).
    public var editor: (String) throws -> Int32

    public init(knowledgeBase: KnowledgeBase, purpose: DraftPurpose, draft: String, interactive: Bool,
                editor: @escaping (String) throws -> Int32) {
        self.knowledgeBase = knowledgeBase
        self.purpose = purpose
        self.draft = draft
        self.interactive = interactive
        self.editor = editor
    }

    /// Runs the session to its end. Throws `DraftError` when the draft cannot be read or
    /// written, and what the load throws other than `LoadFailure`.
    public func run() throws -> Outcome {
        var text = try DraftFile.read(draft)
        let original = text
        var problems: [LoadProblem] = []
        for round in 1...max(1, maxRounds) {
            let shown = problems.isEmpty ? text : NoteDraft.withProblems(problems, in: text)
            if shown != (try? DraftFile.read(draft)) { try DraftFile.write(shown, to: draft) }
            let status = try editor(draft)
            let saved = try DraftFile.read(draft)
            if status != 0 {
                try DraftFile.write(NoteDraft.withoutProblems(saved), to: draft)
                return .stopped(.editorFailed(status), problems: problems, draft: draft)
            }
            if saved.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                // Cancelled: the text as it was before this round stays in the draft.
                try DraftFile.write(text, to: draft)
                return .stopped(.emptied, problems: [], draft: draft)
            }
            let unchanged = saved == shown
            text = NoteDraft.withoutProblems(saved)
            try DraftFile.write(text, to: draft)
            if unchanged, round > 1 { return .stopped(.leftUnchanged, problems: problems, draft: draft) }
            // Closed without a change: for edit nothing to write, for new from a bare template a
            // cancel (a template with only --title filled in is not a lesson).
            if unchanged, text == original, closingUnchangedCancels || !isNew {
                try? FileManager.default.removeItem(atPath: draft)
                return .unchanged
            }
            let checked = try knowledgeBase.checkDraft(text, file: draft, purpose: purpose)
            problems = checked.problems
            if let note = checked.note {
                if case .edit(let before) = purpose {
                    let current = try knowledgeBase.note(id: before.id)
                    if current != before { return .stopped(.changedMeanwhile, problems: [], draft: draft) }
                    if note == before {
                        try? FileManager.default.removeItem(atPath: draft)
                        return .unchanged
                    }
                }
                do {
                    // Journaled under its own command, so `pieredze loads` tells an edit from a load.
                    var options = NoteLoader.Options()
                    if case .edit = purpose { options.journalCommand = "edit" } else { options.journalCommand = "new" }
                    let summary = try knowledgeBase.load([.file(draft, format: .markdown)], options: options)
                    try? FileManager.default.removeItem(atPath: draft)
                    return .loaded(note, summary)
                } catch let failure as LoadFailure {
                    problems = failure.problems
                }
            }
            if !interactive { return .stopped(.noTerminal, problems: problems, draft: draft) }
        }
        return .stopped(.tooManyAttempts(max(1, maxRounds)), problems: problems, draft: draft)
    }
}

/// The user's text editor: `$VISUAL`, else `$EDITOR`, else `vi` (as git and crontab choose).
public enum ExternalEditor {
    /// The editor command from `environment`: a command line, which may carry arguments
    /// (`code --wait`).
    public static func command(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        for key in ["VISUAL", "EDITOR"] {
            if let value = environment[key], !value.trimmingCharacters(in: .whitespaces).isEmpty { return value }
        }
        return "vi"
    }

    /// Runs `command` on `file` through `/bin/sh` (so a command with arguments works; the file
    /// name is passed as a positional argument, never parsed by the shell), on this process's
    /// terminal, and waits for it. Returns its exit status (127 when the command is not found).
    public static func open(_ file: String, command: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " \"$1\"", "pieredze-editor", file]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
