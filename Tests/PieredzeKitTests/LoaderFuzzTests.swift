import Foundation
import Testing
@testable import PieredzeKit
import PieredzeStorage

/// A deterministic mutation test of the loaders: the project's seeds and generated notes in each
/// format (Markdown, JSONL, CSV), mutated the ways files really break and the ways an attacker
/// would break them, each loaded into a knowledge base that already holds notes.
///
/// Every case must: not crash; finish (its time is bounded: `caseTimeLimit`, far above any real
/// case); fail, if it fails, with `file:line` problems whose messages hold no control
/// characters; and leave the database exactly as it was after a failed load.
///
/// `PIEREDZE_FUZZ_CASES` sets the number of cases (default 3,000: about 25 s in a debug build),
/// `PIEREDZE_FUZZ_SEED` the seed, and `PIEREDZE_FUZZ_FINDINGS` a directory to copy the input of
/// each finding to. `make fuzz` runs many more. Text for the generated notes comes from the
/// shared seeds too when `PIEREDZE_SHARED` is set.
@Suite("Loader fuzzing")
struct LoaderFuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let cases = environment["PIEREDZE_FUZZ_CASES"].flatMap(Int.init) ?? 3_000
    static let seed = environment["PIEREDZE_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x5049_4552_445A_4531
    static let caseTimeLimit: TimeInterval = 10
    /// Mutated inputs are cut to this size, so the cases stay many and quick.
    static let maximumInputBytes = 96 * 1024

    @Test("mutated notes never crash, hang, lose their place or change the database")
    func mutations() throws {
        let kb = try TestKnowledgeBase()
        // Durability is not under test here, and syncing each of thousands of loads is slow.
        try kb.connection.execute("PRAGMA synchronous = OFF")
        try kb.load([seedsDirectory])
        let corpus = try Self.corpus()
        #expect(corpus.count >= 20)

        var random = SplitMix64(seed: Self.seed)
        var fingerprint = try Self.fingerprint(kb.connection)
        var findings: [String] = []
        var failed = 0, loaded = 0
        var slowest: TimeInterval = 0
        var loadSeconds: TimeInterval = 0, fingerprintSeconds: TimeInterval = 0
        let corpusReady = Date()
        for index in 0..<Self.cases {
            let base = corpus[random.next(below: corpus.count)]
            var bytes = base.bytes
            let steps = 1 + random.next(below: 3)
            var applied: [String] = []
            for _ in 0..<steps { applied.append(Mutation.apply(&bytes, format: base.format, random: &random)) }
            if bytes.count > Self.maximumInputBytes { bytes.removeSubrange(Self.maximumInputBytes...) }
            let path = kb.directory.url.appendingPathComponent("case.\(base.format.extensions[0])").path
            try Self.write(bytes, to: path)

            var problems: [String] = []
            let started = Date()
            var failure: LoadFailure?
            do {
                try kb.load([path])
            } catch let refusal as LoadFailure {
                failure = refusal
            } catch {
                problems.append("an error that is not a LoadFailure: \(String(describing: error).debugDescription)")
            }
            let seconds = Date().timeIntervalSince(started)
            loadSeconds += seconds
            slowest = max(slowest, seconds)
            let fingerprintStarted = Date()
            if let failure {
                failed += 1
                for problem in failure.problems + failure.warnings {
                    if problem.location.file != path || problem.location.line < 1 {
                        problems.append("no file:line: \(problem.description.debugDescription)")
                    }
                    if ControlCharacters.first(in: problem.description) != nil {
                        problems.append("a control character in a message: \(problem.description.debugDescription)")
                    }
                }
                if failure.problems.isEmpty { problems.append("a failed load without a problem") }
                if try Self.fingerprint(kb.connection) != fingerprint { problems.append("the database changed after a failed load") }
            } else {
                loaded += 1
                fingerprint = try Self.fingerprint(kb.connection)
            }
            fingerprintSeconds += Date().timeIntervalSince(fingerprintStarted)
            if seconds > Self.caseTimeLimit { problems.append("took \(Int(seconds)) s") }
            if !problems.isEmpty {
                let finding = "case \(index) (\(base.name), \(applied.joined(separator: ", "))): " + problems.joined(separator: "; ")
                findings.append(finding)
                if let directory = Self.environment["PIEREDZE_FUZZ_FINDINGS"] {
                    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                    try? Data(bytes).write(to: URL(fileURLWithPath: directory).appendingPathComponent("case-\(index).\(base.format.extensions[0])"))
                }
            }
        }
        let total = Date().timeIntervalSince(corpusReady)
        print("fuzz: \(Self.cases) executions in \(Int(total)) s (seed \(Self.seed)): \(loaded) loaded, \(failed) refused, "
              + "slowest \(String(format: "%.2f", slowest)) s, loads \(Int(loadSeconds)) s, database checks \(Int(fingerprintSeconds)) s; "
              + "\(findings.count) findings")
        for finding in findings.prefix(50) { print("fuzz finding: \(finding)") }
        #expect(findings.isEmpty, "\(findings.count) findings, the first: \(findings.first ?? "")")
        #expect(try kb.ftsProblems().isEmpty)
        #expect(try kb.count("notes") >= 10)
    }

    /// Writes `bytes` to `path` with plain POSIX calls: `Data.write` took most of a case's time.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Every row of every table (FTS5's shadow tables included), hashed in order.
    static func fingerprint(_ connection: Connection) throws -> Int {
        var hasher = Hasher()
        let tables = try connection.rows("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")
            .compactMap { $0[0, as: String.self] }
        for table in tables {
            hasher.combine(table)
            let statement = try connection.prepare("SELECT * FROM \"\(table.replacingOccurrences(of: "\"", with: "\"\""))\"")
            try statement.forEachRow { row in
                for column in 0..<row.columnCount { hasher.combine(row.value(at: column)) }
            }
        }
        return hasher.finalize()
    }

    struct Input {
        let name: String
        let format: NoteFormat
        let bytes: [UInt8]
    }

    /// The seeds as they are, then generated notes in Markdown, JSONL and CSV.
    static func corpus() throws -> [Input] {
        var inputs: [Input] = []
        let seeds = try FileManager.default.contentsOfDirectory(atPath: seedsDirectory).filter { $0.hasSuffix(".md") }.sorted()
        for name in seeds {
            inputs.append(Input(name: name, format: .markdown, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: seedsDirectory + "/" + name)))))
        }
        var text = "Pašvaldību reforma Latvijā: novadu apvienošana, iedzīvotāju aptaujas un ## sadaļas."
        if let shared = environment["PIEREDZE_SHARED"] {
            let directory = shared + "/seeds"
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted() {
                if let data = FileManager.default.contents(atPath: directory + "/" + name) { text += String(decoding: data.prefix(4_000), as: UTF8.self) }
            }
        }
        var random = SplitMix64(seed: 7)
        for index in 0..<12 {
            let note = generatedNote(index, text: text, random: &random)
            inputs.append(Input(name: "generated-\(index).md", format: .markdown, bytes: Array(try NoteExporter.markdown(note).utf8)))
            let second = generatedNote(index + 100, text: text, random: &random)
            inputs.append(Input(name: "generated-\(index).jsonl", format: .jsonl,
                                bytes: Array((try NoteExporter.jsonLine(note) + "\n" + NoteExporter.jsonLine(second) + "\n").utf8)))
            inputs.append(Input(name: "generated-\(index).csv", format: .csv, bytes: Array(csv([note, second]).utf8)))
        }
        return inputs
    }

    /// A note with every kind of field, its text cut from `text`.
    static func generatedNote(_ index: Int, text: String, random: inout SplitMix64) -> Note {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        func phrase(_ count: Int) -> String {
            (0..<count).map { _ in words[random.next(below: words.count)] }.joined(separator: " ")
        }
        var note = Note(id: "fuzz-\(index)", title: phrase(1 + random.next(below: 8)))
        note.summary = phrase(random.next(below: 20))
        note.body = phrase(random.next(below: 80)) + "\n\n```\n## Mācība\n---\n```\n\n" + phrase(10)
        note.context = phrase(random.next(below: 30))
        note.lesson = phrase(1 + random.next(below: 30))
        note.recommendation = "- " + phrase(5) + "\n- " + phrase(5)
        note.kind = [.lesson, .goodPractice, .observation, .event][random.next(below: 4)]
        note.country = ["LV", "KG", nil][random.next(below: 3)]
        note.occurred = ["2018", "2018-08", "2018-08-20", nil][random.next(below: 4)]
        note.topics = random.next(below: 2) == 0 ? ["administrativi-teritoriala-reforma"] : []
        note.tags = uniqueItems((0..<random.next(below: 6)).map { _ in phrase(1 + random.next(below: 2)) })
        note.organizations = [Organization(name: "Latvijas Pašvaldību savienība", country: "LV", kind: "asociācija")]
        note.people = [Person(name: "Gints Kaminskis", role: "priekšsēdis", organization: "Latvijas Pašvaldību savienība")]
        note.source = Source(title: phrase(3), url: "https://lps.lv/\(index)", publisher: "LPS", date: "2018-08")
        note.status = random.next(below: 2) == 0 ? .draft : .reviewed
        return note
    }

    /// Notes as the loader's CSV: a header, then one quoted row a note, lists joined with `;`.
    static func csv(_ notes: [Note]) -> String {
        let columns = ["id", "title", "summary", "kind", "country", "occurred", "topics", "tags", "organizations", "source_title", "source_url", "body", "lesson"]
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var lines = [columns.joined(separator: ",")]
        for note in notes {
            let values = [note.id, note.title, note.summary, note.kind.rawValue, note.country ?? "", note.occurred ?? "",
                          note.topics.joined(separator: ";"), note.tags.joined(separator: ";"),
                          note.organizations.map(\.name).joined(separator: ";"), note.source?.title ?? "", note.source?.url ?? "",
                          note.body, note.lesson]
            lines.append(values.map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// The ways an input is broken: each takes the bytes and the random source, and says what it did.
enum Mutation: CaseIterable {
    case flipBit, setByte, insertToken, insertControl, nest, truncate, lineEnds, deleteRange, duplicateRange, insertLine

    static let tokens: [String] = [
        "---\n", "\n---\n", "...\n", "\"", "'", "{", "}", "[", "]", "&a ", "*a ", ": ", "- ", "#", " #", "\\", "|\n", ">\n",
        "```\n", "## Mācība\n", "## Konteksts\n", ",", ";", "\t", "\n", "\"\"", "? ", "!!binary ", "%YAML 1.2\n", "&a [1, *a]",
        "<<: *a\n", "\u{FEFF}", "ā", "\u{301}\u{301}\u{301}", "\u{200B}", "\u{202E}", "title: ", "id: ", "{\"a\":", "null",
        String(repeating: "\u{301}", count: 40),
    ]
    static let controls: [[UInt8]] = [[0x00], [0x1B], [0x07], [0x7F], [0xC2, 0x85], [0x02], [0x03], [0x0B], [0xFF], [0xC3], [0xEF, 0xBB, 0xBF], [0x0D]]
    static let lines = ["---", "  ---", "----", "--- # x", "...", "- ", "  - &x a", "tags: *x", "## Ieteikumi", "```", "~~~", "title: x #y"]

    static func apply(_ bytes: inout [UInt8], format: NoteFormat, random: inout SplitMix64) -> String {
        let mutation = allCases[random.next(below: allCases.count)]
        let position = random.next(below: bytes.count + 1)
        switch mutation {
        case .flipBit:
            guard !bytes.isEmpty else { return "flip" }
            bytes[min(position, bytes.count - 1)] ^= UInt8(1 << random.next(below: 8))
        case .setByte:
            guard !bytes.isEmpty else { return "set" }
            bytes[min(position, bytes.count - 1)] = UInt8(random.next(below: 256))
        case .insertToken:
            let token = tokens[random.next(below: tokens.count)]
            bytes.insert(contentsOf: Array(token.utf8), at: position)
            return "insert \(token.debugDescription)"
        case .insertControl:
            bytes.insert(contentsOf: controls[random.next(below: controls.count)], at: position)
        case .nest:
            let depth = [10, 40, 500, 3_000, 6_000][random.next(below: 5)]
            let opening: String
            switch random.next(below: 4) {
            case 0: opening = "["
            case 1: opening = format == .markdown ? "{a: " : "{\"a\":"
            case 2: opening = "\n" + (0..<min(depth, 400)).map { String(repeating: " ", count: $0) + "a:" }.joined(separator: "\n")
            default: opening = "- "
            }
            let text = opening.hasPrefix("\n") ? opening : String(repeating: opening, count: depth)
            bytes.insert(contentsOf: Array(text.utf8), at: position)
            return "nest \(opening.prefix(4).debugDescription)×\(depth)"
        case .truncate:
            bytes.removeSubrange(position...)
        case .lineEnds:
            let ending: [UInt8] = [[0x0D, 0x0A], [0x0D], [0x0A, 0x0A]][random.next(below: 3)]
            // Every line end, or every other one (mixed line ends).
            let everyOther = random.next(below: 2) == 0
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count * 2)
            for (index, line) in lines.enumerated() {
                if index > 0 { result.append(contentsOf: everyOther && index % 2 == 0 ? [0x0A] : ending) }
                result.append(contentsOf: line)
            }
            bytes = result
        case .deleteRange:
            let end = min(bytes.count, position + random.next(below: 200))
            bytes.removeSubrange(position..<end)
        case .duplicateRange:
            let end = min(bytes.count, position + random.next(below: 400))
            bytes.insert(contentsOf: Array(bytes[position..<end]), at: end)
        case .insertLine:
            let line = lines[random.next(below: lines.count)]
            let lineStart = bytes[..<position].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            bytes.insert(contentsOf: Array((line + "\n").utf8), at: lineStart)
            return "line \(line.debugDescription)"
        }
        return "\(mutation)"
    }
}

/// A small, fast, seedable random source (Steele, Lea and Flood's SplitMix64), so every run
/// makes the same cases.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound (bound > 0).
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
