import ArgumentParser
import PieredzeServer

extension Pieredze {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve the knowledge base as web pages and a JSON API (Ctrl-C stops it).",
            discussion: "Open http://127.0.0.1:8080/ in a browser. Read-only unless --allow-writes.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The address to listen on (another machine can connect only if this is not 127.0.0.1).")
        var host = "127.0.0.1"
        @Option(help: "The TCP port.")
        var port = 8080
        @Flag(help: "Allow adding and editing notes in the browser (/new, /upload).")
        var allowWrites = false

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        }

        func run() throws {
            try PieredzeServer.runBlocking(ServerOptions(databasePath: database.path, host: host, port: port, allowWrites: allowWrites))
        }
    }
}
