/// One command that changed notes, as the journal keeps it (`pieredze loads`, migrations/0006).
public struct JournalEntry: Sendable, Equatable {
    /// The entry's number (`journal.id`), what `revert-load N` takes.
    public var number: Int64
    /// When, in UTC: `YYYY-MM-DDTHH:MM:SS.SSSZ`.
    public var at: String
    /// `load`, `delete`, `restore`, `revert-load`, or another command that writes notes.
    public var command: String
    /// What a load was given (files, directories, `-`), as given.
    public var files: [String]
    /// A few words on what else the command was given: `version 3`, `load #4`.
    public var detail: String
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int
    public var deleted: Int

    public init(number: Int64, at: String, command: String, files: [String] = [], detail: String = "",
                inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, deleted: Int = 0) {
        self.number = number
        self.at = at
        self.command = command
        self.files = files
        self.detail = detail
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
        self.deleted = deleted
    }

    /// `load #3`: how output names the entry.
    public var name: String { "\(command) #\(number)" }

    /// The time without its milliseconds and zone letter: `2026-12-01 03:10:22` (UTC).
    public var shortTime: String {
        String(at.prefix(19)).replacingOccurrences(of: "T", with: " ")
    }
}

/// One version of a note: the note as one command left it.
public struct NoteVersion: Sendable {
    /// What the command that made this version did to the note.
    public enum Change: Sendable, Equatable {
        /// The note as it was when history began (it was loaded before migration 0006): version 0.
        case beforeHistory
        /// The command inserted the note (a first load, or a restore of a deleted note).
        case inserted
        case updated
        /// The command deleted the note: this version has no content.
        case deleted
    }

    /// 0 for `beforeHistory`, else 1, 2, … in the order of the changes.
    public var number: Int
    /// The command that made this version; nil for version 0.
    public var entry: JournalEntry?
    public var change: Change
    /// The note as this version has it; nil when the version is a deletion.
    public var note: Note?
    /// The fields that differ from the version before (every field the note has, when it was inserted).
    public var changedFields: [NoteField]
}

/// Every version of one note, oldest first; the last is the note as it is now (a deletion when
/// the note is deleted).
public struct NoteHistory: Sendable {
    public var id: String
    public var versions: [NoteVersion]

    /// True when the note does not exist now: its last version is a deletion.
    public var isDeleted: Bool { versions.last?.note == nil }

    /// The newest title the note had.
    public var title: String? { versions.reversed().lazy.compactMap(\.note).first?.title }

    /// The version numbered `number`, if any.
    public func version(_ number: Int) -> NoteVersion? {
        versions.first { $0.number == number }
    }
}

/// A deleted note that `restore` can bring back.
public struct DeletedNote: Sendable, Equatable {
    public var id: String
    public var title: String
    /// The command that deleted it.
    public var deletedBy: JournalEntry
}

/// What `restore` did.
public struct RestoreResult: Sendable, Equatable {
    public var id: String
    /// The version brought back.
    public var version: Int
    /// The restore's own journal entry (itself a change, with a version of its own).
    public var entry: JournalEntry
    /// True when the note was deleted and is now back.
    public var undeleted: Bool
}

/// Why a history command did nothing; one sentence each, saying what to do instead.
public enum HistoryError: Error, CustomStringConvertible, Equatable {
    /// No note with this id now and none in the history.
    case noHistory(id: String)
    case noSuchVersion(id: String, version: Int, versions: [Int])
    /// The version is a deletion: there is nothing to restore or compare.
    case versionIsDeletion(id: String, version: Int)
    /// `restore ID` without `--version` when the note has no earlier version.
    case noEarlierVersion(id: String)
    /// `--diff N` on the newest version.
    case newestVersion(id: String, version: Int)
    /// A stored version that the loader's rules no longer accept (a database written elsewhere).
    case unreadableVersion(id: String, which: String, reason: String)
    case noSuchEntry(number: Int64, last: Int64?)
    /// The entry changed no note.
    case nothingToRevert(entry: String)
    /// Later commands changed some of the notes the entry touched: (note id, the first later
    /// entry's name) for the first few, and how many notes in all.
    case laterChanges(entry: String, notes: [LaterChange], total: Int)

    /// A note an entry touched that a later entry changed again.
    public struct LaterChange: Sendable, Equatable {
        public var id: String
        public var laterEntry: String

        public init(id: String, laterEntry: String) {
            self.id = id
            self.laterEntry = laterEntry
        }
    }

    public var description: String {
        switch self {
        case .noHistory(let id):
            return "no note with id '\(id)', now or in the history; `pieredze deleted` lists deleted notes"
        case let .noSuchVersion(id, version, versions):
            let known = versions.isEmpty ? "it has none" : "its versions are \(Self.range(versions))"
            return "'\(id)' has no version \(version); \(known) (`pieredze history \(id)`)"
        case let .versionIsDeletion(id, version):
            return "version \(version) of '\(id)' is its deletion, which has no content; "
                + "`pieredze history \(id)` lists the versions that have, and `pieredze restore \(id) --version N` brings one back"
        case .noEarlierVersion(let id):
            return "'\(id)' has no earlier version to restore (it was new with its first change); "
                + "`pieredze delete \(id)` removes it"
        case let .newestVersion(id, version):
            return "version \(version) is the newest of '\(id)'; nothing follows it to compare with "
                + "(`--diff \(max(version - 1, 0))` shows what it changed)"
        case let .unreadableVersion(id, which, reason):
            return "\(which) of '\(id)' cannot be read back: \(reason)"
        case let .noSuchEntry(number, last):
            let known = last.map { "entries are numbered 1 to \($0)" } ?? "the journal is empty"
            return "no journal entry #\(number); \(known) (`pieredze loads`)"
        case .nothingToRevert(let entry):
            return "\(entry) changed no note; there is nothing to revert"
        case let .laterChanges(entry, notes, total):
            let shown = notes.map { "\($0.id) (\($0.laterEntry))" }.joined(separator: ", ")
            let more = total > notes.count ? " and \(total - notes.count) more" : ""
            return "\(entry) cannot be reverted: later changes touched \(total) of its notes: \(shown)\(more). "
                + "Nothing was changed. Revert the later entries first (newest first), or bring single notes back "
                + "with `pieredze restore ID --version N`"
        }
    }

    /// `1–4` or `0–4`: versions are numbered without gaps.
    private static func range(_ versions: [Int]) -> String {
        guard let first = versions.first, let last = versions.last else { return "" }
        return first == last ? "\(first)" : "\(first)–\(last)"
    }
}
