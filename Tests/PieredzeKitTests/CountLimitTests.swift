import CSQLite
import Foundation
import Testing
@testable import PieredzeKit
import PieredzeStorage

@Suite("The total of a search stops counting at a limit: 'of more than 10000 notes'")
struct CountLimitTests {
    /// `count` notes that all have "reforma"; every third also "budžets".
    static func notes(count: Int) -> String {
        (0..<count).map { index in
            let extra = index % 3 == 0 ? " budžets" : ""
            return "{\"id\":\"n-\(index)\",\"title\":\"Piezīme \(index)\",\"summary\":\"Pašvaldību reforma\(extra).\"}"
        }.joined(separator: "\n") + "\n"
    }

    static func knowledgeBase(notes count: Int) throws -> TestKnowledgeBase {
        let kb = try TestKnowledgeBase()
        try kb.load([try kb.directory.write("notes.jsonl", notes(count: count))])
        return kb
    }

    @Test("counting stops at atMost; without it every match is counted")
    func engineCount() throws {
        let kb = try Self.knowledgeBase(notes: 30)
        let engine = SearchEngine(connection: kb.connection)
        let query = try SearchQuery("reforma budžets")
        #expect(try engine.count(query) == 30)
        #expect(try engine.count(query, allWords: true) == 10)
        #expect(try engine.count(query, atMost: 7) == 7)
        #expect(try engine.count(query, allWords: true, atMost: 100) == 10)
        #expect(try engine.count(query, atMost: 0) == 0)
    }

    @Test("countMatches: exactly the limit is exact; one more is 'at least'")
    func lowerBound() throws {
        let kb = try Self.knowledgeBase(notes: 30)
        var results = try kb.knowledgeBase.search(text: "reforma", limit: 10)
        try kb.knowledgeBase.countMatches(of: &results, text: "reforma", atMost: 30)
        #expect(results.matchCount == 30 && !results.matchCountIsLowerBound)
        try kb.knowledgeBase.countMatches(of: &results, text: "reforma", atMost: 29)
        #expect(results.matchCount == 29 && results.matchCountIsLowerBound)
        try kb.knowledgeBase.countMatches(of: &results, text: "reforma", atMost: nil)
        #expect(results.matchCount == 30 && !results.matchCountIsLowerBound)
        // The default limit is far above this collection: exact.
        try kb.knowledgeBase.countMatches(of: &results, text: "reforma budžets", allWords: true)
        #expect(results.matchCount == 10 && !results.matchCountIsLowerBound)
    }

    @Test("text and JSON say 'more than' and totalRelation gte when the count stopped")
    func rendering() throws {
        let kb = try Self.knowledgeBase(notes: 30)
        var results = try kb.knowledgeBase.search(text: "reforma", limit: 10)
        try kb.knowledgeBase.countMatches(of: &results, text: "reforma", atMost: 20)
        let text = try SearchOutput.render(results, format: .text, offset: 0, style: TerminalStyle(enabled: false))
        #expect(text.hasSuffix("10 of more than 20 notes — more with --offset 10\n"))
        let json = try SearchOutput.render(results, format: .json, offset: 0, style: TerminalStyle(enabled: false))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["total"] as? Int == 20 && object["totalRelation"] as? String == "gte")
        try kb.knowledgeBase.countMatches(of: &results, text: "reforma", atMost: nil)
        let exact = try SearchOutput.render(results, format: .json, offset: 0, style: TerminalStyle(enabled: false))
        let exactObject = try #require(try JSONSerialization.jsonObject(with: Data(exact.utf8)) as? [String: Any])
        #expect(exactObject["total"] as? Int == 30 && exactObject["totalRelation"] as? String == "eq")
        // The last page of a capped count still offers the next one: there are more notes.
        #expect(SearchOutput.totalLine(shown: 10, offset: 10, of: 20, atLeast: true) == "11–20 of more than 20 notes — more with --offset 20")
        #expect(SearchOutput.totalLine(shown: 10, offset: 10, of: 20) == "11–20 of 20 notes")
        #expect(SearchOutput.totalLine(shown: 1, offset: 3, of: 4) == "4 of 4 notes")
    }

    /// SQLite's virtual-machine steps of the count statement while `body` runs on `connection`:
    /// work, not time. (FTS5's own statements on its shadow tables vary with how its segments
    /// happen to be merged, not with the matches.)
    static func countSteps(on connection: Connection, _ body: () throws -> Void) throws -> Int64 {
        final class Counter: @unchecked Sendable { var steps: Int64 = 0 }
        let counter = Counter()
        let context = Unmanaged.passUnretained(counter).toOpaque()
        sqlite3_trace_v2(connection.handle, UInt32(SQLITE_TRACE_PROFILE), { _, context, statement, _ in
            guard let context, let statement else { return 0 }
            let steps = Int64(sqlite3_stmt_status(OpaquePointer(statement), SQLITE_STMTSTATUS_VM_STEP, 1))
            if String(cString: sqlite3_sql(OpaquePointer(statement))).hasPrefix("SELECT count(*) FROM (SELECT 1 FROM notes_fts") {
                Unmanaged<Counter>.fromOpaque(context).takeUnretainedValue().steps += steps
            }
            return 0
        }, context)
        defer { sqlite3_trace_v2(connection.handle, 0, nil, nil) }
        try body()
        return counter.steps
    }

    @Test("doubling the matches doubles an exact count's work and leaves a capped count's the same")
    func doubling() throws {
        func work(_ notes: Int) throws -> (exact: Int64, capped: Int64) {
            let kb = try Self.knowledgeBase(notes: notes)
            let engine = SearchEngine(connection: kb.connection)
            let query = try SearchQuery("reforma")
            var exact = 0, capped = 0
            let exactSteps = try Self.countSteps(on: kb.connection) { exact = try engine.count(query) }
            let cappedSteps = try Self.countSteps(on: kb.connection) { capped = try engine.count(query, atMost: 50) }
            #expect(exact == notes && capped == 50)
            return (exactSteps, cappedSteps)
        }
        let small = try work(200), large = try work(400)
        let exactRatio = Double(large.exact) / Double(small.exact)
        #expect(exactRatio > 1.8 && exactRatio < 2.2, "exact count: \(small.exact) → \(large.exact) steps")
        #expect(small.capped > 0 && large.capped == small.capped, "capped count: \(small.capped) → \(large.capped) steps")
    }
}
