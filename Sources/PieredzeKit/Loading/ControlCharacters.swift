/// Control characters no note field may hold.
///
/// C0 controls other than TAB, LF and CR (U+0000–U+001F), DEL (U+007F) and the C1 controls
/// (U+0080–U+009F): printed raw they drive the terminal (ESC sets window titles, clears the
/// screen, writes the clipboard with OSC 52; BEL rings), NUL ends C strings (and SQLite's
/// messages), and U+0002/U+0003 are the markers the search highlights with. None is text.
enum ControlCharacters {
    /// The first control character in `text` that a note may not hold, or nil. One pass over
    /// the UTF-8 code units (a C1 control is C2 80–C2 9F).
    static func first(in text: some StringProtocol) -> Unicode.Scalar? {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 {
                if byte != 0x09, byte != 0x0A, byte != 0x0D { return Unicode.Scalar(byte) }
            } else if byte == 0x7F {
                return Unicode.Scalar(byte)
            } else if previous == 0xC2, (0x80...0x9F).contains(byte) {
                return Unicode.Scalar(byte)
            }
            previous = byte
        }
        return nil
    }

    /// The first forbidden control character in any text of `value`: its scalars, list items,
    /// mapping keys and values.
    static func first(in value: FieldValue) -> Unicode.Scalar? {
        value.firstResult { first(in: $0) }
    }

    /// What the loader says of a field holding `scalar`.
    static func message(_ scalar: Unicode.Scalar) -> String {
        "control character \(name(scalar)) not allowed; expected text (tab and line breaks are the only control characters a note may hold)"
    }

    /// `U+001B`: a code point as the Unicode standard writes it.
    static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

extension FieldValue {
    /// The first non-nil `body` gives for a text of this value: its scalars, list items,
    /// mapping keys and values, in order. Walks with a stack of its own, so no nesting
    /// overflows it.
    func firstResult<Result>(_ body: (String) -> Result?) -> Result? {
        var pending = [self]
        while let next = pending.popLast() {
            switch next {
            case .null: continue
            case .text(let text):
                if let found = body(text) { return found }
            case .list(let items):
                pending.append(contentsOf: items.reversed())
            case .map(let entries):
                for entry in entries.reversed() {
                    pending.append(entry.value)
                    pending.append(.text(entry.key))
                }
            }
        }
        return nil
    }
}
