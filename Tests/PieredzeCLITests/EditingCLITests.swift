import Foundation
import Testing

/// `pieredze new` and `pieredze edit` end to end, with the editor a shell script (`EDITOR`) that
/// changes the draft with sed; the canonical Markdown round trip of every seed note; the
/// near-duplicate warning of `load`.
@Suite("pieredze new, edit and canonical Markdown", .serialized)
final class EditingCLITests {
    let scratch: ScratchDirectory
    var directory: URL { scratch.url }
    var db: String { scratch.db }

    init() throws {
        scratch = try ScratchDirectory("pieredze-edit-cli")
        let load = try run(["load", CLITests.seeds])
        #expect(load.status == 0, "\(load.stderr)")
    }

    var drafts: String { directory.appendingPathComponent("drafts").path }
    var counter: String { directory.appendingPathComponent("rounds").path }

    /// Runs `pieredze ARGS` with standard input a pipe (no terminal) and `editor` as `$EDITOR`.
    @discardableResult
    func run(_ arguments: [String], editor: String? = nil) throws -> CLITests.Result {
        try CLITests.spawn(CLITests.binary, arguments, in: directory, environment: environment(editor: editor))
    }

    /// Runs `pieredze ARGS` on a terminal: under `script`, which gives it a pseudo-terminal as
    /// standard input (its output, both streams, comes back in `stdout`).
    func runOnTerminal(_ arguments: [String], editor: String) throws -> CLITests.Result {
        let command = ([CLITests.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try CLITests.spawn(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], in: directory,
                                  environment: environment(editor: editor))
    }

    func environment(editor: String?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PIEREDZE_DB"] = db
        environment["NO_COLOR"] = "1"
        environment["VISUAL"] = ""
        environment["EDITOR"] = editor ?? "false"
        return environment
    }

    /// An executable shell script: counts its runs in `counter`, keeps a copy of the draft it was
    /// opened on as `roundN.md`, then runs `body` (with `$1` the draft and `$n` the run).
    func editor(_ body: String) throws -> String {
        let path = directory.appendingPathComponent("editor-\(UUID().uuidString).sh").path
        let script = """
            #!/bin/sh
            n=$(cat '\(counter)' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '\(counter)'
            cp "$1" '\(directory.path)'/round$n.md
            \(body)

            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    func rounds() -> Int { Int((try? String(contentsOfFile: counter, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "0") ?? 0 }
    func round(_ number: Int) throws -> String { try String(contentsOfFile: directory.appendingPathComponent("round\(number).md").path, encoding: .utf8) }
    func draftFiles() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: drafts)) ?? [] }
    func dump() throws -> String { try run(["dump", "--format", "jsonl", "-"]).stdout }

    @Test("new: the template lists topics, kinds and countries; the filled draft is loaded and its id printed")
    func newFromTemplate() throws {
        let editor = try editor("""
            sed -i 's/^title: ""/title: "Mācību vizīte: ko darīt citreiz"/; s/^country:$/country: KG/; \
            s/^## Mācība$/## Mācība\\n\\nPartneri jāiesaista programmas veidošanā./' "$1"
            """)
        let result = try run(["new", "--topic", "macibu-vizites"], editor: editor)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "macibu-vizite-ko-darit-citreiz\n")
        let template = try round(1)
        #expect(template.hasPrefix("---\n# New note"))
        #expect(template.contains("#     macibu-vizites — Mācību vizītes"))
        #expect(template.contains("# kind: lesson | good-practice | observation | event"))
        #expect(template.contains("KG Kirgizstāna"))
        #expect(template.contains("\ntopics: [macibu-vizites]\n"))
        #expect(template.contains("\nstatus: draft\n"))
        let shown = try run(["show", "macibu-vizite-ko-darit-citreiz", "--format", "md"]).stdout
        #expect(shown.contains("title: \"Mācību vizīte: ko darīt citreiz\"\n"))
        #expect(shown.contains("country: KG\n"))
        #expect(shown.contains("\n## Mācība\n\nPartneri jāiesaista programmas veidošanā.\n"))
        #expect(draftFiles().isEmpty)
    }

    @Test("new --from: the article's first line is the title, the rest the body, status draft")
    func newFromArticle() throws {
        let article = directory.appendingPathComponent("raksts.txt")
        try "\n  LPS pieredze Kirgizstānā  \n\nPirmā rindkopa par vizīti.\r\n\r\nOtrā rindkopa.\n".write(to: article, atomically: true, encoding: .utf8)
        let result = try run(["new", "--from", article.path], editor: try editor("true"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "lps-pieredze-kirgizstana\n")
        let shown = try run(["show", "lps-pieredze-kirgizstana", "--format", "md"]).stdout
        #expect(shown == """
            ---
            id: lps-pieredze-kirgizstana
            title: "LPS pieredze Kirgizstānā"
            kind: lesson
            status: draft
            language: lv
            ---

            Pirmā rindkopa par vizīti.

            Otrā rindkopa.

            """)
    }

    @Test("new on a terminal: a failed check reopens the draft with the problems on top; the fix loads")
    func reopenAndFix() throws {
        let editor = try editor("""
            if [ $n = 1 ]; then sed -i 's/^title: ""/title: "Vizīte uz Biškeku"/; s/^topics: \\[\\]/topics: [nav-tadas]/' "$1"
            else sed -i 's/nav-tadas/macibu-vizites/' "$1"; fi
            """)
        let result = try runOnTerminal(["new"], editor: editor)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(rounds() == 2)
        let second = try round(2)
        let lines = second.components(separatedBy: "\n")
        #expect(lines[1].hasPrefix("# >>> pieredze found problems"))
        // The problem names the line where the user sees the field, block included.
        let problem = try #require(lines.first { $0.hasPrefix("# line ") })
        let number = try #require(Int(problem.dropFirst("# line ".count).prefix { $0.isNumber }))
        #expect(lines[number - 1] == "topics: [nav-tadas]")
        #expect(problem.contains("topics: unknown topic 'nav-tadas'"))
        #expect(try run(["show", "vizite-uz-biskeku", "--format", "json"]).stdout.contains("macibu-vizites"))
        #expect(draftFiles().isEmpty)
    }

    @Test("new on a terminal with an editor that repeats the same mistake: reopened once, then stops and keeps the draft")
    func boundedLoop() throws {
        let before = try dump()
        let result = try runOnTerminal(["new"], editor: try editor("sed -i 's/^occurred:$/occurred: 2018-13/' \"$1\""))
        #expect(result.status == 1)
        #expect(rounds() == 2)
        #expect(result.stdout.contains("title: empty; every note needs a title"))
        #expect(result.stdout.contains("saved unchanged; nothing loaded"))
        #expect(draftFiles().count == 1)
        #expect(try dump() == before)
    }

    @Test("new without a terminal: the problems are printed, nothing loaded, the draft kept with the user's text")
    func noTerminal() throws {
        let before = try dump()
        let editor = try editor("sed -i 's/^title: \"\"/title: \"Bez termināļa\"/; s/^occurred:$/occurred: 2018-13/' \"$1\"")
        let result = try run(["new"], editor: editor)
        #expect(result.status == 1)
        #expect(rounds() == 1)
        #expect(result.stderr.contains("occurred: "), "\(result.stderr)")
        #expect(result.stderr.contains("no terminal"))
        let name = try #require(draftFiles().first)
        let draft = (drafts as NSString).appendingPathComponent(name)
        #expect(result.stderr.contains("The draft is kept at \(draft)"))
        #expect(result.stderr.contains("\(draft):"))
        let kept = try String(contentsOfFile: draft, encoding: .utf8)
        #expect(kept.contains("title: \"Bez termināļa\"") && kept.contains("occurred: 2018-13"))
        #expect(try dump() == before)
        // The draft fixed by hand loads as any note file.
        try kept.replacingOccurrences(of: "2018-13", with: "2018-12").write(toFile: draft, atomically: true, encoding: .utf8)
        #expect(try run(["load", draft]).status == 0)
        #expect(try run(["show", "bez-terminala"]).status == 0)
    }

    @Test("new: an empty file cancels; an existing note's title is refused")
    func cancelAndTaken() throws {
        let before = try dump()
        let emptied = try run(["new", "--title", "Atcelta"], editor: try editor(": > \"$1\""))
        #expect(emptied.status == 1)
        #expect(emptied.stderr.contains("saved empty: cancelled"))
        #expect(try dump() == before)
        let failed = try run(["new", "--title", "Neizdevās"], editor: "false")
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("the editor (false) exited with status 1; nothing loaded"), "\(failed.stderr)")
        let missing = try run(["new", "--title", "Neizdevās"], editor: "nav-tada-redaktora")
        #expect(missing.stderr.contains("could not be started; set EDITOR"), "\(missing.stderr)")
        #expect(try dump() == before)
        #expect(draftFiles().count == 3)
        // A template closed without a change is a cancel, not a note with a title only.
        let closed = try run(["new", "--title", "Tukša"], editor: "true")
        #expect(closed.status == 1 && closed.stderr.contains("closed without changes: cancelled, no note added"), "\(closed.stderr)")
        #expect(try dump() == before)
        #expect(draftFiles().count == 3)
        // A template with a title and a summary is a note; the same title again is refused.
        let summary = try editor("sed -i 's/^summary: .*/summary: \"Īsi.\"/' \"$1\"")
        let first = try run(["new", "--title", "Divreiz"], editor: summary)
        #expect(first.stdout == "divreiz\n", "\(first.stderr)")
        let loaded = try dump()
        let taken = try run(["new", "--title", "Divreiz"], editor: summary)
        #expect(taken.status == 1)
        #expect(taken.stderr.contains("title: a note with the id 'divreiz' already exists"), "\(taken.stderr)")
        #expect(try dump() == loaded)
    }

    @Test("edit with no change writes nothing and says so")
    func editNoChange() throws {
        let before = try dump()
        let dates = try run(["show", "lps-kps-sadarbibas-ligums-2018", "--format", "json"]).stdout
        let result = try run(["edit", "lps-kps-sadarbibas-ligums-2018"], editor: try editor("true"))
        #expect(result.status == 0)
        #expect(result.stdout == "no change; nothing written\n")
        #expect(try dump() == before)
        #expect(try run(["show", "lps-kps-sadarbibas-ligums-2018", "--format", "json"]).stdout == dates)
        #expect(draftFiles().isEmpty)
        // The draft it opened is the canonical Markdown, the seed file byte for byte.
        #expect(try round(1) == String(contentsOfFile: CLITests.seeds + "/lps-kps-sadarbibas-ligums-2018.md", encoding: .utf8))
    }

    @Test("edit that changes the title keeps the id")
    func editTitleKeepsID() throws {
        let editor = try editor("sed -i 's/^title: .*/title: \"Sadarbības līgums ar KPS\"/' \"$1\"")
        let result = try run(["edit", "lps-kps-sadarbibas-ligums-2018"], editor: editor)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "updated lps-kps-sadarbibas-ligums-2018\n")
        #expect(try run(["show", "lps-kps-sadarbibas-ligums-2018", "--format", "md"]).stdout
                    .contains("\ntitle: \"Sadarbības līgums ar KPS\"\n"))
        #expect(try dump().split(separator: "\n").count == 14)
        #expect(!result.stderr.contains("looks like"))
        // The journal names the command, and the edit can be taken back like a load.
        let loads = try run(["loads"])
        #expect(loads.stdout.contains("  edit  "), "\(loads.stdout)")
        #expect(try run(["history", "lps-kps-sadarbibas-ligums-2018"]).stdout.contains(" edit #"))
    }

    @Test("edit: removing the id is a problem, not a second note")
    func editWithoutID() throws {
        let before = try dump()
        let result = try run(["edit", "lps-kps-sadarbibas-ligums-2018"], editor: try editor("sed -i '/^id:/d' \"$1\""))
        #expect(result.status == 1)
        #expect(result.stderr.contains("id: missing; expected `id: lps-kps-sadarbibas-ligums-2018`"), "\(result.stderr)")
        #expect(try dump() == before)
    }

    @Test("every seed note: show --format md is its seed file byte for byte, and loading it changes nothing")
    func canonicalRoundTrip() throws {
        let seeds = try FileManager.default.contentsOfDirectory(atPath: CLITests.seeds).filter { $0.hasSuffix(".md") }.sorted()
        #expect(seeds.count == 14)
        let before = try dump()
        for name in seeds {
            let id = String(name.dropLast(3))
            let shown = try run(["show", id, "--format", "md"])
            #expect(shown.status == 0)
            let seed = try String(contentsOfFile: CLITests.seeds + "/" + name, encoding: .utf8)
            #expect(shown.stdout == seed, "\(name) differs from show --format md")
            let file = directory.appendingPathComponent(name).path
            try shown.stdout.write(toFile: file, atomically: true, encoding: .utf8)
            let load = try run(["load", file])
            #expect(load.stdout.hasPrefix("loaded 1 notes: 0 new, 0 updated, 1 unchanged"), "\(name): \(load.stdout)")
            #expect(load.stderr.isEmpty, "\(name): \(load.stderr)")
        }
        #expect(try dump() == before)
        // dump --format md writes the same files.
        let out = directory.appendingPathComponent("md").path
        #expect(try run(["dump", "--format", "md", out]).status == 0)
        for name in seeds {
            #expect(try String(contentsOfFile: out + "/" + name, encoding: .utf8)
                    == String(contentsOfFile: CLITests.seeds + "/" + name, encoding: .utf8), "\(name)")
        }
    }

    @Test("load warns when a note without an id is an existing note with a new title; not for a new note")
    func nearDuplicateWarning() throws {
        let shown = try run(["show", "kps-macibu-vizite-latvija-2018", "--format", "md"]).stdout
        let renamed = shown.replacingOccurrences(of: "id: kps-macibu-vizite-latvija-2018\n", with: "")
            .replacingOccurrences(of: "title: \"Kirgizstānas pārstāvju mācību vizīte Latvijā 2018. gada oktobrī\"",
                                  with: "title: \"Kirgīzu delegācijas vizīte Latvijā\"")
        let file = directory.appendingPathComponent("renamed.md").path
        try renamed.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try run(["load", file])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("loaded 1 notes: 1 new"))
        #expect(result.stderr.contains("renamed.md:2: warning: title: looks like kps-macibu-vizite-latvija-2018 with a new title"),
                "\(result.stderr)")
        #expect(result.stderr.contains("give it `id: kps-macibu-vizite-latvija-2018` to update kps-macibu-vizite-latvija-2018"))

        let fresh = directory.appendingPathComponent("fresh.md").path
        try """
            ---
            title: "Ūdenssaimniecība mazās pašvaldībās"
            ---

            Mazās pašvaldībās ūdenssaimniecības pakalpojumu sniegšana prasa kopīgus iepirkumus, \
            reģionālus operatorus un ilgtermiņa investīciju plānus, ko apspriež ar iedzīvotājiem.
            """.write(toFile: fresh, atomically: true, encoding: .utf8)
        let second = try run(["load", fresh])
        #expect(second.status == 0)
        #expect(second.stderr.isEmpty, "\(second.stderr)")
    }
}
