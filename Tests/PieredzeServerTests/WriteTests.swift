import Foundation
import Hummingbird
import HummingbirdTesting
import PieredzeKit
import PieredzeServer
import Testing

/// A form page's CSRF cookie and hidden token.
struct FormSession {
    var cookie: String
    var token: String

    static func open(_ client: any TestClientProtocol, _ uri: String) async throws -> FormSession {
        let page = try await get(client, uri)
        #expect(page.status == .ok)
        let setCookie = try #require(page.headers[.setCookie])
        #expect(setCookie.contains("SameSite=Strict") && setCookie.contains("HttpOnly"))
        let cookie = String(setCookie.prefix { $0 != ";" })
        let html = page.text
        let start = try #require(html.range(of: "name=\"csrf\" value=\"")).upperBound
        let token = String(html[start...].prefix { $0 != "\"" })
        return FormSession(cookie: cookie, token: token)
    }

    func post(_ client: any TestClientProtocol, _ uri: String, form: [(String, String)], origin: String? = nil,
              token: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
        if let origin { headers[.origin] = origin }
        let body = ([("csrf", token ?? self.token)] + form).map { name, value in
            name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        }.joined(separator: "&")
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { $0 }
    }
}

func noteCount(_ fixture: ServerFixture) throws -> Int {
    try NoteStore(connection: KnowledgeBase(path: fixture.databasePath, access: .read).connection).count()
}

func storedNote(_ fixture: ServerFixture, _ id: String) throws -> Note? {
    try NoteStore(connection: KnowledgeBase(path: fixture.databasePath, access: .read).connection).note(id: id)
}

let validForm: [(String, String)] = [
    ("title", "Jauna mācība par budžeta plānošanu"), ("summary", "Īss kopsavilkums."), ("kind", "lesson"),
    ("country", "KG"), ("occurred", "2019-05"), ("language", "lv"), ("status", "draft"),
    ("topics", "laba-parvaldiba"), ("topics", "funkciju-sadale"), ("lesson", "Budžets jāplāno **laikus**."),
    ("tags", "budžets\nplānošana"), ("organizations", "Latvijas Pašvaldību savienība | LV | asociācija"),
    ("people", "Jānis Bērziņš | eksperts"), ("source_title", "Ziņojums"), ("source_url", "https://example.org/zinojums"),
]

@Suite struct WriteTests {
    @Test func formsExistOnlyWithAllowWrites() async throws {
        let fixture = try ServerFixture()
        try await fixture.withServer { client in
            for uri in ["/new", "/upload", "/notes/lps-kps-sadarbibas-ligums-2018/edit"] {
                let response = try await get(client, uri)
                #expect(response.status == .forbidden, "\(uri)")
                #expect(response.text.contains("var tikai lasīt"), "\(uri) says why")
                #expect(!response.text.contains("<form class=\"note-form\""), "\(uri)")
                let post = try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                    body: ByteBuffer(string: "title=x")) { $0 }
                #expect(post.status == .forbidden, "\(uri)")
            }
        }
    }

    @Test func aValidFormIsSavedThroughTheLoader() async throws {
        let fixture = try ServerFixture()
        let before = try noteCount(fixture)
        try await fixture.withServer(allowWrites: true) { client in
            let session = try await FormSession.open(client, "/new")
            let response = try await session.post(client, "/new", form: validForm)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/notes/jauna-maciba-par-budzeta-planosanu?saved=1")
            let page = try await get(client, "/notes/jauna-maciba-par-budzeta-planosanu?saved=1")
            #expect(page.status == .ok)
            #expect(page.text.contains("role=\"status\">Piezīme saglabāta.</p>"))
            // The same title again with no id: the id made from it is taken, and the advice is not "leave it empty".
            let sameTitle = try await session.post(client, "/new", form: validForm)
            #expect(sameTitle.status == .unprocessableContent)
            #expect(sameTitle.text.contains("Piezīme ar šādu nosaukumu jau ir."))
            #expect(!sameTitle.text.contains("atstājiet tukšu"))
            #expect(page.text.contains("budžeta plānošanu <span class=\"status-draft\">melnraksts</span></h1>"), "a draft says so")
            let hits = try await get(client, "/search?q=bud%C5%BEeta+pl%C4%81no%C5%A1ana")
            #expect(hits.text.contains("</a> <span class=\"status-draft\">melnraksts</span></h2>"))
            #expect(page.text.contains("<strong>laikus</strong>"))
        }
        #expect(try noteCount(fixture) == before + 1)
        let note = try #require(try storedNote(fixture, "jauna-maciba-par-budzeta-planosanu"))
        #expect(note.topics == ["laba-parvaldiba", "funkciju-sadale"])
        #expect(note.tags == ["budžets", "plānošana"])
        #expect(note.organizations == [Organization(name: "Latvijas Pašvaldību savienība", country: "LV", kind: "asociācija")])
        #expect(note.people == [Person(name: "Jānis Bērziņš", role: "eksperts")])
        #expect(note.source?.url == "https://example.org/zinojums")
        #expect(note.occurred == "2019-05" && note.country == "KG")
    }

    @Test func anInvalidFormShowsEachProblemBesideItsFieldAndWritesNothing() async throws {
        let fixture = try ServerFixture()
        let before = try noteCount(fixture)
        try await fixture.withServer(allowWrites: true) { client in
            let session = try await FormSession.open(client, "/new")
            var form = validForm.filter { !["occurred", "topics", "source_url"].contains($0.0) }
            form += [("occurred", "2019-13"), ("topics", "nav-tadas-temas"), ("source_url", "javascript:alert(1)")]
            let response = try await session.post(client, "/new", form: form)
            #expect(response.status == .unprocessableContent)
            let html = response.text
            #expect(html.contains("class=\"error-box\""))
            #expect(html.contains("<p class=\"problem\" id=\"e-occurred\">Datumu raksta GGGG, GGGG-MM vai GGGG-MM-DD"))
            #expect(html.contains("<p class=\"problem\" id=\"e-topics\">Izvēlieties tēmas no saraksta."))
            #expect(html.contains("<p class=\"problem\" id=\"e-source_url\">Saitei jāsākas ar http:// vai https://."))
            #expect(!html.contains("expected"), "no English on a Latvian form")
            for id in ["e-occurred", "e-topics", "e-source_url"] {
                #expect(html.components(separatedBy: "id=\"\(id)\"").count == 2, "\(id) once")
            }
            // An English page keeps the loader's own words.
            let english = try await session.post(client, "/new?lang=en", form: form)
            #expect(english.text.contains("&#39;2019-13&#39; is not a date"))
            #expect(english.text.contains("unknown topic &#39;nav-tadas-temas&#39;"))
            // What was typed is kept.
            #expect(html.contains("value=\"Jauna mācība par budžeta plānošanu\""))
            let duplicate = try await session.post(client, "/new", form: [("title", "Cits"), ("id", "lps-kps-sadarbibas-ligums-2018")])
            #expect(duplicate.status == .unprocessableContent)
            #expect(duplicate.text.contains("id=\"e-id\""))
        }
        #expect(try noteCount(fixture) == before)
        #expect(try storedNote(fixture, "lps-kps-sadarbibas-ligums-2018")?.title == "LPS un KPS paraksta sadarbības līgumu Biškekā")
    }

    @Test func aSaveOverAColleaguesNewerSaveIsStoppedOnceWithTheTextKept() async throws {
        let fixture = try ServerFixture()
        let id = "lps-kps-sadarbibas-ligums-2018"
        let original = try #require(try storedNote(fixture, id))
        try await fixture.withServer(allowWrites: true) { client in
            let session = try await FormSession.open(client, "/notes/\(id)/edit")
            let opened = try #require(hiddenVersion(try await get(client, "/notes/\(id)/edit").text))
            func fields(_ title: String) -> [(String, String)] {
                [("title", title), ("kind", original.kind.rawValue), ("language", original.language), ("status", original.status.rawValue)]
                    + original.topics.map { ("topics", $0) }
            }
            // A colleague opened the same form and saved first.
            let theirs = try await session.post(client, "/notes/\(id)/edit", form: fields("Kolēģa virsraksts") + [("version", opened)])
            #expect(theirs.status == .seeOther)
            let mine = try await session.post(client, "/notes/\(id)/edit", form: fields("Mans virsraksts") + [("version", opened)])
            #expect(mine.status == .conflict)
            #expect(mine.text.contains("kāds cits"))
            #expect(mine.text.contains("value=\"Mans virsraksts\""), "what was typed is kept")
            #expect(mine.text.contains("<p class=\"theirs\"><span class=\"label\">Saglabātajā versijā:</span> Kolēģa virsraksts</p>"),
                    "the colleague's value under the field that differs")
            #expect(mine.text.components(separatedBy: "class=\"theirs\"").count == 2, "and under no other field")
            #expect(try storedNote(fixture, id)?.title == "Kolēģa virsraksts")
            // Sent again, knowingly, it saves.
            let newer = try #require(hiddenVersion(mine.text))
            #expect(newer != opened)
            let again = try await session.post(client, "/notes/\(id)/edit", form: fields("Mans virsraksts") + [("version", newer)])
            #expect(again.status == .seeOther)
        }
        #expect(try storedNote(fixture, id)?.title == "Mans virsraksts")
    }

    func hiddenVersion(_ html: String) -> String? {
        guard let start = html.range(of: "name=\"version\" value=\"") else { return nil }
        return String(html[start.upperBound...].prefix { $0 != "\"" })
    }

    @Test func editingKeepsTheIdWhenTheTitleChanges() async throws {
        let fixture = try ServerFixture()
        let id = "lps-kps-sadarbibas-ligums-2018"
        let original = try #require(try storedNote(fixture, id))
        try await fixture.withServer(allowWrites: true) { client in
            let session = try await FormSession.open(client, "/notes/\(id)/edit")
            let form = try await get(client, "/notes/\(id)/edit").text
            #expect(form.contains("value=\"LPS un KPS paraksta sadarbības līgumu Biškekā\""))
            #expect(form.contains("Kirgizstānas Pašvaldību savienība | KG | pašvaldību asociācija"))
            let fields: [(String, String)] = [
                ("title", "Pārdēvēts sadarbības līgums"), ("summary", original.summary), ("kind", original.kind.rawValue),
                ("country", original.country ?? ""), ("occurred", original.occurred ?? ""), ("language", original.language),
                ("status", original.status.rawValue), ("tags", original.tags.joined(separator: "\n")),
            ] + original.topics.map { ("topics", $0) }
            let version = try #require(hiddenVersion(form))
            let response = try await session.post(client, "/notes/\(id)/edit", form: fields + [("version", version)])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/notes/\(id)?saved=1")
        }
        let edited = try #require(try storedNote(fixture, id))
        #expect(edited.title == "Pārdēvēts sadarbības līgums")
        #expect(edited.topics == original.topics)
        #expect(try storedNote(fixture, "pardevets-sadarbibas-ligums") == nil)
    }

    @Test func aWriteWithoutTheRightTokenOrFromAnotherOriginIsRefused() async throws {
        let fixture = try ServerFixture()
        let before = try noteCount(fixture)
        try await fixture.withServer(allowWrites: true) { client in
            let session = try await FormSession.open(client, "/new")
            let wrongToken = try await session.post(client, "/new", form: validForm, token: String(repeating: "0", count: 64))
            #expect(wrongToken.status == .forbidden)
            let noToken = try await session.post(client, "/new", form: validForm, token: "")
            #expect(noToken.status == .forbidden)
            // Same site without a valid token: the form again, with what was typed and a fresh token.
            #expect(noToken.text.contains("drošības pilnvara"))
            #expect(noToken.text.contains("value=\"Jauna mācība par budžeta plānošanu\""))
            let noCookie = FormSession(cookie: "other=1", token: session.token)
            let withoutCookie = try await noCookie.post(client, "/new", form: validForm)
            #expect(withoutCookie.status == .forbidden)
            let foreign = try await session.post(client, "/new", form: validForm, origin: "http://evil.example")
            #expect(foreign.status == .forbidden)
            #expect(!foreign.text.lowercased().contains("sqlite"))
            let tooLarge = try await session.post(client, "/new", form: [("body", String(repeating: "x", count: 9 << 20))])
            #expect(tooLarge.status == .contentTooLarge)
        }
        #expect(try noteCount(fixture) == before)
    }

    @Test func aBrokenUploadListsTheLoadersProblemsAndWritesNothing() async throws {
        let fixture = try ServerFixture()
        let before = try noteCount(fixture)
        try await fixture.withServer(allowWrites: true) { client in
            let session = try await FormSession.open(client, "/upload")
            let broken = """
                {"id": "augsupielade-laba", "title": "Laba piezīme"}
                {"id": "augsupielade-slikta", "title": "Slikta", "occurred": "2019-02-30", "kind": "romāns"}
                not json

                """
            let response = try await upload(client, session, filename: "piezimes.jsonl", content: broken)
            #expect(response.status == .unprocessableContent)
            let html = response.text
            #expect(html.contains("piezimes.jsonl:2: occurred:"))
            #expect(html.contains("piezimes.jsonl:2: kind:"))
            #expect(html.contains("piezimes.jsonl:3:"))
            #expect(!html.contains("/tmp/"))
            let good = try await upload(client, session, filename: "laba.csv", content: "id,title,country\ncsv-piezime,CSV piezīme,LV\n")
            #expect(good.status == .ok)
            #expect(good.text.contains("Jaunas piezīmes: 1,"))
            let wrongKind = try await upload(client, session, filename: "../../etc/passwd", content: "root:x:0:0")
            #expect(wrongKind.status == .unprocessableContent)
        }
        #expect(try storedNote(fixture, "augsupielade-laba") == nil)
        #expect(try noteCount(fixture) == before + 1)
    }

    @Test func anUploadDoesNotOverwriteAStoredNoteUnlessAskedTo() async throws {
        let fixture = try ServerFixture()
        let stored = try #require(try storedNote(fixture, "reformas-pieredze-aktuala-tema"), "a seed note the upload collides with")
        let before = try noteCount(fixture)
        try await fixture.withServer(allowWrites: true) { client in
            let session = try await FormSession.open(client, "/upload")
            let csv = "id,title\njauna-no-augsupieladeja,Jauna piezīme\nreformas-pieredze-aktuala-tema,Kolēģa cita piezīme\n"
            let refused = try await upload(client, session, filename: "kolegis.csv", content: csv)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("kolegis.csv:3: id:"), "the colliding row, by line")
            #expect(refused.text.contains("Aizstāt"), "says how to replace on purpose")
            #expect(try storedNote(fixture, "reformas-pieredze-aktuala-tema")?.title == stored.title)
            #expect(try storedNote(fixture, "jauna-no-augsupieladeja") == nil, "all or nothing")

            let again = try await upload(client, session, filename: "kolegis.csv", content: csv, fields: [("replace", "1")])
            #expect(again.status == .ok)
            #expect(again.text.contains("Jaunas piezīmes: 1, mainītas: 1"))
            #expect(again.text.contains("<a href=\"/notes/jauna-no-augsupieladeja\">"), "links to check what was loaded")
            #expect(again.text.contains("<a href=\"/notes/reformas-pieredze-aktuala-tema\">"))
            let workbook = try await upload(client, session, filename: "tabula.xlsx", content: "PK\u{03}\u{04}")
            #expect(workbook.status == .unprocessableContent)
            #expect(workbook.text.contains("tabula.xlsx: šādu failu nevar ielādēt. Excel darbgrāmatu (.xlsx) saglabājiet kā „CSV UTF-8”"))
        }
        #expect(try storedNote(fixture, "reformas-pieredze-aktuala-tema")?.title == "Kolēģa cita piezīme")
        #expect(try noteCount(fixture) == before + 1)
    }

    @Test func theUploadPagesSpreadsheetTemplateFilledInLoads() async throws {
        let fixture = try ServerFixture()
        try await fixture.withServer(allowWrites: true) { client in
            let session = try await FormSession.open(client, "/upload")
            let page = try await get(client, "/upload")
            #expect(page.text.contains("href=\"/upload/template.csv\""))
            let template = try await get(client, "/upload/template.csv")
            #expect(template.status == .ok)
            #expect(template.headers[.contentDisposition] == "attachment; filename=\"pieredze-lv.csv\"")
            #expect(template.text.hasPrefix("\u{FEFF}\"ID\";\"Nosaukums\";\"Kopsavilkums\";"))
            // As a spreadsheet user fills it: Latvian words, a list in one cell.
            let headings = template.text.dropFirst().trimmingCharacters(in: .newlines).components(separatedBy: ";")
            var row = Array(repeating: "", count: headings.count)
            row[headings.firstIndex(of: "\"Nosaukums\"")!] = "No veidnes ielādēta piezīme"
            row[headings.firstIndex(of: "\"Valsts\"")!] = "Latvija"
            row[headings.firstIndex(of: "\"Atslēgvārdi\"")!] = "\"veidne; excel\""
            // Values as a person writes them, as the form's menus name them.
            row[headings.firstIndex(of: "\"Valoda\"")!] = "latviešu"
            row[headings.firstIndex(of: "\"Tēmas\"")!] = "Starptautiskā sadarbība"
            row[headings.firstIndex(of: "\"Veids\"")!] = "laba prakse"
            let loaded = try await upload(client, session, filename: "aizpildita.csv", content: template.text + row.joined(separator: ";") + "\r\n")
            #expect(loaded.status == .ok)
        }
        let note = try #require(try storedNote(fixture, "no-veidnes-ieladeta-piezime"))
        #expect(note.country == "LV")
        #expect(note.tags == ["veidne", "excel"])
        #expect(note.topics == ["starptautiska-sadarbiba"])
        #expect(note.kind == .goodPractice)
    }

    @Test func theSitesExcelReportUploadsBackUnchanged() async throws {
        let fixture = try ServerFixture()
        let before = try noteCount(fixture)
        try await fixture.withServer(allowWrites: true) { client in
            let session = try await FormSession.open(client, "/upload")
            let report = try await get(client, "/topics/starptautiska-sadarbiba/report/excel")
            let loaded = try await upload(client, session, filename: "parskats.csv", content: report.text)
            #expect(loaded.status == .ok, "\(loaded.text.components(separatedBy: "<pre").dropFirst().first ?? "")")
            #expect(loaded.text.contains("Jaunas piezīmes: 0, mainītas: 0, bez izmaiņām:"))
        }
        #expect(try noteCount(fixture) == before)
    }

    @Test func anExcelCSVInWindows1257IsRefusedInLatvianThenLoadedWithItsEncoding() async throws {
        let fixture = try ServerFixture()
        // "Ēka" in Windows-1257: Ē is 0xC7, so the bytes are not UTF-8.
        let bytes = Array("id,title\neka-1257,".utf8) + [0xC7] + Array("ka pilseta\n".utf8)
        try await fixture.withServer(allowWrites: true) { client in
            let session = try await FormSession.open(client, "/upload")
            let refused = try await upload(client, session, filename: "excel.csv", bytes: bytes)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("nav UTF-8 teksts"))
            #expect(!refused.text.contains("--encoding"), "no command-line option on a web page")
            let loaded = try await upload(client, session, filename: "excel.csv", bytes: bytes, fields: [("encoding", "windows-1257")])
            #expect(loaded.status == .ok)
        }
        #expect(try storedNote(fixture, "eka-1257")?.title.hasPrefix("Ēka") == true)
    }

    func upload(_ client: any TestClientProtocol, _ session: FormSession, filename: String, content: String,
                fields: [(String, String)] = []) async throws -> TestResponse {
        try await upload(client, session, filename: filename, bytes: Array(content.utf8), fields: fields)
    }

    func upload(_ client: any TestClientProtocol, _ session: FormSession, filename: String, bytes: [UInt8],
                fields: [(String, String)] = []) async throws -> TestResponse {
        let boundary = "----pieredze\(UUID().uuidString)"
        var body = ""
        for (name, value) in [("csrf", session.token)] + fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
        body += "Content-Type: application/octet-stream\r\n\r\n"
        var buffer = ByteBuffer(string: body)
        buffer.writeBytes(bytes)
        buffer.writeString("\r\n--\(boundary)--\r\n")
        return try await client.execute(uri: "/upload", method: .post,
                                        headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: session.cookie],
                                        body: buffer) { $0 }
    }
}
