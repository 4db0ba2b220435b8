import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes read in chunks, so memory stays flat whatever the input's size.
protocol ByteSource: AnyObject {
    /// The next bytes (about `count` of them, never none before the end); [] at the end.
    func read(upTo count: Int) throws -> [UInt8]
    /// Bytes of the underlying file consumed so far, for progress.
    var bytesRead: Int { get }
}

extension ByteSource {
    /// Everything left, for the formats read whole (a Markdown or `.json` file).
    func readToEnd() throws -> [UInt8] {
        var all: [UInt8] = []
        while true {
            let chunk = try read(upTo: 1 << 20)
            if chunk.isEmpty { return all }
            all += chunk
        }
    }
}

/// A file or pipe, as it is.
final class FileByteSource: ByteSource {
    private let handle: FileHandle
    private(set) var bytesRead = 0

    init(handle: FileHandle) {
        self.handle = handle
    }

    func read(upTo count: Int) throws -> [UInt8] {
        guard let data = try handle.read(upToCount: count), !data.isEmpty else { return [] }
        bytesRead += data.count
        return [UInt8](data)
    }
}

/// Bytes already in memory (tests, and text handed over whole).
final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0
    var bytesRead: Int { position }

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func read(upTo count: Int) throws -> [UInt8] {
        let end = min(bytes.count, position + count)
        defer { position = end }
        return Array(bytes[position..<end])
    }
}

/// UTF-8 text from a file in the encoding the dialect names, or checked to be UTF-8.
///
/// Without an encoding, the start of the input is sniffed: a UTF-8 byte-order mark is dropped
/// (Excel's "CSV UTF-8" writes one); a UTF-16 byte-order mark, or NUL bytes in the pattern
/// UTF-16 gives ASCII text, stop the input with one message that says how to re-save it; other
/// NUL bytes say it is not text. (Invalid UTF-8 further on is found by the readers, which know
/// the line.) With an encoding, the input is converted by iconv (glibc's `iconv(3)`) as it streams.
enum TextSource {
    /// Bytes examined at the start of an input to tell its encoding.
    static let sniffLength = 4_096

    static func open(_ raw: ByteSource, file: String, format: NoteFormat, encoding: TextEncoding?) throws -> ByteSource {
        var head = try raw.read(upTo: sniffLength)
        // A pipe can hand over a few bytes at a time: gather enough to judge.
        while head.count < sniffLength {
            let more = try raw.read(upTo: sniffLength - head.count)
            if more.isEmpty { break }
            head += more
        }
        let start = SourceLocation(file: file, line: 1)
        let sniffed = sniff(head)
        switch encoding {
        case nil, .utf8?:
            switch sniffed {
            case .utf8BOM: head.removeFirst(3)
            case .utf16(let littleEndian, let byBOM):
                throw InputProblem.utf16(start, byteOrder: littleEndian ? "little-endian" : "big-endian",
                                         howKnown: byBOM ? "it starts with a byte-order mark" : "its NUL bytes show it",
                                         format: format)
            case .binary:
                // Binary from its first bytes: its "lines" mean nothing, so the file as a whole.
                throw InputProblem.notText(start)
            case .plain: break
            }
            return PrefixedByteSource(prefix: head, rest: raw)
        case .utf16?:
            var from = TextEncoding.utf16le
            switch sniffed {
            case .utf16(let littleEndian, let byBOM):
                from = littleEndian ? .utf16le : .utf16be
                if byBOM { head.removeFirst(2) }
            case .utf8BOM:
                throw InputProblem(start, "the file starts with a UTF-8 byte-order mark, so it is UTF-8, not UTF-16; leave out --encoding")
            case .plain, .binary: break
            }
            return try IconvByteSource(prefix: head, rest: raw, from: from, file: file)
        case let given?:
            if case .utf8BOM = sniffed {
                throw InputProblem(start, "the file starts with a UTF-8 byte-order mark, so it is UTF-8, not \(given.rawValue); leave out --encoding")
            }
            if given.isSingleByte, case .utf16(_, true) = sniffed {
                throw InputProblem(start, "the file starts with a UTF-16 byte-order mark, so it is UTF-16, not \(given.rawValue); use --encoding utf-16")
            }
            return try IconvByteSource(prefix: head, rest: raw, from: given, file: file)
        }
    }

    enum Sniffed: Equatable {
        /// No byte-order mark and no NUL: UTF-8 as far as this test goes.
        case plain
        case utf8BOM
        case utf16(littleEndian: Bool, byBOM: Bool)
        /// NUL bytes not in a UTF-16 pattern; the offset of the first.
        case binary(offset: Int)
    }

    /// What the first bytes of an input say about its encoding.
    static func sniff(_ head: [UInt8]) -> Sniffed {
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8BOM }
        if head.starts(with: [0xFF, 0xFE]) { return .utf16(littleEndian: true, byBOM: true) }
        if head.starts(with: [0xFE, 0xFF]) { return .utf16(littleEndian: false, byBOM: true) }
        guard let firstNUL = head.firstIndex(of: 0) else { return .plain }
        // UTF-16 has a NUL high byte for every ASCII character (field names, punctuation,
        // digits, spaces, line breaks): second in little-endian, first in big-endian. Text has
        // no code units below U+0020 but tab, LF and CR, where binary data (a ZIP's or PNG's
        // header of small numbers) has many. So: enough ASCII (Cyrillic text has little) and
        // no control characters, read in one byte order, say UTF-16; anything else is binary.
        let characters = head.count / 2
        func isUTF16Text(littleEndian: Bool) -> Bool {
            var ascii = 0
            for index in 0..<characters {
                let (low, high) = littleEndian ? (head[2 * index], head[2 * index + 1]) : (head[2 * index + 1], head[2 * index])
                guard high == 0 else { continue }
                if low < 0x20, low != 0x09, low != 0x0A, low != 0x0D { return false }
                ascii += 1
            }
            return ascii * 8 >= characters
        }
        if characters >= 2 {
            if isUTF16Text(littleEndian: true) { return .utf16(littleEndian: true, byBOM: false) }
            if isUTF16Text(littleEndian: false) { return .utf16(littleEndian: false, byBOM: false) }
        }
        return .binary(offset: firstNUL)
    }
}

/// Bytes already read (the sniffed start), then the rest of the source.
final class PrefixedByteSource: ByteSource {
    private var prefix: [UInt8]
    private let rest: ByteSource

    init(prefix: [UInt8], rest: ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    var bytesRead: Int { rest.bytesRead }

    func read(upTo count: Int) throws -> [UInt8] {
        if !prefix.isEmpty {
            defer { prefix = [] }
            return prefix
        }
        return try rest.read(upTo: count)
    }
}

/// Converts a source in another encoding to UTF-8 with iconv, chunk by chunk. A byte sequence
/// that is not text in that encoding stops the input with its line (counted in the converted text).
final class IconvByteSource: ByteSource {
    private let rest: ByteSource
    private let converter: iconv_t
    private let encoding: TextEncoding
    private let file: String
    /// Input not yet converted: the start of a character cut at a chunk's end.
    private var pending: [UInt8]
    private var reachedEnd = false
    private var lines = LineBreakCounter()
    private var atStart = true

    var bytesRead: Int { rest.bytesRead }

    init(prefix: [UInt8], rest: ByteSource, from encoding: TextEncoding, file: String) throws {
        let converter = iconv_open("UTF-8", encoding.iconvName)
        guard let converter, converter != iconv_t(bitPattern: -1) else {
            throw InputProblem(SourceLocation(file: file, line: 0), "this system cannot convert from \(encoding.rawValue) (iconv has no such conversion)")
        }
        self.converter = converter
        self.rest = rest
        self.encoding = encoding
        self.file = file
        pending = prefix
    }

    deinit { iconv_close(converter) }

    func read(upTo count: Int) throws -> [UInt8] {
        // Set when what is pending is only the start of a character: read more whatever `count` says.
        var starved = false
        while true {
            if !reachedEnd, pending.count < count || starved {
                let more = try rest.read(upTo: count)
                if more.isEmpty { reachedEnd = true } else { pending += more }
            }
            if pending.isEmpty {
                guard reachedEnd else { continue }
                return []
            }
            var output = try convertPending()
            if atStart, !output.isEmpty {
                atStart = false
                // A byte-order mark converted (UTF-16LE/BE keep it as U+FEFF): not text.
                if output.starts(with: [0xEF, 0xBB, 0xBF]) { output.removeFirst(3) }
            }
            lines.feed(output)
            if !output.isEmpty { return output }
            starved = true
            if reachedEnd {
                // Bytes left that never complete a character.
                throw InputProblem(SourceLocation(file: file, line: lines.line), "the file ends in the middle of a character; expected \(encoding.rawValue) text")
            }
        }
    }

    /// Converts as much of `pending` as forms whole characters.
    private func convertPending() throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: pending.count * 4 + 16)
        var inputLeft = pending.count
        var outputLeft = output.count
        var failure: Int32 = 0
        pending.withUnsafeMutableBytes { input in
            output.withUnsafeMutableBytes { out in
                var inPointer = input.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPointer = out.baseAddress?.assumingMemoryBound(to: CChar.self)
                if iconv(converter, &inPointer, &inputLeft, &outPointer, &outputLeft) == size_t.max {
                    failure = errno
                }
            }
        }
        output.removeLast(outputLeft)
        let consumed = pending.count - inputLeft
        if failure == EILSEQ {
            var counter = lines
            counter.feed(output)
            let byte = pending[consumed]
            throw InputProblem(SourceLocation(file: file, line: counter.line),
                               "byte 0x\(String(byte, radix: 16, uppercase: true)) is not \(encoding.rawValue) text; expected a file in the encoding --encoding names")
        }
        // EINVAL: an incomplete character at the end, kept for the next chunk. (E2BIG cannot
        // happen: four output bytes an input byte is enough for every encoding here.)
        pending.removeFirst(consumed)
        return output
    }
}
