import Foundation

/// Converts what `JSONSerialization` returns into `FieldValue`s.
enum JSONFieldValues {
    static func value(_ object: Any) -> FieldValue {
        switch object {
        case is NSNull: return .null
        case let string as String: return .text(string)
        case let number as NSNumber:
            // JSON true/false arrive as NSNumber of C type char; numbers as integer or double.
            switch String(cString: number.objCType) {
            case "c", "B": return .text(number.boolValue ? "true" : "false")
            case "d", "f":
                if let int = Int(exactly: number.doubleValue) { return .text(String(int)) }
                return .text(number.stringValue)
            default: return .text(number.stringValue)
            }
        case let array as [Any]: return .list(array.map(value))
        case let dictionary as [String: Any]:
            return .map(dictionary.keys.sorted().map { ($0, value(dictionary[$0]!)) })
        default: return .text(String(describing: object))
        }
    }

    static func record(_ object: Any, location: SourceLocation) -> RawRecord? {
        guard let dictionary = object as? [String: Any] else { return nil }
        return RawRecord(fields: dictionary.keys.sorted().map { ($0, value(dictionary[$0]!)) }, location: location)
    }
}

/// JSON Lines: one note object a line, read as a stream.
final class JSONLNoteReader: NoteRecordReader {
    private let lines: ByteLineReader
    private let file: String

    init(handle: FileHandle, file: String) {
        lines = ByteLineReader(handle: handle)
        self.file = file
    }

    var bytesRead: Int { lines.bytesRead }

    func next(problems: inout [LoadProblem]) throws -> RawRecord? {
        while let line = try lines.nextLine() {
            let location = SourceLocation(file: file, line: lines.lineNumber)
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            if case .failure(let error) = decodeUTF8(line) {
                problems.append(LoadProblem(location, "invalid UTF-8 at byte \(error.byteOffset + 1) of the line; expected UTF-8 text"))
                continue
            }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(line))
            } catch {
                problems.append(LoadProblem(location, "not valid JSON (\(jsonMessage(error))); expected one JSON object a line"))
                continue
            }
            guard let record = JSONFieldValues.record(object, location: location) else {
                problems.append(LoadProblem(location, "expected a JSON object ({…}) for a note, found \(type(of: object))"))
                continue
            }
            return record
        }
        return nil
    }
}

/// A `.json` file: an array of note objects, or a single object. Read whole.
final class JSONArrayNoteReader: NoteRecordReader {
    private var records: [RawRecord] = []
    private var index = 0
    private(set) var bytesRead = 0

    init(data: Data, file: String, problems: inout [LoadProblem]) {
        bytesRead = data.count
        let location = SourceLocation(file: file, line: 1)
        if case .failure(let error) = decodeUTF8(ArraySlice(data)) {
            problems.append(LoadProblem(lineLocation(data, offset: error.byteOffset, file: file), "invalid UTF-8; expected UTF-8 text"))
            return
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            problems.append(LoadProblem(location, "not valid JSON (\(jsonMessage(error))); expected an array of note objects"))
            return
        }
        let items = (object as? [Any]) ?? [object]
        for (offset, item) in items.enumerated() {
            // JSONSerialization keeps no positions: name the element instead.
            let itemLocation = SourceLocation(file: "\(file)[\(offset)]", line: 1)
            if let record = JSONFieldValues.record(item, location: itemLocation) {
                records.append(record)
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

/// JSONSerialization's error text without Foundation's boilerplate.
func jsonMessage(_ error: Error) -> String {
    let nsError = error as NSError
    return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
}
