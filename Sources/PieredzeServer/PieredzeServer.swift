import Dispatch
import Foundation
import Hummingbird
import Logging
import PieredzeKit
import ServiceLifecycle

/// How `pieredze serve` runs: which database, where it listens, whether it accepts writes.
public struct ServerOptions: Sendable {
    /// The database file (it must exist and have the current schema).
    public var databasePath: String
    /// The address to listen on; loopback unless the user says otherwise.
    public var host: String
    /// The TCP port; 0 picks a free one (tests).
    public var port: Int
    /// Serve `/new`, `/notes/{id}/edit` and `/upload` (POST with a CSRF token).
    public var allowWrites: Bool
    /// The largest request body a write accepts, in bytes.
    public var maximumUploadBytes: Int

    public init(databasePath: String, host: String = "127.0.0.1", port: Int = 8080, allowWrites: Bool = false,
                maximumUploadBytes: Int = 8 << 20) {
        self.databasePath = databasePath
        self.host = host
        self.port = port
        self.allowWrites = allowWrites
        self.maximumUploadBytes = maximumUploadBytes
    }
}

/// The knowledge base as a web site and a JSON API (`pieredze serve`), on Hummingbird.
public enum PieredzeServer {
    /// The application, ready to run (as a service, or under `HummingbirdTesting`). Throws
    /// `KnowledgeBaseError` when the database is missing or not current, before listening.
    public static func application(_ options: ServerOptions, logger: Logger? = nil) throws -> some ApplicationProtocol {
        var logger = logger ?? Logger(label: "pieredze.serve")
        if logger.logLevel > .info, ProcessInfo.processInfo.environment["LOG_LEVEL"] == nil { logger.logLevel = .info }
        let site = try Site(options: options, logger: logger)
        let startLogger = logger
        return Application(
            router: site.router(),
            configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port),
                                                    serverName: nil),
            onServerRunning: { channel in
                startLogger.info("Pieredze is at http://\(options.host):\(channel.localAddress?.port ?? options.port)/ (Ctrl-C stops it)")
            },
            logger: logger)
    }

    /// Runs until SIGINT or SIGTERM, then finishes the requests under way and returns.
    public static func run(_ options: ServerOptions) async throws {
        try await application(options).runService()
    }

    /// `run` for a synchronous caller (the CLI's `main` is synchronous): blocks this thread.
    public static func runBlocking(_ options: ServerOptions) throws {
        let app = try application(options)
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { try await app.runService() } catch { outcome.set(error) }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }

    /// The error a detached run ended with, handed back to the blocked thread.
    private final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: (any Error)?
        func set(_ error: any Error) { lock.withLock { stored = error } }
        var error: (any Error)? { lock.withLock { stored } }
    }
}
