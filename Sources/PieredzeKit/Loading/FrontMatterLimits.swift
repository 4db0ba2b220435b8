/// What a Markdown note's YAML front matter may not do, checked in one linear pass before Yams
/// composes it.
///
/// Yams composes recursively and expands aliases: about 2,900 nested collections overflow the
/// stack, and a few hundred bytes of nested aliases (a "billion laughs") take gigabytes. A note is
/// a handful of fields, a few lists and mappings two or three levels deep, with no anchors or
/// aliases, so these limits are far below anything that breaks and far above any real note:
/// - at most `maximumBytes` of front matter;
/// - at most `maximumDepth` levels of nesting, block indentation and flow brackets together;
/// - no anchor (`&name`) or alias (`*name`) where a YAML node starts (YAML 1.2.2 §6.9.2, §7.1).
///   `&` and `*` inside a quoted string, a block scalar (`|`, `>`), a comment or in the middle of
///   plain text are text and stay allowed.
///
/// The scan follows YAML 1.2.2 only as far as it must to know where a node starts: quoted
/// scalars (across lines), block scalars (their more-indented lines), plain scalars and their
/// more-indented continuation lines, comments (`#` after white space) and flow collections.
/// What it misreads, Yams still parses and reports; the scan only refuses earlier.
enum FrontMatterLimits {
    static let maximumBytes = 1 << 20
    static let maximumDepth = 32

    /// The first limit `lines` (the front matter, without its `---` fences) break: the offset of
    /// the line in `lines` (0 is the first) and the message; nil when none is broken. `work`
    /// counts the bytes looked at.
    static func check(_ lines: ArraySlice<Substring>, work: inout Int) -> (offset: Int, message: String)? {
        var bytes = 0
        for line in lines { bytes += line.utf8.count + 1 }
        if bytes > maximumBytes {
            return (0, "the front matter is \(bytes) bytes; expected at most 1 MB of fields (long text belongs in the note's body, after the front matter)")
        }
        var scanner = Scanner()
        for (offset, line) in lines.enumerated() {
            if let message = scanner.scan(Array(line.utf8), work: &work) { return (offset, message) }
        }
        return nil
    }

    static let anchorMessage = "YAML anchors and aliases (&name, *name) are not allowed in a note; "
        + "write the value out, or quote text that starts with & or *"
    static let depthMessage = "the front matter nests deeper than \(maximumDepth) levels; "
        + "expected fields, lists and mappings a few levels deep"

    /// The state carried from one line of the front matter to the next.
    private struct Scanner {
        /// Columns of the open block collections, innermost last.
        var blockColumns: [Int] = []
        /// Open flow collections (`[`, `{`).
        var flowDepth = 0
        /// The quote (`"` or `'`) of a quoted scalar still open at the end of the last line.
        var quote: UInt8?
        /// A block scalar's owner column: its more-indented (and blank) lines are text.
        var blockScalarOwner: Int?
        /// A plain scalar's owner column: its more-indented lines continue it, and are text.
        var plainOwner: Int?
        /// In flow collections, whether the next thing is the start of a node.
        var flowNodeStart = true

        private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

        private static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }

        /// True when `bytes[index]` is an indicator followed by white space or the line's end.
        private static func isIndicator(_ bytes: [UInt8], _ index: Int) -> Bool {
            index + 1 == bytes.count || isBlank(bytes[index + 1])
        }

        private static func isFlowIndicator(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
                || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
        }

        private var depth: Int { blockColumns.count + flowDepth }

        /// Scans one line; returns the message of the first limit it breaks.
        mutating func scan(_ bytes: [UInt8], work: inout Int) -> String? {
            work += bytes.count + 1
            var indent = 0
            while indent < bytes.count, bytes[indent] == Self.space { indent += 1 }
            let isBlankLine = bytes[indent...].allSatisfy(Self.isBlank)
            var index = 0
            if quote == nil, flowDepth == 0 {
                if let owner = blockScalarOwner {
                    if isBlankLine || indent > owner { return nil }
                    blockScalarOwner = nil
                }
                if let owner = plainOwner {
                    if isBlankLine || indent > owner { return nil }
                    plainOwner = nil
                }
                if isBlankLine || bytes[indent] == UInt8(ascii: "#") { return nil }
                while let last = blockColumns.last, last >= indent { blockColumns.removeLast() }
                blockColumns.append(indent)
                if depth > maximumDepth { return depthMessage }
                index = indent
            }
            return scanNodes(bytes, from: index, owner: indent)
        }

        /// Scans `bytes` from `start`, where (unless a quoted scalar or a flow collection goes
        /// on from the last line) a block node starts whose owner is at column `owner`.
        private mutating func scanNodes(_ bytes: [UInt8], from start: Int, owner initialOwner: Int) -> String? {
            var index = start
            var owner = initialOwner
            var nodeStart = quote == nil && flowDepth == 0
            while index < bytes.count {
                if let open = quote {
                    index = Self.endOfQuoted(bytes, from: index, quote: open)
                    guard index < bytes.count else { return nil }  // goes on on the next line
                    quote = nil
                    index += 1
                    nodeStart = false
                    flowNodeStart = false
                    continue
                }
                let byte = bytes[index]
                if Self.isBlank(byte) {
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "#"), index == 0 || Self.isBlank(bytes[index - 1]) { return nil }
                if flowDepth > 0 {
                    switch byte {
                    case UInt8(ascii: "["), UInt8(ascii: "{"):
                        flowDepth += 1
                        if depth > maximumDepth { return depthMessage }
                        flowNodeStart = true
                    case UInt8(ascii: "]"), UInt8(ascii: "}"):
                        flowDepth -= 1
                        flowNodeStart = false
                        if flowDepth == 0 { nodeStart = false }
                    case UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "?"):
                        flowNodeStart = true
                    case UInt8(ascii: "&"), UInt8(ascii: "*"):
                        if flowNodeStart { return anchorMessage }
                        index = Self.endOfFlowPlain(bytes, from: index)
                        flowNodeStart = false
                        continue
                    case UInt8(ascii: "\""), UInt8(ascii: "'"):
                        if flowNodeStart {
                            quote = byte
                        } else {
                            index = Self.endOfFlowPlain(bytes, from: index)
                            continue
                        }
                    default:
                        index = Self.endOfFlowPlain(bytes, from: index)
                        flowNodeStart = false
                        continue
                    }
                    index += 1
                    continue
                }
                guard nodeStart else {
                    // After a quoted key or a flow collection: only `: ` starts a value.
                    if byte == UInt8(ascii: ":"), Self.isIndicator(bytes, index) { nodeStart = true }
                    index += 1
                    continue
                }
                let isIndicator = Self.isIndicator(bytes, index)
                switch byte {
                case UInt8(ascii: "-") where isIndicator, UInt8(ascii: "?") where isIndicator, UInt8(ascii: ":") where isIndicator:
                    // A block sequence entry (or an explicit key or value): one level deeper.
                    blockColumns.append(index + 1)
                    if depth > maximumDepth { return depthMessage }
                    owner = index
                    index += 1
                case UInt8(ascii: "&"), UInt8(ascii: "*"):
                    return anchorMessage
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    quote = byte
                    index += 1
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    flowDepth = 1
                    if depth > maximumDepth { return depthMessage }
                    flowNodeStart = true
                    index += 1
                case UInt8(ascii: "|"), UInt8(ascii: ">"):
                    blockScalarOwner = owner
                    return nil
                case UInt8(ascii: "!"):
                    // A tag (`!!str`): the node follows it.
                    while index < bytes.count, !Self.isBlank(bytes[index]) { index += 1 }
                default:
                    // A plain scalar: a key if `: ` follows on this line, else a value that may go
                    // on over more-indented lines.
                    let keyColumn = index
                    while index < bytes.count {
                        let current = bytes[index]
                        if current == UInt8(ascii: ":"), Self.isIndicator(bytes, index) { break }
                        if current == UInt8(ascii: "#"), index > 0, Self.isBlank(bytes[index - 1]) { break }
                        index += 1
                    }
                    if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                        owner = keyColumn
                        index += 1
                    } else {
                        plainOwner = owner
                        return nil
                    }
                }
            }
            return nil
        }

        /// The index of the quote that closes a quoted scalar at or after `start`, or
        /// `bytes.count` when it goes on on the next line. In `"…"`, `\` escapes the next
        /// character; in `'…'`, `''` is a quote.
        private static func endOfQuoted(_ bytes: [UInt8], from start: Int, quote: UInt8) -> Int {
            var index = start
            while index < bytes.count {
                let byte = bytes[index]
                if quote == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == quote {
                    if quote == UInt8(ascii: "'"), index + 1 < bytes.count, bytes[index + 1] == quote {
                        index += 2
                        continue
                    }
                    return index
                }
                index += 1
            }
            return bytes.count
        }

        /// The end of a plain scalar inside a flow collection: the next flow indicator, `: `
        /// or ` #` (YAML 1.2.2 §7.3.3: plain scalars in flow context hold none of them).
        private static func endOfFlowPlain(_ bytes: [UInt8], from start: Int) -> Int {
            var index = start + 1
            while index < bytes.count {
                let byte = bytes[index]
                if isFlowIndicator(byte) { return index }
                if byte == UInt8(ascii: ":"), index + 1 == bytes.count || isBlank(bytes[index + 1]) || isFlowIndicator(bytes[index + 1]) {
                    return index
                }
                if byte == UInt8(ascii: "#"), isBlank(bytes[index - 1]) { return index }
                index += 1
            }
            return index
        }
    }
}
