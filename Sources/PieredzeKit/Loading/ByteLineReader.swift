import Foundation

/// Reads a byte source line by line, so memory stays flat whatever the input's size. A line
/// ends at LF, CR LF or a lone CR (old Mac and some spreadsheet exports), and is handed out as
/// raw bytes without its ending; decoding and UTF-8 validation are the caller's. A NUL byte
/// stops the input: text has none.
///
/// Linear: each byte is examined once however long its line (`bytesExamined` counts them).
final class ByteLineReader {
    private let source: ByteSource
    private let file: String
    private var buffer: [UInt8] = []
    /// Start of the line not yet returned.
    private var start = 0
    /// Where the search for the line's end goes on: bytes before it hold no line ending.
    private var scanned = 0
    private var reachedEnd = false
    private let chunkSize: Int
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0
    /// Bytes looked at in the search for line endings (for tests that work stays linear).
    private(set) var bytesExamined = 0

    init(source: ByteSource, file: String, chunkSize: Int = 1 << 20) {
        self.source = source
        self.file = file
        self.chunkSize = chunkSize
    }

    /// Bytes of the file consumed so far (for progress).
    var bytesRead: Int { source.bytesRead }

    /// The next line, or nil at the end of the input.
    func nextLine() throws -> ArraySlice<UInt8>? {
        while true {
            // The next LF, CR or NUL (all ≤ 0x0D, so one comparison passes over most bytes).
            let from = scanned
            let found: Int? = buffer.withUnsafeBufferPointer { bytes in
                var index = from
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte <= 0x0D, byte == 0x0A || byte == 0x0D || byte == 0 { return index }
                    index += 1
                }
                return nil
            }
            bytesExamined += (found ?? buffer.count) - from
            if let found {
                scanned = found
                switch buffer[found] {
                case 0x0A:
                    return takeLine(end: found, next: found + 1)
                case 0x0D:
                    if found + 1 < buffer.count {
                        return takeLine(end: found, next: found + (buffer[found + 1] == 0x0A ? 2 : 1))
                    }
                    if reachedEnd { return takeLine(end: found, next: found + 1) }
                    // An LF may follow in the next chunk: read on, then look at this CR again.
                default:
                    throw InputProblem.notText(SourceLocation(file: file, line: lineNumber + 1))
                }
            } else {
                scanned = buffer.count
            }
            if reachedEnd {
                guard start < buffer.count else { return nil }
                return takeLine(end: buffer.count, next: buffer.count)
            }
            try fill()
        }
    }

    private func takeLine(end: Int, next: Int) -> ArraySlice<UInt8> {
        let line = buffer[start..<end]
        start = next
        scanned = next
        lineNumber += 1
        return line
    }

    private func fill() throws {
        // Drop what was consumed before growing, so the buffer holds about one chunk (or one long line).
        if start > 0 {
            buffer.removeSubrange(0..<start)
            scanned -= start
            start = 0
        }
        let data = try source.read(upTo: chunkSize)
        if data.isEmpty {
            reachedEnd = true
            return
        }
        buffer.append(contentsOf: data)
    }
}

/// Decodes bytes as UTF-8, or says where the first invalid byte is.
func decodeUTF8(_ bytes: ArraySlice<UInt8>) -> Result<String, UTF8Error> {
    if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    var scalarStart = 0
    loop: while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar):
            offset += UTF8.width(scalar)
            scalarStart = offset
        case .emptyInput: break loop
        case .error: return .failure(UTF8Error(byteOffset: scalarStart, byte: bytes[bytes.startIndex + scalarStart]))
        }
    }
    return .failure(UTF8Error(byteOffset: scalarStart, byte: bytes.last ?? 0))
}

struct UTF8Error: Error {
    /// Offset of the first invalid byte from the start of the decoded bytes.
    var byteOffset: Int
    /// The byte there.
    var byte: UInt8

    /// "byte 0xE2 at byte 12 of the line", for messages.
    func describe(within what: String) -> String {
        "byte 0x\(String(byte, radix: 16, uppercase: true)) at byte \(byteOffset + 1) of \(what)"
    }
}

/// Checks a whole file's bytes (a Markdown or `.json` file) as UTF-8 text: no NUL, valid UTF-8.
/// Throws `InputProblem` at the first fault, with its line.
func checkUTF8Text(_ bytes: [UInt8], file: String, format: NoteFormat) throws {
    if let nul = bytes.firstIndex(of: 0) {
        throw InputProblem.notText(SourceLocation(file: file, line: LineBreakCounter.line(of: nul, in: bytes)))
    }
    if case .failure(let error) = decodeUTF8(bytes[...]) {
        let line = LineBreakCounter.line(of: error.byteOffset, in: bytes)
        throw InputProblem.invalidUTF8(SourceLocation(file: file, line: line),
                                       where: "byte 0x\(String(error.byte, radix: 16, uppercase: true))", format: format)
    }
}
