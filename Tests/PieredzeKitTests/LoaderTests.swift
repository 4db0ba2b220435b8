import Foundation
import Testing
@testable import PieredzeKit
import PieredzeStorage

@Suite("Loading notes")
struct LoaderTests {
    @Test("a Markdown note loads with every field, section and list")
    func markdown() throws {
        let kb = try TestKnowledgeBase()
        let file = try kb.directory.write("a.md", markdownNote())
        let summary = try kb.load([file])
        #expect(summary.new == 1)
        let note = try #require(try kb.store.note(id: "test-note"))
        #expect(note.title == "Pašvaldību reforma Latvijā")
        #expect(note.country == "LV")
        #expect(note.occurred == "2009-07")
        #expect(note.kind == .lesson)
        #expect(note.topics == ["pasvaldibu-apvienosana"])
        #expect(note.tags == ["reforma", "novadi"])
        #expect(note.organizations == [Organization(name: "Latvijas Pašvaldību savienība", country: "LV")])
        #expect(note.people == [Person(name: "Gints Kaminskis", role: "LPS priekšsēdis", organization: "Latvijas Pašvaldību savienība")])
        #expect(note.source == Source(title: "LPS raksts"))
        #expect(note.body == "Ievads.")
        #expect(note.context == "Novadu apvienošana pašvaldību reformā.")
        #expect(note.lesson == "Pašvaldībām vajag laiku.")
        #expect(note.recommendation == "- Plānot apspriešanu.")
    }

    @Test("JSONL, JSON and CSV carry the same record")
    func otherFormats() throws {
        let kb = try TestKnowledgeBase()
        let jsonl = try kb.directory.write("n.jsonl", """
            {"id":"j-1","title":"Dialogs","topics":["nacionalais-dialogs"],"country":"KG","year":2018,"tags":["a","b"],"source":{"title":"Raksts","url":"https://lps.lv/x","publisher":"LPS","date":"2018-08"}}

            {"id":"j-2","title":"Otrais","organizations":["Ārlietu ministrija"],"occurred":"2018-08-20","kind":"event"}
            """)
        let json = try kb.directory.write("n.json", #"[{"id":"a-1","title":"Masīvs","language":"en"}]"#)
        let csv = try kb.directory.write("n.csv", """
            id,title,topics,country,year,tags,organizations,source,body
            c-1,CSV piezīme,interesu-lobesana;laba-parvaldiba,Kirgizstāna,2019,x;y,LPS;KPS,seminārs,"Pirmā rinda,
            ar ""pēdiņām"" un otru rindu"
            """)
        let summary = try kb.load([jsonl, json, csv])
        #expect(summary.new == 4)
        let j1 = try #require(try kb.store.note(id: "j-1"))
        #expect(j1.country == "KG" && j1.occurred == "2018" && j1.tags == ["a", "b"])
        #expect(j1.source == Source(title: "Raksts", url: "https://lps.lv/x", publisher: "LPS", date: "2018-08"))
        #expect(try kb.store.note(id: "j-2")?.kind == .event)
        #expect(try kb.store.note(id: "j-2")?.organizations.map(\.name) == ["Ārlietu ministrija"])
        #expect(try kb.store.note(id: "a-1")?.language == "en")
        let c1 = try #require(try kb.store.note(id: "c-1"))
        #expect(c1.topics == ["interesu-lobesana", "laba-parvaldiba"])
        #expect(c1.country == "KG" && c1.occurred == "2019")
        #expect(c1.organizations.map(\.name) == ["LPS", "KPS"])
        #expect(c1.body == "Pirmā rinda,\nar \"pēdiņām\" un otru rindu")
    }

    @Test("text is normalised to NFC on the way in")
    func nfc() throws {
        let kb = try TestKnowledgeBase()
        let decomposed = "Pas\u{030C}valdi\u{0304}bu"  // š and ī as base letter + combining mark
        let file = try kb.directory.write("n.jsonl", #"{"id":"nfc","title":"\#(decomposed)"}"#)
        try kb.load([file])
        let title = try #require(try kb.store.note(id: "nfc")?.title)
        #expect(title.unicodeScalars.count == "Pašvaldību".unicodeScalars.count)
        #expect(Array(title.utf8) == Array("Pašvaldību".utf8))
    }

    @Test("a note without id gets a stable one from its title")
    func derivedID() throws {
        let kb = try TestKnowledgeBase()
        let file = try kb.directory.write("n.jsonl", #"{"title":"Administratīvi teritoriālā reforma: 2009. gads!"}"#)
        try kb.load([file])
        #expect(try kb.store.note(id: "administrativi-teritoriala-reforma-2009-gads") != nil)
        #expect(Slug.derive(from: "Ļoti Šaurs  ceļš — ātri") == "loti-saurs-cels-atri")
    }

    @Test("loading the same files twice changes nothing")
    func idempotent() throws {
        let kb = try TestKnowledgeBase()
        let first = try kb.load([seedsDirectory])
        #expect(first.new >= 10)
        let before = try kb.connection.rows("SELECT id, updated_at, content_hash FROM notes ORDER BY id")
        let second = try kb.load([seedsDirectory])
        #expect(second.new == 0 && second.updated == 0 && second.unchanged == first.new)
        #expect(try kb.connection.rows("SELECT id, updated_at, content_hash FROM notes ORDER BY id") == before)
        #expect(try kb.ftsProblems() == [])
    }

    @Test("a changed note is updated: lists replaced, updated_at moves", arguments: NoteLoader.IndexStrategy.allCases)
    func update(strategy: NoteLoader.IndexStrategy) throws {
        let kb = try TestKnowledgeBase()
        let file = try kb.directory.write("a.md", markdownNote())
        try kb.load([file], strategy: strategy)
        let firstUpdated: String? = try kb.connection.scalar("SELECT updated_at FROM notes WHERE id = 'test-note'")
        Thread.sleep(forTimeInterval: 0.01)
        try kb.directory.write("a.md", markdownNote(title: "Jauns virsraksts par apvienošanu").replacingOccurrences(of: "[reforma, novadi]", with: "[jauna]"))
        let summary = try kb.load([file], strategy: strategy)
        #expect(summary.updated == 1 && summary.new == 0)
        let note = try #require(try kb.store.note(id: "test-note"))
        #expect(note.title == "Jauns virsraksts par apvienošanu")
        #expect(note.tags == ["jauna"])
        #expect(try kb.count("note_tags") == 1)
        let secondUpdated: String? = try kb.connection.scalar("SELECT updated_at FROM notes WHERE id = 'test-note'")
        #expect(secondUpdated != firstUpdated)
        #expect(try kb.ftsProblems() == [])
        // The index follows: the new title is found, the old one is not.
        #expect(try kb.connection.scalar("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH '\"virsraksts\"'", as: Int.self) == 1)
        #expect(try kb.connection.scalar("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'title:\"Latvijā\"'", as: Int.self) == 0)
    }

    @Test("bulk and trigger indexing give the same index", arguments: NoteLoader.IndexStrategy.allCases)
    func strategies(strategy: NoteLoader.IndexStrategy) throws {
        let kb = try TestKnowledgeBase()
        let indexes = "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name)"
        let before: String? = try kb.connection.scalar(indexes)
        let summary = try kb.load([seedsDirectory], strategy: strategy)
        // Secondary indexes dropped for a bulk load into an empty database are all back.
        #expect(try kb.connection.scalar(indexes) == before)
        #expect(try kb.connection.rows("PRAGMA integrity_check").first?[0] == "ok")
        #expect(summary.strategy == strategy)
        #expect(try kb.ftsProblems() == [])
        #expect(try kb.connection.scalar("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH '\"pašvaldību\"'", as: Int.self) ?? 0 > 5)
        // The triggers are back after a bulk load: a later single edit stays indexed.
        #expect(try kb.connection.scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'notes'", as: Int.self) == 3)
        try kb.connection.execute("UPDATE notes SET title = 'Zilonis' WHERE id = 'lps-kps-sadarbibas-ligums-2018'")
        #expect(try kb.ftsProblems() == [])
        #expect(try kb.connection.scalar("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH '\"zilonis\"'", as: Int.self) == 1)
    }

    @Test("a bulk load of a quarter of the notes or more merges the index into one segment; a smaller one does not")
    func mergedIndex() throws {
        let kb = try TestKnowledgeBase()
        func batch(_ range: Range<Int>) throws -> String {
            try kb.directory.write("batch-\(range.lowerBound).jsonl", range.map {
                "{\"id\":\"n-\($0)\",\"title\":\"Piezīme \($0) par reformu\",\"summary\":\"Vārds\($0)\"}\n"
            }.joined())
        }
        let segments = "SELECT count(DISTINCT segid) FROM notes_fts_idx"
        // FTS5 would merge small segments as it goes (automerge): off, so every count is exact
        // (below 16 segments, where FTS5 merges anyway: crisismerge).
        try kb.connection.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('automerge', 0)")
        // FTS5 writes a segment at each savepoint, and the loader takes one a note.
        for start in [0, 5] { try kb.load([try batch(start..<start + 5)], strategy: .triggers) }
        let fragmented = try #require(try kb.connection.scalar(segments, as: Int.self))
        #expect(fragmented == 10)
        try kb.load([try batch(10..<12)], strategy: .bulk)  // 2 of 12 notes: left as it is
        #expect(try kb.connection.scalar(segments, as: Int.self) == fragmented + 1)
        try kb.load([try batch(20..<25)], strategy: .bulk)  // 5 of 17: merged
        #expect(try kb.connection.scalar(segments, as: Int.self) == 1)
        #expect(try kb.ftsProblems() == [])
        #expect(try kb.knowledgeBase.search(text: "reformu", limit: nil).hits.count == 17)
    }

    @Test("deleting a note removes it from the index and its links")
    func delete() throws {
        let kb = try TestKnowledgeBase()
        try kb.load([seedsDirectory])
        let total = try kb.count("notes")
        try kb.store.delete(id: "lps-kps-sadarbibas-ligums-2018")
        #expect(try kb.count("notes") == total - 1)
        #expect(try kb.connection.scalar("SELECT count(*) FROM note_topics WHERE note_pk NOT IN (SELECT pk FROM notes)", as: Int.self) == 0)
        #expect(try kb.ftsProblems() == [])
        #expect(throws: KnowledgeBaseError.noSuchNote(id: "nav")) { try kb.store.delete(id: "nav") }
    }

    @Test("a bad file in a batch rolls the whole load back")
    func rollback() throws {
        let kb = try TestKnowledgeBase()
        let good = try kb.directory.write("good.md", markdownNote())
        let bad = try kb.directory.write("zz-bad.jsonl", #"{"id":"x","title":"Labs"}"# + "\n" + #"{"id":"y"}"#)
        let problems = try kb.problems([good, bad])
        #expect(problems.count == 1)
        #expect(problems.first?.description == "\(bad):2: title: missing; every note needs a title")
        #expect(try kb.count("notes") == 0)
        #expect(try kb.count("organizations") == 0)
    }

    @Test("a dry run counts but writes nothing")
    func dryRun() throws {
        let kb = try TestKnowledgeBase()
        let summary = try kb.load([seedsDirectory], dryRun: true)
        #expect(summary.new >= 10)
        #expect(try kb.count("notes") == 0)
        #expect(try kb.count("people") == 0)
    }

    @Test("refusing existing notes: a changed note with a stored id is a problem at its id line, an identical one is not, nothing is written")
    func refuseExistingNotes() throws {
        let kb = try TestKnowledgeBase()
        let first = try kb.directory.write("first.md", markdownNote(id: "reforma", body: "Pirmā versija."))
        try kb.load([first])
        let same = try kb.directory.write("same.md", markdownNote(id: "reforma", body: "Pirmā versija."))
        let changed = try kb.directory.write("changed.md", markdownNote(id: "reforma", body: "Cits teksts."))
        let fresh = try kb.directory.write("fresh.md", markdownNote(id: "jauna", title: "Jauna piezīme"))
        var options = NoteLoader.Options(existingNotes: .refuse)
        let unchanged = try NoteLoader(connection: kb.connection).load([.path(same), .path(fresh)], options: options)
        #expect(unchanged.unchanged == 1 && unchanged.new == 1)

        let other = try kb.directory.write("other.md", markdownNote(id: "vel-viena", title: "Vēl viena"))
        let failure = #expect(throws: LoadFailure.self) {
            try NoteLoader(connection: kb.connection).load([.path(other), .path(changed)], options: options)
        }
        #expect(failure?.problems.map(\.field) == ["id"])
        #expect(failure?.problems.first?.location == SourceLocation(file: changed, line: 2))
        #expect(failure?.problems.first?.message.contains("'reforma' is already in the knowledge base") == true)
        #expect(try kb.store.note(id: "vel-viena") == nil, "nothing of a refused load is written")
        #expect(try kb.store.note(id: "reforma")?.body == "Pirmā versija.")

        options.existingNotes = .replace
        let replaced = try NoteLoader(connection: kb.connection).load([.path(changed)], options: options)
        #expect(replaced.updated == 1)
    }

    @Test("every problem in every file is reported with file, line and field")
    func validationErrors() throws {
        let kb = try TestKnowledgeBase()
        let md = try kb.directory.write("a.md", """
            ---
            id: Bad Id
            title: "Virsraksts"
            kind: anekdote
            topics: [nav-tadas-temas]
            country: Atlantīda
            occurred: 2018-13-01
            language: de
            status: gatavs
            colour: blue
            source:
              url: "javascript:alert(1)"
            ---
            Teksts.
            """)
        let jsonl = try kb.directory.write("b.jsonl", """
            {"id":"ok","title":"Labi"}
            {"id":"x","title":
            [1,2]
            {"id":"y","title":"Y","year":"pērn"}
            """)
        let csv = try kb.directory.write("c.csv", "id,title\nc1,\"nav aizvērts\n")
        let problems = try kb.problems([md, jsonl, csv]).map(\.description)
        let expected = [
            "\(md):2: id: 'Bad Id' is not a valid id",
            "\(md):4: kind: unknown kind 'anekdote'",
            "\(md):5: topics: unknown topic 'nav-tadas-temas'; known topics: administrativi-teritoriala-reforma, pasvaldibu-apvienosana",
            "\(md):6: country: unknown country 'Atlantīda'",
            "\(md):7: occurred: '2018-13-01' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY",
            "\(md):8: language: unknown language 'de'",
            "\(md):9: status: unknown status 'gatavs'",
            "\(md):10: colour: unknown field",
            "\(md):11: source: url 'javascript:alert(1)' is not a web address",
            "\(jsonl):2: not valid JSON",
            "\(jsonl):3: expected a JSON object",
            "\(jsonl):4: year: 'pērn' is not a date",
            "\(csv):2: a quoted field is never closed",
        ]
        for prefix in expected {
            #expect(problems.contains { $0.hasPrefix(prefix) }, "missing: \(prefix)\nin: \(problems.joined(separator: "\n"))")
        }
        #expect(problems.count == expected.count, "\(problems.joined(separator: "\n"))")
        #expect(try kb.count("notes") == 0)
    }

    @Test("a Latvian-style day (DD.MM.YYYY, as a Latvian spreadsheet exports it) is read as YYYY-MM-DD; an impossible one is refused")
    func latvianDates() throws {
        let kb = try TestKnowledgeBase()
        let csv = try kb.directory.write("d.csv", "id;title;occurred\nd1;Viens;15.08.2018\nd2;Divi;5.8.2018.\n")
        try kb.load([csv])
        #expect(try kb.store.note(id: "d1")?.occurred == "2018-08-15")
        #expect(try kb.store.note(id: "d2")?.occurred == "2018-08-05")
        for bad in ["31.02.2018", "15.13.2018", "15.08.18", "1.2.3.2018", "١٥.٠٨.٢٠١٨"] {
            let file = try kb.directory.write("bad.csv", "id;title;occurred\nd3;Trīs;\(bad)\n")
            let problems = try kb.problems([file]).map(\.description)
            #expect(problems.count == 1 && problems[0].contains("'\(bad)' is not a date"), "\(bad): \(problems)")
        }
    }

    @Test("a misspelt topic slug gets the nearest known slug")
    func topicSuggestion() throws {
        let kb = try TestKnowledgeBase()
        let md = try kb.directory.write("a.md", markdownNote().replacingOccurrences(
            of: "topics: [pasvaldibu-apvienosana]", with: "topics: [pasvaldibu-apvienosna]"))
        let problems = try kb.problems([md]).map(\.description)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("topics: unknown topic 'pasvaldibu-apvienosna'; did you mean 'pasvaldibu-apvienosana'?") == true,
                "\(problems)")
    }

    @Test("files that are not what they claim give clear errors")
    func malformedFiles() throws {
        let kb = try TestKnowledgeBase()
        let utf8 = try kb.directory.write("u.jsonl", bytes: Array(#"{"id":"a","title":"ok"}"#.utf8) + [0x0A] + Array(#"{"title":"b"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8))
        let noFrontMatter = try kb.directory.write("n.md", "# Tikai virsraksts\n")
        let badYAML = try kb.directory.write("y.md", "---\ntitle: [nav aizvērts\nid: x\n---\n")
        let csvColumns = try kb.directory.write("k.csv", "id,title\na,b,c\n")
        let duplicate = try kb.directory.write("d.jsonl", #"{"id":"dup","title":"A"}"# + "\n" + #"{"id":"dup","title":"B"}"#)
        let problems = try kb.problems([utf8, noFrontMatter, badYAML, csvColumns, duplicate]).map(\.description)
        #expect(problems.contains { $0.hasPrefix("\(utf8):2: invalid UTF-8") })
        #expect(problems.contains { $0.hasPrefix("\(noFrontMatter):1: no front matter") })
        #expect(problems.contains { $0.hasPrefix("\(badYAML):") && $0.contains("malformed YAML front matter") })
        #expect(problems.contains { $0.hasPrefix("\(csvColumns):2: row has 3 fields; expected 2") })
        #expect(problems.contains { $0.hasPrefix("\(duplicate):2: id: 'dup' is used by another note in this load") })
        #expect(try kb.count("notes") == 0)
    }

    @Test("dump then load into an empty database gives the same notes", arguments: ["jsonl", "md"])
    func roundTrip(format: String) throws {
        let kb = try TestKnowledgeBase()
        try kb.load([seedsDirectory, try kb.directory.write("extra.md", markdownNote())])
        let original = try kb.store.notes(pks: try kb.store.notePKs(matching: .init()))
        let out = kb.directory.url.appendingPathComponent("dump-\(format)").path
        if format == "jsonl" {
            try Data(original.map { try NoteExporter.jsonLine($0) + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: out + ".jsonl"))
        } else {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for note in original {
                try Data(try NoteExporter.markdown(note).utf8).write(to: URL(fileURLWithPath: out + "/" + note.id + ".md"))
            }
        }
        let copy = try TestKnowledgeBase()
        try copy.load([format == "jsonl" ? out + ".jsonl" : out])
        let reloaded = try copy.store.notes(pks: try copy.store.notePKs(matching: .init()))
        #expect(reloaded == original)
        #expect(original.count >= 11)
    }

    @Test("the benchmark generator's files load as they are", arguments: ["jsonl", "csv", "md"])
    func generatedCorpus(format: String) throws {
        // ../shared beside the project, or where `make test SHARED=…` says.
        let shared = ProcessInfo.processInfo.environment["PIEREDZE_SHARED"].map { URL(fileURLWithPath: $0) }
            ?? packageDirectory.deletingLastPathComponent().appendingPathComponent("shared")
        let generator = shared.appendingPathComponent("bench/gen_notes.py").path
        try #require(FileManager.default.fileExists(atPath: generator), "no \(generator): set PIEREDZE_SHARED or make test SHARED=DIR")
        let kb = try TestKnowledgeBase()
        let out = kb.directory.url.appendingPathComponent(format == "md" ? "md" : "notes.\(format)").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", generator, "--count", "50", "--format", format, "--out", out]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let summary = try kb.load([out])
        #expect(summary.new == 50)
        #expect(try kb.count("note_topics") >= 50)
        #expect(try kb.ftsProblems() == [])
    }
}
