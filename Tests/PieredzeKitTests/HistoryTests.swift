import CSQLite
import Foundation
@_spi(Benchmark) @testable import PieredzeKit
import PieredzeStorage
import Testing

/// History, undo and the journal (migrations/0006) inside the knowledge base: versions written in
/// the transaction of the change, with either index strategy; version 0 for notes loaded before
/// history; reverts that do work linear in the notes they touch.
@Suite("History and undo")
struct HistoryTests {
    static let noteID = "lps-kps-sadarbibas-ligums-2018"

    /// `count` notes `prefix-N` as JSON lines, their summaries marked with `variant`.
    static func notes(_ prefix: String, count: Int, variant: String) -> String {
        (0..<count).map { index in
            "{\"id\":\"\(prefix)-\(index)\",\"title\":\"Piezīme \(index)\",\"summary\":\"Pašvaldību reforma, \(variant) \(index).\","
                + "\"tags\":[\"t\(index % 7)\"],\"topics\":[\"pasvaldibu-apvienosana\"],\"organizations\":[\"Organizācija \(index % 5)\"]}"
        }.joined(separator: "\n") + "\n"
    }

    /// Every note as `dump --format jsonl` writes it.
    static func dump(_ kb: TestKnowledgeBase) throws -> String {
        let file = kb.directory.url.appendingPathComponent("dump-\(UUID().uuidString).jsonl").path
        _ = try kb.knowledgeBase.dumpJSONLines(to: file)
        return try String(contentsOfFile: file, encoding: .utf8)
    }

    @Test("a failed load and a dry run write no version and no journal entry")
    func failedLoadWritesNothing() throws {
        let kb = try TestKnowledgeBase()
        try kb.load([seedsDirectory])
        #expect(try kb.count("journal") == 1)
        #expect(try kb.count("note_versions") == 14)
        let seeds = try kb.store.note(id: Self.noteID)
        // The update is written (and versioned) before the bad line is read; the rollback takes both.
        var changed = try #require(seeds)
        changed.summary = "Cits kopsavilkums."
        let file = try kb.directory.write("bad.jsonl", try NoteExporter.jsonLine(changed) + "\n{\"id\":\"slikta\"}\n")
        #expect(try kb.problems([file]).count == 1)
        try kb.load([try kb.directory.write("good.jsonl", try NoteExporter.jsonLine(changed) + "\n")], dryRun: true)
        #expect(try kb.count("journal") == 1)
        #expect(try kb.count("note_versions") == 14)
        #expect(try kb.store.note(id: Self.noteID) == seeds)
    }

    @Test("updates keep the previous version with either index strategy, and a revert restores it",
          arguments: [NoteLoader.IndexStrategy.triggers, .bulk])
    func versionsWithEitherStrategy(strategy: NoteLoader.IndexStrategy) throws {
        let kb = try TestKnowledgeBase()
        try kb.load([seedsDirectory])
        let before = try Self.dump(kb)
        try kb.load([try kb.directory.write("a.jsonl", Self.notes("gen", count: 30, variant: "pirmā"))], strategy: strategy)
        let afterFirst = try Self.dump(kb)
        try kb.load([try kb.directory.write("b.jsonl", Self.notes("gen", count: 40, variant: "otrā"))], strategy: strategy)
        #expect(try kb.connection.scalar("SELECT count(*) FROM note_versions WHERE journal_id = 3 AND action = 'update'", as: Int.self) == 30)
        #expect(try kb.connection.scalar("SELECT count(*) FROM note_versions WHERE journal_id = 3 AND action = 'insert'", as: Int.self) == 10)
        #expect(try kb.connection.scalar("SELECT inserted || ' ' || updated || ' ' || unchanged FROM journal WHERE id = 3", as: String.self)
                == "10 30 0")
        let history = try kb.knowledgeBase.history(id: "gen-3")
        #expect(history.versions.map(\.number) == [1, 2])
        #expect(history.versions.map(\.change) == [.inserted, .updated])
        #expect(history.versions[1].changedFields == [.summary])
        #expect(history.versions[0].note?.summary == "Pašvaldību reforma, pirmā 3.")
        #expect(try kb.ftsProblems() == [])

        let revert = try kb.knowledgeBase.revert(entry: 3)
        #expect((revert.updated, revert.deleted, revert.command) == (30, 10, "revert-load"))
        #expect(try Self.dump(kb) == afterFirst)
        _ = try kb.knowledgeBase.revert(entry: 2)
        #expect(try Self.dump(kb) == before)
        #expect(try kb.knowledgeBase.problems() == [])
        // The schema with the history tables is Pieredze's: a reading open accepts it.
        #expect(try KnowledgeBase(path: kb.knowledgeBase.path, access: .read).schemaDifferences.isEmpty)
    }

    @Test("a note loaded before history began has a version 0 that restore brings back")
    func versionZero() throws {
        let kb = try TestKnowledgeBase()
        var options = NoteLoader.Options()
        options.keepsHistory = false
        _ = try kb.knowledgeBase.load([.path(seedsDirectory)], options: options)
        #expect(try kb.count("journal") == 0)
        let original = try #require(try kb.store.note(id: Self.noteID))
        #expect(try kb.knowledgeBase.history(id: Self.noteID).versions.map(\.change) == [.beforeHistory])
        #expect(throws: HistoryError.noEarlierVersion(id: Self.noteID)) { try kb.knowledgeBase.restore(id: Self.noteID) }

        var changed = original
        changed.title = "Cits virsraksts"
        try kb.load([try kb.directory.write("c.jsonl", try NoteExporter.jsonLine(changed) + "\n")])
        let history = try kb.knowledgeBase.history(id: Self.noteID)
        #expect(history.versions.map(\.number) == [0, 1])
        #expect(history.versions[0].note == original)
        #expect(history.versions[1].changedFields == [.title])
        let restored = try #require(try kb.knowledgeBase.restore(id: Self.noteID, version: 0))
        #expect(restored.version == 0 && !restored.undeleted)
        #expect(try kb.store.note(id: Self.noteID) == original)
        #expect(try kb.knowledgeBase.restore(id: Self.noteID, version: 0) == nil)
    }

    @Test("delete keeps the note restorable; restore of a deleted note writes it back whole")
    func deleteAndRestore() throws {
        let kb = try TestKnowledgeBase()
        try kb.load([seedsDirectory])
        let original = try #require(try kb.store.note(id: Self.noteID))
        let entry = try kb.knowledgeBase.delete(id: Self.noteID)
        #expect((entry.command, entry.deleted, entry.number) == ("delete", 1, 2))
        #expect(try kb.knowledgeBase.deletedNotes().map(\.id) == [Self.noteID])
        #expect(try kb.knowledgeBase.deletedNotes().first?.title == original.title)
        #expect(try kb.knowledgeBase.history(id: Self.noteID).isDeleted)
        #expect(throws: HistoryError.versionIsDeletion(id: Self.noteID, version: 2)) {
            try kb.knowledgeBase.restore(id: Self.noteID, version: 2)
        }
        let restored = try #require(try kb.knowledgeBase.restore(id: Self.noteID))
        #expect(restored.undeleted && restored.version == 1 && restored.entry.inserted == 1)
        #expect(try kb.store.note(id: Self.noteID) == original)
        #expect(try kb.knowledgeBase.deletedNotes().isEmpty)
        // Restoring again: the version before the newest is the deletion, and the error says so.
        #expect(throws: HistoryError.versionIsDeletion(id: Self.noteID, version: 2)) {
            try kb.knowledgeBase.restore(id: Self.noteID)
        }
        #expect(try kb.ftsProblems() == [])
        #expect(throws: KnowledgeBaseError.noSuchNote(id: "nav")) { try kb.knowledgeBase.delete(id: "nav") }
        #expect(try kb.count("journal") == 3)  // the failed delete left no entry
        #expect(throws: HistoryError.noHistory(id: "nav")) { try kb.knowledgeBase.history(id: "nav") }
    }

    @Test("a revert is refused while a later change stands, and allowed once that change is reverted")
    func revertRefusedThenAllowed() throws {
        let kb = try TestKnowledgeBase()
        try kb.load([try kb.directory.write("a.jsonl", Self.notes("gen", count: 5, variant: "pirmā"))])
        try kb.load([try kb.directory.write("b.jsonl", Self.notes("gen", count: 5, variant: "otrā"))])
        try kb.load([try kb.directory.write("c.jsonl", Self.notes("gen", count: 2, variant: "trešā"))])
        let before = try Self.dump(kb)
        #expect(throws: HistoryError.laterChanges(entry: "load #2", notes: [.init(id: "gen-0", laterEntry: "load #3"),
                                                                            .init(id: "gen-1", laterEntry: "load #3")], total: 2)) {
            try kb.knowledgeBase.revert(entry: 2)
        }
        #expect(try Self.dump(kb) == before)
        #expect(try kb.count("journal") == 3)
        _ = try kb.knowledgeBase.revert(entry: 3)
        _ = try kb.knowledgeBase.revert(entry: 2)
        #expect(try kb.store.note(id: "gen-4")?.summary == "Pašvaldību reforma, pirmā 4.")
        // A load that changed nothing (every note as it is) has nothing to revert.
        try kb.load([try kb.directory.write("d.jsonl", Self.notes("gen", count: 5, variant: "pirmā"))])
        #expect(throws: HistoryError.nothingToRevert(entry: "load #6")) { try kb.knowledgeBase.revert(entry: 6) }
    }

    @Test("a field diff shows removed and added lines with context, long unchanged runs skipped")
    func fieldDiff() {
        let old = (1...10).map { "rinda \($0)" }
        var new = old
        new[4] = "cita rinda"
        #expect(NoteFieldDiff.diffLines(old, new) == [
            .skipped(2), .same("rinda 3"), .same("rinda 4"), .removed("rinda 5"), .added("cita rinda"),
            .same("rinda 6"), .same("rinda 7"), .skipped(3),
        ])
        var note = Note(id: "a", title: "A")
        note.tags = ["x"]
        var other = note
        other.tags = ["x", "y"]
        other.country = "LV"
        #expect(NoteFieldDiff.changedFields(from: note, to: other) == [.country, .tags])
        #expect(NoteFieldDiff.diff(from: note, to: other).map(\.lines) == [[.added("LV")], [.same("x"), .added("y")]])
    }

    // MARK: Linear work

    /// Counts SQLite's virtual-machine steps of every statement a connection runs: work, not time.
    final class StepCounter: @unchecked Sendable {
        var steps: Int64 = 0

        func counting(_ connection: Connection, _ body: () throws -> Void) throws {
            let context = Unmanaged.passUnretained(self).toOpaque()
            sqlite3_trace_v2(connection.handle, UInt32(SQLITE_TRACE_PROFILE), { _, context, statement, _ in
                guard let context, let statement else { return 0 }
                let counter = Unmanaged<StepCounter>.fromOpaque(context).takeUnretainedValue()
                counter.steps += Int64(sqlite3_stmt_status(OpaquePointer(statement), SQLITE_STMTSTATUS_VM_STEP, 1))
                return 0
            }, context)
            defer { sqlite3_trace_v2(connection.handle, 0, nil, nil) }
            try body()
        }
    }

    /// The steps of loading `count` changed notes over `count` loaded ones, and of reverting that load.
    func work(_ count: Int) throws -> (load: Int64, revert: Int64) {
        let kb = try TestKnowledgeBase()
        try kb.load([try kb.directory.write("a.jsonl", Self.notes("gen", count: count, variant: "pirmā"))], strategy: .triggers)
        let changed = try kb.directory.write("b.jsonl", Self.notes("gen", count: count, variant: "otrā"))
        let load = StepCounter(), revert = StepCounter()
        try load.counting(kb.connection) { try kb.load([changed], strategy: .triggers) }
        try revert.counting(kb.connection) { _ = try kb.knowledgeBase.revert(entry: 2) }
        #expect(try kb.store.note(id: "gen-0")?.summary == "Pašvaldību reforma, pirmā 0.")
        return (load.steps, revert.steps)
    }

    @Test("updating and reverting N notes is linear: doubling the notes doubles the work")
    func doubling() throws {
        let small = try work(300), large = try work(600)
        #expect(small.load > 0 && small.revert > 0)
        let loadRatio = Double(large.load) / Double(small.load)
        let revertRatio = Double(large.revert) / Double(small.revert)
        #expect(loadRatio > 1.7 && loadRatio < 2.3, "load: \(small.load) → \(large.load)")
        #expect(revertRatio > 1.7 && revertRatio < 2.3, "revert: \(small.revert) → \(large.revert)")
    }
}
