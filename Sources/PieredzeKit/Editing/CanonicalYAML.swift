/// How the canonical Markdown writes one YAML scalar: plain where YAML reads it back as written,
/// else double-quoted with escapes (YAML 1.2.2 §7.3.1). Every scalar is one line.
///
/// The rules are deliberately narrower than YAML's, so that a value is plain only where every
/// YAML reader (Yams is libyaml, YAML 1.1) and the loader agree on it: text people will edit
/// by hand stays readable (`kind: pašvaldību asociācija`), and anything with a character that
/// means something to YAML is quoted.
enum CanonicalYAML {
    /// `text` as a YAML scalar: double-quoted when `quoted` or when it cannot be plain
    /// (`isPlain`); `inFlow` for an item of a `[a, b]` list, where `,`, brackets and braces end it.
    static func scalar(_ text: String, quoted: Bool, inFlow: Bool) -> String {
        !quoted && isPlain(text, inFlow: inFlow) ? text : doubleQuoted(text)
    }

    /// True when `text` can be written as a plain scalar and read back as the same text by YAML
    /// and by the loader (which reads plain `~`, `null` and empty values as nothing): no leading
    /// or trailing space, no first character that is a YAML indicator (`-?:,[]{}#&*!|>'"%@` and
    /// backquote, YAML 1.2.2 §5.3), no `: ` or ` #` (which end a plain scalar) nor a final `:`,
    /// only printable characters other than tab and line breaks, and in a flow list none of
    /// `,[]{}:#` at all.
    static func isPlain(_ text: String, inFlow: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              first != " ", last != " ", last != ":", !indicators.contains(first) else { return false }
        let lowered = text.lowercased()
        if lowered == "~" || lowered == "null" { return false }
        if text.contains(": ") || text.contains(" #") { return false }
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) || scalar == "\t" { return false }
            if inFlow, flowForbidden.contains(scalar) { return false }
        }
        return true
    }

    /// `text` in double quotes, with `\` and `"` escaped, and tab, line breaks and every
    /// character YAML may not carry raw or reads as a line break (`needsEscape`) as escapes:
    /// YAML's named ones (`\e`, `\a`, `\N` …) where they exist, else `\uXXXX`.
    static func doubleQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if let named = namedEscapes[scalar] {
                    result += "\\" + named
                } else if needsEscape(scalar) {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += scalar.value <= 0xFFFF
                        ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                        : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Characters YAML does not accept raw (C0 and C1 controls, DEL, the byte-order mark,
    /// U+FFFE/U+FFFF; YAML 1.2.2 §5.1) or reads as line breaks (NEL, LS, PS in YAML 1.1).
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }

    /// YAML's one-letter escapes (YAML 1.2.2 §5.7), used where one exists.
    private static let namedEscapes: [Unicode.Scalar: String] = [
        "\u{0}": "0", "\u{7}": "a", "\u{8}": "b", "\u{B}": "v", "\u{C}": "f", "\u{1B}": "e",
        "\u{85}": "N", "\u{2028}": "L", "\u{2029}": "P",
    ]

    private static let indicators: Set<Unicode.Scalar> = ["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">",
                                                          "'", "\"", "%", "@", "`"]
    private static let flowForbidden: Set<Unicode.Scalar> = [",", "[", "]", "{", "}", ":", "#"]
}
