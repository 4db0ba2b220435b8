import Foundation
import Testing

/// `pieredze load` end to end with the files people really have (issue 11 items 1, 3, 5, 10):
/// spreadsheet CSV, other encodings, binary files, JSON keys given twice, directories with
/// other files, `--format` for a file of any name.
@Suite("pieredze load: files as people have them", .serialized)
final class LoadDialectCLITests {
    let scratch: ScratchDirectory
    var directory: URL { scratch.url }
    var db: String { scratch.db }

    init() throws {
        scratch = try ScratchDirectory("pieredze-dialect")
    }

    @discardableResult
    func run(_ arguments: [String], database: String? = nil) throws -> CLITests.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["PIEREDZE_DB"] = database ?? db
        return try CLITests.spawn(CLITests.binary, arguments, in: directory, environment: environment)
    }

    /// Writes `bytes` to `name` in the test's directory; its path.
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

    func title(_ id: String) throws -> String? {
        let shown = try run(["show", id, "--format", "json"])
        guard shown.status == 0, let object = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any] else { return nil }
        return object["title"] as? String
    }

    @Test("Excel's CSV UTF-8: a BOM before a quoted header, CRLF")
    func excelUTF8() throws {
        // printf '\xef\xbb\xbf"id","title"\r\n"a-1","V"\r\n'
        let file = try write("excel.csv", [0xEF, 0xBB, 0xBF] + Array("\"id\",\"title\"\r\n\"a-1\",\"V\"\r\n".utf8))
        let result = try run(["load", file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("loaded 1 notes: 1 new"))
        #expect(try title("a-1") == "V")
    }

    @Test("a Latvian-locale Excel file: ';' separated, quoted ';' inside, CR-only lines; tab-separated; --delimiter")
    func separators() throws {
        let semicolon = try write("lv.csv", "id;title;tags\rs-1;\"Viens; divi\";\"x;y\"\rs-2;\"Divas\rrindas\";\r")
        let tab = try write("tab.csv", "id\ttitle\nt-1\tAr, komatu\n")
        let result = try run(["load", semicolon, tab])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("loaded 3 notes"))
        #expect(try title("s-1") == "Viens; divi")
        #expect(try title("s-2") == "Divas\nrindas")
        #expect(try title("t-1") == "Ar, komatu")
        let given = try write("given.csv", "id,title\ng-1,\"A;B\"\n")
        #expect(try run(["load", given, "--delimiter", ","]).status == 0)
        #expect(try title("g-1") == "A;B")
        // Read with ';', a comma-separated header is one field named "id,title".
        let wrong = try run(["load", try write("plain.csv", "id,title\ng-2,B\n"), "--delimiter", ";"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("plain.csv:2: id,title: unknown field"))
        #expect(try run(["load", tab, "--delimiter", "tab"]).status == 0)
        #expect(try run(["load", tab, "--delimiter", "|"]).status == 2)
        #expect(try run(["load", tab, "--format", "jsonl", "--delimiter", ";"]).status == 2)
    }

    @Test("a Windows-1257 file: one message saying how to re-save; --encoding windows-1257 converts it")
    func windows1257() throws {
        // "Pašvaldība" and "Ātri" in the Baltic Windows code page.
        let bytes = Array("id;title\nw-1;Pa".utf8) + [0xF0] + Array("vald".utf8) + [0xEE] + Array("ba\nw-2;".utf8) + [0xC2] + Array("tri\n".utf8)
        let file = try write("w1257.csv", bytes)
        let refused = try run(["load", file])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("w1257.csv:2: invalid UTF-8"))
        #expect(refused.stderr.contains("save it as \"CSV UTF-8\""))
        #expect(refused.stderr.contains("--encoding windows-1257"))
        #expect(refused.stderr.contains("1 problem found; nothing was loaded"))
        let converted = try run(["load", file, "--encoding", "windows-1257"])
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(try title("w-1") == "Pašvaldība")
        #expect(try title("w-2") == "Ātri")
    }

    @Test("UTF-16 BE without a BOM and LE with one: refused with advice; --encoding utf-16 reads them")
    func utf16() throws {
        let text = "id\ttitle\nu-1\tĀboli un ķirši\n"
        var bigEndian: [UInt8] = []
        var littleEndian: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 {
            bigEndian += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
            littleEndian += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        for (name, bytes) in [("be.csv", bigEndian), ("le.csv", littleEndian)] {
            let file = try write(name, bytes)
            let refused = try run(["load", file])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("\(name):1: the file is UTF-16"), "\(refused.stderr)")
            #expect(refused.stderr.contains("--encoding utf-16"))
            let read = try run(["load", "--encoding", "utf-16", file])
            #expect(read.status == 0, "\(read.stderr)")
            #expect(try title("u-1") == "Āboli un ķirši")
        }
        #expect(try run(["load", "--encoding", "ebcdic", "x.csv"]).status == 2)
    }

    @Test("a file that is not text is an error, not 'loaded 0 notes'")
    func binary() throws {
        let file = try write("photo.csv", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52])
        let result = try run(["load", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("photo.csv:1: not a text file"))
        #expect(!result.stdout.contains("loaded"))
    }

    @Test("a column with text but no name: file:1: column 3 has no name; a trailing empty column is fine")
    func unnamedColumn() throws {
        let file = try write("cols.csv", "id,title,,tags\nc-1,T,pazudis,x\n")
        let result = try run(["load", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cols.csv:1: column 3 has no name"))
        let trailing = try write("trailing.csv", "id,title,\nc-2,T,\n")
        #expect(try run(["load", trailing]).status == 0)
    }

    @Test("a JSON key given twice: file:line: title: given twice, in .jsonl and .json, nested too")
    func duplicateKeys() throws {
        let jsonl = try write("dup.jsonl", #"{"title":"Pirmais","title":"Labotais"}"# + "\n")
        let json = try write("dup.json", "[\n" + #"{"id":"d-1","title":"A","source":{"url":"https://a.lv","url":"https://b.lv"}}"# + "\n]\n")
        let result = try run(["load", jsonl, json])
        #expect(result.status == 1)
        #expect(result.stderr.contains("dup.jsonl:1: title: given twice"))
        #expect(result.stderr.contains("dup.json:2: source.url: given twice"))
        #expect(try run(["list"]).stdout.isEmpty)
    }

    @Test("a directory load names the files it skips on standard error, and exits 0")
    func skipped() throws {
        let notes = directory.appendingPathComponent("notes")
        _ = try write("notes/a.txt", "teksts")
        _ = try write("notes/b.docx", "PK")
        _ = try write("notes/.hidden.md", "---\nid: hidden\ntitle: Slēpts\n---\n")
        _ = try write("notes/ok.jsonl", #"{"id":"ok","title":"Labi"}"# + "\n")
        let result = try run(["load", notes.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "skipped 3 files: .hidden.md, a.txt, b.docx\n")
        #expect(result.stdout.hasPrefix("loaded 1 notes"))
        for index in 1...7 { _ = try write("notes/x\(index).txt", "") }
        let many = try run(["load", notes.path])
        #expect(many.stderr == "skipped 10 files: .hidden.md, a.txt, b.docx, x1.txt, x2.txt and 5 more\n")
    }

    @Test("an id that looks hidden, or like an option, cannot be created")
    func hiddenIDs() throws {
        for id in [".2018-vizite", "..", "-x"] {
            let file = try write("id.jsonl", #"{"id":"\#(id)","title":"Vizīte"}"# + "\n")
            let result = try run(["load", file])
            #expect(result.status == 1)
            #expect(result.stderr.contains("id.jsonl:1: id: '\(id)' is not a valid id; expected lower-case letters a–z, digits, '-', '_' or '.', starting with a letter or digit"))
        }
    }

    @Test("dump --format jsonl out && load out --format jsonl; --format wins over an extension; not for directories")
    func formatForFiles() throws {
        let file = try write("seed.jsonl", #"{"id":"r-1","title":"Atpakaļ"}"# + "\n" + #"{"id":"r-2","title":"Vēlreiz"}"# + "\n")
        #expect(try run(["load", file]).status == 0)
        let out = directory.appendingPathComponent("out").path
        #expect(try run(["dump", "--format", "jsonl", out]).status == 0)
        let other = directory.appendingPathComponent("other.db").path
        let withoutFormat = try run(["load", out], database: other)
        #expect(withoutFormat.status == 1)
        let loaded = try run(["load", out, "--format", "jsonl"], database: other)
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(loaded.stdout.hasPrefix("loaded 2 notes: 2 new"))
        let misnamed = try write("notes.md", #"{"id":"m-1","title":"JSONL"}"# + "\n")
        #expect(try run(["load", misnamed, "--format", "jsonl"]).status == 0)
        #expect(try title("m-1") == "JSONL")
        let folder = directory.appendingPathComponent("folder")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let usage = try run(["load", folder.path, "--format", "jsonl"])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("--format jsonl is for files and -"))
        let help = try run(["load", "--help"])
        #expect(help.stdout.contains("whatever their extension says"))
        #expect(help.stdout.contains("--encoding"))
        #expect(help.stdout.contains("windows-1257"))
        #expect(help.stdout.contains("--delimiter"))
    }
}
