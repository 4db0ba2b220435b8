/// Text with its control characters made visible, for everything Pieredze prints for people:
/// terminal output, text and Markdown search and note output, the Markdown and CSV reports.
///
/// A note may carry control characters even though the loader refuses them (a database written
/// by other software): printed raw, ESC sequences retitle the terminal window, clear the screen
/// or write the clipboard (OSC 52), and U+0002/U+0003 would fake search highlights. Each is
/// replaced by a visible stand-in:
/// - C0 controls U+0000–U+001F by their Unicode Control Pictures (U+2400–U+241F: `␀`, `␛`, …),
///   except TAB and LF where they belong (`Lines.keep`; there a CR right before an LF is
///   dropped, as the line end it is);
/// - DEL U+007F by `␡` (U+2421);
/// - C1 controls U+0080–U+009F and the bidirectional embedding, override and isolate controls
///   (U+202A–U+202E, U+2066–U+2069, which can reorder what a reader sees) by `\u{…}` in text.
///
/// JSON output needs none of this: JSON escapes every control character (`\u001b`).
public enum VisibleText {
    /// Whether TAB and LF are kept as they are (multi-line text) or shown as `␉` and `␊`
    /// (one-line values such as a title in a tab-separated listing).
    public enum Lines: Sendable {
        case keep
        case flatten
    }

    /// `text` with every control character replaced by its visible stand-in (see above);
    /// `text` itself when it has none.
    public static func escaping(_ text: String, lines: Lines = .keep) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, lines: lines) }) else { return text }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            // CR LF is a line end (a Windows file's): shown as one when line ends are kept.
            if scalar == "\r", lines == .keep, index + 1 < scalars.count, scalars[index + 1] == "\n" { continue }
            guard needsEscape(scalar, lines: lines) else {
                result.append(scalar)
                continue
            }
            switch scalar.value {
            case 0x00...0x1F: result.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: result.append("\u{2421}")
            default: result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            }
        }
        return String(result)
    }

    /// True for the characters `escaping` replaces.
    public static func needsEscape(_ scalar: Unicode.Scalar, lines: Lines = .keep) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: return lines == .flatten
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}

/// A text stream that passes everything written to it through `VisibleText.escaping`: for
/// renderers whose every byte is text for people (the Markdown report).
public struct VisibleTextStream<Base: TextOutputStream>: TextOutputStream {
    public var base: Base

    public init(base: Base) {
        self.base = base
    }

    public mutating func write(_ string: String) {
        base.write(VisibleText.escaping(string))
    }
}
