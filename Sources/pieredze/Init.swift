import ArgumentParser
import PieredzeKit

extension Pieredze {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create the database (if needed) and apply every migration.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let knowledgeBase = try database.open(.create)
            let count = try knowledgeBase.migrationStatus().count
            print("\(database.path): ready, \(count) migration(s) applied")
        }
    }
}
