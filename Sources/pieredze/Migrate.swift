import ArgumentParser
import PieredzeKit
import PieredzeStorage

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending migrations, or show them with --status.",
        discussion: """
            Migrations are compiled into the binary from migrations/NNNN_description.sql. Each runs in \
            its own transaction with its record in schema_migrations. A database with an edited \
            migration or with migrations from a newer Pieredze is refused and left untouched.
            """)

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "List every migration as applied or pending, with its checksum; change nothing.")
    var status = false

    func run() throws {
        let migrator = try Schema.migrator()
        if status {
            let connection = try Connection(path: database.path, mode: .readOnly, configuration: KnowledgeBase.connectionConfiguration())
            for entry in try migrator.status(of: connection) {
                let state = entry.appliedAt.map { "applied \($0)" } ?? "pending"
                print("\(entry.migration.fileName)  \(entry.migration.sha256.prefix(16))  \(state)")
            }
            return
        }
        let connection = try Connection(path: database.path, mode: .readWriteCreate, configuration: KnowledgeBase.connectionConfiguration())
        let applied = try migrator.migrate(connection)
        if applied.isEmpty {
            print("up to date (\(migrator.migrations.count) migrations)")
        } else {
            for migration in applied { print("applied \(migration.fileName)") }
        }
    }
}
