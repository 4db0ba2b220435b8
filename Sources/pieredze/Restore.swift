import ArgumentParser
import PieredzeKit

extension Pieredze {
    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Bring back a version of a note, also of a deleted one.",
            discussion: """
                Without --version: the version before the newest, which for a deleted note is the note as it was \
                deleted. The restore is itself a change: `pieredze history ID` lists it, and it can be undone.
                """)

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The note's id.")
        var id: String

        @Option(help: ArgumentHelp("The version to bring back (`pieredze history ID` lists them).", valueName: "N"))
        var version: Int?

        func run() throws {
            let knowledgeBase = try database.open(.write)
            let shownID = VisibleText.escaping(id, lines: .flatten)
            guard let result = try knowledgeBase.restore(id: id, version: version) else {
                print("\(shownID) already is \(version.map { "version \($0)" } ?? "that version"); nothing changed")
                return
            }
            print("restored \(shownID) to version \(result.version)\(result.undeleted ? " (it was deleted)" : "") as \(result.entry.name);"
                  + " `pieredze history \(shownID)` lists its versions")
        }
    }
}
