import Foundation

/// CSV (RFC 4180): a header row naming the fields, then one note a row; list fields joined
/// with `;`. Read as a stream; quoted fields may span lines, and errors name the line they
/// are on.
///
/// Written here rather than taken from a package because the loader must say on which line a
/// malformed row is, which the CSV packages available do not track.
final class CSVNoteReader: NoteRecordReader {
    private let lines: ByteLineReader
    private let file: String
    private var header: [String]?

    init(handle: FileHandle, file: String) {
        lines = ByteLineReader(handle: handle)
        self.file = file
    }

    var bytesRead: Int { lines.bytesRead }

    func next(problems: inout [LoadProblem]) throws -> RawRecord? {
        while let (row, line) = try nextRow(problems: &problems) {
            guard let fields = row else { continue }  // malformed: already reported
            let location = SourceLocation(file: file, line: line)
            guard let header else {
                let names = fields.map { $0.trimmed.lowercased() }
                if let first = names.first, first.hasPrefix("\u{FEFF}") {
                    self.header = [String(first.dropFirst())] + names.dropFirst()
                } else {
                    self.header = names
                }
                continue
            }
            if fields.count == 1, fields[0].isEmpty { continue }  // a blank line
            guard fields.count == header.count else {
                problems.append(LoadProblem(location, "row has \(fields.count) fields; expected \(header.count) as in the header row"))
                continue
            }
            var values: [(key: String, value: FieldValue)] = []
            for (name, field) in zip(header, fields) where !name.isEmpty {
                values.append((name, field.isEmpty ? .null : .text(field)))
            }
            return RawRecord(fields: values, location: location)
        }
        return nil
    }

    /// The next row's fields (nil when malformed) and the line it starts on; nil at the end of the input.
    private func nextRow(problems: inout [LoadProblem]) throws -> ([String]?, Int)? {
        guard var line = try lines.nextLine() else { return nil }
        let startLine = lines.lineNumber
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var fieldStart = true
        var index = line.startIndex
        while true {
            if index == line.endIndex {
                if inQuotes {
                    // A quoted field goes on over the line break.
                    guard let more = try lines.nextLine() else {
                        problems.append(LoadProblem(SourceLocation(file: file, line: startLine),
                                                    "a quoted field is never closed; expected a closing \" before the end of the file"))
                        return nil
                    }
                    field.append(UInt8(ascii: "\n"))
                    line = more
                    index = line.startIndex
                    continue
                }
                break
            }
            let byte = line[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    let after = line.index(after: index)
                    if after < line.endIndex, line[after] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index = line.index(after: after)
                        continue
                    }
                    inQuotes = false
                    if after < line.endIndex, line[after] != UInt8(ascii: ",") {
                        problems.append(LoadProblem(SourceLocation(file: file, line: lines.lineNumber),
                                                    "text after a closing quote; expected a comma or the end of the row"))
                        return (nil, startLine)
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == UInt8(ascii: ",") {
                guard let text = decoded(field, line: startLine, problems: &problems) else { return (nil, startLine) }
                fields.append(text)
                field.removeAll(keepingCapacity: true)
                fieldStart = true
                index = line.index(after: index)
                continue
            } else if byte == UInt8(ascii: "\""), fieldStart {
                inQuotes = true
            } else if byte == UInt8(ascii: "\"") {
                problems.append(LoadProblem(SourceLocation(file: file, line: lines.lineNumber),
                                            "a quote inside an unquoted field; expected the whole field in quotes with \"\" for a quote"))
                return (nil, startLine)
            } else {
                field.append(byte)
            }
            fieldStart = false
            index = line.index(after: index)
        }
        guard let text = decoded(field, line: startLine, problems: &problems) else { return (nil, startLine) }
        fields.append(text)
        return (fields, startLine)
    }

    private func decoded(_ bytes: [UInt8], line: Int, problems: inout [LoadProblem]) -> String? {
        switch decodeUTF8(bytes[...]) {
        case .success(let text): return text
        case .failure:
            problems.append(LoadProblem(SourceLocation(file: file, line: line), "invalid UTF-8; expected UTF-8 text"))
            return nil
        }
    }
}
