/// A fenced code block's opening fence, by CommonMark's rule (spec 0.31.2, §4.5 "Fenced code
/// blocks"): a line indented by at most 3 spaces, then at least three backticks or at least three
/// tildes (a backtick fence's info string may not contain a backtick). The block ends at a line,
/// indented by at most 3 spaces, of the same character at least as long, followed only by spaces
/// or tabs (a CR of a CRLF line end counts as none); an unclosed block runs to the end of the text.
///
/// The one rule for the loader (where a note's `## ` sections are) and the renderers (which
/// headings to demote, which ordinals to protect), so loading and rendering agree.
struct MarkdownFence: Sendable, Equatable {
    /// `` ` `` or `~`.
    let marker: Character
    /// The number of markers in the opening fence (3 or more).
    let length: Int

    /// The fence `line` opens, or nil when it is not an opening fence. `line` excludes its newline.
    static func opening(_ line: Substring) -> MarkdownFence? {
        guard let (marker, length, rest) = run(line) else { return nil }
        if marker == "`", rest.contains("`") { return nil }
        return MarkdownFence(marker: marker, length: length)
    }

    /// True when `line` closes this fence.
    func isClosed(by line: Substring) -> Bool {
        guard let (marker, length, rest) = Self.run(line) else { return false }
        return marker == self.marker && length >= self.length && rest.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
    }

    /// The marker, run length and the rest of a line that starts (after at most 3 spaces) with 3
    /// or more backticks or tildes.
    private static func run(_ line: Substring) -> (Character, Int, Substring)? {
        var index = line.startIndex
        var indent = 0
        while index < line.endIndex, line[index] == " " {
            indent += 1
            guard indent <= 3 else { return nil }
            index = line.index(after: index)
        }
        guard index < line.endIndex, line[index] == "`" || line[index] == "~" else { return nil }
        let marker = line[index]
        var length = 0
        while index < line.endIndex, line[index] == marker {
            length += 1
            index = line.index(after: index)
        }
        return length >= 3 ? (marker, length, line[index...]) : nil
    }
}

/// Follows a Markdown text line by line and says which lines belong to fenced code.
struct MarkdownFenceTracker: Sendable {
    /// The fence of the code block the last line left open, if any.
    private(set) var open: MarkdownFence?

    init() {}

    /// Takes the next line (without its newline); true when it is part of fenced code: an
    /// opening fence, a line inside, or the closing fence.
    mutating func isFenced(_ line: Substring) -> Bool {
        if let fence = open {
            if fence.isClosed(by: line) { open = nil }
            return true
        }
        guard let fence = MarkdownFence.opening(line) else { return false }
        open = fence
        return true
    }

}
