import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PieredzeKit

/// A page or resource that does not exist (404).
struct NotFound: Error {}

/// The site: routes, the pages' data reads, and the rules every response follows.
struct Site: Sendable {
    let options: ServerOptions
    let pool: ReadPool
    let logger: Logger
    let writes: WriteGuard?

    init(options: ServerOptions, logger: Logger) throws {
        self.options = options
        self.logger = logger
        pool = try ReadPool(path: options.databasePath)
        writes = options.allowWrites ? WriteGuard() : nil
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SiteMiddleware(logger: logger, allowWrites: options.allowWrites))
        // Each page's reads and rendering run on the pool's threads (see `ReadPool`).
        router.get("/") { request, _ in try await self.pool.run { try self.home(request) } }
        router.get("/search") { request, _ in try await self.pool.run { try self.search(request) } }
        router.get("/notes/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.pool.run { try self.note(request, id: id) }
        }
        router.get("/topics/:slug") { request, context in
            let slug = context.parameters.get("slug") ?? ""
            return try await self.pool.run { try self.topic(request, slug: slug) }
        }
        router.get("/topics/:slug/report/:format") { request, context in
            let slug = context.parameters.get("slug") ?? "", format = context.parameters.get("format") ?? ""
            return try await self.pool.run { try self.topicReport(request, slug: slug, format: format) }
        }
        router.get("/api/search") { request, _ in try await self.pool.run { try self.apiSearch(request) } }
        router.get("/api/notes/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.pool.run { try self.apiNote(id: id) }
        }
        router.get("/api/topics") { _, _ in try await self.pool.run { try self.apiTopics() } }
        router.get("/assets/site.css") { _, _ in
            Response.text(Layout.css, contentType: "text/css; charset=utf-8", cacheable: true)
        }
        if writes != nil { addWriteRoutes(to: router) } else { addReadOnlyWriteRoutes(to: router) }
        return router
    }

    /// The page context of `request`: its language (`?lang=` first, else `Accept-Language`).
    func context(_ request: Request) throws -> PageContext {
        let parameters = try FormParameters(encoded: request.uri.query)
        let explicit = try SearchState.language(parameters)
        return PageContext(language: explicit ?? SiteLanguage.negotiate(acceptLanguage: request.headers[.acceptLanguage]),
                           explicitLanguage: explicit, path: request.uri.path, parameters: parameters,
                           allowWrites: options.allowWrites)
    }

    /// A note id or topic slug as the database allows them; anything else cannot exist.
    static func isPlausibleKey(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 200 && text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "._-".contains($0)) }
    }
}

extension Response {
    /// A text response with the given content type.
    static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok, cacheable: Bool = false) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = cacheable ? "public, max-age=3600" : "no-cache"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var response = text(html, contentType: "text/html; charset=utf-8", status: status)
        // The language follows Accept-Language when not in the address.
        response.headers[.vary] = "Accept-Language"
        return response
    }

    static let jsonType = "application/json; charset=utf-8"

    /// `{"error": message}`: how the API reports a refused request.
    static func jsonError(_ message: String, status: HTTPResponse.Status) -> Response {
        let text = (try? JSONText.encode(["error": message], pretty: true)) ?? "{}"
        return .text(text + "\n", contentType: jsonType, status: status)
    }
}

/// Turns errors into pages (or JSON under `/api/`) and puts the security headers on every
/// response. Nothing of an unexpected error reaches the client: it is logged, and the client
/// sees a plain "something went wrong".
struct SiteMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let logger: Logger
    /// So an error page's menu offers the same links as every other page.
    var allowWrites = false

    /// `default-src 'self'` with no inline script or style; the topic report (one self-contained
    /// HTML file with its own `<style>`) is the one response that may carry inline style.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    static let reportContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = errorResponse(error, request: request)
        }
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.siteReferrerPolicy] = "same-origin"
        response.headers[.siteFrameOptions] = "DENY"
        return response
    }

    func errorResponse(_ error: any Error, request: Request) -> Response {
        let status: HTTPResponse.Status
        var message: String?
        var refusal: WriteRefused.Reason?
        switch error {
        case is NotFound: status = .notFound
        case let bad as BadRequest: status = .badRequest; message = bad.message
        case let problem as SearchQuery.Problem: status = .badRequest; message = problem.description
        case let http as HTTPError:
            status = http.status
            if status == .contentTooLarge { message = "the request is too large" }
        case let refused as WriteRefused: status = .forbidden; message = refused.message; refusal = refused.reason
        default:
            logger.error("request failed", metadata: ["path": .string(request.uri.path), "error": .string(String(describing: error))])
            status = .internalServerError
        }
        if request.uri.path.hasPrefix("/api/") {
            return .jsonError(message ?? status.reasonPhrase, status: status)
        }
        let parameters = (try? FormParameters(encoded: request.uri.query)) ?? FormParameters()
        let explicit = (try? SearchState.language(parameters)) ?? nil
        let context = PageContext(language: explicit ?? SiteLanguage.negotiate(acceptLanguage: request.headers[.acceptLanguage]),
                                  explicitLanguage: explicit, path: request.uri.path, parameters: parameters, allowWrites: allowWrites)
        let labels = context.labels
        let title: String, text: String
        switch status {
        case .notFound: (title, text) = (labels.notFound, labels.notFoundText)
        case .internalServerError: (title, text) = (labels.serverError, labels.serverErrorText)
        case .badRequest: (title, text) = (labels.badRequest, labels.badRequestText + (message.map { " (\($0))" } ?? ""))
        case .forbidden: (title, text) = (labels.forbidden, refusal.map(labels.refusal) ?? message ?? "")
        case .contentTooLarge: (title, text) = (labels.tooLarge, labels.tooLargeText)
        default: (title, text) = (status.reasonPhrase, message ?? "")
        }
        let main = """
            <h1>\(escapeHTML(title))</h1>
            <p class="error-box">\(escapeHTML(text))</p>
            <p><a href="\(escapeHTML(context.link("/")))">\(escapeHTML(labels.backHome))</a></p>
            """
        return .html(Layout.page(title: title, context: context, main: main), status: status)
    }
}

extension HTTPField.Name {
    static let siteReferrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let siteFrameOptions = HTTPField.Name("X-Frame-Options")!
}
