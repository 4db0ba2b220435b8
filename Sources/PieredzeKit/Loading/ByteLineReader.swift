import Foundation

/// Reads a file or pipe line by line in fixed-size chunks, so memory stays flat whatever the
/// input's size. Lines are handed out as raw bytes (without the `\n`, and without a `\r`
/// before it); decoding and UTF-8 validation are the caller's.
final class ByteLineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var reachedEnd = false
    private let chunkSize: Int
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0
    /// Bytes consumed so far (for progress).
    private(set) var bytesRead = 0

    init(handle: FileHandle, chunkSize: Int = 1 << 20) {
        self.handle = handle
        self.chunkSize = chunkSize
    }

    /// The next line, or nil at the end of the input.
    func nextLine() throws -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = buffer[start..<end]
                start = newline + 1
                lineNumber += 1
                return line
            }
            if reachedEnd {
                guard start < buffer.count else { return nil }
                var end = buffer.count
                if buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = buffer[start..<end]
                start = buffer.count
                lineNumber += 1
                return line
            }
            try fill()
        }
    }

    private func fill() throws {
        // Drop what was consumed before growing, so the buffer holds about one chunk.
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else {
            reachedEnd = true
            return
        }
        bytesRead += data.count
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
        case .error: return .failure(UTF8Error(byteOffset: scalarStart))
        }
    }
    return .failure(UTF8Error(byteOffset: scalarStart))
}

struct UTF8Error: Error {
    /// Offset of the first invalid byte from the start of the decoded bytes.
    var byteOffset: Int
}
