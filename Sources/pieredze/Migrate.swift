import ArgumentParser
import PieredzeKit

extension Pieredze {
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Apply pending migrations, or show them with --status.",
            discussion: """
                Migrations are compiled into the binary from migrations/NNNN_description.sql. Each runs in \
                its own transaction with its record in schema_migrations. A database with an edited \
                migration or with migrations from a newer Pieredze is refused and left untouched. \
                Without --status a missing database is created, as `pieredze init` does.
                """)

        @OptionGroup var database: DatabaseOptions

        @Flag(help: "List every migration as applied or pending, with its checksum; change nothing.")
        var status = false

        func run() throws {
            if status {
                for entry in try KnowledgeBase.migrationStatus(path: database.path) {
                    let state = entry.appliedAt.map { "applied \($0)" } ?? "pending"
                    print("\(entry.fileName)  \(entry.sha256.prefix(16))  \(state)")
                }
                return
            }
            let knowledgeBase = try database.open(.create)
            if knowledgeBase.appliedMigrations.isEmpty {
                print("up to date (\(try KnowledgeBase.migrationCount()) migrations)")
            } else {
                for fileName in knowledgeBase.appliedMigrations { print("applied \(fileName)") }
            }
        }
    }
}
