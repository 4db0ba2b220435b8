import Foundation
import LatvianText
import Testing
@testable import PieredzeKit
import PieredzeStorage

/// Files as people really have them (issue 11 items 1, 3, 5, 10): spreadsheet CSV dialects,
/// encodings, line endings, JSON with a key given twice, directories with other files in them.
@Suite("Loading the files people have")
struct LoaderDialectTests {
    /// Loads `inputs` with `dialect`; the problems, or [] when the load succeeded.
    func problems(_ kb: TestKnowledgeBase, _ inputs: [NoteLoader.Input], dialect: TextDialect = TextDialect()) throws -> [String] {
        var options = NoteLoader.Options()
        options.dialect = dialect
        do {
            _ = try NoteLoader(connection: kb.connection).load(inputs, options: options)
            return []
        } catch let failure as LoadFailure {
            return failure.problems.map(\.description)
        }
    }

    func title(_ kb: TestKnowledgeBase, _ id: String) throws -> String? {
        try kb.store.note(id: id)?.title
    }

    // MARK: Item 1: CSV as spreadsheets write it

    @Test("headers in Latvian, English or Russian, any case and diacritics, name the fields")
    func headersInPeoplesLanguages() throws {
        let kb = try TestKnowledgeBase()
        let csv = try kb.directory.write("tabula.csv", """
            Nosaukums;KOPSAVILKUMS;valsts;Datums;Atslegvardi;Avota saite;Statuss;Source publisher;Описание
            Reformas pieredze;Īsumā.;Kirgizstāna;2019-03;"reforma; novadi";https://example.org/a;melnraksts;LPS;Текст.

            """)
        let found = try problems(kb, [.path(csv)])
        #expect(found == [])
        let note = try #require(try kb.store.note(id: "reformas-pieredze"))
        #expect(note.summary == "Īsumā.")
        #expect(note.country == "KG")
        #expect(note.occurred == "2019-03")
        #expect(note.tags == ["reforma", "novadi"])
        #expect(note.source?.url == "https://example.org/a")
        #expect(note.source?.publisher == "LPS")
        #expect(note.status == .draft)
        #expect(note.body == "Текст.")
        // A heading that is no field's name is still reported as unknown.
        let unknown = try kb.directory.write("nezinams.csv", "Nosaukums;Krāsa\nX;zila\n")
        #expect(try problems(kb, [.path(unknown)]).contains { $0.contains("krāsa: unknown field") })
    }

    @Test("no two fields share a heading in any language, and every heading maps back to its own column")
    func headingsAreUnambiguous() {
        for language in ReportLanguage.allCases {
            for field in NoteField.allCases {
                for (column, label) in zip(field.csvColumns, field.csvColumnLabels(language)) {
                    let key = NoteField.csvKey(header: label)
                    #expect(key == column || field.inputAliases.contains(key), "\(language) \(label)")
                }
            }
        }
        // Each folded heading names one column, whichever language it comes from.
        var columnsByHeading: [String: Set<String>] = [:]
        for language in ReportLanguage.allCases {
            for field in NoteField.allCases {
                for (column, label) in zip(field.csvColumns, field.csvColumnLabels(language)) {
                    columnsByHeading[LatvianFolding.fold(label), default: []].insert(column)
                }
            }
        }
        #expect(columnsByHeading.filter { $0.value.count > 1 }.isEmpty)
    }

    @Test("the spreadsheet template loads back once rows are added, in every language", arguments: ReportLanguage.allCases)
    func templateLoads(language: ReportLanguage) throws {
        let kb = try TestKnowledgeBase()
        let template = CSVReportRenderer.loadTemplate(language)
        #expect(template.hasPrefix("\u{FEFF}"))
        let columns = NoteField.allCases.flatMap(\.csvColumns).count
        let row = ["veidne-\(language.rawValue)", "Veidnes piezīme"] + Array(repeating: "", count: columns - 2)
        let file = try kb.directory.write("veidne.csv", template + row.joined(separator: ";") + "\r\n")
        #expect(try problems(kb, [.path(file)]) == [])
        #expect(try title(kb, "veidne-\(language.rawValue)") == "Veidnes piezīme")
    }

    @Test("a UTF-8 BOM before a quoted header, CRLF line endings (Excel's CSV UTF-8)")
    func bomBeforeQuotedHeader() throws {
        let kb = try TestKnowledgeBase()
        let file = try kb.directory.write("bom.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("\"id\",\"title\"\r\n\"a-1\",\"V\"\r\n".utf8))
        #expect(try problems(kb, [.path(file)]) == [])
        #expect(try title(kb, "a-1") == "V")
    }

    @Test("a UTF-8 BOM before an unquoted header, and before JSONL, JSON and Markdown", arguments: ["csv", "jsonl", "json", "md"])
    func bomElsewhere(format: String) throws {
        let kb = try TestKnowledgeBase()
        let text: String
        switch format {
        case "csv": text = "id,title\nb-1,Bē\n"
        case "jsonl", "json": text = #"{"id":"b-1","title":"Bē"}"#
        default: text = "---\nid: b-1\ntitle: Bē\n---\nTeksts.\n"
        }
        let file = try kb.directory.write("bom.\(format)", bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        #expect(try problems(kb, [.path(file)]) == [])
        #expect(try title(kb, "b-1") == "Bē")
    }

    @Test("every line ending: LF, CRLF and a lone CR, also inside quoted fields", arguments: ["\n", "\r\n", "\r"])
    func lineEndings(ending: String) throws {
        let kb = try TestKnowledgeBase()
        let csv = try kb.directory.write("n.csv", ["id,title,body", "e-1,Viens,\"pirmā\(ending)otrā\"", "e-2,Divi,"].joined(separator: ending) + ending)
        let jsonl = try kb.directory.write("n.jsonl", [#"{"id":"e-3","title":"Trīs"}"#, #"{"id":"e-4","title":"Četri"}"#].joined(separator: ending))
        #expect(try problems(kb, [.path(csv), .path(jsonl)]) == [])
        #expect(try kb.store.note(id: "e-1")?.body == "pirmā\notrā")
        #expect(try title(kb, "e-2") == "Divi")
        #expect(try title(kb, "e-4") == "Četri")
        // Line numbers count every kind of line ending.
        let bad = try kb.directory.write("bad.csv", ["id,title", "x-1,Labs", "x-2", "x-3,Labs"].joined(separator: ending))
        #expect(try problems(kb, [.path(bad)]) == ["\(bad):3: row has 1 fields; expected 2 as in the header row"])
    }

    @Test("a CR at the end of one chunk and its LF at the start of the next are one line ending")
    func crlfAcrossChunks() throws {
        let text = Array("id,title\r\nk-1,A\r\nk-2,\"B\r\nC\"\r\n".utf8)
        for chunkSize in 1...8 {
            let reader = CSVNoteReader(source: MemoryByteSource(text), file: "k.csv", chunkSize: chunkSize)
            var problems: [LoadProblem] = []
            var records: [RawRecord] = []
            while let record = try reader.next(problems: &problems) { records.append(record) }
            #expect(problems.isEmpty)
            #expect(records.map(\.location.line) == [2, 3], "chunk size \(chunkSize)")
            #expect(records.last?.fields.first { $0.key == "title" }?.value == .text("B\nC"), "chunk size \(chunkSize)")
        }
    }

    @Test("the separator is sniffed from the header: ';' with quoted ';' inside fields, and tab")
    func sniffedDelimiter() throws {
        let kb = try TestKnowledgeBase()
        let semicolon = try kb.directory.write("s.csv", "id;title;tags;body\ns-1;\"Viens; divi\";\"x;y\";\"a, b\"\n")
        let tab = try kb.directory.write("t.csv", "id\ttitle\ttags\nt-1\tTabula, ar komatu\tp;q\n")
        let comma = try kb.directory.write("c.csv", "\"id\",\"title;ar semikolu\"\nc-1,C\n")  // ';' inside quotes does not count
        #expect(try problems(kb, [.path(semicolon), .path(tab)]) == [])
        let s1 = try #require(try kb.store.note(id: "s-1"))
        #expect(s1.title == "Viens; divi" && s1.tags == ["x", "y"] && s1.body == "a, b")
        let t1 = try #require(try kb.store.note(id: "t-1"))
        #expect(t1.title == "Tabula, ar komatu" && t1.tags == ["p", "q"])
        #expect(CSVDelimiter.sniff(headerLine: Array("\"id\",\"title;ar semikolu\"".utf8)[...]) == .comma)
        #expect(CSVDelimiter.sniff(headerLine: Array("title".utf8)[...]) == .comma)
        #expect(try problems(kb, [.path(comma)]).first?.contains("unknown field") == true)
    }

    @Test("--delimiter wins over the header")
    func givenDelimiter() throws {
        let kb = try TestKnowledgeBase()
        let file = try kb.directory.write("g.csv", "id;title\ng-1;G\n")
        // Read with commas, the header is one field named "id;title".
        let problems = try problems(kb, [.path(file)], dialect: TextDialect(delimiter: .comma))
        #expect(problems.first?.hasPrefix("\(file):2: id;title: unknown field") == true, "\(problems)")
        #expect(try self.problems(kb, [.path(file)], dialect: TextDialect(delimiter: .semicolon)) == [])
        #expect(try title(kb, "g-1") == "G")
    }

    @Test("a column with text but no name is refused; an empty unnamed column is not")
    func unnamedColumn() throws {
        let kb = try TestKnowledgeBase()
        let lost = try kb.directory.write("lost.csv", "id,title,,tags\nu-1,T,pazudis,x\nu-2,T,,y\nu-3,T,vēl,z\n")
        let problems = try problems(kb, [.path(lost)])
        #expect(problems.count == 1)  // once per column
        #expect(problems.first?.hasPrefix("\(lost):1: column 3 has no name") == true)
        let trailing = try kb.directory.write("trailing.csv", "id,title,\nv-1,T,\nv-2,U,\n")
        let middle = try kb.directory.write("middle.csv", "id,,title\nv-3,,V\n,,\n , ,\n")
        #expect(try self.problems(kb, [.path(trailing), .path(middle)]) == [])
        #expect(try title(kb, "v-3") == "V")
    }

    /// A small CSV in Latvian, as bytes in `encoding`.
    func latvianCSV(_ encoding: String.Encoding, bom: [UInt8] = []) throws -> [UInt8] {
        let text = "id;title;tags\nw-1;Pašvaldību reforma;ēdināšana\nw-2;Ātri un ļoti šauri;\n"
        return bom + Array(try #require(text.data(using: encoding)))
    }

    @Test("a Windows-1257 file: one clear message without --encoding, converted with it")
    func windows1257() throws {
        let kb = try TestKnowledgeBase()
        // Excel in a Latvian locale: "š" is 0xF0, "ā" 0xE2, "ī" 0xEE, "ē" 0xE7, "ļ" 0xEF.
        let bytes = Array("id;title;tags\nw-1;Pa".utf8) + [0xF0] + Array("vald".utf8) + [0xEE] + Array("bu reforma;".utf8) + [0xE7]
            + Array("din".utf8) + [0xE2, 0xF0] + Array("ana\nw-2;".utf8) + [0xC2] + Array("tri un ".utf8) + [0xEF] + Array("oti;\n".utf8)
        let file = try kb.directory.write("w.csv", bytes: bytes)
        let refused = try problems(kb, [.path(file)])
        #expect(refused.count == 1, "\(refused)")
        let message = try #require(refused.first)
        #expect(message.hasPrefix("\(file):2: invalid UTF-8"))
        #expect(message.contains("Windows-1257") && message.contains("\"CSV UTF-8\"") && message.contains("--encoding windows-1257"))
        #expect(try kb.count("notes") == 0)
        #expect(try problems(kb, [.path(file)], dialect: TextDialect(encoding: .windows1257)) == [])
        #expect(try title(kb, "w-1") == "Pašvaldību reforma")
        #expect(try kb.store.note(id: "w-1")?.tags == ["ēdināšana"])
        #expect(try title(kb, "w-2") == "Ātri un ļoti")
    }

    @Test("UTF-16 with or without a byte-order mark: refused with advice, read with --encoding utf-16",
          arguments: [("LE with BOM", String.Encoding.utf16LittleEndian, [0xFF, 0xFE] as [UInt8]),
                      ("BE with BOM", .utf16BigEndian, [0xFE, 0xFF]),
                      ("LE", .utf16LittleEndian, []),
                      ("BE", .utf16BigEndian, [])])
    func utf16(name: String, encoding: String.Encoding, bom: [UInt8]) throws {
        let kb = try TestKnowledgeBase()
        let file = try kb.directory.write("u.csv", bytes: try latvianCSV(encoding, bom: bom))
        let refused = try problems(kb, [.path(file)])
        #expect(refused.count == 1, "\(name): \(refused)")
        #expect(refused.first?.hasPrefix("\(file):1: the file is UTF-16") == true, "\(name)")
        #expect(refused.first?.contains("--encoding utf-16") == true)
        #expect(try problems(kb, [.path(file)], dialect: TextDialect(encoding: .utf16)) == [], "\(name)")
        #expect(try title(kb, "w-1") == "Pašvaldību reforma", "\(name)")
        #expect(try title(kb, "w-2") == "Ātri un ļoti šauri", "\(name)")
    }

    @Test("sniffing tells UTF-16 text from binary data by its NUL bytes and control characters")
    func sniffing() throws {
        func utf16(_ text: String, littleEndian: Bool) -> [UInt8] {
            text.utf16.flatMap { unit -> [UInt8] in littleEndian ? [UInt8(unit & 0xFF), UInt8(unit >> 8)] : [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        }
        #expect(TextSource.sniff(utf16("id,title\nr-1,Отчёт о реформе местного самоуправления\n", littleEndian: true)) == .utf16(littleEndian: true, byBOM: false))
        #expect(TextSource.sniff(utf16("id;title\nĀ-1;Āboli\n", littleEndian: false)) == .utf16(littleEndian: false, byBOM: false))
        #expect(TextSource.sniff([0xFF, 0xFE, 0x41, 0x00]) == .utf16(littleEndian: true, byBOM: true))
        #expect(TextSource.sniff([0xEF, 0xBB, 0xBF, 0x41]) == .utf8BOM)
        #expect(TextSource.sniff(Array("id,title\n".utf8)) == .plain)
        // A ZIP (.docx, .xlsx) and a PNG header: small numbers, not text.
        #expect(TextSource.sniff([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]) == .binary(offset: 5))
        #expect(TextSource.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]) == .binary(offset: 8))
    }

    @Test("conversion streams: characters cut at a chunk's end are joined, lines counted in the text")
    func conversionAcrossChunks() throws {
        let bytes = try latvianCSV(.utf16BigEndian)
        for chunkSize in [1, 3, 7, 64] {
            let source = try IconvByteSource(prefix: [], rest: MemoryByteSource(bytes), from: .utf16be, file: "u.csv")
            let reader = CSVNoteReader(source: source, file: "u.csv", chunkSize: chunkSize)
            var problems: [LoadProblem] = []
            var titles: [FieldValue?] = []
            while let record = try reader.next(problems: &problems) { titles.append(record.fields.first { $0.key == "title" }?.value) }
            #expect(problems.isEmpty)
            #expect(titles == [.text("Pašvaldību reforma"), .text("Ātri un ļoti šauri")], "chunk size \(chunkSize)")
        }
        // Bytes that are not text in the encoding stop the input at their line.
        var odd: [UInt8] = []
        for unit in "id,title\nz-1,Z\n".utf16 { odd += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        odd += [0xD8, 0x00, 0x00, 0x41]  // a high surrogate, then no low one
        let source = try TextSource.open(MemoryByteSource(odd), file: "z.csv", format: .csv, encoding: .utf16be)
        let stop = try #require(throws: InputProblem.self) { _ = try source.readToEnd() }
        #expect(stop.problem.description.hasPrefix("z.csv:3: "))
        let cut = try TextSource.open(MemoryByteSource(Array(bytes.dropLast())), file: "c.csv", format: .csv, encoding: .utf16be)
        let end = try #require(throws: InputProblem.self) { _ = try cut.readToEnd() }
        #expect(end.problem.description.contains("ends in the middle of a character"))
    }

    @Test("an encoding given that the byte-order mark contradicts is refused")
    func contradictedEncoding() throws {
        let kb = try TestKnowledgeBase()
        let utf8 = try kb.directory.write("a.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("id,title\na,A\n".utf8))
        let problems = try problems(kb, [.path(utf8)], dialect: TextDialect(encoding: .windows1257))
        #expect(problems.count == 1 && problems[0].contains("UTF-8 byte-order mark"))
    }

    @Test("a file that is not text (NUL bytes) is an error in every format, not an empty load",
          arguments: ["csv", "jsonl", "json", "md"])
    func notText(format: String) throws {
        let kb = try TestKnowledgeBase()
        // A ZIP file (a .docx renamed) and text with one NUL byte on its third line.
        let zip = try kb.directory.write("zip.\(format)", bytes: [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00])
        #expect(try problems(kb, [.path(zip)]) == ["\(zip):1: not a text file (it contains NUL bytes); expected UTF-8 text"])
        // A NUL far from the start, past the sniffed bytes, on line 4.
        let late = try kb.directory.write("late.\(format)", bytes: Array(repeating: UInt8(ascii: " "), count: 5_000) + Array("\n\r\n\r\na".utf8) + [0] + Array("b\n".utf8))
        #expect(try problems(kb, [.path(late)]) == ["\(late):4: not a text file (it contains NUL bytes); expected UTF-8 text"])
        #expect(try kb.count("notes") == 0)
    }

    @Test("reading a long field or many rows is linear: doubling the input doubles the bytes examined")
    func linearWork() throws {
        func examined(_ text: String, chunkSize: Int) throws -> Int {
            let reader = CSVNoteReader(source: MemoryByteSource(Array(text.utf8)), file: "l.csv", chunkSize: chunkSize)
            var problems: [LoadProblem] = []
            while try reader.next(problems: &problems) != nil {}
            #expect(problems.isEmpty)
            return reader.bytesExamined
        }
        func longField(_ length: Int) -> String {
            "id,title,body\nl-1,L,\"" + String(repeating: "garš teksts, \"\" ar pēdiņām\n", count: length / 28) + "\"\n"
        }
        func manyRows(_ count: Int) -> String {
            "id,title\n" + (0..<count).map { "r-\($0),Rinda \($0)\r\n" }.joined()
        }
        for chunkSize in [256, 1 << 16] {
            let field1 = try examined(longField(100_000), chunkSize: chunkSize)
            let field2 = try examined(longField(200_000), chunkSize: chunkSize)
            #expect(Double(field2) / Double(field1) < 2.2, "long field, chunk \(chunkSize): \(field1) → \(field2)")
            let rows1 = try examined(manyRows(5_000), chunkSize: chunkSize)
            let rows2 = try examined(manyRows(10_000), chunkSize: chunkSize)
            #expect(Double(rows2) / Double(rows1) < 2.2, "many rows, chunk \(chunkSize): \(rows1) → \(rows2)")
        }
        // One long line with no ending, across many chunks.
        let line1 = try examined("title\n" + String(repeating: "x", count: 100_000), chunkSize: 100)
        let line2 = try examined("title\n" + String(repeating: "x", count: 200_000), chunkSize: 100)
        #expect(Double(line2) / Double(line1) < 2.2, "one line: \(line1) → \(line2)")
    }

    // MARK: Item 3: JSON keys given twice

    @Test("a key given twice is an error in .jsonl and .json, at its line")
    func duplicateKeys() throws {
        let kb = try TestKnowledgeBase()
        let jsonl = try kb.directory.write("d.jsonl", #"{"id":"d-0","title":"Labs"}"# + "\n" + #"{"title":"Pirmais","title":"Labotais"}"# + "\n")
        let json = try kb.directory.write("d.json", "[\n" + #"{"id":"d-1","title":"Pirmais"},"# + "\n" + #"{"id":"d-2","#
                                          + "\n" + #""title":"Pirmais","# + "\n" + #""title":"Labotais"}"# + "\n]")
        let single = try kb.directory.write("s.json", #"{"id":"d-3","title":"A","title":"B"}"#)
        let problems = try problems(kb, [.path(jsonl), .path(json), .path(single)])
        #expect(problems.contains("\(jsonl):2: title: given twice; expected each field once"), "\(problems)")
        #expect(problems.contains("\(json):5: title: given twice; expected each field once"), "\(problems)")
        #expect(problems.contains("\(single):1: title: given twice; expected each field once"), "\(problems)")
        #expect(problems.count == 3, "\(problems)")
        #expect(try kb.count("notes") == 0)
    }

    @Test("keys given twice in nested objects, and written with escapes, are found; the same key in two objects is not twice")
    func nestedDuplicateKeys() throws {
        func paths(_ json: String) -> [String] {
            Array(json.utf8).withUnsafeBytes { JSONDuplicateKeys.find(in: $0) }.map(\.path)
        }
        #expect(paths(#"{"source":{"url":"https://a","title":"T","url":"https://b"}}"#) == ["source.url"])
        #expect(paths(#"{"organizations":[{"name":"A"},{"name":"B","country":"LV","name":"C"}]}"#) == ["organizations[1].name"])
        #expect(paths(#"{"people":[{"name":"A","role":"x"},{"name":"B","role":"y"}],"source":{"title":"t"},"tags":["a","a"]}"#) == [])
        #expect(paths(#"{"title":"A","t\u0069tle":"B"}"#) == ["title"])
        #expect(paths(#"{"title":"a \"title\": b","id":"title"}"#) == [])
        #expect(paths(#"[{"id":"a","id":"b"},{"id":"c","source":{"url":"u","url":"v"}}]"#) == ["id", "source.url"])
        // Deeper than the bound: not checked, and no failure.
        let deep = String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(paths(deep) == [])
        // Not JSON: finds what it finds, never fails.
        #expect(paths(#"{"a":1,"a":"#) == ["a"])
        #expect(paths(#"{"a":1,"a"#) == [])
        #expect(paths("}}]]{{[[\"") == [])

        let kb = try TestKnowledgeBase()
        let file = try kb.directory.write("n.jsonl",
                                          #"{"id":"n-1","title":"N","source":{"url":"https://a.lv","url":"https://b.lv"},"organizations":[{"name":"A","name":"B"}]}"#)
        #expect(try problems(kb, [.path(file)]) == [
            "\(file):1: source.url: given twice; expected each field once",
            "\(file):1: organizations[0].name: given twice; expected each field once",
        ])
    }

    // MARK: Item 5: skipped files and hidden-looking ids

    @Test("a directory load lists the files it skips, and loads the rest")
    func skippedFiles() throws {
        let kb = try TestKnowledgeBase()
        let directory = kb.directory.url.appendingPathComponent("notes").path
        try kb.directory.write("notes/a.txt", "teksts")
        try kb.directory.write("notes/b.docx", "PK")
        try kb.directory.write("notes/.hidden.md", markdownNote(id: "hidden"))
        try kb.directory.write("notes/.git/c.md", markdownNote(id: "in-git"))
        try kb.directory.write("notes/sub/ok.md", markdownNote(id: "ok"))
        var options = NoteLoader.Options()
        options.dialect = TextDialect()
        let summary = try NoteLoader(connection: kb.connection).load([.path(directory)], options: options)
        #expect(summary.new == 1)
        #expect(summary.skipped == [".git/", ".hidden.md", "a.txt", "b.docx"])
        #expect(try kb.store.note(id: "hidden") == nil)
        #expect(NoteLoader.describeSkipped(summary.skipped) == "skipped 3 files and 1 hidden directory: .git/, .hidden.md, a.txt, b.docx")
        #expect(NoteLoader.describeSkipped([".hidden.md", "a.txt", "b.docx"]) == "skipped 3 files: .hidden.md, a.txt, b.docx")
        #expect(NoteLoader.describeSkipped(["x.txt"]) == "skipped 1 file: x.txt")
        #expect(NoteLoader.describeSkipped((1...8).map { "\($0).txt" }) == "skipped 8 files: 1.txt, 2.txt, 3.txt, 4.txt, 5.txt and 3 more")
        #expect(NoteLoader.describeSkipped([]) == nil)
    }

    @Test("ids start with a letter or digit", arguments: [".2018-vizite", "..", ".", "-x", "_a", "a/b", "A-1", "", "ā"])
    func hiddenLookingIDs(id: String) throws {
        #expect(!Slug.isValid(id))
        let kb = try TestKnowledgeBase()
        let file = try kb.directory.write("i.jsonl", #"{"id":"\#(id)","title":"Vizīte"}"#)
        let problems = try problems(kb, [.path(file)])
        if id.isEmpty {
            #expect(problems == [])  // an empty id is no id: derived from the title
        } else {
            #expect(problems == ["\(file):1: id: '\(id)' is not a valid id; expected \(Slug.idRule)"])
        }
    }

    @Test("valid ids, and ids derived from any title, comply with the rule")
    func validIDs() throws {
        for id in ["2018-vizite", "a..b", "a.b_c-d", "x", "9", String(repeating: "a", count: 200)] { #expect(Slug.isValid(id), "\(id)") }
        #expect(!Slug.isValid(String(repeating: "a", count: 201)))
        for title in ["...vizīte", "-- 2018", "_x_", "Ļoti Šaurs  ceļš — ātri", ".2018. gada vizīte", "  ¿Qué?"] {
            let id = Slug.derive(from: title)
            #expect(Slug.isValid(id), "\(title) → \(id)")
        }
    }

    // MARK: Item 10: --format for a file whatever its name

    @Test("a file read in the format given, whatever its extension says")
    func formatGiven() throws {
        let kb = try TestKnowledgeBase()
        let plain = try kb.directory.write("out", #"{"id":"f-1","title":"Bez paplašinājuma"}"# + "\n")
        let misnamed = try kb.directory.write("notes.md", #"{"id":"f-2","title":"JSONL ar .md"}"# + "\n")
        let csv = try kb.directory.write("data.txt", "id;title\nf-3;CSV\n")
        #expect(try problems(kb, [.file(plain, format: .jsonl), .file(misnamed, format: .jsonl), .file(csv, format: .csv)]) == [])
        #expect(try title(kb, "f-1") == "Bez paplašinājuma")
        #expect(try title(kb, "f-2") == "JSONL ar .md")
        #expect(try title(kb, "f-3") == "CSV")
        // Without a format, the name decides.
        #expect(try problems(kb, [.path(plain)]).first?.contains("unknown file type") == true)
    }
}
