import Foundation
import HummingbirdTesting
import PieredzeServer
import Testing

/// The results page in a real browser: headless Chromium loads it from the running server and
/// dumps the DOM it built. `make test` installs Chromium (Debian's `chromium`).
@Suite struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func chromiumRunsOneRealSearch() async throws {
        let chromium = try #require(Self.chromium, "chromium is missing: `make test` installs it (apt-get install chromium)")
        let fixture = try ServerFixture()
        let dom = try await fixture.withServer { client in
            let port = try #require(client.port)
            return try await Self.dumpDOM(chromium, url: "http://127.0.0.1:\(port)/search?q=lob%C4%93%C5%A1ana&country=KG&lang=lv",
                                          scratch: fixture.directory)
        }
        // Latvian as asked in the address (the browser's own Accept-Language says otherwise).
        #expect(dom.contains("<html lang=\"lv\">"))
        // The expected results, by title, as the browser parsed them.
        #expect(dom.contains("Kirgizstānas Pašvaldību savienībai ir ierobežotas iespējas lobēt pašvaldību intereses"))
        #expect(dom.contains("<mark>"))
        #expect(dom.contains("id=\"result-count\""))
        #expect(dom.contains("class=\"facets\""))
        #expect(!dom.contains("Nekas netika atrasts"))
    }

    /// `chromium --headless --dump-dom URL`, its output through a file (a DOM can outgrow a pipe's buffer).
    static func dumpDOM(_ chromium: String, url: String, scratch: URL) async throws -> String {
        let output = scratch.appendingPathComponent("dom-\(UUID().uuidString).html")
        try Data().write(to: output)
        let handle = try FileHandle(forWritingTo: output)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                             "--user-data-dir=" + scratch.appendingPathComponent("chromium-profile").path, "--dump-dom", url]
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        try handle.close()
        #expect(status == 0)
        return try String(contentsOf: output, encoding: .utf8)
    }
}
