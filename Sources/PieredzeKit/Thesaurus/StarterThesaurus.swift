import CSQLite
import Foundation
import PieredzeStorage

/// The domain starter set, `seeds/thesaurus.yaml`, compiled into the binary (by the
/// MigrationsPlugin) and written into every new database by migration 0004.
///
/// The migration is SQL, and lookup keys need the stemmer, so the set reaches it through the
/// SQL function `pieredze_starter_thesaurus()`, registered on every Pieredze connection: it
/// returns the checked set as JSON, `[{"note": …, "terms": [{"text", "language", "preferred",
/// "acronym", "key"}, …]}, …]`, which the migration inserts with `json_each`.
public enum StarterThesaurus {
    /// Where the set lives in the source tree (and how problems with it are located).
    public static let fileName = "seeds/thesaurus.yaml"
    public static let sqlFunctionName = "pieredze_starter_thesaurus"

    /// The YAML as compiled in.
    public static var yaml: String { embeddedStarterThesaurusYAML }

    /// The starter set as checked concepts (ids 1, 2, … in file order); throws
    /// `ThesaurusFailure` if the compiled-in file has problems (a test keeps it from shipping so).
    public static func concepts() throws -> [ThesaurusConcept] {
        var problems: [ThesaurusProblem] = []
        let drafts = ThesaurusFile.parseYAML(yaml, file: fileName, problems: &problems)
        guard problems.isEmpty else { throw ThesaurusFailure(problems: problems) }
        let plan = ThesaurusPlan(drafts, existing: Thesaurus(concepts: []))
        guard plan.problems.isEmpty else { throw ThesaurusFailure(problems: plan.problems) }
        return plan.changes.enumerated().map { offset, change in
            guard case .new(let note) = change.target else { return ThesaurusConcept(terms: change.terms) }
            return ThesaurusConcept(id: Int64(offset + 1), note: note, terms: change.terms)
        }
    }

    struct JSONConcept: Encodable {
        var note: String
        var terms: [JSONTerm]
    }

    struct JSONTerm: Encodable {
        var text: String
        var language: String
        var preferred: Int
        var acronym: Int
        var key: String
    }

    /// The set as the migration reads it.
    static func json() throws -> String {
        let concepts = try concepts().map { concept in
            JSONConcept(note: concept.note, terms: concept.terms.map {
                JSONTerm(text: $0.text, language: $0.language.rawValue, preferred: $0.isPreferred ? 1 : 0,
                         acronym: $0.isAcronym ? 1 : 0, key: $0.lookupKey)
            })
        }
        return String(decoding: try JSONEncoder().encode(concepts), as: UTF8.self)
    }

    /// Registers `pieredze_starter_thesaurus()` on `connection`; `KnowledgeBase` does it for
    /// every connection it opens (migration 0004 calls it). The function is direct-only: it
    /// cannot be called from a view or trigger a database file might carry.
    public static func register(on connection: Connection) throws {
        let code = sqlite3_create_function_v2(
            connection.handle, sqlFunctionName, 0, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, nil,
            { context, _, _ in
                switch starterThesaurusJSON {
                case .success(let json):
                    sqlite3_result_text64(context, json, UInt64(json.utf8.count), pieredze_transient(), UInt8(SQLITE_UTF8))
                case .failure(let failure):
                    let message = "the built-in starter thesaurus has problems:\n\(failure)"
                    sqlite3_result_error(context, message, Int32(message.utf8.count))
                }
            }, nil, nil, nil)
        guard code == SQLITE_OK else {
            throw SQLiteError(resultCode: .init(rawValue: code), message: "cannot register \(sqlFunctionName)()")
        }
    }
}

/// Computed once per process, on first use (global `let`s are initialised lazily and safely).
private let starterThesaurusJSON: Result<String, ThesaurusFailure> = {
    do {
        return .success(try StarterThesaurus.json())
    } catch let failure as ThesaurusFailure {
        return .failure(failure)
    } catch {
        return .failure(ThesaurusFailure(problems: [ThesaurusProblem(nil, "\(error)")]))
    }
}()
