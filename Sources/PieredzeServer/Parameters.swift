import Foundation
import PieredzeKit

/// A request the site refuses as malformed (400), with a message for the person who sent it.
struct BadRequest: Error {
    var message: String
}

/// The name/value pairs of a query string or of an `application/x-www-form-urlencoded` body
/// (WHATWG URL §5.1: `+` is a space, `%XX` a byte of UTF-8), in order, repeats kept.
struct FormParameters: Sendable {
    var pairs: [(name: String, value: String)]

    init(_ pairs: [(name: String, value: String)] = []) {
        self.pairs = pairs
    }

    /// Throws `BadRequest` for a malformed escape or bytes that are not UTF-8.
    init(encoded: String?) throws {
        pairs = []
        guard let encoded, !encoded.isEmpty else { return }
        for item in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            pairs.append((name, value))
        }
    }

    private static func decode(_ text: Substring) throws -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        guard spaced.contains("%") else { return spaced }
        guard let decoded = spaced.removingPercentEncoding else {
            throw BadRequest(message: "the address has a malformed %-escape")
        }
        return decoded
    }

    /// The first value of `name`, trimmed; nil when absent or blank.
    subscript(name: String) -> String? {
        guard let value = pairs.first(where: { $0.name == name })?.value.trimmingCharacters(in: .whitespacesAndNewlines),
              !value.isEmpty else { return nil }
        return value
    }

    /// The first value of `name` exactly as sent (form text areas keep their spacing).
    func raw(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// `name` as a whole number in `range`; nil when absent; `BadRequest` when anything else.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = self[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw BadRequest(message: "'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }

    /// Percent-encodes `text` for a query string: everything but RFC 3986's unreserved characters.
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        allowed.remove(charactersIn: "")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// `pairs` as a query string (without `?`).
    static func query(_ pairs: [(String, String)]) -> String {
        pairs.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }
}

/// What `/search` was asked: the text, the filters and the page. Every state has one URL
/// (`url`), so a result can be shared as a link.
struct SearchState: Equatable, Sendable {
    var text = ""
    var topic: String?
    /// ISO code.
    var country: String?
    var year: Int?
    var kind: NoteKind?
    var tag: String?
    var organization: String?
    var person: String?
    var page = 1
    /// The language when given as `?lang=` (kept in links); nil when negotiated.
    var language: SiteLanguage?

    static let pageSize = 10
    static let maximumPage = 10_000

    init() {}

    /// Reads and checks the parameters; `BadRequest` names the first one that is wrong.
    init(_ parameters: FormParameters) throws {
        text = parameters["q"] ?? ""
        guard text.count <= 1_000 else { throw BadRequest(message: "the search text is longer than 1,000 characters") }
        topic = parameters["topic"]
        if let topic, topic.count > 200 || !topic.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
            throw BadRequest(message: "'topic' must be a topic's slug (lower-case letters, digits and -)")
        }
        if let name = parameters["country"] {
            guard let country = Countries.find(name) else { throw BadRequest(message: "unknown country '\(name)'") }
            self.country = country.code
        }
        year = try parameters.integer("year", in: 1000...9999)
        if let name = parameters["kind"] {
            guard let kind = NoteKind(rawValue: name) else {
                throw BadRequest(message: "'kind' must be one of \(NoteKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.kind = kind
        }
        tag = parameters["tag"]
        organization = parameters["org"]
        person = parameters["person"]
        for (name, value) in [("tag", tag), ("org", organization), ("person", person)] where (value?.count ?? 0) > 300 {
            throw BadRequest(message: "'\(name)' is longer than 300 characters")
        }
        page = try parameters.integer("page", in: 1...Self.maximumPage) ?? 1
        language = try Self.language(parameters)
    }

    /// `?lang=`: lv, en or ru; nil when absent.
    static func language(_ parameters: FormParameters) throws -> SiteLanguage? {
        guard let code = parameters["lang"] else { return nil }
        guard let language = SiteLanguage(rawValue: code) else { throw BadRequest(message: "'lang' must be lv, en or ru") }
        return language
    }

    var filter: NoteStore.Filter {
        var filter = NoteStore.Filter()
        filter.topics = topic.map { [$0] } ?? []
        filter.country = country
        filter.fromYear = year
        filter.toYear = year
        filter.tag = tag
        filter.organization = organization
        filter.person = person
        filter.kind = kind
        return filter
    }

    var hasFilters: Bool { filter != NoteStore.Filter() }

    var offset: Int { (page - 1) * Self.pageSize }

    /// `/search?…` for this state; page 1 and absent values are left out.
    var url: String {
        var pairs: [(String, String)] = []
        if !text.isEmpty { pairs.append(("q", text)) }
        if let topic { pairs.append(("topic", topic)) }
        if let country { pairs.append(("country", country)) }
        if let year { pairs.append(("year", String(year))) }
        if let kind { pairs.append(("kind", kind.rawValue)) }
        if let tag { pairs.append(("tag", tag)) }
        if let organization { pairs.append(("org", organization)) }
        if let person { pairs.append(("person", person)) }
        if page != 1 { pairs.append(("page", String(page))) }
        if let language { pairs.append(("lang", language.rawValue)) }
        return pairs.isEmpty ? "/search" : "/search?" + FormParameters.query(pairs)
    }

    /// This state changed by `change`, back on page 1 unless `change` sets a page.
    func with(_ change: (inout SearchState) -> Void) -> SearchState {
        var copy = self
        copy.page = 1
        change(&copy)
        return copy
    }
}
