import Foundation

/// A JSON value decoded straight into `FieldValue` with `JSONDecoder`, which is several times
/// faster on Linux than `JSONSerialization` (that one builds `NSString`s that then have to be
/// bridged through UTF-16).
extension FieldValue: Decodable {
    public init(from decoder: Decoder) throws {
        // JSONDecoder cannot say what type a value has, only fail to decode it as one; failures
        // throw, and throwing is costly, so the likeliest types come first: text, then lists
        // (tags, topics), then mappings (an organization), then the scalars.
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let list = try? container.decode([FieldValue].self) {
            self = .list(list)
        } else if let map = try? container.decode([String: FieldValue].self) {
            self = .map(map.keys.sorted().map { ($0, map[$0]!) })
        } else if container.decodeNil() {
            self = .null
        } else if let int = try? container.decode(Int64.self) {
            self = .text(String(int))
        } else if let double = try? container.decode(Double.self) {
            self = Int64(exactly: double).map { .text(String($0)) } ?? .text(String(double))
        } else {
            self = .text(try container.decode(Bool.self) ? "true" : "false")
        }
    }
}

/// Decodes one JSON note object, or says why it is not one.
struct JSONNoteDecoder {
    private let decoder = JSONDecoder()

    enum Failure: Error {
        case notJSON(String)
        case notAnObject(String)
    }

    func record(_ data: Data, location: SourceLocation) throws -> RawRecord {
        // Most lines are objects: decode one directly, and look closer only when that fails.
        if let object = try? decoder.decode([String: FieldValue].self, from: data) {
            return RawRecord(fields: object.keys.sorted().map { ($0, object[$0]!) }, location: location)
        }
        let value: FieldValue
        do {
            value = try decoder.decode(FieldValue.self, from: data)
        } catch {
            throw Failure.notJSON(jsonMessage(error))
        }
        throw Failure.notAnObject(describeJSON(value))
    }

    func describeJSON(_ value: FieldValue) -> String {
        switch value {
        case .null: return "null"
        case .text: return "a string or number"
        case .list: return "an array"
        case .map: return "an object"
        }
    }
}

/// JSON Lines: one note object a line, read as a stream. Lines end in LF, CR LF or CR.
final class JSONLNoteReader: NoteRecordReader {
    private let lines: ByteLineReader
    private let file: String
    private let json = JSONNoteDecoder()

    init(source: ByteSource, file: String) {
        lines = ByteLineReader(source: source, file: file)
        self.file = file
    }

    var bytesRead: Int { lines.bytesRead }

    func next(problems: inout [LoadProblem]) throws -> RawRecord? {
        while let line = try lines.nextLine() {
            let location = SourceLocation(file: file, line: lines.lineNumber)
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let data = Data(line)
            do {
                let record = try json.record(data, location: location)
                for duplicate in data.withUnsafeBytes({ JSONDuplicateKeys.find(in: $0) }) {
                    problems.append(LoadProblem(location, field: duplicate.path, JSONDuplicateKeys.message))
                }
                return record
            } catch JSONNoteDecoder.Failure.notJSON(let message) {
                // Invalid UTF-8 is the likelier cause, and deserves its own words; checked only
                // now, so good lines are not validated twice. It stops the file: one message,
                // not one a line, for a file in another encoding.
                if case .failure(let error) = decodeUTF8(line) {
                    throw InputProblem.invalidUTF8(location, where: error.describe(within: "the line"), format: .jsonl)
                }
                problems.append(LoadProblem(location, "not valid JSON (\(message)); expected one JSON object a line"))
            } catch JSONNoteDecoder.Failure.notAnObject(let found) {
                problems.append(LoadProblem(location, "expected a JSON object ({…}) for a note, found \(found)"))
            }
        }
        return nil
    }
}

/// A `.json` file: an array of note objects, or a single object. Read whole.
final class JSONArrayNoteReader: NoteRecordReader {
    private var records: [RawRecord] = []
    private var index = 0
    private(set) var bytesRead = 0

    /// Throws `InputProblem` when the bytes are not UTF-8 text.
    init(bytes: [UInt8], file: String, problems: inout [LoadProblem]) throws {
        bytesRead = bytes.count
        try checkUTF8Text(bytes, file: file, format: .json)
        let data = Data(bytes)
        let location = SourceLocation(file: file, line: 1)
        let value: FieldValue
        do {
            value = try JSONDecoder().decode(FieldValue.self, from: data)
        } catch {
            problems.append(LoadProblem(location, "not valid JSON (\(jsonMessage(error))); expected an array of note objects"))
            return
        }
        var lines = LineBreakCounter()
        var counted = 0
        for duplicate in bytes.withUnsafeBytes({ JSONDuplicateKeys.find(in: $0) }) {
            lines.feed(bytes[counted..<duplicate.byteOffset])
            counted = duplicate.byteOffset
            problems.append(LoadProblem(SourceLocation(file: file, line: lines.line), field: duplicate.path, JSONDuplicateKeys.message))
        }
        let items: [FieldValue]
        if case .list(let list) = value { items = list } else { items = [value] }
        for (offset, item) in items.enumerated() {
            // The decoder keeps no positions: name the element instead.
            let itemLocation = SourceLocation(file: "\(file)[\(offset)]", line: 1)
            if case .map(let fields) = item {
                records.append(RawRecord(fields: fields, location: itemLocation))
            } else {
                problems.append(LoadProblem(itemLocation, "expected a JSON object for a note"))
            }
        }
    }

    func next(problems: inout [LoadProblem]) throws -> RawRecord? {
        guard index < records.count else { return nil }
        defer { index += 1 }
        return records[index]
    }
}

/// The line holding byte `offset` of `data`.
func lineLocation(_ data: Data, offset: Int, file: String) -> SourceLocation {
    SourceLocation(file: file, line: 1 + data.prefix(offset).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
}

/// The decoder's own words for a JSON error, without Foundation's boilerplate.
func jsonMessage(_ error: Error) -> String {
    if case DecodingError.dataCorrupted(let context) = error {
        let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
        return underlying ?? context.debugDescription
    }
    let nsError = error as NSError
    return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
}
