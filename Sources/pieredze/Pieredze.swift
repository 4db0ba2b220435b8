import ArgumentParser
import Foundation
import PieredzeKit

/// The `pieredze` command line: one small type a subcommand (nested here, one a file), each
/// parsing its arguments and calling `KnowledgeBase` and PieredzeKit's output renderers.
@main
struct Pieredze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pieredze",
        abstract: "A knowledge base of municipal reform experience, on SQLite.",
        discussion: "The database is --db, else $PIEREDZE_DB, else ~/.local/share/pieredze/pieredze.db.",
        version: PieredzeVersion.current,
        subcommands: [Init.self, Migrate.self, Load.self, Search.self, Report.self, Show.self, List.self, Topics.self,
                      Delete.self, Check.self, Dump.self, Analyze.self, ThesaurusCommand.self, Serve.self,
                      History.self, Restore.self, Deleted.self, Loads.self, RevertLoad.self,
                      New.self, Edit.self]
    )

    /// Runs the command. Bad usage exits with 2 (the search's contract, kept for every command),
    /// a failure with 1, and a command's own exit code as it is.
    static func main() {
        refuseUnknownSubcommand(Array(CommandLine.arguments.dropFirst()))
        let command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exitForUsage(fullMessage(for: error), error: error)
        }
        do {
            var command = command
            try command.run()
        } catch let error as ValidationError {
            let name = type(of: command).configuration.commandName ?? "\(type(of: command))".lowercased()
            printError("Error: \(error.message)\nSee 'pieredze \(name) --help'.")
            Foundation.exit(2)
        } catch {
            // SQLite's own errors become sentences about the database (busy, read-only,
            // damaged), never the statement that failed.
            if let sentence = KnowledgeBaseError(mapping: error, path: databasePath(of: command)) {
                printError("Error: \(sentence)")
                Foundation.exit(1)
            }
            exit(withError: error)
        }
    }

    /// The subcommands' names, as typed.
    static var subcommandNames: [String] {
        configuration.subcommands.compactMap { $0.configuration.commandName }
    }

    /// An unknown first word (`pieredze serch`) exits 2 with "did you mean 'search'?" (edit
    /// distance over the subcommand names, `NearestNames`) and the list of commands, where
    /// ArgumentParser would only say "unexpected argument".
    private static func refuseUnknownSubcommand(_ arguments: [String]) {
        guard let word = arguments.first, !word.hasPrefix("-"), word != "help", !subcommandNames.contains(word) else { return }
        let shown = VisibleText.escaping(word, lines: .flatten)
        var message = "Error: unknown command '\(shown)'"
        let nearest = NearestNames.suggest(word, among: subcommandNames)
        if !nearest.isEmpty { message += "; did you mean " + nearest.map { "'\($0)'" }.joined(separator: " or ") + "?" }
        message += "\nCommands: \(subcommandNames.joined(separator: ", ")).\nSee 'pieredze --help'."
        printError(message)
        Foundation.exit(2)
    }

    /// The database `command` works on: its `--db` option, else the default.
    private static func databasePath(of command: ParsableCommand) -> String {
        for child in Mirror(reflecting: command).children {
            if let options = child.value as? OptionGroup<DatabaseOptions> { return options.wrappedValue.path }
        }
        return KnowledgeBase.defaultPath()
    }

    /// Help and version requests exit 0 as ArgumentParser does; real usage errors exit 2.
    private static func exitForUsage(_ message: String, error: Error) -> Never {
        let code = exitCode(for: error)
        guard code != .success else { exit(withError: error) }
        printError(message)
        Foundation.exit(2)
    }
}

/// Writes `message` and a newline to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
