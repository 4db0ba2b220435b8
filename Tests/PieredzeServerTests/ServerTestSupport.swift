import Foundation
import Hummingbird
import HummingbirdTesting
import PieredzeKit
import PieredzeServer
import Testing

/// The package's directory, found from this file's path.
let packageDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let seedsDirectory = packageDirectory.appendingPathComponent("seeds").path

/// The hostile strings every text field of the XSS note carries.
let scriptPayload = "<script>alert(1)</script>"
let attributePayload = "\"><img src=x onerror=alert(1)>"

/// A knowledge base in a temporary directory: the seeds, plus optionally a note whose every
/// text field carries script payloads. Removed when released.
final class ServerFixture: @unchecked Sendable {
    let directory: URL
    let databasePath: String

    init(withHostileNote: Bool = false) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pieredze-server-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        databasePath = directory.appendingPathComponent("test.db").path
        let knowledgeBase = try KnowledgeBase(path: databasePath, access: .create)
        var inputs: [NoteLoader.Input] = [.path(seedsDirectory)]
        if withHostileNote { inputs.append(.path(try writeHostileNote())) }
        _ = try NoteLoader(connection: knowledgeBase.connection).load(inputs)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// A JSONL file with one note whose title, summary, lesson, context, tags, organization,
    /// person and source carry both payloads (the loader itself refuses a `javascript:` source URL;
    /// the lesson's Markdown carries a `javascript:` link instead).
    private func writeHostileNote() throws -> String {
        let both = scriptPayload + " " + attributePayload
        let note: [String: Any] = [
            "id": "hostile-note", "title": "Reforma " + both, "summary": "Kopsavilkums " + both,
            "lesson": "Mācība " + both + "\n\n[klikšķis](javascript:alert(1)) un <b onmouseover=alert(1)>x</b>",
            "context": "Konteksts " + both, "recommendation": "Ieteikums " + both, "body": "Teksts " + both,
            "kind": "lesson", "topics": ["laba-parvaldiba"], "country": "LV", "occurred": "2020",
            "tags": ["birka " + both], "organizations": [["name": "Org " + both]],
            "people": [["name": "Persona " + both, "role": "loma " + both]],
            "source": ["title": "Avots " + both, "url": "https://example.org/?q=\"><script>alert(1)</script>",
                       "publisher": "Izdevējs " + both],
        ]
        let data = try JSONSerialization.data(withJSONObject: note, options: [.sortedKeys])
        let path = directory.appendingPathComponent("hostile.jsonl").path
        try (String(decoding: data, as: UTF8.self) + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func options(allowWrites: Bool = false) -> ServerOptions {
        ServerOptions(databasePath: databasePath, host: "127.0.0.1", port: 0, allowWrites: allowWrites)
    }

    /// Runs `test` against the server started on an ephemeral port, over real HTTP.
    func withServer<Value: Sendable>(allowWrites: Bool = false,
                                     _ test: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let app = try PieredzeServer.application(options(allowWrites: allowWrites))
        return try await app.test(.live) { client in try await test(client) }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

/// GET `uri` and return status, headers and body text.
func get(_ client: any TestClientProtocol, _ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
    try await client.execute(uri: uri, method: .get, headers: headers) { $0 }
}

/// The `href` values in `html` (entity-decoded for `&amp;`), in order.
func links(in html: String) -> [String] {
    var result: [String] = []
    var rest = html[...]
    while let start = rest.range(of: "href=\"") {
        rest = rest[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { break }
        result.append(rest[..<end].replacingOccurrences(of: "&amp;", with: "&"))
        rest = rest[end...]
    }
    return result
}

/// How many search hits a results page lists.
func hitCount(_ html: String) -> Int {
    html.components(separatedBy: "<li class=\"hit\">").count - 1
}

/// The number in the page's result count ("14 piezīmes").
func resultCount(_ html: String) -> Int? {
    guard let range = html.range(of: "<span id=\"result-count\">") else { return nil }
    return Int(html[range.upperBound...].prefix { $0.isNumber })
}
