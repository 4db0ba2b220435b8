import ArgumentParser

@main
struct Pieredze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pieredze",
        abstract: "A knowledge base of municipal reform experience, on SQLite.",
        subcommands: [Init.self, Migrate.self, Load.self, Show.self, List.self, Topics.self, Delete.self, Check.self, Dump.self, Analyze.self]
    )
}
