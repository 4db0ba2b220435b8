import ArgumentParser
import PieredzeKit

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the database (if needed) and apply every migration.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let knowledgeBase = try database.open(.create)
        let count = try Schema.migrator().status(of: knowledgeBase.connection).count
        print("\(database.path): ready, \(count) migration(s) applied")
    }
}
