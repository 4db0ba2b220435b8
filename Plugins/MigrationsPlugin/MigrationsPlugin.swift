import Foundation
import PackagePlugin

/// Compiles `migrations/*.sql`, and the starter thesaurus `seeds/thesaurus.yaml` that migration
/// 0004 imports, into the target as Swift source, so that those files stay the single source of
/// truth and the installed binary needs no files beside it.
@main
struct MigrationsPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let directory = context.package.directoryURL.appending(path: "migrations")
        let files = try FileManager.default
            .contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let starterThesaurus = context.package.directoryURL.appending(path: "seeds/thesaurus.yaml")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrations.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) migrations and the starter thesaurus",
                executable: try context.tool(named: "EmbedMigrations").url,
                arguments: [output.path] + files.map(\.path) + [starterThesaurus.path],
                inputFiles: files + [starterThesaurus],
                outputFiles: [output]
            )
        ]
    }
}
