/// The text encodings `load --encoding` converts from. Notes are UTF-8; without `--encoding`
/// the loader reads UTF-8 (with or without a byte-order mark) and refuses anything else with a
/// message that says how to re-save the file (`TextSniffer`).
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    /// UTF-16 in the byte order its byte-order mark says, or, without one, that its NUL bytes
    /// show (ASCII text has a NUL beside every letter); little-endian, as Windows writes it, when neither tells.
    case utf16 = "utf-16"
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"
    /// Baltic Windows code page: what Excel in a Latvian or Lithuanian locale writes as "CSV".
    case windows1257 = "windows-1257"
    /// Baltic ISO code page (Latin-7), the Unix counterpart of Windows-1257.
    case iso8859_13 = "iso-8859-13"
    /// Cyrillic Windows code page, for notes in Russian.
    case windows1251 = "windows-1251"
    /// Western European Windows code page.
    case windows1252 = "windows-1252"

    /// The name iconv knows the encoding by (glibc's `iconv -l`).
    var iconvName: String {
        switch self {
        case .utf8: return "UTF-8"
        case .utf16: return "UTF-16"
        case .utf16le: return "UTF-16LE"
        case .utf16be: return "UTF-16BE"
        case .windows1257: return "WINDOWS-1257"
        case .iso8859_13: return "ISO-8859-13"
        case .windows1251: return "WINDOWS-1251"
        case .windows1252: return "WINDOWS-1252"
        }
    }

    /// True for the encodings of one byte a character, where every byte is some letter.
    var isSingleByte: Bool {
        switch self {
        case .windows1257, .iso8859_13, .windows1251, .windows1252: return true
        case .utf8, .utf16, .utf16le, .utf16be: return false
        }
    }

    /// The encodings' names as `--encoding` takes them.
    public static var namesDescription: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}

/// The CSV field separators: `,` (RFC 4180), `;` (Excel in locales with a decimal comma, as in
/// Latvia), and tab (text exported from spreadsheets as "tab-separated").
public enum CSVDelimiter: String, Sendable, CaseIterable {
    case comma = ","
    case semicolon = ";"
    case tab

    var byte: UInt8 {
        switch self {
        case .comma: return UInt8(ascii: ",")
        case .semicolon: return UInt8(ascii: ";")
        case .tab: return 0x09
        }
    }

    /// "a comma", for messages.
    var name: String {
        switch self {
        case .comma: return "a comma"
        case .semicolon: return "a semicolon"
        case .tab: return "a tab"
        }
    }

    /// The separator a header line uses: the most frequent of `,`, `;` and tab outside quotes,
    /// a comma when there is none (a one-column file) or on a tie.
    static func sniff(headerLine: ArraySlice<UInt8>) -> CSVDelimiter {
        var counts: [CSVDelimiter: Int] = [:]
        var inQuotes = false
        for byte in headerLine {
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes, let delimiter = allCases.first(where: { $0.byte == byte }) {
                counts[delimiter, default: 0] += 1
            }
        }
        var best = CSVDelimiter.comma
        for candidate in allCases where counts[candidate, default: 0] > counts[best, default: 0] { best = candidate }
        return best
    }
}

/// How files are to be read as text: the options `load` passes down to each reader.
public struct TextDialect: Sendable, Equatable {
    /// Convert from this encoding to UTF-8; nil reads UTF-8 and refuses other encodings.
    public var encoding: TextEncoding?
    /// The CSV field separator; nil takes it from the header line.
    public var delimiter: CSVDelimiter?

    public init(encoding: TextEncoding? = nil, delimiter: CSVDelimiter? = nil) {
        self.encoding = encoding
        self.delimiter = delimiter
    }
}

/// Why a whole input stops being read: its encoding is not the one expected, or it is not
/// text. Reported once, at the first place it shows, instead of a problem on every line.
struct InputProblem: Error {
    var problem: LoadProblem

    init(_ location: SourceLocation, _ message: String) {
        problem = LoadProblem(location, message)
    }

    /// How to re-save a file as UTF-8, for the format's usual editors.
    static func resaveAdvice(_ format: NoteFormat?) -> String {
        switch format {
        case .csv?:
            return "save it as \"CSV UTF-8\" (Excel: File › Save As › CSV UTF-8; LibreOffice: Save As › Text CSV, character set Unicode (UTF-8))"
        default:
            return "save it as UTF-8 in your editor"
        }
    }

    /// Invalid UTF-8 at `location`: most likely a file saved in the Baltic Windows code page.
    static func invalidUTF8(_ location: SourceLocation, where place: String, format: NoteFormat?) -> InputProblem {
        InputProblem(location, "invalid UTF-8 (\(place)); expected UTF-8 text: the file is probably in another encoding, "
                     + "such as Windows-1257: \(resaveAdvice(format)), or load it with --encoding windows-1257")
    }

    /// A UTF-16 file where UTF-8 was expected.
    static func utf16(_ location: SourceLocation, byteOrder: String, howKnown: String, format: NoteFormat?) -> InputProblem {
        InputProblem(location, "the file is UTF-16 (\(byteOrder), \(howKnown)), not UTF-8; "
                     + "\(resaveAdvice(format)), or load it with --encoding utf-16")
    }

    /// A NUL byte in what should be text.
    static func notText(_ location: SourceLocation) -> InputProblem {
        InputProblem(location, "not a text file (it contains NUL bytes); expected UTF-8 text")
    }
}

/// Counts lines the way `ByteLineReader` splits them: LF, CR LF and a lone CR each end one.
struct LineBreakCounter {
    /// Line breaks seen so far.
    private(set) var breaks = 0
    private var afterCR = false

    mutating func feed<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            if byte == 0x0A {
                if !afterCR { breaks += 1 }
                afterCR = false
            } else if byte == 0x0D {
                breaks += 1
                afterCR = true
            } else {
                afterCR = false
            }
        }
    }

    /// The 1-based line of the next byte.
    var line: Int { breaks + 1 }

    /// The line holding byte `offset` of `bytes`.
    static func line<Bytes: Collection>(of offset: Int, in bytes: Bytes) -> Int where Bytes.Element == UInt8 {
        var counter = LineBreakCounter()
        counter.feed(bytes.prefix(offset))
        return counter.line
    }
}
