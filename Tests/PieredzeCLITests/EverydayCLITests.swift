import Foundation
import PieredzeKit
import Testing

/// Issue 13's everyday command line, end to end on the built binary: the missing database,
/// "did you mean", topics by name, `list` formats, `show` in the author's order and in Russian,
/// control characters, and wrapping on a pseudo-terminal.
extension CLITests {
    @Test("a missing default database says how to point at one and how to create one")
    func missingDatabase() throws {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "PIEREDZE_DB")
        environment["XDG_DATA_HOME"] = directory.appendingPathComponent("empty-data-home").path
        let result = try Self.spawn(Self.binary, ["list"], in: directory, environment: environment)
        #expect(result.status == 1)
        let expectedPath = directory.appendingPathComponent("empty-data-home/pieredze/pieredze.db").path
        #expect(result.stderr.contains("no database at \(expectedPath)"), "\(result.stderr)")
        #expect(result.stderr.contains("--db PATH"))
        #expect(result.stderr.contains("PIEREDZE_DB"))
        #expect(result.stderr.contains("pieredze init"))
        #expect(!FileManager.default.fileExists(atPath: expectedPath))
    }

    @Test("new refuses a database that does not exist instead of creating one for the note")
    func newNeedsAnExistingDatabase() throws {
        let missing = directory.appendingPathComponent("typo.db").path
        var environment = ProcessInfo.processInfo.environment
        environment["EDITOR"] = "true"
        let result = try Self.spawn(Self.binary, ["new", "--db", missing, "--title", "Jauna"], in: directory, environment: environment)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("no database at \(missing)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test("an unknown subcommand exits 2 with the nearest command names")
    func unknownSubcommand() throws {
        let typo = try run(["serch", "reforma"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("unknown command 'serch'; did you mean 'search'?"), "\(typo.stderr)")
        #expect(typo.stderr.contains("Commands: init, migrate, load, search"))
        let far = try run(["zzzzzzzz"])
        #expect(far.status == 2)
        #expect(far.stderr.contains("unknown command 'zzzzzzzz'") && !far.stderr.contains("did you mean"))
        #expect(try run(["help"]).status == 0)
        #expect(try run(["--version"]).status == 0)
    }

    @Test("an unknown topic gets did-you-mean; a display name works wherever a slug does")
    func topicsByName() throws {
        try loadSeeds()
        for command in [["list"], ["report"], ["search", "vizīte"]] {
            let typo = try run(command + ["--topic", "macibu-vizties"])
            #expect(typo.status == 2, "\(command)")
            #expect(typo.stderr.contains("did you mean macibu-vizites (Mācību vizītes)?"), "\(command): \(typo.stderr)")
        }
        let bySlug = try run(["list", "--format", "ids", "--topic", "macibu-vizites"])
        #expect(bySlug.status == 0 && !bySlug.stdout.isEmpty)
        for name in ["Mācību vizītes", "macibu vizites", "Study visits"] {
            #expect(try run(["list", "--format", "ids", "--topic", name]).stdout == bySlug.stdout, "\(name)")
        }
        let searched = try run(["search", "--format", "ids", "--topic", "Mācību vizītes", "vizīte"])
        #expect(searched.status == 0 && !searched.stdout.isEmpty, "\(searched.stderr)")
        // new takes a name too (the template gets the slug), and a typo gets the nearest name.
        var environment = ProcessInfo.processInfo.environment
        environment["EDITOR"] = "true"
        environment["PIEREDZE_DB"] = db
        let named = try Self.spawn(Self.binary, ["new", "--topic", "Mācību vizītes"], in: directory, environment: environment)
        #expect(named.stderr.contains("cancelled"), "\(named.stderr)")
        let misspelt = try Self.spawn(Self.binary, ["new", "--topic", "macibu-vizties"], in: directory, environment: environment)
        #expect(misspelt.status == 2 && misspelt.stderr.contains("did you mean macibu-vizites (Mācību vizītes)?"), "\(misspelt.stderr)")
        let report = try run(["report", "--topic", "Mācību vizītes", "--date", "2025-01-15"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.hasPrefix("# Mācību vizītes\n"))
    }

    @Test("report -o takes its format from the file's extension; a mismatch or an unknown extension is refused")
    func reportFormatFromExtension() throws {
        try loadSeeds()
        let html = directory.appendingPathComponent("r.html").path
        let written = try run(["report", "--topic", "macibu-vizites", "-o", html])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try String(contentsOfFile: html, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        let csv = directory.appendingPathComponent("r.CSV").path
        #expect(try run(["report", "--topic", "macibu-vizites", "-o", csv]).status == 0)
        #expect(try String(contentsOfFile: csv, encoding: .utf8).contains("\"id\",\"title\",\"kind\""))
        let mismatch = try run(["report", "--topic", "macibu-vizites", "--format", "md", "-o", directory.appendingPathComponent("m.html").path])
        #expect(mismatch.status == 2 && mismatch.stderr.contains("names a .html file but --format is md"), "\(mismatch.stderr)")
        let pdf = try run(["report", "--topic", "macibu-vizites", "-o", directory.appendingPathComponent("r.pdf").path])
        #expect(pdf.status == 2 && pdf.stderr.contains("cannot tell the report's format from"), "\(pdf.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("m.html").path))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("r.pdf").path))
    }

    @Test("list: text, json, jsonl and ids agree; --limit; --since validated and applied")
    func listFormats() throws {
        try loadSeeds()
        let ids = try run(["list", "--format", "ids"]).stdout.split(separator: "\n").map(String.init)
        #expect(ids.count >= 10)
        let json = try run(["list", "--format", "json"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["id"] as? String } == ids)
        let first = try #require(array.first)
        #expect(Set(first.keys).isSubset(of: ["id", "title", "kind", "country", "occurred", "updated"]))
        #expect(first["title"] is String && first["kind"] is String && first["updated"] is String)
        // The same keys and values as show --format json.
        let shown = try #require(try JSONSerialization.jsonObject(with: Data(try run(["show", ids[0], "--format", "json"]).stdout.utf8)) as? [String: Any])
        for key in ["id", "title", "kind", "country", "occurred"] where first[key] != nil {
            #expect(first[key] as? String == shown[key] as? String, "\(key)")
        }
        let jsonl = try run(["list", "--format", "jsonl"]).stdout.split(separator: "\n")
        #expect(jsonl.count == ids.count)
        #expect(try jsonl.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.map { $0?["id"] as? String } == ids)
        let text = try run(["list"]).stdout.split(separator: "\n")
        #expect(text.map { String($0.split(separator: "\t")[0]) } == ids)
        #expect(try run(["list", "--format", "ids", "--limit", "3"]).stdout.split(separator: "\n").map(String.init) == Array(ids.prefix(3)))
        #expect(try run(["list", "--format", "ids", "--since", "2000-01-01"]).stdout.split(separator: "\n").count == ids.count)
        let future = try run(["list", "--format", "ids", "--since", "2999-12-31"])
        #expect(future.status == 0 && future.stdout.isEmpty)
        for bad in ["2026-02-30", "yesterday", "2026-1-5"] {
            let refused = try run(["list", "--since", bad])
            #expect(refused.status == 2, "\(bad)")
            #expect(refused.stderr.contains("--since must be a real day as YYYY-MM-DD"), "\(refused.stderr)")
        }
        #expect(try run(["list", "--limit", "0"]).status == 2)
    }

    @Test("show: the author's order, topics by name, the source; Latvian, English and Russian labels")
    func showOrderAndLabels() throws {
        try loadSeeds()
        let id = "lps-kps-sadarbibas-ligums-2018"
        let note = try #require(try JSONSerialization.jsonObject(with: Data(try run(["show", id, "--format", "json"]).stdout.utf8)) as? [String: Any])
        let source = try #require(note["source"] as? [String: Any])
        let labels: [(lang: String, summary: String, context: String, lesson: String, recommendation: String, topics: String, source: String)] = [
            ("lv", "Kopsavilkums", "Konteksts", "Mācība", "Ieteikumi", "Tēmas: ", "Avots: "),
            ("en", "Summary", "Context", "Lesson", "Recommendations", "Topics: ", "Source: "),
            ("ru", "Краткое содержание", "Контекст", "Урок", "Рекомендации", "Темы: ", "Источник: "),
        ]
        for label in labels {
            let shown = try run(["show", id, "--lang", label.lang])
            #expect(shown.status == 0, "\(shown.stderr)")
            let text = shown.stdout
            let positions = [label.summary, label.context, label.lesson, label.recommendation].map { heading in
                text.range(of: "\n\n\(heading)\n")?.lowerBound
            }
            #expect(positions.allSatisfy { $0 != nil }, "\(label.lang): \(text)")
            let found = positions.compactMap { $0 }
            #expect(found == found.sorted(), "\(label.lang): sections out of order")
            #expect(text.contains(label.topics) && text.contains(label.source))
            if let url = source["url"] as? String { #expect(text.contains(url)) }
            if let date = source["date"] as? String { #expect(text.contains(date)) }
        }
        let latvian = try run(["show", id]).stdout
        #expect(latvian.contains("Sadarbības līgumi (sadarbibas-ligumi)"), "\(latvian)")
        #expect(try run(["show", id, "--lang", "de"]).status == 2)
    }

    @Test("control characters in a note's fields never reach the terminal from show or list")
    func controlCharactersShownVisibly() throws {
        try loadSeeds()
        let id = "lps-kps-sadarbibas-ligums-2018"
        let escape = "char(27) || ']0;owned' || char(7) || char(27) || '[2J'"
        let update = try sqlite3("""
            UPDATE notes SET title = 'T' || \(escape), summary = 'S' || \(escape), context = 'C' || \(escape),
              lesson = 'L' || \(escape), recommendation = 'R' || \(escape), body = 'B' || \(escape),
              source_title = 'Src' || \(escape),
              source_url = 'https://x' || char(27), source_publisher = 'P' || char(8) || char(155), source_date = 'D' || char(27)
            WHERE id = '\(id)';
            UPDATE note_tags SET tag = tag || char(27) WHERE note_pk = (SELECT pk FROM notes WHERE id = '\(id)');
            UPDATE organizations SET name = name || char(27) WHERE id IN (SELECT organization_id FROM note_organizations
              WHERE note_pk = (SELECT pk FROM notes WHERE id = '\(id)'));
            """)
        #expect(update.status == 0, "\(update.stderr)")
        for lang in ["lv", "en", "ru"] {
            let shown = try run(["show", id, "--lang", lang], environment: ["COLUMNS": "40"])
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(!shown.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) },
                    "\(shown.stdout.debugDescription)")
            #expect(shown.stdout.contains("T␛]0;owned␇␛[2J"))
        }
        for format in ["text", "ids", "json", "jsonl"] {
            let listed = try run(["list", "--format", format])
            #expect(!listed.stdout.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) },
                    "\(format)")
        }
    }

    @Test("on a terminal long lines wrap at COLUMNS, in characters; piped they do not")
    func wrapsOnTerminal() throws {
        try loadSeeds()
        let script = "/usr/bin/script"
        try #require(FileManager.default.isExecutableFile(atPath: script), "util-linux's script(1) gives the pseudo-terminal")
        var environment = ProcessInfo.processInfo.environment
        environment["PIEREDZE_DB"] = db
        environment["COLUMNS"] = "40"
        environment["NO_COLOR"] = "1"
        let command = "'\(Self.binary.path)' show lps-kps-sadarbibas-ligums-2018"
        let terminal = try Self.spawn(URL(fileURLWithPath: script), ["-qec", command, "/dev/null"], in: directory, environment: environment)
        #expect(terminal.status == 0, "\(terminal.stderr)")
        let lines = terminal.stdout.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count > 20)
        // Every line fits in 40 characters unless it is one long word (a URL).
        for line in lines where line.count > 40 { #expect(!line.contains(" "), "\(line)") }
        #expect(lines.contains { $0.count > 30 }, "lines are filled, not cut short")
        let piped = try run(["show", "lps-kps-sadarbibas-ligums-2018"], environment: ["COLUMNS": "40"])
        #expect(piped.stdout.split(separator: "\n").contains { $0.count > 40 && $0.contains(" ") })
        // list on a terminal: aligned columns (the titles start in the same column).
        // (The seeds' ids are 47 characters: 100 columns leave room for the titles, cut with "…".)
        environment["COLUMNS"] = "100"
        let listCommand = "'\(Self.binary.path)' list"
        let listed = try Self.spawn(URL(fileURLWithPath: script), ["-qec", listCommand, "/dev/null"], in: directory, environment: environment)
        let rows = listed.stdout.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n")
        #expect(rows.count >= 10 && rows.allSatisfy { !$0.contains("\t") && $0.count <= 100 }, "\(rows)")
        #expect(rows.contains { $0.hasSuffix("…") })
        let ids = try run(["list", "--format", "ids"]).stdout.split(separator: "\n")
        let idWidth = ids.map(\.count).max() ?? 0
        #expect(rows.allSatisfy { $0.count > idWidth + 2 && $0[$0.index($0.startIndex, offsetBy: idWidth)] == " " })
    }
}
