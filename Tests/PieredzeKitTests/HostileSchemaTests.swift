import Foundation
import PieredzeKit
import PieredzeStorage
import Testing

/// A knowledge base received from someone else must not run their SQL (issue 11, item 13): a
/// schema that is not exactly what Pieredze's migrations build is refused on every open but
/// `check`, which reports it.
@Suite("Databases whose schema was edited are refused")
struct HostileSchemaTests {
    /// The three edits of the issue, and others of the same kind.
    enum Edit: String, CaseIterable, CustomTestStringConvertible {
        case deletingTrigger, slowContentView, idCheckRemoved, extraIndexOnExpression, changedTrigger, droppedIndex

        var testDescription: String { rawValue }

        /// What the refusal names.
        var difference: String {
            switch self {
            case .deletingTrigger: "trigger notes_evil is not Pieredze's"
            case .slowContentView: "view notes_slow is not Pieredze's"
            case .idCheckRemoved: "table notes is not defined as Pieredze defines it"
            case .extraIndexOnExpression: "index notes_evil_index is not Pieredze's"
            case .changedTrigger: "trigger notes_ad is not defined as Pieredze defines it"
            case .droppedIndex: "index notes_country is missing"
            }
        }

        func apply(to path: String) throws {
            var configuration = KnowledgeBase.connectionConfiguration()
            configuration.defensive = false  // to forge the edit through writable_schema
            let connection = try Connection(path: path, mode: .readWrite, configuration: configuration)
            switch self {
            case .deletingTrigger:
                try connection.execute("CREATE TRIGGER notes_evil AFTER INSERT ON notes BEGIN DELETE FROM notes; END")
            case .slowContentView:
                try connection.executeScript("""
                    CREATE VIEW notes_slow AS
                        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000)
                        SELECT n.pk, n.title, n.summary, n.context, n.lesson, n.recommendation, n.body
                        FROM notes n, (SELECT max(x) FROM c);
                    DROP TABLE notes_fts;
                    CREATE VIRTUAL TABLE notes_fts USING fts5 (
                        title, summary, context, lesson, recommendation, body,
                        content="notes_slow", content_rowid="pk", tokenize="latvian");
                    """)
            case .idCheckRemoved:
                try connection.execute("PRAGMA writable_schema = ON")
                try connection.execute("""
                    UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (length(id) BETWEEN 1 AND 200 AND id NOT GLOB ''*[^a-z0-9._-]*'')', '')
                    WHERE type = 'table' AND name = 'notes'
                    """)
                #expect(connection.changes == 1)
                try connection.execute("PRAGMA writable_schema = OFF")
            case .extraIndexOnExpression:
                try connection.execute("CREATE INDEX notes_evil_index ON notes (length(title))")
            case .changedTrigger:
                try connection.execute("DROP TRIGGER notes_ad")
                try connection.execute("CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN DELETE FROM topics; END")
            case .droppedIndex:
                try connection.execute("DROP INDEX notes_country")
            }
        }
    }

    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.url.appendingPathComponent("received.db").path
        let kb = try KnowledgeBase(path: path, access: .create)
        _ = try kb.load([.path(try directory.write("a.md", markdownNote(id: "a-note")))])
    }

    func refusal(_ access: KnowledgeBase.Access) -> KnowledgeBaseError? {
        do {
            _ = try KnowledgeBase(path: path, access: access)
            return nil
        } catch let error as KnowledgeBaseError {
            return error
        } catch {
            Issue.record("expected a KnowledgeBaseError, got \(error)")
            return nil
        }
    }

    @Test("Pieredze's own database opens, with trusted_schema off for reading", arguments: [KnowledgeBase.Access.read, .check, .write])
    func ownDatabaseOpens(access: KnowledgeBase.Access) throws {
        let kb = try KnowledgeBase(path: path, access: access)
        #expect(kb.schemaDifferences == [])
        #expect(try kb.connection.isSchemaTrusted == (access == .write))
    }

    @Test("an edited schema is refused by every read and write open, naming the difference", arguments: Edit.allCases)
    func refused(edit: Edit) throws {
        try edit.apply(to: path)
        // search, list, show and dump open for reading; load, delete and migrate for writing.
        for access in [KnowledgeBase.Access.read, .write, .create] {
            let error = try #require(refusal(access))
            guard case .untrustedSchema(_, let differences) = error else {
                Issue.record("\(access): expected untrustedSchema, got \(error)")
                continue
            }
            #expect(differences.contains(edit.difference), "\(differences)")
            #expect(error.description.contains("the database's schema differs from Pieredze's: "))
            #expect(!error.description.contains("CREATE"))
        }
    }

    @Test("check opens an edited database and reports the difference without running its SQL", arguments: Edit.allCases)
    func checkReports(edit: Edit) throws {
        try edit.apply(to: path)
        let kb = try KnowledgeBase(path: path, access: .check)
        let clock = ContinuousClock()
        let started = clock.now
        let problems = try kb.problems()
        #expect(clock.now - started < .seconds(2))
        #expect(problems.contains("schema: \(edit.difference)"))
    }

    @Test("the deleting trigger never fires: the notes are still there after a refused load")
    func triggerNeverFires() throws {
        try Edit.deletingTrigger.apply(to: path)
        #expect(refusal(.write) != nil)
        let reader = try Connection(path: path, mode: .readOnly)
        #expect(try reader.scalar("SELECT count(*) FROM notes", as: Int.self) == 1)
    }

    @Test("the statistics ANALYZE writes are allowed, as SQLite writes them")
    func analyzeAllowed() throws {
        let connection = try Connection(path: path, mode: .readWrite, configuration: KnowledgeBase.connectionConfiguration())
        try connection.execute("ANALYZE")
        #expect(try KnowledgeBase(path: path, access: .read).schemaDifferences == [])
    }
}
