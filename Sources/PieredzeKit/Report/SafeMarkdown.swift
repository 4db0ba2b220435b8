import Ink

/// Markdown from a note, rendered to HTML that cannot carry script.
///
/// Three steps, each defending against what the one before cannot:
///
/// 1. **Pre-escape.** `&`, `<` and `"` in the Markdown source become `&amp;`, `&lt;` and
///    `&quot;` before Ink sees them. Ink passes raw HTML through, but raw HTML needs a `<`, so
///    none survives: `<script>` is shown as the text `<script>`. With `"` gone, the only `"` in
///    Ink's output are the delimiters of the attributes Ink writes itself, so no URL can break
///    out of its `href`. With `&` gone, entity tricks (`&#106;avascript:`) stay literal text.
///    (`>` is kept so that `> quotes` still work; Ink escapes it in text.)
/// 2. **Ink** renders the Markdown (paragraphs, lists, emphasis, code, tables, links).
/// 3. **Allowlist.** Every tag in Ink's output is parsed and re-emitted only if its name is on
///    a short allowlist, with only `start` on `<ol>` and `align` on table cells kept. Links keep
///    their `href` only when it is `http:`, `https:`, `mailto:` or scheme-less (checked after
///    decoding entities and stripping tab/newline, as a browser would); other links become
///    plain `<span>`s with their text. Images become links (the report loads nothing from the
///    network). Headings are moved down `headingOffset` levels so a note's `#` cannot compete
///    with the report's own headings. Anything else that looks like a tag is escaped as text.
///
/// Inside code Ink escapes `&` once more, so there one level of `&amp;` is undone again; the
/// result still contains no raw `<`.
///
/// **Fast path.** Ink reads about 2 MB/s, too slow for a report of 10,000 notes. Text that
/// is plain prose — no character Markdown gives a meaning to (see `plainProseHTML`) — is
/// turned into `<p>` paragraphs directly, with the same escaping; a test checks that this gives
/// byte for byte what the Ink path gives, on the seeds and on random text.
public enum SafeMarkdown {
    /// HTML for `markdown`, safe to embed in the report.
    public static func html(from markdown: String, headingOffset: Int = 4) -> String {
        if markdown.isEmpty { return "" }
        if let html = plainProseHTML(markdown) { return html }
        return inkHTML(from: markdown, headingOffset: headingOffset)
    }

    /// The general path: pre-escape, Ink, allowlist.
    static func inkHTML(from markdown: String, headingOffset: Int = 4) -> String {
        let escaped = preEscape(protectingOrdinals(markdown))
        let rendered = MarkdownParser().html(from: escaped)
        return allowlist(rendered, headingOffset: headingOffset)
    }

    // MARK: Fast path

    /// HTML for `markdown` if it is plain prose, else nil (use Ink).
    ///
    /// Plain prose: paragraphs separated by empty lines; every line starts with a letter (not
    /// a digit or other number) or with `(`, `"`, `'`, `„`, `“` or `«`, and neither starts nor
    /// ends with a space; none of * _ ~ [ ] | backtick or backslash; no tab, no two spaces in a row, no control
    /// character but LF, no Unicode space or line separator. Such text means the same as
    /// Markdown and as plain text: each paragraph's lines joined with a space, escaped.
    static func plainProseHTML(_ markdown: String) -> String? {
        var text = markdown
        return text.withUTF8 { bytes -> String? in
            let count = bytes.count
            guard count > 0 else { return nil }
            // Check: characters, spaces, and how every line starts (one table lookup a byte).
            var specials = 0  // bytes to escape, for the output's size
            if bytes[0] != 0x0A, !startsProse(bytes, at: 0) { return nil }
            let accepted = byteClasses.withUnsafeBufferPointer { classes -> Bool in
                var index = 0
                while index < count {
                    // Skip ordinary bytes (almost all of them).
                    while index < count, classes[Int(bytes[index])] == 0 { index += 1 }
                    guard index < count else { break }
                    let byte = bytes[index]
                    let previous: UInt8 = index > 0 ? bytes[index - 1] : 0x0A
                    switch classes[Int(byte)] {
                    case 1: return false
                    case 2: if previous == 0x20 || previous == 0x0A { return false }
                    case 3:
                        if previous == 0x20 { return false }
                        if index + 1 < count, bytes[index + 1] != 0x0A, !startsProse(bytes, at: index + 1) { return false }
                    case 4: specials += 1
                    default:
                        // Lead bytes of Unicode spaces and line separators, which Ink treats as
                        // whitespace or newlines: NEL, NBSP, U+1680, U+2000…200A, 2028, 2029,
                        // 202F, 205F, U+3000.
                        let c1: UInt8 = index + 1 < count ? bytes[index + 1] : 0
                        let c2: UInt8 = index + 2 < count ? bytes[index + 2] : 0
                        switch byte {
                        case 0xC2: if c1 == 0x85 || c1 == 0xA0 { return false }
                        case 0xE1: if c1 == 0x9A && c2 == 0x80 { return false }
                        case 0xE2:
                            if c1 == 0x80 && ((0x80...0x8A).contains(c2) || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF) { return false }
                            if c1 == 0x81 && c2 == 0x9F { return false }
                        default: if c1 == 0x80 && c2 == 0x80 { return false }  // 0xE3
                        }
                    }
                    index += 1
                }
                return bytes[count - 1] != 0x20
            }
            guard accepted else { return nil }
            // Paragraphs: lines joined by a space, empty lines between paragraphs. Runs of
            // ordinary bytes are copied whole.
            return String(unsafeUninitializedCapacity: count + 5 * specials + 7 * (count / 2 + 1)) { output in
                var written = 0
                func put(_ literal: StaticString) {
                    let source = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
                    for byte in source { output[written] = byte; written += 1 }
                }
                var open = false
                var index = 0
                while index < count {
                    let byte = bytes[index]
                    switch byte {
                    case 0x0A:
                        if index + 1 < count, bytes[index + 1] != 0x0A, open {
                            output[written] = 0x20  // a line break inside a paragraph
                            written += 1
                        } else if open {
                            put("</p>")
                            open = false
                        }
                        index += 1
                        continue
                    default:
                        break
                    }
                    if !open {
                        put("<p>")
                        open = true
                    }
                    switch byte {
                    case 0x26: put("&amp;"); index += 1
                    case 0x3C: put("&lt;"); index += 1
                    case 0x3E: put("&gt;"); index += 1
                    case 0x22: put("&quot;"); index += 1
                    default:
                        var end = index + 1
                        while end < count {
                            let next = bytes[end]
                            if next == 0x0A || next == 0x26 || next == 0x3C || next == 0x3E || next == 0x22 { break }
                            end += 1
                        }
                        (output.baseAddress! + written).update(from: bytes.baseAddress! + index, count: end - index)
                        written += end - index
                        index = end
                    }
                }
                if open { put("</p>") }
                return written
            }
        }
    }

    /// For the fast path's check: 0 ordinary, 1 refused (`* _ ~ ` [ ] \\ |`, controls), 2 space,
    /// 3 newline, 4 escaped in HTML (`& < > "`), 5 lead byte of a possible Unicode space.
    private static let byteClasses: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in 0..<0x20 { table[byte] = 1 }
        table[0x7F] = 1
        for byte in [0x2A, 0x5F, 0x7E, 0x60, 0x5B, 0x5D, 0x5C, 0x7C] { table[byte] = 1 }
        table[0x20] = 2
        table[0x0A] = 3
        for byte in [0x26, 0x3C, 0x3E, 0x22] { table[byte] = 4 }
        for byte in [0xC2, 0xE1, 0xE2, 0xE3] { table[byte] = 5 }
        return table
    }()

    /// Whether the line starting at `index` starts like prose: a letter that is not a number,
    /// or one of `( " ' „ “ «`.
    private static func startsProse(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let first = bytes[index]
        if first < 0x80 {
            return (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A)
                || first == 0x28 || first == 0x22 || first == 0x27
        }
        var decoder = UTF8()
        var iterator = bytes[index...].makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return false }
        if scalar == "„" || scalar == "“" || scalar == "«" { return true }
        return scalar.properties.isAlphabetic && scalar.properties.numericType == nil
    }

    // MARK: Latvian ordinals

    /// `markdown` with Latvian ordinals at the start of a line kept as text.
    ///
    /// Latvian writes ordinals with a full stop (`2018. gada augustā`, `16. augustā`), so a
    /// paragraph or line starting with a date reads as an ordered list item in Markdown
    /// (`<ol start="2018">`). Here a line `N. …` or `N) …` counts as a list item only as part
    /// of a run of at least two consecutively numbered items (a real numbered list); a lone
    /// `N.` gets a backslash before its full stop (`2018\. gada`), which Markdown renders as
    /// the plain text that was written. Fenced code is left alone.
    static func protectingOrdinals(_ markdown: String) -> String {
        // Fast path: no line starts (after spaces) with a digit.
        var atLineStart = true
        var digitAtLineStart = false
        for byte in markdown.utf8 {
            if byte == 0x0A {
                atLineStart = true
            } else if atLineStart, byte != 0x20 {
                if byte >= 0x30 && byte <= 0x39 { digitAtLineStart = true; break }
                atLineStart = false
            }
        }
        guard digitAtLineStart else { return markdown }
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Candidate item lines: (line index, number, index of the marker), outside fences.
        var candidates: [(line: Int, number: Int, marker: String.Index)] = []
        // Line indices where a new paragraph starts (non-blank, not indented, after a blank line).
        var breaks = Set<Int>()
        var fences = MarkdownFenceTracker()
        var previousBlank = true
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop(while: { $0 == " " })
            let indent = line.count - trimmed.count
            let blank = trimmed.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
            defer { previousBlank = blank }
            if fences.isFenced(Substring(line)) || blank { continue }
            let digits = trimmed.prefix(while: { $0.isASCII && $0.isNumber })
            if indent <= 3, !digits.isEmpty, digits.count <= 9, digits.endIndex < trimmed.endIndex,
               trimmed[digits.endIndex] == "." || trimmed[digits.endIndex] == ")",
               let number = Int(digits) {
                candidates.append((index, number, digits.endIndex))
            } else if previousBlank, indent == 0 {
                breaks.insert(index)
            }
        }
        guard !candidates.isEmpty else { return markdown }
        func sameList(_ a: Int, _ b: Int) -> Bool {  // candidates a < b, adjacent
            candidates[b].number == candidates[a].number + 1
                && !breaks.contains(where: { $0 > candidates[a].line && $0 < candidates[b].line })
        }
        for position in candidates.indices.reversed() {
            let inList = (position > 0 && sameList(position - 1, position))
                || (position + 1 < candidates.count && sameList(position, position + 1))
            if inList { continue }
            let candidate = candidates[position]
            lines[candidate.line].insert("\\", at: candidate.marker)
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Step 1

    static func preEscape(_ markdown: String) -> String {
        var source = markdown
        // Ink reads a leading `---` block as metadata and drops it; `***` is the same rule.
        let leading = source.prefix(while: { $0 == "\n" || $0 == "\r" || $0 == " " })
        if source[leading.endIndex...].hasPrefix("---\n") || source[leading.endIndex...].hasPrefix("---\r\n") {
            source.replaceSubrange(leading.endIndex..<source.index(leading.endIndex, offsetBy: 3), with: "***")
        }
        guard source.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x22 }) else { return source }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(source.utf8.count + 32)
        for byte in source.utf8 {
            switch byte {
            case 0x26: bytes.append(contentsOf: "&amp;".utf8)
            case 0x3C: bytes.append(contentsOf: "&lt;".utf8)
            case 0x22: bytes.append(contentsOf: "&quot;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Step 3

    private static let plainTags: Set<String> = [
        "p", "br", "hr", "ul", "ol", "li", "blockquote", "pre", "code", "em", "strong", "s", "del",
        "table", "thead", "tbody", "tr", "th", "td",
    ]

    /// A parsed tag of Ink's output: `<name a="v" …>`, `</name>` or `<name …/>`.
    private struct Tag {
        var name: String
        var closing: Bool
        var attributes: [(name: String, value: String)]
    }

    static func allowlist(_ html: String, headingOffset: Int) -> String {
        var output = ""
        output.reserveCapacity(html.utf8.count + 64)
        let utf8 = html.utf8
        var textStart = utf8.startIndex
        var index = utf8.startIndex
        var codeDepth = 0
        // For each open <a>: whether it was turned into a <span>.
        var linkStack: [Bool] = []

        func appendText(upTo end: String.Index) {
            guard textStart < end else { return }
            let text = html[textStart..<end]
            if codeDepth > 0, text.contains("&amp;") {
                output += text.replacingOccurrences(of: "&amp;", with: "&")
            } else {
                output += text
            }
        }

        while index < utf8.endIndex {
            guard utf8[index] == UInt8(ascii: "<") else {
                index = utf8.index(after: index)
                continue
            }
            appendText(upTo: index)
            // Find the end of the tag, outside quotes.
            var end = utf8.index(after: index)
            var inQuotes = false
            while end < utf8.endIndex {
                let byte = utf8[end]
                if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
                if byte == UInt8(ascii: ">"), !inQuotes { break }
                end = utf8.index(after: end)
            }
            guard end < utf8.endIndex else {
                // No end: the rest is text.
                output += HTMLEscaping.escape(String(html[index...]))
                textStart = utf8.endIndex
                index = utf8.endIndex
                break
            }
            let raw = html[index...end]
            let next = utf8.index(after: end)
            if let tag = parse(raw),
               let emitted = emit(tag, headingOffset: headingOffset, codeDepth: &codeDepth, linkStack: &linkStack) {
                output += emitted
            } else {
                output += HTMLEscaping.escape(String(raw))
            }
            textStart = next
            index = next
        }
        appendText(upTo: utf8.endIndex)
        // Close anything Ink left open (it does not, but the output must stay well nested).
        for converted in linkStack.reversed() { output += converted ? "</span>" : "</a>" }
        return output
    }

    private static func parse(_ raw: Substring) -> Tag? {
        var rest = raw.dropFirst()  // "<"
        guard rest.last == ">" else { return nil }
        rest = rest.dropLast()
        var closing = false
        if rest.first == "/" { closing = true; rest = rest.dropFirst() }
        if rest.last == "/" { rest = rest.dropLast() }
        let name = rest.prefix(while: { $0.isASCII && ($0.isLetter || $0.isNumber) })
        guard !name.isEmpty else { return nil }
        rest = rest[name.endIndex...]
        var attributes: [(String, String)] = []
        while !rest.isEmpty {
            guard rest.first == " " else { return nil }
            rest = rest.drop(while: { $0 == " " })
            if rest.isEmpty { break }
            let attributeName = rest.prefix(while: { $0.isASCII && ($0.isLetter || $0 == "-") })
            guard !attributeName.isEmpty else { return nil }
            rest = rest[attributeName.endIndex...]
            guard rest.hasPrefix("=\"") else { return nil }
            rest = rest.dropFirst(2)
            guard let quote = rest.firstIndex(of: "\"") else { return nil }
            attributes.append((attributeName.lowercased(), String(rest[..<quote])))
            rest = rest[rest.index(after: quote)...]
        }
        if closing && !attributes.isEmpty { return nil }
        return Tag(name: name.lowercased(), closing: closing, attributes: attributes)
    }

    private static func emit(_ tag: Tag, headingOffset: Int, codeDepth: inout Int, linkStack: inout [Bool]) -> String? {
        let slash = tag.closing ? "/" : ""
        switch tag.name {
        case "h1", "h2", "h3", "h4", "h5", "h6":
            let level = min(6, Int(tag.name.dropFirst())! + headingOffset)
            return "<\(slash)h\(level)>"
        case "a":
            if tag.closing {
                guard let converted = linkStack.popLast() else { return "" }
                return converted ? "</span>" : "</a>"
            }
            let href = tag.attributes.first(where: { $0.name == "href" }).map { HTMLEscaping.unescape($0.value) }
            if let href, HTMLEscaping.isAllowedURL(href) {
                linkStack.append(false)
                return "<a href=\"\(HTMLEscaping.escape(href))\">"
            }
            linkStack.append(true)
            return "<span class=\"unsafe-link\">"
        case "img":
            // No remote loads: an image becomes a link to it (or just its alt text).
            guard !tag.closing else { return "" }
            let src = tag.attributes.first(where: { $0.name == "src" }).map { HTMLEscaping.unescape($0.value) } ?? ""
            let alt = tag.attributes.first(where: { $0.name == "alt" }).map { stripTags($0.value) } ?? ""
            let label = HTMLEscaping.escape(alt.isEmpty ? src : alt)
            if !src.isEmpty, HTMLEscaping.isAllowedURL(src) {
                return "<a class=\"image-link\" href=\"\(HTMLEscaping.escape(src))\">\(label)</a>"
            }
            return "<span class=\"image-link\">\(label)</span>"
        case "code":
            codeDepth += tag.closing ? -1 : 1
            codeDepth = max(0, codeDepth)
            return "<\(slash)code>"
        case "ol":
            if !tag.closing, let start = tag.attributes.first(where: { $0.name == "start" })?.value,
               !start.isEmpty, start.count <= 9, start.allSatisfy({ $0.isASCII && $0.isNumber }) {
                return "<ol start=\"\(start)\">"
            }
            return "<\(slash)ol>"
        case "th", "td":
            if !tag.closing, let align = tag.attributes.first(where: { $0.name == "align" })?.value,
               ["left", "center", "right"].contains(align) {
                return "<\(tag.name) align=\"\(align)\">"
            }
            return "<\(slash)\(tag.name)>"
        case "br", "hr":
            return tag.closing ? "" : "<\(tag.name)>"
        default:
            guard plainTags.contains(tag.name) else { return nil }  // not on the list: shown as text
            return "<\(slash)\(tag.name)>"
        }
    }

    /// `html` without its tags (for an image's alt text, which Ink renders as HTML).
    private static func stripTags(_ html: String) -> String {
        var result = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true } else if character == ">" && inTag { inTag = false } else if !inTag {
                result.append(character)
            }
        }
        return HTMLEscaping.unescape(result)
    }
}
