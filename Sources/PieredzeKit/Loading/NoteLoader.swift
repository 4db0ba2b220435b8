import Foundation
import PieredzeStorage

/// Loads notes from files, directories or standard input into the knowledge base.
///
/// One pass, one transaction: each record is validated and, while no problem has been found,
/// written; after the first problem the loader keeps reading only to report every other problem,
/// then rolls back. So a load is all or nothing, every problem is reported at once, and memory
/// stays flat (files are streamed, never held whole, except a Markdown or `.json` file).
public final class NoteLoader {
    /// One thing to load.
    public enum Input: Sendable, Equatable {
        /// A file, or a directory searched recursively for files of every `NoteFormat` (`.md`,
        /// `.jsonl`, `.json`, `.csv`; `NoteFormat.extensions`).
        case path(String)
        /// A file read in the given format, whatever its name's extension says.
        case file(String, format: NoteFormat)
        /// Standard input, in the given format.
        case standardInput(NoteFormat)
    }

    public struct Options: Sendable {
        /// Do everything but commit: counts are exact, nothing is written.
        public var dryRun = false
        /// How to keep the FTS index in step; nil chooses by the size of the load.
        public var indexStrategy: IndexStrategy?
        /// The encoding to convert from and the CSV separator; by default UTF-8 and a separator
        /// sniffed from each CSV file's header line.
        public var dialect = TextDialect()
        /// The command the load is journaled as (`pieredze loads`): `load`, or a command that
        /// writes notes through the loader (`edit`, `new`).
        public var journalCommand = "load"
        /// Whether the load keeps history (a journal entry, the previous version of every note
        /// it changes). Off only for the load benchmark's baseline (`make bench-load`).
        @_spi(Benchmark) public var keepsHistory = true
        /// What to do with a note whose id the knowledge base already holds with other content.
        public var existingNotes = ExistingNotes.replace

        public init(dryRun: Bool = false, existingNotes: ExistingNotes = .replace) {
            self.dryRun = dryRun
            self.existingNotes = existingNotes
        }
    }

    /// The words of `ExistingNotes.refuse`'s problem, so a front end can recognize it
    /// (`isExistingNoteRefusal`) and say it its own way.
    static let existingNoteWords = "is already in the knowledge base"

    /// True for the problem `ExistingNotes.refuse` reports.
    public static func isExistingNoteRefusal(_ problem: LoadProblem) -> Bool {
        problem.field == NoteField.id.key && problem.message.contains(existingNoteWords)
    }

    /// A note in the input whose id is already in the knowledge base with other content.
    public enum ExistingNotes: Sendable {
        /// Replace the stored note (its previous version kept in history): loading the same
        /// files again after editing them updates their notes.
        case replace
        /// A problem at the note's `id` (so nothing is written): for an upload that is meant to
        /// add notes and must not overwrite a colleague's by an id that happens to match.
        /// A note identical to the stored one is not a problem (nothing would change).
        case refuse
    }

    /// How the full-text index is kept in step during a load (`--index-strategy`, the benchmark).
    public enum IndexStrategy: String, Sendable, CaseIterable {
        /// The triggers update the index row by row: best for small loads.
        case triggers
        /// Triggers off, rows written first, then the new rows indexed in one statement: about
        /// twice as fast for large loads (see the benchmark).
        case bulk
    }

    /// What a load did (or, with `dryRun`, would do).
    public struct Summary: Sendable, Equatable {
        public var new = 0
        public var updated = 0
        public var unchanged = 0
        /// Each note's id and outcome, in load order, when `collectOutcomes` is on.
        public var outcomes: [(id: String, outcome: String)] = []
        public var strategy: IndexStrategy = .triggers
        /// Things worth fixing that did not stop the load (`LoadProblem.Severity.warning`).
        public var warnings: [LoadProblem] = []
        /// Files in the directories loaded that were not read (see `scan`), relative to their directory.
        public var skipped: [String] = []
        public var total: Int { new + updated + unchanged }

        /// Every stored field alike (written out only because tuples are not `Equatable`).
        public static func == (lhs: Summary, rhs: Summary) -> Bool {
            lhs.new == rhs.new && lhs.updated == rhs.updated && lhs.unchanged == rhs.unchanged
                && lhs.strategy == rhs.strategy && lhs.skipped == rhs.skipped
                && lhs.outcomes.elementsEqual(rhs.outcomes) { $0.id == $1.id && $0.outcome == $1.outcome }
        }
    }

    /// Loads above this many estimated notes index in bulk (triggers off, one INSERT … SELECT at
    /// the end): the benchmark shows per-row triggers cost about 2× from a few thousand notes on.
    public static let bulkThreshold = 2_000

    private let connection: Connection
    /// Where a load is, for a progress display.
    public struct Progress: Sendable {
        public var notes: Int
        public var bytesRead: Int
        /// Total input bytes, when every input is a file.
        public var totalBytes: Int?
        /// True while the full-text index is built in bulk, after the last note was read.
        public var indexing: Bool
    }

    /// Called now and then during a load.
    public var progress: ((Progress) -> Void)?
    /// Keep every note's outcome in the summary (for `--verbose`); off for large loads.
    public var collectOutcomes = false

    public init(connection: Connection) {
        self.connection = connection
    }

    /// The files an input stands for: itself, or a directory's note files in path order.
    public static func files(for path: String) throws -> [String] {
        try scan(path).files
    }

    /// The files an input stands for, and what a directory holds that is not loaded.
    ///
    /// A directory is searched recursively for files whose extension is a `NoteFormat`'s.
    /// Skipped, and listed in `skipped` relative to the directory: files of other types, hidden
    /// files (a name starting with `.`) and hidden directories (`.git/`, not searched).
    public static func scan(_ path: String) throws -> (files: [String], skipped: [String]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LoadFailure(problems: [LoadProblem(SourceLocation(file: path, line: 0), "no such file or directory")])
        }
        guard isDirectory.boolValue else { return ([path], []) }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return ([], []) }
        var files: [String] = []
        var skipped: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let full = (path as NSString).appendingPathComponent(relative)
            let name = (relative as NSString).lastPathComponent
            var childIsDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &childIsDirectory) else { continue }
            if childIsDirectory.boolValue {
                if name.hasPrefix(".") {
                    enumerator.skipDescendants()
                    skipped.append(relative + "/")
                }
            } else if name.hasPrefix(".") || NoteFormat(pathExtension: (relative as NSString).pathExtension) == nil {
                skipped.append(relative)
            } else {
                files.append(full)
            }
        }
        return (files.sorted(), skipped.sorted())
    }

    /// "skipped 3 files: a.txt, b.docx, .hidden.md" (the first `shown`, then "and N more"), or
    /// nil when nothing was skipped. Hidden directories end in `/` and are counted apart.
    public static func describeSkipped(_ skipped: [String], shown: Int = 5) -> String? {
        guard !skipped.isEmpty else { return nil }
        let directories = skipped.filter { $0.hasSuffix("/") }.count
        let files = skipped.count - directories
        var counts: [String] = []
        if files > 0 { counts.append("\(files) file\(files == 1 ? "" : "s")") }
        if directories > 0 { counts.append("\(directories) hidden director\(directories == 1 ? "y" : "ies")") }
        var list = skipped.prefix(shown).joined(separator: ", ")
        if skipped.count > shown { list += " and \(skipped.count - shown) more" }
        return "skipped \(counts.joined(separator: " and ")): \(list)"
    }

    /// Loads `inputs` in one transaction. Throws `LoadFailure` (nothing written) when any input has problems.
    public func load(_ inputs: [Input], options: Options = Options()) throws -> Summary {
        var sources: [(file: String, format: NoteFormat, handle: () throws -> FileHandle, size: Int?)] = []
        var problems: [LoadProblem] = []
        var skipped: [String] = []
        for input in inputs {
            let path: String, given: NoteFormat?
            switch input {
            case .standardInput(let format):
                sources.append(("-", format, { FileHandle.standardInput }, nil))
                continue
            case .path(let file): (path, given) = (file, nil)
            case .file(let file, let format): (path, given) = (file, format)
            }
            let found: (files: [String], skipped: [String])
            do { found = try Self.scan(path) } catch let failure as LoadFailure {
                problems += failure.problems
                continue
            }
            skipped += found.skipped
            for file in found.files {
                guard let format = given ?? NoteFormat(pathExtension: (file as NSString).pathExtension) else {
                    problems.append(LoadProblem(SourceLocation(file: file, line: 0),
                                                "unknown file type; expected \(NoteFormat.extensionsDescription) (or use - with --format)"))
                    continue
                }
                let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
                sources.append((file, format, {
                    guard let handle = FileHandle(forReadingAtPath: file) else {
                        throw LoadFailure(problems: [LoadProblem(SourceLocation(file: file, line: 0), "cannot be read")])
                    }
                    return handle
                }, size))
            }
        }
        guard problems.isEmpty else { throw LoadFailure(problems: problems, skipped: skipped) }

        let strategy = options.indexStrategy ?? chooseStrategy(sources.map { ($0.format, $0.size) })
        let topics = try NoteStore(connection: connection).topics()
        let decoder = NoteDecoder(topics: topics)
        let topicIDs = Dictionary(uniqueKeysWithValues: topics.map { ($0.slug, $0.id) })
        let totalBytes = sources.allSatisfy({ $0.size != nil }) ? sources.reduce(0) { $0 + ($1.size ?? 0) } : nil

        var summary = Summary()
        summary.strategy = strategy
        // Readers report warnings among the problems; they move to the summary as they come, so
        // that only errors stop the load.
        var problemsSeen = 0
        func setAsideWarnings() {
            guard problemsSeen < problems.count else { return }
            let fresh = Array(problems[problemsSeen...])
            if fresh.contains(where: { $0.severity == .warning }) {
                problems.removeSubrange(problemsSeen...)
                for problem in fresh {
                    if problem.severity == .warning { summary.warnings.append(problem) } else { problems.append(problem) }
                }
            }
            problemsSeen = problems.count
        }
        summary.skipped = skipped
        do {
            try connection.transaction(.immediate) {
                let history = options.keepsHistory
                    ? try HistoryRecorder(connection: connection, command: options.journalCommand, files: inputs.map(\.journalName)) : nil
                let writer = try NoteDatabaseWriter(connection: connection, strategy: strategy, topicIDs: topicIDs, history: history)
                var nearDuplicates = try NearDuplicates(connection: connection)
                var bytesBefore = 0
                for source in sources {
                    let handle: FileHandle
                    do { handle = try source.handle() } catch let failure as LoadFailure {
                        problems += failure.problems
                        continue
                    }
                    defer { if source.file != "-" { try? handle.close() } }
                    // An input that is not text in the expected encoding stops at its first fault
                    // (`InputProblem`): one message, not one a line.
                    let reader: NoteRecordReader
                    do {
                        let text = try TextSource.open(FileByteSource(handle: handle), file: source.file,
                                                       format: source.format, encoding: options.dialect.encoding)
                        reader = try source.format.makeReader(source: text, file: source.file, dialect: options.dialect, problems: &problems)
                    } catch let stop as InputProblem {
                        problems.append(stop.problem)
                        continue
                    }
                    while let record = try nextRecord(reader, problems: &problems) {
                        setAsideWarnings()
                        guard let note = decoder.decode(record, problems: &problems) else { continue }
                        do {
                            guard problems.isEmpty else {  // validating only, from the first problem on
                                try writer.claim(note.id)
                                continue
                            }
                            let outcome = try writer.write(note)
                            if outcome == .updated, options.existingNotes == .refuse {
                                problems.append(LoadProblem(record.location(of: "id"), field: "id",
                                                            "a note with the id '\(note.id)' \(Self.existingNoteWords); expected a new id (or permission to replace existing notes)"))
                                continue
                            }
                            switch outcome {
                            case .new:
                                summary.new += 1
                                // A warning never stops a load: a failed look-up only loses the warning.
                                if let warning = (try? nearDuplicates.warning(for: note, record: record)) ?? nil { summary.warnings.append(warning) }
                            case .updated: summary.updated += 1
                            case .unchanged: summary.unchanged += 1
                            }
                            if collectOutcomes { summary.outcomes.append((note.id, "\(outcome)")) }
                        } catch let duplicate as DuplicateNoteID {
                            problems.append(LoadProblem(record.location(of: "id"), field: "id",
                                                        "'\(duplicate.id)' is used by another note in this load; expected each id once"))
                        } catch let error as SQLiteError where error.resultCode.primary == SQLiteError.constraint {
                            problems.append(LoadProblem(record.location, "rejected by the database: \(error.message)"))
                        }
                        if summary.total % 500 == 0 {
                            progress?(Progress(notes: summary.total, bytesRead: bytesBefore + reader.bytesRead, totalBytes: totalBytes, indexing: false))
                        }
                    }
                    bytesBefore += reader.bytesRead
                }
                setAsideWarnings()
                guard problems.isEmpty else {
                    var failure = LoadFailure(problems: problems, skipped: skipped)
                    failure.warnings = summary.warnings
                    throw failure
                }
                progress?(Progress(notes: summary.total, bytesRead: bytesBefore, totalBytes: totalBytes, indexing: strategy == .bulk))
                try writer.finish()
                if options.dryRun { throw DryRunRollback() }
                try SpellingVocabularySnapshot.noteChanges(summary.new + summary.updated, connection)  // search's hook
            }
        } catch is DryRunRollback {
            return summary
        }
        return summary
    }

    /// The reader's next record; nil at the end, or when the input stops being text (its problem appended).
    private func nextRecord(_ reader: NoteRecordReader, problems: inout [LoadProblem]) throws -> RawRecord? {
        do {
            return try reader.next(problems: &problems)
        } catch let stop as InputProblem {
            problems.append(stop.problem)
            return nil
        }
    }

    private func chooseStrategy(_ sources: [(format: NoteFormat, size: Int?)]) -> IndexStrategy {
        // Each format estimates its notes from a file's size. Standard input: unknown, so bulk,
        // which costs nothing extra for a small load into a large database (only new rows are indexed).
        var estimate = 0
        for source in sources {
            guard let size = source.size else { return .bulk }
            estimate += source.format.estimatedNoteCount(bytes: size)
        }
        return estimate >= Self.bulkThreshold ? .bulk : .triggers
    }
}

/// Thrown inside the transaction to roll back a dry run.
private struct DryRunRollback: Error {}
