import Foundation
import PieredzeKit
import Testing

/// History, undo and the journal from the outside (issue 13): every load journaled, every change
/// keeping the previous version, `history`, `restore`, `deleted`, `loads`, `revert-load`, and a
/// `delete` that asks first. "The database as it was" is checked by `pieredze dump` output.
@Suite("pieredze: history, restore, revert-load, delete confirmation", .serialized)
final class HistoryCLITests {
    let scratch: ScratchDirectory
    var directory: URL { scratch.url }
    var db: String { scratch.db }

    static let noteID = "lps-kps-sadarbibas-ligums-2018"
    static let otherID = "kps-macibu-vizite-latvija-2018"

    init() throws {
        scratch = try ScratchDirectory("pieredze-history-cli")
        let load = try run(["load", CLITests.seeds])
        #expect(load.status == 0, "\(load.stderr)")
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> CLITests.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["PIEREDZE_DB"] = db
        environment["NO_COLOR"] = "1"
        return try CLITests.spawn(CLITests.binary, arguments, in: directory, environment: environment)
    }

    /// Every note as `pieredze dump --format jsonl -` writes it.
    func dump() throws -> String {
        let dump = try run(["dump", "--format", "jsonl", "-"])
        #expect(dump.status == 0, "\(dump.stderr)")
        return dump.stdout
    }

    /// The note `id` as JSON (`show --format json`), as an object.
    func noteJSON(_ id: String) throws -> [String: Any] {
        let show = try run(["show", id, "--format", "json"])
        #expect(show.status == 0, "\(show.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
    }

    /// A JSONL file of the given notes, each the seed note `id` with `changes` applied (or a new note).
    func changedNotes(_ name: String, _ notes: [(id: String, changes: [String: Any])]) throws -> String {
        var text = ""
        for (id, changes) in notes {
            var object: [String: Any] = ["id": id]
            let show = try run(["show", id, "--format", "json"])
            if show.status == 0 { object = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]) }
            for (key, value) in changes { object[key] = value }
            text += String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self) + "\n"
        }
        let file = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    @Test("history lists versions with the load and the fields changed; --diff shows them; restore brings a version back")
    func historyAndRestore() throws {
        let before = try dump()
        let original = try noteJSON(Self.noteID)
        let file = try changedNotes("changed.jsonl", [(Self.noteID, ["title": "Jauns virsraksts", "tags": ["jauns"]])])
        #expect(try run(["load", file]).stdout.hasPrefix("loaded 1 notes: 0 new, 1 updated"))

        let history = try run(["history", Self.noteID])
        #expect(history.status == 0, "\(history.stderr)")
        let lines = history.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "\(Self.noteID) — Jauns virsraksts")
        #expect(lines.contains { $0.hasPrefix("1 ") && $0.contains("load #1 (\(CLITests.seeds))") && $0.hasSuffix("new note") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("2 ") && $0.contains("load #2 (\(file))") && $0.hasSuffix("title, tags") }, "\(lines)")

        let diff = try run(["history", Self.noteID, "--diff", "1"])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("title:\n  - \(original["title"] as? String ?? "?")\n  + Jauns virsraksts\n"), "\(diff.stdout)")
        #expect(diff.stdout.contains("  + jauns\n"))
        #expect(!diff.stdout.contains("summary:"))
        let newest = try run(["history", Self.noteID, "--diff", "2"])
        #expect(newest.status == 1 && newest.stderr.contains("version 2 is the newest"), "\(newest.stderr)")

        let restore = try run(["restore", Self.noteID])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.stdout.contains("restored \(Self.noteID) to version 1 as restore #3"), "\(restore.stdout)")
        #expect(try dump() == before)
        #expect(try run(["history", Self.noteID]).stdout.contains("restore #3 (\(Self.noteID) version 1)"))

        // The restore is a change like any other: version 2 comes back the same way.
        #expect(try run(["restore", Self.noteID, "--version", "2"]).status == 0)
        #expect(try noteJSON(Self.noteID)["title"] as? String == "Jauns virsraksts")
        let again = try run(["restore", Self.noteID, "--version", "2"])
        #expect(again.status == 0 && again.stdout.contains("already is version 2; nothing changed"), "\(again.stdout)")
        let missing = try run(["restore", Self.noteID, "--version", "9"])
        #expect(missing.status == 1 && missing.stderr.contains("has no version 9; its versions are 1–4"), "\(missing.stderr)")
        #expect(try run(["check"]).stdout == "ok\n")
    }

    @Test("a deleted note is listed by deleted and restored whole")
    func restoreDeleted() throws {
        let before = try dump()
        let title = try #require(try noteJSON(Self.noteID)["title"] as? String)
        let deleted = try run(["delete", "--yes", Self.noteID])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout == "deleted \(Self.noteID); `pieredze restore \(Self.noteID)` brings it back\n")
        #expect(try run(["show", Self.noteID]).status == 1)
        #expect(!(try dump()).contains(Self.noteID))  // dump writes notes, not their history

        let listing = try run(["deleted"])
        #expect(listing.status == 0)
        #expect(listing.stdout.contains(Self.noteID) && listing.stdout.contains("delete #2"), "\(listing.stdout)")
        #expect(listing.stdout.contains("`pieredze restore ID`"))
        let history = try run(["history", Self.noteID])
        #expect(history.stdout.contains("(deleted)") && history.stdout.contains("`pieredze restore \(Self.noteID)` brings back version 1"),
                "\(history.stdout)")
        #expect(try run(["history", Self.noteID, "--diff", "1"]).stdout.contains("version 2 (delete #2"))

        let restore = try run(["restore", Self.noteID])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.stdout.contains("(it was deleted)"))
        #expect(try dump() == before)
        #expect(try run(["deleted"]).stdout == "no deleted notes\n")
        #expect(try run(["search", "--format", "ids", "--all-words", title]).stdout.contains(Self.noteID))
        #expect(try run(["check"]).stdout == "ok\n")
    }

    @Test("revert-load puts the database back as it was before the load, and is journaled")
    func revertLoad() throws {
        let before = try dump()
        let file = try changedNotes("batch.jsonl", [
            (Self.noteID, ["summary": "Cits kopsavilkums."]),
            (Self.otherID, ["tags": ["mainīts"], "country": "EE"]),
            ("jauna-piezime", ["title": "Jauna piezīme", "summary": "Par reformu."]),
        ])
        #expect(try run(["load", file]).stdout.hasPrefix("loaded 3 notes: 1 new, 2 updated"))
        let loads = try run(["loads"])
        #expect(loads.status == 0)
        #expect(loads.stdout.contains("#2") && loads.stdout.contains("1 new, 2 updated") && loads.stdout.contains(file), "\(loads.stdout)")
        #expect(loads.stdout.contains("14 new"))

        let revert = try run(["revert-load", "2", "--yes"])
        #expect(revert.status == 0, "\(revert.stderr)")
        #expect(revert.stdout == "reverted #2 as revert-load #3: 2 updated, 1 deleted\n", "\(revert.stdout)")
        #expect(try dump() == before)
        #expect(try run(["show", "jauna-piezime"]).status == 1)
        #expect(try run(["loads"]).stdout.contains("revert-load"))
        #expect(try run(["check"]).stdout == "ok\n")

        // Reverting the revert brings the load back.
        #expect(try run(["revert-load", "3", "--yes"]).status == 0)
        #expect(try noteJSON("jauna-piezime")["title"] as? String == "Jauna piezīme")
    }

    @Test("revert-load is refused, naming the notes, when a later change touched them; nothing changes")
    func revertRefused() throws {
        let first = try changedNotes("first.jsonl", [(Self.noteID, ["summary": "Pirmā maiņa."]), (Self.otherID, ["summary": "Arī."])])
        #expect(try run(["load", first]).status == 0)
        let second = try changedNotes("second.jsonl", [(Self.noteID, ["summary": "Otrā maiņa."])])
        #expect(try run(["load", second]).status == 0)
        #expect(try run(["delete", "--yes", Self.otherID]).status == 0)
        let before = try dump()
        let loadsBefore = try run(["loads"]).stdout

        let refused = try run(["revert-load", "2", "--yes"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("load #2 cannot be reverted: later changes touched 2 of its notes: "
                                        + "\(Self.otherID) (delete #4), \(Self.noteID) (load #3)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("Nothing was changed"))
        #expect(try dump() == before)
        #expect(try run(["loads"]).stdout == loadsBefore)

        let unknown = try run(["revert-load", "99", "--yes"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no journal entry #99; entries are numbered 1 to 4"), "\(unknown.stderr)")
        // Newest first works.
        #expect(try run(["revert-load", "4", "--yes"]).status == 0)
        #expect(try run(["revert-load", "3", "--yes"]).status == 0)
        #expect(try run(["revert-load", "2", "--yes"]).status == 0)
    }

    @Test("delete without a terminal and without --yes is refused with exit 2 and deletes nothing")
    func deleteNeedsConfirmation() throws {
        let refused = try run(["delete", Self.noteID])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("standard input is not a terminal") && refused.stderr.contains("--yes"), "\(refused.stderr)")
        #expect(try run(["show", Self.noteID]).status == 0)
        #expect(try run(["loads"]).stdout.contains("#2") == false)
        #expect(try run(["delete", "--yes", "nav-tadas"]).status == 1)
    }

    @Test("on a terminal, delete asks and deletes only on yes")
    func deleteAsksOnTerminal() throws {
        // util-linux `script` runs the command on a pseudo-terminal and passes our input to it.
        let script = try #require(["/usr/bin/script", "/bin/script"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                  "util-linux script is not installed")
        var environment = ProcessInfo.processInfo.environment
        environment["PIEREDZE_DB"] = db
        let command = "'\(CLITests.binary.path)' delete \(Self.noteID)"
        let declined = try CLITests.spawn(URL(fileURLWithPath: script), ["-qec", command, "/dev/null"], in: directory,
                                          environment: environment, stdin: "n\n")
        #expect(declined.status == 1)
        #expect(declined.stdout.contains("delete \(Self.noteID) (LPS un KPS paraksta sadarbības līgumu Biškekā)? [y/N]"), "\(declined.stdout)")
        #expect(declined.stdout.contains("nothing was deleted"))
        #expect(try run(["show", Self.noteID]).status == 0)
        let accepted = try CLITests.spawn(URL(fileURLWithPath: script), ["-qec", command, "/dev/null"], in: directory,
                                          environment: environment, stdin: "y\n")
        #expect(accepted.status == 0, "\(accepted.stdout)")
        #expect(accepted.stdout.contains("`pieredze restore \(Self.noteID)` brings it back"))
        #expect(try run(["show", Self.noteID]).status == 1)
    }

    @Test("revert-load asks like delete: refused without a terminal and --yes, declined on a terminal changes nothing")
    func revertLoadAsks() throws {
        let before = try dump()
        let refused = try run(["revert-load", "1"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("standard input is not a terminal") && refused.stderr.contains("--yes"), "\(refused.stderr)")
        let script = try #require(["/usr/bin/script", "/bin/script"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                  "util-linux script is not installed")
        var environment = ProcessInfo.processInfo.environment
        environment["PIEREDZE_DB"] = db
        let declined = try CLITests.spawn(URL(fileURLWithPath: script), ["-qec", "'\(CLITests.binary.path)' revert-load 1", "/dev/null"],
                                          in: directory, environment: environment, stdin: "n\n")
        #expect(declined.status == 1)
        #expect(declined.stdout.contains("revert #1 (load, 14 new)"), "\(declined.stdout)")
        #expect(declined.stdout.contains("nothing was changed"))
        #expect(try dump() == before)
    }

    @Test("a failed load writes no version and no journal entry")
    func failedLoadWritesNoHistory() throws {
        let historyBefore = try run(["history", Self.noteID]).stdout
        let loadsBefore = try run(["loads"]).stdout
        let file = try changedNotes("bad.jsonl", [(Self.noteID, ["summary": "Maiņa, kas nepaliks."]), ("slikta", ["kind": "nav-tads"])])
        let load = try run(["load", file])
        #expect(load.status == 1, "\(load.stdout)")
        #expect(try run(["history", Self.noteID]).stdout == historyBefore)
        #expect(try run(["loads"]).stdout == loadsBefore)
        let dry = try changedNotes("dry.jsonl", [(Self.noteID, ["summary": "Tikai pārbaude."])])
        #expect(try run(["load", "--dry-run", dry]).status == 0)
        #expect(try run(["loads"]).stdout == loadsBefore)
    }
}
