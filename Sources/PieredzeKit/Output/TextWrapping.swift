/// Long lines broken at word boundaries for a terminal, width counted in characters (grapheme
/// clusters: "ā" is one, though two bytes in UTF-8).
///
/// Each line of the text wraps on its own (line breaks the author wrote are kept). A
/// continuation line keeps the line's indentation, and a list item's continuation lines start
/// under its text (`- `, `* `, `1. `). A word longer than the width stays whole on its own
/// line (a URL cut in two no longer works). Linear in the length of the text.
public enum TextWrapping {
    /// `text` with every line longer than `width` characters broken at spaces; `indent` starts
    /// every output line (counted in the width).
    public static func wrap(_ text: String, width: Int, indent: String = "") -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { wrapLine(Substring($0), width: width, indent: indent) }
            .joined(separator: "\n")
    }

    static func wrapLine(_ line: Substring, width: Int, indent: String) -> String {
        let lead = line.prefix { $0 == " " || $0 == "\t" }
        let rest = line.dropFirst(lead.count)
        var hanging = String(repeating: " ", count: lead.count)
        if let marker = listMarker(rest) { hanging += String(repeating: " ", count: marker) }
        let first = indent + lead
        guard first.count + rest.count > width else { return first + rest }
        let continuation = indent + hanging
        var lines: [String] = []
        var current = first
        var currentCount = first.count
        var isFirstWord = true
        for word in rest.split(separator: " ", omittingEmptySubsequences: true) {
            let length = word.count
            if isFirstWord {
                current += word
                currentCount += length
                isFirstWord = false
            } else if currentCount + 1 + length <= width {
                current += " " + word
                currentCount += 1 + length
            } else {
                lines.append(current)
                current = continuation + word
                currentCount = continuation.count + length
            }
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// The width of a Markdown list marker with its space at the start of `text` ("- " → 2,
    /// "12. " → 4), or nil.
    static func listMarker(_ text: Substring) -> Int? {
        if text.hasPrefix("- ") || text.hasPrefix("* ") || text.hasPrefix("+ ") { return 2 }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        let after = text.dropFirst(digits.count)
        return after.hasPrefix(". ") || after.hasPrefix(") ") ? digits.count + 2 : nil
    }
}
