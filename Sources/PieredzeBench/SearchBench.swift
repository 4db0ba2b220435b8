import CSQLite
import Foundation
import PieredzeKit
import PieredzeStorage

/// Search latency at `searchCount` notes with the 50 fixed queries of `queries.tsv` and the 20
/// longer questions of `bench/search-questions.txt`: in process (SearchEngine vs the same FTS5
/// expression through a bare prepared statement ranked by FTS5's bm25, and by `coverage` alone)
/// and end to end (a `pieredze search` process vs a `sqlite3` shell process that loads the
/// latvian tokenizer from liblatvian.so and runs the same expression on the same database).
struct SearchBench {
    let options: Options

    func run() throws {
        let count = options.searchCount
        let database = try options.loadedDatabase("search", count: count)
        let fixed = try String(contentsOfFile: "\(options.sharedDirectory)/bench/queries.tsv", encoding: .utf8)
            .split(separator: "\n").compactMap { line -> String? in line.split(separator: "\t").last.map(String.init) }
        let questions = try String(contentsOfFile: options.questionsPath, encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.trimmed.isEmpty }
        let queries = fixed + questions
        print("\n== search at \(count) notes, \(fixed.count) queries + \(questions.count) questions × \(options.rounds) rounds ==")
        let parsed = try queries.map { try SearchQuery($0) }
        let anyConcept = try parsed.map { try $0.anyConceptExpression() }
        let expressions = anyConcept.map(\.expression)

        let connection = try Connection(path: database, mode: .readOnly, configuration: KnowledgeBase.connectionConfiguration())
        let engine = SearchEngine(connection: connection)
        let ranks = try anyConcept.map { try engine.coverageRank($0.conceptOfPhrase) }
        let raw = try connection.prepare("""
            SELECT rowid, snippet(notes_fts, -1, '[', ']', '…', 24) FROM notes_fts WHERE notes_fts MATCH ? ORDER BY rank LIMIT 10
            """)
        let rawCoverage = try connection.prepare("""
            SELECT rowid, snippet(notes_fts, -1, '[', ']', '…', 24) FROM notes_fts WHERE notes_fts MATCH ? AND rank MATCH ?
            ORDER BY rank LIMIT 10
            """)
        var engineTimes: [[Double]] = Array(repeating: [], count: queries.count)
        var rawTimes: [[Double]] = Array(repeating: [], count: queries.count)
        var coverageTimes: [[Double]] = Array(repeating: [], count: queries.count)
        var strictTimes: [[Double]] = Array(repeating: [], count: queries.count)
        var sameTimes: [[Double]] = Array(repeating: [], count: queries.count)
        var hits = 0
        var strictAnswers = 0
        var passCounts = Array(repeating: 0, count: queries.count)
        for _ in 0..<options.rounds {
            for index in queries.indices {
                let (_, rawSeconds) = try timed { try raw.rows([expressions[index]]) }
                let (_, coverageSeconds) = try timed { try rawCoverage.rows([expressions[index], ranks[index]]) }
                let (results, engineSeconds) = try timed { try engine.search(parsed[index], limit: 10) }
                // The bare statement over every expression the engine ranked (the strict pass, the
                // tiers, a pass narrowed to the heavy columns …), summed: the same FTS5 work,
                // ranked by FTS5's bm25 alone.
                var sameSeconds = 0.0
                for expression in results.passes {
                    sameSeconds += try timed { try raw.rows([expression]) }.1
                }
                sameTimes[index].append(sameSeconds)
                passCounts[index] = results.passes.count
                if results.expression != expressions[index] { strictAnswers += 1 }
                let (_, strictSeconds) = try timed { try engine.search(parsed[index], limit: 10, allWords: true) }
                rawTimes[index].append(rawSeconds)
                coverageTimes[index].append(coverageSeconds)
                engineTimes[index].append(engineSeconds)
                strictTimes[index].append(strictSeconds)
                hits += results.hits.count
            }
        }
        func ms(_ seconds: Double) -> String { format(seconds * 1000, 1) + " ms" }
        func line(_ name: String, _ times: [[Double]], _ range: Range<Int>) -> String {
            let all = range.flatMap { times[$0] }
            return "\(name) p50 \(ms(percentile(all, 0.5))) p95 \(ms(percentile(all, 0.95)))"
        }
        for (label, range) in [("all", queries.indices), ("questions", fixed.count..<queries.count)] {
            print("  in process, \(label): " + [line("SearchEngine", engineTimes, range), line("bare FTS5 bm25", rawTimes, range),
                                               line("bare FTS5 coverage", coverageTimes, range),
                                               line("SearchEngine --all-words", strictTimes, range),
                                               line("bare FTS5 bm25 on the expressions ranked", sameTimes, range)].joined(separator: "; "))
        }
        print("  (\(hits / options.rounds) hits a round; the bare statements run the engine's any-word expression;"
              + " \(strictAnswers / options.rounds) of \(queries.count) queries answered before the any-word pass;"
              + " \(passCounts.reduce(0, +)) expressions ranked for \(queries.count) queries)")
        if options.verbose {
            for index in queries.indices {
                print("    p50 \(ms(percentile(engineTimes[index], 0.5))) bare any-word \(ms(percentile(rawTimes[index], 0.5)))"
                      + " ranked \(passCounts[index]): \(queries[index])")
            }
        }
        let all = queries.indices
        let engineAll = all.flatMap { engineTimes[$0] }, rawAll = all.flatMap { rawTimes[$0] }
        let sameAll = all.flatMap { sameTimes[$0] }
        verdict("in-process p50 SearchEngine / bare FTS5 any-word", ratio: percentile(engineAll, 0.5) / percentile(rawAll, 0.5), target: 1.3)
        verdict("in-process p95 SearchEngine / bare FTS5 any-word", ratio: percentile(engineAll, 0.95) / percentile(rawAll, 0.95), target: 1.3)
        verdict("in-process p50 SearchEngine / bare FTS5 on the expressions ranked",
                ratio: percentile(engineAll, 0.5) / percentile(sameAll, 0.5), target: 1.3)
        verdict("in-process p95 SearchEngine / bare FTS5 on the expressions ranked",
                ratio: percentile(engineAll, 0.95) / percentile(sameAll, 0.95), target: 1.3)
        guard !options.inProcessOnly else { return }

        // End to end: a process a query. The baseline is the sqlite3 shell running the same FTS5
        // query on the same database, with the latvian tokenizer loaded as an extension
        // (liblatvian.so): the same matches, the same ranking, the same snippets. For scale, the
        // shell also runs it on a plain unicode61 twin (exact words only: far fewer matches).
        let twin = try unicode61Twin(of: database)
        guard FileManager.default.fileExists(atPath: options.extensionPath) else {
            fatalError("\(options.extensionPath) is missing: swift build -c release builds it")
        }
        var cliTimes: [Double] = []
        var shellTimes: [Double] = []
        var plainShellTimes: [Double] = []
        let rounds = max(1, options.rounds / 2)
        func shellSQL(_ expression: String) -> String {
            "SELECT rowid, snippet(notes_fts, -1, '[', ']', '…', 24) FROM notes_fts WHERE notes_fts MATCH '"
                + expression.replacingOccurrences(of: "'", with: "''") + "' ORDER BY rank LIMIT 10"
        }
        let load = ".load " + options.extensionPath
        for _ in 0..<rounds {
            for (query, expression) in zip(queries, expressions) {
                let cli = try Measured.run([options.binary, "search", "--db", database, "--format", "ids", query])
                let shell = try Measured.run(["sqlite3", "-bail", "-cmd", load, database, shellSQL(expression)])
                let plainShell = try Measured.run(["sqlite3", twin, shellSQL(expression)])
                guard cli.status <= 1, shell.status == 0, plainShell.status == 0 else { fatalError("search failed: \(query)") }
                cliTimes.append(cli.seconds)
                shellTimes.append(shell.seconds)
                plainShellTimes.append(plainShell.seconds)
            }
        }
        print("  end to end: pieredze search p50 \(ms(percentile(cliTimes, 0.5))) p95 \(ms(percentile(cliTimes, 0.95)));"
              + " sqlite3 shell + liblatvian p50 \(ms(percentile(shellTimes, 0.5))) p95 \(ms(percentile(shellTimes, 0.95)));"
              + " for scale, shell on a unicode61 twin (exact words) p50 \(ms(percentile(plainShellTimes, 0.5))) p95 \(ms(percentile(plainShellTimes, 0.95)))")
        verdict("end-to-end p50 pieredze search / sqlite3 shell with liblatvian, same query and database",
                ratio: percentile(cliTimes, 0.5) / percentile(shellTimes, 0.5), target: 2.0)
        print("  (pieredze search / shell on the unicode61 twin: \(format(percentile(cliTimes, 0.5) / percentile(plainShellTimes, 0.5), 2))×;"
              + " not the same query: stemming matches more notes)")
    }

    /// A copy of the database whose index uses unicode61, which the `sqlite3` shell can query.
    func unicode61Twin(of database: String) throws -> String {
        let twin = "\(options.dataDirectory)/search-twin.db"
        if FileManager.default.fileExists(atPath: twin) { return twin }
        let source = try Connection(path: database, mode: .readOnly, configuration: KnowledgeBase.connectionConfiguration())
        try source.backup(to: twin)
        let copy = try Connection(path: twin, configuration: KnowledgeBase.connectionConfiguration())
        try copy.transaction(.immediate) {
            for trigger in ["notes_ai", "notes_au", "notes_ad"] { try copy.execute("DROP TRIGGER \(trigger)") }
            try copy.execute("DROP TABLE notes_fts")
            try copy.execute("""
                CREATE VIRTUAL TABLE notes_fts USING fts5 (title, summary, context, lesson, recommendation, body,
                    content="notes", content_rowid="pk", tokenize="unicode61 remove_diacritics 2")
                """)
            try copy.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 2.0, 5.0, 2.0, 1.0)')")
            try copy.execute("INSERT INTO notes_fts (notes_fts) VALUES ('rebuild')")
        }
        return twin
    }
}

/// The HTML report over `reportCount` generated notes in one topic against `sqlite3 -json`
/// selecting the same rows.
struct ReportBench {
    let options: Options

    func run() throws {
        let count = options.reportCount
        print("\n== report: HTML over the notes of one topic, \(count) generated notes ==")
        let database = try options.loadedDatabase("report", count: count)
        // The issue's case: every note in the one topic (the generator spreads them over six).
        let connection = try Connection(path: database, configuration: KnowledgeBase.connectionConfiguration())
        try connection.execute("""
            INSERT OR IGNORE INTO note_topics (note_pk, topic_id, position)
            SELECT pk, (SELECT id FROM topics WHERE slug = 'administrativi-teritoriala-reforma'), 9 FROM notes
            """)
        let topic = "administrativi-teritoriala-reforma"
        let output = "\(options.dataDirectory)/report.html"
        var reportRuns: [Measured] = []
        var shellRuns: [Measured] = []
        let sql = """
            SELECT n.* FROM notes n WHERE n.pk IN (SELECT note_pk FROM note_topics WHERE topic_id IN
              (WITH RECURSIVE sub(id) AS (SELECT id FROM topics WHERE slug = '\(topic)' UNION ALL
               SELECT t.id FROM topics t JOIN sub ON t.parent_id = sub.id) SELECT id FROM sub))
            ORDER BY n.occurred_on DESC, n.id
            """
        for _ in 0..<3 {
            try? FileManager.default.removeItem(atPath: output)
            let report = try Measured.run([options.binary, "report", "--db", database, "--topic", topic, "--format", "html",
                                           "--date", "2026-01-01", "-o", output])
            guard report.status == 0 else { fatalError("pieredze report failed") }
            reportRuns.append(report)
            shellRuns.append(try Measured.run(["sqlite3", "-json", database, sql], stdoutPath: "\(options.dataDirectory)/report.json"))
        }
        let notes = try Measured.run(["sqlite3", database, "SELECT count(*) FROM (\(sql))"], captureOutput: true).output.trimmed
        let report = reportRuns.min { $0.seconds < $1.seconds }!
        let shell = shellRuns.min { $0.seconds < $1.seconds }!
        print("  \(notes) notes in the topic; report \(format(report.seconds)) s, peak \(report.peakKB / 1024) MB, \(format(fileSizeMB(output), 1)) MB HTML;"
              + " sqlite3 -json \(format(shell.seconds)) s (best of 3 each)")
        verdict("report / sqlite3 -json", ratio: report.seconds / shell.seconds, target: 3.0)
        print("  peak memory: \(report.peakKB / 1024) MB (target < 200 MB) \(report.peakKB < 200 * 1024 ? "PASS" : "MISS")")
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
