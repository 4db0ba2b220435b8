import Foundation
import PieredzeKit
import PieredzeStorage

/// A temporary directory removed when the value is released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pieredze-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    var path: String { url.path }

    /// Writes `text` to `name` inside the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }
}

/// A fresh knowledge base in a temporary directory.
struct TestKnowledgeBase {
    let directory: TemporaryDirectory
    let knowledgeBase: KnowledgeBase

    init() throws {
        directory = try TemporaryDirectory()
        knowledgeBase = try KnowledgeBase(path: directory.url.appendingPathComponent("test.db").path, access: .create)
    }

    var connection: Connection { knowledgeBase.connection }
    var store: NoteStore { NoteStore(connection: connection) }

    @discardableResult
    func load(_ paths: [String], dryRun: Bool = false, strategy: NoteLoader.IndexStrategy? = nil) throws -> NoteLoader.Summary {
        var options = NoteLoader.Options(dryRun: dryRun)
        options.indexStrategy = strategy
        return try NoteLoader(connection: connection).load(paths.map { .path($0) }, options: options)
    }

    /// The problems of a load that must fail; [] when it succeeds. Any other error is rethrown,
    /// so it fails the test instead of passing for a problem.
    func problems(_ paths: [String]) throws -> [LoadProblem] {
        do {
            try load(paths)
            return []
        } catch let failure as LoadFailure {
            return failure.problems
        }
    }

    func count(_ table: String) throws -> Int {
        try connection.scalar("SELECT count(*) FROM \(table)", as: Int.self) ?? -1
    }

    func ftsProblems() throws -> [String] { try IntegrityCheck.run(connection) }
}

/// The package's directory, found from this file's path.
let packageDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let seedsDirectory = packageDirectory.appendingPathComponent("seeds").path

/// A small valid Markdown note.
func markdownNote(id: String = "test-note", title: String = "Pašvaldību reforma Latvijā", extra: String = "", body: String = "Ievads.") -> String {
    """
    ---
    id: \(id)
    title: "\(title)"
    kind: lesson
    topics: [pasvaldibu-apvienosana]
    country: Latvija
    occurred: 2009-07
    tags: [reforma, novadi]
    organizations:
      - name: Latvijas Pašvaldību savienība
        country: LV
    people:
      - name: Gints Kaminskis
        role: LPS priekšsēdis
        organization: Latvijas Pašvaldību savienība
    source: "LPS raksts"
    \(extra)
    ---

    \(body)

    ## Konteksts

    Novadu apvienošana pašvaldību reformā.

    ## Mācība

    Pašvaldībām vajag laiku.

    ## Ieteikumi

    - Plānot apspriešanu.
    """
}
