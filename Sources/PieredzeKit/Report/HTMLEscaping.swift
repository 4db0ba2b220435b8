/// Escaping of text for HTML and the URL policy of the HTML report.
public enum HTMLEscaping {
    /// `text` with `& < > " '` replaced by entities: safe as element content and as a quoted
    /// attribute value.
    public static func escape(_ text: String) -> String {
        var needsEscaping = false
        for byte in text.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 {
            needsEscaping = true
            break
        }
        guard needsEscaping else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        var start = text.startIndex
        var index = start
        let end = text.endIndex
        while index < end {
            let replacement: String?
            switch text.utf8[index] {
            case 0x26: replacement = "&amp;"
            case 0x3C: replacement = "&lt;"
            case 0x3E: replacement = "&gt;"
            case 0x22: replacement = "&quot;"
            case 0x27: replacement = "&#39;"
            default: replacement = nil
            }
            let next = text.utf8.index(after: index)
            if let replacement {
                result += text[start..<index]
                result += replacement
                start = next
            }
            index = next
        }
        result += text[start..<end]
        return result
    }

    /// Undoes the entities a URL can carry in the HTML Ink produces from our pre-escaped
    /// Markdown: `&amp; &lt; &gt; &quot; &#39;` and numeric references. Anything else stays as
    /// written (it was a literal `&` in the note, already escaped to `&amp;` before Ink).
    static func unescape(_ text: String) -> String {
        guard text.utf8.contains(0x26) else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let afterAmpersand = rest[rest.index(after: ampersand)...]
            guard let semicolon = afterAmpersand.prefix(12).firstIndex(of: ";") else {
                result += "&"
                rest = afterAmpersand
                continue
            }
            let name = afterAmpersand[..<semicolon]
            var decoded: String?
            switch name {
            case "amp": decoded = "&"
            case "lt": decoded = "<"
            case "gt": decoded = ">"
            case "quot": decoded = "\""
            case "apos": decoded = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X"), let value = UInt32(name.dropFirst(2), radix: 16),
                   let scalar = Unicode.Scalar(value) {
                    decoded = String(Character(scalar))
                } else if name.hasPrefix("#"), let value = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(value) {
                    decoded = String(Character(scalar))
                }
            }
            if let decoded {
                result += decoded
                rest = afterAmpersand[afterAmpersand.index(after: semicolon)...]
            } else {
                result += "&"
                rest = afterAmpersand
            }
        }
        result += rest
        return result
    }

    /// Whether a link target may be emitted as an `href`: `http:`, `https:` and `mailto:` URLs,
    /// and scheme-less (relative or `#fragment`) references. Everything else (`javascript:`,
    /// `data:`, `vbscript:`, `file:`, …) is refused.
    ///
    /// Browsers strip ASCII tab and newline anywhere in a URL and leading/trailing C0 controls
    /// and spaces before they look for the scheme, so this check does the same first; and any
    /// `:` before the first `/`, `?` or `#` counts as a scheme separator, even where a browser
    /// would not parse a scheme, so nothing scheme-like slips through.
    public static func isAllowedURL(_ url: String) -> Bool {
        let cleaned = String(String.UnicodeScalarView(url.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }))
            .trimmingASCIIControlsAndSpaces()
        guard let separator = cleaned.firstIndex(where: { $0 == ":" || $0 == "/" || $0 == "?" || $0 == "#" }),
              cleaned[separator] == ":" else {
            return true  // no scheme: relative reference
        }
        let scheme = cleaned[..<separator].lowercased()
        return scheme == "http" || scheme == "https" || scheme == "mailto"
    }

    /// Whether `url` is an absolute `http:`/`https:` URL (a web link worth printing in full).
    public static func isWebURL(_ url: String) -> Bool {
        let lowered = url.lowercased()
        return (lowered.hasPrefix("http://") || lowered.hasPrefix("https://")) && isAllowedURL(url)
    }
}

extension String {
    fileprivate func trimmingASCIIControlsAndSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.value > 0x20 }) else { return "" }
        let last = scalars.lastIndex(where: { $0.value > 0x20 })!
        return String(scalars[first...last])
    }
}
