import ArgumentParser
import PieredzeKit

extension Pieredze {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check the database: integrity, foreign keys and the full-text index.",
            discussion: """
                Prints ok, or every problem and exits with 1. A schema changed outside Pieredze (which every other command \
                refuses) is listed instead, and then nothing else is checked, as that would run its SQL. A busy database is not \
                a broken one: it says so, without advice to rebuild; at a read-only location the full-text index (whose check \
                writes) is left out, and the output says so. The sqlite3 shell cannot \
                check the index: it lacks the latvian tokenizer.
                """)

        @OptionGroup var database: DatabaseOptions

        @Flag(help: "Rebuild the full-text index from the notes before checking.")
        var repair = false

        func run() throws {
            let knowledgeBase = try database.open(repair ? .write : .check)
            if repair { try knowledgeBase.rebuildIndex() }
            let problems = try knowledgeBase.problems()
            guard problems.isEmpty else {
                problems.forEach { print($0) }
                throw ExitCode(1)
            }
            // At a read-only location the index could not be checked: say so rather than a bare ok.
            print(knowledgeBase.isReadOnlyLocation
                  ? "ok, but the full-text index was not checked: read-only location: \(database.path) (its check writes)"
                  : "ok")
        }
    }
}
