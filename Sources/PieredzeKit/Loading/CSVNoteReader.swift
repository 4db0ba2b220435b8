import Foundation

/// CSV (RFC 4180, and as spreadsheets write it): a header row naming the fields (by key, or by
/// their names in Latvian, English or Russian: `NoteField.csvKey`), then one note
/// a row; list fields joined with `;`. Read as a stream; quoted fields may span lines, and
/// errors name the line they are on.
///
/// Spreadsheet dialects: fields are separated by `,`, `;` or tab, the one the header line uses
/// most outside quotes (or `TextDialect.delimiter`); lines end in LF, CR LF or a lone CR, and a
/// line break inside a quoted field is kept in the text as LF; a UTF-8 byte-order mark is
/// dropped before the reader sees the text (`TextSource`). Rows with no text at all (a
/// spreadsheet's empty rows, `;;;`) are skipped; a column with text but no name in the header
/// is an error, an unnamed column without text (a trailing separator) is not.
///
/// Written here rather than taken from a package because the loader must say on which line a
/// malformed row is, which the CSV packages available do not track. Linear: every byte is
/// looked at once (`bytesExamined`).
final class CSVNoteReader: NoteRecordReader {
    private let lines: ByteLineReader
    private let file: String
    private var delimiter: CSVDelimiter?
    private var header: [String]?
    /// Columns of a CSV report that are not note fields (`CSVReportRenderer.reportOnlyColumns`).
    private var skippedColumns: Set<Int> = []
    /// Unnamed columns already reported, so each is reported once.
    private var reportedUnnamed: Set<Int> = []
    /// Bytes of field text looked at, beside the line reader's (for tests that work stays linear).
    private(set) var fieldBytesExamined = 0

    init(source: ByteSource, file: String, delimiter: CSVDelimiter? = nil, chunkSize: Int = 1 << 20) {
        lines = ByteLineReader(source: source, file: file, chunkSize: chunkSize)
        self.file = file
        self.delimiter = delimiter
    }

    var bytesRead: Int { lines.bytesRead }
    var bytesExamined: Int { lines.bytesExamined + fieldBytesExamined }

    func next(problems: inout [LoadProblem]) throws -> RawRecord? {
        while let (row, line) = try nextRow(problems: &problems) {
            guard let fields = row else { continue }  // malformed: already reported
            let location = SourceLocation(file: file, line: line)
            guard let header else {
                // Keys as written, or the fields' names in Latvian, English or Russian (`NoteField.csvKey`).
                let keys = fields.map { NoteField.csvKey(header: $0.trimmed) }
                self.header = keys
                // A CSV report's own columns (where a lesson sits in the report, its rank, the year
                // beside its date) are read over, so a report edited in a spreadsheet loads back.
                let hasDate = keys.contains { ([NoteField.occurred.key] + NoteField.occurred.inputAliases).contains($0) && $0 != "year" }
                skippedColumns = Set(keys.indices.filter { index in
                    CSVReportRenderer.reportOnlyColumns.contains(keys[index]) && (keys[index] != "year" || hasDate)
                })
                continue
            }
            if fields.allSatisfy({ $0.trimmed.isEmpty }) { continue }  // a blank line, or a row of empty cells
            guard fields.count == header.count else {
                problems.append(LoadProblem(location, "row has \(fields.count) fields; expected \(header.count) as in the header row"))
                continue
            }
            var values: [(key: String, value: FieldValue)] = []
            for (column, (name, field)) in zip(header, fields).enumerated() where !skippedColumns.contains(column) {
                guard !name.isEmpty else {
                    if !field.trimmed.isEmpty, reportedUnnamed.insert(column).inserted {
                        problems.append(LoadProblem(SourceLocation(file: file, line: 1),
                                                    "column \(column + 1) has no name, but line \(line) has text in it; "
                                                    + "expected a field name in the header row (or the column empty)"))
                    }
                    continue
                }
                // A report's defence against spreadsheet formulas (a ' before "- ") is undone.
                values.append((name, field.isEmpty ? .null : .text(CSVReportRenderer.restored(field))))
            }
            return RawRecord(fields: values, location: location)
        }
        return nil
    }

    /// The next row's fields (nil when malformed) and the line it starts on; nil at the end of the input.
    private func nextRow(problems: inout [LoadProblem]) throws -> ([String]?, Int)? {
        guard var line = try lines.nextLine() else { return nil }
        let startLine = lines.lineNumber
        let delimiter: CSVDelimiter
        if let known = self.delimiter {
            delimiter = known
        } else {
            delimiter = CSVDelimiter.sniff(headerLine: line)
            fieldBytesExamined += line.count
            self.delimiter = delimiter
        }
        let separator = delimiter.byte
        let quote = UInt8(ascii: "\"")
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var fieldStart = true
        var index = line.startIndex
        while true {
            if index == line.endIndex {
                if inQuotes {
                    // A quoted field goes on over the line break, which stays in its text.
                    guard let more = try lines.nextLine() else {
                        problems.append(LoadProblem(SourceLocation(file: file, line: startLine),
                                                    "a quoted field is never closed; expected a closing \" before the end of the file"))
                        return nil
                    }
                    field.append(0x0A)
                    line = more
                    index = line.startIndex
                    continue
                }
                break
            }
            let byte = line[index]
            fieldBytesExamined += 1
            if inQuotes {
                if byte == quote {
                    let after = line.index(after: index)
                    if after < line.endIndex, line[after] == quote {
                        field.append(byte)
                        index = line.index(after: after)
                        continue
                    }
                    inQuotes = false
                    if after < line.endIndex, line[after] != separator {
                        problems.append(LoadProblem(SourceLocation(file: file, line: lines.lineNumber),
                                                    "text after a closing quote; expected \(delimiter.name) or the end of the row"))
                        return (nil, startLine)
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == separator {
                fields.append(try decoded(field, column: fields.count + 1, line: startLine))
                field.removeAll(keepingCapacity: true)
                fieldStart = true
                index = line.index(after: index)
                continue
            } else if byte == quote, fieldStart {
                inQuotes = true
            } else if byte == quote {
                problems.append(LoadProblem(SourceLocation(file: file, line: lines.lineNumber),
                                            "a quote inside an unquoted field; expected the whole field in quotes with \"\" for a quote"))
                return (nil, startLine)
            } else {
                field.append(byte)
            }
            fieldStart = false
            index = line.index(after: index)
        }
        fields.append(try decoded(field, column: fields.count + 1, line: startLine))
        return (fields, startLine)
    }

    /// A field's text; invalid UTF-8 stops the file (it is in another encoding, and every row would say so).
    private func decoded(_ bytes: [UInt8], column: Int, line: Int) throws -> String {
        switch decodeUTF8(bytes[...]) {
        case .success(let text): return text
        case .failure(let error):
            throw InputProblem.invalidUTF8(SourceLocation(file: file, line: line),
                                           where: error.describe(within: "field \(column)"), format: .csv)
        }
    }
}
