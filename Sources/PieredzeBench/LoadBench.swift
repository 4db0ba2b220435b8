import Foundation
@_spi(Benchmark) import PieredzeKit
import PieredzeStorage

/// One generated note as `gen_notes.py` writes it (the baseline reads only what it inserts).
struct GeneratedNote: Decodable {
    var id: String
    var title: String
    var summary: String
    var body: String
    var country: String
    var year: Int
}

/// The minimal loader the issue asks to compare against: the same schema, one prepared INSERT,
/// one transaction, through the storage layer; the FTS index kept by the triggers (a) or built
/// in bulk afterwards (b).
enum BaselineLoader {
    enum Indexing { case triggers, bulk }

    /// Loads `corpus` into a new database whose schema is the given migrations; returns seconds.
    static func load(corpus: String, database: String, migrations: [(fileName: String, sql: String)], indexing: Indexing) throws -> Double {
        let (_, seconds) = try timed { () throws -> Void in
            let connection = try Connection(path: database, configuration: KnowledgeBase.connectionConfiguration())
            // The baseline writes through Pieredze's own FTS5 triggers, which need a trusted schema.
            try connection.setTrustedSchema(true)
            try Migrator(files: migrations).migrate(connection)
            try connection.transaction(.immediate) {
                if indexing == .bulk {
                    for trigger in ["notes_ai", "notes_au", "notes_ad"] { try connection.execute("DROP TRIGGER \(trigger)") }
                }
                let insert = try connection.prepare("""
                    INSERT INTO notes (id, title, summary, body, country, occurred_on, created_at, updated_at, content_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, '')
                    """)
                let decoder = JSONDecoder()
                let now = "2026-01-01T00:00:00.000Z"
                let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: corpus))
                var pending = Data()
                func insertLine(_ line: Data) throws {
                    guard !line.isEmpty else { return }
                    let note = try decoder.decode(GeneratedNote.self, from: line)
                    insert.reset()
                    try insert.bindText(note.id, at: 1)
                    try insert.bindText(note.title, at: 2)
                    try insert.bindText(note.summary, at: 3)
                    try insert.bindText(note.body, at: 4)
                    try insert.bind(Countries.find(note.country)?.code, at: 5)
                    try insert.bind(String(note.year), at: 6)
                    try insert.bindText(now, at: 7)
                    try insert.bindText(now, at: 8)
                    try insert.step()
                }
                while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                    pending.append(chunk)
                    var start = pending.startIndex
                    while let newline = pending[start...].firstIndex(of: 0x0A) {
                        try insertLine(pending[start..<newline])
                        start = newline + 1
                    }
                    pending = pending[start...]
                }
                try insertLine(pending)
                if indexing == .bulk {
                    try connection.execute("INSERT INTO notes_fts (notes_fts) VALUES ('rebuild')")
                }
            }
        }
        return seconds
    }
}

struct LoadBench {
    let options: Options

    func run() throws {
        print("\n== load (make bench-load) ==")
        let sqliteUtils = (try? Measured.run(["sqlite-utils", "--version"]))?.status == 0
        for count in options.loadCounts {
            let corpus = try options.corpus(count)
            print("\(count) notes (\(format(fileSizeMB(corpus), 0)) MB JSONL):")
            let pieredzeDB = options.freshDatabase("load-pieredze-\(count)")
            let pieredze = try Measured.run([options.binary, "load", "--db", pieredzeDB, corpus])
            guard pieredze.status == 0 else { fatalError("pieredze load failed") }
            let triggers = try BaselineLoader.load(corpus: corpus, database: options.freshDatabase("load-baseline-a-\(count)"),
                                                   migrations: Schema.migrationFiles, indexing: .triggers)
            let bulk = try BaselineLoader.load(corpus: corpus, database: options.freshDatabase("load-baseline-b-\(count)"),
                                               migrations: Schema.migrationFiles, indexing: .bulk)
            var utils: Double?
            if sqliteUtils {
                let db = options.freshDatabase("load-sqlite-utils-\(count)")
                let insert = try Measured.run(["sqlite-utils", "insert", db, "notes", corpus, "--nl", "--pk", "id"])
                let fts = try Measured.run(["sqlite-utils", "enable-fts", db, "notes", "title", "summary", "body", "--fts5", "--create-triggers"])
                if insert.status == 0, fts.status == 0 { utils = insert.seconds + fts.seconds }
            }
            let rate = Double(count) / pieredze.seconds
            print("  pieredze load          \(format(pieredze.seconds)) s  \(Int(rate)) notes/s  peak \(pieredze.peakKB / 1024) MB  db \(format(fileSizeMB(pieredzeDB), 0)) MB")
            print("  baseline (a) triggers  \(format(triggers)) s")
            print("  baseline (b) bulk      \(format(bulk)) s")
            if let utils { print("  sqlite-utils insert+enable-fts  \(format(utils)) s") } else { print("  sqlite-utils: not installed (pip install sqlite-utils)") }
            verdict("pieredze / faster baseline", ratio: pieredze.seconds / min(triggers, bulk), target: 1.3)
            if let utils { verdict("pieredze / sqlite-utils", ratio: pieredze.seconds / utils, target: 1.0) }
            print("  peak memory: \(pieredze.peakKB / 1024) MB (target < 150 MB) \(pieredze.peakKB < 150 * 1024 ? "PASS" : "MISS")")
            for name in ["load-baseline-a-\(count)", "load-baseline-b-\(count)", "load-sqlite-utils-\(count)"] {
                _ = options.freshDatabase(name)
            }
        }
        try HistoryCostBench(options: options).run()
    }
}

/// What history (migrations/0006: the journal, a version of every note a load changes) costs a
/// load: the same load in the same process with history kept and with it off (an option only this
/// benchmark uses), alternated, best of `rounds` each, so the machine's noise falls on both alike.
struct HistoryCostBench {
    let options: Options
    var rounds = 2
    /// How many notes the update case changes.
    var updateCount = 10_000

    /// Loads `corpus` into `database` in process, keeping history or not; returns seconds.
    func load(_ corpus: String, into database: String, keepsHistory: Bool) throws -> Double {
        let knowledgeBase = try KnowledgeBase(path: database, access: .create)
        var loadOptions = NoteLoader.Options()
        loadOptions.keepsHistory = keepsHistory
        return try timed { _ = try knowledgeBase.load([.path(corpus)], options: loadOptions) }.1
    }

    /// `count` notes with the ids of the seed-42 corpus and other text (seed 43): every one an update.
    func variantCorpus(_ count: Int) throws -> String {
        let path = "\(options.dataDirectory)/notes-\(count)-seed43.jsonl"
        if !FileManager.default.fileExists(atPath: path) {
            let result = try Measured.run(["python3", "\(options.sharedDirectory)/bench/gen_notes.py", "--count", String(count),
                                           "--seed", "43", "--format", "jsonl", "--out", path])
            guard result.status == 0 else { fatalError("gen_notes.py failed") }
        }
        return path
    }

    func run() throws {
        let count = options.loadCounts.max() ?? 100_000
        print("\n== history's cost (make bench-load): the same load with history on and off, best of \(rounds) each ==")
        let corpus = try options.corpus(count)
        var on: [Double] = [], off: [Double] = []
        for _ in 0..<rounds {
            off.append(try load(corpus, into: options.freshDatabase("history-off-\(count)"), keepsHistory: false))
            on.append(try load(corpus, into: options.freshDatabase("history-on-\(count)"), keepsHistory: true))
        }
        print("  load \(count) new notes: history on \(on.map { format($0) }.joined(separator: " / ")) s,"
              + " off \(off.map { format($0) }.joined(separator: " / ")) s")
        verdict("new notes, history on / off", ratio: on.min()! / off.min()!, target: 1.1)

        // Updates: the base database (the seed-42 notes, loaded with history) copied for each run,
        // then the seed-43 notes with the same ids loaded over it.
        let base = options.freshDatabase("history-update-base-\(updateCount)")
        _ = try load(try options.corpus(updateCount), into: base, keepsHistory: true)
        let variant = try variantCorpus(updateCount)
        var updateOn: [Double] = [], updateOff: [Double] = []
        for _ in 0..<rounds + 1 {
            for keepsHistory in [false, true] {
                let database = options.freshDatabase("history-update-\(keepsHistory)")
                try FileManager.default.copyItem(atPath: base, toPath: database)
                let seconds = try load(variant, into: database, keepsHistory: keepsHistory)
                if keepsHistory { updateOn.append(seconds) } else { updateOff.append(seconds) }
            }
        }
        print("  update \(updateCount) notes: history on \(updateOn.map { format($0) }.joined(separator: " / ")) s,"
              + " off \(updateOff.map { format($0) }.joined(separator: " / ")) s")
        verdict("updates, history on / off", ratio: updateOn.min()! / updateOff.min()!, target: 1.5)
        for name in ["history-off-\(count)", "history-on-\(count)", "history-update-base-\(updateCount)",
                     "history-update-false", "history-update-true"] {
            _ = options.freshDatabase(name)
        }
    }
}

struct TokenizerBench {
    let options: Options

    /// The Latvian tokenizer against plain unicode61: the same bulk load, schema 0001–0002
    /// (unicode61) versus 0001–0003 (latvian), alternated to spread the machine's noise.
    func run() throws {
        let count = options.loadCounts.max() ?? 100_000
        let corpus = try options.corpus(count)
        print("\n== tokenizer: latvian vs unicode61, bulk load of \(count) notes ==")
        let unicode61Migrations = Array(Schema.migrationFiles.prefix(2))
        var latvian: [Double] = []
        var unicode61: [Double] = []
        for _ in 0..<2 {
            unicode61.append(try BaselineLoader.load(corpus: corpus, database: options.freshDatabase("tok-unicode61"),
                                                     migrations: unicode61Migrations, indexing: .bulk))
            latvian.append(try BaselineLoader.load(corpus: corpus, database: options.freshDatabase("tok-latvian"),
                                                   migrations: Schema.migrationFiles, indexing: .bulk))
        }
        print("  unicode61 \(unicode61.map { format($0) }.joined(separator: " / ")) s; latvian \(latvian.map { format($0) }.joined(separator: " / ")) s")
        verdict("latvian / unicode61 (best of 2 each)", ratio: latvian.min()! / unicode61.min()!, target: 1.3)

        // The road not taken: the folded surface form indexed colocated with each stem.
        var surfaceMigrations = Schema.migrationFiles
        surfaceMigrations[2].sql = surfaceMigrations[2].sql.replacingOccurrences(of: "tokenize=\"latvian\"", with: "tokenize=\"latvian surface 1\"")
        let surfaceDB = options.freshDatabase("tok-surface")
        let surface = try BaselineLoader.load(corpus: corpus, database: surfaceDB, migrations: surfaceMigrations, indexing: .bulk)
        let latvianDB = options.freshDatabase("tok-latvian")
        _ = try BaselineLoader.load(corpus: corpus, database: latvianDB, migrations: Schema.migrationFiles, indexing: .bulk)
        let ftsSize = { (path: String) -> Double in
            let connection = try Connection(path: path, mode: .readOnly, configuration: KnowledgeBase.connectionConfiguration())
            let pages = try connection.scalar("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'notes_fts%'", as: Double.self)
            return (pages ?? 0) / 1_048_576
        }
        print("  with surface forms colocated: load \(format(surface)) s (\(format(surface / latvian.min()!))× latvian),"
              + " index \(format((try? ftsSize(surfaceDB)) ?? .nan, 0)) MB vs \(format((try? ftsSize(latvianDB)) ?? .nan, 0)) MB")
        for name in ["tok-unicode61", "tok-latvian", "tok-surface"] { _ = options.freshDatabase(name) }
    }
}
