import Foundation
import Hummingbird
import HummingbirdTesting
import PieredzeKit
@testable import PieredzeServer
import Testing

@Suite struct PageTests {
    @Test func startPageShowsSearchTopicTreeAndRecentNotes() async throws {
        let fixture = try ServerFixture()
        try await fixture.withServer { client in
            let response = try await get(client, "/")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let html = response.text
            #expect(html.contains("<html lang=\"lv\">"))
            #expect(html.contains("action=\"/search\""))
            #expect(html.contains(">Administratīvi teritoriālā reforma</a> <span class=\"count\">("))
            #expect(html.contains("href=\"/topics/dialoga-platforma\""))
            #expect(html.contains("Nesen mainītās piezīmes"))
            #expect(html.contains("href=\"/notes/lps-kps-sadarbibas-ligums-2018\""))
            #expect(!html.contains("<script"))
        }
    }

    @Test func searchRanksHighlightsCountsAndOffersFacets() async throws {
        let fixture = try ServerFixture()
        try await fixture.withServer { client in
            let response = try await get(client, "/search?q=pa%C5%A1vald%C4%ABbu")
            #expect(response.status == .ok)
            let html = response.text
            let total = try #require(resultCount(html))
            #expect(total == 14)
            #expect(hitCount(html) == 10)
            #expect(html.contains("<mark>pašvaldību</mark>"))
            #expect(html.contains("href=\"/notes/kps-ierobezotas-lobesanas-iespejas\""))
            #expect(html.contains("<aside class=\"facets\""))
            // 13 of the 14 are about Kyrgyzstan: a link that narrows. All 14 are from 2018: no link.
            #expect(html.contains("href=\"/search?q=pa%C5%A1vald%C4%ABbu&amp;country=KG\">Kirgizstāna</a> <span class=\"count\">13</span>"))
            #expect(!html.contains("year=2018"))
        }
    }

    @Test func everyFacetLinkNarrowsTheResult() async throws {
        let fixture = try ServerFixture()
        try await fixture.withServer { client in
            let start = try await get(client, "/search?q=pa%C5%A1vald%C4%ABbu")
            let total = try #require(resultCount(start.text))
            let facetLinks = links(in: String(start.text[start.text.range(of: "<aside class=\"facets\"")!.lowerBound...]))
                .filter { $0.hasPrefix("/search?") }
            #expect(facetLinks.count >= 4)
            for link in facetLinks {
                let narrowed = try await get(client, link)
                #expect(narrowed.status == .ok, "\(link)")
                let count = try #require(resultCount(narrowed.text), "\(link)")
                #expect(count >= 1 && count <= total, "\(link): \(count) of \(total)")
                #expect(narrowed.text.contains("<ul class=\"chips\""), "\(link) shows its filter")
            }
            // A country facet really filters: every hit of KG is about Kyrgyzstan.
            let kyrgyz = try await get(client, "/search?q=pa%C5%A1vald%C4%ABbu&country=KG")
            let lines = kyrgyz.text.components(separatedBy: "<p class=\"facts-line\">").dropFirst()
            #expect(!lines.isEmpty)
            #expect(lines.allSatisfy { $0.prefix { $0 != "<" }.contains("Kirgizstāna") })
        }
    }

    @Test func pagingWalksTheWholeResult() async throws {
        let fixture = try ServerFixture()
        try await fixture.withServer { client in
            let first = try await get(client, "/search")
            let total = try #require(resultCount(first.text))
            #expect(total == 14)
            #expect(hitCount(first.text) == 10)
            #expect(first.text.contains("rel=\"next\" href=\"/search?page=2\""))
            #expect(first.text.contains("1. lapa no 2"))
            let second = try await get(client, "/search?page=2")
            #expect(hitCount(second.text) == 4)
            #expect(second.text.contains("<ol class=\"hits\" start=\"11\">"))
            #expect(second.text.contains("rel=\"prev\" href=\"/search\""))
            // No note is on both pages.
            let firstNotes = Set(links(in: first.text).filter { $0.hasPrefix("/notes/") })
            let secondNotes = Set(links(in: second.text).filter { $0.hasPrefix("/notes/") })
            #expect(firstNotes.count == 10 && secondNotes.count == 4 && firstNotes.isDisjoint(with: secondNotes))
            // Past the end (an old link): to the last page, not an empty "page 3 of 2".
            let beyond = try await get(client, "/search?page=99")
            #expect(beyond.status == .seeOther)
            #expect(beyond.headers[.location] == "/search?page=2")
            let none = try await get(client, "/search?q=nekaskonkretsneatradisies&page=3&lang=en")
            #expect(none.headers[.location] == "/search?q=nekaskonkretsneatradisies&lang=en")
            let topic = try await get(client, "/topics/dialoga-platforma?page=7")
            #expect(topic.status == .seeOther)
            #expect(topic.headers[.location] == "/topics/dialoga-platforma")
        }
    }

    @Test func aMisspelledQuerySaysWhatItShowsOrSuggests() async throws {
        let fixture = try ServerFixture()
        try await fixture.withServer { client in
            // Nothing as typed: the page shows the corrected query's notes and says so.
            let ran = try await get(client, "/search?q=pa%C5%A1vald%C4%ABbbu")
            #expect(ran.status == .ok)
            #expect(ran.text.contains("Vaicājumam „pašvaldībbu” nekas netika atrasts; rādīti rezultāti vaicājumam <strong>pašvaldību</strong>."))
            #expect(hitCount(ran.text) > 0)
            // Notes with the other words: they are shown, and the correction offered as a link.
            let offered = try await get(client, "/search?q=reforma+kirgizstanna")
            #expect(offered.text.contains("Vai domājāt: <a href=\"/search?q="))
            #expect(!offered.text.contains("nekas netika atrasts"))
        }
    }

    @Test func snippetsReadAsTextNotMarkdown() {
        let start = SearchEngine.highlightStart, end = SearchEngine.highlightEnd
        let html = Layout.snippetHTML("…ievads.\n- **Pirmais** \(start)solis\(end)\n2. otrais\n## Virsraksts\n> citāts `kods` <b>")
        #expect(html == "…ievads. Pirmais <mark>solis</mark> otrais Virsraksts citāts kods &lt;b&gt;")
    }

    @Test func aPageKindNeverTakesOnTheReportStylesheetsRules() async throws {
        // The site's stylesheet is the report's plus its own; a body class the report styles
        // (.note, .topic are report sections) once pushed the note page left, under a gap.
        let reportClasses = Set(HTMLReportStyle.css.matches(of: /\.([a-z][a-z0-9-]*)/).map { String($0.output.1) })
        #expect(reportClasses.isSuperset(of: ["note", "topic"]))
        let fixture = try ServerFixture()
        try await fixture.withServer { client in
            for uri in ["/", "/search?q=reforma", "/notes/lps-kps-sadarbibas-ligums-2018", "/topics/dialoga-platforma", "/nowhere"] {
                let html = try await get(client, uri).text
                let start = try #require(html.range(of: "<body class=\"")?.upperBound)
                let classes = html[start...].prefix { $0 != "\"" }.split(separator: " ").map(String.init)
                #expect(classes.first == "site", "\(uri)")
                #expect(reportClasses.isDisjoint(with: classes.dropFirst()), "\(uri): \(classes)")
            }
        }
    }

    @Test func notePageShowsTheWholeLessonInTheAuthorsOrderWithRelatedNotes() async throws {
        let fixture = try ServerFixture()
        try await fixture.withServer { client in
            let response = try await get(client, "/notes/kps-ierobezotas-lobesanas-iespejas")
            #expect(response.status == .ok)
            let html = response.text
            let note = try #require(try NoteStore(connection: KnowledgeBase(path: fixture.databasePath, access: .read).connection)
                .note(id: "kps-ierobezotas-lobesanas-iespejas"))
            #expect(html.contains(escapeForTest(note.title)))
            var last = html.startIndex
            for heading in ["<h2>Konteksts</h2>", "<h2>Mācība</h2>", "<h2>Ieteikumi</h2>"] where html.contains(heading) {
                let position = try #require(html.range(of: heading)).lowerBound
                #expect(position > last, "\(heading) in the author's order")
                last = position
            }
            #expect(html.contains("<section class=\"related\">"))
            let related = String(html[html.range(of: "<section class=\"related\">")!.lowerBound...])
            #expect(related.contains("<li class=\"hit\">"))
            #expect(!related.contains("href=\"/notes/kps-ierobezotas-lobesanas-iespejas\""))
            for topic in note.topics { #expect(html.contains("href=\"/topics/\(topic)\"")) }
        }
    }

    @Test func topicPageListsSubtopicsNotesAndReports() async throws {
        let fixture = try ServerFixture()
        try await fixture.withServer { client in
            let response = try await get(client, "/topics/starptautiska-sadarbiba")
            #expect(response.status == .ok)
            let html = response.text
            #expect(html.contains("<h1>Starptautiskā sadarbība</h1>"))
            #expect(html.contains("href=\"/topics/macibu-vizites\""))
            #expect(html.contains("<li class=\"hit\">"))
            for format in ["html", "md", "excel", "csv", "json"] {
                #expect(html.contains("href=\"/topics/starptautiska-sadarbiba/report/\(format)\""))
            }
            let report = try await get(client, "/topics/starptautiska-sadarbiba/report/html")
            #expect(report.status == .ok)
            #expect(report.text.hasPrefix("<!DOCTYPE html>"))
            #expect(report.headers[.contentSecurityPolicy]?.contains("script") == false)
            let markdown = try await get(client, "/topics/starptautiska-sadarbiba/report/md")
            #expect(markdown.headers[.contentType] == "text/markdown; charset=utf-8")
            #expect(markdown.text.contains("Starptautiskā sadarbība"))
            let csv = try await get(client, "/topics/starptautiska-sadarbiba/report/csv")
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"starptautiska-sadarbiba.csv\"")
            #expect(csv.text.hasPrefix("\u{FEFF}\"id\",\"title\","), "the plain CSV is for programs: keys, commas")
            // For Excel in a Latvian (or Russian) locale: ';' and the fields' names in the page's language.
            let excel = try await get(client, "/topics/starptautiska-sadarbiba/report/excel")
            #expect(excel.headers[.contentDisposition] == "attachment; filename=\"starptautiska-sadarbiba-excel.csv\"")
            #expect(excel.text.contains("\"mācība\";\"Kirgizstāna\""), "values as people read them")
            #expect(excel.text.hasPrefix("\u{FEFF}\"ID\";\"Nosaukums\";\"Veids\";"))
            #expect(excel.text.components(separatedBy: "\r\n").count == csv.text.components(separatedBy: "\r\n").count)
            let russian = try await get(client, "/topics/starptautiska-sadarbiba/report/excel?lang=ru")
            #expect(russian.text.hasPrefix("\u{FEFF}\"ID\";\"Название\";"))
            let json = try await get(client, "/topics/starptautiska-sadarbiba/report/json")
            #expect((try? JSONSerialization.jsonObject(with: Data(json.text.utf8))) is [String: Any])
            let pdf = try await get(client, "/topics/starptautiska-sadarbiba/report/pdf")
            #expect(pdf.status == .notFound)
        }
    }

    @Test func labelsFollowLangThenAcceptLanguage() async throws {
        let fixture = try ServerFixture()
        try await fixture.withServer { client in
            let english = try await get(client, "/search?q=reforma&lang=en")
            #expect(english.text.contains("<html lang=\"en\">"))
            #expect(english.text.contains("Search results"))
            // Links keep the language chosen in the address.
            #expect(english.text.contains("lang=en\">"))
            let russian = try await get(client, "/", headers: [.acceptLanguage: "ru-RU,ru;q=0.9,en;q=0.8"])
            #expect(russian.text.contains("<html lang=\"ru\">"))
            #expect(russian.text.contains("Темы"))
            let preferEnglish = try await get(client, "/", headers: [.acceptLanguage: "de, en;q=0.5, lv;q=0.4"])
            #expect(preferEnglish.text.contains("<html lang=\"en\">"))
            let latvian = try await get(client, "/")
            #expect(latvian.text.contains("<html lang=\"lv\">"))
        }
    }
}

/// HTML escaping as the site does it, for expectations.
func escapeForTest(_ text: String) -> String { HTMLEscaping.escape(text) }

@Suite struct APITests {
    @Test func searchAPIHasTheCLIShape() async throws {
        let fixture = try ServerFixture()
        try await fixture.withServer { client in
            let response = try await get(client, "/api/search?q=lob%C4%93%C5%A1ana&limit=3")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
            // The CLI's object (its exact bytes: apiBytesAreTheCLIsJSON).
            #expect(Set(object.keys).isSuperset(of: ["query", "expression", "total", "totalRelation", "results"]))
            // The query as typed; the FTS5 expression beside it (a new user read it as an echo).
            #expect(object["query"] as? String == "lobēšana")
            #expect((object["expression"] as? String)?.contains("\"lobēšana\"") == true)
            #expect((object["total"] as? Int ?? 0) >= 3)
            let results = try #require(object["results"] as? [[String: Any]])
            #expect(results.count == 3)
            #expect(results.map { $0["rank"] as? Int } == [1, 2, 3])
            for result in results {
                #expect(Set(result.keys).isSuperset(of: ["rank", "id", "title", "score", "kind", "topics", "snippet"]))
                #expect((result["snippet"] as? String)?.contains("**") == true)
            }
            let second = try await get(client, "/api/search?q=lob%C4%93%C5%A1ana&limit=3&offset=3")
            let next = try #require(try JSONSerialization.jsonObject(with: Data(second.text.utf8)) as? [String: Any])
            #expect((next["results"] as? [[String: Any]])?.first?["rank"] as? Int == 4)
        }
    }

    @Test func apiBytesAreTheCLIsJSON() async throws {
        let fixture = try ServerFixture()
        let knowledgeBase = try KnowledgeBase(path: fixture.databasePath, access: .read)
        var filter = NoteStore.Filter()
        filter.country = "KG"
        // What `pieredze search lobēšana --country KG --limit 2 --offset 1 --format json` runs.
        var results = try knowledgeBase.search(text: "lobēšana", filter: filter, limit: 2, offset: 1)
        try knowledgeBase.countMatches(of: &results, text: "lobēšana", filter: filter)
        let expectedSearch = try SearchOutput.render(results, format: .json, offset: 1, style: TerminalStyle(enabled: false))
        let note = try #require(try knowledgeBase.note(id: "lps-kps-sadarbibas-ligums-2018"))
        let expectedNote = try NoteOutput.render(note, format: .json, style: TerminalStyle(enabled: false))
        try await fixture.withServer { client in
            let search = try await get(client, "/api/search?q=lob%C4%93%C5%A1ana&country=KG&limit=2&offset=1")
            #expect(search.text == expectedSearch)
            let shown = try await get(client, "/api/notes/lps-kps-sadarbibas-ligums-2018")
            #expect(shown.text == expectedNote)
        }
    }

    @Test func noteAndTopicsAPI() async throws {
        let fixture = try ServerFixture()
        try await fixture.withServer { client in
            let note = try await get(client, "/api/notes/lps-kps-sadarbibas-ligums-2018")
            #expect(note.status == .ok)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(note.text.utf8)) as? [String: Any])
            #expect(object["id"] as? String == "lps-kps-sadarbibas-ligums-2018")
            #expect(object["title"] as? String == "LPS un KPS paraksta sadarbības līgumu Biškekā")
            let topics = try await get(client, "/api/topics")
            let list = try #require(try JSONSerialization.jsonObject(with: Data(topics.text.utf8)) as? [[String: Any]])
            let reform = try #require(list.first { $0["slug"] as? String == "administrativi-teritoriala-reforma" })
            #expect(reform["depth"] as? Int == 0)
            #expect((reform["notes"] as? Int ?? 0) > 0)
            let child = try #require(list.first { $0["slug"] as? String == "funkciju-sadale" })
            #expect(child["parent"] as? String == "administrativi-teritoriala-reforma")
            #expect(child["depth"] as? Int == 1)
        }
    }
}

@Suite struct ErrorAndSecurityTests {
    @Test func unknownThingsAreA404Page() async throws {
        let fixture = try ServerFixture()
        try await fixture.withServer { client in
            for uri in ["/notes/no-such-note", "/notes/%3Cscript%3E", "/topics/no-such-topic", "/nowhere", "/topics/x/report/html",
                        "/assets/../../etc/passwd", "/assets/pieredze.db"] {
                let response = try await get(client, uri)
                #expect(response.status == .notFound, "\(uri)")
                #expect(response.text.contains("<h1>Nav atrasts</h1>"), "\(uri)")
            }
            let api = try await get(client, "/api/notes/no-such-note")
            #expect(api.status == .notFound)
            #expect(api.headers[.contentType] == "application/json; charset=utf-8")
        }
    }

    @Test func badParametersAreA400PageWithoutInternals() async throws {
        let fixture = try ServerFixture()
        try await fixture.withServer { client in
            for uri in ["/search?year=abc", "/search?year=20", "/search?kind=novel", "/search?country=Atlantis", "/search?page=0",
                        "/search?page=-1", "/search?lang=de", "/search?q=%ZZ", "/search?q=%21%21%21", "/search?q=-finanses",
                        "/search?topic=nav-tadas", "/search?topic=%27%3B%20DROP", "/api/search", "/api/search?q=x&limit=1000"] {
                let response = try await get(client, uri)
                #expect(response.status == .badRequest, "\(uri)")
                let text = response.text.lowercased()
                for leak in ["sqlite", "select ", "fts5", "notes_fts", "swift", "fatal", "error:"] {
                    #expect(!text.contains(leak), "\(uri) leaks \(leak)")
                }
            }
            // A typed query that cannot run: the search page again, the query in its box, why in Latvian.
            let query = try await get(client, "/search?q=-finanses")
            #expect(query.text.contains("value=\"-finanses\""))
            #expect(query.text.contains("Vaicājums tikai izslēdz vārdus"))
            let english = try await get(client, "/search?q=%21%21%21&lang=en")
            #expect(english.text.contains("The query has no words to search for"))
            let page = try await get(client, "/search?kind=novel")
            #expect(page.text.contains("<h1>Nepareizs pieprasījums</h1>"))
            #expect(page.text.contains("lesson, good-practice, observation, event"))
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        let fixture = try ServerFixture()
        try await fixture.withServer { client in
            for uri in ["/", "/search?q=reforma", "/notes/lps-kps-sadarbibas-ligums-2018", "/topics/nacionalais-dialogs",
                        "/topics/nacionalais-dialogs/report/html", "/api/topics", "/assets/site.css", "/nowhere", "/search?page=x"] {
                let response = try await get(client, uri)
                let policy = try #require(response.headers[.contentSecurityPolicy], "\(uri)")
                #expect(policy.contains("default-src 'self'") || policy.contains("default-src 'none'"), "\(uri)")
                #expect(!policy.contains("'unsafe-inline'") || !policy.contains("script-src 'unsafe"), "\(uri)")
                #expect(!policy.contains("script-src 'unsafe-inline'"), "\(uri)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                #expect(response.headers.contains { $0.name.canonicalName == "referrer-policy" }, "\(uri)")
            }
        }
    }

    @Test func scriptInEveryFieldIsRenderedInert() async throws {
        let fixture = try ServerFixture(withHostileNote: true)
        try await fixture.withServer { client in
            let pages = ["/notes/hostile-note", "/search?q=reforma", "/search?q=alert", "/search?tag=birka%20%3Cscript%3E",
                         "/", "/topics/laba-parvaldiba", "/notes/hostile-note?lang=en"]
            for uri in pages {
                let response = try await get(client, uri)
                #expect(response.status == .ok, "\(uri)")
                let html = response.text
                #expect(!html.contains(scriptPayload), "\(uri) carries a raw <script>")
                #expect(!html.contains("<img"), "\(uri) carries a raw <img>")
                #expect(!html.contains("onerror=alert(1)>"), "\(uri) carries an unquoted handler")
                #expect(!html.contains("<b onmouseover"), "\(uri) carries a raw handler")
                #expect(!html.lowercased().contains("href=\"javascript:"), "\(uri) links to javascript:")
                #expect(!html.contains("<script"), "\(uri)")
            }
            let note = try await get(client, "/notes/hostile-note").text
            // Every field is there, as text.
            for field in ["Reforma", "Kopsavilkums", "Mācība", "Konteksts", "Ieteikums", "Teksts", "birka", "Org", "Persona", "Avots", "Izdevējs"] {
                #expect(note.contains("\(field) &lt;script&gt;alert(1)&lt;/script&gt;"), "\(field) shown escaped")
            }
            #expect(note.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        }
    }
}

@Suite struct ConcurrencyTests {
    @Test func pagesReadTheCommittedSnapshotWhileAWriteIsUnderWay() async throws {
        let fixture = try ServerFixture()
        let writer = try KnowledgeBase(path: fixture.databasePath, access: .write)
        try writer.connection.execute("BEGIN IMMEDIATE")
        try writer.connection.execute("DELETE FROM notes WHERE id = ?", ["lps-kps-sadarbibas-ligums-2018"])
        try await fixture.withServer { client in
            // The write holds the database's write lock; readers still see the last commit.
            let note = try await get(client, "/notes/lps-kps-sadarbibas-ligums-2018")
            #expect(note.status == .ok)
            let all = try await get(client, "/search")
            #expect(resultCount(all.text) == 14)
        }
        try writer.connection.execute("ROLLBACK")
    }
}
