import Foundation
import HTTPTypes
import Hummingbird
import PieredzeKit

/// A write the server refuses (403): from another origin, without a valid CSRF token, or to a
/// server that only reads.
struct WriteRefused: Error {
    enum Reason: Equatable {
        case otherSite
        case staleToken
        case readOnly
    }

    var reason: Reason

    /// For the API and the log.
    var message: String {
        switch reason {
        case .otherSite: return "the form was sent from another site"
        case .staleToken: return "the form's security token is missing or stale; reload the form and send it again"
        case .readOnly: return "this server only reads; it was not started with --allow-writes"
        }
    }
}

/// Cross-site request forgery protection for the write forms (only with `--allow-writes`).
///
/// Double submit (OWASP CSRF cheat sheet): a form page sets a random token in a
/// `SameSite=Strict; HttpOnly` cookie and puts the same token in a hidden field; a POST must
/// carry both, equal. Another site can make the browser send the cookie only from a same-site
/// navigation (SameSite=Strict) and cannot read it to fill the field. Besides, a POST whose
/// `Origin` is present must name this server (`http://` + `Host`), and `Sec-Fetch-Site`,
/// when sent, must be `same-origin` or `none`.
struct WriteGuard: Sendable {
    static let cookieName = "pieredze_csrf"

    /// The request's token from its cookie when well formed, else a new one, and the
    /// `Set-Cookie` value to send when it is new.
    func token(for request: Request) -> (token: String, setCookie: String?) {
        if let existing = Self.cookie(request), Self.isWellFormed(existing) { return (existing, nil) }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
        return (token, "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict")
    }

    /// Throws `WriteRefused` unless the form's token matches the cookie and the origin is ours.
    func check(_ request: Request, formToken: String?) throws {
        if let origin = request.headers[.origin], let host = request.head.authority {
            guard origin == "http://\(host)" else { throw WriteRefused(reason: .otherSite) }
        }
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
            throw WriteRefused(reason: .otherSite)
        }
        guard let cookie = Self.cookie(request), Self.isWellFormed(cookie), let formToken,
              Self.constantTimeEqual(cookie, formToken) else {
            throw WriteRefused(reason: .staleToken)
        }
    }

    static func cookie(_ request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, parts[0] == cookieName { return parts[1] }
            }
        }
        return nil
    }

    static func isWellFormed(_ token: String) -> Bool {
        token.count == 64 && token.allSatisfy { $0.isHexDigit }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// The note form's fields as text, and the note they make.
struct NoteForm {
    static let textFields = ["id", "title", "summary", "kind", "country", "occurred", "language", "status", "source_title",
                             "source_url", "source_publisher", "source_date", "context", "lesson", "recommendation", "body"]
    var values: [String: String] = [:]
    var topics: [String] = []
    /// One tag a line.
    var tags = ""
    /// One organization a line: `name | country | kind`.
    var organizations = ""
    /// One person a line: `name | role | organization`.
    var people = ""
    /// When editing: the stored note's `version(of:)` when the form was opened.
    var version = ""

    init() {
        values["kind"] = NoteKind.lesson.rawValue
        values["language"] = "lv"
        values["status"] = NoteStatus.draft.rawValue
    }

    init(_ parameters: FormParameters) {
        for field in Self.textFields { values[field] = parameters.raw(field) ?? "" }
        topics = parameters.all("topics").filter { !$0.isEmpty }
        tags = parameters.raw("tags") ?? ""
        organizations = parameters.raw("organizations") ?? ""
        people = parameters.raw("people") ?? ""
        version = parameters["version"] ?? ""
    }

    init(note: Note) {
        values = ["id": note.id, "title": note.title, "summary": note.summary, "kind": note.kind.rawValue,
                  "country": note.country ?? "", "occurred": note.occurred ?? "", "language": note.language,
                  "status": note.status.rawValue, "source_title": note.source?.title ?? "", "source_url": note.source?.url ?? "",
                  "source_publisher": note.source?.publisher ?? "", "source_date": note.source?.date ?? "",
                  "context": note.context, "lesson": note.lesson, "recommendation": note.recommendation, "body": note.body]
        topics = note.topics
        tags = note.tags.joined(separator: "\n")
        organizations = note.organizations.map { [$0.name, $0.country ?? "", $0.kind ?? ""].joined(separator: " | ") }
            .map(Self.trimmingEmptyColumns).joined(separator: "\n")
        people = note.people.map { [$0.name, $0.role ?? "", $0.organization ?? ""].joined(separator: " | ") }
            .map(Self.trimmingEmptyColumns).joined(separator: "\n")
    }

    private static func trimmingEmptyColumns(_ line: String) -> String {
        var line = line
        while line.hasSuffix(" | ") { line.removeLast(3) }
        return line
    }

    /// The form as the loader's raw record, so the loader's own rules judge it.
    func record(id: String?) -> RawRecord {
        var fields: [(key: String, value: FieldValue)] = []
        for field in Self.textFields where field != "id" && field != "source_title" && !field.hasPrefix("source_") {
            let text = values[field] ?? ""
            if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { fields.append((field, .text(text))) }
        }
        if let id, !id.isEmpty { fields.append(("id", .text(id))) }
        var source: [(key: String, value: FieldValue)] = []
        for (field, key) in [("source_title", "title"), ("source_url", "url"), ("source_publisher", "publisher"), ("source_date", "date")] {
            let text = (values[field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { source.append((key, .text(text))) }
        }
        if !source.isEmpty { fields.append(("source", .map(source))) }
        if !topics.isEmpty { fields.append(("topics", .list(topics.map { .text($0) }))) }
        let tagLines = Self.lines(tags)
        if !tagLines.isEmpty { fields.append(("tags", .list(tagLines.map { .text($0) }))) }
        func entries(_ text: String, keys: [String]) -> FieldValue {
            .list(Self.lines(text).map { line in
                let columns = line.components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                return .map(zip(keys, columns).filter { !$0.1.isEmpty }.map { (key: $0.0, value: FieldValue.text($0.1)) })
            })
        }
        if !Self.lines(organizations).isEmpty { fields.append(("organizations", entries(organizations, keys: ["name", "country", "kind"]))) }
        if !Self.lines(people).isEmpty { fields.append(("people", entries(people, keys: ["name", "role", "organization"]))) }
        return RawRecord(fields: fields, location: SourceLocation(file: "form", line: 1))
    }

    /// A fingerprint of a stored note's content (64-bit FNV-1a of its Markdown export, hex):
    /// the edit form carries the one it was opened with, so a save can tell that someone else
    /// saved the note in between. Detects change, not tampering (the form is ours anyway).
    static func version(of note: Note) throws -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in try NoteExporter.markdown(note).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(format: "%016llx", hash)
    }

    /// A field's text as the form shows it (text fields, and the one-a-line lists).
    func text(of field: String) -> String? {
        switch field {
        case "tags": return tags
        case "organizations": return organizations
        case "people": return people
        default: return values[field]
        }
    }

    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

extension Site {
    func addWriteRoutes(to router: Router<BasicRequestContext>) {
        router.get("/new") { request, _ in try await self.pool.run { try self.noteForm(request, editing: nil) } }
        router.post("/new") { request, _ in try await self.saveNote(request, editing: nil) }
        router.get("/notes/:id/edit") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.pool.run { try self.noteForm(request, editing: id) }
        }
        router.post("/notes/:id/edit") { request, context in try await self.saveNote(request, editing: context.parameters.get("id") ?? "") }
        router.get("/upload") { request, _ in try await self.pool.run { try self.uploadForm(request, message: nil) } }
        router.get("/upload/template.csv") { request, _ in
            // An empty notes table headed in the page's language, for Excel; the loader reads it back.
            let language = try self.context(request).language
            var response = Response.text(CSVReportRenderer.loadTemplate(language.reportLanguage), contentType: "text/csv; charset=utf-8")
            response.headers[.contentDisposition] = "attachment; filename=\"pieredze-\(language.rawValue).csv\""
            return response
        }
        router.post("/upload") { request, _ in try await self.upload(request) }
    }

    /// Without `--allow-writes` the forms' addresses say that this server only reads (403),
    /// rather than that they do not exist.
    func addReadOnlyWriteRoutes(to router: Router<BasicRequestContext>) {
        let refuse: @Sendable (Request, BasicRequestContext) async throws -> Response = { _, _ in throw WriteRefused(reason: .readOnly) }
        for path in ["/new", "/upload", "/notes/:id/edit"] {
            router.get(RouterPath(stringLiteral: path), use: refuse)
            router.post(RouterPath(stringLiteral: path), use: refuse)
        }
    }

    /// The request's body, refused with 413 when larger than `maximumUploadBytes` (by its
    /// `Content-Length` before reading, or while reading one sent in chunks).
    func readBody(_ request: Request) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > options.maximumUploadBytes {
            throw HTTPError(.contentTooLarge)
        }
        do {
            return try await request.body.collect(upTo: options.maximumUploadBytes)
        } catch {
            throw HTTPError(.contentTooLarge)
        }
    }

    // MARK: Note form

    func noteForm(_ request: Request, editing id: String?) throws -> Response {
        let context = try context(request)
        var form = NoteForm()
        let topics = try pool.readNow { knowledgeBase -> [Topic] in
            if let id {
                guard Self.isPlausibleKey(id), let note = try knowledgeBase.note(id: id) else { throw NotFound() }
                form = NoteForm(note: note)
                form.version = try NoteForm.version(of: note)
            }
            return try knowledgeBase.topicTree().topics
        }
        let token = writes!.token(for: request)
        var response = Response.html(formPage(form, problems: [], topics: topics, editing: id, token: token.token, context: context))
        if let cookie = token.setCookie { response.headers[.setCookie] = cookie }
        return response
    }

    func saveNote(_ request: Request, editing id: String?) async throws -> Response {
        let body = try await readBody(request)
        let parameters = try FormParameters(encoded: String(buffer: body))
        let context = try self.context(request)
        do {
            try writes!.check(request, formToken: parameters.raw("csrf"))
        } catch let refused as WriteRefused where refused.reason == .staleToken {
            // Same site but no valid token (cookies cleared, another browser profile): the form
            // again with what was typed and a fresh token, rather than a page that loses it.
            let topics = try pool.readNow { try $0.topicTree().topics }
            let token = writes!.token(for: request)
            var response = Response.html(formPage(NoteForm(parameters), problems: [], notice: context.labels.staleToken, topics: topics,
                                                  editing: id, token: token.token, context: context), status: .forbidden)
            if let cookie = token.setCookie { response.headers[.setCookie] = cookie }
            return response
        }
        if let id, !Self.isPlausibleKey(id) { throw NotFound() }
        // Editing keeps the note's id whatever its title becomes; a new note takes the id given, or one from its title.
        var form = NoteForm(parameters)
        let givenID = id ?? form.values["id"]?.trimmingCharacters(in: .whitespacesAndNewlines)
        let title = form.values["title"] ?? ""
        let (topics, stored) = try pool.readNow { knowledgeBase -> ([Topic], Note?) in
            let candidate = givenID.flatMap { $0.isEmpty ? nil : $0 } ?? Slug.derive(from: title)
            return (try knowledgeBase.topicTree().topics, try knowledgeBase.note(id: candidate))
        }
        if id != nil, stored == nil { throw NotFound() }
        var problems: [LoadProblem] = []
        var conflict = false
        var savedForm: NoteForm?
        let note = NoteDecoder(topics: topics).decode(form.record(id: givenID), problems: &problems)
        if id == nil, stored != nil, let note {
            // With no id given it came from the title: say so, or "leave it empty" would go round in a circle.
            let fromTitle = givenID?.isEmpty ?? true
            problems.append(LoadProblem(SourceLocation(file: "form", line: 1), field: "id",
                                        fromTitle ? "a note with the id '\(note.id)', made from the title, exists; give this note an id of its own"
                                                  : "a note with the id '\(note.id)' exists; give this note another id"))
        }
        if id != nil, let stored, try NoteForm.version(of: stored) != form.version {
            // Someone saved the note since this form was opened: say so instead of silently
            // replacing their change. The form now carries the new version, so sending it
            // again (after a look at theirs) saves it.
            conflict = true
            form.version = try NoteForm.version(of: stored)
            savedForm = NoteForm(note: stored)
        }
        if problems.isEmpty, !conflict, let note {
            do {
                try write(note)
                var response = Response(status: .seeOther)
                response.headers[.location] = context.link("/notes/" + note.id + "?saved=1")
                return response
            } catch let failure as LoadFailure {
                problems = failure.problems
            }
        }
        let token = writes!.token(for: request)
        return .html(formPage(form, problems: problems, conflict: conflict, saved: savedForm, topics: topics, editing: id, token: token.token,
                              context: context), status: conflict && problems.isEmpty ? .conflict : .unprocessableContent)
    }

    /// Writes one valid note through the loader (all or nothing, the loader's own rules).
    func write(_ note: Note) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pieredze-form-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("form.md")
        try NoteExporter.markdown(note).write(to: file, atomically: true, encoding: .utf8)
        _ = try KnowledgeBase(path: options.databasePath, access: .write).load([.path(file.path)])
    }

    /// `saved`: on an edit conflict, the version someone else saved, shown under each field
    /// where it differs from what was typed.
    func formPage(_ form: NoteForm, problems: [LoadProblem], conflict: Bool = false, saved: NoteForm? = nil, notice: String? = nil,
                  topics: [Topic], editing id: String?, token: String, context: PageContext) -> String {
        let labels = context.labels
        var byField: [String: [String]] = [:]
        var general: [String] = []
        for problem in problems {
            if let field = FormProblems.field(of: problem),
               NoteForm.textFields.contains(field) || ["topics", "tags", "organizations", "people"].contains(field) {
                let message = FormProblems.message(problem, field: field, language: context.language)
                if !(byField[field]?.contains(message) ?? false) { byField[field, default: []].append(message) }
            } else {
                general.append(problem.field.map { "\($0): \(problem.message)" } ?? problem.message)
            }
        }
        let title = id == nil ? labels.newNote : labels.editNote
        let action = id.map { "/notes/\($0)/edit" } ?? "/new"
        var html = "<h1>\(escapeHTML(title))</h1>\n"
        if let notice { html += "<p class=\"error-box\" role=\"alert\">\(escapeHTML(notice))</p>\n" }
        if conflict, let id {
            html += "<p class=\"error-box\" role=\"alert\">\(escapeHTML(labels.editConflict)) "
            html += "<a href=\"\(escapeHTML(context.link("/notes/" + id)))\" target=\"_blank\" rel=\"noopener\">\(escapeHTML(labels.editConflictLink))</a></p>\n"
        }
        if !problems.isEmpty {
            html += "<p class=\"error-box\" role=\"alert\">\(escapeHTML(labels.formInvalid))</p>\n"
            if !general.isEmpty { html += "<ul class=\"problems\">" + general.map { "<li>\(escapeHTML($0))</li>" }.joined() + "</ul>\n" }
        }
        html += "<form class=\"note-form\" method=\"post\" action=\"\(escapeHTML(context.link(action)))\">\n"
        html += "<input type=\"hidden\" name=\"csrf\" value=\"\(escapeHTML(token))\">\n"
        if id != nil { html += "<input type=\"hidden\" name=\"version\" value=\"\(escapeHTML(form.version))\">\n" }
        func field(_ name: String, _ label: String, _ control: String, help: String? = nil) {
            let errors = byField[name] ?? []
            html += "<div class=\"field\(errors.isEmpty ? "" : " invalid")\"><label for=\"f-\(name)\">\(escapeHTML(label))</label>\(control)"
            if let help { html += "<p class=\"help\">\(escapeHTML(help))</p>" }
            if let theirs = saved?.text(of: name), theirs.trimmingCharacters(in: .whitespacesAndNewlines) != (form.text(of: name) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) {
                html += "<p class=\"theirs\"><span class=\"label\">\(escapeHTML(labels.savedVersion))</span> \(theirs.isEmpty ? "—" : escapeHTML(theirs))</p>"
            }
            // One element a field, so its id (named by the control's aria-describedby) is unique.
            if !errors.isEmpty { html += "<p class=\"problem\" id=\"e-\(name)\">" + errors.map(escapeHTML).joined(separator: "<br>") + "</p>" }
            html += "</div>\n"
        }
        func input(_ name: String, type: String = "text", required: Bool = false) -> String {
            "<input type=\"\(type)\" id=\"f-\(name)\" name=\"\(name)\" value=\"\(escapeHTML(form.values[name] ?? ""))\"\(required ? " required" : "")\(byField[name] != nil ? " aria-invalid=\"true\" aria-describedby=\"e-\(name)\"" : "")>"
        }
        func area(_ name: String, _ text: String, rows: Int = 5) -> String {
            "<textarea id=\"f-\(name)\" name=\"\(name)\" rows=\"\(rows)\"\(byField[name] != nil ? " aria-invalid=\"true\" aria-describedby=\"e-\(name)\"" : "")>\(escapeHTML(text))</textarea>"
        }
        func select(_ name: String, _ options: [(String, String)]) -> String {
            let current = form.values[name] ?? ""
            return "<select id=\"f-\(name)\" name=\"\(name)\">" + options.map { value, text in
                "<option value=\"\(escapeHTML(value))\"\(value == current ? " selected" : "")>\(escapeHTML(text))</option>"
            }.joined() + "</select>"
        }
        field("title", labels.title, input("title", required: true))
        if id == nil {
            field("id", labels.id, input("id"), help: labels.idHelp)
        } else {
            html += "<p class=\"help\">\(escapeHTML(labels.id)): <code>\(escapeHTML(id!))</code></p>\n"
        }
        field("summary", labels.summary, area("summary", form.values["summary"] ?? "", rows: 3))
        html += "<div class=\"field-row\">\n"
        field("kind", labels.kind, select("kind", NoteKind.allCases.map { ($0.rawValue, labels.kindName($0)) }))
        // In the reader's alphabet (ICU's collation: Č after C, Š after S in Latvian).
        let locale = Locale(identifier: context.language.localeIdentifier)
        let countries = Countries.all.map { ($0.code, labels.countryName($0.code)) }
            .sorted { $0.1.compare($1.1, locale: locale) == .orderedAscending }
        field("country", labels.country, select("country", [("", labels.chooseNothing)] + countries))
        field("occurred", labels.occurred, input("occurred"), help: labels.occurredHelp)
        field("language", labels.noteLanguage, select("language", ["lv", "en", "ru"].map { ($0, labels.languageName($0)) }))
        field("status", labels.status, select("status", NoteStatus.allCases.map { ($0.rawValue, labels.statusName($0)) }))
        html += "</div>\n"
        // Topics: a checkbox each, indented under their parents.
        let byID = Dictionary(uniqueKeysWithValues: topics.map { ($0.id, $0) })
        var topicBoxes = "<fieldset id=\"f-topics\" class=\"topics-picker\"><legend>\(escapeHTML(labels.topics))</legend>"
        for topic in topics {
            var depth = 0
            var parent = topic.parentID
            while let up = parent { depth += 1; parent = byID[up]?.parentID }
            topicBoxes += "<label class=\"depth-\(depth)\"><input type=\"checkbox\" name=\"topics\" value=\"\(escapeHTML(topic.slug))\"\(form.topics.contains(topic.slug) ? " checked" : "")> \(escapeHTML(labels.topicName(topic)))</label>"
        }
        topicBoxes += "</fieldset>"
        let topicErrors = byField["topics"] ?? []
        html += "<div class=\"field\(topicErrors.isEmpty ? "" : " invalid")\">\(topicBoxes)"
        if !topicErrors.isEmpty { html += "<p class=\"problem\" id=\"e-topics\">" + topicErrors.map(escapeHTML).joined(separator: "<br>") + "</p>" }
        if let saved, Set(saved.topics) != Set(form.topics) {
            let names = Dictionary(topics.map { ($0.slug, labels.topicName($0)) }, uniquingKeysWith: { first, _ in first })
            html += "<p class=\"theirs\"><span class=\"label\">\(escapeHTML(labels.savedVersion))</span> \(escapeHTML(saved.topics.map { names[$0] ?? $0 }.joined(separator: ", ")))</p>"
        }
        html += "</div>\n"
        for (name, label) in [("context", labels.context), ("lesson", labels.lesson), ("recommendation", labels.recommendation), ("body", labels.body)] {
            field(name, label, area(name, form.values[name] ?? "", rows: name == "body" ? 6 : 5), help: labels.markdownHelp)
        }
        field("tags", labels.tags, area("tags", form.tags, rows: 3), help: labels.listHelp)
        field("organizations", labels.organizations, area("organizations", form.organizations, rows: 3), help: labels.organizationsHelp)
        field("people", labels.people, area("people", form.people, rows: 3), help: labels.peopleHelp)
        html += "<div class=\"field-row\">\n"
        field("source_title", labels.sourceTitle, input("source_title"))
        field("source_url", labels.sourceURL, input("source_url", type: "url"))
        field("source_publisher", labels.sourcePublisher, input("source_publisher"))
        field("source_date", labels.sourceDate, input("source_date"))
        html += "</div>\n<p><button type=\"submit\">\(escapeHTML(labels.save))</button></p>\n</form>\n"
        return Layout.page(title: title, context: context, bodyClass: "form", main: html)
    }

    // MARK: Upload

    func uploadForm(_ request: Request, message: String?, problems: [String] = [], loaded: [String] = [],
                    status: HTTPResponse.Status = .ok) throws -> Response {
        let context = try context(request)
        let labels = context.labels
        let token = writes!.token(for: request)
        var html = "<h1>\(escapeHTML(labels.upload))</h1>\n<p>\(escapeHTML(labels.uploadHelp))</p>\n"
        html += "<p><a href=\"\(escapeHTML(context.link("/upload/template.csv")))\">\(escapeHTML(labels.template))</a> "
        html += "<span class=\"help\">\(escapeHTML(labels.templateHelp))</span></p>\n"
        if let message { html += "<p class=\"\(problems.isEmpty ? "notice" : "error-box")\" role=\"status\">\(escapeHTML(message))</p>\n" }
        if !problems.isEmpty { html += "<pre class=\"problems\">" + problems.map(escapeHTML).joined(separator: "\n") + "</pre>\n" }
        if !loaded.isEmpty {
            html += "<p>\(escapeHTML(labels.uploadedNotes))</p>\n<ul class=\"loaded\">" + loaded.map { id in
                "<li><a href=\"\(escapeHTML(context.link("/notes/" + id)))\">\(escapeHTML(id))</a></li>"
            }.joined() + "</ul>\n"
        }
        html += """
            <form class="note-form" method="post" action="\(escapeHTML(context.link("/upload")))" enctype="multipart/form-data">
            <input type="hidden" name="csrf" value="\(escapeHTML(token.token))">
            <div class="field"><label for="f-file">\(escapeHTML(labels.uploadFile))</label><input type="file" id="f-file" name="file" accept=".md,.jsonl,.csv" required></div>
            <div class="field"><label for="f-encoding">\(escapeHTML(labels.encoding))</label><select id="f-encoding" name="encoding">\(encodingOptions(labels))</select><p class="help">\(escapeHTML(labels.encodingHelp))</p></div>
            <div class="field"><label><input type="checkbox" name="replace" value="1"> \(escapeHTML(labels.replaceExisting))</label><p class="help">\(escapeHTML(labels.replaceExistingHelp))</p></div>
            <p><button type="submit">\(escapeHTML(labels.uploadButton))</button></p>
            </form>

            """
        var response = Response.html(Layout.page(title: labels.upload, context: context, bodyClass: "form", main: html), status: status)
        if let cookie = token.setCookie { response.headers[.setCookie] = cookie }
        return response
    }

    func upload(_ request: Request) async throws -> Response {
        let body = try await readBody(request)
        let parts = try MultipartForm.parse(Array(buffer: body), contentType: request.headers[.contentType] ?? "")
        try writes!.check(request, formToken: parts.first { $0.name == "csrf" }.map { String(decoding: $0.data, as: UTF8.self) })
        let labels = try context(request).labels
        guard let file = parts.first(where: { $0.name == "file" }), let filename = file.filename, !filename.isEmpty else {
            throw BadRequest(message: "choose a file to upload")
        }
        // Only the name's extension is used; the file is written under a fixed name in a new directory.
        let shownName = String((filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "upload").prefix(200))
        let pathExtension = (shownName as NSString).pathExtension.lowercased()
        guard let format = NoteFormat(pathExtension: pathExtension), format != .json else {
            return try uploadForm(request, message: labels.uploadRefused,
                                  problems: ["\(shownName): \(labels.unsupportedFile)"], status: .unprocessableContent)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pieredze-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("upload." + format.rawValue).path
        try Data(file.data).write(to: URL(fileURLWithPath: path))
        func field(_ name: String) -> String? {
            parts.first { $0.name == name }.map { String(decoding: $0.data, as: UTF8.self) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        var loadOptions = NoteLoader.Options(existingNotes: field("replace") == nil ? .refuse : .replace)
        if let name = field("encoding") {
            guard let encoding = TextEncoding(rawValue: name) else { throw BadRequest(message: "unknown encoding '\(name)'") }
            loadOptions.dialect.encoding = encoding
        } else if file.data.starts(with: [0xFF, 0xFE]) || file.data.starts(with: [0xFE, 0xFF]) {
            loadOptions.dialect.encoding = .utf16  // its byte-order mark says so
        } else if String(validating: file.data, as: UTF8.self) == nil {
            // Said here in the page's language, with the choice on this page (the loader's own
            // message names the command line's --encoding).
            return try uploadForm(request, message: labels.uploadRefused, problems: ["\(shownName): \(labels.notUTF8)"],
                                  status: .unprocessableContent)
        }
        do {
            let knowledgeBase = try KnowledgeBase(path: options.databasePath, access: .write)
            let summary = try knowledgeBase.load([.path(path)], options: loadOptions, collectOutcomes: true)
            let message = labels.uploaded.replacingOccurrences(of: "%1", with: String(summary.new))
                .replacingOccurrences(of: "%2", with: String(summary.updated)).replacingOccurrences(of: "%3", with: String(summary.unchanged))
            // Links to what was added or changed, to check it (the first 100).
            let changed = summary.outcomes.filter { $0.outcome != "unchanged" }.map(\.id)
            return try uploadForm(request, message: message, loaded: Array(changed.prefix(100)))
        } catch let failure as LoadFailure {
            let problems = failure.problems.map { problem in
                var text = problem.description.replacingOccurrences(of: path, with: shownName)
                if NoteLoader.isExistingNoteRefusal(problem) { text += " — " + labels.existingNoteHint }
                return text
            }
            return try uploadForm(request, message: labels.uploadRefused, problems: problems, status: .unprocessableContent)
        }
    }
}

extension Site {
    /// The upload form's encodings: UTF-8 first (the default, also read with a byte-order mark).
    func encodingOptions(_ labels: SiteLabels) -> String {
        "<option value=\"\">\(escapeHTML(labels.encodingAutomatic))</option>" + TextEncoding.allCases.filter { $0 != .utf8 }.map { encoding in
            let name = encoding == .windows1257 ? "Windows-1257 — \(labels.encodingExcel)" : encoding.rawValue.uppercased()
            return "<option value=\"\(encoding.rawValue)\">\(escapeHTML(name))</option>"
        }.joined()
    }
}

/// The parts of a `multipart/form-data` body (RFC 7578): each part's field name, file name and bytes.
enum MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var data: [UInt8]
    }

    static func parse(_ body: [UInt8], contentType: String) throws -> [Part] {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundaryRange = contentType.range(of: "boundary=") else {
            throw BadRequest(message: "the upload must be sent as multipart/form-data")
        }
        var boundary = String(contentType[boundaryRange.upperBound...])
        if let end = boundary.firstIndex(of: ";") { boundary = String(boundary[..<end]) }
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard !boundary.isEmpty, boundary.count <= 200 else { throw BadRequest(message: "the upload's boundary is missing") }
        let delimiter = Array("--\(boundary)".utf8)
        let data = Data(body)
        var parts: [Part] = []
        guard var cursor = data.range(of: Data(delimiter))?.upperBound else { throw BadRequest(message: "the upload is malformed") }
        let separator = Data("\r\n".utf8) + Data(delimiter)
        while true {
            // After a delimiter: "--" ends the body, else CRLF and a part follows.
            if data[cursor...].starts(with: Data("--".utf8)) { break }
            guard data[cursor...].starts(with: Data("\r\n".utf8)) else { throw BadRequest(message: "the upload is malformed") }
            cursor += 2
            guard let headerEnd = data.range(of: Data("\r\n\r\n".utf8), in: cursor..<data.endIndex),
                  let next = data.range(of: separator, in: headerEnd.upperBound..<data.endIndex) else {
                throw BadRequest(message: "the upload is malformed")
            }
            let headers = String(decoding: data[cursor..<headerEnd.lowerBound], as: UTF8.self)
            var name: String?
            var filename: String?
            for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = parameter("name", in: line)
                filename = parameter("filename", in: line)
            }
            if let name { parts.append(Part(name: name, filename: filename, data: Array(data[headerEnd.upperBound..<next.lowerBound]))) }
            cursor = next.upperBound
        }
        return parts
    }

    /// `key="value"` in a Content-Disposition line.
    private static func parameter(_ key: String, in line: String) -> String? {
        for piece in line.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let parts = piece.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == key { return parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }
}
